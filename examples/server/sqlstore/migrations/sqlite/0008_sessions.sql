-- The desk's server-side sessions (issue 17): the cookie holds a random
-- session ID, stored here only as its SHA-256 hash, standing for the API
-- token it was started with (token_hash). A session ends at logout
-- (ended_ns), after an idle timeout (seen_ns) or an absolute one
-- (created_ns); the server checks both on every request. Times are Unix
-- nanoseconds.
CREATE TABLE sessions (
  id_hash TEXT NOT NULL PRIMARY KEY CHECK (length(id_hash) = 64),
  token_hash TEXT NOT NULL,
  created_ns INTEGER NOT NULL,
  seen_ns INTEGER NOT NULL,
  ended_ns INTEGER -- NULL: not ended
);
CREATE INDEX sessions_token ON sessions (token_hash);

-- API tokens may expire: an expired token is refused with its own code.
ALTER TABLE tokens ADD COLUMN expires_at TEXT; -- RFC 3339; NULL: never
