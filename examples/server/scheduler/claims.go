package scheduler

import (
	"context"
	"sync"
	"time"
)

// Claims records who is handling which item, so that several scheduler
// instances on one database handle each item once. Implementations must be
// safe for concurrent use, and Claim must be atomic across every instance
// sharing the store (the reference server's SQL store does it with one
// conditional INSERT … ON CONFLICT DO UPDATE … WHERE).
type Claims interface {
	// Claim tries to take key for owner at at. It succeeds (true) when
	// the key was never claimed, or when it is claimed, not done, and its
	// claim is at least lease old (its holder is presumed gone): the claim
	// then passes to owner at at. A done key is never claimed again, and
	// an un-done claim younger than the lease is not taken, even by the
	// owner that holds it.
	Claim(ctx context.Context, key, owner string, at time.Time, lease time.Duration) (bool, error)
	// Done marks key handled for good.
	Done(ctx context.Context, key string, at time.Time) error
	// Release gives up owner's un-done claim on key, so that the next
	// claim succeeds at once. Releasing a claim held by another owner, or a
	// done one, changes nothing.
	Release(ctx context.Context, key, owner string) error
}

// ClaimReader is implemented by Claims that tell a done key from one still
// held. A Scheduler whose Claims is one reads whether an item is done
// before it claims it, so that an item met again at every tick (an
// overdue step of a backlog) costs a read, not a write. Nor does it count
// an overdue deadline whose notice another instance holds, not done, as
// handled: it reads it again at each tick, so that a notice held by an
// instance that stopped is taken over as soon as the claim's lease ends,
// rather than at the next sweep.
type ClaimReader interface {
	// IsDone reports whether key is done.
	IsDone(ctx context.Context, key string) (bool, error)
}

// claim is one key's record.
type claim struct {
	owner  string
	at     time.Time
	doneAt *time.Time
}

// MemClaims is an in-memory Claims, for a single process (tests, a
// single-instance server with SQLite).
type MemClaims struct {
	mu     sync.Mutex
	claims map[string]claim
}

// NewMemClaims returns an empty MemClaims.
func NewMemClaims() *MemClaims { return &MemClaims{claims: map[string]claim{}} }

// Claim implements Claims.
func (m *MemClaims) Claim(ctx context.Context, key, owner string, at time.Time, lease time.Duration) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.claims[key]; ok && (c.doneAt != nil || at.Before(c.at.Add(lease))) {
		return false, nil
	}
	m.claims[key] = claim{owner: owner, at: at}
	return true, nil
}

// Done implements Claims.
func (m *MemClaims) Done(ctx context.Context, key string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.claims[key]
	if c.doneAt == nil {
		c.doneAt = &at
		m.claims[key] = c
	}
	return nil
}

// IsDone implements ClaimReader.
func (m *MemClaims) IsDone(ctx context.Context, key string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.claims[key].doneAt != nil, nil
}

// Release implements Claims.
func (m *MemClaims) Release(ctx context.Context, key, owner string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.claims[key]; ok && c.doneAt == nil && c.owner == owner {
		delete(m.claims, key)
	}
	return nil
}
