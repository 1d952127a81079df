// Package ledgerreport writes the report workbook of a ledger audit
// (package aftersales/ledger) and names what it finds in Chinese: a 汇总
// sheet with the figures of each clause and a chart of the on-time rates,
// one sheet per clause listing each late or missing step with its due
// instant on the official calendar and how many working days late, the
// refused rows and the notes on incomplete rows.
//
// The command examples/audit and the reference server's desk both use it,
// so that the workbook a compliance check downloads is the one the command
// writes.
package ledgerreport
