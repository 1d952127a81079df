package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Token is an API bearer token, as stored: the SHA-256 hash of the secret
// in lower-case hex, never the secret.
type Token struct {
	Hash         string
	Label        string
	PersonID     string
	Role         aftersales.Role
	DepartmentID string
	CustomerID   string    // for customer tokens: the customer ID they may see
	CreatedAt    time.Time // read back in UTC
	// ExpiresAt is when the token stops working; the zero time: never.
	ExpiresAt time.Time
}

// Expired reports whether the token has expired at now.
func (t Token) Expired(now time.Time) bool { return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt) }

// Tokens are the API bearer tokens, with the cache of those found
// (tokencache.go).
type Tokens struct {
	db    *DB
	cache *tokenCache
}

// HashToken returns the hash under which the bearer token secret is
// stored: SHA-256, in lower-case hex.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// normHash returns h in lower case if it is a SHA-256 hex hash.
func normHash(h string) (string, bool) {
	if len(h) != 2*sha256.Size {
		return "", false
	}
	h = strings.ToLower(h)
	if _, err := hex.DecodeString(h); err != nil {
		return "", false
	}
	return h, true
}

func tokenNotFound() error {
	return aftersales.Errorf(aftersales.KindNotFound, "token_not_found", "令牌不存在")
}

