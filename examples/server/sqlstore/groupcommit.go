package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit (SQLite). SQLite writes one transaction at a time, and with
// synchronous=FULL each commit waits for the disk. Writers that arrive
// while a commit is under way do not each wait for their own: they queue,
// and the next transaction runs them all, each inside its own SAVEPOINT,
// then commits once. A writer whose function fails is rolled back to its
// savepoint and told its own error; the others are unaffected. Every
// writer is answered only after the commit that holds its write is
// durable; if that commit fails, every writer of the batch is told so, and
// none of their writes is stored.
const maxGroup = 64

// writeReq is one writer waiting for a group.
type writeReq struct {
	ctx  context.Context
	what string
	fn   func(tx *sql.Tx) error
	done chan error
}

// committer runs the groups, one at a time.
type committer struct {
	db *DB
	// mu guards closed: senders hold it for reading while they queue (they
	// may wait there for the loop to take their request), close for writing.
	mu      sync.RWMutex
	closed  bool
	reqs    chan *writeReq
	stopped chan struct{}
	groups  atomic.Int64 // groups committed, for the tests
	writes  atomic.Int64 // writes they held
}

func newCommitter(db *DB) *committer {
	c := &committer{db: db, reqs: make(chan *writeReq, maxGroup), stopped: make(chan struct{})}
	go c.loop()
	return c
}

// submit queues fn and waits for the commit that holds it.
func (c *committer) submit(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	r := &writeReq{ctx: ctx, what: what, fn: fn, done: make(chan error, 1)}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return fmt.Errorf("sqlstore: %s: the database is closed", what)
	}
	c.reqs <- r
	c.mu.RUnlock()
	return <-r.done
}

func (c *committer) loop() {
	defer close(c.stopped)
	for first := range c.reqs {
		group := []*writeReq{first}
	more:
		for len(group) < maxGroup {
			select {
			case r, ok := <-c.reqs:
				if !ok {
					break more
				}
				group = append(group, r)
			default:
				break more
			}
		}
		c.run(group)
		c.db.prepareWanted()
	}
}

// run writes a group in one transaction.
func (c *committer) run(group []*writeReq) {
	errs := make([]error, len(group))
	fail := func(err error) {
		for i, r := range group {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("sqlstore: %s: %w", r.what, err)
			}
		}
	}
	tx, err := c.db.w.BeginTx(context.Background(), nil)
	if err != nil {
		fail(fmt.Errorf("begin: %w", err))
	} else {
		broken := false
		for i, r := range group {
			if err := r.ctx.Err(); err != nil {
				errs[i] = err
				continue
			}
			sp := fmt.Sprintf("w%d", i)
			if _, err := c.db.txExec(context.Background(), tx, "SAVEPOINT "+sp); err != nil {
				broken = true
				fail(fmt.Errorf("savepoint: %w", err))
				break
			}
			if errs[i] = r.fn(tx); errs[i] != nil {
				if _, err := c.db.txExec(context.Background(), tx, "ROLLBACK TO "+sp); err != nil {
					broken = true
					fail(fmt.Errorf("roll back to the savepoint: %w", err))
					break
				}
			}
			if _, err := c.db.txExec(context.Background(), tx, "RELEASE "+sp); err != nil {
				broken = true
				fail(fmt.Errorf("release the savepoint: %w", err))
				break
			}
		}
		if broken {
			_ = tx.Rollback()
		} else if err := tx.Commit(); err != nil {
			// Nothing of the group is stored: the writers that had
			// succeeded learn that their write was not kept.
			for i := range errs {
				if errs[i] == nil {
					errs[i] = fmt.Errorf("sqlstore: %s: commit: %w", group[i].what, err)
				}
			}
		}
	}
	c.groups.Add(1)
	c.writes.Add(int64(len(group)))
	for i, r := range group {
		r.done <- errs[i]
	}
}

// close stops taking writers, lets the queued ones finish, and waits.
func (c *committer) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.reqs)
	}
	c.mu.Unlock()
	<-c.stopped
}
