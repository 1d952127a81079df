package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/staff"
)

// tokenAuth checks bearer tokens against their stored SHA-256 hashes and
// issues new ones. A staff token stands for a person, not a role: each
// request takes the person's current role and department from the
// organisation, so someone deactivated or moved loses their old powers at
// once (within the cache's few seconds).
type tokenAuth struct {
	tokens *sqlstore.Tokens
	clock  aftersales.Clock
	staff  *staff.Service

	ttl     time.Duration // how long a read of the organisation serves; 0: every request reads it
	mu      sync.Mutex
	org     *staff.Organisation
	fetched time.Time
}

// organisation returns the organisation, read at most every ttl.
func (a *tokenAuth) organisation(ctx context.Context) (*staff.Organisation, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	if a.org != nil && now.Sub(a.fetched) < a.ttl && now.After(a.fetched) {
		return a.org, nil
	}
	o, err := a.staff.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	a.org, a.fetched = o, now
	return o, nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newToken returns 32 random bytes, URL-safe, with a recognisable prefix.
func newToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return "shouhou_" + base64.RawURLEncoding.EncodeToString(b[:])
}

// Authenticate implements api.Authenticator. The token is read from the
// database on every request, with no cache: a revocation holds on every
// instance at once.
func (a *tokenAuth) Authenticate(ctx context.Context, token string) (api.Principal, error) {
	if len(token) > 512 {
		return api.Principal{}, errors.New("token too long")
	}
	return a.authenticateHash(ctx, hashToken(token))
}

// authenticateHash resolves the token stored under hash: an expired one is
// api.ErrTokenExpired.
func (a *tokenAuth) authenticateHash(ctx context.Context, hash string) (api.Principal, error) {
	t, err := a.tokens.Lookup(ctx, hash)
	if err != nil {
		// An unknown token stays not-found (401); a failed look-up is a
		// storage failure (503), never a bad token.
		return api.Principal{}, aftersales.StoreError(err)
	}
	if t.Expired(a.clock.Now()) {
		return api.Principal{}, api.ErrTokenExpired
	}
	if t.Role == aftersales.RoleCustomer {
		return api.Principal{Actor: aftersales.Actor{ID: t.PersonID, Role: t.Role}, CustomerID: t.CustomerID}, nil
	}
	o, err := a.organisation(ctx)
	if err != nil {
		return api.Principal{}, aftersales.StoreError(err)
	}
	actor, err := o.Actor(t.PersonID) // refuses an unknown or inactive person
	if err != nil {
		return api.Principal{}, err
	}
	return api.Principal{Actor: actor}, nil
}

// Issue implements api.TokenIssuer: a token that does not expire.
func (a *tokenAuth) Issue(ctx context.Context, p api.Principal, label string) (string, error) {
	return a.IssueExpiring(ctx, p, label, time.Time{})
}

// IssueExpiring implements api.ExpiringIssuer: a token that stops working
// at expires (the zero time: never).
func (a *tokenAuth) IssueExpiring(ctx context.Context, p api.Principal, label string, expires time.Time) (string, error) {
	token := newToken()
	err := a.tokens.Create(ctx, sqlstore.Token{Hash: hashToken(token), Label: label, PersonID: p.Actor.ID, Role: p.Actor.Role,
		DepartmentID: p.Actor.DepartmentID, CustomerID: p.CustomerID, CreatedAt: a.clock.Now(), ExpiresAt: expires})
	if err != nil {
		return "", err
	}
	return token, nil
}

// adminTokenLabel marks the tokens that came from SHOUHOU_ADMIN_TOKEN.
const adminTokenLabel = "SHOUHOU_ADMIN_TOKEN"

// adminPrincipal is who the first token stands for: the general manager,
// who leads the after-sales group (G4.1).
var adminPrincipal = api.Principal{Actor: aftersales.Actor{ID: "admin", Name: "系统管理员", Role: aftersales.RoleGeneralManager}}

// bootstrapAdmin makes sure the general manager's token exists: the given
// one (from SHOUHOU_ADMIN_TOKEN) if set, else a generated one on first
// start. It returns the token text when it generated one, to be shown once.
func (a *tokenAuth) bootstrapAdmin(ctx context.Context, given string) (generated string, err error) {
	if given != "" {
		if _, err := a.tokens.Lookup(ctx, hashToken(given)); errors.Is(err, aftersales.ErrNotFound) {
			err = a.tokens.Create(ctx, sqlstore.Token{Hash: hashToken(given), Label: adminTokenLabel, PersonID: adminPrincipal.Actor.ID,
				Role: adminPrincipal.Actor.Role, CreatedAt: a.clock.Now()})
			if err != nil && !errors.Is(err, aftersales.ErrConflict) { // another instance created it first
				return "", err
			}
		} else if err != nil {
			return "", err
		}
		// A new SHOUHOU_ADMIN_TOKEN retires the one it replaces.
		_, err := a.tokens.RevokeLabelled(ctx, adminTokenLabel, hashToken(given), a.clock.Now())
		return "", err
	}
	n, err := a.tokens.Count(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	return a.Issue(ctx, adminPrincipal, "首次启动生成的总经理令牌")
}

// Revoke implements api.TokenIssuer: anyone may revoke their own token; the
// general manager any; the after-sales head those of people below the
// leaders and of customers.
func (a *tokenAuth) Revoke(ctx context.Context, token string, by api.Principal, own bool) error {
	return a.revokeHash(ctx, hashToken(token), by, own)
}

// revokeHash revokes the token with hash as by may: their own, any as the
// general manager, any but a leader's as the after-sales head.
func (a *tokenAuth) revokeHash(ctx context.Context, hash string, by api.Principal, own bool) error {
	t, err := a.tokens.Lookup(ctx, hash)
	if err != nil {
		return err
	}
	leader := t.Role == aftersales.RoleGeneralManager || t.Role == aftersales.RoleAfterSalesHead
	switch {
	case own, by.Actor.Role == aftersales.RoleGeneralManager:
	case by.Actor.Role == aftersales.RoleAfterSalesHead && !leader:
	default:
		return aftersales.Errorf(aftersales.KindForbidden, "token_forbidden", "无权撤销该令牌")
	}
	return a.tokens.Revoke(ctx, hash, a.clock.Now())
}
