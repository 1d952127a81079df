package ledger_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales/ledger"
)

func TestParseTime(t *testing.T) {
	for _, c := range []struct {
		in       string
		want     time.Time
		dateOnly bool
	}{
		{"2026/9/30 15:00", at(2026, 9, 30, 15, 0), false},
		{"2026/09/30 15:00:00", at(2026, 9, 30, 15, 0), false},
		{"2026-09-30 15:00", at(2026, 9, 30, 15, 0), false},
		{"2026-9-30T15:00", at(2026, 9, 30, 15, 0), false},
		{"2026.9.30 8:05", at(2026, 9, 30, 8, 5), false},
		{"2026年9月30日", at(2026, 9, 30, 0, 0), true},
		{"2026年9月30号", at(2026, 9, 30, 0, 0), true},
		{"2026年9月30日 15时20分", at(2026, 9, 30, 15, 20), false},
		{"2026年9月30日下午3点", at(2026, 9, 30, 15, 0), false},
		{"2026年9月30日 下午3点半", at(2026, 9, 30, 15, 30), false},
		{"2026年9月30日上午9:30", at(2026, 9, 30, 9, 30), false},
		{"２０２６／９／３０　１５：００", at(2026, 9, 30, 15, 0), false},
		{"2026/9/30", at(2026, 9, 30, 0, 0), true},
		{"20260930", at(2026, 9, 30, 0, 0), true},
		{"2026-09-30T07:00:00Z", at(2026, 9, 30, 15, 0), false},
		{"2026-09-30T15:00:00+08:00", at(2026, 9, 30, 15, 0), false},
		// Excel serial dates: 46295 is 2026-09-30; .625 is 15:00.
		{"46295", at(2026, 9, 30, 0, 0), true},
		{"46295.625", at(2026, 9, 30, 15, 0), false},
		{"46295.0", at(2026, 9, 30, 0, 0), false},
	} {
		got, err := ledger.ParseTime(c.in, false)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", c.in, err)
			continue
		}
		if !got.Time.Equal(c.want) || got.DateOnly != c.dateOnly {
			t.Errorf("ParseTime(%q) = %v date-only %v, want %v date-only %v", c.in, got.Time, got.DateOnly, c.want, c.dateOnly)
		}
		if got.Time.Location().String() != "CST" {
			t.Errorf("ParseTime(%q) in %v, want CST", c.in, got.Time.Location())
		}
	}
}

func TestParseTime1904(t *testing.T) {
	// The 1904 date system counts 1462 days fewer.
	got, err := ledger.ParseTime("44833.625", true)
	if err != nil || !got.Time.Equal(at(2026, 9, 30, 15, 0)) {
		t.Errorf("ParseTime 1904 = %v, %v, want 2026-09-30 15:00", got.Time, err)
	}
}

func TestParseTimeRefuses(t *testing.T) {
	for _, in := range []string{"", "  ", "明天", "9/30/2026", "26/9/30", "2026/13/1", "2026/2/30", "2026/9/30 24:00",
		"2026/9/30 15:60", "2026-9/30", "2026年9-30", "2026/9/30 15", "2026/9/30 15:00 左右", "0", "-3", "99999999",
		"2026/9/30 15:00:61", "3000000", "\xff\xfe"} {
		if got, err := ledger.ParseTime(in, false); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", in, got)
		} else if !errors.Is(err, ledger.ErrTimeFormat) {
			t.Errorf("ParseTime(%q) error %v does not wrap ErrTimeFormat", in, err)
		}
	}
}
