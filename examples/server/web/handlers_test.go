package web_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
)

func TestLoginAndLogout(t *testing.T) {
	s := newSite(t, "")
	c := s.client()
	p := c.get("/queue")
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/login?next=%2Fqueue", p.location())

	p = c.get("/login?next=/queue")
	require.Equal(t, 200, p.status)
	tok := p.hidden("csrf_token")
	require.NotEmpty(t, tok)
	require.Equal(t, "/queue", p.hidden("next"))

	// A wrong token is refused, with the message next to the field.
	p = c.post("/login", url.Values{"csrf_token": {tok}, "token": {"shouhou_not-a-token"}, "next": {"/queue"}})
	require.Equal(t, http.StatusUnauthorized, p.status)
	require.Contains(t, p.fieldError("login-token"), "访问令牌无效")
	require.Empty(t, p.value("login-token"), "a wrong token is not echoed back")

	p = c.get("/login")
	res := c.post("/login", url.Values{"csrf_token": {p.hidden("csrf_token")}, "token": {s.tokens["staff"]}, "next": {"/complaints"}})
	require.Equal(t, http.StatusSeeOther, res.status)
	require.Equal(t, "/complaints", res.location())
	var session *http.Cookie
	for _, ck := range res.header.Values("Set-Cookie") {
		if strings.HasPrefix(ck, "shouhou_session=") {
			session, _ = http.ParseSetCookie(ck)
		}
	}
	require.NotNil(t, session)
	require.True(t, session.HttpOnly)
	require.Equal(t, http.SameSiteStrictMode, session.SameSite)
	require.NotEqual(t, s.tokens["staff"], session.Value, "the cookie holds a session ID, never the API token")
	require.NotContains(t, session.Value, s.tokens["staff"])

	p = c.get("/queue")
	require.Equal(t, 200, p.status)
	require.Contains(t, p.body, "赵敏")
	require.NotContains(t, p.body, s.tokens["staff"], "the token is never rendered")

	p = c.post("/logout", url.Values{})
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, http.StatusSeeOther, c.get("/queue").status, "signed out")
	// The session ended on the server: its cookie, kept by someone else,
	// no longer works either.
	copied := s.client()
	u, _ := url.Parse(s.srv.URL)
	copied.http.Jar.SetCookies(u, []*http.Cookie{{Name: "shouhou_session", Value: session.Value, Path: "/"}})
	require.Equal(t, http.StatusSeeOther, copied.get("/queue").status, "the ended session's cookie no longer works")

	// An off-site next is ignored.
	p = c.get("/login")
	res = c.post("/login", url.Values{"csrf_token": {p.hidden("csrf_token")}, "token": {s.tokens["staff"]}, "next": {"//evil.example/x"}})
	require.Equal(t, "/queue", res.location())

	// A customer who logs in with the form lands on their own page.
	cust := s.login("cust")
	require.Equal(t, 200, cust.get("/portal").status)
}

