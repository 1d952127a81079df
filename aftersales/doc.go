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
// and Chinese messages, and the Clock. A refused command names every
// problem of its input at once (Problems, AllErrors), so that a form can
// mark each field; Service.CheckRegistration checks a registration without
// storing it.
//
// # The lifecycle (P1–P4)
//
// A Service runs each step of a request and persists it through a Store:
//
//	Register      P1.2  the 客户反馈登记表, by the after-sales department or the
//	                    project's 项目部; forward within 1 working day of receipt
//	HandleUrgent  P1.3  immediate measures within a clock-hour target
//	Forward       P1.2  to departments or named people; P2.1 routing by cause to
//	                    the company's real departments; P2.2 several, coordinated
//	Plan          P3.1  measures, time, owner, within 2 working days of receipt;
//	                    the plan classifies the problem (P3.2)
//	Reclassify    P3.2  by the after-sales head: the deadline is recomputed
//	Escalate      P3.3  report a difficulty to the after-sales department
//	Coordinate    P3.3  the after-sales department takes it up: coordinator,
//	                    measures, departments brought in
//	Complete      P3.2  simple within 5, complex within 10 working days
//	Feedback      P1.3  after urgent measures; P3.2 a department's result, and
//	                    progress on a complex problem
//	Accept/Reject P4.1  signed acceptance, or rework with a fresh deadline
//	Visit         P4.2  the 客户回访记录表 within 3 working days of the
//	                    completion of handling, before or after acceptance;
//	                    the request closes when both are done
//	Pause/Resume        stop the P3.1 and P3.2 clocks while the company waits on
//	                    the customer, with a reason and evidence (G3.3 limit)
//	Withdraw            at the customer's wish, with a reason
//
// # Where each clock starts
//
// The text's own words decide which event a clock runs from. An auditor
// can check this reading line by line:
//
//	clause        runs from                                      period (Policy)
//	P1.2          receipt of the feedback (Registration.ReceivedAt) ForwardDays = 1
//	P1.3          receipt                                         UrgentHours = 4 clock hours
//	P1.3 feedback the urgent measures (处理完毕后及时反馈)           FeedbackDays = 1
//	P3.1          the department's receipt: the forwarding        PlanDays = 2
//	              (or the coordination that brought it in)
//	P3.2          the department's receipt; a rework round runs   SimpleDays = 5,
//	              from the rejection that opened it (P4.1)        ComplexDays = 10
//	P3.2 progress the plan of a complex part, then each progress  ProgressDays = 3
//	              feedback, until the part is done
//	P3.2 feedback the department's completion                     FeedbackDays = 1
//	P3.3          the report of the difficulty                    CoordinateDays = 1
//	P4.2          处理完毕: the last completion of the round the   VisitDays = 3
//	              customer goes on to accept; a rejection cancels
//	              it and the next completion opens a fresh one
//	G3.3          a pause of the clocks                           PauseLimitDays = 10
//
// "及时" has no number in the regulation; FeedbackDays, ProgressDays,
// CoordinateDays and PauseLimitDays are this project's reading, for a
// company to confirm in its Policy. The customer's acceptance or rejection
// answers a result feedback still owed: the customer judged the result
// themselves (P4.1).
//
// # Pausing a clock
//
// While the company waits on the customer (no access to the unit, the
// customer asks to wait, materials the customer chooses, a decision the
// customer owes), the after-sales department or a responsible department
// pauses the request with a reason from PauseReasons and evidence. The P3.1
// and P3.2 clocks stand still; resuming moves each by the working days it
// stood still (PausedWorkdays: a pause over a holiday costs nothing extra).
// Urgent clocks (P1.3), the visit (P4.2) and the company's own steps
// (P1.2, P3.3) never pause. A pause that outlives PauseLimitDays is overdue
// under G3.3 (timely response), and the audit reports raw and net time.
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
// department, specialist or project, soonest due first, a page at a time
// (DeadlineQuery.After and Limit, with the DeadlineCursor of the last item
// seen); a paused deadline is never overdue. Service.List pages by ID or,
// with Query.NewestFirst, newest received first (Before, RecordCursor), and
// searches with Query.Text (SearchText). Service.Figures gives the running
// figures of the dashboard: open requests, overdue deadlines by
// department, each clause's on-time record, the visits' satisfaction by
// month. Audit checks a history, including one imported from another
// system (ParseHistory), and lists every clause whose deadline was missed
// or whose step is missing.
//
// # Who sees what, and which steps are open (G3.1, G4, P2.1)
//
// A Viewer is a reader with what the organisation says about them
// (Service.Viewer fills in a specialist's projects): Viewer.MaySee decides
// whether they may see a request, and Viewer.Scope narrows a Query to the
// same records, so that a Store filters in SQL what MaySee would filter one
// by one; Viewer.DeadlineScope does the same for the deadline queue.
// Service.Actions lists the steps an actor may take on a request now,
// asked of the same rules that decide the step: a form built from it is
// offered exactly when the step would be accepted. Labels (Status.Label,
// Role.Label, Deadline.What and the others) name every value the way the
// regulation's forms do.
//
// # Personal data (个人信息保护法)
//
// SeesContact decides who sees a customer's phone, e-mail, other contact
// and unit in full (the after-sales department, the general manager, the
// customer, a department working the open request); Request.MaskedFor,
// MaskHistory and Event.Masked mask them for everyone else with MaskPhone
// (138****1111), MaskAddress (3号楼****), MaskEmail and MaskContact.
// NewPseudonym and Event.Pseudonymised are the rule of retention and
// erasure: the customer replaced by one random pseudonym in every event,
// every case fact kept; EventPseudonymised and EventDataExported record
// such acts in the history and change nothing else on Replay.
//
// # Storage
//
// Store is what an implementation provides; its Save starts with
// CheckBatch; MemStore keeps everything in memory; package storetest holds
// the conformance suite any Store must pass. A Store of years of records
// may also be a DeadlineIndex (the pending deadlines of open requests by
// due instant: PendingItems of each request it saves) and a TallyStore
// (the sums of FigureTally, and the pending deadlines counted), so that
// the queues, the scheduler and the dashboard cost what is open or due,
// not what was ever stored; the suite checks each against the reading of
// every request (ScanDeadlines, FiguresOf).
//
// # The company's organisation (P1.2, P2.1)
//
// A Service given an Organisation routes a cause to the company's real
// department of the kind the Routing names (the project's 项目部, the one
// 物资采购部, the one 设计部), refuses departments that do not exist or are
// closed, asks for a choice when a kind has several, and forwards to named
// people. Without one, it routes to the well-known department IDs.
//
// # Free or paid (W1.2, W3.1)
//
// A Service may be given a CoverageDecider (package warranty implements
// it); the decision is recorded on the request when it is registered and
// when its cause becomes known.
package aftersales
