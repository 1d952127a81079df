package aftersales_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// fx is a test fixture: a Service over a MemStore with a clock the test
// moves, one project with its 项目部 and specialist, and the actors of the
// regulation.
type fx struct {
	t     *testing.T
	ctx   context.Context
	now   time.Time
	store *aftersales.MemStore
	svc   *aftersales.Service
	seq   int
}

const (
	projDept = "项目一部"
	projID   = "P-001"
)

var (
	staff      = aftersales.Actor{ID: "u-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	head       = aftersales.Actor{ID: "u-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	specialist = aftersales.Actor{ID: "u-spec", Name: "孙专员", Role: aftersales.RoleSpecialist, DepartmentID: projDept}
	projStaff  = aftersales.Actor{ID: "u-proj", Name: "周工", Role: aftersales.RoleDepartmentStaff, DepartmentID: projDept}
	procStaff  = aftersales.Actor{ID: "u-proc", Name: "吴采购", Role: aftersales.RoleDepartmentStaff, DepartmentID: aftersales.DeptProcurement}
	customer   = aftersales.Actor{ID: "c-001", Name: "张先生", Role: aftersales.RoleCustomer}
	stranger   = aftersales.Actor{ID: "c-999", Name: "李女士", Role: aftersales.RoleCustomer}
)

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.CST())
}

func newFx(t *testing.T, now time.Time) *fx {
	f := &fx{t: t, ctx: context.Background(), now: now, store: aftersales.NewMemStore()}
	svc, err := aftersales.NewService(aftersales.Config{
		Store:     f.store,
		Clock:     aftersales.ClockFunc(func() time.Time { return f.now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: projID, Name: "滨江花园", Kind: aftersales.Residential, DepartmentID: projDept, SpecialistID: specialist.ID}),
		NewID: func() string {
			f.seq++
			return fmt.Sprintf("AS-%04d", f.seq)
		},
	})
	require.NoError(t, err)
	f.svc = svc
	return f
}

func (f *fx) register(received time.Time, urgent bool) *aftersales.Request {
	f.t.Helper()
	r, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: customer.ID, Name: "张先生", Phone: "13800000000"}, ProjectID: projID,
		Location: "3号楼2单元501", Description: "卫生间顶棚渗水", Attachments: []string{"photo/1.jpg"},
		Channel: aftersales.ChannelPhone, ReceivedAt: received, Cause: aftersales.CauseConstruction, Urgent: urgent}})
	require.NoError(f.t, err)
	return r
}

func (f *fx) forward(id string, when time.Time) *aftersales.Request {
	f.t.Helper()
	r, err := f.svc.Forward(f.ctx, id, aftersales.ForwardCommand{At: when, Actor: staff})
	require.NoError(f.t, err)
	return r
}

func (f *fx) plan(id, dept string, c aftersales.Complexity, when time.Time) *aftersales.Request {
	f.t.Helper()
	r, err := f.svc.Plan(f.ctx, id, aftersales.PlanCommand{Department: dept, At: when, Actor: staff, Plan: aftersales.Plan{
		Measures: "拆除吊顶，修补防水层", ScheduledAt: when.Add(24 * time.Hour), Owner: "周工", Complexity: c}})
	require.NoError(f.t, err)
	return r
}

func (f *fx) complete(id, dept string, when time.Time) *aftersales.Request {
	f.t.Helper()
	r, err := f.svc.Complete(f.ctx, id, aftersales.CompleteCommand{Department: dept, Result: "防水层已修复，闭水试验合格", At: when, Actor: staff})
	require.NoError(f.t, err)
	return r
}

func (f *fx) accept(id string, when time.Time) *aftersales.Request {
	f.t.Helper()
	r, err := f.svc.Accept(f.ctx, id, aftersales.AcceptCommand{At: when, Actor: customer,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "sig/1.png"}})
	require.NoError(f.t, err)
	return r
}

func (f *fx) visit(id string, when time.Time) *aftersales.Request {
	f.t.Helper()
	r, err := f.svc.Visit(f.ctx, id, aftersales.VisitCommand{At: when, Actor: staff,
		Visit: aftersales.Visit{Satisfaction: 5, Suggestions: "响应及时", VisitedBy: "赵敏"}})
	require.NoError(f.t, err)
	return r
}

// deadline returns the request's deadline of clause's main step (and
// department) in the given round.
func deadline(t *testing.T, r *aftersales.Request, c aftersales.Clause, dept string, round int) aftersales.Deadline {
	t.Helper()
	return stepDeadline(t, r, c, "", dept, round)
}

// stepDeadline returns the request's live deadline of clause and step
// (and department) in the given round.
func stepDeadline(t *testing.T, r *aftersales.Request, c aftersales.Clause, step, dept string, round int) aftersales.Deadline {
	t.Helper()
	for _, d := range r.Deadlines {
		if d.Clause == c && d.Step == step && d.Department == dept && d.Round == round && !d.Cancelled {
			return d
		}
	}
	t.Fatalf("no %s %q deadline for %q round %d in %+v", c, step, dept, round, r.Deadlines)
	return aftersales.Deadline{}
}

// requireUnchanged checks that a refused command wrote nothing.
func (f *fx) requireUnchanged(before *aftersales.Request) {
	f.t.Helper()
	after, err := f.svc.Get(f.ctx, before.ID)
	require.NoError(f.t, err)
	require.Equal(f.t, before, after)
	h, err := f.svc.History(f.ctx, before.ID)
	require.NoError(f.t, err)
	require.Len(f.t, h, before.Version)
}
