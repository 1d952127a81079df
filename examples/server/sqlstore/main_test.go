package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// dialect is a database kind the tests run on: newDSN returns the DSN of
// a new, empty database.
type dialect struct {
	name   string
	newDSN func(t *testing.T) string
}

var dialects = []dialect{
	{sqlstore.DialectSQLite, func(t *testing.T) string { return filepath.Join(t.TempDir(), "shouhou.db") }},
	{sqlstore.DialectPostgres, func(t *testing.T) string { return pgtest.Start(t) }},
}

// eachDialect runs fn as a subtest per dialect.
func eachDialect(t *testing.T, fn func(t *testing.T, d dialect)) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) { fn(t, d) })
	}
}

// open opens dsn and closes it when t ends.
func open(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, nil)
	require.NoError(t, err, "Open")
	t.Cleanup(func() { require.NoError(t, db.Close(), "Close") })
	return db
}

// fresh opens a new, empty database of d.
func (d dialect) fresh(t *testing.T) *sqlstore.DB {
	t.Helper()
	db := open(t, d.newDSN(t))
	require.Equal(t, d.name, db.Dialect())
	return db
}
