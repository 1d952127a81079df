package aftersales

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// Numberer gives a newly registered record its readable number, one a
// person can read out on the phone (SH-2026-000123), once the
// registration was accepted and before it is saved; at is when the
// registration is entered. It never gives a number twice; a registration
// that then fails to save leaves a gap. Service.Register and
// complaint.Service.Register call it (Config.Number); without one, records
// have no number and are known by their ID alone.
type Numberer func(ctx context.Context, at time.Time) (string, error)

// FormatNumber writes a readable number: the prefix, the year in China
// Standard Time and the year's sequence, six digits at least:
// FormatNumber("SH", t, 123) is "SH-2026-000123" for a t in 2026.
func FormatNumber(prefix string, at time.Time, seq int64) string {
	return fmt.Sprintf("%s-%04d-%06d", prefix, at.In(calendar.CST()).Year(), seq)
}

// NumberYear returns the year a number counts in: at's year in China
// Standard Time, as FormatNumber writes it.
func NumberYear(at time.Time) int { return at.In(calendar.CST()).Year() }

// ValidNumberPrefix reports whether p can begin a readable number: 1 to 8
// capital letters, such as SH or TS.
func ValidNumberPrefix(p string) bool {
	if len(p) < 1 || len(p) > 8 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 'A' || p[i] > 'Z' {
			return false
		}
	}
	return true
}

// IsNumber reports whether s has the form FormatNumber writes (a prefix,
// a four-digit year, six digits or more), as opposed to a record's ID.
func IsNumber(s string) bool {
	prefix, rest, ok := strings.Cut(s, "-")
	if !ok || !ValidNumberPrefix(prefix) {
		return false
	}
	year, seq, ok := strings.Cut(rest, "-")
	return ok && len(year) == 4 && digits(year) && len(seq) >= 6 && digits(seq)
}

// digits reports whether s is ASCII digits only.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
