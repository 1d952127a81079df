package pgtest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { Main(m) }

func TestStartGivesFreshDatabases(t *testing.T) {
	a, b := Start(t), Start(t)
	require.NotEqual(t, a, b)
	for _, dsn := range []string{a, b} {
		u, err := url.Parse(dsn)
		require.NoError(t, err)
		require.Equal(t, "127.0.0.1", u.Hostname(), "listens on loopback only")
		db, err := sql.Open("pgx", dsn)
		require.NoError(t, err)
		defer db.Close()
		var tables int
		require.NoError(t, db.QueryRowContext(context.Background(),
			"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").Scan(&tables))
		require.Zero(t, tables, "a fresh database is empty")
		_, err = db.ExecContext(context.Background(), "CREATE TABLE x (id int)")
		require.NoError(t, err)
	}
	// The cluster lives in its own directory, which Main removes.
	require.DirExists(t, cur.dir)
	require.FileExists(t, filepath.Join(cur.data(), "postmaster.pid"))
}

func TestSkipsUnlessEnabled(t *testing.T) {
	t.Setenv(EnvVar, "")
	var skipped bool
	t.Run("inner", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Start(t)
	})
	require.True(t, skipped)
}

func TestMissingBinariesSayWhatToInstall(t *testing.T) {
	t.Setenv(BinEnvVar, t.TempDir())
	_, err := findBin()
	require.Error(t, err)
	require.Contains(t, err.Error(), "install the postgresql package")
}

func TestFindsDebianBinaries(t *testing.T) {
	t.Setenv(BinEnvVar, "")
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(dirs) == 0 {
		t.Skip("no postgresql package here")
	}
	bin, err := findBin()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(bin, "/usr/lib/postgresql/"), bin)
	_, err = os.Stat(filepath.Join(bin, "pg_ctl"))
	require.NoError(t, err)
}
