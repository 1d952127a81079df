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
//	Forward             C2.1      to the responsible departments, one part
//	                              each (several when several are concerned,
//	                              as P2.2 allows for requests); forwarding
//	                              again adds departments while the complaint
//	                              is handled; with an Organisation, an
//	                              unknown or closed department is refused
//	Plan                C3.1      each department investigates and plans its
//	                              part within 3 working days of its own
//	                              forwarding
//	RecordStatement     C3.2      the customer's opinions, heard and recorded
//	CommissionThirdParty,
//	RecordThirdPartyReport C3.3   agency, scope and report
//	Answer              C4.1      the result within 7 working days; a result
//	                              before every department's plan is refused
//	Satisfied           C4.2      resolved
//	NotSatisfied        C4.2      one level up a configurable chain (responsible
//	                              department → after-sales head → general
//	                              manager by default), each level restarting
//	                              the C4.1 clock it owns; past the top the
//	                              complaint stays open and flagged, never
//	                              silently closed
//	Withdraw                      at the customer's wish, with a reason
//	Pause, Resume       G3.3      the C3 and C4 clocks stop while the company
//	                              waits on the customer (see below)
//
// # Where each clock runs from
//
//	clause  runs from                                   period
//	C2.1    receipt of the complaint (received_at)      1 working day
//	C2.2    the declaration as major                    emergency plan: 2 clock
//	                                                    hours; customer feedback:
//	                                                    2 working days
//	C3.1    the forwarding to each department, each     3 working days
//	        its own
//	C4.1    the first forwarding; again from each       7 working days
//	        escalation, for the level it reaches
//	G3.3    the start of a pause                        10 working days, after
//	                                                    which the pause is
//	                                                    escalated
//
// The periods are the Policy's (these are DefaultPolicy's).
//
// # Pausing the clocks
//
// The after-sales department, or a department the complaint was forwarded
// to, pauses a complaint's clocks while the company waits on the customer,
// with a reason from aftersales.PauseReasons, a note and evidence
// references. Only the working-day clocks of C3 and C4 stop: forwarding
// (C2.1) is intake and a major complaint's clocks (C2.2) are urgent, and
// they never pause. A clock opened during a pause (a department forwarded,
// a level escalated to) stands still from its start. Resume moves each
// paused deadline by the working days it stood still, counted on the
// calendar (a pause over a holiday costs nothing extra), and the resume
// event records the moved deadlines. A pause opens a G3.3 deadline of
// Policy.PauseLimitDays working days that the resume meets, so that a
// pause outliving it shows as overdue and is escalated. A complaint
// resolved or withdrawn while paused ends the pause. The monthly report
// gives the raw and the net time of the clocks that pause.
//
// # Who sees what
//
// MaySee decides whether a reader (an aftersales.Viewer) may see a
// complaint: the after-sales department and the general manager every one,
// the complainant their own, a department those forwarded to it (C2.1).
// Scope narrows a Query to the same complaints, for a Store to filter in
// SQL. What names the step a complaint deadline asks for; a Store's Save
// starts with CheckBatch.
//
// A complaint about an after-sales request links to it through
// Registration.RequestID. Deadlines are aftersales.Deadline values counted
// with package calendar; rules are pure and the Service loads, decides and
// saves with a version check; the history replays to the record (Replay).
// A history or record written before a complaint could go to several
// departments (one "department" and one "plan") reads as the same
// complaint with one part.
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
// complaint/storetest, follows the rules of aftersales.Store. Two
// optional capabilities keep years of complaints cheap: a Scanner streams
// the month's complaints into the report in constant memory, and a
// TallyStore keeps the running figures (FigureTally summed, and the
// complaints that still owe a deadline), from which Service.Figures gives
// the dashboard's open and overdue counts and on-time rates without
// reading every complaint.
package complaint
