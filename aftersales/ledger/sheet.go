package ledger

import (
	"context"
	"fmt"
	"slices"

	"github.com/shouhou/shouhou/aftersales"
)

// sheetState is what auditing a sheet found.
type sheetState int

const (
	sheetEmpty    sheetState = iota // no rows at all
	sheetNoHeader                   // rows, but no table's header
	sheetRead                       // a table, audited
)

// sheet audits the table of one sheet. A sheet with no rows or no header
// is an error when the mapping or its name says it holds a table.
func (a *auditor) sheet(ctx context.Context, sheet string, kinds []Kind, named bool) (sheetState, error) {
	rs, err := a.b.open(sheet)
	if err != nil {
		return sheetEmpty, err
	}
	defer func() { _ = rs.close() }()
	var top []bufferedRow
	for len(top) < maxHeaderScan {
		cells, row, ok := rs.next()
		if !ok {
			break
		}
		top = append(top, bufferedRow{cells: slices.Clone(cells), row: row})
	}
	if err := rs.err(); err != nil {
		return sheetEmpty, sheetError(CodeReadFailed, sheet, err, "读取工作表出错")
	}
	if len(top) == 0 {
		if named {
			return sheetEmpty, sheetError(CodeSheetEmpty, sheet, nil, "工作表是空的")
		}
		return sheetEmpty, nil
	}
	var best *layout
	for _, k := range kinds {
		l, lerr := findLayout(k, a.opt.Mapping.table(k), sheet, top)
		if lerr != nil {
			return sheetNoHeader, lerr
		}
		if l != nil && (best == nil || len(l.cols) > len(best.cols)) {
			best = l
		}
	}
	if best == nil {
		if named {
			return sheetNoHeader, sheetError(CodeHeaderMissing, sheet, nil, "前 %d 行中找不到表头（至少需要“接收时间”列，或在映射文件中指定列名）", maxHeaderScan)
		}
		return sheetNoHeader, nil
	}
	a.sum.table(best)
	n := 0
	handle := func(cells []string, row int) error {
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return a.row(best, cells, row)
	}
	for _, r := range top {
		if r.row > best.headerRow {
			if err := handle(r.cells, r.row); err != nil {
				return sheetRead, err
			}
		}
	}
	for {
		cells, row, ok := rs.next()
		if !ok {
			break
		}
		if err := handle(cells, row); err != nil {
			return sheetRead, err
		}
	}
	if err := rs.err(); err != nil {
		return sheetRead, sheetError(CodeReadFailed, sheet, err, "读取工作表出错")
	}
	return sheetRead, nil
}

// row reads, audits and hands on one data row.
func (a *auditor) row(l *layout, cells []string, row int) error {
	v := &rowView{l: l, cells: cells, row: row, date1904: a.b.date1904, now: a.opt.Now}
	if v.blank() {
		a.sum.blank++
		return nil
	}
	rec := Record{Sheet: l.sheet, Row: row, Kind: l.kind, ID: v.text(FieldID), Cells: map[Field]string{}}
	if rec.ID == "" {
		rec.ID = fmt.Sprintf("%s第%d行", l.sheet, row)
	}
	for f := range l.cols {
		if s := v.text(f); s != "" {
			rec.Cells[f] = s
		}
	}
	if l.kind == Complaints {
		a.complaintRow(&rec, v)
	} else {
		a.requestRow(&rec, v)
	}
	a.sum.add(rec)
	if a.each != nil {
		if err := a.each(rec); err != nil {
			return fmt.Errorf("ledger: handling %s: %w", rec.ID, err)
		}
	}
	return nil
}

func (a *auditor) requestRow(rec *Record, v *rowView) {
	events, st, err := readRequest(v, &a.opt.Mapping, rec.ID)
	rec.Notes = v.notes
	if err != nil {
		rec.Err, rec.Notes = err, nil
		return
	}
	rec.Request = events
	urgent := events[0].Registration.Urgent
	raw := aftersales.Audit(events, a.opt.Calendar, a.opt.Policy, a.opt.Now)
	rec.judge(raw, v.l, func(c aftersales.Clause) (bool, bool) { return requestDone(c, st, urgent) },
		a.opt.Calendar, rowEnd(st, a.opt.Now))
}

func (a *auditor) complaintRow(rec *Record, v *rowView) {
	cr, err := readComplaint(v, &a.opt.Mapping, rec.ID, a.opt.Calendar, a.opt.ComplaintPolicy)
	rec.Notes = v.notes
	if err != nil {
		rec.Err, rec.Notes = err, nil
		return
	}
	rec.Complaint = cr.events
	raw, rerr := auditComplaint(cr.events, a.opt.Now)
	if rerr != nil {
		rec.Err, rec.Notes = &Error{Code: CodeHistoryInvalid, Sheet: rec.Sheet, Row: rec.Row, Message: "无法还原投诉历史", Err: rerr}, nil
		return
	}
	rec.judge(raw, v.l, func(c aftersales.Clause) (bool, bool) { return complaintDone(c, cr) }, a.opt.Calendar,
		rowEnd(cr.st, a.opt.Now))
}
