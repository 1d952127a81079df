-- The running figures of the requests (aftersales.TallyStore): each
-- request's aftersales.FigureTally (open or not, its deadlines done by
-- clause, its visit), rewritten with the request in the transaction of
-- every Save, and their sum per key, changed by the difference. The
-- dashboard reads the sums and the pending deadlines (request_deadlines)
-- instead of every request. The rows of requests written before this
-- migration are filled in by the same transaction (see backfills in
-- migrate.go).
CREATE TABLE request_tally (
    request_id text COLLATE "C" NOT NULL REFERENCES requests (id),
    key        text COLLATE "C" NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (request_id, key)
);
CREATE TABLE request_totals (
    key text COLLATE "C" NOT NULL PRIMARY KEY,
    n   bigint NOT NULL
);
