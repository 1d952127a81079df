-- The desk's complaint search box (complaint.Query.Text): the two texts of
-- complaint.SearchText, lower-cased, written with the complaint on every
-- Save. The search reads the rows newest first through complaints_received
-- and compares the texts in the table (a B-tree entry cannot hold them).
-- The rows written before this migration are filled in by the same
-- transaction (see backfills in migrate.go).
ALTER TABLE complaints ADD COLUMN search_public text NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN search_contact text NOT NULL DEFAULT '';
