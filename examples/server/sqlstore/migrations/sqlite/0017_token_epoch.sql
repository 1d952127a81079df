-- The token cache's epoch (tokencache.go): every transaction that can end
-- a token adds one, and each SQLite server watching the same file empties
-- its cache when the number changes (PostgreSQL's instances are told by
-- NOTIFY instead). One row, never copied by MigrateTo.
CREATE TABLE token_epoch (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    n  BIGINT  NOT NULL
);
INSERT INTO token_epoch (id, n) VALUES (1, 0);
