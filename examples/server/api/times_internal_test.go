package api

import (
	"testing"
	"time"
)

// TestInCST: every whole time value is rewritten at +08:00, the same
// instant; text that contains a time is left alone.
func TestInCST(t *testing.T) {
	for in, want := range map[string]string{
		`{"at":"2026-11-02T00:30:00Z"}`:                             `{"at":"2026-11-02T08:30:00+08:00"}`,
		`{"at":"2026-11-02T00:30:00.25Z","n":1}`:                    `{"at":"2026-11-02T08:30:00.25+08:00","n":1}`,
		`["2026-11-01T20:00:00-05:00","2026-11-02T09:00:00+08:00"]`: `["2026-11-02T09:00:00+08:00","2026-11-02T09:00:00+08:00"]`,
		`{"note":"x\"2026-11-02T00:30:00Z"}`:                        `{"note":"x\"2026-11-02T00:30:00Z"}`,
		`{"note":"收到 \"2026-11-02T00:30:00Z\""}`:                    `{"note":"收到 \"2026-11-02T00:30:00Z\""}`,
		`{"date":"2026-11-02","d":"2026-13-45T99:99:99Z"}`:          `{"date":"2026-11-02","d":"2026-13-45T99:99:99Z"}`,
	} {
		if got := string(inCST([]byte(in))); got != want {
			t.Errorf("inCST(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestQueryTime: an unescaped "+" in a query time (read as a space) is
// taken as the "+" it was; other malformed times are still refused.
func TestQueryTime(t *testing.T) {
	for _, s := range []string{"2026-09-30T16:20:00+08:00", "2026-09-30T16:20:00 08:00", "2026-09-30T08:20:00Z"} {
		got, err := queryTime(s)
		if err != nil || !got.Equal(time.Date(2026, 9, 30, 8, 20, 0, 0, time.UTC)) {
			t.Errorf("queryTime(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "2026-09-30 16:20:00", "2026-09-30T16:20:00 08:00 x", "2026-09-30T16:20:00 99:00"} {
		if _, err := queryTime(s); err == nil {
			t.Errorf("queryTime(%q) accepted", s)
		}
	}
}
