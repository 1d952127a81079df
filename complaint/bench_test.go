package complaint_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// The benchmarks' data: cxBenchCurrent complaints received in October 2026
// and cxBenchPrevious in September, cloned from a few hundred templates
// that were driven through a real Service, and a report made on 6 November.
const (
	cxBenchCurrent           = 100_000
	cxBenchPrevious          = 10_000
	cxBenchTemplatesCurrent  = 300
	cxBenchTemplatesPrevious = 40
	cxBenchComplainants      = 70_000 // so that many complainants repeat
)

var (
	cxBenchMonth = complaint.Month{Year: 2026, Month: time.October}
	cxBenchNow   = cxAt(2026, 11, 6, 10, 0)
)

// cxBenchData is a MemStore filled with the benchmarks' complaints, a
// Service over it, and the complaints of the two months as Service.Report
// lists them.
type cxBenchData struct {
	store     *complaint.MemStore
	svc       *complaint.Service
	cur, prev []*complaint.Complaint
}

var (
	cxBenchOnce sync.Once
	cxBenchD    *cxBenchData
	cxBenchErr  error
)

// cxBenchSetup builds the data once per test binary.
func cxBenchSetup(b *testing.B) *cxBenchData {
	b.Helper()
	cxBenchOnce.Do(func() { cxBenchD, cxBenchErr = cxBuildBenchData() })
	if cxBenchErr != nil {
		b.Fatal(cxBenchErr)
	}
	return cxBenchD
}

func cxBuildBenchData() (*cxBenchData, error) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2026, 10))
	cur, err := cxBenchTemplates(rng, cxBenchMonth, cxBenchTemplatesCurrent)
	if err != nil {
		return nil, err
	}
	prev, err := cxBenchTemplates(rng, cxBenchMonth.Prev(), cxBenchTemplatesPrevious)
	if err != nil {
		return nil, err
	}
	store := complaint.NewMemStore()
	seq := 0
	fill := func(templates [][]complaint.Event, n int) error {
		for i := range n {
			seq++
			events := cxBenchClone(rng, templates[i%len(templates)], fmt.Sprintf("TS-%08d", seq))
			c, err := complaint.Replay(events)
			if err != nil {
				return err
			}
			if err := store.Save(ctx, c, events); err != nil {
				return err
			}
		}
		return nil
	}
	if err := fill(prev, cxBenchPrevious); err != nil {
		return nil, err
	}
	if err := fill(cur, cxBenchCurrent); err != nil {
		return nil, err
	}
	svc, err := complaint.NewService(complaint.Config{Store: store, Clock: aftersales.ClockFunc(func() time.Time { return cxBenchNow })})
	if err != nil {
		return nil, err
	}
	d := &cxBenchData{store: store, svc: svc}
	if d.cur, err = store.List(ctx, complaint.Query{ReceivedFrom: cxBenchMonth.Start(), ReceivedTo: cxBenchMonth.End()}); err != nil {
		return nil, err
	}
	if d.prev, err = store.List(ctx, complaint.Query{ReceivedFrom: cxBenchMonth.Prev().Start(), ReceivedTo: cxBenchMonth.Start()}); err != nil {
		return nil, err
	}
	if len(d.cur) != cxBenchCurrent || len(d.prev) != cxBenchPrevious {
		return nil, fmt.Errorf("listed %d and %d complaints, want %d and %d", len(d.cur), len(d.prev), cxBenchCurrent, cxBenchPrevious)
	}
	return d, nil
}

