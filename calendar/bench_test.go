package calendar_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/shouhou/shouhou/calendar"
)

// The benchmarks compare China() with a baseline in the same run: rickar/cal's
// BusinessCalendar on the same schedule, its WorkdayFunc backed by a map of
// every date 2006-12-01..2028-12-31 to China().IsWorkday, no holidays and
// the cache off. That is the cheapest way to ask rickar/cal for the Chinese
// schedule; what remains is its day-by-day stepping.

// Package-level sinks keep the compiler from discarding the results.
var (
	benchSinkBool bool
	benchSinkTime time.Time
	benchSinkInt  int
)

// benchStarts are 1024 start times, 00:00 CST, six days apart from
// 2007-01-01 (to 2023-10), so that no single date is measured and every
// weekday and kind of day is. Indexed by i&1023.
var benchStarts = func() []time.Time {
	s := make([]time.Time, 1024)
	for i := range s {
		s[i] = calendar.D(2007, 1, 1).AddDays(6 * i).Start()
	}
	return s
}()

// benchRickarMap returns the baseline: a cache-off rickar/cal BusinessCalendar
// whose WorkdayFunc looks China()'s answers up in a map.
var benchRickarMap = sync.OnceValue(func() *cal.BusinessCalendar {
	cn := calendar.China()
	m := map[calendar.Date]bool{}
	for d := calendar.D(2006, 12, 1); !d.After(calendar.D(2028, 12, 31)); d = d.AddDays(1) {
		m[d] = cn.IsWorkday(d.Start())
	}
	bc := cal.NewBusinessCalendar()
	bc.Cacheable = false
	bc.WorkdayFunc = func(t time.Time) bool {
		d := calendar.DateOf(t)
		if w, ok := m[d]; ok {
			return w
		}
		wd := d.Weekday()
		return wd != time.Saturday && wd != time.Sunday
	}
	return bc
})

// TestBenchBaselineAgrees makes sure the baseline computes what shouhou does,
// so the benchmarks compare like with like.
func TestBenchBaselineAgrees(t *testing.T) {
	cn, bc := calendar.China(), benchRickarMap()
	for _, s := range benchStarts {
		if got, want := bc.IsWorkday(s), cn.IsWorkday(s); got != want {
			t.Fatalf("IsWorkday(%s): baseline %v, shouhou %v", calendar.DateOf(s), got, want)
		}
		for _, n := range []int{1, 10, 250} {
			if got, want := calendar.DateOf(bc.WorkdaysFrom(s, n)), calendar.DateOf(cn.AddWorkdays(s, n)); got != want {
				t.Fatalf("from %s n=%d: baseline %s, shouhou %s", calendar.DateOf(s), n, got, want)
			}
		}
	}
	a, b := benchYearBounds()
	if got, want := bc.WorkdaysInRange(a.AddDate(0, 0, 1), b), cn.WorkdaysBetween(a, b); got != want {
		t.Fatalf("working days in 2026: baseline %d, shouhou %d", got, want)
	}
}

func BenchmarkIsWorkday(b *testing.B) {
	b.Run("shouhou", func(b *testing.B) {
		cn := calendar.China()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			benchSinkBool = cn.IsWorkday(benchStarts[i&1023])
		}
	})
	b.Run("rickar-baseline", func(b *testing.B) {
		bc := benchRickarMap()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			benchSinkBool = bc.IsWorkday(benchStarts[i&1023])
		}
	})
}

func BenchmarkAddWorkdays(b *testing.B) {
	cn := calendar.China()
	for _, n := range []int{1, 10, 250, 1000} {
		b.Run(fmt.Sprintf("shouhou/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				benchSinkTime = cn.AddWorkdays(benchStarts[i&1023], n)
			}
		})
	}
	for _, n := range []int{1, 10, 250} {
		b.Run(fmt.Sprintf("rickar-map/n=%d", n), func(b *testing.B) {
			bc := benchRickarMap()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				benchSinkTime = bc.WorkdaysFrom(benchStarts[i&1023], n)
			}
		})
	}
}

// benchYearBounds returns 2026-01-01 and 2026-12-31, 00:00 CST.
func benchYearBounds() (time.Time, time.Time) {
	return calendar.D(2026, 1, 1).Start(), calendar.D(2026, 12, 31).Start()
}

// BenchmarkWorkdaysBetweenYear counts the working days of 2026 after
// 2026-01-01 up to 2026-12-31. rickar's WorkdaysInRange counts both ends, so
// the baseline starts a day later to count the same days.
func BenchmarkWorkdaysBetweenYear(b *testing.B) {
	a, e := benchYearBounds()
	b.Run("shouhou", func(b *testing.B) {
		cn := calendar.China()
		b.ReportAllocs()
		for b.Loop() {
			benchSinkInt = cn.WorkdaysBetween(a, e)
		}
	})
	b.Run("rickar-map", func(b *testing.B) {
		bc := benchRickarMap()
		a1 := a.AddDate(0, 0, 1)
		b.ReportAllocs()
		for b.Loop() {
			benchSinkInt = bc.WorkdaysInRange(a1, e)
		}
	})
}

func BenchmarkDeadline(b *testing.B) {
	cn := calendar.China()
	b.Run("shouhou/n=10", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			benchSinkTime = cn.Deadline(benchStarts[i&1023], 10)
		}
	})
}
