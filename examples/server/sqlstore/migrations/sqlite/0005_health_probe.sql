-- The health check's write probe: one row, rewritten at most every few
-- seconds, so that /healthz says whether the database takes a write.
CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  instance TEXT NOT NULL,
  at TEXT NOT NULL -- RFC 3339
);
