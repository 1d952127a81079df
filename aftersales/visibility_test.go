package aftersales_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// visibilityRequests are requests of two projects, two customers and
// several departments, as stored.
func visibilityRequests() []*aftersales.Request {
	mk := func(id, project, cust string, depts ...string) *aftersales.Request {
		r := &aftersales.Request{ID: id, Status: aftersales.StatusInProgress,
			Registration: aftersales.Registration{ProjectID: project, Customer: aftersales.Customer{ID: cust}}}
		for _, d := range depts {
			r.Parts = append(r.Parts, aftersales.Part{Department: d})
		}
		return r
	}
	return []*aftersales.Request{
		mk("AS-1", "P-001", "c-001", projDept),
		mk("AS-2", "P-001", "c-002", projDept, aftersales.DeptProcurement),
		mk("AS-3", "P-002", "c-001", "项目二部"),
		mk("AS-4", "P-002", "c-003"),
		mk("AS-5", "", "c-004", aftersales.DeptDesign),
		mk("AS-6", "P-003", "", aftersales.DeptProcurement),
	}
}

// seen lists the IDs of the requests v may see among rs.
func seen(v aftersales.Viewer, rs []*aftersales.Request) []string {
	var out []string
	for _, r := range rs {
		if v.MaySee(r) {
			out = append(out, r.ID)
		}
	}
	return out
}

// scoped lists the IDs of the requests among rs that q, scoped to v,
// selects, as a Store would.
func scoped(v aftersales.Viewer, q aftersales.Query, rs []*aftersales.Request) []string {
	sq, ok := v.Scope(q)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range rs {
		if sq.Matches(r) {
			out = append(out, r.ID)
		}
	}
	return out
}

// G4.2, G4.3, P2.1, G3.1: who sees which requests.
func TestViewerMaySee(t *testing.T) {
	rs := visibilityRequests()
	spec := aftersales.Viewer{Actor: specialist, Projects: []string{"P-001", "P-003"}}
	for _, tc := range []struct {
		name string
		v    aftersales.Viewer
		want []string
	}{
		{"general manager", aftersales.Viewer{Actor: aftersales.Actor{ID: "u-gm", Role: aftersales.RoleGeneralManager}}, []string{"AS-1", "AS-2", "AS-3", "AS-4", "AS-5", "AS-6"}},
		{"head", aftersales.Viewer{Actor: head}, []string{"AS-1", "AS-2", "AS-3", "AS-4", "AS-5", "AS-6"}},
		{"after-sales staff", aftersales.Viewer{Actor: staff}, []string{"AS-1", "AS-2", "AS-3", "AS-4", "AS-5", "AS-6"}},
		{"system", aftersales.Viewer{Actor: aftersales.Actor{ID: "sched", Role: aftersales.RoleSystem}}, []string{"AS-1", "AS-2", "AS-3", "AS-4", "AS-5", "AS-6"}},
		{"specialist: their projects only", spec, []string{"AS-1", "AS-2", "AS-6"}},
		{"specialist of no project", aftersales.Viewer{Actor: specialist}, nil},
		{"project department", aftersales.Viewer{Actor: projStaff}, []string{"AS-1", "AS-2"}},
		{"procurement", aftersales.Viewer{Actor: procStaff}, []string{"AS-2", "AS-6"}},
		{"department staff of no department", aftersales.Viewer{Actor: aftersales.Actor{ID: "u-x", Role: aftersales.RoleDepartmentStaff}}, nil},
		{"customer: their own", aftersales.Viewer{Actor: customer}, []string{"AS-1", "AS-3"}},
		{"customer without an ID", aftersales.Viewer{Actor: aftersales.Actor{Role: aftersales.RoleCustomer}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, seen(tc.v, rs))
			require.Equal(t, tc.want, scoped(tc.v, aftersales.Query{}, rs), "Scope selects what MaySee allows")
		})
	}
}

