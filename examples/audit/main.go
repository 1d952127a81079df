// Command audit checks a company's existing after-sales ledger against the
// regulation: every request and complaint row judged clause by clause on the
// official working-day calendar, as live records are (package
// aftersales/ledger).
//
//	go run ./examples/audit LEDGER.xlsx [-map mapping.json] [-out report.xlsx] [-now "2026-12-31 18:00"] [-worst 10] [-import DB]
//
// It prints a summary (rows read and refused, the on-time rate of each
// clause, the worst cases, the refused rows) and, with -out, writes a report
// workbook: a 汇总 sheet with the figures and a chart, one sheet per clause
// listing each late or missing step with the due instant and how many
// working days late, the refused rows and the notes on incomplete rows.
// -now is the instant the ledger is judged at (default: the current time);
// -import DB also keeps the audited rows as records in the reference
// server's database DB (a SQLite file or a postgres:// URL), idempotently:
// each row under its stable ID, so the same ledger imported twice is kept
// once; nothing is stored without it;
// the ledger may be .xlsx or CSV (UTF-8 or GB18030). The exit status is 0
// when the ledger was read (whatever it found), 1 when it could not be and 2
// for bad arguments.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/internal/ledgerreport"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, time.Now)
	stop()
	os.Exit(code)
}

// config is what the command line asks for.
type config struct {
	ledger, mapping, out string
	now                  time.Time
	worst                int
	importTo             string // the database to keep the rows in, if any
}

// parseArgs reads the flags, which may stand before or after the ledger.
func parseArgs(args []string, stderr io.Writer, clock func() time.Time) (config, error) {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var now string
	fs.StringVar(&c.mapping, "map", "", "mapping file (JSON) for the company's own headers")
	fs.StringVar(&c.out, "out", "", "write the report workbook (.xlsx) here")
	fs.StringVar(&now, "now", "", `judge the ledger as at this instant, CST ("2026-12-31 18:00"); default now`)
	fs.IntVar(&c.worst, "worst", 10, "how many of the worst cases to list")
	fs.StringVar(&c.importTo, "import", "", "also keep the audited rows as records in this database (SQLite file or postgres:// URL), idempotently")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: audit LEDGER.xlsx|LEDGER.csv [-map mapping.json] [-out report.xlsx] [-now TIME] [-worst N] [-import DB]")
		fs.PrintDefaults()
	}
	var rest []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return c, err
		}
		args = fs.Args()
		if len(args) > 0 {
			rest, args = append(rest, args[0]), args[1:]
		}
	}
	if len(rest) != 1 {
		fs.Usage()
		return c, errors.New("name exactly one ledger file")
	}
	c.ledger = rest[0]
	c.now = clock().In(calendar.CST())
	if now != "" {
		st, err := ledger.ParseTime(now, false)
		if err != nil {
			return c, fmt.Errorf("-now: %w", err)
		}
		c.now = st.Time
	}
	return c, nil
}

