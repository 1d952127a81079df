-- The pending deadlines of open requests counted by owner, clause, whether
-- their clock runs, and the minute they are due (Unix minutes): changed by
-- the difference in the transaction of every Save with request_deadlines.
-- The dashboard's overdue counts (aftersales.TallyStore.PendingCounts) add
-- up the minutes before the current one and count the current minute's
-- deadlines in request_deadlines, so that they cost the buckets, not what
-- is open. Filled here from request_deadlines (see backfills in
-- migrate.go).
CREATE TABLE request_pending_minutes (
    owner   text COLLATE "C" NOT NULL,
    clause  text COLLATE "C" NOT NULL,
    running integer NOT NULL,
    minute  bigint NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (owner, clause, running, minute)
);
