package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// inStatus builds a request in the given status.
func inStatus(t *testing.T, s aftersales.Status) (*fx, *aftersales.Request) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), true)
	if s == aftersales.StatusRegistered {
		return f, r
	}
	if s == aftersales.StatusWithdrawn {
		r, err := f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Reason: "不需要了", Actor: customer})
		require.NoError(t, err)
		return f, r
	}
	f.forward(r.ID, time.Time{})
	r = f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	if s == aftersales.StatusInProgress {
		return f, r
	}
	f.now = at(2026, 11, 3, 9, 0)
	r = f.complete(r.ID, projDept, time.Time{})
	if s == aftersales.StatusAwaitingAcceptance {
		return f, r
	}
	f.now = at(2026, 11, 4, 9, 0)
	r = f.accept(r.ID, time.Time{})
	if s == aftersales.StatusAccepted {
		return f, r
	}
	f.now = at(2026, 11, 5, 9, 0)
	return f, f.visit(r.ID, time.Time{})
}

// TestEveryStatusTimesEveryCommand runs each command, well formed and by an
// actor who may issue it, in each status: it is either allowed, or refused
// with a not-allowed error and nothing written.
func TestEveryStatusTimesEveryCommand(t *testing.T) {
	type cmd func(f *fx, id string) error
	commands := map[string]cmd{
		"forward": func(f *fx, id string) error {
			_, err := f.svc.Forward(f.ctx, id, aftersales.ForwardCommand{Departments: []string{aftersales.DeptDesign}, Actor: staff})
			return err
		},
		"urgent": func(f *fx, id string) error {
			_, err := f.svc.HandleUrgent(f.ctx, id, aftersales.UrgentCommand{Measures: "临时封堵", Actor: projStaff})
			return err
		},
		"plan": func(f *fx, id string) error {
			_, err := f.svc.Plan(f.ctx, id, aftersales.PlanCommand{Department: projDept, Actor: projStaff,
				Plan: aftersales.Plan{Measures: "修补", ScheduledAt: f.now, Owner: "周工", Complexity: aftersales.Complex}})
			return err
		},
		"reclassify": func(f *fx, id string) error {
			_, err := f.svc.Reclassify(f.ctx, id, aftersales.ReclassifyCommand{Department: projDept, Complexity: aftersales.Complex, Reason: "复杂", Actor: head})
			return err
		},
		"escalate": func(f *fx, id string) error {
			_, err := f.svc.Escalate(f.ctx, id, aftersales.EscalateCommand{Department: projDept, Reason: "缺材料", Actor: projStaff})
			return err
		},
		"complete": func(f *fx, id string) error {
			_, err := f.svc.Complete(f.ctx, id, aftersales.CompleteCommand{Department: projDept, Result: "已修复", Actor: projStaff})
			return err
		},
		"accept": func(f *fx, id string) error {
			_, err := f.svc.Accept(f.ctx, id, aftersales.AcceptCommand{Actor: customer, Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "s.png"}})
			return err
		},
		"reject": func(f *fx, id string) error {
			_, err := f.svc.Reject(f.ctx, id, aftersales.RejectCommand{Reason: "不合格", Actor: customer})
			return err
		},
		"visit": func(f *fx, id string) error {
			_, err := f.svc.Visit(f.ctx, id, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}})
			return err
		},
		"withdraw": func(f *fx, id string) error {
			_, err := f.svc.Withdraw(f.ctx, id, aftersales.WithdrawCommand{Reason: "不需要了", Actor: customer})
			return err
		},
		"feedback": func(f *fx, id string) error {
			_, err := f.svc.Feedback(f.ctx, id, aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: projDept,
				Channel: aftersales.ChannelPhone, Summary: "已电话告知处理结果", Actor: projStaff})
			return err
		},
		"coordinate": func(f *fx, id string) error {
			_, err := f.svc.Coordinate(f.ctx, id, aftersales.CoordinateCommand{Department: projDept, Coordinator: head.ID,
				Measures: "协调设计部出图", Actor: head})
			return err
		},
		"pause": func(f *fx, id string) error {
			_, err := f.svc.Pause(f.ctx, id, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户", Actor: staff})
			return err
		},
		"resume": func(f *fx, id string) error {
			_, err := f.svc.Resume(f.ctx, id, aftersales.ResumeCommand{Actor: staff})
			return err
		},
	}
	const ok = ""
	na, bad := aftersales.KindNotAllowed, aftersales.KindInvalid
	// allowed[status][command] is "" when allowed, else the expected kind.
	// In progress, plan is refused because the part is already planned,
	// and reclassify is allowed (simple → complex).
	want := map[aftersales.Status]map[string]aftersales.ErrorKind{
		aftersales.StatusRegistered: {"forward": ok, "urgent": ok, "plan": na, "reclassify": na, "escalate": na,
			"complete": na, "accept": na, "reject": na, "visit": na, "withdraw": ok,
			"feedback": bad, "coordinate": na, "pause": ok, "resume": na},
		aftersales.StatusInProgress: {"forward": ok, "urgent": ok, "plan": na, "reclassify": ok, "escalate": ok,
			"complete": ok, "accept": na, "reject": na, "visit": na, "withdraw": ok,
			"feedback": na, "coordinate": na, "pause": ok, "resume": na},
		aftersales.StatusAwaitingAcceptance: {"forward": na, "urgent": ok, "plan": na, "reclassify": na, "escalate": na,
			"complete": na, "accept": ok, "reject": ok, "visit": ok, "withdraw": ok,
			"feedback": ok, "coordinate": na, "pause": ok, "resume": na},
		aftersales.StatusAccepted: {"forward": na, "urgent": na, "plan": na, "reclassify": na, "escalate": na,
			"complete": na, "accept": na, "reject": na, "visit": ok, "withdraw": ok,
			"feedback": ok, "coordinate": na, "pause": na, "resume": na},
		aftersales.StatusClosed: {"forward": na, "urgent": na, "plan": na, "reclassify": na, "escalate": na,
			"complete": na, "accept": na, "reject": na, "visit": na, "withdraw": na,
			"feedback": na, "coordinate": na, "pause": na, "resume": na},
		aftersales.StatusWithdrawn: {"forward": na, "urgent": na, "plan": na, "reclassify": na, "escalate": na,
			"complete": na, "accept": na, "reject": na, "visit": na, "withdraw": na,
			"feedback": na, "coordinate": na, "pause": na, "resume": na},
	}
	for status, row := range want {
		for name, kind := range row {
			t.Run(string(status)+"/"+name, func(t *testing.T) {
				f, r := inStatus(t, status)
				require.Equal(t, status, r.Status)
				err := commands[name](f, r.ID)
				if kind == ok {
					require.NoError(t, err)
					return
				}
				require.Equal(t, kind, aftersales.KindOf(err), "%v", err)
				var de *aftersales.Error
				require.ErrorAs(t, err, &de)
				require.NotEmpty(t, de.Code)
				require.NotEmpty(t, de.Message)
				f.requireUnchanged(r)
			})
		}
	}
}
