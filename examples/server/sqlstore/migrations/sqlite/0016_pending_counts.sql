-- The dashboard's and the scheduler's counts of pending and overdue
-- deadlines per owner and clause (aftersales.TallyStore.PendingCounts)
-- read this index alone, in its order, rather than every row with its
-- body.
CREATE INDEX request_deadlines_counts ON request_deadlines (owner, clause, running, due_ns);
