package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The search boxes' index (migration 0015). A search text (the texts of
// aftersales.SearchText and complaint.SearchText are lower-cased fields,
// one per line) is cut into words: each run of two characters in a line
// ("王五" of "王五六") and each run of four ("1390" of "13900001111"),
// a run's UTF-8 in hex, runs of four marked with a "q" before it. A query
// of two or three characters is looked up by its runs of two, a longer
// one by its runs of four, which, unlike pairs of digits, are rare: the
// records holding all of them are the candidates, and the list's
// substring condition (filter.search) keeps those that hold the query.
// Chinese names of two characters are found as fast as phone numbers,
// whatever the database's locale (PostgreSQL's pg_trgm does not cut
// Chinese into trigrams under the C locale, and SQLite's trigram tokenizer
// needs three characters).
//
// SQLite keeps the words in a contentless FTS5 table, <table>_grams,
// whose rowid is the n of <table>_search (a stable integer key per record,
// with the texts last indexed); PostgreSQL in <table>_search's tsvector column
// grams (public words weighted A, contact words B) under a GIN index.
// Each finds the records holding all the words of a query at the cost of
// its rarest words, common ones such as "0000" or "客户" skipped through.
// Either is rewritten in the record's transaction only when its texts
// change (indexSearch).
//
// A list searches through the index (searchMatch) when at most searchCap
// records are candidates; when more are, the query is common, and reading
// the list's own order until its page is full is quick, as it is for a
// query of one character.

// searchCap is the most records a search reads from the index; a search
// with more candidates reads the list's order instead.
const searchCap = 1000

// gramWords returns the words of text, each once, in the order found: its
// lines' runs of two characters and runs of four.
func gramWords(text string) []string {
	var out []string
	seen := map[string]bool{}
	for line := range strings.SplitSeq(text, "\n") {
		for _, w := range append(runs(line, 2), runs(line, 4)...) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// runs returns the words of the runs of n characters of s, in order: each
// run's UTF-8 in hex, after a "q" for runs of four (so that no run of four
// ASCII characters reads as a pair of Chinese ones).
func runs(s string, n int) []string {
	var starts []int // byte offsets of the characters of s, and len(s)
	for i := range s {
		starts = append(starts, i)
	}
	starts = append(starts, len(s))
	prefix := ""
	if n == 4 {
		prefix = "q"
	}
	var out []string
	for i := 0; i+n < len(starts); i++ {
		out = append(out, prefix+hex.EncodeToString([]byte(s[starts[i]:starts[i+n]])))
	}
	return out
}

// queryWords returns the words a query is looked up by: its runs of two
// characters when it has two or three, of four when it has more; none for
// one character.
func queryWords(q string) []string {
	n := 2
	if len(runs(q, 4)) > 0 {
		n = 4
	}
	return slices.Compact(slices.Sorted(slices.Values(runs(q, n))))
}

// tsvector returns PostgreSQL's tsvector literal of the texts: the words
// of public weighted A, of contact weighted B, each at a position of its
// own (a weight needs one).
func tsvector(public, contact string) string {
	var b strings.Builder
	pos := 0
	for _, part := range []struct{ text, weight string }{{public, "A"}, {contact, "B"}} {
		for _, w := range gramWords(part.text) {
			pos = min(pos+1, 16383) // the most a tsvector position holds; the words go on
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("'" + w + "':" + strconv.Itoa(pos) + part.weight)
		}
	}
	return b.String()
}

// indexSearch keeps the search index of record id of table ("requests" or
// "complaints") up to date with its texts, in tx.
func indexSearch(ctx context.Context, db *DB, tx *sql.Tx, table, id, public, contact string) error {
	if db.pg() {
		// No write at all when the texts are those already indexed.
		_, err := db.exec(ctx, tx, "index search of "+id, `INSERT INTO `+table+`_search (id, grams) VALUES (?, ?::tsvector)
			ON CONFLICT (id) DO UPDATE SET grams = excluded.grams WHERE `+table+`_search.grams <> excluded.grams`,
			id, tsvector(public, contact))
		return err
	}
	var n int64
	var oldPublic, oldContact string
	err := db.txQueryRow(ctx, tx, `SELECT n, public, contact FROM `+table+`_search WHERE id = ?`, id).Scan(&n, &oldPublic, &oldContact)
	switch {
	case errNoRows(err):
		res, err := db.txExec(ctx, tx, `INSERT INTO `+table+`_search (id, public, contact) VALUES (?, ?, ?)`, id, public, contact)
		if err != nil {
			return fmt.Errorf("sqlstore: index search of %s: %w", id, err)
		}
		if n, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlstore: index search of %s: %w", id, err)
		}
	case err != nil:
		return fmt.Errorf("sqlstore: index search of %s: %w", id, err)
	case oldPublic == public && oldContact == contact:
		return nil
	default:
		if _, err := db.exec(ctx, tx, "index search of "+id, `DELETE FROM `+table+`_grams WHERE rowid = ?`, n); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, "index search of "+id, `UPDATE `+table+`_search SET public = ?, contact = ? WHERE n = ?`, public, contact, n); err != nil {
			return err
		}
	}
	_, err = db.exec(ctx, tx, "index search of "+id, `INSERT INTO `+table+`_grams (rowid, public, contact) VALUES (?, ?, ?)`,
		n, strings.Join(gramWords(public), " "), strings.Join(gramWords(contact), " "))
	return err
}

