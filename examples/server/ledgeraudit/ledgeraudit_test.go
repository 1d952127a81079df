package ledgeraudit_test

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/internal/ledgertest"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
)

var (
	gm  = aftersales.Actor{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager}
	opt = ledgeraudit.Options{Now: ledgertest.Now()}
)

// read reads parts as an upload of at most limit bytes.
func read(t *testing.T, limit int64, parts ...ledgertest.Part) (ledgeraudit.Upload, error) {
	t.Helper()
	body, ct := ledgertest.Multipart(t, parts...)
	r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", ct)
	return ledgeraudit.ReadUpload(httptest.NewRecorder(), r, limit, "csrf_token")
}

func code(err error) string {
	var de *aftersales.Error
	if errors.As(err, &de) {
		return de.Code
	}
	return ""
}

func TestReadUpload(t *testing.T) {
	sample := ledgertest.Sample(t)
	up, err := read(t, 0, ledgertest.File("ledger", `C:\台账\2026年登记表.xlsx`, sample), ledgertest.File("mapping", "m.json", []byte(`{"requests": {}}`)),
		ledgertest.Field("import", "true"), ledgertest.Field("csrf_token", "x"))
	require.NoError(t, err)
	require.Equal(t, "2026年登记表.xlsx", up.Name)
	require.Equal(t, sample, up.Ledger)
	require.True(t, up.Import)
	require.Equal(t, `{"requests": {}}`, string(up.Mapping))
	require.Equal(t, "x", up.Fields["csrf_token"])

	// A mapping input left empty is no mapping.
	up, err = read(t, 0, ledgertest.File("ledger", "a.xlsx", sample), ledgertest.Part{Name: "mapping", IsFile: true})
	require.NoError(t, err)
	require.Nil(t, up.Mapping)
	require.False(t, up.Import)

	for _, tc := range []struct {
		name  string
		limit int64
		parts []ledgertest.Part
		code  string
	}{
		{"no ledger", 0, []ledgertest.Part{ledgertest.Field("import", "true")}, "ledger_required"},
		{"no file chosen", 0, []ledgertest.Part{{Name: "ledger", IsFile: true}}, "ledger_required"},
		{"unknown part", 0, []ledgertest.Part{ledgertest.File("ledger", "a.xlsx", sample), ledgertest.Field("ledgr", "x")}, "field_unknown"},
		{"twice", 0, []ledgertest.Part{ledgertest.File("ledger", "a.xlsx", sample), ledgertest.File("ledger", "b.xlsx", sample)}, "field_duplicate"},
		{"import maybe", 0, []ledgertest.Part{ledgertest.File("ledger", "a.xlsx", sample), ledgertest.Field("import", "maybe")}, "import_invalid"},
		{"too large", 1024, []ledgertest.Part{ledgertest.File("ledger", "a.xlsx", sample)}, "body_too_large"},
		{"mapping too large", 0, []ledgertest.Part{ledgertest.File("ledger", "a.xlsx", sample),
			ledgertest.File("mapping", "m.json", bytes.Repeat([]byte(" "), 300<<10))}, "mapping_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(t, tc.limit, tc.parts...)
			require.Equal(t, tc.code, code(err), "%v", err)
			require.Equal(t, aftersales.KindInvalid, aftersales.KindOf(err))
		})
	}

	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"ledger": "x"}`))
	r.Header.Set("Content-Type", "application/json")
	_, err = ledgeraudit.ReadUpload(httptest.NewRecorder(), r, 0)
	require.Equal(t, "multipart_required", code(err))
	r = httptest.NewRequest("POST", "/", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"ledger\"\r\n\r\nabc"))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	_, err = ledgeraudit.ReadUpload(httptest.NewRecorder(), r, 0)
	require.Equal(t, "multipart_invalid", code(err))
}

// TestAuditSample checks the Result of the sample ledger against the
// findings worked out by hand (see package ledgertest).
func TestAuditSample(t *testing.T) {
	res, err := ledgeraudit.Audit(context.Background(), ledgeraudit.Upload{Name: "sample.xlsx", Ledger: ledgertest.Sample(t)}, opt, nil)
	require.NoError(t, err)
	s := res.Summary
	require.Equal(t, 5, s.Read)
	require.Equal(t, 1, s.Refused)
	require.Equal(t, 1, s.Incomplete)
	require.Equal(t, 3, s.Requests)
	require.Equal(t, 1, s.Complaints)
	require.Equal(t, 1, s.NotesByCode[ledger.CodeTimeMissing])
	require.Len(t, res.Refused, 1)
	ref := res.Refused[0]
	require.Equal(t, ledgeraudit.Fault{Sheet: "客户反馈登记表", Row: 5, Column: "D", Header: "接收时间", Code: ledger.CodeTimeFuture,
		Message: ref.Message, Where: "工作表“客户反馈登记表”第 5 行 D 列（接收时间）"}, ref)

	byClause := map[aftersales.Clause]ledgeraudit.Finding{}
	for _, row := range res.Rows {
		if row.ID == "FK-1" {
			require.Equal(t, 2, row.Row)
			require.True(t, strings.HasPrefix(row.RecordID, "LG-"))
			for _, f := range row.Findings {
				byClause[f.Clause] = f
			}
		}
	}
	p12 := byClause[aftersales.ClauseP1_2]
	require.Equal(t, "2026-10-13 24:00", p12.DueText)
	require.Equal(t, 1, p12.LateWorkdays)
	require.Equal(t, aftersales.FindingLate, p12.Kind)
	p42 := byClause[aftersales.ClauseP4_2]
	require.Equal(t, "2026-10-23 24:00", p42.DueText)
	require.Equal(t, 1, p42.LateWorkdays)
	require.Len(t, byClause, 2, "FK-1's findings: %+v", byClause)

	rates := map[aftersales.Clause]string{}
	for _, c := range s.Clauses {
		if c.Rate != nil {
			rates[c.Clause] = c.Rate.StringFixed(2)
		}
	}
	// P1.2: FK-1 late, FK-2 and FK-3 on time.
	require.Equal(t, "66.67", rates[aftersales.ClauseP1_2])
	require.Equal(t, "100.00", rates[complaint.ClauseC2_1])
}

func TestAuditRefusesABadLedger(t *testing.T) {
	for _, tc := range []struct {
		name string
		up   ledgeraudit.Upload
		code string
	}{
		{"pdf", ledgeraudit.Upload{Name: "x.pdf", Ledger: []byte("%PDF-1.7 ...")}, ledger.CodeNotSpreadsheet},
		{"broken xlsx", ledgeraudit.Upload{Name: "x.xlsx", Ledger: []byte("PK\x03\x04 not a zip")}, ledger.CodeNotSpreadsheet},
		{"bad mapping", ledgeraudit.Upload{Name: "x.xlsx", Ledger: ledgertest.Sample(t), Mapping: []byte(`{"requests": {"colums": {}}}`)}, ledger.CodeMappingInvalid},
		{"missing column", ledgeraudit.Upload{Name: "x.xlsx", Ledger: ledgertest.Sample(t),
			Mapping: []byte(`{"requests": {"columns": {"visited_at": "回访日期"}}}`)}, ledger.CodeColumnMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ledgeraudit.Audit(context.Background(), tc.up, opt, nil)
			require.Equal(t, tc.code, code(err), "%v", err)
			require.Equal(t, aftersales.KindInvalid, aftersales.KindOf(err))
		})
	}
}

// stores are the library's in-memory stores behind a Stores importer.
type stores struct {
	requests   *aftersales.MemStore
	complaints *complaint.MemStore
	imp        ledgeraudit.Stores
}

func newStores() *stores {
	s := &stores{requests: aftersales.NewMemStore(), complaints: complaint.NewMemStore()}
	s.imp = ledgeraudit.Stores{Requests: s.requests, Complaints: s.complaints, Clock: aftersales.ClockFunc(func() time.Time { return ledgertest.Now() })}
	return s
}

func (s *stores) count(t *testing.T) (int, int) {
	rs, err := s.requests.List(context.Background(), aftersales.Query{})
	require.NoError(t, err)
	cs, err := s.complaints.List(context.Background(), complaint.Query{})
	require.NoError(t, err)
	return len(rs), len(cs)
}

func TestImportIsIdempotent(t *testing.T) {
	ctx, s := context.Background(), newStores()
	up := ledgeraudit.Upload{Name: "sample.xlsx", Ledger: ledgertest.Sample(t)}
	got, err := ledgeraudit.Import(ctx, up, opt, s.imp, gm)
	require.NoError(t, err)
	require.Equal(t, ledgeraudit.ImportResult{Created: 4, Differing: []ledgeraudit.Differing{}}, got)
	nr, nc := s.count(t)
	require.Equal(t, 3, nr, "the refused row is not kept")
	require.Equal(t, 1, nc)

	// The same ledger again, under another name: nothing more.
	up.Name = "copy.xlsx"
	got, err = ledgeraudit.Import(ctx, up, opt, s.imp, gm)
	require.NoError(t, err)
	require.Equal(t, ledgeraudit.ImportResult{Unchanged: 4, Differing: []ledgeraudit.Differing{}}, got)
	nr2, nc2 := s.count(t)
	require.Equal(t, [2]int{nr, nc}, [2]int{nr2, nc2})

	// The record is the row's history, audited as the row was.
	res, err := ledgeraudit.Audit(ctx, up, opt, nil)
	require.NoError(t, err)
	id := res.Rows[0].RecordID
	h, err := s.requests.History(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "台账导入（王总）", h[0].Actor.Name)
	require.Equal(t, ledgertest.Now(), h[0].RecordedAt)
	findings := aftersales.Audit(h, calendar.China(), aftersales.DefaultPolicy(), ledgertest.Now())
	require.Len(t, findings, len(res.Rows[0].Findings))
}

func TestImportExtendsAndKeepsWhatDiffers(t *testing.T) {
	ctx, s := context.Background(), newStores()
	early := ledgertest.Requests()
	early.Rows = early.Rows[:3]
	early.Rows[1] = early.Rows[1][:10] // FK-1 not yet accepted or visited
	_, err := ledgeraudit.Import(ctx, ledgeraudit.Upload{Name: "a.xlsx", Ledger: ledgertest.Workbook(t, early)}, opt, s.imp, gm)
	require.NoError(t, err)

	later := ledgertest.Requests()
	later.Rows = later.Rows[:3]
	later.Rows[2] = append([]any{}, later.Rows[2]...)
	later.Rows[2][6] = "2026/10/12 10:00" // FK-2 says it was forwarded at another time
	got, err := ledgeraudit.Import(ctx, ledgeraudit.Upload{Name: "b.xlsx", Ledger: ledgertest.Workbook(t, later)}, opt, s.imp, gm)
	require.NoError(t, err)
	require.Equal(t, 1, got.Extended)
	require.Equal(t, 1, got.Differs)
	require.Equal(t, "FK-2", got.Differing[0].ID)
	require.Equal(t, 3, got.Differing[0].Row)

	res, err := ledgeraudit.Audit(ctx, ledgeraudit.Upload{Name: "b.xlsx", Ledger: ledgertest.Workbook(t, later)}, opt, nil)
	require.NoError(t, err)
	for _, row := range res.Rows {
		if row.ID == "FK-1" {
			r, err := s.requests.Get(ctx, row.RecordID)
			require.NoError(t, err)
			require.Equal(t, aftersales.StatusClosed, r.Status, "FK-1 visited after the extension")
		}
	}
	h, err := s.requests.History(ctx, got.Differing[0].RecordID)
	require.NoError(t, err)
	require.Equal(t, 11, h[1].At.Hour(), "FK-2's record keeps its forwarding")
}

// TestImportWritesNothingForALedgerThatCannotBeRead: a workbook whose
// second sheet lacks a column the mapping names is refused whole, though
// its first sheet could be read.
func TestImportWritesNothingForALedgerThatCannotBeRead(t *testing.T) {
	ctx, s := context.Background(), newStores()
	up := ledgeraudit.Upload{Name: "x.xlsx", Ledger: ledgertest.Sample(t),
		Mapping: []byte(`{"requests": {}, "complaints": {"columns": {"received_at": "受理日期"}}}`)}
	_, err := ledgeraudit.Import(ctx, up, opt, s.imp, gm)
	require.Equal(t, aftersales.KindInvalid, aftersales.KindOf(err), "%v", err)
	nr, nc := s.count(t)
	require.Zero(t, nr+nc)

	_, err = ledgeraudit.Import(ctx, ledgeraudit.Upload{Name: "x.xlsx", Ledger: ledgertest.Sample(t)}, opt, nil, gm)
	require.Equal(t, aftersales.KindNotAllowed, aftersales.KindOf(err))
}

func TestWriteReport(t *testing.T) {
	up := ledgeraudit.Upload{Name: "2026年登记表.xlsx", Ledger: ledgertest.Sample(t)}
	var b bytes.Buffer
	require.NoError(t, ledgeraudit.WriteReport(context.Background(), up, opt, &b))
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	require.Equal(t, "汇总", f.GetSheetList()[0])
	v, err := f.GetCellValue("汇总", "B4")
	require.NoError(t, err)
	require.Equal(t, "5", v, "rows read")
	rows, err := f.GetRows("P1.2 转达")
	require.NoError(t, err)
	require.Len(t, rows, 2, "FK-1's late forwarding, under the header")
	require.Equal(t, "FK-1", rows[1][2])
	require.Equal(t, "2026-10-13 24:00", rows[1][6])
	require.Equal(t, "台账审核报告-2026年登记表.xlsx", ledgeraudit.ReportName(up))
}

// TestConcurrentImportsKeepEachRowOnce races four imports of one ledger:
// each row is created once, and the others find it kept.
func TestConcurrentImportsKeepEachRowOnce(t *testing.T) {
	ctx, s := context.Background(), newStores()
	up := ledgeraudit.Upload{Name: "sample.xlsx", Ledger: ledgertest.Sample(t)}
	results := make([]ledgeraudit.ImportResult, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { results[i], errs[i] = ledgeraudit.Import(ctx, up, opt, s.imp, gm) })
	}
	wg.Wait()
	created, unchanged := 0, 0
	for i, r := range results {
		require.NoError(t, errs[i])
		created, unchanged = created+r.Created, unchanged+r.Unchanged
		require.Zero(t, r.Extended+r.Differs)
	}
	require.Equal(t, 4, created)
	require.Equal(t, 12, unchanged)
	nr, nc := s.count(t)
	require.Equal(t, [2]int{3, 1}, [2]int{nr, nc})
}
