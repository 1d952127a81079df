package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/storetest"
)

func openStore(t *testing.T, path string) *ERPStore {
	t.Helper()
	s, err := OpenERPStore(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

// TestERPStoreConformance runs the Store conformance suite against the ERP
// store, on a new SQLite file for each subtest.
func TestERPStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) aftersales.Store {
		return openStore(t, filepath.Join(t.TempDir(), "erp.db"))
	})
}

func runArgs(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestRunWithDBFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "erp-demo.db")
	code, out, errOut := runArgs("-db", path)
	require.Equal(t, 0, code, errOut)
	require.Empty(t, errOut)
	for _, want := range []string{
		"售后需求 SH-2026-0001（第 9 版）",
		"状态：已关闭",
		"项目：阳光花园（P-SUNNY）",
		"P3.2 完成处理（项目一部）：2026-10-10 24:00 前，按期",
		"P3.2 向客户反馈处理结果（项目一部）：2026-10-10 24:00 前，按期",
		"P4.2 客户回访：2026-10-13 24:00 前，按期", // 3 working days from the completion on 10-09 (P4.2)
		"工单号 SH-2026-0001  客户 张先生  项目 P-SUNNY  状态码 90  版本 9",
		"合规审计：未发现问题",
	} {
		require.Contains(t, out, want)
	}
	require.NotContains(t, out, "逾期")
	require.NotContains(t, out, "临时数据库")

	// The file stays, and the ERP's own tables hold the ticket.
	s := openStore(t, path)
	ctx := context.Background()
	var status, cust string
	var version, lines, maxLine int
	require.NoError(t, s.db.QueryRowContext(ctx, `SELECT status_code, cust_no, row_version FROM erp_service_ticket
		WHERE ticket_no = 'SH-2026-0001'`).Scan(&status, &cust, &version))
	require.Equal(t, "90", status)
	require.Equal(t, "C-0001", cust)
	require.NoError(t, s.db.QueryRowContext(ctx, `SELECT COUNT(*), MAX(line_no) FROM erp_ticket_log
		WHERE ticket_no = 'SH-2026-0001'`).Scan(&lines, &maxLine))
	require.Equal(t, 9, version, "registration, urgent measures and their feedback, forward, plan, completion and its feedback, acceptance, visit")
	require.Equal(t, version, lines)
	require.Equal(t, version, maxLine)
	var pending any
	require.NoError(t, s.db.QueryRowContext(ctx, `SELECT due_next_ns FROM erp_service_ticket
		WHERE ticket_no = 'SH-2026-0001'`).Scan(&pending))
	require.Nil(t, pending, "a closed ticket owes nothing")

	// Through the Store, the history replays to the record.
	r, err := s.Get(ctx, "SH-2026-0001")
	require.NoError(t, err)
	h, err := s.History(ctx, "SH-2026-0001")
	require.NoError(t, err)
	replayed, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, r.Version, replayed.Version)
	require.Equal(t, r.Status, replayed.Status)
}

func TestRunTwiceAddsATicket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "erp-demo.db")
	code, _, errOut := runArgs("-db", path)
	require.Equal(t, 0, code, errOut)
	code, out, errOut := runArgs("-db", path)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "售后需求 SH-2026-0002")
	rs, err := openStore(t, path).List(context.Background(), aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusClosed}})
	require.NoError(t, err)
	require.Len(t, rs, 2)
	require.Equal(t, "SH-2026-0001", rs[0].ID)
	require.Equal(t, "SH-2026-0002", rs[1].ID)
}

func TestRunInTempDir(t *testing.T) {
	code, out, errOut := runArgs()
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "合规审计：未发现问题")
	m := regexp.MustCompile(`ERP 数据库：(\S+?erp-demo\.db)（临时数据库`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	_, err := os.Stat(filepath.Dir(m[1]))
	require.True(t, errors.Is(err, os.ErrNotExist), "the temporary folder %s was not removed: %v", filepath.Dir(m[1]), err)
}

func TestRunBadArguments(t *testing.T) {
	code, out, errOut := runArgs("-nope")
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "-db")

	code, _, errOut = runArgs("extra")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "多余的参数")

	code, _, _ = runArgs("-h")
	require.Equal(t, 0, code)
}

func TestRunUnwritableDB(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runArgs("-db", filepath.Join(dir, "missing", "sub", "erp.db"))
	require.Equal(t, 1, code)
	require.True(t, strings.HasPrefix(errOut, "失败："), errOut)
}

// A path with characters that mean something in a URI is still one file.
func TestOpenPathWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	name := "ERP 数据 #1?v=2%.db"
	openStore(t, filepath.Join(dir, name))
	_, err := os.Stat(filepath.Join(dir, name))
	require.NoError(t, err)
}

func TestSaveRefusesMalformedEvents(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "erp.db"))
	ctx := context.Background()
	e := aftersales.Event{RequestID: "SH-1", Seq: 1, Type: aftersales.EventRegistered,
		Registration: &aftersales.Registration{Description: "x", Channel: aftersales.ChannelPhone}}
	r, err := aftersales.Replay([]aftersales.Event{e})
	require.NoError(t, err)

	err = s.Save(ctx, r, nil)
	require.True(t, errors.Is(err, aftersales.ErrInvalid), "no events: %v", err)
	other := e
	other.RequestID = "SH-2"
	err = s.Save(ctx, r, []aftersales.Event{other})
	require.True(t, errors.Is(err, aftersales.ErrInvalid), "another request's event: %v", err)
	bad := r.Clone()
	bad.Version = 5
	err = s.Save(ctx, bad, []aftersales.Event{e})
	require.True(t, errors.Is(err, aftersales.ErrInvalid), "version beyond the events: %v", err)
	_, err = s.Get(ctx, "SH-1")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "nothing written: %v", err)

	require.NoError(t, s.Save(ctx, r, []aftersales.Event{e}))
	got, err := s.Get(ctx, "SH-1")
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusRegistered, got.Status)
}
