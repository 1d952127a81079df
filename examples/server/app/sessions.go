package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// The desk's sessions end after DefaultSessionIdle without use, and
// DefaultSessionMax after they started, whichever comes first
// (Config.SessionIdle, Config.SessionMax), and at logout.
const (
	DefaultSessionIdle = 2 * time.Hour
	DefaultSessionMax  = 12 * time.Hour
	// sessionTouch is how stale a session's last use may be before a
	// request records it again: one write a minute per busy session, not
	// one per request. The idle timeout is kept to within it.
	sessionTouch = time.Minute
)

// sessionAuth implements web.Sessions over the sessions table: the cookie
// holds a random ID, the table its hash and the hash of the API token the
// session was started with. Every request reads the session and the token
// from the database, with no cache, so that logging out, a revoked token
// and an expired one end the session on every instance at once.
type sessionAuth struct {
	store     *sqlstore.Sessions
	tokens    *tokenAuth
	clock     aftersales.Clock
	idle, max time.Duration
}

func sessionExpired() error {
	return aftersales.Errorf(aftersales.KindNotFound, "session_expired", "登录已超时，请重新登录")
}

// Start implements web.Sessions.
func (s *sessionAuth) Start(ctx context.Context, token string) (string, error) {
	if _, err := s.tokens.Authenticate(ctx, token); err != nil {
		return "", err
	}
	var raw [32]byte
	_, _ = rand.Read(raw[:])
	id := base64.RawURLEncoding.EncodeToString(raw[:])
	now := s.clock.Now()
	err := s.store.Create(ctx, sqlstore.Session{IDHash: hashToken(id), TokenHash: hashToken(token), Created: now, Seen: now})
	if err != nil {
		return "", aftersales.StoreError(err)
	}
	return id, nil
}

// Authenticate implements web.Sessions.
func (s *sessionAuth) Authenticate(ctx context.Context, id string) (api.Principal, error) {
	sess, err := s.store.Get(ctx, hashToken(id))
	if err != nil {
		return api.Principal{}, aftersales.StoreError(err)
	}
	now := s.clock.Now()
	if !now.Before(sess.Created.Add(s.max)) || !now.Before(sess.Seen.Add(s.idle)) {
		// Timed out: ended for good, so that a clock set back cannot revive it.
		if err := s.store.End(ctx, sess.IDHash, now); err != nil {
			return api.Principal{}, aftersales.StoreError(err)
		}
		return api.Principal{}, sessionExpired()
	}
	p, err := s.tokens.authenticateHash(ctx, sess.TokenHash)
	if err != nil {
		return api.Principal{}, err
	}
	if now.Sub(sess.Seen) >= sessionTouch {
		if err := s.store.Touch(ctx, sess.IDHash, now); err != nil && !errors.Is(err, context.Canceled) {
			return api.Principal{}, aftersales.StoreError(err)
		}
	}
	return p, nil
}

// End implements web.Sessions.
func (s *sessionAuth) End(ctx context.Context, id string) error {
	return aftersales.StoreError(s.store.End(ctx, hashToken(id), s.clock.Now()))
}
