package warranty_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/warranty"
)

func duty(t *testing.T, ds []warranty.Duty, clause string, from calendar.Date) warranty.Duty {
	t.Helper()
	for _, x := range ds {
		if x.Clause == clause && x.From == from {
			return x
		}
	}
	t.Fatalf("no %s duty from %s in %+v", clause, from, ds)
	return warranty.Duty{}
}

func TestW2_1_NoticeDueOneMonthBeforeThePlannedStart(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	w, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", PlannedStart: d(2026, 12, 31), Actor: manager})
	require.NoError(t, err)
	due, ok := w.NoticeDue()
	require.True(t, ok)
	require.Equal(t, cst(2026, 12, 1, 0), due, "24:00 of 2026-11-30")
	n := duty(t, w.Duties(calendar.China(), f.now), "W2.1", calendar.Date{})
	require.Equal(t, aftersales.DeadlineOpen, n.State)

	f.now = cst(2026, 12, 1, 9)
	overdue, err := f.svc.Duties(f.ctx, true)
	require.NoError(t, err)
	require.Len(t, overdue, 1)
	require.Equal(t, "W2.1", overdue[0].Clause)

	_, err = f.svc.RecordNotice(f.ctx, "P-001", warranty.NoticeCommand{Actor: manager})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "recipients_required"})
	_, err = f.svc.RecordNotice(f.ctx, "P-001", warranty.NoticeCommand{To: []string{"项目一部"}, Remark: strings.Repeat("备", aftersales.MaxLongText+1), Actor: manager})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "remark_too_long"})
	w, err = f.svc.RecordNotice(f.ctx, "P-001", warranty.NoticeCommand{To: []string{"项目一部", "物资采购部"}, At: cst(2026, 11, 30, 16), Actor: manager})
	require.NoError(t, err)
	require.Equal(t, []string{"项目一部", "物资采购部"}, w.Notice.To)
	require.Equal(t, manager.ID, w.Notice.By)
	require.Equal(t, aftersales.DeadlineMet, duty(t, w.Duties(calendar.China(), f.now), "W2.1", calendar.Date{}).State)
	overdue, err = f.svc.Duties(f.ctx, true)
	require.NoError(t, err)
	require.Empty(t, overdue)
	_, err = f.svc.RecordNotice(f.ctx, "P-001", warranty.NoticeCommand{To: []string{"项目一部"}, Actor: manager})
	require.ErrorIs(t, err, aftersales.ErrNotAllowed)
}

func TestW2_2_InspectionsAndMissedWindows(t *testing.T) {
	f := newWfx(t, cst(2026, 8, 1, 10))
	f.started(d(2026, 1, 10))
	w, err := f.svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Actor: manager, Inspection: warranty.Inspection{
		Date: d(2026, 2, 1), Inspector: "孙专员", Areas: []string{"屋面", "地下室"},
		Findings: []warranty.Finding{{Description: "地下室墙面渗水", Class: warranty.Waterproofing, Location: "B1 东侧", Photos: []string{"p/1.jpg"}}}}})
	require.NoError(t, err)
	require.Len(t, w.Inspections, 1)

	ds := w.Duties(calendar.China(), f.now)
	require.Equal(t, aftersales.DeadlineMet, duty(t, ds, "W2.2", d(2026, 1, 10)).State)
	missed := duty(t, ds, "W2.2", d(2026, 4, 10))
	require.Equal(t, aftersales.DeadlineMissed, missed.State)
	require.Equal(t, cst(2026, 7, 10, 0), missed.Due)
	require.Equal(t, aftersales.DeadlineOpen, duty(t, ds, "W2.2", d(2026, 7, 10)).State)
	for _, x := range ds {
		require.False(t, x.From.After(calendar.DateOf(f.now)), "no future windows listed")
	}

	bad := map[string]warranty.Inspection{
		"inspection_date_invalid": {Date: d(2025, 12, 1), Inspector: "孙", Areas: []string{"屋面"}},
		"inspector_required":      {Date: d(2026, 7, 20), Areas: []string{"屋面"}},
		"areas_required":          {Date: d(2026, 7, 20), Inspector: "孙"},
		"finding_required":        {Date: d(2026, 7, 20), Inspector: "孙", Areas: []string{"屋面"}, Findings: []warranty.Finding{{}}},
	}
	for code, in := range bad {
		_, err := f.svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Inspection: in, Actor: manager})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	after, err := f.svc.Get(f.ctx, "P-001")
	require.NoError(t, err)
	require.Equal(t, w, after, "nothing written")
}

