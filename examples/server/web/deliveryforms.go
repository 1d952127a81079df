package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/warranty"
)

// The desk's forms for the warranty duties and the reports' delivery: the
// W2.1 notice of the warranty arrangements, the W3.2 summary's and the
// C5.1 monthly report's delivery to the general manager. The library
// decides each (who may, when, what is required); these read the form and
// show its refusals next to the fields.

// deliveryFields are the fields of a report's delivery form.
var deliveryFields = []string{"to", "ref", "at"}

// newDeliveryForm is an empty delivery form: to the general manager, now.
func (h *Handler) newDeliveryForm(key, action string) *form {
	f := newForm(key, action)
	f.Values.Set("to", "公司总经理")
	f.Values.Set("at", h.now().In(calendar.CST()).Format("2006-01-02T15:04"))
	return f
}

// deliveryForm reads a posted delivery form: the recipient, the document
// and when it was handed over (empty: now).
func deliveryForm(key, action string, v url.Values) (*form, string, string, time.Time) {
	f := formFrom(key, action, v)
	f.Alias = map[string]string{"recipient": "to", "summary_time_invalid": "at"}
	return f, f.Get("to"), f.Get("ref"), f.parseTime("at", "报送时间")
}

// newNoticeForm is an empty W2.1 notice form, addressed to the project's
// 项目部 when the organisation names it.
func (h *Handler) newNoticeForm(projectID string, n *names) *form {
	f := newForm("notice", "/warranties/"+url.PathEscape(projectID)+"/notice")
	for _, p := range n.org.Projects {
		if p.ID == projectID && p.DepartmentID != "" {
			f.Values.Set("to", n.Dept(p.DepartmentID))
		}
	}
	f.Values.Set("at", h.now().In(calendar.CST()).Format("2006-01-02T15:04"))
	return f
}

// recordNotice records who was told of the warranty arrangements (W2.1).
func (h *Handler) recordNotice(w http.ResponseWriter, r *http.Request, u *user) {
	id := r.PathValue("project")
	f := formFrom("notice", "/warranties/"+url.PathEscape(id)+"/notice", r.PostForm)
	f.Alias = map[string]string{"recipients_required": "to", "recipient": "to"}
	cmd := warranty.NoticeCommand{To: splitList(f.Get("to")), Remark: strings.TrimSpace(f.Get("remark")),
		At: f.parseTime("at", "通知时间"), Actor: u.actor(), Version: f.version()}
	status := http.StatusBadRequest
	if !f.Invalid() {
		_, err := h.cfg.Warranties.RecordNotice(r.Context(), id, cmd)
		if err == nil {
			http.Redirect(w, r, "/warranties/"+url.PathEscape(id)+"?ok=notified", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, "to", "at", "remark")
	}
	h.showWarranty(w, r, u, status, f, "")
}

// deliverSummary records that the 质保期总结报告 reached the general
// manager (W3.2).
func (h *Handler) deliverSummary(w http.ResponseWriter, r *http.Request, u *user) {
	id := r.PathValue("project")
	f, to, ref, at := deliveryForm("deliver", "/warranties/"+url.PathEscape(id)+"/summary-delivery", r.PostForm)
	status := http.StatusBadRequest
	if !f.Invalid() {
		_, err := h.cfg.Warranties.DeliverSummary(r.Context(), id, warranty.DeliverCommand{To: to, Ref: ref, At: at,
			Actor: u.actor(), Version: f.version()})
		if err == nil {
			http.Redirect(w, r, "/warranties/"+url.PathEscape(id)+"/summary?ok=delivered", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, deliveryFields...)
	}
	h.showSummary(w, r, u, status, f)
}

// deliverReport records that a month's 客户投诉分析报告 reached the general
// manager (C5.1).
func (h *Handler) deliverReport(w http.ResponseWriter, r *http.Request, u *user) {
	month := r.PathValue("month")
	f, to, ref, at := deliveryForm("deliver", "/reports/complaints/"+url.PathEscape(month)+"/delivery", r.PostForm)
	m, err := complaint.ParseMonth(month)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	status := http.StatusBadRequest
	if !f.Invalid() {
		_, err := h.cfg.Complaints.DeliverReport(r.Context(), m, complaint.DeliverCommand{To: to, Ref: ref, At: at, Actor: u.actor()})
		if err == nil {
			http.Redirect(w, r, "/reports/complaints?month="+url.QueryEscape(m.String())+"&ok=delivered", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, deliveryFields...)
	}
	q := url.Values{"month": {m.String()}}
	h.showReport(w, r, u, status, formFrom("report", "/reports/complaints", q), f)
}
