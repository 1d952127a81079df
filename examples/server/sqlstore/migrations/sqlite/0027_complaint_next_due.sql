-- complaints.next_due_ns: the earliest pending deadline of a complaint
-- (complaint.NextDue), NULL when none is pending, so that the scheduler's
-- question (complaint.Query.PendingDueBefore) reads only the complaints it
-- has something to say about. Filled from the stored complaints in Go
-- (backfillComplaintNextDue).
ALTER TABLE complaints ADD COLUMN next_due_ns INTEGER;
CREATE INDEX complaints_next_due ON complaints (next_due_ns) WHERE next_due_ns IS NOT NULL;
