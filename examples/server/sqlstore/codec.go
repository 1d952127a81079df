package sqlstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shouhou/shouhou/calendar"
)

// encode returns the JSON text of v, and v as read back from that text.
// It refuses a value that would not read back (a JSON encoding that its
// own decoding rejects, such as an impossible calendar.Date), so that
// nothing is written that Get could not return. The columns beside the
// body are taken from the copy read back, so that they agree with what
// List's Query.Matches sees.
func encode[T any](what string, v *T) (string, *T, error) {
	return encodeAs(what, v, true)
}

// encodeAs is encode, reading back only when roundTrip is set or the text
// differs from v: when JSON replaced a string's invalid UTF-8 (written as
// the escape \ufffd, which it never writes otherwise, a real U+FFFD
// being written as itself). Otherwise it returns v itself. The requests
// and complaints, saved on every step, take this path (eventStore.quick):
// none of their types has a decoding stricter than its encoding, which
// FuzzQuickEncodeAgrees checks against the full round trip.
func encodeAs[T any](what string, v *T, roundTrip bool) (string, *T, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", nil, fmt.Errorf("sqlstore: encode %s: %w", what, err)
	}
	if !roundTrip && !bytes.Contains(b, []byte(`\ufffd`)) {
		return string(b), v, nil
	}
	back := new(T)
	if err := json.Unmarshal(b, back); err != nil {
		return "", nil, fmt.Errorf("sqlstore: %s would not read back from its JSON: %w", what, err)
	}
	return string(b), back, nil
}

// decode decodes a body read from the database.
func decode[T any](what, body string) (*T, error) {
	v := new(T)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		return nil, fmt.Errorf("sqlstore: decode %s: %w", what, err)
	}
	return v, nil
}

// The instants whose Unix nanoseconds an int64 holds (years 1678 to 2262).
var (
	minNano = time.Unix(0, math.MinInt64)
	maxNano = time.Unix(0, math.MaxInt64)
)

// nanos returns t as Unix nanoseconds, clamped to the int64 range. The
// clamping keeps the order (never reverses it), so that a column of nanos
// answers a comparison with a bound strictly inside the range exactly.
func nanos(t time.Time) int64 {
	switch {
	case t.Before(minNano):
		return math.MinInt64
	case t.After(maxNano):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// bound returns t as Unix nanoseconds if a column of nanos answers a
// comparison with t exactly: t strictly inside the int64 range.
func bound(t time.Time) (int64, bool) {
	if !t.After(minNano) || !t.Before(maxNano) {
		return 0, false
	}
	return t.UnixNano(), true
}

// dayKey returns the number of days from 1970-01-01 to d, which orders
// dates as calendar.Date.Compare does.
func dayKey(d calendar.Date) int64 {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	s := t.Unix()
	k := s / 86400
	if s%86400 < 0 {
		k--
	}
	return k
}

// storableID reports whether id can be a key in both dialects: valid UTF-8
// (JSON would rewrite anything else, and the body would not name its row)
// without NUL (which PostgreSQL's text refuses).
func storableID(id string) bool {
	return utf8.ValidString(id) && !strings.ContainsRune(id, 0)
}

// checkID refuses an ID that cannot be stored.
func checkID(what, id string) error {
	if !storableID(id) {
		return invalid("id_invalid", "%s编号含有无效字符", what)
	}
	return nil
}

// arg returns s as a query argument compared with a text column. On
// PostgreSQL, whose text holds neither NUL nor invalid UTF-8, those are
// replaced by U+FFFD, as in the columns (see col); exact is false if that
// changed s, when the SQL may then select more rows than match, which
// Query.Matches removes.
func (db *DB) arg(s string) (v string, exact bool) {
	if !db.pg() {
		return s, true
	}
	v = pgText(s)
	return v, v == s
}

// col returns s as stored in a text column that is filtered on.
func (db *DB) col(s string) string {
	if !db.pg() {
		return s
	}
	return pgText(s)
}

func pgText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// afterArg returns the argument of "id > ?" for paging after id. Stored
// IDs are storable; for one that is not, the longest storable prefix p
// selects a superset (every ID greater than id is greater than p), and
// exact is false.
func (db *DB) afterArg(id string) (v string, exact bool) {
	if storableID(id) || !db.pg() {
		return id, true
	}
	for i, r := range id {
		if r == 0 || (r == utf8.RuneError && !strings.HasPrefix(id[i:], "\uFFFD")) {
			return id[:i], false
		}
	}
	return id, false
}

// placeholders returns "?, ?, …" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// rfc3339 formats t for a text column: the instant in UTC, to the
// nanosecond. (UTC, because RFC 3339 has no room for the seconds of an
// offset such as a Local Mean Time's.) textTime tells whether it reads
// back.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// textTime reports whether rfc3339(t) reads back: the years 0 to 9999.
func textTime(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 0 && y <= 9999
}
