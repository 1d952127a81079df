package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// The token cache. Every API request checks its bearer token
// (Tokens.Lookup); reading the tokens table each time was a sixth of a
// registration's cost. Lookup keeps the tokens it found in memory, and
// every change to the tokens table that can end a token (Revoke,
// RevokeLabelled, Pseudonymise) empties the cache of the instance that
// made it when its transaction commits, before it returns: a revoked token
// is refused by that instance at once.
//
// Other instances on the same database learn of it within milliseconds.
// On PostgreSQL the same transaction sends a NOTIFY on the channel
// shouhou_tokens, which PostgreSQL delivers to every listening session
// when it commits; each instance LISTENs on a connection of its own
// (listenTokens) and empties its cache on every notification. While that
// connection is down (and until it first comes up), the instance caches
// nothing and reads the table on every request, so that a missed
// notification can never keep a revoked token alive. On SQLite, whose file
// is meant for one server but may be opened by another, the transaction
// adds one to token_epoch, which every server reads every
// tokenEpochEvery (watchTokenEpoch), emptying its cache when it changed;
// likewise the cache keeps nothing until the first read of the epoch, nor
// while reading it fails.
//
// Only tokens found are cached, never a miss (a flood of made-up tokens
// cannot fill the cache; each costs the read it cost before), at most
// tokenCacheMax of them (a full cache is emptied), each for at most
// tokenTTL. PostgreSQL's listener pings its connection after
// tokenListenCheck without a notification, so that a connection that died
// silently turns the cache off rather than leaving it deaf.

// tokenNotifyChannel is the PostgreSQL channel of token changes.
const tokenNotifyChannel = "shouhou_tokens"

// tokenListenCheck is how long PostgreSQL's listener waits for a
// notification before it checks its connection with a ping.
const tokenListenCheck = 30 * time.Second

// tokenTTL bounds how long a token stays cached, whatever happens: a
// safety net under the resets, which are what end a revoked token.
const tokenTTL = 10 * time.Minute

// tokenEpochEvery is how often a SQLite server reads token_epoch.
const tokenEpochEvery = 50 * time.Millisecond

// tokenCacheMax is the most tokens the cache holds.
const tokenCacheMax = 10_000

// tokenCache holds the tokens Lookup found, by hash. gen counts the
// resets: a Lookup that read the table under one generation stores what it
// read only if no reset came between (a revocation committed while it
// read), so that a reset is never undone.
type tokenCache struct {
	mu      sync.Mutex
	gen     uint64
	live    bool // false: cache nothing (PostgreSQL's listener is down)
	entries map[string]cachedToken
	now     func() time.Time // the clock of tokenTTL
}

// cachedToken is a token found, and when.
type cachedToken struct {
	tok Token
	at  time.Time
}

func newTokenCache(live bool, now func() time.Time) *tokenCache {
	return &tokenCache{live: live, entries: map[string]cachedToken{}, now: now}
}

// get returns the cached token of hash, if cached less than tokenTTL ago.
func (c *tokenCache) get(hash string) (Token, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || c.now().Sub(e.at) >= tokenTTL {
		return Token{}, false
	}
	return e.tok, true
}

// begin returns the generation a read of the table starts under.
func (c *tokenCache) begin() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put caches t, read under generation gen, unless the cache was reset
// since or is not live.
func (c *tokenCache) put(gen uint64, t Token) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || !c.live {
		return
	}
	if len(c.entries) >= tokenCacheMax {
		c.entries = map[string]cachedToken{}
	}
	c.entries[t.Hash] = cachedToken{tok: t, at: c.now()}
}

// reset empties the cache.
func (c *tokenCache) reset() { c.setLive(nil) }

// setLive empties the cache and, when live is not nil, sets whether it
// may cache.
func (c *tokenCache) setLive(live *bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries = map[string]cachedToken{}
	if live != nil {
		c.live = *live
	}
}

// tokensChanged is called in a write transaction that may end tokens: on
// PostgreSQL it sends the notification the other instances listen for,
// delivered when tx commits; on SQLite it moves token_epoch, which the
// other servers on the file read. The caller resets its own cache after
// the commit.
func (db *DB) tokensChanged(ctx context.Context, tx *sql.Tx) error {
	if !db.pg() {
		_, err := db.exec(ctx, tx, "token epoch", `UPDATE token_epoch SET n = n + 1 WHERE id = 1`)
		return err
	}
	_, err := db.exec(ctx, tx, "notify token change", `SELECT pg_notify('`+tokenNotifyChannel+`', '')`)
	return err
}

// watchTokenEpoch reads SQLite's token_epoch every tokenEpochEvery until
// ctx ends, and resets the cache whenever it changed: a token revoked by
// another server on the same file. The cache is live from its first good
// read, and not while reads fail.
func watchTokenEpoch(ctx context.Context, r *sql.DB, cache *tokenCache) {
	t := time.NewTicker(tokenEpochEvery)
	defer t.Stop()
	known, last := false, int64(0)
	on, off := true, false
	for {
		var n int64
		err := r.QueryRowContext(ctx, `SELECT n FROM token_epoch WHERE id = 1`).Scan(&n)
		// The cache keeps nothing until the first good read (at the start,
		// or after a failed one) has given the epoch to watch: what a
		// lookup cached before it could miss a revocation made meanwhile.
		// Emptied whenever the epoch moves.
		switch {
		case err != nil:
			cache.setLive(&off)
		case !known:
			cache.setLive(&on)
		case n != last:
			cache.reset()
		}
		known, last = err == nil, n
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// listenTokens keeps a connection of its own LISTENing on
// tokenNotifyChannel until ctx ends, and resets the cache on every
// notification. The cache is live only while the connection is up;
// reconnection waits from 100 ms doubling up to 10 s.
func listenTokens(ctx context.Context, cfg *pgx.ConnConfig, cache *tokenCache, logger *slog.Logger, secrets []string) {
	on, off := true, false
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := func() error {
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				return err
			}
			defer conn.Close(context.WithoutCancel(ctx))
			if _, err := conn.Exec(ctx, "LISTEN "+tokenNotifyChannel); err != nil {
				return err
			}
			cache.setLive(&on)
			wait = 100 * time.Millisecond
			for {
				// A connection can die without a word (a dropped NAT entry):
				// every tokenListenCheck without a notification, it must
				// answer a ping, or the cache goes off until a new one is up.
				wctx, cancel := context.WithTimeout(ctx, tokenListenCheck)
				_, err := conn.WaitForNotification(wctx)
				cancel()
				if err == nil {
					cache.reset()
					continue
				}
				if ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
					return err
				}
				pctx, cancel := context.WithTimeout(ctx, tokenListenCheck/3)
				err = conn.Ping(pctx)
				cancel()
				if err != nil {
					return err
				}
			}
		}()
		cache.setLive(&off)
		if ctx.Err() != nil {
			return
		}
		logger.Warn("sqlstore: the token cache is off until its PostgreSQL connection is back", "err", scrub(err, secrets).Error())
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}
