package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
)

// StaffToken is a person's access token as the staff page lists it: never
// its secret, shown once when issued.
type StaffToken struct {
	Hash, PersonID, Label     string
	Role                      aftersales.Role
	Created, Expires, Revoked time.Time
}

// TokenDesk issues, lists and revokes the people's access tokens, by the
// API's rules (api.MayIssueFor): the general manager and the after-sales
// head issue them, only the general manager for a leader.
type TokenDesk interface {
	Issue(ctx context.Context, by api.Principal, personID, label string, expires time.Time) (token string, err error)
	List(ctx context.Context) ([]StaffToken, error)
	Revoke(ctx context.Context, by api.Principal, hash string) error
}

type tokenRow struct {
	issuedRow
	Person, Role, Label string
}

// tokenRows lists the tokens for the staff page.
func (h *Handler) tokenRows(ctx context.Context, n *names) []tokenRow {
	list, err := h.cfg.TokenDesk.List(ctx)
	if err != nil {
		h.cfg.Logger.Warn("tokens not read", "err", err)
		return nil
	}
	now := h.now()
	var out []tokenRow
	for _, t := range list {
		out = append(out, tokenRow{issuedRow: issued(t.Hash, t.Created, t.Expires, t.Revoked, now), Person: n.Person(t.PersonID),
			Role: t.Role.Label(), Label: t.Label})
	}
	return out
}

// issueToken gives a person an access token, shown once on the page.
func (h *Handler) issueToken(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("token", "/staff/tokens", r.PostForm)
	f.Alias = map[string]string{"person_unknown": "person_id", "token_forbidden": "person_id", "token_expiry_invalid": "days"}
	var expires time.Time
	status := http.StatusBadRequest
	if d := strings.TrimSpace(f.Get("days")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 3650 {
			f.set("days", "有效天数应为 1 到 3650 之间的整数；留空为长期有效")
		}
		expires = h.now().AddDate(0, 0, n)
	}
	if strings.TrimSpace(f.Get("person_id")) == "" {
		f.set("person_id", "请选择人员")
	}
	if !f.Invalid() {
		token, err := h.cfg.TokenDesk.Issue(r.Context(), u.Principal, strings.TrimSpace(f.Get("person_id")), strings.TrimSpace(f.Get("label")), expires)
		if err == nil {
			h.showStaffWith(w, r, u, http.StatusOK, func(fs *staffForms) { fs.Issued = token })
			return
		}
		status = h.fail(r, f, err, "person_id", "label", "days")
	}
	h.showStaffWith(w, r, u, status, func(fs *staffForms) { fs.Token = f })
}

// revokeToken ends a person's token at once.
func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request, u *user) {
	if err := h.cfg.TokenDesk.Revoke(r.Context(), u.Principal, r.PostForm.Get("hash")); err != nil {
		f := newForm("token", "/staff/tokens")
		status := h.fail(r, f, err)
		h.showStaffWith(w, r, u, status, func(fs *staffForms) { fs.Token = f })
		return
	}
	http.Redirect(w, r, "/staff?ok=token_revoked#tokens", http.StatusSeeOther)
}
