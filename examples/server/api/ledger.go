package api

import (
	"net/http"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
)

func (h *Handler) ledgerRoutes() {
	h.mux.HandleFunc("POST /api/v1/audit/ledger", h.authed(h.auditLedger))
}

// requireLedgerAuditor admits the after-sales head and the general
// manager: a ledger audit judges the whole company's record, and an import
// writes records under IDs of its own. Customers and the departments are
// refused as from every company area (requireDesk).
func requireLedgerAuditor(p Principal) error {
	if err := requireDesk(p); err != nil {
		return err
	}
	switch p.Actor.Role {
	case aftersales.RoleAfterSalesHead, aftersales.RoleGeneralManager:
		return nil
	}
	return aftersales.Errorf(aftersales.KindForbidden, "ledger_audit_forbidden", "台账审核仅限售后管理部部长和总经理使用")
}

// auditLedger is POST /api/v1/audit/ledger: a company's ledger uploaded as
// multipart/form-data (ledgeraudit.ReadUpload), judged with the server's
// calendar and policies at the current instant, and with import=true kept
// as records, idempotently. Nothing is read from the body of a caller who
// may not audit, and nothing is written for a ledger that cannot be read.
func (h *Handler) auditLedger(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireLedgerAuditor(p); err != nil {
		h.fail(w, r, err)
		return
	}
	up, err := ledgeraudit.ReadUpload(w, r, h.cfg.MaxLedger)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	opt := h.ledgerOptions()
	res, err := ledgeraudit.Audit(r.Context(), up, opt, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if up.Import {
		imp, err := ledgeraudit.Import(r.Context(), up, opt, h.cfg.Ledger, p.actor())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		res.Import = &imp
	}
	writeJSON(w, http.StatusOK, res)
}

// ledgerOptions judges a ledger as the server judges live records: now,
// on the calendar with the notices loaded, by the configured policies.
func (h *Handler) ledgerOptions() ledgeraudit.Options {
	opt := ledgeraudit.Options{Now: h.cfg.Clock.Now()}
	if s := h.cfg.Requests; s != nil {
		opt.Calendar, opt.Policy = s.Calendar(), s.Policy()
	}
	if s := h.cfg.Complaints; s != nil {
		opt.ComplaintPolicy = s.Policy()
	}
	return opt
}
