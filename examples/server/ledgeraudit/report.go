package ledgeraudit

import (
	"bytes"
	"context"
	"io"
	"path"
	"strings"

	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/examples/internal/ledgerreport"
)

// WriteReport audits an upload again and writes its report workbook to w:
// the one the command examples/audit writes (package ledgerreport), with a
// 汇总 sheet, a sheet per clause, the refused rows and the notes. Given the
// Options of an earlier Audit, it reports what that Audit found.
func WriteReport(ctx context.Context, up Upload, opt Options, w io.Writer) error {
	m, err := up.mapping()
	if err != nil {
		return err
	}
	rep := ledgerreport.New()
	defer func() { _ = rep.Close() }()
	sum, err := ledger.Audit(ctx, up.Name, bytes.NewReader(up.Ledger), opt.ledger(m), rep.Add)
	if err != nil {
		return err
	}
	return rep.Write(w, sum)
}

// ReportName is the file name of an upload's report workbook, such as
// 台账审核报告-2026年登记表.xlsx.
func ReportName(up Upload) string {
	base := strings.TrimSuffix(up.Name, path.Ext(up.Name))
	if base == "" {
		return "台账审核报告.xlsx"
	}
	return "台账审核报告-" + base + ".xlsx"
}
