package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// tokenAuth checks bearer tokens against their stored SHA-256 hashes and
// issues new ones.
type tokenAuth struct {
	tokens *sqlstore.Tokens
	clock  aftersales.Clock
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

// Authenticate implements api.Authenticator.
func (a tokenAuth) Authenticate(ctx context.Context, token string) (api.Principal, error) {
	if len(token) > 512 {
		return api.Principal{}, errors.New("token too long")
	}
	t, err := a.tokens.Lookup(ctx, hashToken(token))
	if err != nil {
		return api.Principal{}, err
	}
	return api.Principal{Actor: aftersales.Actor{ID: t.PersonID, Role: t.Role, DepartmentID: t.DepartmentID}, CustomerID: t.CustomerID}, nil
}

// Issue implements api.TokenIssuer.
func (a tokenAuth) Issue(ctx context.Context, p api.Principal, label string) (string, error) {
	token := newToken()
	err := a.tokens.Create(ctx, sqlstore.Token{Hash: hashToken(token), Label: label, PersonID: p.Actor.ID, Role: p.Actor.Role,
		DepartmentID: p.Actor.DepartmentID, CustomerID: p.CustomerID, CreatedAt: a.clock.Now()})
	if err != nil {
		return "", err
	}
	return token, nil
}

// adminPrincipal is who the first token stands for: the general manager,
// who leads the after-sales group (G4.1).
var adminPrincipal = api.Principal{Actor: aftersales.Actor{ID: "admin", Name: "系统管理员", Role: aftersales.RoleGeneralManager}}

// bootstrapAdmin makes sure the general manager's token exists: the given
// one (from SHOUHOU_ADMIN_TOKEN) if set, else a generated one on first
// start. It returns the token text when it generated one, to be shown once.
func (a tokenAuth) bootstrapAdmin(ctx context.Context, given string) (generated string, err error) {
	if given != "" {
		if _, err := a.tokens.Lookup(ctx, hashToken(given)); err == nil {
			return "", nil
		} else if !errors.Is(err, aftersales.ErrNotFound) {
			return "", err
		}
		return "", a.tokens.Create(ctx, sqlstore.Token{Hash: hashToken(given), Label: "SHOUHOU_ADMIN_TOKEN", PersonID: adminPrincipal.Actor.ID,
			Role: adminPrincipal.Actor.Role, CreatedAt: a.clock.Now()})
	}
	n, err := a.tokens.Count(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	return a.Issue(ctx, adminPrincipal, "首次启动生成的总经理令牌")
}
