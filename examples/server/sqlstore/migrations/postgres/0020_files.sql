-- Files kept with a request or complaint, whole: what a customer sent
-- with an e-mail, at most 10 MiB each (sqlstore.MaxFileSize). A file a
-- customer sent is their personal data and goes when they are erased.
CREATE TABLE files (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    record_id    text COLLATE "C" NOT NULL,
    name         text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    data         bytea NOT NULL,
    by_customer  boolean NOT NULL,      -- true: sent by the customer
    created_by   text NOT NULL,
    created_ns   bigint NOT NULL
);
CREATE INDEX files_record ON files (record_id, created_ns, id);
