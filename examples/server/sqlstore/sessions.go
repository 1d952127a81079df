package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Session is a desk session, as stored: the SHA-256 hash of the random
// session ID the cookie holds, never the ID, and the hash of the API token
// it stands for.
type Session struct {
	IDHash    string
	TokenHash string
	Created   time.Time // when it started: the absolute timeout runs from here
	Seen      time.Time // when it was last used, to within the server's touch interval
}

// Sessions are the desk's server-side sessions (the sessions table).
type Sessions struct{ db *DB }

// Sessions returns the desk's sessions.
func (db *DB) Sessions() *Sessions { return db.sessions }

func sessionNotFound() error {
	return aftersales.Errorf(aftersales.KindNotFound, "session_not_found", "会话不存在或已结束")
}

// Create stores s. A hash that is not a SHA-256 hex hash is KindInvalid; an
// existing one KindConflict.
func (s *Sessions) Create(ctx context.Context, sess Session) error {
	id, ok := normHash(sess.IDHash)
	tok, ok2 := normHash(sess.TokenHash)
	if !ok || !ok2 {
		return invalid("session_hash_invalid", "会话须以 SHA-256 摘要（64 位十六进制）保存")
	}
	db := s.db
	return db.write(ctx, "create session", func(tx *sql.Tx) error {
		n, err := db.exec(ctx, tx, "insert session", `INSERT INTO sessions (id_hash, token_hash, created_ns, seen_ns)
			VALUES (?, ?, ?, ?) ON CONFLICT (id_hash) DO NOTHING`, id, tok, sess.Created.UnixNano(), sess.Seen.UnixNano())
		if err != nil {
			return err
		}
		if n == 0 {
			return aftersales.Errorf(aftersales.KindConflict, "session_exists", "会话已存在")
		}
		return nil
	})
}

// Get returns the session with the given hash, or a KindNotFound error when
// there is none or it has ended. It reads the database every time.
func (s *Sessions) Get(ctx context.Context, idHash string) (_ Session, err error) {
	if err := ctx.Err(); err != nil {
		return Session{}, err
	}
	h, ok := normHash(idHash)
	if !ok {
		return Session{}, sessionNotFound()
	}
	defer func(start time.Time) { s.db.observe("read", "session", start, err) }(time.Now())
	var sess Session
	var created, seen int64
	err = s.db.r.QueryRowContext(ctx, s.db.q(`SELECT id_hash, token_hash, created_ns, seen_ns FROM sessions
		WHERE id_hash = ? AND ended_ns IS NULL`), h).Scan(&sess.IDHash, &sess.TokenHash, &created, &seen)
	if errNoRows(err) {
		return Session{}, sessionNotFound()
	}
	if err != nil {
		return Session{}, fmt.Errorf("sqlstore: look up session: %w", err)
	}
	sess.Created, sess.Seen = time.Unix(0, created).UTC(), time.Unix(0, seen).UTC()
	return sess, nil
}

// Touch records that the session was used at at (never moving it back).
func (s *Sessions) Touch(ctx context.Context, idHash string, at time.Time) error {
	h, ok := normHash(idHash)
	if !ok {
		return sessionNotFound()
	}
	db := s.db
	return db.write(ctx, "touch session", func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, "touch session", `UPDATE sessions SET seen_ns = ? WHERE id_hash = ? AND ended_ns IS NULL AND seen_ns < ?`,
			at.UnixNano(), h, at.UnixNano())
		return err
	})
}

// End ends the session at at: it is found no more. Ending an unknown or
// ended session is not an error.
func (s *Sessions) End(ctx context.Context, idHash string, at time.Time) error {
	h, ok := normHash(idHash)
	if !ok {
		return nil
	}
	db := s.db
	return db.write(ctx, "end session", func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, "end session", `UPDATE sessions SET ended_ns = ? WHERE id_hash = ? AND ended_ns IS NULL`, at.UnixNano(), h)
		return err
	})
}

// Purge deletes the sessions that ended, or were last used, before
// before, and returns how many: they authenticate no more anyway.
func (s *Sessions) Purge(ctx context.Context, before time.Time) (int, error) {
	db := s.db
	var n int64
	err := db.write(ctx, "purge sessions", func(tx *sql.Tx) error {
		var err error
		n, err = db.exec(ctx, tx, "purge sessions", `DELETE FROM sessions WHERE ended_ns < ? OR seen_ns < ?`, before.UnixNano(), before.UnixNano())
		return err
	})
	return int(n), err
}
