-- complaints.next_due_ns: when a complaint's next deadline falls due, the
-- earliest of its pending deadlines whose clock runs (complaint.NextDue),
-- NULL when none runs, so that the scheduler's
-- question (complaint.Query.DueBefore) reads only the complaints it
-- has something to say about. Filled from the stored complaints in Go
-- (backfillComplaintNextDue).
ALTER TABLE complaints ADD COLUMN next_due_ns INTEGER;
CREATE INDEX complaints_next_due ON complaints (next_due_ns) WHERE next_due_ns IS NOT NULL;
