package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/warranty"
)

//go:embed templates
var templateFS embed.FS

// pageData is what every page template gets.
type pageData struct {
	Title string
	User  *user
	Nav   string // the active navigation item
	OK    string // a success message after a redirect
	// CSRFToken is the double-submit token of the two forms posted without
	// a session (login and a customer link's confirmation); signed-in forms
	// carry none, the cross-origin protection (see New) guards them.
	CSRFToken string
	Wide      bool // pages with wide tables
	Data      any
}

// clockForm is what the shared pause and resume forms (partials.html) are
// rendered with: the form and the chapter's hint.
type clockForm struct {
	F    *form
	Hint string
}

// withdrawForm is what the partial "withdrawform" shows: the form, the
// name of its reason's field, and its title.
type withdrawForm struct {
	F            *form
	Field, Title string
}

type pageTemplate struct{ t *template.Template }

// parsePages parses each page of templates/pages with the layout and the
// partials.
func parsePages() map[string]*pageTemplate {
	base := template.Must(template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/*.html"))
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*pageTemplate{}
	for _, p := range pages {
		t := template.Must(template.Must(base.Clone()).ParseFS(templateFS, p))
		out[strings.TrimSuffix(path.Base(p), ".html")] = &pageTemplate{t: t}
	}
	return out
}

// render writes a page. A template that fails is a 500 without details.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, d pageData) {
	p, ok := h.pages[name]
	if !ok {
		panic("web: no page template " + name)
	}
	if d.OK == "" {
		d.OK = okMessages[r.URL.Query().Get("ok")]
	}
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, "layout", d); err != nil {
		h.cfg.Logger.Error("rendering page", "page", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("服务器内部错误，请稍后重试"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorData struct {
	Status  int
	Message string
	Back    string
}

// errorPage renders a page that says what went wrong, in Chinese.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, u *user, status int, msg string) {
	title := map[int]string{http.StatusNotFound: "未找到", http.StatusForbidden: "无权操作", http.StatusUnauthorized: "请登录",
		http.StatusInternalServerError: "出错了"}[status]
	if title == "" {
		title = "无法完成操作"
	}
	back := "/"
	if ref := r.Header.Get("Referer"); ref != "" {
		if ru, err := url.Parse(ref); err == nil && ru.Host == r.Host {
			back = ru.RequestURI()
		}
	}
	h.render(w, r, status, "error", pageData{Title: title, User: u, Data: errorData{Status: status, Message: msg, Back: back}})
}

// unavailablePage answers 503 with Retry-After when the storage failed:
// the person may try again shortly; nothing is blamed on them.
func (h *Handler) unavailablePage(w http.ResponseWriter, r *http.Request, err error) {
	h.cfg.Logger.WarnContext(r.Context(), "storage unavailable", "method", r.Method, "path", logPath(r), "err", err)
	w.Header().Set("Retry-After", strconv.Itoa(api.RetryAfter))
	h.errorPage(w, r, nil, http.StatusServiceUnavailable, "数据存储暂时不可用，请稍后重试。已提交的内容可能已经保存，请刷新页面查看后再决定是否重新提交。")
}

// okMessages are the success messages a redirect may ask for with ?ok=.
var okMessages = map[string]string{
	"uploaded":       "附件已上传。",
	"person":         "人员已保存。",
	"warranty":       "质保记录已建立。",
	"warranty_start": "已记录质保期起算（W1.1）。",
	"notified":       "已登记质保期工作安排通知（W2.1）。",
	"delivered":      "已登记报告报送。",
	"token_revoked":  "访问令牌已撤销，立即失效。",
	"project":        "项目已保存。",
	"appointed":      "已任命售后专员，待售后管理部备案（G4.3）。",
	"filed":          "售后专员任命已备案（G4.3）。",
	"link_revoked":   "客户链接已撤销，该链接立即失效。",
	"logout":         "已退出登录。",
	"registered":     "已登记。",
	"forward":        "已转达责任部门。",
	"urgent":         "已登记紧急处理措施。",
	"plan":           "已登记处理方案。",
	"reclassify":     "已调整问题复杂程度。",
	"escalate":       "已上报售后管理部。",
	"complete":       "已登记处理结果。",
	"accept":         "已登记验收签字。",
	"reject":         "已登记验收不合格，责任部门将重新处理。",
	"visit":          "已登记回访。",
	"withdraw":       "已撤回。",
	"rate":           "感谢您的评价！",
	"step":           "已保存。",
	"inspection":     "已登记巡查记录。",
	"session":        "已登记培训记录。",
	"assessment":     "已登记考核结果。",
	"department":     "已保存部门。",
	"head":           "已更换售后管理部部长。",
	"erased":         "已删除该客户的个人信息：各记录中的姓名、电话和地址已去标识化，案件事实和统计数据保留，删除已记入每条记录的历史。",
}

var funcs = template.FuncMap{
	"fld":        fld,
	"startBases": startBases,
	"sel":        sel,
	"hint":       func(f field, s string) field { f.Hint = s; return f },
	"req":        func(f field) field { f.Required = true; return f },
	"rows":       func(f field, n int) field { f.Rows = n; return f },
	"typ":        func(f field, t string) field { f.Type = t; return f },
	"dt":         fmtTime,
	"due":        fmtDue,
	"date":       fmtDate,
	"fileName":   fileName,
	"pathEsc":    url.PathEscape,
	"join":       strings.Join,
	"add":        func(a, b int) int { return a + b },
	"list":       func(fs ...*form) []*form { return fs },
	"clockForm":  func(f *form, hint string) clockForm { return clockForm{F: f, Hint: hint} },
	"withdrawForm": func(f *form, field, title string) withdrawForm {
		return withdrawForm{F: f, Field: field, Title: title}
	},
	"deref": func(t *time.Time) time.Time { return *t },
	"pct":   fmtPercent,
	"multi": multi,
	"prepend": func(label string, opts []option) []option {
		return append([]option{{Value: "", Label: label}}, opts...)
	},
	"docs": docs,

	"channelOptions":       channelOptions,
	"pauseReasonOptions":   pauseReasonOptions,
	"causeOptions":         causeOptions,
	"classOptions":         classOptions,
	"complexityOptions":    complexityOptions,
	"satisfactionOptions":  satisfactionOptions,
	"complaintTypeOptions": complaintTypeOptions,
	"receiverOptions":      receiverOptions,
	"topicOptions":         topicOptions,
	"satisfactionLabel":    aftersales.SatisfactionLabel,
	"componentLabel":       warranty.ComponentLabel,
}

// multi describes a group of checkboxes of form f, checked as submitted.
func multi(f *form, name, label string, opts []option) field {
	x := fld(f, name, label, "checks")
	x.Options = make([]option, len(opts))
	for i, o := range opts {
		o.Selected = f != nil && f.Has(name, o.Value)
		x.Options[i] = o
	}
	return x
}

// docLink is a form or report offered for download in both formats.
type docLink struct{ Title, XLSX, CSV string }

// docs lists the downloads under base/files/, with query appended.
func docs(base, query string, titles ...string) []docLink {
	var out []docLink
	for _, t := range titles {
		out = append(out, docLink{Title: t, XLSX: base + "/files/" + fileName(t, "xlsx") + query,
			CSV: base + "/files/" + fileName(t, "csv") + query})
	}
	return out
}

// fmtTime formats an instant in CST, "2006-01-02 15:04"; the zero time
// as a dash.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(calendar.CST()).Format("2006-01-02 15:04")
}

// fmtDue formats a deadline: a due instant at 00:00 CST is the end of the
// day before (民法典 第二百零三条: the period ends at 24:00 of its last day),
// and is written so, as "2006-01-02 24:00".
func fmtDue(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	c := t.In(calendar.CST())
	if c.Hour() == 0 && c.Minute() == 0 && c.Second() == 0 && c.Nanosecond() == 0 {
		return c.Add(-time.Hour).Format("2006-01-02") + " 24:00"
	}
	return c.Format("2006-01-02 15:04")
}

func fmtDate(d calendar.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.String()
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// sprintf is fmt.Sprintf, for messages built in handlers.
func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
