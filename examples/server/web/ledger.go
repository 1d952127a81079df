package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/examples/internal/ledgerreport"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
)

// The desk's ledger audit: the after-sales head or the general manager
// uploads the company's existing 客户反馈登记表 or 客户投诉登记表 and sees
// every clause it kept or missed; the report workbook and the import work
// on the upload kept for a while (ledgerUploads), so that neither asks for
// the file again.
//
//	GET  /audit/ledger                 the upload form
//	POST /audit/ledger                 multipart: ledger, mapping, import
//	GET  /audit/ledger/{key}           the result
//	GET  /audit/ledger/{key}/report    the report workbook (.xlsx)
//	POST /audit/ledger/{key}/import    keep the rows as records, idempotently

const ledgerForbidden = "台账审核仅限售后管理部部长和总经理使用"

// ledgerFields are the upload form's fields.
var ledgerFields = []string{"ledger", "mapping", "import"}

// ledgerForm returns the upload form, with the codes of the faults of a
// ledger or of a mapping file put next to that field.
func ledgerForm(mapping bool) *form {
	f := newForm("ledger", "/audit/ledger")
	f.TimeField = "ledger"
	f.Alias = map[string]string{
		ledger.CodeNotSpreadsheet: "ledger", ledger.CodeXLSUnsupported: "ledger", ledger.CodeSheetEmpty: "ledger",
		ledger.CodeHeaderMissing: "ledger", ledger.CodeReadFailed: "ledger", ledger.CodeColumnAmbiguous: "ledger",
		ledger.CodeMappingInvalid: "mapping", "mapping_too_large": "mapping", "body_too_large": "ledger",
		ledger.CodeSheetMissing: "ledger", ledger.CodeColumnMissing: "ledger",
	}
	if mapping {
		// The mapping names a sheet or a column the ledger lacks: the
		// mapping is what to change.
		f.Alias[ledger.CodeSheetMissing], f.Alias[ledger.CodeColumnMissing] = "mapping", "mapping"
	}
	return f
}

type ledgerData struct {
	Form      *form
	MaxUpload string
	CanImport bool
}

// ledgerPage is the upload form.
func (h *Handler) ledgerPage(w http.ResponseWriter, r *http.Request, u *user) {
	if !u.Head() {
		h.errorPage(w, r, u, http.StatusForbidden, ledgerForbidden)
		return
	}
	h.renderLedgerForm(w, r, u, http.StatusOK, ledgerForm(false))
}

func (h *Handler) renderLedgerForm(w http.ResponseWriter, r *http.Request, u *user, status int, f *form) {
	h.render(w, r, status, "ledger", pageData{Title: "台账审核", User: u, Nav: "ledger",
		Data: ledgerData{Form: f, MaxUpload: sizeText(h.maxLedger()), CanImport: h.cfg.Ledger != nil}})
}

func (h *Handler) maxLedger() int64 {
	if h.cfg.MaxLedger > 0 {
		return h.cfg.MaxLedger
	}
	return ledgeraudit.DefaultMaxUpload
}

