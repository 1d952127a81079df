package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// The organisation is set up on the staff page, without the API: people
// (G4), a project with its 项目部 and manager (G2), its specialist
// appointed by the manager and filed by the after-sales department (G4.3).
// Bad input stands next to its field and nothing is written; who may not
// is told so and nothing is written.
func TestSetUpTheOrganisationOnTheStaffPage(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	people := func() int {
		o, err := s.app.Staff.Organisation(ctx)
		require.NoError(t, err)
		return len(o.People)
	}
	before := people()
	head := s.login("head")

	res := head.post("/staff/people", url.Values{"id": {"p-new"}, "name": {"冯工"}, "role": {"specialist"}, "department_id": {"proj-1"},
		"email": {"not-an-address"}, "active": {"1"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("person-email"), "the bad address next to its field")
	require.Equal(t, "冯工", res.value("person-name"), "what was typed stays")
	require.Equal(t, before, people(), "nothing written")

	res = head.post("/staff/people", url.Values{"id": {"p-new"}, "name": {"冯工"}, "role": {"specialist"}, "department_id": {"proj-1"},
		"email": {"feng@example.com"}, "active": {"1"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	require.Equal(t, before+1, people())

	// A department's staff may not change the organisation (G4.1).
	res = s.login("site").post("/staff/people", url.Values{"id": {"p-x"}, "name": {"某人"}, "role": {"after_sales_staff"}, "active": {"1"}})
	require.Equal(t, http.StatusForbidden, res.status)
	require.Equal(t, before+1, people())

	res = head.post("/staff/projects", url.Values{"id": {"P-002"}, "name": {"江南新城"}, "kind": {"residential"}, "department_id": {"proj-1"},
		"manager_id": {"p-pm"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	res = head.post("/staff/projects", url.Values{"id": {"P-003"}, "name": {"无经理"}, "kind": {"residential"}, "department_id": {"proj-1"},
		"manager_id": {"nobody"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("project-manager_id"))
	res = head.post("/staff/projects", url.Values{"id": {"P-003"}, "name": {"无经理"}, "kind": {"residential"}, "department_id": {"proj-1"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.Contains(t, res.fieldError("project-manager_id"), "须有项目经理", "G4.3, next to the manager's field")
	res = head.post("/staff/projects", url.Values{"id": {"P-004"}, "name": {"  "}, "kind": {"residential"}, "department_id": {"proj-1"},
		"manager_id": {"p-pm"}})
	require.Equal(t, http.StatusBadRequest, res.status, "the library's rule (G2): a project has a name")
	require.Contains(t, res.fieldError("project-name"), "名称不能为空")

	// The manager appoints; someone else may not; the head files it.
	res = s.login("site").post("/staff/appointments", url.Values{"project_id": {"P-002"}, "specialist_id": {"p-new"}})
	require.Equal(t, http.StatusForbidden, res.status, "only the project's manager appoints (G4.3)")
	pm := s.login("pm")
	res = pm.post("/staff/appointments", url.Values{"project_id": {"P-002"}, "specialist_id": {"p-new"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	page := head.get("/staff")
	require.Contains(t, text(page.byID("h-projects").Parent), "冯工（待备案）")
	require.Contains(t, page.body, `action="/staff/projects/P-002/file"`, "the after-sales head is offered the filing")
	admin := s.login("admin")
	require.NotContains(t, admin.get("/staff").body, `action="/staff/projects/P-002/file"`,
		"the general manager is not: the after-sales department files (G4.3)")
	require.Equal(t, http.StatusForbidden, admin.post("/staff/projects/P-002/file", nil).status)
	res = head.post("/staff/projects/P-002/file", nil)
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	o, err := s.app.Staff.Organisation(ctx)
	require.NoError(t, err)
	sp, ok := o.Specialist("P-002")
	require.True(t, ok)
	require.Equal(t, "p-new", sp)
	require.Equal(t, aftersales.RoleSpecialist, func() aftersales.Role { p, _ := o.Person("p-new"); return p.Role }())
}
