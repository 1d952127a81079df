package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
)

// TestRunMaintenanceFlags: -backup writes a copy and exits without
// serving, and never overwrites; -retention-run reports what it did;
// -migrate-to refuses a target that is not PostgreSQL and, with
// SHOUHOU_TEST_POSTGRES=1, copies into an empty database and refuses it
// the second time.
func TestRunMaintenanceFlags(t *testing.T) {
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "shouhou.db"), filepath.Join(dir, "backup.db")
	env := func(string) string { return "" }
	a, err := app.New(context.Background(), app.Config{DSN: db, AdminToken: "admin-token", SchedulerInterval: -1})
	require.NoError(t, err, "a database with something in it")
	require.NoError(t, a.Close())
	var out, errb syncBuffer
	require.Equal(t, 0, run(context.Background(), []string{"-db", db, "-backup", backup}, env, &out, &errb), errb.String())
	require.Contains(t, out.String(), "已备份到 "+backup)
	_, err = os.Stat(backup)
	require.NoError(t, err)
	require.Equal(t, 1, run(context.Background(), []string{"-db", db, "-backup", backup}, env, &out, &errb))
	require.Contains(t, errb.String(), "已存在")

	require.Equal(t, 0, run(context.Background(), []string{"-db", db, "-retention-run"}, env, &out, &errb), errb.String())
	require.Contains(t, out.String(), "已去标识化 0 位客户")

	require.Equal(t, 2, run(context.Background(), []string{"-db", db, "-migrate-to", filepath.Join(dir, "other.db")}, env, &out, &errb))
	if !pgtest.Enabled() {
		return
	}
	target := pgtest.Start(t)
	require.Equal(t, 0, run(context.Background(), []string{"-db", db, "-migrate-to", target}, env, &out, &errb), errb.String())
	require.Contains(t, out.String(), "逐表核对行数和校验和一致")
	require.Equal(t, 1, run(context.Background(), []string{"-db", db, "-migrate-to", target}, env, &out, &errb))
	require.Contains(t, errb.String(), "目标数据库不是空的")
}
