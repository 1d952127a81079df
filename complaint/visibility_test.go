package complaint_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

func visibilityComplaints() []*complaint.Complaint {
	mk := func(id, who string, depts ...string) *complaint.Complaint {
		c := &complaint.Complaint{ID: id, Status: complaint.StatusInvestigating,
			Registration: complaint.Registration{Complainant: aftersales.Customer{ID: who}, ProjectID: "P-001"}}
		for _, d := range depts {
			c.Parts = append(c.Parts, complaint.Part{Department: d})
		}
		return c
	}
	return []*complaint.Complaint{
		mk("TS-1", "c-1"),
		mk("TS-2", "c-1", "项目一部"),
		mk("TS-3", "c-2", "项目一部", aftersales.DeptProcurement),
		mk("TS-4", "", aftersales.DeptDesign),
	}
}

// C1, C2.1: who sees which complaints; Scope selects, among any filter,
// exactly what MaySee allows.
func TestMaySeeAndScope(t *testing.T) {
	cs := visibilityComplaints()
	all := []string{"TS-1", "TS-2", "TS-3", "TS-4"}
	for _, tc := range []struct {
		name string
		a    aftersales.Actor
		want []string
	}{
		{"general manager", aftersales.Actor{ID: "u-gm", Role: aftersales.RoleGeneralManager}, all},
		{"head", aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead}, all},
		{"after-sales staff", aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}, all},
		{"project department", aftersales.Actor{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}, []string{"TS-2", "TS-3"}},
		{"specialist: by their department", aftersales.Actor{ID: "u-spec", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部"}, []string{"TS-2", "TS-3"}},
		{"procurement", aftersales.Actor{ID: "u-buy", Role: aftersales.RoleDepartmentStaff, DepartmentID: aftersales.DeptProcurement}, []string{"TS-3"}},
		{"staff of no department", aftersales.Actor{ID: "u-x", Role: aftersales.RoleDepartmentStaff}, nil},
		{"complainant", aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}, []string{"TS-1", "TS-2"}},
		{"customer without an ID", aftersales.Actor{Role: aftersales.RoleCustomer}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := aftersales.Viewer{Actor: tc.a}
			var seen []string
			for _, c := range cs {
				if complaint.MaySee(v, c) {
					seen = append(seen, c.ID)
				}
			}
			require.Equal(t, tc.want, seen)
			for _, q := range []complaint.Query{{}, {ProjectID: "P-001"}, {Statuses: []complaint.Status{complaint.StatusInvestigating}},
				{Statuses: []complaint.Status{complaint.StatusResolved}}} {
				var got []string
				if sq, ok := complaint.Scope(v, q); ok {
					for _, c := range cs {
						if sq.Matches(c) {
							got = append(got, c.ID)
						}
					}
				}
				var want []string
				for _, c := range cs {
					if q.Matches(c) && complaint.MaySee(v, c) {
						want = append(want, c.ID)
					}
				}
				require.Equal(t, want, got, "query %+v", q)
			}
		})
	}
}

// A department's complaints are listed from the Store with the scoped
// query, whichever part is theirs.
func ExampleScope() {
	ctx := context.Background()
	store := complaint.NewMemStore()
	for i, depts := range [][]string{{"项目一部"}, {"设计部"}, {"设计部", "项目一部"}} {
		id := fmt.Sprintf("TS-%d", i+1)
		c := &complaint.Complaint{ID: id, Version: 1, Status: complaint.StatusInvestigating}
		for _, d := range depts {
			c.Parts = append(c.Parts, complaint.Part{Department: d})
		}
		_ = store.Save(ctx, c, []complaint.Event{{ComplaintID: id, Seq: 1, Type: complaint.EventRegistered, At: time.Now()}})
	}
	site := aftersales.Viewer{Actor: aftersales.Actor{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}}
	q, ok := complaint.Scope(site, complaint.Query{})
	if !ok {
		return
	}
	cs, _ := store.List(ctx, q)
	for _, c := range cs {
		fmt.Println(c.ID, complaint.MaySee(site, c))
	}
	// Output:
	// TS-1 true
	// TS-3 true
}
