-- Tokens can be revoked: a revoked token authenticates no more, and stays
-- listed for the record.
ALTER TABLE tokens ADD COLUMN revoked_at TEXT; -- RFC 3339; NULL: in force
