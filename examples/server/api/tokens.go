package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

func (h *Handler) tokenRoutes() {
	h.mux.HandleFunc("POST /api/v1/tokens", h.authed(h.issueToken))
	h.mux.HandleFunc("POST /api/v1/tokens/revoke", h.authed(h.revokeToken))
}

type revokeBody struct {
	Token string `json:"token"`
}

// revokeToken ends a token: the caller's own (log out everywhere), or
// another's when the caller's role allows.
func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request, p Principal) {
	if h.cfg.Tokens == nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindNotAllowed, "tokens_unavailable", "本服务器未启用令牌管理"))
		return
	}
	var b revokeBody
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	if strings.TrimSpace(b.Token) == "" {
		h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "token_required", "须给出要撤销的令牌"))
		return
	}
	own := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") == b.Token
	if err := h.cfg.Tokens.Revoke(r.Context(), b.Token, p, own); err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"revoked": true})
}

type tokenBody struct {
	PersonID   string     `json:"person_id"`   // a person of the organisation, or
	CustomerID string     `json:"customer_id"` // a customer
	Label      string     `json:"label"`
	ExpiresAt  *time.Time `json:"expires_at"` // optional: when the token stops working
}

// issueToken makes a token for a person (acting with their role from the
// organisation) or a customer; the token text is shown once.
func (h *Handler) issueToken(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := MayIssue(p.Actor); err != nil {
		h.fail(w, r, err)
		return
	}
	if h.cfg.Tokens == nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindNotAllowed, "tokens_unavailable", "本服务器未启用令牌发放"))
		return
	}
	var b tokenBody
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	var expires time.Time
	if b.ExpiresAt != nil {
		if !b.ExpiresAt.After(h.cfg.Clock.Now()) || b.ExpiresAt.Year() > 9999 {
			h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "token_expiry_invalid", "expires_at 须是将来的时间（RFC 3339，如 2027-01-01T00:00:00+08:00）"))
			return
		}
		expires = *b.ExpiresAt
	}
	label, err := aftersales.Text(b.Label, false, 200, "label", "令牌说明")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var who Principal
	switch {
	case (b.PersonID == "") == (b.CustomerID == ""):
		h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "token_subject_invalid", "须指定 person_id 或 customer_id 之一"))
		return
	case b.CustomerID != "":
		// An ID as the records hold it: what the customer's data is found,
		// exported and erased by.
		id, err := aftersales.CheckID(b.CustomerID, "customer_id", "客户编号")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		who = Principal{Actor: aftersales.Actor{ID: id, Role: aftersales.RoleCustomer}, CustomerID: id}
	default:
		o, err := h.cfg.Staff.Organisation(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		a, err := o.Actor(b.PersonID)
		if err != nil {
			h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "person_unknown", "人员 %q 不在组织架构中或已停用", b.PersonID))
			return
		}
		if err := MayIssueFor(p.Actor, a); err != nil {
			h.fail(w, r, err)
			return
		}
		who = Principal{Actor: a}
	}
	var token string
	if ei, ok := h.cfg.Tokens.(ExpiringIssuer); ok && !expires.IsZero() {
		token, err = ei.IssueExpiring(r.Context(), who, label, expires)
	} else if !expires.IsZero() {
		err = aftersales.Errorf(aftersales.KindNotAllowed, "token_expiry_unavailable", "本服务器发放的令牌不支持有效期")
	} else {
		token, err = h.cfg.Tokens.Issue(r.Context(), who, label)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := map[string]any{"token": token, "role": who.Actor.Role, "subject": who.Actor.ID}
	if !expires.IsZero() {
		out["expires_at"] = expires
	}
	writeJSON(w, http.StatusCreated, out)
}

// MayIssue reports, as a forbidden-kind error, whether issuer may issue
// access tokens at all: the general manager and the after-sales head
// (G4.1, G4.2), for the API and the desk alike.
func MayIssue(issuer aftersales.Actor) error {
	if issuer.Role != aftersales.RoleGeneralManager && issuer.Role != aftersales.RoleAfterSalesHead {
		return aftersales.Errorf(aftersales.KindForbidden, "token_forbidden", "只有总经理或售后管理部部长可以发放访问令牌")
	}
	return nil
}

// MayIssueFor reports whether issuer may issue a token acting as subject:
// nobody mints a token for more power than their own, so only the general
// manager issues tokens for the general manager or the head.
func MayIssueFor(issuer, subject aftersales.Actor) error {
	if err := MayIssue(issuer); err != nil {
		return err
	}
	if issuer.Role != aftersales.RoleGeneralManager && (subject.Role == aftersales.RoleGeneralManager || subject.Role == aftersales.RoleAfterSalesHead) {
		return aftersales.Errorf(aftersales.KindForbidden, "token_forbidden", "只有总经理可以为总经理或售后管理部部长发放令牌")
	}
	return nil
}