// G4.3: a specialist's project filter is intersected with their projects;
// it never widens what they see, nor is it replaced by all their projects.
func TestG4_3_SpecialistFilterNarrows(t *testing.T) {
	rs := visibilityRequests()
	spec := aftersales.Viewer{Actor: specialist, Projects: []string{"P-001", "P-003"}}
	for _, tc := range []struct {
		filter []string
		want   []string
	}{
		{nil, []string{"AS-1", "AS-2", "AS-6"}},
		{[]string{"P-001"}, []string{"AS-1", "AS-2"}},
		{[]string{"P-002"}, nil},
		{[]string{"P-002", "P-003"}, []string{"AS-6"}},
		{[]string{"P-001", "P-001"}, []string{"AS-1", "AS-2"}},
	} {
		require.Equal(t, tc.want, scoped(spec, aftersales.Query{ProjectIDs: tc.filter}, rs), "filter %v", tc.filter)
	}
	q := aftersales.Query{ProjectIDs: []string{"P-002"}}
	_, ok := spec.Scope(q)
	require.False(t, ok, "nothing to see: the query is not to be run")
	require.Equal(t, []string{"P-002"}, q.ProjectIDs, "the caller's query is not changed")
}

// Whatever the filter, the scoped query selects exactly the requests that
// the filter selects and the viewer may see.
func TestViewerScopeIsMaySeeAndFilter(t *testing.T) {
	rs := visibilityRequests()
	viewers := []aftersales.Viewer{{Actor: head}, {Actor: staff}, {Actor: projStaff}, {Actor: procStaff}, {Actor: customer}, {Actor: stranger},
		{Actor: specialist, Projects: []string{"P-001", "P-003"}}, {Actor: specialist}}
	filters := []aftersales.Query{{}, {ProjectIDs: []string{"P-001"}}, {ProjectIDs: []string{"P-002", "P-003"}},
		{Department: aftersales.DeptProcurement}, {CustomerID: "c-001"}, {Statuses: []aftersales.Status{aftersales.StatusClosed}}}
	for _, v := range viewers {
		for _, q := range filters {
			var want []string
			for _, r := range rs {
				// A department's or customer's own filter is set to their
				// own: what they see, within the other filters.
				fq := q
				switch {
				case v.Actor.Role == aftersales.RoleCustomer:
					fq.CustomerID = ""
				case !v.Actor.IsAfterSales() && v.Actor.Role != aftersales.RoleSpecialist:
					fq.Department = ""
				}
				if fq.Matches(r) && v.MaySee(r) {
					want = append(want, r.ID)
				}
			}
			require.Equal(t, want, scoped(v, q, rs), "viewer %s, query %+v", v.Actor.ID, q)
		}
	}
}

func TestViewerDeadlineScope(t *testing.T) {
	q := aftersales.DeadlineQuery{Department: "设计部", SpecialistID: "u-other", ProjectID: "P-001"}
	got, ok := aftersales.Viewer{Actor: head}.DeadlineScope(q)
	require.True(t, ok)
	require.Equal(t, q, got, "the desk's filters stand")
	got, ok = aftersales.Viewer{Actor: specialist}.DeadlineScope(q)
	require.True(t, ok)
	require.Equal(t, specialist.ID, got.SpecialistID)
	require.Equal(t, "P-001", got.ProjectID, "a project filter narrows within their projects")
	got, ok = aftersales.Viewer{Actor: projStaff}.DeadlineScope(q)
	require.True(t, ok)
	require.Equal(t, projDept, got.Department)
	_, ok = aftersales.Viewer{Actor: customer}.DeadlineScope(q)
	require.False(t, ok)
	_, ok = aftersales.Viewer{Actor: aftersales.Actor{ID: "u-x", Role: aftersales.RoleDepartmentStaff}}.DeadlineScope(q)
	require.False(t, ok, "no department is not every department")
}