// Create stores tok. It refuses a Hash that is not a SHA-256 hex hash (a
// secret passed by mistake) with KindInvalid, and a hash that exists with
// KindConflict.
func (t *Tokens) Create(ctx context.Context, tok Token) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h, ok := normHash(tok.Hash)
	if !ok {
		return invalid("token_hash_invalid", "令牌须以 SHA-256 摘要（64 位十六进制）保存")
	}
	if !textTime(tok.CreatedAt) {
		return invalid("token_created_invalid", "令牌的创建时间无效")
	}
	var expires any // NULL: never
	if !tok.ExpiresAt.IsZero() {
		if !textTime(tok.ExpiresAt) {
			return invalid("token_expiry_invalid", "令牌的有效期无效")
		}
		expires = rfc3339(tok.ExpiresAt)
	}
	db := t.db
	return db.write(ctx, "create token", func(tx *sql.Tx) error {
		n, err := db.exec(ctx, tx, "insert token", `INSERT INTO tokens
			(hash, label, person_id, role, department_id, customer_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
			h, db.col(tok.Label), db.col(tok.PersonID), db.col(string(tok.Role)), db.col(tok.DepartmentID),
			db.col(tok.CustomerID), rfc3339(tok.CreatedAt), expires)
		if err != nil {
			return err
		}
		if n == 0 {
			return aftersales.Errorf(aftersales.KindConflict, "token_exists", "令牌已存在")
		}
		return nil
	})
}

// Lookup returns the token with the given hash, or a KindNotFound error
// when there is none or it was revoked; an expired token is returned (its
// ExpiresAt says so). A token found is kept in the cache, which every
// revocation empties (tokencache.go): on the instance that revokes, before
// Revoke returns; on PostgreSQL's other instances, when its notification
// arrives.
func (t *Tokens) Lookup(ctx context.Context, hash string) (_ Token, err error) {
	if err := ctx.Err(); err != nil {
		return Token{}, err
	}
	h, ok := normHash(hash)
	if !ok {
		return Token{}, tokenNotFound()
	}
	if tok, ok := t.cache.get(h); ok {
		return tok, nil
	}
	gen := t.cache.begin()
	tok, err := t.read(ctx, h)
	if err == nil {
		t.cache.put(gen, tok)
	}
	return tok, err
}

// read reads the token in force under hash h from the table.
func (t *Tokens) read(ctx context.Context, h string) (_ Token, err error) {
	defer func(start time.Time) { t.db.observe("read", "token", start, err) }(time.Now())
	var tok Token
	var role, created string
	var expires sql.NullString
	err = t.db.r.QueryRowContext(ctx, t.db.q(`SELECT hash, label, person_id, role, department_id, customer_id, created_at, expires_at
		FROM tokens WHERE hash = ? AND revoked_at IS NULL`), h).Scan(&tok.Hash, &tok.Label, &tok.PersonID, &role, &tok.DepartmentID, &tok.CustomerID, &created, &expires)
	if errNoRows(err) {
		return Token{}, tokenNotFound()
	}
	if err != nil {
		return Token{}, fmt.Errorf("sqlstore: look up token: %w", err)
	}
	tok.Role = aftersales.Role(role)
	if tok.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
		return Token{}, fmt.Errorf("sqlstore: token created_at %q: %w", created, err)
	}
	if expires.Valid {
		if tok.ExpiresAt, err = time.Parse(time.RFC3339Nano, expires.String); err != nil {
			return Token{}, fmt.Errorf("sqlstore: token expires_at %q: %w", expires.String, err)
		}
	}
	return tok, nil
}

// Count returns the number of tokens.
func (t *Tokens) Count(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int
	if err := t.db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tokens`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count tokens: %w", err)
	}
	return n, nil
}

// Revoke ends the token with the given hash at at: it authenticates no
// more. An unknown or already revoked hash is a KindNotFound error.
func (t *Tokens) Revoke(ctx context.Context, hash string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h, ok := normHash(hash)
	if !ok {
		return tokenNotFound()
	}
	db := t.db
	defer t.cache.reset()
	return db.write(ctx, "revoke token", func(tx *sql.Tx) error {
		n, err := db.exec(ctx, tx, "revoke token", `UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL`, rfc3339(at), h)
		if err != nil {
			return err
		}
		if n == 0 {
			return tokenNotFound()
		}
		return db.tokensChanged(ctx, tx)
	})
}

// RevokeLabelled revokes every token in force with the given label except
// the one with hash keep, and returns how many it revoked: a new
// SHOUHOU_ADMIN_TOKEN retires the old one.
func (t *Tokens) RevokeLabelled(ctx context.Context, label, keep string, at time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	db := t.db
	var n int64
	defer t.cache.reset()
	err := db.write(ctx, "revoke tokens", func(tx *sql.Tx) error {
		var err error
		n, err = db.exec(ctx, tx, "revoke tokens", `UPDATE tokens SET revoked_at = ? WHERE label = ? AND hash <> ? AND revoked_at IS NULL`,
			rfc3339(at), db.col(label), keep)
		if err != nil || n == 0 {
			return err
		}
		return db.tokensChanged(ctx, tx)
	})
	return int(n), err
}

// IssuedToken is a token as the desk lists a customer's links: never its
// secret, which is shown once, when issued.
type IssuedToken struct {
	Token
	RevokedAt time.Time // zero: in force (unless expired)
}

// CustomerTokens returns the tokens of customer customerID with the given
// label, newest first, revoked ones included, at most 50.
func (t *Tokens) CustomerTokens(ctx context.Context, customerID, label string) ([]IssuedToken, error) {
	return t.issued(ctx, `customer_id = ? AND label = ? ORDER BY created_at DESC LIMIT 50`, t.db.col(customerID), t.db.col(label))
}

// issued reads the tokens a condition selects.
func (t *Tokens) issued(ctx context.Context, where string, args ...any) (_ []IssuedToken, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := t.db.r.QueryContext(ctx, t.db.q(`SELECT hash, label, person_id, role, department_id, customer_id, created_at, expires_at, revoked_at
		FROM tokens WHERE `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: tokens: %w", err)
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	var out []IssuedToken
	for rows.Next() {
		var it IssuedToken
		var role, created string
		var expires, revoked sql.NullString
		if err := rows.Scan(&it.Hash, &it.Label, &it.PersonID, &role, &it.DepartmentID, &it.CustomerID, &created, &expires, &revoked); err != nil {
			return nil, fmt.Errorf("sqlstore: tokens: %w", err)
		}
		it.Role = aftersales.Role(role)
		for _, x := range []struct {
			s  sql.NullString
			to *time.Time
		}{{sql.NullString{String: created, Valid: true}, &it.CreatedAt}, {expires, &it.ExpiresAt}, {revoked, &it.RevokedAt}} {
			if !x.s.Valid {
				continue
			}
			if *x.to, err = time.Parse(time.RFC3339Nano, x.s.String); err != nil {
				return nil, fmt.Errorf("sqlstore: tokens: time %q: %w", x.s.String, err)
			}
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// ExpiredAt returns when the token with the given hash expired, and true,
// if it exists, is not revoked and has expired by now: so that a link
// can say it has expired rather than that it is unknown.
func (t *Tokens) ExpiredAt(ctx context.Context, hash string, now time.Time) (time.Time, bool) {
	h, ok := normHash(hash)
	if !ok {
		return time.Time{}, false
	}
	tok, err := t.read(ctx, h)
	if err != nil || !tok.Expired(now) {
		return time.Time{}, false
	}
	return tok.ExpiresAt, true
}

// StaffTokens returns the tokens issued for people (not customers),
// newest first, revoked ones included, at most 200.
func (t *Tokens) StaffTokens(ctx context.Context) ([]IssuedToken, error) {
	return t.issued(ctx, `customer_id = '' ORDER BY created_at DESC LIMIT 200`)
}
