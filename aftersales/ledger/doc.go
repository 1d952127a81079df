// Package ledger audits a company's existing after-sales ledger: the
// 客户反馈登记表 and 客户投诉登记表 kept in Excel, one row per request or
// complaint, with the time each step happened. Every row becomes a history
// and is judged by the same rules as a live record, so that "did we keep to
// the regulation last year?" has an answer clause by clause.
//
// # What is judged
//
// Requests, through aftersales.Audit, exactly as live requests are judged:
//
//	P1.2  forwarded within 1 working day of receipt (接收时间 → 转达时间)
//	P1.3  urgent: immediate measures within the policy's clock hours, and the
//	      customer told how they went (紧急处理反馈时间)
//	P3.1  a plan within 2 working days of forwarding (方案制定时间)
//	P3.2  handled within 5 (简单) or 10 (复杂) working days of forwarding, or
//	      of the rejection that opened a rework round (验收不合格时间); the
//	      result told to the customer (结果反馈时间) and, for a complex
//	      problem, its progress (进展反馈时间)
//	P3.3  a reported difficulty (上报困难时间) coordinated (协调时间)
//	P4.1  accepted with the customer's signature (验收时间, 验收签字人)
//	P4.2  visited within 3 working days of 处理完毕, the completion the customer
//	      went on to accept (完成时间 → 回访时间)
//
// Complaints, by building the complaint history with the deadlines package
// complaint opens and replaying it with complaint.Replay:
//
//	C2.1  forwarded within 1 working day of receipt
//	C2.2  a major complaint: the emergency plan within the policy's clock hours
//	      and feedback to the customer within 2 working days
//	C3.1  investigated with a plan within 3 working days of forwarding
//	C4.1  the result within 7 working days of forwarding, and again from each
//	      escalation (C4.2)
//
// "Within N working days of E" is counted the Civil-Code way on the official
// calendar (package calendar): the day of E is not counted and the period
// ends at 24:00 of the N-th working day after it. Feedback and coordination
// steps are judged only when the ledger has their column: a ledger that does
// not record them is not taken to say they never happened. Pauses of the
// clocks (G3.3) are not read from ledgers.
//
// # Reading a ledger
//
// Audit and AuditFile read an .xlsx workbook or a CSV file (UTF-8 with or
// without BOM, or GB18030 as Chinese Excel writes it) and stream its rows,
// so a ledger of any length is judged in constant memory. A Mapping says
// which column holds which Field: DefaultMapping reads the labels of this
// project's own exported forms (DefaultHeaders), ParseMapping a company's
// mapping file for its own headers (接收时间, 转达时间, 受理日期…), with
// header rows found under a title, group headers merged over several
// columns, and columns in any order.
//
// Dates are read as offices write them (ParseTime): 2026/9/30 15:00,
// 2026-09-30 15:00, 2026年9月30日, Excel serial dates. A date without a time
// is never taken for midnight silently: it is a note on its row
// (CodeTimeMissing), working-day clauses are judged by its date, which is
// exact, and clock-hour clauses are reported as not judged. Channels, causes
// and complaint types are read by their Chinese names.
//
// A row that cannot be read (an unreadable or future date, a step before
// the one it follows, an unknown cause) is refused with an *Error naming its
// sheet, row, column and header, with a stable code and a Chinese message,
// and the rest of the ledger is still judged. Nothing panics on any input.
//
// # Keeping the rows
//
// Nothing is stored by an audit. Import turns an audited row into its
// history under a stable ID derived from a hash of the row, for a store that
// keeps imported records idempotently.
package ledger
