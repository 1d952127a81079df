package web

import (
	"context"
	"net/http"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/notify"
)

// myWorkLimit bounds each list of the page.
const myWorkLimit = 50

type myWorkData struct {
	Scope                   string // what "mine" is, in words
	Overdue, Today, Soon    []deadlineView
	Complaints              []deadlineView
	Notices                 []deliveryRow
	OverdueMore, NoticesAll bool
	// ComplaintsMore says the complaints' steps go on past the soonest
	// shown (complaintQueue).
	ComplaintsMore bool
}

// myWork shows a person's own work: the request deadlines they answer for
// (aftersales.Viewer.OwnScope) overdue, due today and due in the next
// seven days; their complaints' open steps; and the notices the scheduler
// put on their desk (notify.Desk).
func (h *Handler) myWork(w http.ResponseWriter, r *http.Request, u *user) {
	if u.Customer {
		http.Redirect(w, r, "/portal", http.StatusSeeOther)
		return
	}
	ctx := r.Context()
	n, who, err := h.namesAndViewer(ctx, u)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	d := myWorkData{Scope: ownScopeLabel(u.Actor, n)}
	now := h.now()
	// Today's deadlines run to 24:00 tonight, the next day's first instant
	// (a deadline "2026-11-03 24:00" is due at 2026-11-04 00:00).
	endOfToday := calendar.DateOf(now).AddDays(1).Start().Add(time.Nanosecond)
	for _, x := range []struct {
		q    aftersales.DeadlineQuery
		into *[]deadlineView
	}{
		{aftersales.DeadlineQuery{OverdueOnly: true}, &d.Overdue},
		{aftersales.DeadlineQuery{DueFrom: now, DueTo: endOfToday}, &d.Today},
		{aftersales.DeadlineQuery{DueFrom: endOfToday, DueTo: endOfToday.Add(7 * 24 * time.Hour)}, &d.Soon},
	} {
		q, ok := who.OwnScope(x.q)
		if !ok {
			break
		}
		q.Limit = myWorkLimit + 1
		items, err := h.cfg.Requests.Deadlines(ctx, q)
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		if len(items) > myWorkLimit {
			items = items[:myWorkLimit]
			d.OverdueMore = d.OverdueMore || x.into == &d.Overdue
		}
		if *x.into, err = h.requestViews(ctx, items, n); err != nil {
			h.failPage(w, r, u, err)
			return
		}
	}
	if d.Complaints, d.ComplaintsMore, err = h.myComplaintSteps(ctx, u, n); err != nil {
		h.failPage(w, r, u, err)
		return
	}
	if h.cfg.Deliveries != nil {
		list, next, err := h.cfg.Deliveries.Deliveries(ctx, DeliveryQuery{Channel: notify.DeskChannel + u.Actor.ID, Limit: recordDeliveryLimit})
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		d.Notices, d.NoticesAll = deliveryRows(list), next == ""
	}
	h.render(w, r, http.StatusOK, "mywork", pageData{Title: "我的工作", User: u, Nav: "my", Data: d})
}

// myComplaintSteps returns the open complaint steps a person answers for:
// all the complaints' for the after-sales roles (the desk registers,
// forwards and answers them, C2.1, C4.1), their department's for a
// department's staff (its C3.1 investigations); the soonest, more when
// there are others (complaintQueue).
func (h *Handler) myComplaintSteps(ctx context.Context, u *user, n *names) (_ []deadlineView, more bool, _ error) {
	if u.Actor.IsAfterSales() {
		return h.complaintQueue(ctx, u, n, false, "")
	}
	if u.Actor.DepartmentID == "" {
		return nil, false, nil
	}
	return h.complaintQueue(ctx, u, n, false, u.Actor.DepartmentID)
}

// ownScopeLabel says, in words, what a person's own work is.
func ownScopeLabel(a aftersales.Actor, n *names) string {
	switch {
	case a.IsAfterSales():
		return n.Dept(aftersales.DeptAfterSales) + "负责的步骤（转达、协调、回访等）"
	case a.Role == aftersales.RoleSpecialist:
		return "您担任专员的项目的期限（G4.3）"
	case a.DepartmentID != "":
		return n.Dept(a.DepartmentID) + "负责的期限"
	}
	return "—"
}
