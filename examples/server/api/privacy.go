package api

import (
	"context"
	"net/http"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// Privacy answers a customer's requests about their personal data
// (个人信息保护法 第四十五条 access and copy, 第四十七条 erasure). Both are
// recorded in the history of every record they touch.
type Privacy interface {
	// Export returns every request and complaint of the customer with
	// their histories, after appending to each an event
	// personal_data_exported.
	Export(ctx context.Context, customerID string, by aftersales.Actor) (*CustomerData, error)
	// Erase pseudonymises the customer at once, in every record and event,
	// appending to each history an event pseudonymised.
	Erase(ctx context.Context, customerID string, by aftersales.Actor) (*Erasure, error)
}

// CustomerData is one customer's data, as exported to them.
type CustomerData struct {
	CustomerID string          `json:"customer_id"`
	ExportedAt time.Time       `json:"exported_at"`
	Requests   []RequestData   `json:"requests"`
	Complaints []ComplaintData `json:"complaints"`
}

// RequestData is a request with its history.
type RequestData struct {
	Request *aftersales.Request `json:"request"`
	History []aftersales.Event  `json:"history"`
}

// ComplaintData is a complaint with its history.
type ComplaintData struct {
	Complaint *complaint.Complaint `json:"complaint"`
	History   []complaint.Event    `json:"history"`
}

// Erasure says what erasing a customer did.
type Erasure struct {
	Pseudonym  string    `json:"pseudonym"` // the ID that now stands for the customer
	Requests   []string  `json:"requests"`
	Complaints []string  `json:"complaints"`
	At         time.Time `json:"at"`
}

func (h *Handler) privacyRoutes() {
	h.mux.HandleFunc("GET /api/v1/customers/{id}/personal-data", h.authed(h.exportCustomer))
	h.mux.HandleFunc("POST /api/v1/customers/{id}/erase", h.authed(h.eraseCustomer))
}

// PrivacyOfficer reports whether a may answer a customer's request about
// their personal data (export or erasure): the after-sales head, who keeps
// the register, or the general manager. The API and the desk both ask it.
func PrivacyOfficer(a aftersales.Actor) bool {
	return a.Role == aftersales.RoleAfterSalesHead || a.Role == aftersales.RoleGeneralManager
}

// PrivacyForbidden returns the refusal for someone PrivacyOfficer turns
// away: kind forbidden, code privacy_forbidden.
func PrivacyForbidden() error {
	return aftersales.Errorf(aftersales.KindForbidden, "privacy_forbidden", "导出或删除客户个人信息仅限售后管理部部长和总经理")
}

// privacyOfficer checks that p may answer a customer's request about their
// data (PrivacyOfficer) and that the server can.
func (h *Handler) privacyOfficer(p Principal) error {
	if h.cfg.Privacy == nil {
		return aftersales.Errorf(aftersales.KindUnavailable, "privacy_unavailable", "本服务器未提供个人信息导出和删除")
	}
	if !PrivacyOfficer(p.Actor) {
		return PrivacyForbidden()
	}
	return nil
}

func (h *Handler) exportCustomer(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := h.privacyOfficer(p); err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.cfg.Privacy.Export(r.Context(), r.PathValue("id"), p.actor())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (h *Handler) eraseCustomer(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := h.privacyOfficer(p); err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := h.cfg.Privacy.Erase(r.Context(), r.PathValue("id"), p.actor())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}
