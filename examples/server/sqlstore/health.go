package sqlstore

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// probeInterval is how often Probe writes; between, it answers with the
// last result, so that a busy health check costs the database nothing.
const probeInterval = 5 * time.Second

// prober remembers the last write probe.
type prober struct {
	mu  sync.Mutex
	at  time.Time
	err error
}

// Probe checks that the database takes a write: it rewrites the one row of
// the health_probe table in a transaction of the writers' pool. A full or
// read-only disk, an I/O error or a lost PostgreSQL connection fails it
// where a read would still answer. It writes at most every five seconds and
// otherwise returns the last result; the error carries the driver's reason
// for the log, not for a person.
func (db *DB) Probe(ctx context.Context) error {
	p := &db.probe
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !p.at.IsZero() && now.Sub(p.at) < probeInterval && now.After(p.at) {
		return p.err
	}
	p.err = db.writeProbe(ctx, now)
	p.at = now
	return p.err
}

func (db *DB) writeProbe(ctx context.Context, now time.Time) error {
	host, _ := os.Hostname()
	_, err := db.w.ExecContext(ctx, db.q(`INSERT INTO health_probe (id, instance, at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET instance = excluded.instance, at = excluded.at`), fmt.Sprintf("%s/%d", host, os.Getpid()),
		now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("sqlstore: write probe: %w", err)
	}
	return nil
}
