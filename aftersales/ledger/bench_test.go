package ledger_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/xuri/excelize/v2"
)

// ledgerRow returns row i of a large generated ledger: requests received on
// working and rest days through 2026, forwarded, planned, handled,
// accepted and visited with delays that vary, some late, some never done.
func ledgerRow(i int) []any {
	base := time.Date(2026, 1, 5, 9, 0, 0, 0, now.Location()).Add(time.Duration(i%300) * 24 * time.Hour).Add(time.Duration(i%7) * time.Hour)
	step := func(days int) string { return base.Add(time.Duration(days) * 24 * time.Hour).Format("2006/1/2 15:04") }
	row := []any{fmt.Sprintf("R%06d", i), "客户" + fmt.Sprint(i%997), "电话", base.Format("2006/1/2 15:04"), "施工质量",
		"项目" + fmt.Sprint(i%12) + "部", step(i % 3), step(i%3 + 1 + i%4), []string{"简单", "复杂"}[i%2]}
	if i%10 != 0 {
		row = append(row, step(i%3+4+i%9), step(i%3+6+i%9), "客户"+fmt.Sprint(i%997), step(i%3+6+i%9+i%5))
	}
	return row
}

var bigHeader = []any{"登记编号", "客户", "反馈方式", "接收时间", "问题原因", "责任部门", "转达时间", "方案制定时间", "问题类别",
	"完成时间", "验收时间", "验收签字人", "回访时间"}

func bigCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	for i := -1; i < n; i++ {
		row := bigHeader
		if i >= 0 {
			row = ledgerRow(i)
		}
		for j, c := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprint(&b, c)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func bigXLSX(tb testing.TB, n int) string {
	tb.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	for i := -1; i < n; i++ {
		row := bigHeader
		if i >= 0 {
			row = ledgerRow(i)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "big.xlsx")
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// peakHeap audits with a handler that samples the live heap every 5,000
// rows and returns the largest sample in MiB, with the summary.
func peakHeap(tb testing.TB, audit func(each func(ledger.Record) error) (ledger.Summary, error)) (float64, ledger.Summary) {
	tb.Helper()
	runtime.GC()
	var peak uint64
	n := 0
	sum, err := audit(func(ledger.Record) error {
		if n++; n%5000 == 0 {
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return float64(peak) / (1 << 20), sum
}

// BenchmarkAudit100kCSV audits a 100,000-row CSV ledger: go test
// ./aftersales/ledger -run ^$ -bench Audit100k -benchmem.
func BenchmarkAudit100kCSV(b *testing.B) {
	data := bigCSV(100_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		sum, err := ledger.Audit(context.Background(), "big.csv", bytes.NewReader(data), ledger.Options{Now: now}, nil)
		if err != nil || sum.Requests != 100_000 {
			b.Fatalf("audited %d rows: %v", sum.Requests, err)
		}
	}
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAudit100kXLSX audits a 100,000-row .xlsx ledger read in place.
func BenchmarkAudit100kXLSX(b *testing.B) {
	path := bigXLSX(b, 100_000)
	b.ResetTimer()
	for b.Loop() {
		sum, err := ledger.AuditFile(context.Background(), path, ledger.Options{Now: now}, nil)
		if err != nil || sum.Requests != 100_000 {
			b.Fatalf("audited %d rows: %v", sum.Requests, err)
		}
	}
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestMemoryDoesNotGrowWithTheLedger audits 20,000 and then 100,000 rows and
// checks that the live heap stays flat: rows stream, only figures are kept.
func TestMemoryDoesNotGrowWithTheLedger(t *testing.T) {
	if testing.Short() {
		t.Skip("audits 120,000 rows")
	}
	peakOf := func(n int) float64 {
		data := bigCSV(n)
		peak, sum := peakHeap(t, func(each func(ledger.Record) error) (ledger.Summary, error) {
			return ledger.Audit(context.Background(), "big.csv", bytes.NewReader(data), ledger.Options{Now: now}, each)
		})
		if sum.Requests != n {
			t.Fatalf("audited %d of %d rows", sum.Requests, n)
		}
		return peak - float64(len(data))/(1<<20) // the input itself is held by the test
	}
	small, large := peakOf(20_000), peakOf(100_000)
	t.Logf("live heap beyond the input: %.1f MiB for 20,000 rows, %.1f MiB for 100,000", small, large)
	if large > small+4 {
		t.Errorf("live heap grew from %.1f to %.1f MiB with 5 times the rows", small, large)
	}
	if os.Getenv("SHOUHOU_LEDGER_XLSX_MEMORY") != "" {
		path := bigXLSX(t, 100_000)
		peak, _ := peakHeap(t, func(each func(ledger.Record) error) (ledger.Summary, error) {
			return ledger.AuditFile(context.Background(), path, ledger.Options{Now: now}, each)
		})
		t.Logf("live heap auditing a 100,000-row .xlsx in place: %.1f MiB", peak)
	}
}
