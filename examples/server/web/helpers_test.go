package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var quiet = slog.New(slog.DiscardHandler)

// clock is a movable clock shared by the app and its test.
type clock = testclock.Clock

// start is Monday 2026-11-02 09:00 CST, a working day.
var start = time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())

// site is the full app behind an httptest server, with an organisation:
// the general manager (admin), the after-sales head and staff, project
// 滨江花园 (P-001) with its 项目一部, its manager and filed specialist, a
// site engineer, a designer, and two customers, each with an API token.
type site struct {
	t      *testing.T
	app    *app.App
	srv    *httptest.Server
	clock  *clock
	tokens map[string]string
	dsn    string
}

var gm = aftersales.Actor{ID: "admin", Name: "系统管理员", Role: aftersales.RoleGeneralManager}

func newSite(t *testing.T, dsn string) *site {
	t.Helper()
	return newSiteWith(t, dsn, nil)
}

// newSiteWith is newSite with the app's configuration changed by adjust.
func newSiteWith(t *testing.T, dsn string, adjust func(*app.Config)) *site {
	t.Helper()
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "shouhou.db")
	}
	c := testclock.New(start)
	cfg := app.Config{DSN: dsn, Clock: c, SchedulerInterval: -1, Logger: quiet,
		AdminToken: "admin-token", Instance: fmt.Sprintf("web-test-%p", c)}
	if adjust != nil {
		adjust(&cfg)
	}
	a, err := app.New(context.Background(), cfg)
	require.NoError(t, err)
	s := &site{t: t, app: a, clock: c, tokens: map[string]string{"admin": "admin-token"}, dsn: dsn}
	s.srv = httptest.NewServer(a.Handler())
	t.Cleanup(func() { s.srv.Close(); a.Close() })
	s.organise()
	return s
}

func (s *site) organise() {
	t, ctx := s.t, context.Background()
	st := s.app.Staff
	for _, p := range []staff.Person{
		{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "p-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "p-pm", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "proj-1", Active: true},
		{ID: "p-spec", Name: "周专员", Role: aftersales.RoleSpecialist, DepartmentID: "proj-1", Active: true},
		{ID: "p-site", Name: "周工", Role: aftersales.RoleDepartmentStaff, DepartmentID: "proj-1", Active: true},
		{ID: "p-design", Name: "吴工", Role: aftersales.RoleDepartmentStaff, DepartmentID: aftersales.DeptDesign, Active: true},
	} {
		_, err := st.PutPerson(ctx, p, gm)
		require.NoError(t, err)
	}
	for _, d := range []staff.Department{
		{Department: aftersales.Department{ID: aftersales.DeptAfterSales, Name: "售后管理部", Kind: aftersales.DeptKindAfterSales}, HeadID: "p-head"},
		{Department: aftersales.Department{ID: "proj-1", Name: "项目一部", Kind: aftersales.DeptKindProject}, HeadID: "p-pm"},
		{Department: aftersales.Department{ID: aftersales.DeptDesign, Name: "设计部", Kind: aftersales.DeptKindDesign}},
		{Department: aftersales.Department{ID: aftersales.DeptProcurement, Name: "物资采购部", Kind: aftersales.DeptKindProcurement}},
	} {
		_, err := st.PutDepartment(ctx, d, gm)
		require.NoError(t, err)
	}
	_, err := st.PutProject(ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-001", Name: "滨江花园",
		Kind: aftersales.Residential, DepartmentID: "proj-1"}}, gm)
	require.NoError(t, err)
	_, err = st.Appoint(ctx, "P-001", "p-spec", aftersales.Actor{ID: "p-pm", Role: aftersales.RoleDepartmentStaff, DepartmentID: "proj-1"})
	require.NoError(t, err)
	_, err = st.File(ctx, "P-001", aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales})
	require.NoError(t, err)

	_, err = s.app.Warranties.SetUp(ctx, warranty.SetUpCommand{ProjectID: "P-001", DesignLifeYears: 50, Actor: gm})
	require.NoError(t, err)
	_, err = s.app.Warranties.RecordStart(ctx, "P-001", warranty.StartCommand{Actor: gm, Start: warranty.Start{
		Basis: warranty.BasisAcceptance, Date: calendar.D(2025, 6, 30), Evidence: "竣工验收记录 JY-2025-018"}})
	require.NoError(t, err)

	for who, body := range map[string]string{
		"head": `{"person_id": "p-head"}`, "staff": `{"person_id": "p-staff"}`, "spec": `{"person_id": "p-spec"}`,
		"site": `{"person_id": "p-site"}`, "design": `{"person_id": "p-design"}`, "pm": `{"person_id": "p-pm"}`,
		"cust": `{"customer_id": "C-1001"}`, "cust2": `{"customer_id": "C-2002"}`,
	} {
		req, err := http.NewRequest("POST", s.srv.URL+"/api/v1/tokens", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer admin-token")
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var out struct{ Token string }
		require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
		res.Body.Close()
		require.Equal(t, 201, res.StatusCode, body)
		s.tokens[who] = out.Token
	}
}

