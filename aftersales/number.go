package aftersales

import (
	"context"
	"fmt"
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
