package sqlstore

import (
	"time"
)

// Observer is told how long a storage operation took: kind is "write" (one
// write transaction, op its name, such as "save request") or "read" (op
// such as "get requests", "list requests", "history requests", "token",
// "session"), and err whether it failed. It must be quick and safe for
// concurrent use; the server's metrics use it.
type Observer func(kind, op string, took time.Duration, err error)

// SetObserver sets the Observer of every later operation; nil removes it.
// Every write transaction is observed, and the reads of records (get, list,
// history), tokens and sessions: the reads each request makes.
func (db *DB) SetObserver(o Observer) {
	if o == nil {
		db.observer.Store(nil)
		return
	}
	db.observer.Store(&o)
}

// observe reports an operation that started at start to the Observer.
func (db *DB) observe(kind, op string, start time.Time, err error) {
	if o := db.observer.Load(); o != nil {
		(*o)(kind, op, time.Since(start), err)
	}
}
