-- Where each reader of the change feed that the server runs itself (the
-- event webhook) has got to: the cursor after the last event it
-- delivered, moved only forward, by compare-and-set.
CREATE TABLE feed_cursors (
    name       TEXT PRIMARY KEY,
    cursor     TEXT NOT NULL,
    updated_ns BIGINT NOT NULL
);
