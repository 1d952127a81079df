package web_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// An empty company's first sign-in lands on the setup checklist; each
// step says whether it is done and where to do it; a company set up goes
// to its queue.
func TestFirstRunChecklist(t *testing.T) {
	c := testclock.New(start)
	a, err := app.New(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "empty.db"), Clock: c, SchedulerInterval: -1,
		Logger: quiet, AdminToken: "admin-token"})
	require.NoError(t, err)
	srv := httptest.NewServer(a.Handler())
	defer func() { srv.Close(); a.Close() }()
	empty := &site{t: t, app: a, srv: srv, clock: c, tokens: map[string]string{"admin": "admin-token"}}
	gm := empty.login("admin")
	res := gm.get("/")
	require.Equal(t, "/start", res.location(), "an empty company starts with the checklist")
	page := gm.get("/start")
	steps := text(page.byID("main"))
	require.Equal(t, 7, strings.Count(steps, "待完成"), steps)
	require.Contains(t, steps, "建立售后管理部")

	full := newSite(t, "")
	admin := full.login("admin")
	require.Equal(t, "/queue", admin.get("/").location(), "set up: the queue")
	steps = text(admin.get("/start").byID("main"))
	require.Equal(t, 7, strings.Count(steps, "已完成"), steps)
}
