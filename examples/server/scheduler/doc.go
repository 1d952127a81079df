// Package scheduler is the reference server's scheduler: it scans the
// open deadlines and duties of the after-sales regulation, sends a
// notification for each one that is about to pass or has passed, and
// makes the escalation the regulation asks for when a handling deadline is
// missed.
//
// # What it watches
//
//	reminder          P1.2, P1.3, P3.1, P3.2, P4.2  a pending after-sales deadline due within RemindBefore
//	overdue           P1.2, P1.3, P3.1, P3.2, P4.2  a pending after-sales deadline already due
//	escalated         P3.3  a missed P3.2 handling deadline: the part is reported to the
//	                        after-sales department (aftersales.Service.Escalate, by the system
//	                        actor "scheduler"), once per part
//	overdue           C2.1, C2.2, C3.1  a complaint deadline already due
//	escalated         C4.2  a complaint whose C4.1 result deadline passed: the level above
//	                        in the policy's chain (the top level if there is none) is alerted.
//	                        The regulation's escalation is the customer's (NotSatisfied), so
//	                        the complaint itself is not changed
//	complaint_report  C5.1  a month's complaint analysis report past its due day and not
//	                        delivered, for every month from Config.ReportsSince
//	warranty_notice   W2.1  the notice of warranty arrangements due within RemindBefore, or
//	                        missed and not sent
//	inspection        W2.2  an inspection window that passed without an inspection
//	warranty_summary  W3.2  the warranty summary report due within RemindBefore, or missed
//	                        and not delivered
//
// # Exactly once across instances
//
// Each item has a stable key (see Notification.Key) built from its kind,
// clause, subject, owner, round and due instant. Before acting on an item
// the Scheduler claims its key in a Claims store shared by every server
// instance on the same database: only the holder acts, marks the claim done
// when the action succeeded, and releases it when it failed, so that the
// next tick, on any instance, retries. A claim whose holder vanished is
// taken over once its lease has passed; the action may then run twice
// (at-least-once), which is why receivers deduplicate on the key and why
// the escalation checks the request again, under its version, before
// escalating.
//
// # What a tick reads
//
// A tick costs what is due, not what is open. Reminders read the
// after-sales deadlines due within RemindBefore, from the store's deadline
// index (aftersales.DeadlineIndex) when it has one. Overdue deadlines are
// read in full at a sweep (an instance's first tick, then every
// Config.SweepEvery, default one hour); the ticks between read only those
// that fell due since the last scan that left nothing to retry, and every
// overdue deadline of the requests written since, which Config.Changes
// names (the server's change feed). So a deadline overdue the moment it
// is written (a registration back-dated by days, a clock resumed late, a
// recomputed or imported history) is notified at the next tick; without a
// ChangeFeed, at the next sweep. Complaints, reports and warranty duties
// are read whole at every tick: they are few beside the requests.
//
// # Deferred notifications
//
// A Notifier may answer that a notification is to wait rather than fail
// (a *DeferredError, made by Defer): quiet hours outside working time, or
// a group robot's rate limit. The Scheduler then releases the claim as for
// a failure, but counts the item in Result.Deferred, logs no failure, and
// does not claim it again on this instance before the deferral's time; the
// item is marked done only when a later Notify returns nil, so a deferred
// notice is never lost. Notification.Urgent names the notices that must
// not wait (P1.3, C2.2).
//
// # Notifiers
//
// LogNotifier writes a log line, WebhookNotifier POSTs signed JSON with
// retries (Verify checks the signature on the receiving side), and
// MultiNotifier sends to several; OnceNotifier keeps a part of a
// MultiNotifier from repeating a key it delivered when another part makes
// the notification retry. The people-facing channels (group robots,
// e-mail, SMS, quiet hours, who hears what) are in package notify.
package scheduler