func TestW2_3_FindingBecomesAnAfterSalesRequest(t *testing.T) {
	f := newWfx(t, cst(2026, 8, 1, 10))
	f.started(d(2026, 1, 10))
	projects := aftersales.NewProjects()
	requests, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Coverage: f.svc,
		Clock: aftersales.ClockFunc(func() time.Time { return f.now }), Directory: projects})
	require.NoError(t, err)
	svc := f.svc.WithRequests(requests)
	inspector := aftersales.Actor{ID: "u-proj", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	w, err := svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Actor: inspector, Inspection: warranty.Inspection{
		Date: d(2026, 7, 30), Inspector: "周工", Areas: []string{"外墙"},
		Findings: []warranty.Finding{{Description: "外墙面渗水", Class: warranty.Waterproofing, Location: "2号楼北侧"}}}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "requests_not_raised"}, "the project is unknown to aftersales")
	require.Contains(t, err.Error(), "巡查记录已保存")
	require.Len(t, w.Inspections, 1, "the inspection itself is kept")
	require.Empty(t, w.Inspections[0].Findings[0].RequestID)

	projects["P-001"] = aftersales.Project{ID: "P-001", DepartmentID: "项目一部"}
	w, err = svc.RaiseRequests(f.ctx, "P-001", inspector)
	require.NoError(t, err)
	id := w.Inspections[0].Findings[0].RequestID
	require.NotEmpty(t, id)
	r, err := requests.Get(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, aftersales.ChannelOnSite, r.Channel)
	require.Equal(t, "P-001", r.ProjectID)
	require.Equal(t, "waterproofing", r.Component)
	require.Contains(t, r.Description, "外墙面渗水")
	require.Equal(t, aftersales.StatusRegistered, r.Status, "it follows the after-sales process from here (W2.3)")

	// Raising again does not duplicate.
	w2, err := svc.RaiseRequests(f.ctx, "P-001", inspector)
	require.NoError(t, err)
	require.Equal(t, w.Version, w2.Version)
	all, err := requests.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	require.Len(t, all, 1)
}

// TestW2_3_AFindingMustBeOneARequestTakes: an inspection names at most
// MaxAreas areas, and W2.3 raises each finding as
// a request, so an inspection whose finding the request's rules would
// refuse (a location or a photo reference too long, too many photos, a
// control character) is refused whole, before anything is written, rather
// than kept with a finding that could never be raised. One inspection
// records at most MaxFindings findings: each is registered while it is
// recorded.
func TestW2_3_AFindingMustBeOneARequestTakes(t *testing.T) {
	f := newWfx(t, cst(2026, 8, 1, 10))
	f.started(d(2026, 1, 10))
	requests := f.requests()
	svc := f.svc.WithRequests(requests)
	inspector := aftersales.Actor{ID: "u-proj", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	before, err := svc.Get(f.ctx, "P-001")
	require.NoError(t, err)
	good := warranty.Finding{Description: "外墙面渗水", Class: warranty.Waterproofing, Location: "2号楼北侧"}
	many := make([]warranty.Finding, warranty.MaxFindings+1)
	for i := range many {
		many[i] = good
	}
	_, err = svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Actor: inspector, Inspection: warranty.Inspection{
		Date: d(2026, 7, 30), Inspector: "周工", Areas: make([]string, warranty.MaxAreas+1)}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "areas_too_many"}, "the record's size is bounded")
	for code, findings := range map[string][]warranty.Finding{
		"location_too_long": {{Description: "渗水", Location: strings.Repeat("北", aftersales.MaxShortText+1)}},
		"photo_too_long":    {{Description: "渗水", Photos: []string{strings.Repeat("p", 2*aftersales.MaxShortText+1)}}},
		"photo_too_many":    {{Description: "渗水", Photos: make([]string, aftersales.MaxAttachments+1)}},
		"finding_invalid":   {{Description: "渗水\x00"}},
		"findings_too_many": many,
	} {
		_, err := svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Actor: inspector, Inspection: warranty.Inspection{
			Date: d(2026, 7, 30), Inspector: "周工", Areas: []string{"外墙"}, Findings: findings}})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	after, err := svc.Get(f.ctx, "P-001")
	require.NoError(t, err)
	require.Equal(t, before.Version, after.Version, "nothing written")
	all, err := requests.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	require.Empty(t, all, "no request raised")

	w, err := svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Actor: inspector, Inspection: warranty.Inspection{
		Date: d(2026, 7, 30), Inspector: "周工", Areas: []string{"外墙"}, Findings: many[:warranty.MaxFindings]}})
	require.NoError(t, err, "MaxFindings findings")
	for _, x := range w.Inspections[0].Findings {
		require.NotEmpty(t, x.RequestID, "each raised")
	}
}

