-- The desk's search box (aftersales.Query.Text): the two texts of
-- aftersales.SearchText, lower-cased, written with the request on every
-- Save. The rows written before this migration are filled in by the same
-- transaction (see backfills in migrate.go).
ALTER TABLE requests ADD COLUMN search_public text NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN search_contact text NOT NULL DEFAULT '';
-- The search reads the rows newest first through requests_received and
-- compares the texts in the table: a B-tree index cannot hold them (its
-- entries are limited to about 2,700 bytes, and the texts may be longer).