// blobs opens the site's database a second time, for its blobs.
func (s *site) blobs() *sqlstore.Blobs {
	s.t.Helper()
	db, err := sqlstore.Open(context.Background(), s.dsn, nil)
	require.NoError(s.t, err)
	s.t.Cleanup(func() { db.Close() })
	return db.Blobs()
}

// register registers a request for customer, received at start, directly
// through the service.
func (s *site) register(customer, name, description string) *aftersales.Request {
	s.t.Helper()
	r, err := s.app.Requests.Register(context.Background(), aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: customer, Name: name, Phone: "13800000000"}, ProjectID: "P-001", Location: "3号楼2单元501",
		Description: description, Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-30 * time.Minute), Cause: aftersales.CauseConstruction}})
	require.NoError(s.t, err)
	return r
}

// customerAtAcceptance registers a request of 张先生 (C-1001), takes it to
// his acceptance, and signs him in on its portal page: the client, the
// page, and the request.
func (s *site) customerAtAcceptance() (c *client, page string, r *aftersales.Request) {
	s.t.Helper()
	r = s.toAcceptance(s.register("C-1001", "张先生", "卫生间顶棚渗水").ID)
	c = s.login("cust")
	return c, "/portal/requests/" + r.ID, r
}

// toAcceptance takes a request through forwarding, plan and completion by
// the desk, to await the customer's acceptance.
func (s *site) toAcceptance(id string) *aftersales.Request {
	s.t.Helper()
	ctx, rs := context.Background(), s.app.Requests
	_, err := rs.Forward(ctx, id, aftersales.ForwardCommand{Actor: gm})
	require.NoError(s.t, err)
	_, err = rs.Plan(ctx, id, aftersales.PlanCommand{Department: "proj-1", Actor: gm, Plan: aftersales.Plan{Measures: "更换防水层",
		ScheduledAt: start.Add(24 * time.Hour), Owner: "周工", Complexity: aftersales.Simple}})
	require.NoError(s.t, err)
	r, err := rs.Complete(ctx, id, aftersales.CompleteCommand{Department: "proj-1", Actor: gm, Result: "已重做防水层，闭水试验合格"})
	require.NoError(s.t, err)
	return r
}

// client is a browser without JavaScript: it keeps cookies, does not
// follow redirects, and checks every page it gets: never a 500, and every
// form control labelled.
type client struct {
	s    *site
	t    *testing.T
	http *http.Client
	// forgedFrom, if set, makes every request look as a browser sends it
	// from a page of that origin on another site (a forged form post).
	forgedFrom string
}

func (s *site) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{s: s, t: s.t, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login signs in as who through the login form.
func (s *site) login(who string) *client {
	s.t.Helper()
	c := s.client()
	p := c.get("/login")
	require.Equal(s.t, 200, p.status)
	res := c.post("/login", url.Values{"csrf_token": {p.hidden("csrf_token")}, "token": {s.tokens[who]}})
	require.Equal(s.t, http.StatusSeeOther, res.status, res.body)
	return c
}

// page is a response read in full, parsed when it is HTML.
type page struct {
	t      *testing.T
	status int
	header http.Header
	body   string
	raw    []byte
	doc    *html.Node
}

func (c *client) do(req *http.Request) *page {
	c.t.Helper()
	if c.forgedFrom != "" {
		req.Header.Set("Origin", c.forgedFrom)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
	}
	res, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	p := &page{t: c.t, status: res.StatusCode, header: res.Header, body: string(raw), raw: raw}
	require.NotEqual(c.t, 500, res.StatusCode, "%s %s: %s", req.Method, req.URL, raw)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && (res.StatusCode < 300 || res.StatusCode >= 400) {
		p.doc, err = html.Parse(bytes.NewReader(raw))
		require.NoError(c.t, err)
		checkLabels(c.t, req.URL.Path, p.doc)
	}
	return p
}

func (c *client) get(path string) *page {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.s.srv.URL+path, nil)
	require.NoError(c.t, err)
	return c.do(req)
}

