-- The desk's complaint search box (complaint.Query.Text): the two texts of
-- complaint.SearchText, lower-cased, written with the complaint on every
-- Save, and in the newest-first index, so that a search reads the index
-- alone. The rows written before this migration are filled in by the same
-- transaction (see backfills in migrate.go).
ALTER TABLE complaints ADD COLUMN search_public TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN search_contact TEXT NOT NULL DEFAULT '';
DROP INDEX complaints_received;
CREATE INDEX complaints_received ON complaints (received_ns, id, search_public, search_contact);
