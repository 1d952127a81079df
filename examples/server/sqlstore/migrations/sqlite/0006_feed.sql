-- The change feed (GET /api/v1/events): every event of every request,
-- complaint and warranty, in commit order. SQLite runs one write
-- transaction at a time, so pos, taken in the transaction that writes the
-- event, is commit order. The events written before this migration are
-- added in the order they happened.
CREATE TABLE feed (
    pos       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT    NOT NULL,              -- request | complaint | warranty
    record_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    at_ns     INTEGER NOT NULL,
    UNIQUE (kind, record_id, seq)
);
INSERT INTO feed (kind, record_id, seq, type, at_ns)
SELECT kind, id, seq, type, at_ns FROM (
    SELECT 'request' AS kind, request_id AS id, seq, type, at_ns FROM request_events
    UNION ALL SELECT 'complaint', complaint_id, seq, type, at_ns FROM complaint_events
    UNION ALL SELECT 'warranty', project_id, seq, type, at_ns FROM warranty_changes
) ORDER BY at_ns, kind, id, seq;
CREATE TRIGGER feed_no_update BEFORE UPDATE ON feed
BEGIN SELECT RAISE(ABORT, 'feed is append-only'); END;
