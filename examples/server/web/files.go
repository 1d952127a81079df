package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/export"
)

// fileName returns the last path segment of a download link: the form's
// title and the extension, escaped for a URL path.
func fileName(title, ext string) string { return url.PathEscape(title + "." + ext) }

// fileRequest reads a download's {file}: "客户反馈登记表.xlsx", or the
// title alone with ?format=csv (xlsx by default).
func fileRequest(r *http.Request) (title string, f export.Format, err error) {
	file := r.PathValue("file")
	title, ext := file, r.URL.Query().Get("format")
	if i := strings.LastIndexByte(file, '.'); i >= 0 {
		title, ext = file[:i], file[i+1:]
	}
	if ext == "" {
		ext = string(export.XLSX)
	}
	f, err = export.ParseFormat(ext)
	return title, f, err
}

// contentDisposition names a download: a plain ASCII filename for old
// clients and the real, Chinese one as RFC 5987 filename*.
func contentDisposition(name string) string {
	var ascii strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';':
			if s := ascii.String(); !strings.HasSuffix(s, "_") {
				ascii.WriteByte('_')
			}
		default:
			ascii.WriteRune(r)
		}
	}
	fallback := strings.Trim(ascii.String(), "_")
	if fallback == "" || strings.HasPrefix(fallback, ".") {
		fallback = "shouhou" + fallback
	}
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + url.PathEscape(name)
}

// serveDoc writes doc in format f as a download.
func (h *Handler) serveDoc(w http.ResponseWriter, r *http.Request, u *user, doc export.Document, f export.Format) {
	var buf bytes.Buffer
	if err := doc.Write(&buf, f); err != nil {
		h.failPage(w, r, u, err)
		return
	}
	w.Header().Set("Content-Type", export.ContentType(f))
	w.Header().Set("Content-Disposition", contentDisposition(doc.FileName(f)))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(buf.Bytes())
}

// download resolves a file request against the documents a page offers,
// by title, and serves the one asked for.
func (h *Handler) download(w http.ResponseWriter, r *http.Request, u *user, docs map[string]func() (export.Document, error)) {
	title, f, err := fileRequest(r)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	make, ok := docs[title]
	if !ok {
		h.errorPage(w, r, u, http.StatusNotFound, "没有这个文件："+title)
		return
	}
	doc, err := make()
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	h.serveDoc(w, r, u, doc, f)
}

// recordDocs returns the handler of a record's forms to download: docs
// lists them, by title, for the record u may see (load).
func recordDocs[R any](h *Handler, load func(context.Context, *user, string) (R, error),
	docs func(rec R, now time.Time) map[string]func() (export.Document, error)) func(http.ResponseWriter, *http.Request, *user) {
	return func(w http.ResponseWriter, r *http.Request, u *user) {
		rec, err := load(r.Context(), u, r.PathValue("id"))
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		h.download(w, r, u, docs(rec, h.now()))
	}
}

// requestDocs are a request's forms: the 客户反馈登记表 and the 客户回访记录表.
func requestDocs(req *aftersales.Request, now time.Time) map[string]func() (export.Document, error) {
	return map[string]func() (export.Document, error){
		"客户反馈登记表": func() (export.Document, error) { return export.FeedbackForm(req, now), nil },
		"客户回访记录表": func() (export.Document, error) { return export.VisitRecord(req), nil },
	}
}

// complaintDocs are a complaint's forms: the 客户投诉登记表.
func complaintDocs(c *complaint.Complaint, now time.Time) map[string]func() (export.Document, error) {
	return map[string]func() (export.Document, error){
		"客户投诉登记表": func() (export.Document, error) { return export.ComplaintForm(c, now), nil },
	}
}

func (h *Handler) complaintReportFile(w http.ResponseWriter, r *http.Request, u *user) {
	if !u.Desk {
		h.errorPage(w, r, u, http.StatusForbidden, complaintReportForbidden)
		return
	}
	h.download(w, r, u, map[string]func() (export.Document, error){
		"客户投诉分析报告": func() (export.Document, error) {
			month := complaint.MonthOf(h.now())
			if s := r.URL.Query().Get("month"); s != "" {
				m, err := complaint.ParseMonth(s)
				if err != nil {
					return export.Document{}, err
				}
				month = m
			}
			rep, err := h.cfg.Complaints.Report(r.Context(), month)
			if err != nil {
				return export.Document{}, err
			}
			return export.ComplaintReport(rep), nil
		},
	})
}

func (h *Handler) inspectionFile(w http.ResponseWriter, r *http.Request, u *user) {
	wt, err := h.cfg.Warranties.Get(r.Context(), r.PathValue("project"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	i, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		h.errorPage(w, r, u, http.StatusNotFound, "没有这次巡查记录")
		return
	}
	h.download(w, r, u, map[string]func() (export.Document, error){
		"项目巡查记录表": func() (export.Document, error) { return export.InspectionRecord(wt, i-1) },
	})
}

func (h *Handler) warrantySummaryFile(w http.ResponseWriter, r *http.Request, u *user) {
	if !u.Desk {
		h.errorPage(w, r, u, http.StatusForbidden, warrantySummaryForbidden)
		return
	}
	h.download(w, r, u, map[string]func() (export.Document, error){
		"质保期总结报告": func() (export.Document, error) {
			s, err := h.cfg.Warranties.Summary(r.Context(), r.PathValue("project"))
			if err != nil {
				return export.Document{}, err
			}
			return export.WarrantySummary(s), nil
		},
	})
}

func (h *Handler) sessionFile(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	ss, err := h.cfg.Staff.Sessions(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	o, err := h.cfg.Staff.Organisation(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	for _, s := range ss {
		if s.ID == r.PathValue("id") {
			h.download(w, r, u, map[string]func() (export.Document, error){
				"售后人员培训记录表": func() (export.Document, error) { return export.TrainingRecord(s, o), nil },
			})
			return
		}
	}
	h.errorPage(w, r, u, http.StatusNotFound, "培训记录不存在")
}

func (h *Handler) assessmentFile(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	a, err := h.findAssessment(ctx, u, r.PathValue("id"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	o, err := h.cfg.Staff.Organisation(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	h.download(w, r, u, map[string]func() (export.Document, error){
		"售后人员考核记录表": func() (export.Document, error) { return export.AssessmentRecord(a, o), nil },
	})
}
