package notify

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/staff"
)

// MailSender mails a notice to one person; *Mailer is one.
type MailSender interface {
	Mail(ctx context.Context, to Recipient, n scheduler.Notification) error
}

// Router is the scheduler.Notifier that tells people: for each notice it
// finds who is responsible (Recipients) and sends it by every channel
// configured — an e-mail to each of them that has an address, the
// company's group robots, and the robots of the departments concerned.
//
// A channel that fails does not stop the others. Router remembers which
// channels a notice's key reached — in its DeliveryLog, durably, when it
// has one, else in this process — so that when the scheduler notifies
// the notice again (after a failure, a robot's deferral or a restart)
// only the channels it has not reached are tried; Notify returns nil once
// all are reached. Failures and deferrals are returned joined (see
// scheduler.IsDeferred).
type Router struct {
	// Org reads the organisation (staff.Service.Organisation), which says
	// who the people are. Nil: notices go to the robots only.
	Org func(ctx context.Context) (*staff.Organisation, error)
	// Chain is the complaint escalation chain
	// (complaint.Service.Policy().Chain), naming who is at each C4.2
	// level. Nil: complaint.DefaultPolicy's.
	Chain func() []complaint.Level
	// Robots get every notice: the company's digest.
	Robots []scheduler.Notifier
	// DeptRobots get, per department ID, the notices that department
	// owes (for the after-sales department, those of after_sales too).
	DeptRobots map[string][]scheduler.Notifier
	Mail       MailSender // nil: no e-mail
	// Health, if set, records each channel's outcome (the company's
	// robots by number, a department's by department, e-mail as one).
	Health *Health
	// Log, if set, is the outbox: each delivery is written before its
	// channel is tried and updated with the outcome (a failure's reason as
	// Health redacts it, so set Health too), and what a notice reached is
	// read from it. Nil: remembered in this process only.
	Log DeliveryLog
	// Now is the clock of the delivery log; nil: time.Now.
	Now func() time.Time

	mu     sync.Mutex
	done   map[string]map[string]time.Time // key → channel → when it was reached
	pruned time.Time
}

// Recipients returns the active people responsible for notice n, in the
// organisation o, and the departments it concerns:
//
//   - a notice owed by a department (its Owner): the department's people
//     and its head; for after_sales, the departments of kind after_sales
//     and everyone with the after-sales head or staff role;
//   - a notice about a project (Project): the project's filed specialist
//     (G4.3);
//   - a request escalated to the after-sales department (P3.3) or a pause
//     past its limit (G3.3): the after-sales head too (G4.2);
//   - a complaint escalated to the next level (C4.2): the people in that
//     level's role in the chain (the after-sales head, the general
//     manager);
//   - a notice that reaches nobody by these rules (a department with no
//     people on file): the after-sales head, or else the after-sales
//     department, so that it is not lost.
func (r *Router) Recipients(o *staff.Organisation, n scheduler.Notification) (people []staff.Person, departments []string) {
	seen := map[string]bool{}
	add := func(p staff.Person) {
		if p.Active && !seen[p.ID] {
			seen[p.ID] = true
			people = append(people, p)
		}
	}
	addID := func(id string) {
		if p, ok := o.Person(id); ok {
			add(p)
		}
	}
	addRole := func(role aftersales.Role) {
		for _, p := range o.People {
			if p.Role == role {
				add(p)
			}
		}
	}
	if level, ok := r.level(n); ok {
		addRole(level.Role)
	} else {
		departments = ownerDepartments(o, n.Owner)
		for _, d := range departments {
			for _, p := range o.People {
				if p.DepartmentID == d {
					add(p)
				}
			}
			for _, x := range o.Departments {
				if x.ID == d && x.HeadID != "" {
					addID(x.HeadID)
				}
			}
		}
		if n.Owner == aftersales.DeptAfterSales {
			addRole(aftersales.RoleAfterSalesHead)
			addRole(aftersales.RoleAfterSalesStaff)
		}
	}
	if n.Project != "" {
		if id, ok := o.Specialist(n.Project); ok {
			addID(id)
		}
	}
	if n.Clause == string(scheduler.ClauseP3_3) || n.Clause == string(aftersales.ClauseG3_3) {
		if h, ok := o.Head(); ok {
			add(h)
		}
	}
	if len(people) == 0 {
		if h, ok := o.Head(); ok {
			add(h)
		} else {
			addRole(aftersales.RoleAfterSalesStaff)
		}
	}
	return people, departments
}

