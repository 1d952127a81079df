-- The change feed (GET /api/v1/events): every event of every request,
-- complaint and warranty. Several instances write at once, and a sequence
-- number is taken before its transaction commits, so a reader cannot trust
-- pos alone: each row keeps the ID of the transaction that wrote it (tx),
-- and the feed is read in (tx, pos) order only below the oldest
-- transaction still running (pg_snapshot_xmin), where no row can appear
-- any more. The events written before this migration are added in the
-- order they happened.
CREATE TABLE feed (
    pos       bigserial PRIMARY KEY,
    tx        xid8   NOT NULL DEFAULT pg_current_xact_id(),
    kind      text   NOT NULL,              -- request | complaint | warranty
    record_id text   NOT NULL,
    seq       integer NOT NULL,
    type      text   NOT NULL,
    at_ns     bigint NOT NULL,
    UNIQUE (kind, record_id, seq)
);
CREATE INDEX feed_order ON feed (tx, pos);
INSERT INTO feed (kind, record_id, seq, type, at_ns)
SELECT kind, id, seq, type, at_ns FROM (
    SELECT 'request' AS kind, request_id AS id, seq, type, at_ns FROM request_events
    UNION ALL SELECT 'complaint', complaint_id, seq, type, at_ns FROM complaint_events
    UNION ALL SELECT 'warranty', project_id, seq, type, at_ns FROM warranty_changes
) AS old ORDER BY at_ns, kind, id, seq;
