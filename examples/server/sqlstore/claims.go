package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Claims give exactly-once handling of scheduled items (a reminder, a
// report due, …) across server instances sharing one database: each
// instance claims an item's key before handling it, marks it done after,
// and releases it if the attempt failed. A claim whose holder died is taken
// over once its lease has run out.
//
// Every method is one SQL statement, atomic in both dialects: of several
// instances claiming one key at once exactly one gets true.
type Claims struct{ db *DB }

// Claim claims key for owner at instant at. It inserts the claim if the key
// is new, or takes it over if it was claimed but never marked done and its
// claim is at least lease old (claimed_at <= at-lease: its holder is
// presumed gone), as scheduler.Claims and its MemClaims have it. It
// returns true iff this call acquired the claim: a key that is done, or
// held under a lease that has not run out, gives false, even to the owner
// that holds it (so that two overlapping runs of one instance do not both
// handle the item). lease must be positive.
func (c *Claims) Claim(ctx context.Context, key, owner string, at time.Time, lease time.Duration) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if key == "" || owner == "" || !storableID(key) || !storableID(owner) {
		return false, invalid("claim_invalid", "认领的键或认领者无效")
	}
	if lease <= 0 {
		return false, invalid("claim_lease_invalid", "认领的租期必须为正")
	}
	db := c.db
	var got bool
	err := db.write(ctx, "claim "+key, func(tx *sql.Tx) error {
		n, err := db.exec(ctx, tx, "claim "+key, `INSERT INTO claims (key, owner, claimed_ns, done_ns) VALUES (?, ?, ?, NULL)
			ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, claimed_ns = excluded.claimed_ns
			WHERE claims.done_ns IS NULL AND claims.claimed_ns <= ?`,
			key, owner, nanos(at), nanos(at.Add(-lease)))
		got = n == 1
		return err
	})
	if err != nil {
		return false, err
	}
	return got, nil
}

// Done marks key done at instant at: no Claim takes it again. Marking a
// key that was never claimed records it as done; marking it again keeps
// the first instant.
func (c *Claims) Done(ctx context.Context, key string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if key == "" || !storableID(key) {
		return invalid("claim_invalid", "认领的键无效")
	}
	db := c.db
	return db.write(ctx, "claim done "+key, func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, "claim done "+key, `INSERT INTO claims (key, owner, claimed_ns, done_ns) VALUES (?, '', ?, ?)
			ON CONFLICT (key) DO UPDATE SET done_ns = excluded.done_ns WHERE claims.done_ns IS NULL`,
			key, nanos(at), nanos(at))
		return err
	})
}

// Release gives back owner's claim of key after a failed attempt, so that
// the next Claim, by any owner, gets it at once. It does nothing unless
// owner holds the claim and it is not done.
func (c *Claims) Release(ctx context.Context, key, owner string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !storableID(key) || !storableID(owner) {
		return nil
	}
	db := c.db
	return db.write(ctx, "release "+key, func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, "release "+key,
			`DELETE FROM claims WHERE key = ? AND owner = ? AND done_ns IS NULL`, key, owner)
		return err
	})
}

// IsDone implements scheduler.ClaimReader: whether key is claimed and
// done.
func (c *Claims) IsDone(ctx context.Context, key string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if !storableID(key) {
		return false, nil
	}
	var done bool
	err := c.db.r.QueryRowContext(ctx, c.db.q(`SELECT done_ns IS NOT NULL FROM claims WHERE key = ?`), key).Scan(&done)
	if errNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlstore: read claim %s: %w", key, err)
	}
	return done, nil
}
