package app

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/examples/server/web"
)

// feedReaderFunc is a reader of the change feed that Serve runs.
type feedReaderFunc struct {
	name    string
	deliver func(ctx context.Context, it sqlstore.FeedItem) error
}

// Follow has Serve run deliver over every event of the change feed
// committed from the first time a reader of that name ran (not the history
// before), in commit order, from a position stored under name: one
// instance at a time, retrying an event whose deliver failed (see
// feedhook.Dispatcher). Call it before Serve.
func (a *App) Follow(name string, deliver func(ctx context.Context, it sqlstore.FeedItem) error) {
	a.readers = append(a.readers, feedReaderFunc{name: name, deliver: deliver})
}

// CustomerLinkLabel marks the tokens issued for the links texted to
// customers, in the token list.
const CustomerLinkLabel = "客户查询链接（短信）"

// CustomerLink issues customer customerID a token for their link to their
// records (/c/<token>), working until expires. Each call issues a new one.
func (a *App) CustomerLink(ctx context.Context, customerID string, expires time.Time) (string, error) {
	if customerID == "" {
		return "", aftersales.Errorf(aftersales.KindInvalid, "customer_id_required", "客户编号不能为空")
	}
	p := api.Principal{Actor: aftersales.Actor{ID: customerID, Role: aftersales.RoleCustomer}, CustomerID: customerID}
	return a.auth.IssueExpiring(ctx, p, CustomerLinkLabel, expires)
}

// links is web.Links over the tokens: a customer's link is a customer
// token labelled CustomerLinkLabel that expires after life.
type links struct {
	a    *App
	life time.Duration
}

func (l links) Issue(ctx context.Context, customerID string) (string, time.Time, error) {
	expires := l.a.cfg.Clock.Now().Add(l.life)
	token, err := l.a.CustomerLink(ctx, customerID, expires)
	return token, expires, err
}

func (l links) List(ctx context.Context, customerID string) ([]web.Link, error) {
	list, err := l.a.db.Tokens().CustomerTokens(ctx, customerID, CustomerLinkLabel)
	out := make([]web.Link, 0, len(list))
	for _, t := range list {
		out = append(out, web.Link{Hash: t.Hash, Created: t.CreatedAt, Expires: t.ExpiresAt, Revoked: t.RevokedAt})
	}
	return out, err
}

// Revoke revokes the link with hash if it is customerID's: a link is
// revoked from the page of one of its customer's records, never another's.
func (l links) Revoke(ctx context.Context, customerID, hash string) error {
	list, err := l.a.db.Tokens().CustomerTokens(ctx, customerID, CustomerLinkLabel)
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.Hash == hash && t.RevokedAt.IsZero() {
			return l.a.db.Tokens().Revoke(ctx, hash, l.a.cfg.Clock.Now())
		}
	}
	return aftersales.Errorf(aftersales.KindNotFound, "link_not_found", "该客户没有这个有效的链接")
}

func (l links) ExpiredAt(ctx context.Context, token string) (time.Time, bool) {
	return l.a.db.Tokens().ExpiredAt(ctx, sqlstore.HashToken(token), l.a.cfg.Clock.Now())
}
