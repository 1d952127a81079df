package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
)

// Principal is who a bearer token stands for.
type Principal struct {
	Actor      aftersales.Actor
	CustomerID string // for customers: the customer they are
}

// Authenticator resolves a bearer token. Any error means 401.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (Principal, error)
}

// TokenIssuer makes new API tokens, the token text returned once and stored
// only as a hash, and revokes them. Revoke decides whether by may revoke
// token: anyone their own (own is true), the general manager any, the head
// those below the leaders.
type TokenIssuer interface {
	Issue(ctx context.Context, p Principal, label string) (string, error)
	Revoke(ctx context.Context, token string, by Principal, own bool) error
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
func isDesk(p Principal) bool {
	switch p.Actor.Role {
	case aftersales.RoleGeneralManager, aftersales.RoleAfterSalesHead, aftersales.RoleAfterSalesStaff, aftersales.RoleSystem:
		return true
	}
	return false
}

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

// specialistProjects returns the projects a specialist is filed for (G4.3).
func (h *Handler) specialistProjects(ctx context.Context, p Principal) ([]string, error) {
	o, err := h.cfg.Staff.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	return o.SpecialistProjects(p.Actor.ID), nil
}

// seesRequest reports whether p may see r: the desk sees all, a customer
// their own, a specialist their projects', a department its assignments.
func (h *Handler) seesRequest(ctx context.Context, p Principal, r *aftersales.Request) (bool, error) {
	switch {
	case isDesk(p):
		return true, nil
	case p.Actor.Role == aftersales.RoleCustomer:
		return p.CustomerID != "" && r.Customer.ID == p.CustomerID, nil
	case p.Actor.Role == aftersales.RoleSpecialist:
		ps, err := h.specialistProjects(ctx, p)
		return r.ProjectID != "" && slices.Contains(ps, r.ProjectID), err
	default:
		_, ok := r.Part(p.Actor.DepartmentID)
		return ok && p.Actor.DepartmentID != "", nil
	}
}

// requestScope narrows a list query to what p may see; ok is false when p
// may see nothing.
func (h *Handler) requestScope(ctx context.Context, p Principal, q *aftersales.Query) (bool, error) {
	switch {
	case isDesk(p):
	case p.Actor.Role == aftersales.RoleCustomer:
		if p.CustomerID == "" {
			return false, nil
		}
		q.CustomerID = p.CustomerID
	case p.Actor.Role == aftersales.RoleSpecialist:
		ps, err := h.specialistProjects(ctx, p)
		if err != nil || len(ps) == 0 {
			return false, err
		}
		if len(q.ProjectIDs) > 0 {
			var both []string
			for _, id := range q.ProjectIDs {
				if slices.Contains(ps, id) {
					both = append(both, id)
				}
			}
			ps = both
		}
		if len(ps) == 0 {
			return false, nil
		}
		q.ProjectIDs = ps
	default:
		if p.Actor.DepartmentID == "" {
			return false, nil
		}
		q.Department = p.Actor.DepartmentID
	}
	return true, nil
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
