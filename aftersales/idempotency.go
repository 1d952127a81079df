package aftersales

import (
	"context"
	"strings"
)

// idempotencyKey is the context key of WithIdempotencyKey.
type idempotencyKey struct{}

// WithIdempotencyKey returns ctx carrying key: every event a Service writes
// for a command run with this ctx records it (Event.IdempotencyKey), in the
// same atomic write as the change, so that a caller who lost the answer can
// find out later, after a restart or on another instance, whether the
// command was carried out (FindIdempotent). The key is opaque to the
// library; the reference server makes it from the caller, their
// Idempotency-Key header and a hash of the request body.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, key)
}

// IdempotencyKeyFrom returns the key WithIdempotencyKey put in ctx, or "".
func IdempotencyKeyFrom(ctx context.Context) string {
	k, _ := ctx.Value(idempotencyKey{}).(string)
	return k
}

// FindIdempotent looks for the events of history that a command recorded
// with a key starting with prefix (the caller and their key, without the
// body's hash). It returns the full key found and how many events of the
// history lead up to and include the last of them, so that
// Replay(history[:n]) is the record as that command left it: the answer it
// gave. found is false when no event carries the prefix.
func FindIdempotent(history []Event, prefix string) (key string, n int, found bool) {
	return FindKeyed(history, func(e Event) string { return e.IdempotencyKey }, prefix)
}

// FindKeyed is FindIdempotent for the histories of every chapter: key
// returns an event's idempotency key.
func FindKeyed[E any](history []E, key func(E) string, prefix string) (found string, n int, ok bool) {
	if prefix == "" {
		return "", 0, false
	}
	for i, e := range history {
		if k := key(e); k != "" && strings.HasPrefix(k, prefix) {
			found, n, ok = k, i+1, true
		}
	}
	return found, n, ok
}
