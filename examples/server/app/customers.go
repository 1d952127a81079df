package app

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
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
