-- Files kept with a request or complaint, whole: what a customer sent
-- with an e-mail, at most 10 MiB each (sqlstore.MaxFileSize). A file a
-- customer sent is their personal data and goes when they are erased.
CREATE TABLE files (
    id           TEXT NOT NULL PRIMARY KEY,
    record_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    by_customer  INTEGER NOT NULL,      -- 1: sent by the customer
    created_by   TEXT NOT NULL,
    created_ns   INTEGER NOT NULL
);
CREATE INDEX files_record ON files (record_id, created_ns, id);
