package app

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/web"
)

// tokenDesk is web.TokenDesk: the people's access tokens, issued and
// revoked on the staff page by the rules the API keeps (api.MayIssueFor,
// tokenAuth.revokeHash).
type tokenDesk struct{ a *App }

func (d tokenDesk) Issue(ctx context.Context, by api.Principal, personID, label string, expires time.Time) (string, error) {
	if err := api.MayIssue(by.Actor); err != nil {
		return "", err
	}
	o, err := d.a.Staff.Organisation(ctx)
	if err != nil {
		return "", err
	}
	subject, err := o.Actor(personID)
	if err != nil {
		return "", aftersales.Errorf(aftersales.KindInvalid, "person_unknown", "人员 %q 不在组织架构中或已停用", personID)
	}
	if err := api.MayIssueFor(by.Actor, subject); err != nil {
		return "", err
	}
	if !expires.IsZero() && !expires.After(d.a.cfg.Clock.Now()) {
		return "", aftersales.Errorf(aftersales.KindInvalid, "token_expiry_invalid", "有效期须在将来")
	}
	return d.a.auth.IssueExpiring(ctx, api.Principal{Actor: subject}, label, expires)
}

func (d tokenDesk) List(ctx context.Context) ([]web.StaffToken, error) {
	list, err := d.a.db.Tokens().StaffTokens(ctx)
	out := make([]web.StaffToken, 0, len(list))
	for _, t := range list {
		out = append(out, web.StaffToken{Hash: t.Hash, PersonID: t.PersonID, Role: t.Role, Label: t.Label, Created: t.CreatedAt,
			Expires: t.ExpiresAt, Revoked: t.RevokedAt})
	}
	return out, err
}

func (d tokenDesk) Revoke(ctx context.Context, by api.Principal, hash string) error {
	return d.a.auth.revokeHash(ctx, hash, by, false)
}
