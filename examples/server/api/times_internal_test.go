package api

import "testing"

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