func TestW3_2_SummaryGeneratedAndDelivered(t *testing.T) {
	f := newWfx(t, cst(2024, 11, 25, 10))
	f.started(d(2024, 11, 20))
	requests := f.requests()
	svc := f.svc.WithRequests(requests)
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	owner := aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}

	// One request handled end to end in 2025, one left open.
	f.now = cst(2025, 3, 3, 9)
	r, err := requests.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-1", Name: "张先生"}, ProjectID: "P-001", Component: "decoration",
		Description: "墙面开裂", Channel: aftersales.ChannelPhone, ReceivedAt: f.now, Cause: aftersales.CauseConstruction}})
	require.NoError(t, err)
	_, err = requests.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Actor: staff})
	require.NoError(t, err)
	_, err = requests.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: "项目一部", Actor: staff,
		Plan: aftersales.Plan{Measures: "修补", Owner: "周工", ScheduledAt: f.now, Complexity: aftersales.Simple}})
	require.NoError(t, err)
	f.now = cst(2025, 3, 4, 9)
	_, err = requests.Complete(f.ctx, r.ID, aftersales.CompleteCommand{Department: "项目一部", Result: "已修补", Actor: staff})
	require.NoError(t, err)
	_, err = requests.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Actor: owner, Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "s.png"}})
	require.NoError(t, err)
	_, err = requests.Visit(f.ctx, r.ID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}})
	require.NoError(t, err)
	f.now = cst(2026, 6, 1, 9)
	open, err := requests.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		ProjectID: "P-001", Component: "waterproofing", Description: "阳台渗水", Channel: aftersales.ChannelWeChat,
		ReceivedAt: f.now, Cause: aftersales.CauseMaterial}})
	require.NoError(t, err)

	// Delivery before expiry is refused.
	_, err = svc.DeliverSummary(f.ctx, "P-001", warranty.DeliverCommand{To: "总经理", Actor: manager})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "summary_time_invalid"})

	f.now = cst(2026, 12, 1, 9)
	s, err := svc.Summary(f.ctx, "P-001")
	require.NoError(t, err)
	require.Equal(t, "公司总经理", s.To)
	require.Equal(t, d(2026, 11, 20), s.Period.LastDay)
	require.Equal(t, cst(2026, 12, 22, 0), s.Due, "1 month after expiry: 12-20 is a Sunday, rolled to 12-21, due at its 24:00")
	require.Equal(t, 2, s.Requests)
	require.Equal(t, 2, s.Free)
	require.Equal(t, []string{open.ID}, s.StillOpen)
	require.Equal(t, 1, s.Visits)
	require.Equal(t, "4", s.Satisfaction.String())
	require.Len(t, s.ByCause, 2)
	for _, cr := range s.OnTime {
		if cr.Clause == aftersales.ClauseP1_2 {
			require.Equal(t, 1, cr.Met)
			require.Equal(t, 1, cr.Missed, "the open request was never forwarded")
			require.Equal(t, "50", cr.Rate.String())
		}
	}
	again, err := svc.Summary(f.ctx, "P-001")
	require.NoError(t, err)
	require.Equal(t, s, again, "same data, same summary")

	w, err := svc.DeliverSummary(f.ctx, "P-001", warranty.DeliverCommand{To: "王总经理", Ref: "reports/P-001-W3.2.xlsx", Actor: manager})
	require.NoError(t, err)
	require.Equal(t, "王总经理", w.Summary.To)
	require.Equal(t, aftersales.DeadlineMet, duty(t, w.Duties(calendar.China(), f.now), "W3.2", calendar.Date{}).State)
}

func TestW2_2_WindowsEndWithThePeriod(t *testing.T) {
	// Two years in quarters: exactly 8 windows, the last running to the
	// period's last day, however the months fall.
	f := newWfx(t, cst(2026, 11, 20, 10))
	w := f.started(d(2024, 6, 3))
	var windows []warranty.Duty
	for _, x := range w.Duties(calendar.China(), f.now) {
		if x.Clause == "W2.2" {
			windows = append(windows, x)
		}
	}
	require.Len(t, windows, 8)
	require.Equal(t, d(2026, 3, 3), windows[7].From)
	require.Equal(t, cst(2026, 6, 4, 0), windows[7].Due, "through 2026-06-03, the last day")
}
