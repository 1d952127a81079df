package api

import (
	"regexp"
	"strings"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// Every time the API answers is in China Standard Time (+08:00), whatever
// zone the value had in memory: a store may read an instant back as UTC
// (SQLite does), a caller may have sent another offset, and the library
// rightly keeps instants, not display zones. The zone is the API's
// contract, not the library's, so it is applied in one place, writeJSON,
// on the encoded answer: every JSON string that is a whole RFC 3339 time
// is rewritten as the same instant at +08:00. That covers the library's
// types, the API's own maps and replayed answers alike, and a new field
// cannot forget it. Only whole string values are rewritten (a timestamp
// inside text never is one); a text field that is itself
// exactly a timestamp is the same instant afterwards.
var jsonTime = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)"`)

// inCST rewrites the times of the compact JSON b at +08:00. A match is a
// string value only where a value may start (after ':', '[' or ','):
// inside a string, a quote is escaped.
func inCST(b []byte) []byte {
	var out []byte
	last := 0
	for _, m := range jsonTime.FindAllIndex(b, -1) {
		if m[0] == 0 || (b[m[0]-1] != ':' && b[m[0]-1] != '[' && b[m[0]-1] != ',') {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, string(b[m[0]+1:m[1]-1]))
		if _, off := t.Zone(); err != nil || off == 8*3600 {
			continue
		}
		out = append(out, b[last:m[0]]...)
		out = append(out, '"')
		out = t.In(calendar.CST()).AppendFormat(out, time.RFC3339Nano)
		out = append(out, '"')
		last = m[1]
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// queryTime parses an RFC 3339 time from a query string. A "+" written
// unescaped there reaches the server as a space ("…T16:20:00 08:00"); the
// time cannot mean anything else, so it is read as the "+" it was.
func queryTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil && strings.Count(s, " ") == 1 {
		if t2, err2 := time.Parse(time.RFC3339, strings.Replace(s, " ", "+", 1)); err2 == nil {
			return t2, nil
		}
	}
	return t, err
}
