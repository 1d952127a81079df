-- Pseudonymisation (个人信息保护法 第十九条, 第四十七条; DB.Pseudonymise).
-- The event tables stay append-only with one exception: while a
-- transaction holds the row of privacy_rewrite (Pseudonymise inserts it and
-- deletes it again before it commits, so no other transaction ever sees
-- it), an UPDATE may change an event's body, and nothing else of the row.
-- DELETE stays refused. What the rewrite changed is the customer's personal
-- data only (aftersales.Event.Pseudonymised), and the history says so: the
-- same transaction appends an event "pseudonymised".
CREATE TABLE privacy_rewrite (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1)
);

DROP TRIGGER request_events_no_update;
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
WHEN NOT EXISTS (SELECT 1 FROM privacy_rewrite)
    OR NEW.request_id IS NOT OLD.request_id OR NEW.seq IS NOT OLD.seq
    OR NEW.type IS NOT OLD.type OR NEW.at_ns IS NOT OLD.at_ns
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;

DROP TRIGGER complaint_events_no_update;
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
WHEN NOT EXISTS (SELECT 1 FROM privacy_rewrite)
    OR NEW.complaint_id IS NOT OLD.complaint_id OR NEW.seq IS NOT OLD.seq
    OR NEW.type IS NOT OLD.type OR NEW.at_ns IS NOT OLD.at_ns
BEGIN SELECT RAISE(ABORT, 'complaint_events is append-only'); END;