// uploadLedger audits an uploaded ledger. The form is multipart, which
// authed does not read, so the session is checked here, and the role,
// before the body is read; a cross-site post never gets here (New).
func (h *Handler) uploadLedger(w http.ResponseWriter, r *http.Request) {
	u, ok := h.principal(r)
	switch {
	case !ok:
		h.errorPage(w, r, nil, http.StatusUnauthorized, "登录已失效，请重新登录")
		return
	case u.Customer:
		h.errorPage(w, r, u, http.StatusNotFound, "页面不存在或无权查看")
		return
	case !u.Head():
		h.errorPage(w, r, u, http.StatusForbidden, ledgerForbidden)
		return
	}
	// csrf_token is accepted and ignored: a page rendered before the
	// signed-in forms stopped carrying one may still be open.
	up, err := ledgeraudit.ReadUpload(w, r, h.maxLedger(), csrfField)
	// An upload that cannot be read is answered with what is wrong with
	// it: nothing is done.
	f := ledgerForm(up.Mapping != nil)
	if up.Import {
		f.Values.Set("import", "1")
	}
	if err != nil {
		h.renderLedgerForm(w, r, u, h.ledgerStatus(r, f, err), f)
		return
	}
	opt := h.ledgerOptions()
	res, err := ledgeraudit.Audit(r.Context(), up, opt, nil)
	if err != nil {
		h.renderLedgerForm(w, r, u, h.ledgerStatus(r, f, err), f)
		return
	}
	e := ledgerUpload{owner: u.Actor.ID, up: up, opt: opt, res: res}
	if up.Import {
		imported, msg, st := h.importLedger(r, u, e)
		if st != 0 {
			f.Error = msg
			h.renderLedgerForm(w, r, u, st, f)
			return
		}
		e.imported = imported
	}
	key := h.ledgers.put(e, h.now())
	target := "/audit/ledger/" + key
	if up.Import {
		target += "#import"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// ledgerStatus puts err on the form next to its field and returns the
// page's status: 413 for an upload over the limit.
func (h *Handler) ledgerStatus(r *http.Request, f *form, err error) int {
	st := h.fail(r, f, err, ledgerFields...)
	var de *aftersales.Error
	if errors.As(err, &de) && de.Code == "body_too_large" {
		st = http.StatusRequestEntityTooLarge
	}
	return st
}

// ledgerOptions judges a ledger as the desk judges live records: now, on
// the calendar with the notices loaded, by the configured policies.
func (h *Handler) ledgerOptions() ledgeraudit.Options {
	opt := ledgeraudit.Options{Now: h.now()}
	if s := h.cfg.Requests; s != nil {
		opt.Calendar, opt.Policy = s.Calendar(), s.Policy()
	}
	if s := h.cfg.Complaints; s != nil {
		opt.ComplaintPolicy = s.Policy()
	}
	return opt
}

// importLedger keeps e's rows as records and returns what it kept, or
// what went wrong and the status of the page that says so.
func (h *Handler) importLedger(r *http.Request, u *user, e ledgerUpload) (*ledgeraudit.ImportResult, string, int) {
	res, err := ledgeraudit.Import(r.Context(), e.up, e.opt, h.cfg.Ledger, u.actor())
	if err != nil {
		f := newForm("import", "")
		st := h.fail(r, f, err)
		return nil, f.Error, st
	}
	return &res, "", 0
}

// ledgerEntry returns the upload a result page names, if it is the user's
// and still kept; otherwise it answers the page itself.
func (h *Handler) ledgerEntry(w http.ResponseWriter, r *http.Request, u *user) (ledgerUpload, bool) {
	if !u.Head() {
		h.errorPage(w, r, u, http.StatusForbidden, ledgerForbidden)
		return ledgerUpload{}, false
	}
	e, ok := h.ledgers.get(r.PathValue("key"), u.Actor.ID, h.now())
	if !ok {
		h.errorPage(w, r, u, http.StatusNotFound, "审核结果不存在或已过期（上传的台账在本服务器上保留 "+
			strconv.Itoa(int(ledgerKeep.Minutes()))+" 分钟），请重新上传台账")
		return ledgerUpload{}, false
	}
	return e, true
}

type ledgerResultData struct {
	Key       string
	R         ledgeraudit.Result
	Imported  *ledgeraudit.ImportResult
	Error     string // what went wrong with the import
	CanImport bool
	Refused   []ledgeraudit.Fault // the first of the refused rows
	// MoreRefused is the number of refused rows not listed.
	MoreRefused int
	Notes       []noteCount
	Report      string // the report's file name
}

type noteCount struct {
	Code, Text string
	N          int
}

// ledgerResult shows what an audit found.
func (h *Handler) ledgerResult(w http.ResponseWriter, r *http.Request, u *user) {
	e, ok := h.ledgerEntry(w, r, u)
	if !ok {
		return
	}
	h.renderLedgerResult(w, r, u, http.StatusOK, e, "")
}

func (h *Handler) renderLedgerResult(w http.ResponseWriter, r *http.Request, u *user, status int, e ledgerUpload, importError string) {
	d := ledgerResultData{Key: e.key, R: e.res, Imported: e.imported, Error: importError, CanImport: h.cfg.Ledger != nil,
		Refused: e.res.Refused, Report: ledgeraudit.ReportName(e.up)}
	if len(d.Refused) > 20 {
		d.Refused = d.Refused[:20]
	}
	d.MoreRefused = e.res.Summary.Refused - len(d.Refused)
	for _, code := range ledgerreport.SortedCodes(e.res.Summary.NotesByCode) {
		d.Notes = append(d.Notes, noteCount{Code: code, Text: ledgerreport.NoteText(code), N: e.res.Summary.NotesByCode[code]})
	}
	h.render(w, r, status, "ledger_result", pageData{Title: "台账审核结果", User: u, Nav: "ledger", Wide: true, Data: d})
}

// ledgerReport serves the report workbook of an upload.
func (h *Handler) ledgerReport(w http.ResponseWriter, r *http.Request, u *user) {
	e, ok := h.ledgerEntry(w, r, u)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := ledgeraudit.WriteReport(r.Context(), e.up, e.opt, &buf); err != nil {
		h.failPage(w, r, u, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", contentDisposition(ledgeraudit.ReportName(e.up)))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(buf.Bytes())
}

// ledgerImport keeps an upload's rows as records: importing again keeps
// nothing more.
func (h *Handler) ledgerImport(w http.ResponseWriter, r *http.Request, u *user) {
	e, ok := h.ledgerEntry(w, r, u)
	if !ok {
		return
	}
	imported, msg, st := h.importLedger(r, u, e)
	if st != 0 {
		if st >= http.StatusInternalServerError {
			h.errorPage(w, r, u, st, msg)
			return
		}
		h.renderLedgerResult(w, r, u, st, e, msg)
		return
	}
	h.ledgers.imported(e.key, imported)
	http.Redirect(w, r, "/audit/ledger/"+e.key+"#import", http.StatusSeeOther)
}

// sizeText writes a size in MiB or KiB.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n>>10, 10) + " KiB"
}
