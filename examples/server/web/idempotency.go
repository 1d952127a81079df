package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// A form submitted twice — a double click, the browser's back button and
// submit again, a retry after a lost answer — acts once. Every form the
// desk renders carries a fresh random key (idempotencyField); the step it
// runs records the key on its events (aftersales.WithIdempotencyKey), in
// the same write as the change; a second submission finds the key in the
// record's history and is answered as a success without acting again. A
// registration's key decides the new record's ID.
const idempotencyField = "idempotency_key"

// newFormKey returns a fresh key for a form.
func newFormKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// formKey is the key a submitted form carries, scoped to the user and the
// form's action; "" when the form has none (or one too long to be ours).
func formKey(r *http.Request, u *user) string {
	k := r.PostForm.Get(idempotencyField)
	if k == "" || len(k) > 64 {
		return ""
	}
	sum := sha256.Sum256([]byte(u.Actor.ID + "\n" + u.CustomerID + "\n" + r.URL.Path + "\n" + k))
	return "desk." + hex.EncodeToString(sum[:16])
}

// doneRequest reports whether the request id's history already has the
// step keyed key.
func (h *Handler) doneRequest(ctx context.Context, id, key string) bool {
	if key == "" {
		return false
	}
	hist, err := h.cfg.Requests.History(ctx, id)
	if err != nil {
		return false
	}
	_, _, found := aftersales.FindIdempotent(hist, key)
	return found
}

// doneComplaint is doneRequest for complaints.
func (h *Handler) doneComplaint(ctx context.Context, id, key string) bool {
	if key == "" {
		return false
	}
	hist, err := h.cfg.Complaints.History(ctx, id)
	if err != nil {
		return false
	}
	_, _, found := complaint.FindIdempotent(hist, key)
	return found
}

// keyedContext carries key, if any, to the library.
func keyedContext(ctx context.Context, key string) context.Context {
	if key == "" {
		return ctx
	}
	return aftersales.WithIdempotencyKey(ctx, key)
}

// registrationID is the ID a keyed registration takes.
func registrationID(prefix, key string) string {
	if key == "" {
		return ""
	}
	return prefix + key[len("desk."):len("desk.")+20]
}