// reindexSearch builds table's search index from the search texts of its
// rows, in tx: the backfill of migration 0015, and MigrateTo's (SQLite's
// FTS5 tables are not copied).
func reindexSearch(ctx context.Context, db *DB, tx *sql.Tx, table string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, search_public, search_contact FROM `+table+` ORDER BY id`)
	if err != nil {
		return fmt.Errorf("sqlstore: index search of %s: %w", table, err)
	}
	var all []searchRow
	for rows.Next() {
		var x searchRow
		if err := rows.Scan(&x.id, &x.public, &x.contact); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: index search of %s: %w", table, err)
		}
		all = append(all, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: index search of %s: %w", table, err)
	}
	for _, x := range all {
		if err := indexSearch(ctx, db, tx, table, x.id, x.public, x.contact); err != nil {
			return err
		}
	}
	return nil
}

// searchMatch returns the condition, on table's key, that selects the
// candidates of a search for text (lower-cased), only in the public text
// if noContact: the records holding all of its words (queryWords, the
// first 16), which hold the text itself or, now and then, its runs in
// other places; the caller's substring condition tells them apart. ok is
// false when text has one character, or more than searchCap records are
// candidates (counted first, up to searchCap+1). The condition is
// evaluated in the list's own statement, in its snapshot.
func searchMatch(ctx context.Context, db *DB, table, text string, noContact bool) (cond string, arg any, ok bool, err error) {
	ws := queryWords(text)
	if len(ws) == 0 {
		return "", nil, false, nil
	}
	ws = ws[:min(16, len(ws))]
	defer func(start time.Time) { db.observe("read", "search "+table, start, err) }(time.Now())
	var match, q string
	if db.pg() {
		weight := ""
		if noContact {
			weight = ":A"
		}
		terms := make([]string, len(ws))
		for i, w := range ws {
			terms[i] = "'" + w + "'" + weight
		}
		q = strings.Join(terms, " & ")
		match = `SELECT id FROM ` + table + `_search WHERE grams @@ ?::tsquery`
	} else {
		q = strings.Join(ws, " AND ")
		if noContact {
			q = "public : (" + q + ")"
		}
		match = `SELECT s.id FROM ` + table + `_grams g JOIN ` + table + `_search s ON s.n = g.rowid WHERE ` + table + `_grams MATCH ?`
	}
	var n int
	if err := db.r.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM (`+match+` LIMIT ?) m`), q, searchCap+1).Scan(&n); err != nil {
		return "", nil, false, fmt.Errorf("sqlstore: search %s: %w", table, err)
	}
	if n > searchCap {
		return "", nil, false, nil
	}
	return "id IN (" + match + ")", q, true, nil
}
