package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Principal is who a bearer token stands for.
type Principal struct {
	Actor      aftersales.Actor
	CustomerID string // for customers: the customer they are
}

// Authenticator resolves a bearer token. An error of kind
// aftersales.KindUnavailable means the token could not be checked (the
// storage failed): 503. Any other error means the token is not valid: 401,
// with the code token_expired when the error's code is ErrTokenExpired's.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (Principal, error)
}

// ErrTokenExpired is the answer about a token past its expiry: 401 with
// the code token_expired.
var ErrTokenExpired = aftersales.Errorf(aftersales.KindForbidden, "token_expired", "访问令牌已过期，请向售后管理部申请新的令牌")

// TokenIssuer makes new API tokens, the token text returned once and stored
// only as a hash, and revokes them. Revoke decides whether by may revoke
// token: anyone their own (own is true), the general manager any, the head
// those below the leaders. An issuer that also implements ExpiringIssuer
// issues tokens with an expiry (expires_at).
type TokenIssuer interface {
	Issue(ctx context.Context, p Principal, label string) (string, error)
	Revoke(ctx context.Context, token string, by Principal, own bool) error
}

// ExpiringIssuer issues a token that stops working at expires.
type ExpiringIssuer interface {
	IssueExpiring(ctx context.Context, p Principal, label string, expires time.Time) (string, error)
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, p Principal)

// authed wraps a handler with bearer-token authentication.
func (h *Handler) authed(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(header, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shouhou"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "缺少访问令牌：请在 Authorization 头中使用 Bearer 令牌")
			return
		}
		p, err := h.cfg.Auth.Authenticate(r.Context(), strings.TrimSpace(token))
		if errors.Is(err, aftersales.ErrUnavailable) {
			// The token could not be checked: a storage failure, not a bad token.
			h.logStorage(r, err)
			WriteUnavailable(w)
			return
		}
		var de *aftersales.Error
		if errors.As(err, &de) && de.Code == "token_expired" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shouhou", error="invalid_token", error_description="token expired"`)
			writeError(w, http.StatusUnauthorized, "token_expired", de.Message)
			return
		}
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shouhou", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "访问令牌无效")
			return
		}
		fn(w, r, p)
	}
}

// isDesk reports whether p works at the after-sales desk or above it: they
// see everything.
func isDesk(p Principal) bool { return p.Actor.IsAfterSales() }

// isStaff reports whether p is company staff of any kind.
func isStaff(p Principal) bool { return p.Actor.Role != aftersales.RoleCustomer && p.Actor.Role != "" }

// requireStaff refuses customers.
func requireStaff(p Principal) error {
	if !isStaff(p) {
		return aftersales.Errorf(aftersales.KindForbidden, "staff_only", "该功能仅限公司员工使用")
	}
	return nil
}

// requireDesk refuses everyone but the after-sales department and the
// general manager.
func requireDesk(p Principal) error {
	if !isDesk(p) {
		return aftersales.Errorf(aftersales.KindForbidden, "desk_only", "该功能仅限售后管理部和总经理使用")
	}
	return nil
}

// Viewer returns p as a reader of records (aftersales.Viewer), the one
// rule of who sees what that the API and the desk both ask: a customer reads
// as their customer ID, a specialist with the projects s's Directory says
// they are appointed to (G4.3).
func Viewer(ctx context.Context, s *aftersales.Service, p Principal) (aftersales.Viewer, error) {
	a := p.Actor
	if a.Role == aftersales.RoleCustomer {
		a.ID = p.CustomerID
	}
	return s.Viewer(ctx, a)
}

// reader finds the records a caller may see.
func (h *Handler) reader() Reader {
	return Reader{Requests: h.cfg.Requests, Complaints: h.cfg.Complaints, Warranties: h.cfg.Warranties}
}

// viewer returns p as a reader of records.
func (h *Handler) viewer(ctx context.Context, p Principal) (aftersales.Viewer, error) {
	return Viewer(ctx, h.cfg.Requests, p)
}

// actor is what p acts as in the library: customers act under their
// customer ID.
func (p Principal) actor() aftersales.Actor {
	a := p.Actor
	if a.Role == aftersales.RoleCustomer && p.CustomerID != "" {
		a.ID = p.CustomerID
	}
	return a
}

// ErrNotVisible is the answer about a record the caller may not see: the
// same as about one that does not exist, so that its existence does not
// leak.
var ErrNotVisible = aftersales.Errorf(aftersales.KindNotFound, "not_found", "记录不存在或无权查看")