// run is the command: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, clock func() time.Time) int {
	c, err := parseArgs(args, stderr, clock)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "audit:", err)
		}
		return 2
	}
	opt := ledger.Options{Now: c.now, Worst: c.worst}
	if c.mapping != "" {
		data, err := os.ReadFile(c.mapping)
		if err != nil {
			fmt.Fprintln(stderr, "audit: 无法读取映射文件：", err)
			return 1
		}
		if opt.Mapping, err = ledger.ParseMapping(data); err != nil {
			fmt.Fprintln(stderr, "audit:", c.mapping+"：", err)
			return 1
		}
	}
	var rep *ledgerreport.Report
	if c.out != "" {
		rep = ledgerreport.New()
		defer func() { _ = rep.Close() }()
	}
	var refused []*ledger.Error
	sum, err := ledger.AuditFile(ctx, c.ledger, opt, func(r ledger.Record) error {
		if r.Err != nil && len(refused) < c.worst {
			refused = append(refused, r.Err)
		}
		if rep != nil {
			return rep.Add(r)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(stderr, "audit:", err)
		return 1
	}
	printSummary(stdout, c.ledger, sum, refused)
	if rep != nil {
		if err := rep.SaveAs(c.out, sum); err != nil {
			fmt.Fprintln(stderr, "audit: 无法写入报告：", err)
			return 1
		}
		fmt.Fprintf(stdout, "\n报告已写入 %s\n", c.out)
	}
	if c.importTo != "" {
		return importLedger(ctx, c, stdout, stderr)
	}
	return 0
}

// importLedger keeps the ledger's audited rows as records in c.importTo,
// through the same importer the server's API and desk use.
func importLedger(ctx context.Context, c config, stdout, stderr io.Writer) int {
	up := ledgeraudit.Upload{Name: filepath.Base(c.ledger)}
	var err error
	if up.Ledger, err = os.ReadFile(c.ledger); err != nil {
		fmt.Fprintln(stderr, "audit: 无法读取台账：", err)
		return 1
	}
	if c.mapping != "" {
		if up.Mapping, err = os.ReadFile(c.mapping); err != nil {
			fmt.Fprintln(stderr, "audit: 无法读取映射文件：", err)
			return 1
		}
	}
	db, err := sqlstore.Open(ctx, c.importTo, nil)
	if err != nil {
		fmt.Fprintln(stderr, "audit: 无法打开数据库：", err)
		return 1
	}
	defer db.Close()
	imp := ledgeraudit.Stores{Requests: db.Requests(), Complaints: db.Complaints()}
	res, err := ledgeraudit.Import(ctx, up, ledgeraudit.Options{Now: c.now, Worst: c.worst}, imp,
		aftersales.Actor{ID: "ledger-import", Name: "台账导入", Role: aftersales.RoleSystem})
	if err != nil {
		fmt.Fprintln(stderr, "audit: 导入失败：", err)
		return 1
	}
	fmt.Fprintf(stdout, "\n已导入 %s：新建 %d 条，已存在且相同 %d 条，补充步骤 %d 条，与已有记录不同而未改动 %d 条\n",
		c.importTo, res.Created, res.Unchanged, res.Extended, res.Differs)
	for _, d := range res.Differing {
		fmt.Fprintf(stdout, "  工作表“%s”第 %d 行（%s）与记录 %s 不同\n", d.Sheet, d.Row, d.ID, d.RecordID)
	}
	return 0
}

// printSummary writes the summary in Chinese.
func printSummary(w io.Writer, name string, sum ledger.Summary, refused []*ledger.Error) {
	fmt.Fprintf(w, "台账 %s，审核时点 %s（中国标准时间，官方工作日历）\n", name, sum.Now.Format("2006-01-02 15:04"))
	for _, t := range sum.Tables {
		fmt.Fprintf(w, "  工作表“%s”：%s，表头第 %d 行\n", t.Sheet, t.Kind.Label(), t.HeaderRow)
	}
	fmt.Fprintf(w, "读取 %d 行：审核 %d 行（售后需求 %d，投诉 %d），拒绝 %d 行；发现 %d 处违反，%d 处记录不完整\n\n",
		sum.Read, sum.Requests+sum.Complaints, sum.Requests, sum.Complaints, sum.Refused, sum.Findings, sum.Notes)
	fmt.Fprintln(w, "条款  要求                                  按期  违反  未到期  未判定  按期率")
	for _, c := range sum.Clauses {
		fmt.Fprintf(w, "%-5s %s %5d %5d %7d %7d  %s\n", c.Clause, pad(ledgerreport.ClauseText(c.Clause), 36), c.Kept, c.Breached, c.Open,
			c.Unjudged, rateText(c))
	}
	if len(sum.Worst) > 0 {
		fmt.Fprintln(w, "\n最严重的情况：")
		for _, f := range sum.Worst {
			fmt.Fprintf(w, "  %s %s（工作表“%s”第 %d 行）%s：%s，逾期 %d 个工作日\n", f.Clause, f.ID, f.Sheet, f.Row,
				f.Kind.Label(), f.What, f.LateWorkdays)
		}
	}
	if sum.Refused > 0 {
		fmt.Fprintf(w, "\n拒绝的行（共 %d 行）：\n", sum.Refused)
		for _, e := range refused {
			fmt.Fprintln(w, "  "+e.Error())
		}
		if sum.Refused > len(refused) {
			fmt.Fprintf(w, "  ……其余 %d 行见报告\n", sum.Refused-len(refused))
		}
	}
	if sum.Notes > 0 {
		fmt.Fprintln(w, "\n记录不完整：")
		for _, code := range ledgerreport.SortedCodes(sum.NotesByCode) {
			fmt.Fprintf(w, "  %s：%d 处\n", ledgerreport.NoteText(code), sum.NotesByCode[code])
		}
	}
}

// pad fills s with spaces to a display width, counting a Chinese
// character as two columns.
func pad(s string, width int) string {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 {
			n++
		}
	}
	if n >= width {
		return s
	}
	return s + strings.Repeat(" ", width-n)
}

func rateText(c ledger.ClauseSummary) string {
	switch {
	case c.Rate != nil:
		return c.Rate.StringFixed(2) + "%"
	case len(c.Missing) > 0 && c.Kept+c.Breached == 0:
		return "未判定（台账缺少列）"
	}
	return "—"
}
