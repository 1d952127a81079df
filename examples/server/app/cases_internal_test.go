package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
)

// casesApp starts an App on a new SQLite file at 2026-11-20 09:00 CST,
// closed when t ends.
func casesApp(t *testing.T) *App {
	t.Helper()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, calendar.CST())
	a, err := New(context.Background(), Config{DSN: filepath.Join(t.TempDir(), "s.db"), AdminToken: "t", SchedulerInterval: -1,
		Clock: aftersales.ClockFunc(func() time.Time { return now }), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestS2_ComplaintsCountedForADepartment: an assessment's complaint
// figure (S2) counts the complaints of the period forwarded to the
// person's department, among others or alone (C2.1), as the store finds
// them: not another department's, not another period's.
func TestS2_ComplaintsCountedForADepartment(t *testing.T) {
	ctx := context.Background()
	a := casesApp(t)
	gm := aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager}
	for _, d := range []staff.Department{
		{Department: aftersales.Department{ID: "proj-1", Name: "项目一部", Kind: aftersales.DeptKindProject}},
		{Department: aftersales.Department{ID: "design", Name: "设计部", Kind: aftersales.DeptKindDesign}},
	} {
		if _, err := a.Staff.PutDepartment(ctx, d, gm); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Staff.PutPerson(ctx, staff.Person{ID: "p-site", Name: "周工", Role: aftersales.RoleDepartmentStaff,
		DepartmentID: "proj-1", Active: true}, gm); err != nil {
		t.Fatal(err)
	}
	desk := aftersales.Actor{ID: "admin", Name: "王总", Role: aftersales.RoleGeneralManager}
	for _, c := range []struct {
		received time.Time
		depts    []string
	}{
		{time.Date(2026, 10, 9, 9, 0, 0, 0, calendar.CST()), []string{"proj-1"}},
		{time.Date(2026, 10, 12, 9, 0, 0, 0, calendar.CST()), []string{"proj-1", "design"}},
		{time.Date(2026, 10, 13, 9, 0, 0, 0, calendar.CST()), []string{"design"}},
		{time.Date(2026, 9, 28, 9, 0, 0, 0, calendar.CST()), []string{"proj-1"}},
		{time.Date(2026, 10, 20, 9, 0, 0, 0, calendar.CST()), nil},
	} {
		x, err := a.Complaints.Register(ctx, complaint.RegisterCommand{Actor: desk, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: "C-1", Name: "张先生"}, Type: complaint.TypeDelay, Description: "维修拖延",
			Channel: aftersales.ChannelPhone, ReceivedAt: c.received}})
		if err != nil {
			t.Fatal(err)
		}
		if c.depts != nil {
			if _, err := a.Complaints.Forward(ctx, x.ID, complaint.ForwardCommand{Departments: c.depts, At: c.received.Add(time.Hour), Actor: desk}); err != nil {
				t.Fatal(err)
			}
		}
	}
	oct := staff.Period{From: calendar.DateOf(time.Date(2026, 10, 1, 0, 0, 0, 0, calendar.CST())),
		To: calendar.DateOf(time.Date(2026, 10, 31, 0, 0, 0, 0, calendar.CST()))}
	n, err := a.cases().(staff.CaseIndicators).Complaints(ctx, "p-site", oct)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("项目一部's complaints in October: %d, want 2 (one alone, one with 设计部)", n)
	}
}

// TestS2_RequestsOfThePeriod: an assessment's request figures (S2) come
// from the requests received in the period's days (China time), first
// and last day included, as the store finds them: for after-sales staff,
// whose scope is every project, the period's requests, not every request
// ever.
func TestS2_RequestsOfThePeriod(t *testing.T) {
	ctx := context.Background()
	a := casesApp(t)
	gm := aftersales.Actor{ID: "admin", Name: "王总", Role: aftersales.RoleGeneralManager}
	if _, err := a.Staff.PutPerson(ctx, staff.Person{ID: "p-desk", Name: "李娜", Role: aftersales.RoleAfterSalesStaff,
		DepartmentID: aftersales.DeptAfterSales, Active: true}, gm); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range []struct {
		received time.Time
		in       bool
	}{
		{time.Date(2026, 9, 30, 23, 59, 0, 0, calendar.CST()), false},
		{time.Date(2026, 10, 1, 0, 0, 0, 0, calendar.CST()), true},
		{time.Date(2026, 10, 15, 9, 0, 0, 0, calendar.CST()), true},
		{time.Date(2026, 10, 31, 23, 59, 0, 0, calendar.CST()), true},
		{time.Date(2026, 11, 1, 0, 0, 0, 0, calendar.CST()), false},
	} {
		x, err := a.Requests.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
			Customer: aftersales.Customer{ID: "C-1", Name: "王女士"}, Description: "渗水", Channel: aftersales.ChannelPhone,
			ReceivedAt: r.received}})
		if err != nil {
			t.Fatal(err)
		}
		if r.in {
			want = append(want, x.ID)
		}
	}
	oct := staff.Period{From: calendar.DateOf(time.Date(2026, 10, 1, 0, 0, 0, 0, calendar.CST())),
		To: calendar.DateOf(time.Date(2026, 10, 31, 0, 0, 0, 0, calendar.CST()))}
	rs, err := a.cases().(staff.CaseIndicators).Requests(ctx, "p-desk", oct)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("October's requests %v, want %v (received 10-01 00:00 to 10-31 23:59)", got, want)
	}
}
