// Package ledgeraudit is the reference server's side of a ledger audit
// (package aftersales/ledger): a company's existing 客户反馈登记表 and
// 客户投诉登记表, uploaded as a spreadsheet, judged clause by clause (P1.2,
// P1.3, P3.1–P3.3, P4.1, P4.2; C2.1, C2.2, C3.1, C4.1) with the calendar and
// the policies the server runs on, and, when asked, kept as records.
//
// The JSON API (POST /api/v1/audit/ledger) and the desk's upload page share
// it: ReadUpload reads the multipart upload within a size limit, Audit
// judges it into a Result, and Import registers the audited histories
// through an Importer, idempotently: each row under the stable ID
// ledger.Import gives it, so that the same ledger imported twice is kept
// once. Stores is the Importer over the library's stores.
//
// Nothing is written by an audit, and an import writes nothing unless the
// whole ledger could be read: it judges the ledger once without writing,
// and only then again, keeping each row.
package ledgeraudit
