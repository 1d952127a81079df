package app

import (
	"context"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/examples/server/web"
)

// Files returns the files kept with records, for the mail intake
// (intake.Mailbox.Files) to keep what customers send.
func (a *App) Files() *sqlstore.Files { return a.db.Files() }

// CustomerFinder finds the customer of the newest record that gives an
// e-mail address (sqlstore.DB.CustomerByEmail).
type CustomerFinder interface {
	CustomerByEmail(ctx context.Context, address string) (aftersales.Customer, bool, error)
}

// Customers finds customers by their e-mail address, for the mail intake
// (intake.Mailbox.Customers).
func (a *App) Customers() CustomerFinder { return a.db }

// files is web.Files over the SQL store's.
type files struct{ x *sqlstore.Files }

func webFile(f sqlstore.File) web.File {
	return web.File{ID: f.ID, RecordID: f.RecordID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, Data: f.Data,
		CreatedBy: f.CreatedBy, CreatedAt: f.CreatedAt}
}

func (x files) Get(ctx context.Context, id string) (web.File, error) {
	f, err := x.x.Get(ctx, id)
	return webFile(f), err
}

func (x files) List(ctx context.Context, recordID string) ([]web.File, error) {
	list, err := x.x.List(ctx, recordID)
	out := make([]web.File, 0, len(list))
	for _, f := range list {
		out = append(out, webFile(f))
	}
	return out, err
}
