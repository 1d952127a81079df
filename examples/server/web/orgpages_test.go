package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// org returns the site's organisation.
func (s *site) org() *staff.Organisation {
	s.t.Helper()
	o, err := s.app.Staff.Organisation(context.Background())
	require.NoError(s.t, err)
	return o
}

// orgUnchanged asserts that the organisation is still at version v.
func (s *site) orgUnchanged(v int, what string) {
	s.t.Helper()
	require.Equal(s.t, v, s.org().Version, "%s: nothing written", what)
}

// TestG4_2_ChangeHeadOnTheDesk: the general manager changes the
// after-sales head with the 更换部长 form, one step; the head and others do
// not see the form and are refused; a missing or unsuitable choice is
// shown next to the field, and nothing is written.
func TestG4_2_ChangeHeadOnTheDesk(t *testing.T) {
	s := newSite(t, "")
	v := s.org().Version

	head := s.login("head")
	p := head.get("/staff")
	require.Contains(t, p.body, "钱部长")
	require.Nil(t, p.byID("form-head"), "only the general manager changes the head (G4.1)")
	p = head.post("/staff/head", url.Values{"person_id": {"p-staff"}})
	require.Equal(t, http.StatusForbidden, p.status)
	require.Contains(t, p.body, "只有总经理可以任免")
	s.orgUnchanged(v, "by the head")
	p = s.login("staff").post("/staff/head", url.Values{"person_id": {"p-staff"}})
	require.Equal(t, http.StatusForbidden, p.status)
	s.orgUnchanged(v, "by after-sales staff")

	gm := s.login("admin")
	p = gm.get("/staff")
	require.NotNil(t, p.byID("form-head"))
	options := all(p.byID("head-person_id"), func(n *html.Node) bool { return n.Data == "option" })
	var offered []string
	for _, o := range options {
		offered = append(offered, attr(o, "value"))
	}
	require.Contains(t, offered, "p-staff")
	require.NotContains(t, offered, "p-head", "the head is not offered as the next head")

	for _, tt := range []struct {
		person string
		status int
		words  string
	}{
		{"", http.StatusBadRequest, "请选择新部长"},
		{"p-ghost", http.StatusBadRequest, "不在人员名单中"},
		{"p-head", http.StatusUnprocessableEntity, "已是售后管理部部长"},
	} {
		p := gm.post("/staff/head", url.Values{"person_id": {tt.person}})
		require.Equal(t, tt.status, p.status, tt.person)
		require.Contains(t, p.fieldError("head-person_id"), tt.words, tt.person)
		s.orgUnchanged(v, tt.person)
	}

	p = gm.post("/staff/head", url.Values{"person_id": {"p-staff"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/staff?ok=head#departments", p.location())
	o := s.org()
	require.Equal(t, v+1, o.Version, "one change")
	now, _ := o.Head()
	require.Equal(t, "p-staff", now.ID)
	was, _ := o.Person("p-head")
	require.Equal(t, aftersales.RoleAfterSalesStaff, was.Role)
	p = gm.get("/staff?ok=head")
	require.Contains(t, p.body, "已更换售后管理部部长")
	require.Contains(t, text(p.byID("departments").Parent), "售后管理部部长：赵敏")
}

// TestDepartmentsOnTheDesk: the head closes a department with the 已撤销
// box and reopens it; the after-sales department and a 项目部 that a project
// names are not closed; a department needs a kind; staff may not change
// departments; a refusal writes nothing and keeps what was typed.
func TestDepartmentsOnTheDesk(t *testing.T) {
	s := newSite(t, "")
	head := s.login("head")
	p := head.get("/staff?dept=" + url.QueryEscape(aftersales.DeptDesign))
	require.Equal(t, "设计部", p.value("dept-name"), "?dept= fills the form")
	require.Equal(t, "design", p.value("dept-kind"))

	p = head.post("/staff/departments", url.Values{"id": {"design"}, "name": {"设计部"}, "kind": {"design"}, "closed": {"1"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/staff?ok=department#departments", p.location())
	d, err := s.org().Lookup().Department(context.Background(), "design")
	require.NoError(t, err)
	require.True(t, d.Closed)
	p = head.get("/staff")
	row := find(p.doc, func(n *html.Node) bool {
		return n.Data == "tr" && strings.Contains(text(n), "设计部") && strings.Contains(text(n), "已撤销")
	})
	require.NotNil(t, row, "shown as closed")
	p = head.get("/staff?dept=design")
	require.NotEmpty(t, attrOf(p.byID("dept-closed"), "checked"), "the box shows it closed")

	p = head.post("/staff/departments", url.Values{"id": {"design"}, "name": {"设计部"}, "kind": {"design"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	d, err = s.org().Lookup().Department(context.Background(), "design")
	require.NoError(t, err)
	require.False(t, d.Closed, "reopened")

	v := s.org().Version
	for _, tt := range []struct {
		who    string
		form   url.Values
		status int
		field  string
		words  string
	}{
		{"head", url.Values{"id": {"after_sales"}, "name": {"售后管理部"}, "kind": {"after_sales"}, "closed": {"1"}}, http.StatusUnprocessableEntity, "dept-closed", "不能撤销"},
		{"head", url.Values{"id": {"proj-1"}, "name": {"项目一部"}, "kind": {"project"}, "closed": {"1"}}, http.StatusUnprocessableEntity, "dept-closed", "滨江花园"},
		{"head", url.Values{"id": {"logistics"}, "name": {"后勤部"}, "kind": {""}}, http.StatusBadRequest, "dept-kind", "部门类型"},
		{"head", url.Values{"id": {"logistics"}, "name": {""}, "kind": {"other"}}, http.StatusBadRequest, "dept-name", "部门名称不能为空"},
		{"head", url.Values{"id": {""}, "name": {"后勤部"}, "kind": {"other"}}, http.StatusBadRequest, "dept-id", "部门编号不能为空"},
		{"head", url.Values{"id": {"logistics"}, "name": {"后勤部"}, "kind": {"other"}, "head_id": {"p-ghost"}}, http.StatusBadRequest, "dept-head_id", "不在人员名单中"},
	} {
		p := s.login(tt.who).post("/staff/departments", tt.form)
		require.Equal(t, tt.status, p.status, "%v", tt.form)
		require.Contains(t, p.fieldError(tt.field), tt.words, "%v", tt.form)
		require.Equal(t, tt.form.Get("name"), p.value("dept-name"), "what was typed is kept")
		s.orgUnchanged(v, tt.form.Encode())
	}
	staffUser := s.login("staff")
	require.Nil(t, staffUser.get("/staff").byID("form-dept"), "after-sales staff do not keep the organisation")
	p = staffUser.post("/staff/departments", url.Values{"id": {"design"}, "name": {"设计部"}, "kind": {"design"}, "closed": {"1"}})
	require.Equal(t, http.StatusForbidden, p.status)
	require.Contains(t, p.body, "只有总经理或售后管理部部长可以维护")
	s.orgUnchanged(v, "by after-sales staff")
}

// attrOf returns an attribute's value, or "" (and "checked" for a present
// boolean attribute without a value).
func attrOf(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			if a.Val == "" {
				return key
			}
			return a.Val
		}
	}
	return ""
}
