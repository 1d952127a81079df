package aftersales

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// Count is one row of a breakdown in a report: a key, its Chinese label and
// how many.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Counts turns a tally into rows, most first, then by key.
func Counts(tally map[string]int, label func(key string) string) []Count {
	out := make([]Count, 0, len(tally))
	for k, n := range tally {
		out = append(out, Count{Key: k, Label: label(k), N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// ClauseRate is the on-time record of one clause's deadlines, as reports
// and assessments give it.
type ClauseRate struct {
	Clause Clause `json:"clause"`
	Met    int    `json:"met"`
	Missed int    `json:"missed"`
	Open   int    `json:"open"`
	// Rate is Met / (Met + Missed) in percent, rounded half away from zero
	// to 2 places; nil when no deadline of the clause has come due.
	Rate *decimal.Decimal `json:"rate,omitempty"`
}

// Add counts one deadline by its state at asOf.
func (c *ClauseRate) Add(d Deadline, asOf time.Time) {
	switch d.State(asOf) {
	case DeadlineMet:
		c.Met++
	case DeadlineMissed:
		c.Missed++
	case DeadlineOpen:
		c.Open++
	}
}

// ComputeRate sets Rate from the counts: call it once every deadline is
// added.
func (c *ClauseRate) ComputeRate() {
	c.Rate = Percent(c.Met, c.Met+c.Missed)
}

// Percent returns n / of in percent, rounded half away from zero to 2
// places, or nil when of is 0. It never changes shopspring/decimal's
// package settings.
func Percent(n, of int) *decimal.Decimal {
	if of == 0 {
		return nil
	}
	v := decimal.NewFromInt(int64(n)*100).DivRound(decimal.NewFromInt(int64(of)), 2)
	return &v
}

// StoreError passes domain errors and context errors through and wraps
// any other error, such as a driver's, as a KindUnavailable error (code
// "unavailable") whose message carries no driver text. Services call it on
// every Store result.
func StoreError(err error) error {
	return storeErr(err)
}
