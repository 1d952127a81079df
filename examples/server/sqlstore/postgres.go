package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The PostgreSQL pool. The server's requests are short transactions; a few
// connections per instance leave room for several instances under the
// default max_connections of 100.
const (
	pgMaxOpen            = 16
	pgMaxIdle            = 4
	pgMaxIdleTime        = 5 * time.Minute
	pgMaxLifetime        = time.Hour
	pgDefaultConnTimeout = 10 * time.Second
)

// openPostgres opens the database of a postgres:// URL through pgx's
// database/sql driver. The URL's connect_timeout applies to each
// connection attempt (10 s if it sets none); ctx bounds the whole Open,
// migrations included.
func openPostgres(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	secrets, shown, err := inspectPostgresURL(dsn)
	if err != nil {
		return nil, err
	}
	db, err := connectPostgres(ctx, dsn, shown, logger)
	if err != nil {
		return nil, scrub(err, secrets)
	}
	db.secrets = secrets
	return db, nil
}

func connectPostgres(ctx context.Context, dsn, shown string, logger *slog.Logger) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's message quotes the URL, redacted on a best-effort basis;
		// say only which URL, with its password masked by us.
		return nil, fmt.Errorf("sqlstore: cannot use PostgreSQL URL %s: it is not a valid connection URL", shown)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = pgDefaultConnTimeout
	}
	sdb := stdlib.OpenDB(*cfg)
	sdb.SetMaxOpenConns(pgMaxOpen)
	sdb.SetMaxIdleConns(pgMaxIdle)
	sdb.SetConnMaxIdleTime(pgMaxIdleTime)
	sdb.SetConnMaxLifetime(pgMaxLifetime)
	db := &DB{dialect: DialectPostgres, w: sdb, r: sdb, logger: logger, pgConfig: cfg}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("sqlstore: connect to PostgreSQL %s: %w", shown, err)
	}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("sqlstore: PostgreSQL %s: %w", shown, err)
	}
	logger.Info("sqlstore: opened", "dialect", DialectPostgres, "url", shown)
	return db, nil
}

// inspectPostgresURL returns the secrets of dsn (its password, in every
// spelling it may appear in), and dsn with them masked, for messages and
// logs.
func inspectPostgresURL(dsn string) (secrets []string, shown string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		// url.Parse's error quotes the whole URL: say nothing of it.
		return nil, "", errors.New("sqlstore: the PostgreSQL URL is malformed (a password with @, :, /, ? or % in it must be percent-encoded)")
	}
	add := func(s string) {
		if s == "" {
			return
		}
		secrets = append(secrets, s, url.QueryEscape(s), url.PathEscape(s),
			strings.TrimPrefix(url.UserPassword("", s).String(), ":"))
	}
	masked := *u
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			add(pw)
			masked.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	for _, k := range []string{"password", "sslpassword"} {
		if v := q.Get(k); v != "" {
			add(v)
			q.Set(k, "xxxxx")
		}
	}
	masked.RawQuery = q.Encode()
	shown = masked.String()
	return secrets, shown, nil
}

// scrubbedError is an error whose text has had the DSN's secrets masked. It
// does not unwrap to the original error, whose text may hold them; Is still
// answers for it (context.Canceled, context.DeadlineExceeded, …).
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string        { return e.msg }
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.err, target) }

func scrub(err error, secrets []string) error {
	msg := err.Error()
	for _, s := range secrets {
		if len(s) >= 1 {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	return &scrubbedError{msg: msg, err: err}
}
