-- The pending deadlines of open requests, indexed by due instant
-- (aftersales.DeadlineIndex): one row per item of aftersales.PendingItems,
-- rewritten with the request in the transaction of every Save. The queues,
-- the overdue list and the scheduler read a page of it instead of every
-- open request. The rows of requests written before this migration are
-- filled in by the same transaction (see backfills in migrate.go).
CREATE TABLE request_deadlines (
    request_id text COLLATE "C" NOT NULL REFERENCES requests (id),
    idx        integer NOT NULL,        -- its place in the request's deadlines
    owner      text COLLATE "C" NOT NULL, -- aftersales.Deadline.Owner
    clause     text COLLATE "C" NOT NULL,
    project_id text COLLATE "C" NOT NULL,
    due_ns     bigint  NOT NULL,
    running    integer NOT NULL,        -- 1: its clock runs; 0: paused
    body       text    NOT NULL,        -- the aftersales.DeadlineItem, State empty
    PRIMARY KEY (request_id, idx)
);
CREATE INDEX request_deadlines_due ON request_deadlines (due_ns, request_id, idx);
CREATE INDEX request_deadlines_owner ON request_deadlines (owner, due_ns, request_id, idx);
CREATE INDEX request_deadlines_project ON request_deadlines (project_id, due_ns, request_id, idx);

-- The desk's lists, newest received first (aftersales.Query.NewestFirst),
-- page on this index read backwards.
CREATE INDEX requests_received ON requests (received_ns, id);
