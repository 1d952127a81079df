// Package complaint runs the complaint lifecycle of the regulation's
// chapter 客户投诉处理 (C1–C5) and builds the monthly analysis report.
//
// # Lifecycle
//
//	Register            C1, C2.1  received by the after-sales department or the
//	                              general manager on any channel; the 客户投诉登记表;
//	                              forward within 1 working day
//	DeclareMajor        C2.2      by the documented declarers on documented
//	                              criteria (Policy); the emergency plan starts
//	                              within a clock-hour target and the customer
//	                              hears back within 2 working days
//	StartEmergency,
//	GiveMajorFeedback   C2.2
//	Forward             C2.1      to the responsible department
//	Plan                C3.1      investigated, with a plan, within 3 working days
//	RecordStatement     C3.2      the customer's opinions, heard and recorded
//	CommissionThirdParty,
//	RecordThirdPartyReport C3.3   agency, scope and report
//	Answer              C4.1      the result within 7 working days; a result
//	                              before an investigation is refused
//	Satisfied           C4.2      resolved
//	NotSatisfied        C4.2      one level up a configurable chain (responsible
//	                              department → after-sales head → general
//	                              manager by default), each level restarting
//	                              the C4.1 clock it owns; past the top the
//	                              complaint stays open and flagged, never
//	                              silently closed
//	Withdraw                      at the customer's wish, with a reason
//
// A complaint about an after-sales request links to it through
// Registration.RequestID. Deadlines are aftersales.Deadline values counted
// with package calendar; rules are pure and the Service loads, decides and
// saves with a version check; the history replays to the record (Replay).
//
// # The monthly analysis report (C5.1, C5.2)
//
// BuildReport and Service.Report give the 客户投诉分析报告: counts by type,
// cause and outcome, on-time rates per clause, escalations, repeat
// complainants, and the change against the previous month, with decimal
// percentages; the same data at the same instant gives the same report. It
// is due a configurable number of working days after month end (default
// 5); DeliverReport and ReportDuties track its delivery to the general
// manager.
//
// # Storage
//
// Store, with MemStore in memory and the conformance suite in
// complaint/storetest, follows the rules of aftersales.Store.
package complaint
