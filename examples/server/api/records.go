package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/shouhou/shouhou/aftersales"
)

// The handlers a request and a complaint share: registration under an
// optional Idempotency-Key, the record, its history. Each chapter names
// its own pieces (how it loads a record the caller may see, how it
// replays, masks and registers); the flow is written once here.

// replayer answers a repeat of an Idempotency-Key from the history of
// record id (replayRequest, replayComplaint): done when it answered.
type replayer func(ctx context.Context, w http.ResponseWriter, id string, k idem, status int) (done bool, err error)

// keyedRegistration returns the handler of a registration with body B.
// Under an Idempotency-Key the record's ID is derived from the key
// (prefix, the chapter's: "AS-", "TS-"), a repeat is answered from the
// history (replay), and a registration that loses the race to another
// instance under the same key is answered like a repeat. register
// registers b as p with that ID ("" without a key) and returns the record
// and its ID.
func keyedRegistration[B, R any](h *Handler, prefix, path string, replay replayer,
	register func(ctx context.Context, id string, p Principal, b *B) (R, string, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p Principal) {
		b, k, ok := decodeKeyedBody[B](h, w, r, p)
		if !ok {
			return
		}
		ctx, id := r.Context(), ""
		if k.set() {
			defer h.keys.lock(k)()
			id = k.registrationID(prefix)
			if done, err := replay(ctx, w, id, k, http.StatusCreated); done || (err != nil && !isNotFound(err)) {
				if err != nil {
					h.fail(w, r, err)
				}
				return
			}
			ctx = aftersales.WithIdempotencyKey(ctx, k.full)
		}
		rec, newID, err := register(ctx, id, p, &b)
		if k.set() && errors.Is(err, aftersales.ErrConflict) {
			// Another instance registered it under this key a moment ago.
			if done, rerr := replay(ctx, w, id, k, http.StatusCreated); done || rerr != nil {
				if rerr != nil {
					h.fail(w, r, rerr)
				}
				return
			}
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		w.Header().Set("Location", path+newID)
		writeJSON(w, http.StatusCreated, rec)
	}
}

// recordHandler returns the handler of GET …/{id}: the record p may see
// (load), masked for p.
func recordHandler[R any](h *Handler, load func(context.Context, Principal, string) (R, error),
	mask func(R, aftersales.Actor) R) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p Principal) {
		rec, err := load(r.Context(), p, r.PathValue("id"))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, mask(rec, p.actor()))
	}
}

// historyHandler returns the handler of GET …/{id}/history: the events
// of a record p may see (load), masked for p.
func historyHandler[R, E any](h *Handler, load func(context.Context, Principal, string) (R, error),
	history func(context.Context, string) ([]E, error), mask func(aftersales.Actor, R, []E) []E) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p Principal) {
		rec, err := load(r.Context(), p, r.PathValue("id"))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		events, err := history(r.Context(), r.PathValue("id"))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"events": mask(p.actor(), rec, events)})
	}
}
