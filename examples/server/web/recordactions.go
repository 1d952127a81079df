package web

import (
	"net/http"

	"github.com/shouhou/shouhou/aftersales"
)

// pageRecord is a request or complaint that an action on its page acts
// on: found as the person may see it, with how to show its page again.
type pageRecord struct {
	ID, Number, Base string // Base: the record's page
	Customer         aftersales.Customer
	// Show renders the record's page with a form that was refused, or a
	// customer link just issued.
	Show func(w http.ResponseWriter, status int, failed *form, issued *issuedLink)
}

// onRecord makes a handler of an action on a record's page: find gives
// the record u may see (else the page says it is not found), act acts.
func (h *Handler) onRecord(find func(*http.Request, *user) (pageRecord, error), act func(http.ResponseWriter, *http.Request, *user, pageRecord)) userHandler {
	return func(w http.ResponseWriter, r *http.Request, u *user) {
		rec, err := find(r, u)
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		act(w, r, u, rec)
	}
}

// uploadTo adds the photos and documents of a form to the record.
func (h *Handler) uploadTo(w http.ResponseWriter, r *http.Request, u *user, rec pageRecord) {
	h.upload(w, r, u, rec.ID, rec.Base, func(status int, failed *form) { rec.Show(w, status, failed, nil) })
}

// linkTo issues the record's customer a link (and texts it).
func (h *Handler) linkTo(w http.ResponseWriter, r *http.Request, u *user, rec pageRecord) {
	h.issueLink(w, r, u, rec.Customer, rec.Number, func(status int, links *linksView) { rec.Show(w, status, nil, links.New) })
}

// revokeLinkOf revokes one of the record's customer's links.
func (h *Handler) revokeLinkOf(w http.ResponseWriter, r *http.Request, u *user, rec pageRecord) {
	h.revokeLink(w, r, u, rec.Customer, rec.Base)
}