// TestCSRFRefused: the standard library's cross-origin protection refuses
// a form posted from another site's page, whatever it carries, before any
// handler runs; the same form from the desk's own pages goes through.
func TestCSRFRefused(t *testing.T) {
	s := newSite(t, "")
	c := s.login("staff")
	form := url.Values{"customer_name": {"张先生"}, "channel": {"phone"}, "description": {"渗水"}, "received_at": {"2026-11-02T08:30"}}

	c.get("/requests/new")
	c.forgedFrom = "https://evil.example"
	p := c.post("/requests", form) // with the page's hidden field, as a copied form would be
	require.Equal(t, http.StatusForbidden, p.status)
	require.Contains(t, p.body, "跨站提交已拒绝")
	// A browser without Sec-Fetch-Site (plain HTTP) still sends Origin.
	req, err := http.NewRequest("POST", s.srv.URL+"/requests", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	c.forgedFrom = ""
	require.Equal(t, http.StatusForbidden, c.do(req).status)
	// Nor does another site's post sign anybody out.
	c.forgedFrom = "https://evil.example"
	require.Equal(t, http.StatusForbidden, c.post("/logout", url.Values{}).status)
	c.forgedFrom = ""
	require.Equal(t, 200, c.get("/queue").status, "still signed in")
	rs, err := s.app.Requests.List(context.Background(), aftersales.Query{})
	require.NoError(t, err)
	require.Empty(t, rs, "nothing registered from another site")

	// Logging in needs the login form's own token.
	fresh := s.client()
	fresh.get("/login")
	p = fresh.postRaw("/login", url.Values{"token": {s.tokens["staff"]}})
	require.Equal(t, http.StatusForbidden, p.status)

	// From the desk's own page (same origin) it is registered.
	p = c.get("/requests/new")
	require.Empty(t, p.hidden("csrf_token"), "signed-in forms carry no token: the cross-origin protection guards them")
	req, err = http.NewRequest("POST", s.srv.URL+"/requests", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	p = c.do(req)
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.True(t, strings.HasPrefix(p.location(), "/requests/AS-"), p.location())
}

func TestRoleScoping(t *testing.T) {
	s := newSite(t, "")
	mine := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	theirs := s.register("C-2002", "李女士", "外墙空鼓")
	ctx := context.Background()
	_, err := s.app.Requests.Forward(ctx, mine.ID, aftersales.ForwardCommand{Actor: gm})
	require.NoError(t, err)

	cust := s.login("cust")
	p := cust.get("/portal")
	require.Contains(t, p.body, "卫生间顶棚渗水")
	require.NotContains(t, p.body, "外墙空鼓")
	require.Equal(t, 200, cust.get("/portal/requests/"+mine.ID).status)
	for _, path := range []string{"/portal/requests/" + theirs.ID, "/requests/" + theirs.ID, "/requests/" + theirs.ID + "/files/客户反馈登记表.xlsx",
		"/requests/" + theirs.ID + "/signature", "/portal/requests/AS-nope"} {
		require.Equal(t, http.StatusNotFound, cust.get(path).status, path)
	}
	require.Equal(t, http.StatusNotFound, cust.post("/portal/requests/"+theirs.ID+"/reject", url.Values{"reason": {"不满意"}}).status)
	// Staff pages are not for customers.
	for _, path := range []string{"/queue", "/requests", "/complaints", "/dashboard", "/staff", "/warranties"} {
		require.Equal(t, http.StatusNotFound, cust.get(path).status, path)
	}
	require.Equal(t, http.StatusNotFound, cust.post("/requests/"+mine.ID+"/withdraw", url.Values{"reason": {"x"}}).status)
	// Their own request's desk page sends them to their own page of it.
	p = cust.get("/requests/" + mine.ID)
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/portal/requests/"+mine.ID, p.location())

	// A department sees what was forwarded to it; another does not.
	site := s.login("site")
	require.Equal(t, 200, site.get("/requests/"+mine.ID).status)
	require.Equal(t, http.StatusNotFound, site.get("/requests/"+theirs.ID).status)
	p = site.get("/queue")
	require.Contains(t, p.body, mine.ID)
	require.NotContains(t, p.body, theirs.ID)
	design := s.login("design")
	require.Equal(t, http.StatusNotFound, design.get("/requests/"+mine.ID).status)
	require.NotContains(t, design.get("/queue").body, mine.ID)
	// The specialist sees their project's requests; the desk sees all.
	spec := s.login("spec")
	require.Equal(t, 200, spec.get("/requests/"+theirs.ID).status)
	p = s.login("staff").get("/queue")
	require.Contains(t, p.body, mine.ID)
	require.Contains(t, p.body, theirs.ID)
	// The dashboard and the reports are the desk's.
	require.Equal(t, http.StatusForbidden, site.get("/dashboard").status)
	require.Equal(t, http.StatusForbidden, site.get("/reports/complaints").status)
}

func TestCustomerLink(t *testing.T) {
	s := newSite(t, "")
	s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.client()
	p := c.get("/c/" + s.tokens["cust"])
	require.Equal(t, 200, p.status)
	require.Equal(t, "no-referrer", p.header.Get("Referrer-Policy"))
	meta := find(p.doc, func(n *html.Node) bool { return n.Data == "meta" && attr(n, "http-equiv") == "refresh" })
	require.NotNil(t, meta)
	require.Equal(t, "0;url=/portal", attr(meta, "content"))
	require.NotContains(t, p.body, s.tokens["cust"], "the token does not stay on the page")
	p = c.get("/portal")
	require.Equal(t, 200, p.status)
	require.Contains(t, p.body, "卫生间顶棚渗水")

	require.Equal(t, http.StatusNotFound, s.client().get("/c/shouhou_nope").status)
	require.Equal(t, http.StatusNotFound, s.client().get("/c/"+s.tokens["staff"]).status, "a staff token is no customer link")
}

func TestRegisterBadInputStaysOnTheForm(t *testing.T) {
	s := newSite(t, "")
	c := s.login("staff")
	c.get("/requests/new")
	base := url.Values{"customer_name": {"张先生"}, "customer_phone": {"13800000000"}, "channel": {"phone"},
		"description": {"卫生间顶棚渗水"}, "received_at": {"2026-11-02T08:30"}, "project_id": {"P-001"}, "location": {"3号楼2单元501"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vs := range base {
			f[key] = append([]string(nil), vs...)
		}
		f.Set(k, v)
		return f
	}
	for _, tc := range []struct {
		field, value, control, want string
		status                      int
	}{
		{"description", "  ", "register-description", "问题描述不能为空", 400},
		{"channel", "fax", "register-channel", "反馈方式 \"fax\" 无效", 400},
		{"received_at", "2026-11-09T08:30", "register-received_at", "晚于当前时间", 400},
		{"received_at", "明天上午", "register-received_at", "格式错误", 400},
		{"received_at", "", "register-received_at", "缺少接收时间", 400},
		{"cause", "luck", "register-cause", "问题原因 \"luck\" 无效", 400},
		{"customer_name", strings.Repeat("张", 201), "register-customer_name", "客户姓名过长", 400},
		{"project_id", "P-999", "register-project_id", "项目 \"P-999\" 不存在", 400},
	} {
		p := c.post("/requests", with(tc.field, tc.value))
		require.Equal(t, tc.status, p.status, "%s=%q", tc.field, tc.value)
		require.Contains(t, p.fieldError(tc.control), tc.want, "%s=%q", tc.field, tc.value)
		if tc.field != "customer_name" {
			require.Equal(t, "张先生", p.value("register-customer_name"), "input kept")
		}
		require.Equal(t, "3号楼2单元501", p.value("register-location"), "input kept")
		ctl := p.byID(tc.control)
		require.Equal(t, "true", attr(ctl, "aria-invalid"))
		require.Contains(t, attr(ctl, "aria-describedby"), tc.control+"-error")
	}
	rs, err := s.app.Requests.List(context.Background(), aftersales.Query{})
	require.NoError(t, err)
	require.Empty(t, rs)
}

// requireFieldErrors requires a 400 whose form shows each control's
// message next to it, the control marked invalid.
func (p *page) requireFieldErrors(want map[string]string) {
	p.t.Helper()
	require.Equal(p.t, http.StatusBadRequest, p.status, p.body)
	for control, msg := range want {
		require.Contains(p.t, p.fieldError(control), msg, control)
		require.Equal(p.t, "true", attr(p.byID(control), "aria-invalid"), control)
	}
}

// TestRegisterShowsEveryProblemAtOnce: a form with several faults shows
// each next to its field in one answer, the desk's own (an unreadable
// time) together with the library's (P1.2: the customer's name).
func TestRegisterShowsEveryProblemAtOnce(t *testing.T) {
	s := newSite(t, "")
	c := s.login("staff")
	c.get("/requests/new")
	p := c.post("/requests", url.Values{"customer_name": {" "}, "channel": {"fax"}, "description": {""},
		"received_at": {"明天上午"}, "location": {"3号楼2单元501"}})
	p.requireFieldErrors(map[string]string{
		"register-customer_name": "客户姓名不能为空",
		"register-channel":       "反馈方式 \"fax\" 无效",
		"register-description":   "问题描述不能为空",
		"register-received_at":   "格式错误",
	})
	require.Equal(t, "3号楼2单元501", p.value("register-location"), "input kept")
	require.Contains(t, p.body, "有 4 处需要修改", "a summary above the form")

	c.get("/complaints/new")
	p = c.post("/complaints", url.Values{"complainant_name": {""}, "type": {"noise"}, "channel": {"phone"},
		"description": {""}, "received_at": {"2026-11-02T08:00"}})
	p.requireFieldErrors(map[string]string{
		"complaint-complainant_name": "投诉人姓名不能为空",
		"complaint-type":             "投诉类型 \"noise\" 无效",
		"complaint-description":      "投诉内容不能为空",
	})
	rs, err := s.app.Requests.List(context.Background(), aftersales.Query{})
	require.NoError(t, err)
	require.Empty(t, rs, "nothing written")
}

func TestStepBadInputStaysOnTheForm(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.login("staff")
	page := "/requests/" + r.ID
	c.get(page)
	ver := strconv.Itoa(r.Version)

	// Forward with an unknown cause: the message sits by the cause.
	p := c.post(page+"/forward", url.Values{"cause": {"luck"}, "version": {ver}})
	require.Equal(t, 400, p.status)
	require.Contains(t, p.fieldError("forward-cause"), "问题原因 \"luck\" 无效")
	// A time in the future sits by the time.
	p = c.post(page+"/forward", url.Values{"at": {"2027-01-01T10:00"}, "version": {ver}})
	require.Equal(t, 400, p.status)
	require.Contains(t, p.fieldError("forward-at"), "晚于当前时间")
	require.Equal(t, "2027-01-01T10:00", p.value("forward-at"))
	// A stale version says so, and offers the current one.
	p = c.post(page+"/forward", url.Values{"version": {"7"}})
	require.Equal(t, http.StatusConflict, p.status)
	require.Contains(t, p.body, "已被他人修改")

	p = c.post(page+"/forward", url.Values{"departments": {"proj-1"}, "version": {ver}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = c.get(p.location())
	require.Contains(t, p.body, "已转达责任部门")

	// Plan without an owner, with a bad complexity: each error the
	// library finds sits by its field at once, and the input is kept.
	v := url.Values{"department": {"proj-1"}, "measures": {"更换防水层"}, "scheduled_at": {"2026-11-03T09:00"}, "complexity": {"trivial"}}
	p = c.post(page+"/plan", v)
	require.Equal(t, 400, p.status)
	require.Contains(t, p.fieldError("plan-0-owner"), "责任人不能为空")
	require.Contains(t, p.fieldError("plan-0-complexity"), "问题复杂程度 \"trivial\" 无效")
	require.Equal(t, "更换防水层", p.value("plan-0-measures"))
	v.Set("owner", "周工")
	v.Set("complexity", "trivial")
	p = c.post(page+"/plan", v)
	require.Contains(t, p.fieldError("plan-0-complexity"), "问题复杂程度 \"trivial\" 无效")
	v.Set("complexity", "simple")
	v.Set("scheduled_at", "下周")
	p = c.post(page+"/plan", v)
	require.Contains(t, p.fieldError("plan-0-scheduled_at"), "格式错误")
	v.Set("scheduled_at", "2026-11-03T09:00")
	require.Equal(t, http.StatusSeeOther, c.post(page+"/plan", v).status)

	p = c.post(page+"/complete", url.Values{"department": {"proj-1"}, "result": {""}})
	require.Contains(t, p.fieldError("complete-0-result"), "处理结果不能为空")
	require.Equal(t, http.StatusSeeOther, c.post(page+"/complete", url.Values{"department": {"proj-1"}, "result": {"已修复"}}).status)

	p = c.post(page+"/accept", url.Values{"signed_by": {"张先生"}})
	require.Contains(t, p.fieldError("accept-signature_ref"), "签字图像或扫描件不能为空")
	require.Equal(t, http.StatusSeeOther, c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature_ref": {"SCAN-2026-001"}}).status)

	p = c.post(page+"/visit", url.Values{"satisfaction": {"9"}, "visited_by": {"赵敏"}})
	require.Contains(t, p.fieldError("visit-satisfaction"), "满意度应为 1 至 5")
	p = c.post(page+"/visit", url.Values{"satisfaction": {"很好"}, "visited_by": {"赵敏"}})
	require.Contains(t, p.fieldError("visit-satisfaction"), "应为整数")
	require.Equal(t, http.StatusSeeOther, c.post(page+"/visit", url.Values{"satisfaction": {"5"}, "visited_by": {"赵敏"}}).status)
	got, err := s.app.Requests.Get(context.Background(), r.ID)
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusClosed, got.Status)

	// A step the request is past says why, at the top of the page.
	p = c.post(page+"/withdraw", url.Values{"reason": {"不需要了"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	require.Contains(t, p.body, "不能撤回")

	// The site engineer may not record a visit: the library says so.
	r2 := s.register("C-1001", "张先生", "阳台地漏堵塞")
	s.toAcceptance(r2.ID)
	_, err = s.app.Requests.Accept(context.Background(), r2.ID, aftersales.AcceptCommand{Actor: gm,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignPaper, Ref: "SCAN-2"}})
	require.NoError(t, err)
	site := s.login("site")
	p = site.post("/requests/"+r2.ID+"/visit", url.Values{"satisfaction": {"4"}, "visited_by": {"周工"}})
	require.Equal(t, http.StatusForbidden, p.status)
	require.Contains(t, p.body, "回访由售后管理部进行")
}

func TestNeverA500(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.login("head")
	c.get("/queue")
	junk := []url.Values{
		{}, {"version": {"-1"}}, {"version": {"abc"}}, {"at": {"0000-01-01T00:00"}}, {"at": {"9999-12-31T23:59"}},
		{"department": {"\xff\xfe"}, "reason": {"\x00"}}, {"satisfaction": {"99999999999999999999"}},
		{"departments": {strings.Repeat("部", 500)}}, {"text": {strings.Repeat("长", 6000)}},
	}
	for _, step := range []string{"forward", "urgent", "plan", "reclassify", "escalate", "complete", "accept", "reject", "visit", "withdraw", "bogus"} {
		for _, v := range junk {
			p := c.post("/requests/"+r.ID+"/"+step, v)
			require.Less(t, p.status, 500, "%s %v", step, v)
		}
	}
	for _, path := range []string{"/requests/%00", "/requests/AS-none", "/complaints/TS-none", "/warranties/none", "/warranties/none/summary",
		"/warranties/P-001/inspections/99/files/项目巡查记录表.xlsx", "/warranties/P-001/inspections/x/files/项目巡查记录表.xlsx",
		"/requests/" + r.ID + "/files/客户反馈登记表.pdf", "/requests/" + r.ID + "/files/nothing.xlsx", "/reports/complaints?month=2026-13",
		"/reports/complaints?month=2099-01", "/reports/complaints/files/客户投诉分析报告.xlsx?month=x", "/staff/sessions/none/files/售后人员培训记录表.csv",
		"/staff/assessments/none/files/售后人员考核记录表.csv", "/no/such/page", "/requests/" + r.ID + "/signature"} {
		p := c.get(path)
		require.Less(t, p.status, 500, path)
		require.GreaterOrEqual(t, p.status, 400, path)
	}
	for _, path := range []string{"/complaints", "/staff/sessions", "/staff/assessments", "/warranties/P-001/inspections", "/warranties/none/inspections"} {
		for _, v := range junk {
			require.Less(t, c.post(path, v).status, 500, "%s %v", path, v)
		}
	}
	// An oversized form is refused, not choked on.
	big := url.Values{"description": {strings.Repeat("x", 4<<20)}}
	require.Equal(t, http.StatusRequestEntityTooLarge, c.post("/requests", big).status)
}

func TestQueueMarksOverdue(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.login("staff")
	p := c.get("/queue")
	require.NotEmpty(t, r.Number)
	row := find(p.doc, func(n *html.Node) bool { return n.Data == "tr" && strings.Contains(text(n), r.Number) })
	require.NotNil(t, row, "the queue names the request by its number")
	require.Contains(t, text(row), "剩余 1 个工作日", "P1.2: forward within 1 working day, Tuesday")
	require.NotContains(t, attr(row, "class"), "overdue")

	// Friday: three working days late.
	s.clock.Set(time.Date(2026, 11, 6, 10, 0, 0, 0, calendar.CST()))
	p = c.get("/queue")
	row = find(p.doc, func(n *html.Node) bool { return n.Data == "tr" && strings.Contains(text(n), r.Number) })
	require.Contains(t, attr(row, "class"), "overdue")
	require.Contains(t, text(row), "已逾期 3 个工作日", "marked in words, not only colour")
	p = c.get("/queue?overdue=1")
	require.Contains(t, p.body, r.Number)
	p = c.get("/dashboard")
	require.Contains(t, p.body, "<svg")
	require.Contains(t, p.body, "售后管理部")
}

func TestComplaintForms(t *testing.T) {
	s := newSite(t, "")
	c := s.login("head")
	c.get("/complaints/new")
	v := url.Values{"complainant_name": {"李女士"}, "complainant_id": {"C-2002"}, "type": {"delay"}, "channel": {"phone"},
		"received_at": {"2026-11-02T08:00"}, "description": {"维修一拖再拖"}, "project_id": {"P-001"}}
	bad := url.Values{}
	for k, x := range v {
		bad[k] = x
	}
	bad.Set("type", "angry")
	p := c.post("/complaints", bad)
	require.Equal(t, 400, p.status)
	require.Contains(t, p.fieldError("complaint-type"), "投诉类型 \"angry\" 无效")
	require.Equal(t, "维修一拖再拖", p.value("complaint-description"))
	bad.Set("type", "delay")
	bad.Set("major", "1")
	p = c.post("/complaints", bad)
	require.Contains(t, p.fieldError("complaint-criteria"), "至少一项标准")

	p = c.post("/complaints", v)
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	page := strings.Split(p.location(), "?")[0]
	p = c.get(page)
	require.NotNil(t, p.byID("forward-other_departments"))
	require.Equal(t, http.StatusSeeOther, c.post(page+"/forward", url.Values{"department": {"proj-1"}}).status)
	p = c.post(page+"/plan", url.Values{"findings": {"材料未到货"}, "measures": {""}, "owner": {"周工"}})
	require.Contains(t, p.fieldError("plan-0-measures"), "处理措施不能为空", "the form of the one department's part")
	require.Equal(t, http.StatusSeeOther, c.post(page+"/plan", url.Values{"findings": {"材料未到货"}, "measures": {"加急采购"}, "owner": {"周工"}}).status)
	require.Equal(t, http.StatusSeeOther, c.post(page+"/statement", url.Values{"text": {"希望本周完成"}}).status)
	require.Equal(t, http.StatusSeeOther, c.post(page+"/answer", url.Values{"text": {"已于周三完成维修"}}).status)
	p = c.post(page+"/not-satisfied", url.Values{"text": {""}})
	require.Contains(t, p.fieldError("not-satisfied-text"), "不满意的理由不能为空")
	require.Equal(t, http.StatusSeeOther, c.post(page+"/not-satisfied", url.Values{"text": {"态度不好"}}).status)
	p = c.get(page)
	require.Contains(t, p.body, "售后管理部部长", "escalated one level up (C4.2)")
	require.Equal(t, http.StatusSeeOther, c.post(page+"/answer", url.Values{"text": {"部长致歉并回访"}}).status)
	require.Equal(t, http.StatusSeeOther, c.post(page+"/satisfied", url.Values{"text": {"满意"}}).status)
	p = c.get(page)
	require.Contains(t, p.body, "已解决")

	p = c.get("/reports/complaints?month=2026-11")
	require.Equal(t, 200, p.status)
	require.Contains(t, p.body, "<svg")
	require.Contains(t, p.body, "响应或处理不及时")
	p = c.get("/reports/complaints?month=2099-01")
	require.Equal(t, 400, p.status)
	require.Contains(t, p.fieldError("report-month"), "尚未开始")
	p = c.get("/reports/complaints?month=2026-13")
	require.Contains(t, p.fieldError("report-month"), "格式错误")
}

// dialects runs fn on SQLite and, with SHOUHOU_TEST_POSTGRES=1, on
// PostgreSQL.
func dialects(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "shouhou.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.Start(t)) })
}

// TestRootRoutes checks the app's root handler: the JSON API and the
// health check stay where they were, everything else is a page.
func TestRootRoutes(t *testing.T) {
	s := newSite(t, "")
	c := s.client()
	p := c.get("/healthz")
	require.Equal(t, 200, p.status)
	require.Contains(t, p.header.Get("Content-Type"), "application/json")
	p = c.get("/api/v1/requests")
	require.Equal(t, http.StatusUnauthorized, p.status)
	require.Contains(t, p.header.Get("Content-Type"), "application/json")
	p = c.get("/api/v1/nothing-here")
	require.Contains(t, p.header.Get("Content-Type"), "application/json")
	p = c.get("/")
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/login", p.location())
	p = c.get("/static/app.css")
	require.Equal(t, 200, p.status)
	require.Contains(t, p.body, "@media print")
	p = c.get("/login")
	require.Contains(t, p.header.Get("Content-Security-Policy"), "script-src 'self'")
	require.Equal(t, "nosniff", p.header.Get("X-Content-Type-Options"))
}