// cxPick returns the index of a weight chosen at random.
func cxPick(rng *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// cxBetween returns a random duration in [lo, hi).
func cxBetween(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(rng.Int64N(int64(hi-lo)))
}

// cxBenchTemplates drives n complaints received in month through a Service,
// each on its own clock, with a realistic mix of types, causes, majors,
// third parties, outcomes, escalations and delays (deadlines met and
// missed), stopping each where the report date cxBenchNow finds it. It
// returns their histories.
func cxBenchTemplates(rng *rand.Rand, month complaint.Month, n int) ([][]complaint.Event, error) {
	ctx := context.Background()
	var now time.Time
	svc, err := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now })})
	if err != nil {
		return nil, err
	}
	types := []complaint.Type{complaint.TypeQuality, complaint.TypeService, complaint.TypeDelay, complaint.TypeCharge, complaint.TypeOther}
	causes := []aftersales.Cause{"", aftersales.CauseConstruction, aftersales.CauseMaterial, aftersales.CauseDesign, aftersales.CauseOther,
		aftersales.CauseMisuse, aftersales.CauseThirdParty, aftersales.CauseForceMajeure}
	channels := []aftersales.Channel{aftersales.ChannelPhone, aftersales.ChannelEmail, aftersales.ChannelWeChat, aftersales.ChannelOnSite}
	criteria := []string{"safety", "group", "media", "legal", "repeat", "amount"}
	depts := []string{"工程部", "项目一部", "项目二部", "物资采购部", "设计部"}
	days := month.LastDay().Day
	out := make([][]complaint.Event, 0, n)
	for range n {
		received := month.Start().AddDate(0, 0, rng.IntN(days)).Add(cxBetween(rng, 8*time.Hour, 19*time.Hour))
		now = received.Add(cxBetween(rng, time.Minute, 30*time.Minute))
		dept := depts[rng.IntN(len(depts))]
		deptStaff := aftersales.Actor{ID: "u-" + dept, Role: aftersales.RoleDepartmentStaff, DepartmentID: dept}
		major := rng.IntN(100) < 8
		reg := complaint.RegisterCommand{Actor: cxStaff, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: "template", Name: "模板"}, ProjectID: fmt.Sprintf("P-%03d", rng.IntN(40)),
			Type: types[cxPick(rng, 40, 20, 20, 10, 10)], Cause: causes[cxPick(rng, 20, 35, 15, 10, 8, 5, 4, 3)],
			Description: "客户投诉", Channel: channels[rng.IntN(len(channels))], ReceivedAt: received}}
		if rng.IntN(100) < 15 {
			reg.Actor = cxGM
		}
		if major {
			reg.Actor, reg.Major = cxHead, true
			reg.Criteria = []string{criteria[rng.IntN(len(criteria))]}
		}
		c, err := svc.Register(ctx, reg)
		if err != nil {
			return nil, err
		}
		// outcome: 0 registered, 1 withdrawn, 2 investigating, 3 answered,
		// 4 unresolved, 5 resolved
		outcome := cxPick(rng, 5, 5, 12, 10, 5, 63)
		escalations := []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2}[rng.IntN(12)]
		if outcome == 4 {
			escalations = 3
		}
		// step runs a command after a delay, unless the report date comes
		// first; it reports whether the complaint moved on.
		step := func(delay time.Duration, run func() (*complaint.Complaint, error)) (bool, error) {
			if now.Add(delay).After(cxBenchNow) {
				return false, nil
			}
			now = now.Add(delay)
			next, err := run()
			if err != nil {
				return false, err
			}
			c = next
			return true, nil
		}
		say := func(text string, a aftersales.Actor) complaint.StepCommand {
			return complaint.StepCommand{Text: text, Actor: a, Version: c.Version}
		}
		err = func() error {
			if major {
				emergency := cxBetween(rng, 20*time.Minute, 90*time.Minute)
				if rng.IntN(5) == 0 {
					emergency = cxBetween(rng, 3*time.Hour, 8*time.Hour) // late
				}
				if _, err := step(emergency, func() (*complaint.Complaint, error) {
					return svc.StartEmergency(ctx, c.ID, say("启动应急预案", cxStaff))
				}); err != nil {
					return err
				}
				if _, err := step(cxBetween(rng, 2*time.Hour, 4*24*time.Hour), func() (*complaint.Complaint, error) {
					return svc.GiveMajorFeedback(ctx, c.ID, say("已告知客户处理进展", cxStaff))
				}); err != nil {
					return err
				}
			}
			if outcome == 0 {
				return nil
			}
			forward := cxBetween(rng, 10*time.Minute, 5*time.Hour)
			if rng.IntN(4) == 0 {
				forward = cxBetween(rng, 24*time.Hour, 3*24*time.Hour) // often late
			}
			if outcome == 1 && rng.IntN(2) == 0 {
				_, err := step(forward, func() (*complaint.Complaint, error) {
					return svc.Withdraw(ctx, c.ID, say("已协商解决", cxCustomerOf(c)))
				})
				return err
			}
			if ok, err := step(forward, func() (*complaint.Complaint, error) {
				return svc.Forward(ctx, c.ID, complaint.ForwardCommand{Department: dept, Actor: cxStaff, Version: c.Version})
			}); !ok || err != nil {
				return err
			}
			if rng.IntN(10) < 3 {
				if _, err := step(cxBetween(rng, time.Hour, 2*24*time.Hour), func() (*complaint.Complaint, error) {
					return svc.RecordStatement(ctx, c.ID, say("希望尽快处理并赔偿", cxStaff))
				}); err != nil {
					return err
				}
			}
			if rng.IntN(100) < 6 {
				if ok, err := step(cxBetween(rng, 4*time.Hour, 2*24*time.Hour), func() (*complaint.Complaint, error) {
					return svc.CommissionThirdParty(ctx, c.ID, complaint.ThirdPartyCommand{Agency: "质量检测中心", Scope: "质量鉴定", Actor: deptStaff, Version: c.Version})
				}); ok && err == nil {
					if _, err := step(cxBetween(rng, 2*24*time.Hour, 6*24*time.Hour), func() (*complaint.Complaint, error) {
						return svc.RecordThirdPartyReport(ctx, c.ID, complaint.ThirdPartyReportCommand{ReportRef: "鉴定报告", Conclusion: "施工质量问题", Actor: deptStaff, Version: c.Version})
					}); err != nil {
						return err
					}
				} else if err != nil {
					return err
				}
			}
			if outcome == 1 {
				_, err := step(cxBetween(rng, time.Hour, 3*24*time.Hour), func() (*complaint.Complaint, error) {
					return svc.Withdraw(ctx, c.ID, say("不再追究", cxCustomerOf(c)))
				})
				return err
			}
			if outcome == 2 && rng.IntN(2) == 0 {
				return nil // not even planned yet
			}
			if ok, err := step(cxBetween(rng, 4*time.Hour, 6*24*time.Hour), func() (*complaint.Complaint, error) {
				return svc.Plan(ctx, c.ID, complaint.PlanCommand{Actor: deptStaff, Version: c.Version,
					Plan: complaint.Plan{Findings: "核实属实", Measures: "返工处理", Owner: "责任人"}})
			}); !ok || err != nil || outcome == 2 {
				return err
			}
			owners := []aftersales.Actor{deptStaff, cxHead, cxGM}
			for level := 0; ; level++ {
				if ok, err := step(cxBetween(rng, 24*time.Hour, 12*24*time.Hour), func() (*complaint.Complaint, error) {
					return svc.Answer(ctx, c.ID, say("处理结果", owners[level]))
				}); !ok || err != nil {
					return err
				}
				if outcome == 3 && level == escalations {
					return nil
				}
				react := cxBetween(rng, 2*time.Hour, 3*24*time.Hour)
				if level == escalations {
					_, err := step(react, func() (*complaint.Complaint, error) { return svc.Satisfied(ctx, c.ID, say("满意", cxStaff)) })
					return err
				}
				if ok, err := step(react, func() (*complaint.Complaint, error) {
					return svc.NotSatisfied(ctx, c.ID, say("不满意", cxStaff))
				}); !ok || err != nil || c.Status == complaint.StatusUnresolved {
					return err
				}
			}
		}()
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", c.ID, err)
		}
		h, err := svc.History(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// cxCustomerOf is c's complainant as an actor.
func cxCustomerOf(c *complaint.Complaint) aftersales.Actor {
	return aftersales.Actor{ID: c.Complainant.ID, Name: c.Complainant.Name, Role: aftersales.RoleCustomer}
}

// cxBenchClone copies a template's history under a new ID, with a complainant
// drawn from a pool and every time moved by up to two hours (kept in the
// template's month), so that met and missed deadlines stay what they were.
func cxBenchClone(rng *rand.Rand, template []complaint.Event, id string) []complaint.Event {
	reg := *template[0].Registration
	shift := cxBetween(rng, -2*time.Hour, 2*time.Hour)
	if complaint.MonthOf(reg.ReceivedAt.Add(shift)) != complaint.MonthOf(reg.ReceivedAt) {
		shift = 0
	}
	k := rng.IntN(cxBenchComplainants)
	reg.Complainant = aftersales.Customer{ID: fmt.Sprintf("C-%06d", k), Name: fmt.Sprintf("客户%d", k), Phone: fmt.Sprintf("138%08d", k)}
	if k%10 == 0 { // known by phone only
		reg.Complainant.ID = ""
	}
	reg.ReceivedAt = reg.ReceivedAt.Add(shift)
	out := make([]complaint.Event, len(template))
	for i, e := range template {
		e.ComplaintID = id
		e.At, e.RecordedAt = e.At.Add(shift), e.RecordedAt.Add(shift)
		if i == 0 {
			e.Registration = &reg
		}
		if e.Major != nil {
			m := *e.Major
			m.At = m.At.Add(shift)
			e.Major = &m
		}
		if e.Plan != nil {
			p := *e.Plan
			p.At = p.At.Add(shift)
			e.Plan = &p
		}
		if e.ThirdParty != nil {
			tp := *e.ThirdParty
			tp.Commissioned = tp.Commissioned.Add(shift)
			e.ThirdParty = &tp
		}
		if e.Deadlines != nil {
			ds := make([]aftersales.Deadline, len(e.Deadlines))
			for j, d := range e.Deadlines {
				d.From, d.Due = d.From.Add(shift), d.Due.Add(shift)
				ds[j] = d
			}
			e.Deadlines = ds
		}
		out[i] = e
	}
	return out
}

// BenchmarkMonthlyReport100k measures Service.Report of a month of 100,000
// complaints over a MemStore that also holds the previous month's 10,000:
// the listing (store cost) and BuildReport.
func BenchmarkMonthlyReport100k(b *testing.B) {
	d := cxBenchSetup(b)
	ctx := context.Background()
	r, err := d.svc.Report(ctx, cxBenchMonth)
	if err != nil {
		b.Fatal(err)
	}
	if r.Total != cxBenchCurrent || r.VsPrevious.Previous != cxBenchPrevious || r.Partial {
		b.Fatalf("report of %d complaints against %d, partial %v", r.Total, r.VsPrevious.Previous, r.Partial)
	}
	runtime.GC() // the setup's garbage is not the report's
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.svc.Report(ctx, cxBenchMonth); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildReport100k measures BuildReport alone on the complaints
// listed beforehand, to tell its cost from the store's.
func BenchmarkBuildReport100k(b *testing.B) {
	d := cxBenchSetup(b)
	cal, p := calendar.China(), complaint.DefaultPolicy()
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := complaint.BuildReport(cxBenchMonth, d.cur, d.prev, cxBenchNow, cal, p)
		if r.Total != cxBenchCurrent {
			b.Fatal(r.Total)
		}
	}
}

// TestBenchDataIsVaried checks, on a small scale, that the benchmarks'
// templates cover what the report counts.
func TestBenchDataIsVaried(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 10))
	templates, err := cxBenchTemplates(rng, cxBenchMonth, cxBenchTemplatesCurrent)
	if err != nil {
		t.Fatal(err)
	}
	var cs []*complaint.Complaint
	for i, tmpl := range templates {
		c, err := complaint.Replay(cxBenchClone(rng, tmpl, fmt.Sprintf("TS-%08d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if complaint.MonthOf(c.ReceivedAt) != cxBenchMonth {
			t.Fatalf("%s received %v", c.ID, c.ReceivedAt)
		}
		cs = append(cs, c)
	}
	r := complaint.BuildReport(cxBenchMonth, cs, nil, cxBenchNow, calendar.China(), complaint.DefaultPolicy())
	t.Logf("outcomes %v, major %d, escalations %d, flagged %d, types %v", r.ByOutcome, r.Major, r.Escalations, r.Flagged, r.ByType)
	if len(r.ByOutcome) != 6 || len(r.ByType) != 5 || r.Major == 0 || r.Escalated == 0 || r.Flagged == 0 {
		t.Fatalf("not varied enough: %+v", r)
	}
	for _, cr := range r.OnTime {
		t.Logf("%s met %d missed %d open %d", cr.Clause, cr.Met, cr.Missed, cr.Open)
		if cr.Met == 0 || cr.Missed == 0 {
			t.Fatalf("%s: deadlines not both met and missed: %+v", cr.Clause, cr)
		}
	}
}
