package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// BrowserEnvVar turns the browser tests on; chromiumPath is Debian's
// chromium.
const (
	BrowserEnvVar   = "SHOUHOU_TEST_BROWSER"
	ScreenshotsVar  = "SHOUHOU_SCREENSHOTS"
	chromiumPath    = "/usr/bin/chromium"
	browserDeadline = 3 * time.Minute
	stepTimeout     = 20 * time.Second
)

// browser is a headless chromium driven through the DevTools protocol,
// talking only to the test server on 127.0.0.1.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if os.Getenv(BrowserEnvVar) != "1" {
		t.Skip("set " + BrowserEnvVar + "=1 (make test does) to run the browser tests against Debian's chromium")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s=1 but %s is missing: install it with `apt-get install chromium fonts-noto-cjk` (make deps does)", BrowserEnvVar, chromiumPath)
	}
	require.True(t, strings.HasPrefix(base, "http://127.0.0.1:"), "browser tests run only against 127.0.0.1, not %s", base)
	profile := t.TempDir() // removed after the browser has exited: Cleanup runs last-in, first-out
	shots := os.Getenv(ScreenshotsVar)
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	deadline, cancelDeadline := context.WithTimeout(context.Background(), browserDeadline)
	alloc, cancelAlloc := chromedp.NewExecAllocator(deadline,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("lang", "zh-CN"),
		// Nothing but the test server resolves.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.Env("LANG=zh_CN.UTF-8", "LANGUAGE=zh_CN:zh"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
		cancelDeadline()
	})
	// The first action starts the browser, which lives as long as the
	// context it is given: give it ctx itself, not a step's shorter one.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")), "starting %s", chromiumPath)
	// Date and time controls as a Chinese user sees them.
	_, err := chromedp.Call(ctx, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "zh-CN"})
	require.NoError(t, err)
	return &browser{t: t, ctx: ctx, base: base, shots: shots}
}

// do runs steps, each bounded by stepTimeout, failing the test on an
// error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	require.NoError(b.t, chromedp.Do(ctx, steps...))
}

func run[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	require.NoError(b.t, err)
	return v
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS("main")))
}

// submit clicks a form's submit button and waits for the page that says
// ok (the flash message of the redirect after the POST).
func (b *browser) submit(form, ok string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(form + ` button[type="submit"]`)))
	b.waitFor(fmt.Sprintf(`(() => { const f = document.querySelector(".flash.ok"); return !!f && f.textContent.includes(%q) })()`, ok))
}

// waitFor evaluates a predicate until it is true, through the navigations
// in between (an evaluation that a navigation interrupts is tried again).
func (b *browser) waitFor(predicate string) {
	b.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](predicate))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	b.t.Fatalf("waiting for %s: %v; the page says:\n%s", predicate, last, body)
}

// set sets a control's value, as a person filling in the form would.
func (b *browser) set(id, value string) {
	b.t.Helper()
	b.do(chromedp.SetValue(chromedp.ID(id), value))
}

func (b *browser) location() string { return run(b, chromedp.Location()) }

func (b *browser) text(css string) string { return run(b, chromedp.Text(chromedp.CSS(css))) }

// screenshot saves the whole page as name.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png := run(b, chromedp.FullScreenshot(100))
	path := filepath.Join(b.shots, name+".png")
	require.NoError(b.t, os.WriteFile(path, png, 0o644))
	b.t.Logf("screenshot: %s", path)
}

// login signs in through the login form.
func (b *browser) login(token string) {
	b.t.Helper()
	b.open("/login")
	b.do(chromedp.SendKeys(chromedp.ID("login-token"), token),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("nav.main-nav")))
}

func (b *browser) logout() {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("login-token")))
}

