-- The search boxes' index (searchindex.go): per table, <table>_search gives
-- each record a stable integer n (an INTEGER PRIMARY KEY, which VACUUM
-- keeps) and the texts last indexed; <table>_grams, a contentless FTS5
-- table under that n, holds the runs of two and of four characters of the
-- texts as words of hex digits (with the column of each, for the public
-- text alone, but not its position: no query is a phrase). Both are
-- written with the record in every Save, and filled here for the records
-- already stored (see backfills in migrate.go).
CREATE TABLE requests_search (
	n INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	public TEXT NOT NULL,
	contact TEXT NOT NULL
);
CREATE VIRTUAL TABLE requests_grams USING fts5(public, contact, content = '', contentless_delete = 1, detail = column, tokenize = 'ascii');
CREATE TABLE complaints_search (
	n INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	public TEXT NOT NULL,
	contact TEXT NOT NULL
);
CREATE VIRTUAL TABLE complaints_grams USING fts5(public, contact, content = '', contentless_delete = 1, detail = column, tokenize = 'ascii');
