package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
)

// The customer page answers a customer's request about their personal
// data (个人信息保护法 第四十五条 export, 第四十七条 erasure) from the desk,
// as POST /api/v1/customers/{id}/personal-data and …/erase do in the API:
// the same Privacy, the same rule of who may (api.PrivacyOfficer), each act
// recorded in the history of every record it touches.

// customerPageLimit bounds the records listed on a customer's page.
const customerPageLimit = 200

// customerData is what the customer page shows.
type customerData struct {
	ID         string
	Name       string
	Requests   []*aftersales.Request
	Complaints []*complaint.Complaint
	More       bool // more records than the page lists
	Export     *form
	Erase      *form
}

// privacyAllowed answers the page itself when u may not act on personal
// data, or the server offers no Privacy, and reports whether it did not.
func (h *Handler) privacyAllowed(w http.ResponseWriter, r *http.Request, u *user) bool {
	switch {
	case h.cfg.Privacy == nil:
		h.errorPage(w, r, u, http.StatusNotFound, "本服务器未提供个人信息导出和删除")
		return false
	case !api.PrivacyOfficer(u.actor()):
		h.failPage(w, r, u, api.PrivacyForbidden())
		return false
	}
	return true
}

// privacyLink returns the customer page of customer id for u, or "" when
// u may not act on personal data, the server offers no Privacy or the
// record names no customer.
func (h *Handler) privacyLink(u *user, id string) string {
	if h.cfg.Privacy == nil || id == "" || !api.PrivacyOfficer(u.actor()) {
		return ""
	}
	return "/customers/" + url.PathEscape(id)
}

// customerPage lists a customer's records with the export and erase forms.
func (h *Handler) customerPage(w http.ResponseWriter, r *http.Request, u *user) {
	if !h.privacyAllowed(w, r, u) {
		return
	}
	h.showCustomer(w, r, u, http.StatusOK, r.PathValue("id"), nil)
}

// showCustomer renders the customer page; failed, if any, is the form just
// refused.
func (h *Handler) showCustomer(w http.ResponseWriter, r *http.Request, u *user, status int, id string, failed *form) {
	ctx := r.Context()
	rs, err := h.cfg.Requests.List(ctx, aftersales.Query{CustomerID: id, Limit: customerPageLimit + 1})
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	cs, err := h.cfg.Complaints.List(ctx, complaint.Query{ComplainantID: id, Limit: customerPageLimit + 1})
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	if len(rs) == 0 && len(cs) == 0 {
		h.errorPage(w, r, u, http.StatusNotFound, "客户 "+id+" 没有任何售后需求或投诉记录")
		return
	}
	d := customerData{ID: id}
	if len(rs) > customerPageLimit {
		rs, d.More = rs[:customerPageLimit], true
	}
	if len(cs) > customerPageLimit {
		cs, d.More = cs[:customerPageLimit], true
	}
	d.Requests, d.Complaints = rs, cs
	if len(rs) > 0 {
		d.Name = rs[0].Customer.Name
	} else {
		d.Name = cs[0].Complainant.Name
	}
	base := "/customers/" + url.PathEscape(id) + "/"
	d.Export, d.Erase = newForm("export", base+"personal-data"), newForm("erase", base+"erase")
	if failed != nil {
		if failed.Key == "erase" {
			d.Erase = failed
		} else {
			d.Export = failed
		}
	}
	h.render(w, r, status, "customer", pageData{Title: "客户个人信息 " + id, User: u, Nav: "requests", Data: d})
}

// exportCustomer sends the customer's data as a JSON file, after the
// export is recorded in each history.
func (h *Handler) exportCustomer(w http.ResponseWriter, r *http.Request, u *user) {
	if !h.privacyAllowed(w, r, u) {
		return
	}
	id := r.PathValue("id")
	d, err := h.cfg.Privacy.Export(r.Context(), id, u.actor())
	if err != nil {
		f := formFrom("export", "/customers/"+url.PathEscape(id)+"/personal-data", r.PostForm)
		status := h.fail(r, f, err)
		h.showCustomer(w, r, u, status, id, f)
		return
	}
	raw, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	name := "客户个人信息-" + id + "-" + d.ExportedAt.In(calendar.CST()).Format("20060102") + ".json"
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition(name))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(raw)
}

// eraseCustomer pseudonymises the customer once the customer's ID has
// been typed again, and shows the records under the pseudonym.
func (h *Handler) eraseCustomer(w http.ResponseWriter, r *http.Request, u *user) {
	if !h.privacyAllowed(w, r, u) {
		return
	}
	id := r.PathValue("id")
	f := formFrom("erase", "/customers/"+url.PathEscape(id)+"/erase", r.PostForm)
	if strings.TrimSpace(f.Get("confirm")) != id {
		f.set("confirm", "请输入客户编号 "+id+" 以确认删除")
		h.showCustomer(w, r, u, http.StatusBadRequest, id, f)
		return
	}
	e, err := h.cfg.Privacy.Erase(r.Context(), id, u.actor())
	if err != nil {
		status := h.fail(r, f, err, "confirm")
		h.showCustomer(w, r, u, status, id, f)
		return
	}
	http.Redirect(w, r, "/customers/"+url.PathEscape(e.Pseudonym)+"?ok=erased", http.StatusSeeOther)
}