// sign draws a signature on the canvas with the mouse: pressed, moved in
// a few strokes, released.
func (b *browser) sign(canvasID string) {
	b.t.Helper()
	b.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).scrollIntoView({block: "center"})`, canvasID)))
	box := run(b, chromedp.Evaluate[struct{ X, Y, W, H float64 }](fmt.Sprintf(
		`(() => { const r = document.getElementById(%q).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height} })()`, canvasID)))
	require.Greater(b.t, box.W, 100.0, "the signature pad is shown")
	left := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	stroke := func(points [][2]float64) {
		at := func(i int) (float64, float64) { return box.X + points[i][0]*box.W, box.Y + points[i][1]*box.H }
		x, y := at(0)
		steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MouseMoved, x, y),
			chromedp.MouseEvent(chromedp.MousePressed, x, y, left, chromedp.ClickCount(1))}
		for i := 1; i < len(points); i++ {
			px, py := at(i - 1)
			qx, qy := at(i)
			for k := 1; k <= 6; k++ {
				f := float64(k) / 6
				steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, px+(qx-px)*f, py+(qy-py)*f, left))
			}
		}
		x, y = at(len(points) - 1)
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x, y, left, chromedp.ClickCount(1)))
		b.do(steps...)
	}
	// 张: a few strokes are enough to be a signature.
	stroke([][2]float64{{0.12, 0.30}, {0.22, 0.30}, {0.22, 0.50}, {0.12, 0.50}, {0.12, 0.70}, {0.24, 0.70}, {0.20, 0.85}})
	stroke([][2]float64{{0.30, 0.25}, {0.30, 0.85}})
	stroke([][2]float64{{0.26, 0.45}, {0.42, 0.40}, {0.36, 0.55}, {0.44, 0.85}})
	stroke([][2]float64{{0.52, 0.55}, {0.60, 0.35}, {0.68, 0.60}, {0.76, 0.40}, {0.86, 0.62}})
}

// TestBrowserRequestLifecycle clicks a request through its whole life in
// chromium, from the 客户反馈登记表 at the desk to the customer's signature on
// screen and their rating of the follow-up (P1.2–P4.2), against the full
// app on a SQLite file, and keeps screenshots of the key pages.
func TestBrowserRequestLifecycle(t *testing.T) {
	if os.Getenv(BrowserEnvVar) != "1" {
		t.Skip("set " + BrowserEnvVar + "=1 (make test does) to run the browser tests against Debian's chromium")
	}
	s := newSite(t, "")
	seedHistory(t, s)
	b := newBrowser(t, s.srv.URL)
	at := func(day, hour, minute int) { s.clock.Set(time.Date(2026, 11, day, hour, minute, 0, 0, calendar.CST())) }

	// The desk: 赵敏 of the after-sales department signs in with her token.
	b.open("/login")
	b.screenshot("00-login")
	b.login(s.tokens["staff"])
	require.Contains(t, b.text("h1"), "待办期限")

	// Monday 09:00: 张先生 phones about a leaking bathroom ceiling.
	b.do(chromedp.Click(chromedp.CSS(`nav a[href="/requests/new"]`)), chromedp.WaitVisible(chromedp.ID("register-customer_name")))
	b.set("register-customer_name", "张先生")
	b.do(chromedp.SendKeys(chromedp.ID("register-customer_phone"), "13800138000"),
		chromedp.SendKeys(chromedp.ID("register-customer_id"), "C-1001"))
	b.set("register-channel", "phone")
	b.set("register-project_id", "P-001")
	b.set("register-location", "3号楼2单元501 卫生间")
	b.set("register-component", "waterproofing")
	b.set("register-cause", "construction")
	// Sent without a description: the library's message stands by the
	// field, and what was typed stays.
	b.do(chromedp.Click(chromedp.CSS(`form[action="/requests"] button[type="submit"]`)))
	b.waitFor(`!!document.getElementById("register-description-error")`)
	require.Contains(t, b.text("#register-description-error"), "问题描述不能为空")
	require.Equal(t, "张先生", run(b, chromedp.Value(chromedp.ID("register-customer_name"))))
	b.screenshot("01-register-error")
	b.set("register-description", "卫生间顶棚渗水，吊顶有水渍，雨后加重")
	b.submit(`form[action="/requests"]`, "已登记")
	id := strings.TrimPrefix(strings.Split(b.location(), "?")[0], s.srv.URL+"/requests/")
	require.True(t, strings.HasPrefix(id, "AS-"), id)
	registered, err := s.app.Requests.Get(context.Background(), id)
	require.NoError(t, err)
	require.Regexp(t, `^SH-2026-\d{6}$`, registered.Number)
	require.Contains(t, b.text("h1"), registered.Number, "the page names the request by its number")
	b.open("/queue")
	require.Contains(t, b.text("main"), registered.Number, "so does the queue")
	b.screenshot("02-queue")

	// 10:30: forwarded by cause (construction → 项目一部, P2.1).
	at(2, 10, 30)
	b.open("/requests/" + id)
	b.submit("#form-forward", "已转达责任部门")
	// Tuesday: 项目一部 plans the repair (P3.1).
	at(3, 10, 0)
	b.open("/requests/" + id)
	b.set("plan-0-measures", "拆除吊顶，检查上层卫生间防水层并重做，闭水试验 48 小时")
	b.set("plan-0-scheduled_at", "2026-11-04T09:00")
	b.set("plan-0-owner", "周工")
	b.set("plan-0-complexity", "simple")
	b.submit("#form-plan-0", "已登记处理方案")
	// Thursday: done and told (P3.2).
	at(5, 16, 0)
	b.open("/requests/" + id)
	b.set("complete-0-result", "已重做防水层，闭水试验合格，吊顶已恢复")
	b.submit("#form-complete-0", "已登记处理结果")
	require.Contains(t, b.text("h1"), "待验收")
	b.screenshot("03-request")
	b.open("/requests/" + id + "/print")
	b.screenshot("04-request-print")
	b.logout()

	// The customer opens their own link; the token leaves the address.
	at(5, 18, 0)
	b.do(chromedp.Navigate(b.base + "/c/" + s.tokens["cust"]))
	b.waitFor(`location.pathname === "/portal" && !!document.querySelector("main h1")`)
	require.NotContains(t, b.location(), s.tokens["cust"])
	b.do(chromedp.Click(chromedp.CSS(`a[href="/portal/requests/`+id+`"]`)), chromedp.WaitVisible(chromedp.ID("accept-signature-canvas")))
	require.Contains(t, b.text("main"), "验收签字")
	b.sign("accept-signature-canvas")
	sig := run(b, chromedp.Evaluate[string](`document.getElementById("accept-signature").value`))
	require.True(t, strings.HasPrefix(sig, "data:image/png;base64,"), "the pad filled the hidden field")
	b.screenshot("05-customer-signature")
	b.submit("#form-accept", "已登记验收签字")

	// Friday: the customer rates the repair (P4.2).
	at(6, 10, 0)
	b.open("/portal/requests/" + id)
	b.set("rate-satisfaction", "5")
	b.set("rate-suggestions", "师傅很专业，清理得很干净")
	b.submit("#form-rate", "感谢您的评价")
	require.Contains(t, b.text("main h1"), "已关闭")
	b.screenshot("06-customer-closed")

	r, err := s.app.Requests.Get(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusClosed, r.Status)
	require.Equal(t, aftersales.SignScreen, r.Acceptance.Method)
	require.Equal(t, "张先生", r.Acceptance.SignedBy)
	require.Equal(t, 5, r.Visit.Satisfaction)
	require.Equal(t, "客户自评（在线）", r.Visit.VisitedBy)
	for _, d := range r.Deadlines {
		require.Equal(t, aftersales.DeadlineMet, d.State(s.clock.Now()), "%s met", d.Clause)
	}
	require.True(t, strings.HasPrefix(r.Acceptance.Ref, "blob:"), r.Acceptance.Ref)
	b.logout()

	// The general manager's view: the desk's page of the request, the
	// dashboard and the month's complaint report.
	b.login(s.tokens["admin"])
	b.open("/requests/" + id)
	require.Contains(t, b.text("main"), "客户自评（在线）")
	b.do(chromedp.WaitVisible(chromedp.CSS("figure.signature img")))
	loaded := run(b, chromedp.Evaluate[bool](`document.querySelector("figure.signature img").naturalWidth > 0`))
	require.True(t, loaded, "the signature image loads")
	b.screenshot("07-request-closed")
	b.open("/dashboard")
	require.Equal(t, 3, run(b, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart").length`)))
	b.screenshot("08-dashboard")
	b.open("/reports/complaints?month=2026-11")
	require.GreaterOrEqual(t, run(b, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart").length`)), 4)
	b.screenshot("09-complaint-report")
	b.open("/complaints")
	b.do(chromedp.Click(chromedp.CSS(`table.data tbody tr:nth-child(2) a`)), chromedp.WaitVisible(chromedp.ID("h-history")))
	b.screenshot("10-complaint")
	b.open("/warranties/P-001")
	b.screenshot("11-warranty")
	b.open("/warranties/P-001/summary")
	require.GreaterOrEqual(t, run(b, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart").length`)), 3)
	b.screenshot("12-warranty-summary")
	b.open("/staff")
	b.screenshot("13-staff")
}

// seedHistory fills the months before with requests, visits and complaints,
// so that the dashboard and the report have something to show.
func seedHistory(t *testing.T, s *site) {
	ctx, rs, cs := context.Background(), s.app.Requests, s.app.Complaints
	d := func(m time.Month, day, h int) time.Time { return time.Date(2026, m, day, h, 0, 0, 0, calendar.CST()) }
	must := func(_ any, err error) { t.Helper(); require.NoError(t, err) }
	reg := func(name, what string, at time.Time) string {
		r, err := rs.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
			Customer: aftersales.Customer{Name: name}, ProjectID: "P-001", Description: what, Channel: aftersales.ChannelPhone,
			ReceivedAt: at, Cause: aftersales.CauseConstruction}})
		require.NoError(t, err)
		return r.ID
	}
	scores := []int{4, 5, 3, 4, 5, 4, 5, 5, 3, 4}
	for i, m := range []time.Month{6, 6, 7, 7, 8, 8, 9, 9, 10, 10} {
		day := 3 + 7*(i%2)
		id := reg(fmt.Sprintf("业主%d", i+1), "门窗渗水", d(m, day, 9))
		fwd := d(m, day, 11)
		if i == 4 || i == 8 {
			fwd = d(m, day+4, 11) // forwarded late: P1.2 missed
		}
		must(rs.Forward(ctx, id, aftersales.ForwardCommand{Actor: gm, At: fwd}))
		must(rs.Plan(ctx, id, aftersales.PlanCommand{Department: "proj-1", Actor: gm, At: fwd.Add(20 * time.Hour), Plan: aftersales.Plan{
			Measures: "重新打胶", ScheduledAt: fwd.Add(48 * time.Hour), Owner: "周工", Complexity: aftersales.Simple}}))
		must(rs.Complete(ctx, id, aftersales.CompleteCommand{Department: "proj-1", Actor: gm, At: fwd.Add(72 * time.Hour), Result: "已处理"}))
		must(rs.Accept(ctx, id, aftersales.AcceptCommand{Actor: gm, At: fwd.Add(74 * time.Hour),
			Signature: aftersales.Signature{SignedBy: "业主", Method: aftersales.SignPaper, Ref: fmt.Sprintf("SCAN-%d", i)}}))
		must(rs.Visit(ctx, id, aftersales.VisitCommand{Actor: gm, At: fwd.Add(96 * time.Hour),
			Visit: aftersales.Visit{Satisfaction: scores[i], VisitedBy: "赵敏"}}))
	}
	// Still open, and overdue, with three departments.
	id := reg("业主甲", "外墙空鼓", d(10, 20, 9))
	must(rs.Forward(ctx, id, aftersales.ForwardCommand{Actor: gm, At: d(10, 20, 15)}))
	id = reg("业主乙", "窗台开裂", d(10, 22, 9))
	must(rs.Forward(ctx, id, aftersales.ForwardCommand{Actor: gm, At: d(10, 22, 15), Departments: []string{aftersales.DeptDesign}}))
	reg("业主丙", "地下室返潮", d(10, 29, 9))

	creg := func(name string, typ complaint.Type, cause aftersales.Cause, at time.Time) string {
		c, err := cs.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
			Complainant: aftersales.Customer{Name: name}, ProjectID: "P-001", Type: typ, Cause: cause, Description: "投诉",
			Channel: aftersales.ChannelPhone, ReceivedAt: at}})
		require.NoError(t, err)
		return c.ID
	}
	creg("业主丁", complaint.TypeQuality, aftersales.CauseConstruction, d(10, 12, 10))
	creg("业主戊", complaint.TypeService, "", d(10, 15, 10))
	c := creg("业主己", complaint.TypeDelay, aftersales.CauseConstruction, d(11, 1, 10))
	must(cs.Forward(ctx, c, complaint.ForwardCommand{Department: "proj-1", Actor: gm, At: d(11, 1, 12)}))
	must(cs.Plan(ctx, c, complaint.PlanCommand{Actor: gm, Plan: complaint.Plan{Findings: "材料延误", Measures: "加急", Owner: "孙经理", At: d(11, 1, 15)}}))
	must(cs.Answer(ctx, c, complaint.StepCommand{Text: "已完成", Actor: gm, At: d(11, 1, 18)}))
	must(cs.Satisfied(ctx, c, complaint.StepCommand{Actor: gm, At: d(11, 1, 19)}))
	creg("业主庚", complaint.TypeQuality, aftersales.CauseMaterial, d(11, 1, 16))
	creg("业主辛", complaint.TypeQuality, aftersales.CauseConstruction, d(11, 2, 8))
	creg("业主壬", complaint.TypeCharge, aftersales.CauseOther, d(11, 2, 8))

	must(s.app.Warranties.RecordInspection(ctx, "P-001", warranty.InspectionCommand{Actor: gm, Inspection: warranty.Inspection{
		Date: calendar.D(2025, 9, 20), Inspector: "周工", Areas: []string{"屋面", "外墙", "地下车库"}}}))
	must(s.app.Warranties.RecordInspection(ctx, "P-001", warranty.InspectionCommand{Actor: gm, Inspection: warranty.Inspection{
		Date: calendar.D(2026, 3, 18), Inspector: "周工", Areas: []string{"屋面", "卫生间"},
		Findings: []warranty.Finding{{Description: "5号楼屋面排水口堵塞", Class: warranty.Waterproofing, Location: "5号楼屋面"}}}}))
	must(s.app.Staff.RecordSession(ctx, staff.Session{Date: calendar.D(2026, 9, 10), Topic: staff.TopicProcess, Title: "售后流程与期限",
		Trainer: "钱部长", Hours: decimal.NewFromInt(3), Attendees: []string{"p-staff", "p-spec", "p-site"}}, gm))
	must(s.app.Staff.RecordSession(ctx, staff.Session{Date: calendar.D(2026, 10, 15), Topic: staff.TopicCommunication, Title: "投诉沟通技巧",
		Trainer: "外聘讲师 林老师", Hours: decimal.RequireFromString("1.5"), Attendees: []string{"p-staff", "p-head"}}, gm))
	must(s.app.Staff.Assess(ctx, staff.AssessCommand{PersonID: "p-spec", Period: staff.Period{From: calendar.D(2026, 7, 1),
		To: calendar.D(2026, 9, 30)}, ServiceQuality: decimal.NewFromInt(88), RatedBy: "钱部长", Actor: gm}))
}
