-- The desk's search box (aftersales.Query.Text): the two texts of
-- aftersales.SearchText, lower-cased, written with the request on every
-- Save. The rows written before this migration are filled in by the same
-- transaction (see backfills in migrate.go).
ALTER TABLE requests ADD COLUMN search_public TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN search_contact TEXT NOT NULL DEFAULT '';
-- The newest-first list's index, with the search texts: a search reads
-- the index alone, newest first, and the table only for the rows found.
DROP INDEX requests_received;
CREATE INDEX requests_received ON requests (received_ns, id, search_public, search_contact);