// A person's own work (G4.1–G4.3): the after-sales roles answer for the
// after-sales department's steps, however much more they may see; a
// specialist for their projects; a department for its parts.
func TestViewerOwnScope(t *testing.T) {
	q := aftersales.DeadlineQuery{OverdueOnly: true}
	got, ok := aftersales.Viewer{Actor: head}.OwnScope(q)
	require.True(t, ok)
	require.Equal(t, aftersales.DeadlineQuery{OverdueOnly: true, Department: aftersales.DeptAfterSales}, got)
	got, ok = aftersales.Viewer{Actor: staff}.OwnScope(q)
	require.True(t, ok)
	require.Equal(t, aftersales.DeptAfterSales, got.Department)
	got, ok = aftersales.Viewer{Actor: specialist}.OwnScope(q)
	require.True(t, ok)
	require.Equal(t, specialist.ID, got.SpecialistID)
	require.Empty(t, got.Department)
	got, ok = aftersales.Viewer{Actor: projStaff}.OwnScope(q)
	require.True(t, ok)
	require.Equal(t, projDept, got.Department)
	_, ok = aftersales.Viewer{Actor: customer}.OwnScope(q)
	require.False(t, ok)
	_, ok = aftersales.Viewer{Actor: aftersales.Actor{ID: "u-x", Role: aftersales.RoleDepartmentStaff}}.OwnScope(q)
	require.False(t, ok)
}

// Service.Viewer asks the Directory for a specialist's projects.
func TestServiceViewer(t *testing.T) {
	f := newFx(t, at(2026, 3, 2, 9, 0))
	v, err := f.svc.Viewer(f.ctx, specialist)
	require.NoError(t, err)
	require.Equal(t, []string{projID}, v.Projects)
	v, err = f.svc.Viewer(f.ctx, projStaff)
	require.NoError(t, err)
	require.Empty(t, v.Projects)

	r := f.register(f.now, false)
	for _, a := range []aftersales.Actor{staff, head, specialist, customer} {
		v, err := f.svc.Viewer(f.ctx, a)
		require.NoError(t, err)
		require.True(t, v.MaySee(r), a.ID)
	}
	for _, a := range []aftersales.Actor{projStaff, procStaff, stranger} {
		v, err := f.svc.Viewer(f.ctx, a)
		require.NoError(t, err)
		require.False(t, v.MaySee(r), "%s before forwarding", a.ID)
	}
	r = f.forward(r.ID, f.now)
	v, err = f.svc.Viewer(f.ctx, projStaff)
	require.NoError(t, err)
	require.True(t, v.MaySee(r), "the project department once forwarded to")
}

// A Store filters in its own query language: the scoped Query is what it
// translates, here MemStore.
func ExampleViewer_Scope() {
	ctx := context.Background()
	store := aftersales.NewMemStore()
	for i, p := range []string{"P-001", "P-002", "P-003"} {
		id := fmt.Sprintf("AS-%d", i+1)
		r := &aftersales.Request{ID: id, Version: 1, Status: aftersales.StatusRegistered, Registration: aftersales.Registration{ProjectID: p}}
		_ = store.Save(ctx, r, []aftersales.Event{{RequestID: id, Seq: 1, Type: aftersales.EventRegistered, At: time.Now()}})
	}
	// A specialist appointed to P-001 and P-002 (G4.3) asks for P-002 and
	// P-003: they get P-002's requests, never P-003's.
	v := aftersales.Viewer{Actor: aftersales.Actor{ID: "u-spec", Role: aftersales.RoleSpecialist}, Projects: []string{"P-001", "P-002"}}
	q, ok := v.Scope(aftersales.Query{ProjectIDs: []string{"P-002", "P-003"}})
	if !ok {
		fmt.Println("nothing to see")
		return
	}
	rs, _ := store.List(ctx, q)
	for _, r := range rs {
		fmt.Println(r.ID, r.ProjectID)
	}
	// Output:
	// AS-2 P-002
}

// Before showing a record, ask whether the reader may see it; one they may
// not see is answered as not found.
func ExampleViewer_MaySee() {
	r := &aftersales.Request{ID: "AS-1", Parts: []aftersales.Part{{Department: "项目一部"}},
		Registration: aftersales.Registration{ProjectID: "P-001", Customer: aftersales.Customer{ID: "c-001"}}}
	for _, a := range []aftersales.Actor{
		{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales},
		{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"},
		{ID: "u-buy", Role: aftersales.RoleDepartmentStaff, DepartmentID: aftersales.DeptProcurement},
		{ID: "c-001", Role: aftersales.RoleCustomer},
		{ID: "c-002", Role: aftersales.RoleCustomer},
	} {
		fmt.Println(a.ID, aftersales.Viewer{Actor: a}.MaySee(r))
	}
	// Output:
	// u-staff true
	// u-site true
	// u-buy false
	// c-001 true
	// c-002 false
}
