package web

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// recordParts are the parts a request's page and a complaint's share,
// below the record's own: the customer's privacy page, the notices sent
// about it, its files and the customer's links.
type recordParts struct {
	// Privacy links the customer's page (export, erasure) for those who
	// may act on personal data; empty otherwise.
	Privacy string
	// Deliveries are the notices about the record, by channel (desk only).
	Deliveries []deliveryRow
	// Files are the files kept with the record (before and after done,
	// when it has a time it was done) and the form to add some.
	Files filesView
	// Links is the customer's links, for the after-sales department.
	Links *linksView
}

// recordParts returns the shared parts of record id's page under base
// ("/requests/"), for customer c: failed is the form just refused, if it
// is the upload's; issued, a customer link just issued, shown once.
func (h *Handler) recordParts(ctx context.Context, u *user, n *names, base, id string, c aftersales.Customer, done time.Time,
	failed *form, issued *issuedLink) recordParts {
	p := recordParts{Privacy: h.privacyLink(u, c.ID), Deliveries: h.recordDeliveries(ctx, u, id)}
	upload := uploadForm(base + id + "/files")
	if failed != nil && failed.Key == "files" {
		upload = failed
	}
	p.Files = h.recordFiles(ctx, id, done, upload, n)
	if p.Links = h.recordLinks(ctx, u, base+id+"/links", c); p.Links != nil {
		p.Links.New = issued
	}
	return p
}
