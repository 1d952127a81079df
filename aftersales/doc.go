// Package aftersales is the shared vocabulary of shouhou and the
// after-sales request lifecycle of the regulation's chapters 总则 (G) and
// 售后流程 (P).
//
// # Vocabulary (G2, G4)
//
// Departments (售后管理部, each project's 项目部, 物资采购部, 设计部 and a
// company's own), roles (the general manager who leads the after-sales
// group, G4.1; the after-sales head and staff, G4.2; the project specialist,
// G4.3; department staff, G4.4; the customer), channels (P1.1), projects and
// their kinds (G2), causes (P2.1), the domain Error with its stable kinds
// and Chinese messages, and the Clock.
//
// # The lifecycle (P1–P4)
//
// A Service runs each step of a request and persists it through a Store:
//
//	Register      P1.2  the 客户反馈登记表; forward within 1 working day of receipt
//	HandleUrgent  P1.3  immediate measures within a clock-hour target
//	Forward       P2.1  routing by cause; P2.2 several departments, coordinated
//	Plan          P3.1  measures, time, owner, within 2 working days of receipt;
//	                    the plan classifies the problem (P3.2)
//	Reclassify    P3.2  by the after-sales head: the deadline is recomputed
//	Escalate      P3.3  report a difficulty to the after-sales department
//	Complete      P3.2  simple within 5, complex within 10 working days
//	Accept/Reject P4.1  signed acceptance, or rework with a fresh deadline
//	Visit         P4.2  the 客户回访记录表 within 3 working days; closes
//	Withdraw            at the customer's wish, with a reason
//
// Every period comes from a Policy (DefaultPolicy is the regulation's) and
// the calendar package; every Deadline carries its clause, the event it runs
// from, the due instant, whether it was met, and whether a provisional
// calendar day was involved.
//
// Rules are pure: each step takes the current record, the command, the time
// and the calendar, and returns the event it produces or a typed error. The
// Service loads, decides and saves with a version check, in that order;
// every change appends to the request's history, which replays to the record
// (Replay).
//
// # Queries and audit
//
// Service.Deadlines, Overdue and DueWithin list pending deadlines by
// department, specialist or project. Audit checks a history, including one
// imported from another system (ParseHistory), and lists every clause whose
// deadline was missed or whose step is missing.
//
// # Storage
//
// Store is what an implementation provides; MemStore keeps everything in
// memory; package storetest holds the conformance suite any Store must
// pass.
//
// # Free or paid (W1.2, W3.1)
//
// A Service may be given a CoverageDecider (package warranty implements
// it); the decision is recorded on the request when it is registered and
// when its cause becomes known.
package aftersales