// post posts a form as a browser does from the desk's own pages (the
// signed-in forms carry no token: see web.New).
func (c *client) post(path string, v url.Values) *page {
	c.t.Helper()
	req, err := http.NewRequest("POST", c.s.srv.URL+path, strings.NewReader(v.Encode()))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// postRaw posts a form exactly as given, with no CSRF token added.
func (c *client) postRaw(path string, v url.Values) *page {
	c.t.Helper()
	req, err := http.NewRequest("POST", c.s.srv.URL+path, strings.NewReader(v.Encode()))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// location returns the redirect target.
func (p *page) location() string { return p.header.Get("Location") }

// find returns the first element for which match is true, or nil.
func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if x := find(c, match); x != nil {
			return x
		}
	}
	return nil
}

// all returns every element for which match is true.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// hidden returns the value of the first input named name.
func (p *page) hidden(name string) string {
	if p.doc == nil {
		return ""
	}
	n := find(p.doc, func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == name })
	if n == nil {
		return ""
	}
	return attr(n, "value")
}

// byID returns the element with the given id.
func (p *page) byID(id string) *html.Node {
	p.t.Helper()
	require.NotNil(p.t, p.doc, "not an HTML page")
	return find(p.doc, func(n *html.Node) bool { return attr(n, "id") == id })
}

// fieldError returns the error shown next to the control with the given
// id, or "".
func (p *page) fieldError(id string) string {
	if n := p.byID(id + "-error"); n != nil {
		return text(n)
	}
	return ""
}

// value returns the value a control shows: an input's value attribute, a
// textarea's text, a select's selected option.
func (p *page) value(id string) string {
	p.t.Helper()
	n := p.byID(id)
	require.NotNil(p.t, n, "no control #%s", id)
	switch n.Data {
	case "textarea":
		return text(n)
	case "select":
		if o := find(n, func(o *html.Node) bool { return o.Data == "option" && hasAttr(o, "selected") }); o != nil {
			return attr(o, "value")
		}
		return ""
	}
	return attr(n, "value")
}

// checkLabels requires every form control of a page, except hidden inputs
// and buttons, to have a <label for> or an ARIA label, and every label's
// for to name an element that exists.
func checkLabels(t *testing.T, path string, doc *html.Node) {
	t.Helper()
	labels := map[string]bool{}
	for _, l := range all(doc, func(n *html.Node) bool { return n.Data == "label" }) {
		if f := attr(l, "for"); f != "" {
			labels[f] = true
			require.NotNil(t, find(doc, func(n *html.Node) bool { return attr(n, "id") == f }), "%s: <label for=%q> names nothing", path, f)
		}
	}
	controls := all(doc, func(n *html.Node) bool { return n.Data == "input" || n.Data == "select" || n.Data == "textarea" })
	for _, c := range controls {
		switch attr(c, "type") {
		case "hidden", "submit", "button", "reset", "image":
			continue
		}
		if attr(c, "aria-label") != "" || attr(c, "aria-labelledby") != "" {
			continue
		}
		id := attr(c, "id")
		require.True(t, id != "" && labels[id], "%s: <%s name=%q id=%q> has no label", path, c.Data, attr(c, "name"), id)
	}
	require.NotNil(t, find(doc, func(n *html.Node) bool { return n.Data == "main" }), "%s: no <main>", path)
	htmlEl := find(doc, func(n *html.Node) bool { return n.Data == "html" })
	require.Equal(t, "zh-CN", attr(htmlEl, "lang"), "%s: lang", path)
}

// signaturePNG draws a signature-like scribble, as the signature pad does.
func signaturePNG(t *testing.T, ink bool) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	if ink {
		for x := 20; x < 280; x++ {
			y := 50 + int(20*float64((x%40)-20)/20)
			for dy := -1; dy <= 1; dy++ {
				img.Set(x, y+dy, color.NRGBA{16, 35, 63, 255})
			}
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}
