package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// TestBrowserEmptyCompanyOnScreensOnly: a company with nothing but the
// general manager's token is set up in chromium through the desk's setup
// screens alone, no API call: its departments (G4, P2.1), people and the
// after-sales head, a project with its 项目部, the specialist appointed by
// the project manager and filed (G4.3), everyone's token, and a warranty
// with its contract terms and start (W1.1). The first-run checklist then
// shows every step done. A request is registered with a photo of the
// defect, walked through forwarding, plan, completion and acceptance to
// the follow-up visit (P1.2–P4.2), and the customer's link is issued with
// its QR code and opens the customer's page. Screenshots at desktop and
// at phone width land with the others; no page is wider than the phone.
func TestBrowserEmptyCompanyOnScreensOnly(t *testing.T) {
	if os.Getenv(BrowserEnvVar) != "1" {
		t.Skip("set " + BrowserEnvVar + "=1 (make test does) to run the browser tests against Debian's chromium")
	}
	c := testclock.New(start)
	a, err := app.New(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "empty.db"), Clock: c, SchedulerInterval: -1,
		Logger: quiet, AdminToken: "admin-token"})
	require.NoError(t, err)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	at := func(day, hour, minute int) { c.Set(time.Date(2026, 11, day, hour, minute, 0, 0, calendar.CST())) }

	b := newBrowser(t, srv.URL)
	// both keeps the page at desktop width and at a phone's, where it
	// must not be wider than the screen.
	both := func(name string) {
		t.Helper()
		b.screenshot("setup-" + name)
		b.do(chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		width := run(b, chromedp.Evaluate[int](`Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)`))
		require.LessOrEqual(t, width, phoneWidth, "%s fits a phone", name)
		b.screenshot("setup-phone-" + name)
		b.do(chromedp.EmulateViewport(1280, 900)) // the desktop again
	}
	// fill sets a form's fields (id suffix → value) and submits it,
	// waiting for the page that says ok.
	fill := func(form string, ok string, fields ...string) {
		t.Helper()
		for i := 0; i+1 < len(fields); i += 2 {
			b.set(fields[i], fields[i+1])
		}
		b.submit(form, ok)
	}
	issue := func(person string) string {
		t.Helper()
		b.open("/staff")
		b.set("token-person_id", person)
		b.set("token-label", "服务台")
		b.do(chromedp.Click(chromedp.CSS(`#form-token button[type="submit"]`)))
		b.waitFor(`!!document.getElementById("new-token")`)
		token := run(b, chromedp.Value(chromedp.ID("new-token")))
		require.NotEmpty(t, token)
		return token
	}

	// The general manager's first sign-in: the checklist, nothing done.
	b.login("admin-token")
	require.Contains(t, b.location(), "/start")
	require.Equal(t, 7, strings.Count(b.text("main"), "待完成"))
	both("00-start")

	// G4, P2.1: the departments.
	for _, d := range [][3]string{{"after_sales", "售后管理部", "after_sales"}, {"proj-1", "项目一部", "project"},
		{"design", "设计部", "design"}, {"procurement", "物资采购部", "procurement"}} {
		b.open("/staff")
		fill("#form-dept", "已保存部门", "dept-id", d[0], "dept-name", d[1], "dept-kind", d[2])
	}
	// G4.1, G4.2, G4.4: the people, the after-sales head among them.
	for _, p := range [][4]string{{"p-head", "钱部长", "after_sales_head", "after_sales"}, {"p-staff", "赵敏", "after_sales_staff", "after_sales"},
		{"p-pm", "孙经理", "department_staff", "proj-1"}, {"p-spec", "周专员", "specialist", "proj-1"}, {"p-site", "周工", "department_staff", "proj-1"}} {
		b.open("/staff")
		fill("#form-person", "人员已保存", "person-id", p[0], "person-name", p[1], "person-role", p[2], "person-department_id", p[3])
	}
	// G2: the project with its 项目部 and manager.
	b.open("/staff")
	fill("#form-project", "项目已保存", "project-id", "P-001", "project-name", "滨江花园", "project-kind", "residential",
		"project-department_id", "proj-1", "project-manager_id", "p-pm")
	// Everyone's token, each shown once on the page.
	tokens := map[string]string{}
	for _, p := range []string{"p-head", "p-staff", "p-pm", "p-spec", "p-site"} {
		tokens[p] = issue(p)
	}
	both("01-token-issued")
	b.logout()

	// G4.3: the project manager appoints the specialist …
	b.login(tokens["p-pm"])
	b.open("/staff")
	fill("#form-appoint", "已任命售后专员", "appoint-project_id", "P-001", "appoint-specialist_id", "p-spec")
	b.logout()
	// … and the after-sales department files the appointment.
	b.login(tokens["p-head"])
	b.open("/staff")
	b.submit(`form[action="/staff/projects/P-001/file"]`, "售后专员任命已备案")
	both("02-staff")
	// W1.1: the warranty, a longer contract term for waterproofing, and
	// its start.
	b.open("/warranties")
	fill("#form-warranty", "质保记录已建立", "warranty-project_id", "P-001", "warranty-design_life", "50", "warranty-general_years", "2",
		"warranty-inspection_every", "3", "warranty-contract_waterproofing", "8")
	fill("#form-start", "已记录质保期起算", "start-basis", "acceptance", "start-date", "2026-10-30", "start-evidence", "竣工验收记录 JY-2026-031")
	require.Contains(t, b.text("#h-terms + table"), "2026-10-30 至 2034-10-30", "the contract's eight years for waterproofing")
	both("03-warranty")
	b.logout()
	b.login("admin-token")
	require.Contains(t, b.location(), "/queue", "set up: the general manager lands on the queue")
	b.open("/start")
	require.Equal(t, 7, strings.Count(b.text("main"), "已完成"), b.text("main"))
	both("04-start-done")
	b.logout()

	// P1.2: 赵敏 registers 张先生's call, then attaches his photo.
	at(2, 9, 30)
	b.login(tokens["p-staff"])
	b.open("/requests/new")
	fill(`form[action="/requests"]`, "已登记", "register-customer_name", "张先生", "register-customer_phone", "13800138000",
		"register-customer_id", "C-1001", "register-channel", "phone", "register-project_id", "P-001",
		"register-location", "3号楼2单元501 卫生间", "register-component", "waterproofing", "register-cause", "construction",
		"register-description", "卫生间顶棚渗水，吊顶有水渍")
	id := strings.TrimPrefix(strings.Split(b.location(), "?")[0], srv.URL+"/requests/")
	require.True(t, strings.HasPrefix(id, "AS-"), id)
	// An ASCII path: chromium here (no zh_CN locale installed) does not
	// take a file whose path it cannot encode, and chooses nothing.
	photo := filepath.Join(t.TempDir(), "leak.jpg")
	require.NoError(t, os.WriteFile(photo, defectPhoto(t), 0o644))
	b.do(chromedp.SetUploadFiles(chromedp.ID("files-file"), []string{photo}))
	require.Equal(t, 1, run(b, chromedp.Evaluate[int](`document.getElementById("files-file").files.length`)), "the photo is chosen")
	b.submit("#form-files", "附件已上传")
	b.do(chromedp.WaitVisible(chromedp.CSS(`ul.files img`)))
	loaded := run(b, chromedp.Evaluate[bool](`(() => { const i = document.querySelector("ul.files img"); return i.complete && i.naturalWidth > 0 })()`))
	require.True(t, loaded, "the photo's thumbnail shows")
	both("05-registered-with-photo")
	// P1.2, P2.1: forwarded by cause to the project's 项目部.
	at(2, 10, 0)
	b.submit("#form-forward", "已转达责任部门")
	b.logout()

	// P3.1, P3.2: 周工 of 项目一部 plans and completes the repair.
	at(3, 9, 0)
	b.login(tokens["p-site"])
	b.open("/requests/" + id)
	fill("#form-plan-0", "已登记处理方案", "plan-0-measures", "重做上层卫生间防水层，闭水试验 48 小时", "plan-0-scheduled_at", "2026-11-04T09:00",
		"plan-0-owner", "周工", "plan-0-complexity", "simple")
	at(5, 16, 0)
	b.open("/requests/" + id)
	fill("#form-complete-0", "已登记处理结果", "complete-0-result", "已重做防水层，闭水试验合格")
	b.logout()

	// P4.1, P4.2: the customer's signature on paper, the follow-up visit,
	// and the customer's link to follow it all.
	at(6, 10, 0)
	b.login(tokens["p-staff"])
	b.open("/requests/" + id)
	fill("#form-accept", "已登记验收签字", "accept-signed_by", "张先生", "accept-signature_ref", "扫描件 QS-2026-001")
	at(9, 10, 0)
	b.open("/requests/" + id)
	fill("#form-visit", "已登记回访", "visit-satisfaction", "5", "visit-visited_by", "赵敏", "visit-suggestions", "维修及时")
	b.open("/requests/" + id)
	b.do(chromedp.Click(chromedp.CSS(`#form-links button[type="submit"]`)))
	b.waitFor(`!!document.getElementById("new-link")`)
	link := run(b, chromedp.Value(chromedp.ID("new-link")))
	require.True(t, strings.HasPrefix(link, srv.URL+"/c/"), link)
	require.Equal(t, 1, run(b, chromedp.Evaluate[int](`document.querySelectorAll("figure.qr svg").length`)), "a QR code to scan")
	both("06-customer-link")
	b.logout()

	r, err := a.Requests.Get(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusClosed, r.Status)
	require.Equal(t, 5, r.Visit.Satisfaction)
	files, err := a.Files().List(context.Background(), id)
	require.NoError(t, err)
	require.Len(t, files, 1)
	require.Equal(t, "p-staff", files[0].CreatedBy)

	// The customer opens the link: their request, by its number.
	b.do(chromedp.Navigate(link))
	b.waitFor(`location.pathname === "/portal" && !!document.querySelector("main h1")`)
	require.Contains(t, b.text("main"), r.Number)
	both("07-customer-portal")
}

// defectPhoto is a small JPEG, as a phone's camera would send one.
func defectPhoto(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			img.Set(x, y, color.RGBA{R: uint8(180 + x%60), G: uint8(170 + y%50), B: 150, A: 255})
		}
	}
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}))
	return buf.Bytes()
}