// level returns the chain level a C4.2 notice goes to, if it names one
// with a role.
func (r *Router) level(n scheduler.Notification) (complaint.Level, bool) {
	if n.Clause != string(scheduler.ClauseC4_2) {
		return complaint.Level{}, false
	}
	chain := complaint.DefaultPolicy().Chain
	if r.Chain != nil {
		chain = r.Chain()
	}
	for _, l := range chain {
		if l.ID == n.Owner && l.Role != "" {
			return l, true
		}
	}
	return complaint.Level{}, false
}

// ownerDepartments returns the departments that stand for owner: the
// department of that ID, and for after_sales every open department of
// kind after_sales.
func ownerDepartments(o *staff.Organisation, owner string) []string {
	var out []string
	for _, d := range o.Departments {
		if d.ID == owner || (owner == aftersales.DeptAfterSales && d.Kind == aftersales.DeptKindAfterSales && !d.Closed) {
			out = append(out, d.ID)
		}
	}
	if owner != "" && !slices.Contains(out, owner) {
		out = append(out, owner) // a well-known ID before the organisation names it
	}
	return out
}

// channel is one place a notice goes; health names it in Health.
type channel struct {
	id     string
	health string
	send   func(ctx context.Context) error
}

// Notify sends n by every channel that has not yet reached it; see
// Router.
func (r *Router) Notify(ctx context.Context, n scheduler.Notification) error {
	chans, err := r.channels(ctx, n)
	if err != nil {
		return err
	}
	var errs []error
	// Each channel's outcome for Health, once per notice: a channel that
	// several sends share (e-mail, one per person) fails only when every
	// one of them failed, so that one bad address does not make the mail
	// server look down; a deferral (a robot's rate limit) is no failure.
	outcome := map[string]error{}
	var order []string
	var reached map[string]bool
	if r.Log != nil {
		if reached, err = r.Log.Reached(ctx, n.Key); err != nil {
			return fmt.Errorf("读取通知送达记录：%w", err)
		}
	}
	for _, c := range chans {
		if reached[c.id] || r.reached(n.Key, c.id) {
			continue
		}
		var d Delivery
		if r.Log != nil {
			d = delivery(n, c, r.now())
			ok, err := r.Log.Try(ctx, d)
			if err != nil {
				errs = append(errs, fmt.Errorf("记录通知送达：%w", err))
				continue
			}
			if !ok {
				continue // sent meanwhile, by another instance
			}
		}
		err := c.send(ctx)
		if _, seen := outcome[c.health]; !seen {
			order = append(order, c.health)
			outcome[c.health] = err
		} else if err == nil {
			outcome[c.health] = nil
		}
		if err != nil && r.Health != nil {
			err = redacted{err: err, msg: r.Health.clean(err.Error())}
		}
		if r.Log != nil {
			d.At = r.now()
			switch {
			case err == nil:
				d.State, d.SentAt = DeliverySent, d.At
			case isDeferred(err):
				d.State, d.Error = DeliveryWaiting, err.Error()
			default:
				d.State, d.Error = DeliveryFailed, err.Error()
			}
			if lerr := r.Log.Done(context.WithoutCancel(ctx), d); lerr != nil && err == nil {
				// Sent, but not written: remembered here, so that this
				// process does not send it again.
				r.mark(n.Key, c.id)
				errs = append(errs, fmt.Errorf("记录通知送达：%w", lerr))
				continue
			}
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r.Log == nil {
			r.mark(n.Key, c.id)
		}
	}
	if r.Health != nil {
		for _, name := range order {
			if err := outcome[name]; err == nil || !isDeferred(err) {
				r.Health.Record(name, err)
			}
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	r.mu.Lock()
	delete(r.done, n.Key)
	r.mu.Unlock()
	return nil
}

// now is the delivery log's clock.
func (r *Router) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// channels lists where n goes.
func (r *Router) channels(ctx context.Context, n scheduler.Notification) ([]channel, error) {
	var out []channel
	names := r.robotNames()
	// A robot's channel ID is its name, which the configuration fixes, so
	// that the delivery log knows it again after a restart; one robot under
	// two departments has one name, and is one channel.
	robot := func(name string, x scheduler.Notifier) {
		if v := reflect.ValueOf(x); v.Kind() == reflect.Pointer {
			if canonical, ok := names[v.Pointer()]; ok {
				name = canonical
			}
		}
		out = append(out, channel{id: "robot:" + name, health: name, send: func(ctx context.Context) error { return x.Notify(ctx, n) }})
	}
	for i, x := range r.Robots {
		robot(fmt.Sprintf("%s %d", robotName(x), i+1), x)
	}
	o := &staff.Organisation{}
	if r.Org != nil {
		var err error
		if o, err = r.Org(ctx); err != nil {
			return nil, fmt.Errorf("读取组织架构：%w", err)
		}
	}
	people, depts := r.Recipients(o, n)
	robotDepts := depts
	if n.Owner == aftersales.DeptAfterSales && !slices.Contains(robotDepts, n.Owner) {
		robotDepts = append(robotDepts, n.Owner)
	}
	for _, d := range robotDepts {
		for i, x := range r.DeptRobots[d] {
			robot(fmt.Sprintf("%s（%s）%d", robotName(x), d, i+1), x)
		}
	}
	if r.Mail != nil {
		for _, p := range people {
			if p.Email == "" {
				continue
			}
			to := Recipient{ID: p.ID, Name: p.Name, Email: p.Email}
			out = append(out, channel{id: "mail:" + p.Email, health: "邮件", send: func(ctx context.Context) error { return r.Mail.Mail(ctx, to, n) }})
		}
	}
	return dedupe(out), nil
}

// redacted is a channel's error as the log and the scheduler see it: its
// text without the settings' secrets (Health.clean), the error itself
// underneath for errors.Is and errors.As (a deferral stays one).
type redacted struct {
	err error
	msg string
}

func (e redacted) Error() string { return e.msg }
func (e redacted) Unwrap() error { return e.err }

// robotNames names each robot once, by pointer, for Health: the company's
// robots by number, then each department's (in the order of the
// departments' IDs) by department and number; a robot listed twice keeps
// its first name.
func (r *Router) robotNames() map[uintptr]string {
	names := map[uintptr]string{}
	name := func(x scheduler.Notifier, n string) {
		if v := reflect.ValueOf(x); v.Kind() == reflect.Pointer {
			if _, ok := names[v.Pointer()]; !ok {
				names[v.Pointer()] = n
			}
		}
	}
	for i, x := range r.Robots {
		name(x, fmt.Sprintf("%s %d", robotName(x), i+1))
	}
	for _, d := range slices.Sorted(maps.Keys(r.DeptRobots)) {
		for i, x := range r.DeptRobots[d] {
			name(x, fmt.Sprintf("%s（%s）%d", robotName(x), d, i+1))
		}
	}
	return names
}

// WatchDigests has every robot that posts digests later, on its timer
// (Robot.SetReport), tell Health how each went, under the robot's name in
// Health. Call it once Health is set.
func (r *Router) WatchDigests() {
	if r.Health == nil {
		return
	}
	names := r.robotNames()
	for _, x := range append(slices.Clone(r.Robots), slices.Concat(slices.Collect(maps.Values(r.DeptRobots))...)...) {
		rep, ok := x.(interface{ SetReport(func(error)) })
		v := reflect.ValueOf(x)
		if !ok || v.Kind() != reflect.Pointer {
			continue
		}
		name, h := names[v.Pointer()], r.Health
		rep.SetReport(func(err error) { h.Record(name, err) })
	}
}

// isDeferred reports whether err asks the scheduler to wait (a robot's
// rate limit, quiet hours), which is no failure of the channel.
func isDeferred(err error) bool {
	_, ok := scheduler.IsDeferred(err)
	return ok
}

// robotName names a robot in Health: its own name, or "群机器人".
func robotName(x scheduler.Notifier) string {
	if r, ok := x.(interface{ Name() string }); ok && r.Name() != "" {
		return r.Name()
	}
	return "群机器人"
}

// dedupe drops a channel listed twice: a robot configured for two of the
// departments a notice concerns posts it once, and two people with one
// address get one e-mail.
func dedupe(cs []channel) []channel {
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		if !seen[c.id] {
			seen[c.id] = true
			out = append(out, c)
		}
	}
	return out
}

// reached reports whether channel id has delivered key.
func (r *Router) reached(key, id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.done[key][id]
	return ok
}

// mark records that channel id delivered key, forgetting records older
// than 30 days.
func (r *Router) mark(key, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if r.done == nil {
		r.done = map[string]map[string]time.Time{}
	}
	if r.done[key] == nil {
		r.done[key] = map[string]time.Time{}
	}
	r.done[key][id] = now
	if now.Sub(r.pruned) < time.Hour {
		return
	}
	r.pruned = now
	for k, m := range r.done {
		for c, at := range m {
			if now.Sub(at) > 30*24*time.Hour {
				delete(m, c)
			}
		}
		if len(m) == 0 {
			delete(r.done, k)
		}
	}
}
