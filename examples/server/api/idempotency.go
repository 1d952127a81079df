package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/fnv"
	"io"
	"net/http"
	"sync"
	"time"
	"unicode"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// Idempotent writes. A POST that registers or changes a request or a
// complaint takes an Idempotency-Key header (1–200 printable characters).
// The key, with the caller and the operation, is recorded on the events the
// command writes, in the same atomic write as the change
// (aftersales.WithIdempotencyKey), so that it survives a crash, a restart
// and a move to another instance. A repeat with the same key and the same
// body is answered as the first time (the record as that command left it,
// with the header Idempotent-Replayed: true) without acting again; a repeat
// with another body is a 422 idempotency_key_reused. Keys are remembered
// for IdempotencyTTL; a registration's key decides its record's ID, so it
// is never registered twice.
const (
	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderReplayed       = "Idempotent-Replayed"
	maxIdempotencyKey    = 200
	// IdempotencyTTL is how long a key is remembered.
	IdempotencyTTL = 24 * time.Hour
)

// idem is a request's idempotency: prefix names the caller, the operation
// and the key; full adds the body's hash.
type idem struct{ prefix, full string }

func (k idem) set() bool { return k.prefix != "" }

// idemOf reads the Idempotency-Key header of r for p over body.
func idemOf(r *http.Request, p Principal, body []byte) (idem, error) {
	key := r.Header.Get(HeaderIdempotencyKey)
	if key == "" {
		return idem{}, nil
	}
	if len([]rune(key)) > maxIdempotencyKey || !printable(key) {
		return idem{}, aftersales.Errorf(aftersales.KindInvalid, "idempotency_key_invalid",
			"Idempotency-Key 应为 1 至 %d 个可打印字符", maxIdempotencyKey)
	}
	op := sha256.Sum256([]byte(p.Actor.ID + "\n" + p.CustomerID + "\n" + r.Method + " " + r.URL.Path + "\n" + key))
	b := sha256.Sum256(body)
	prefix := hex.EncodeToString(op[:16]) + "."
	return idem{prefix: prefix, full: prefix + hex.EncodeToString(b[:16])}, nil
}

func printable(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// registrationID is the ID a keyed registration takes: the same key, the
// same ID, so a repeat finds the record instead of making another.
func (k idem) registrationID(prefix string) string { return prefix + k.prefix[:20] }

// keyLocks serialises the commands of one key on this instance, so that two
// copies of a request sent at once act once; across instances the ID of a
// keyed registration and the events' keys decide.
type keyLocks struct{ mu [64]sync.Mutex }

func (l *keyLocks) lock(k idem) func() {
	h := fnv.New32a()
	_, _ = h.Write([]byte(k.prefix))
	m := &l.mu[h.Sum32()%uint32(len(l.mu))]
	m.Lock()
	return m.Unlock
}

// readBody reads a JSON body into memory, up to MaxBody.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		return nil, decodeError(err, h.cfg.MaxBody)
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	return raw, nil
}

// decodeKeyed decodes a command's body into v and reads its
// Idempotency-Key.
func (h *Handler) decodeKeyed(w http.ResponseWriter, r *http.Request, p Principal, v any) (idem, error) {
	raw, err := h.readBody(w, r)
	if err != nil {
		return idem{}, err
	}
	k, err := idemOf(r, p, raw)
	if err != nil {
		return idem{}, err
	}
	return k, h.decode(w, r, v)
}

// decodeKeyedBody decodes a command's body, a B, and reads its
// Idempotency-Key (decodeKeyed); when it cannot, it answers with the
// error and ok is false.
func decodeKeyedBody[B any](h *Handler, w http.ResponseWriter, r *http.Request, p Principal) (b B, k idem, ok bool) {
	k, err := h.decodeKeyed(w, r, p, &b)
	if err != nil {
		h.fail(w, r, err)
		return b, k, false
	}
	return b, k, true
}

// fresh reports whether an event recorded at recorded still counts for
// its key at now.
func fresh(recorded, now time.Time) bool { return now.Sub(recorded) < IdempotencyTTL }

// replayRequest answers a repeat of the keyed command k on request id, if
// its history has it: the record as that command left it, or 422 for the
// same key with another body. done is false when the command is new.
func (h *Handler) replayRequest(ctx context.Context, w http.ResponseWriter, id string, k idem, status int) (done bool, err error) {
	history, err := h.cfg.Requests.History(ctx, id)
	if err != nil {
		return false, err
	}
	return replay(h, w, history, func(e aftersales.Event) (string, time.Time) { return e.IdempotencyKey, e.RecordedAt },
		aftersales.Replay, k, status)
}

// replayComplaint is replayRequest for complaints.
func (h *Handler) replayComplaint(ctx context.Context, w http.ResponseWriter, id string, k idem, status int) (done bool, err error) {
	history, err := h.cfg.Complaints.History(ctx, id)
	if err != nil {
		return false, err
	}
	return replay(h, w, history, func(e complaint.Event) (string, time.Time) { return e.IdempotencyKey, e.RecordedAt },
		complaint.Replay, k, status)
}

// replay answers a repeat of k from a record's history, whatever its
// chapter: meta gives an event's key and when it was recorded, rebuild
// replays the history up to the command's last event.
func replay[E, R any](h *Handler, w http.ResponseWriter, history []E, meta func(E) (string, time.Time),
	rebuild func([]E) (R, error), k idem, status int) (bool, error) {
	key, n, found := aftersales.FindKeyed(history, func(e E) string { k, _ := meta(e); return k }, k.prefix)
	if !found {
		return false, nil
	}
	if _, recorded := meta(history[n-1]); !fresh(recorded, h.cfg.Clock.Now()) {
		return false, nil
	}
	if key != k.full {
		return true, reused()
	}
	rec, err := rebuild(history[:n])
	if err != nil {
		return true, err
	}
	w.Header().Set(HeaderReplayed, "true")
	writeJSON(w, status, rec)
	return true, nil
}

func reused() error {
	return aftersales.Errorf(aftersales.KindNotAllowed, "idempotency_key_reused",
		"该 Idempotency-Key 已用于另一个请求体不同的请求；请换一个新的键")
}

// isNotFound reports whether err says a record does not exist.
func isNotFound(err error) bool { return errors.Is(err, aftersales.ErrNotFound) }

// keyedCommand is one step on a record through the API: it decodes the
// body B, checks that the caller may see the record (load), answers a
// repeat of an Idempotency-Key from the record's history (replay) without
// acting again, runs the step with the key on its events, and answers the
// record as the caller may see it (mask).
func keyedCommand[R any, B any](h *Handler, load func(context.Context, Principal, string) (R, error),
	replay func(context.Context, http.ResponseWriter, string, idem, int) (bool, error),
	run func(ctx context.Context, id string, a aftersales.Actor, b B) (R, error), mask func(R, aftersales.Actor) R) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p Principal) {
		b, k, ok := decodeKeyedBody[B](h, w, r, p)
		if !ok {
			return
		}
		id := r.PathValue("id")
		if _, err := load(r.Context(), p, id); err != nil {
			h.fail(w, r, err)
			return
		}
		ctx := r.Context()
		if k.set() {
			defer h.keys.lock(k)()
			if done, err := replay(ctx, w, id, k, http.StatusOK); done || err != nil {
				if err != nil {
					h.fail(w, r, err)
				}
				return
			}
			ctx = aftersales.WithIdempotencyKey(ctx, k.full)
		}
		rec, err := run(ctx, id, p.actor(), b)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, mask(rec, p.actor()))
	}
}
