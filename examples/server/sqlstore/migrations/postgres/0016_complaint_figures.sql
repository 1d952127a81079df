-- The running figures of the complaints (complaint.TallyStore): each
-- complaint's complaint.FigureTally (open or not, its deadlines done by
-- clause), rewritten with the complaint in the transaction of every Save,
-- and their sum per key, changed by the difference; and the column owing
-- (complaint.Owes: a deadline still pending), whose partial index finds
-- the few complaints the dashboard reads. The rows of complaints written
-- before this migration are filled in by the same transaction (see
-- backfills in migrate.go).
ALTER TABLE complaints ADD COLUMN owing integer NOT NULL DEFAULT 0;
CREATE INDEX complaints_owing ON complaints (id) WHERE owing = 1;
CREATE TABLE complaint_tally (
    complaint_id text COLLATE "C" NOT NULL REFERENCES complaints (id),
    key          text COLLATE "C" NOT NULL,
    n            bigint NOT NULL,
    PRIMARY KEY (complaint_id, key)
);
CREATE TABLE complaint_totals (
    key text COLLATE "C" NOT NULL PRIMARY KEY,
    n   bigint NOT NULL
);
