-- The search boxes' index (searchindex.go): per table, <table>_search holds
-- each record's runs of two and of four characters as a tsvector of hex
-- words (the public text's weighted A, the contact text's B), under a GIN
-- index; a search asks for all the words of its query. Written with the
-- record in every Save when its texts change, and filled here for the
-- records already stored (see backfills in migrate.go).
CREATE TABLE requests_search (
	id text PRIMARY KEY,
	grams tsvector NOT NULL
);
-- fastupdate off: each write goes into the index itself, not into a
-- pending list that every search would read whole until VACUUM merged it.
CREATE INDEX requests_search_grams ON requests_search USING gin (grams) WITH (fastupdate = off);
CREATE TABLE complaints_search (
	id text PRIMARY KEY,
	grams tsvector NOT NULL
);
CREATE INDEX complaints_search_grams ON complaints_search USING gin (grams) WITH (fastupdate = off);
