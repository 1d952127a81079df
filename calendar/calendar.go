package calendar

import (
	"fmt"
	"slices"
	"sort"
	"sync"
)

// The table covers 2006-12-01 (the 2007 notice lists 2006-12-30/31) to the
// last year of the lunar projection table. Outside it only the plain
// Monday–Friday rule applies and every day is Unscheduled.
const (
	firstTableYear = 2006
	lastTableYear  = 2100
)

var (
	tableLo = daysFromCivil(firstTableYear, 12, 1)
	tableHi = daysFromCivil(lastTableYear, 12, 31)
)

// Calendar is a Chinese working-day calendar: the State Council notices it
// was built from, statutory holidays projected for years without a notice,
// and any company overlays. A Calendar is immutable and safe for concurrent
// use; WithNotices and WithOverlay return new values.
type Calendar struct {
	notices  []Notice  // sorted by year, one per year
	overlays []Overlay // in the order applied

	// Per day of the table, from tableLo: kind in the low nibble, status in
	// the high nibble.
	days  []uint8
	names map[int64]string // holiday and overlay names by day number
	// cum[i] is the number of working days in [tableLo, tableLo+i);
	// len(cum) == len(days)+1.
	cum []int32
	// nth[k] is the table offset of the k-th (0-based) working day.
	nth []int32
	// runs are the maximal stretches of equal status, by first day.
	runs []statusRun
}

type statusRun struct {
	from   int64
	status Status
}

// China returns the national calendar: the embedded official schedules
// 2007–2027 (2027 single-source) and statutory holidays projected to 2100.
// Every call returns the same immutable value.
func China() *Calendar { return china() }

var china = sync.OnceValue(func() *Calendar {
	c, err := New(embeddedNotices())
	if err != nil {
		// The embedded data is checked by the package tests; a failure here
		// is a build defect, not an input error.
		panic(fmt.Sprintf("calendar: embedded schedule is invalid: %v", err))
	}
	return c
})

// New builds a calendar from notices, one per year. Years with no notice up
// to 2100 get projected statutory holidays.
func New(notices []Notice, overlays ...Overlay) (*Calendar, error) {
	ns := slices.Clone(notices)
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].Year < ns[j].Year })
	for i, n := range ns {
		if err := n.validate(fmt.Sprintf("%d 年通知", n.Year)); err != nil {
			return nil, err
		}
		if i > 0 && ns[i-1].Year == n.Year {
			return nil, &NoticeError{File: fmt.Sprintf("%d 年通知", n.Year), Fault: "同一年份的通知出现了两次"}
		}
	}
	for _, o := range overlays {
		if err := o.validate(); err != nil {
			return nil, err
		}
	}
	c := &Calendar{notices: ns, overlays: slices.Clone(overlays)}
	c.build()
	return c, nil
}

// WithNotices returns a calendar in which each given notice replaces the
// notice of its year (or adds it), keeping c's overlays. c is unchanged; on
// error nothing is returned but the error.
func (c *Calendar) WithNotices(notices ...Notice) (*Calendar, error) {
	byYear := map[int]Notice{}
	for _, n := range c.notices {
		byYear[n.Year] = n
	}
	seen := map[int]bool{}
	for _, n := range notices {
		if seen[n.Year] {
			return nil, &NoticeError{File: fmt.Sprintf("%d 年通知", n.Year), Fault: "同一年份的通知出现了两次"}
		}
		seen[n.Year] = true
		byYear[n.Year] = n
	}
	all := make([]Notice, 0, len(byYear))
	for _, n := range byYear {
		all = append(all, n)
	}
	return New(all, c.overlays...)
}

// WithOverlay returns a calendar with o composed on top of c: its rest days
// become CompanyRest and its working days CompanyWork. c is unchanged.
func (c *Calendar) WithOverlay(o Overlay) (*Calendar, error) {
	return New(c.notices, append(slices.Clone(c.overlays), o)...)
}

// Notices returns the notices the calendar was built from, by year.
func (c *Calendar) Notices() []Notice { return slices.Clone(c.notices) }

// Overlays returns the company overlays, in the order applied.
func (c *Calendar) Overlays() []Overlay { return slices.Clone(c.overlays) }

// Day describes date d: its kind, holiday name and status.
func (c *Calendar) Day(d Date) Day {
	n := d.days()
	i := n - tableLo
	if i < 0 || i >= int64(len(c.days)) {
		k := Workday
		if wd := weekdayOf(n); wd == 0 || wd == 6 {
			k = Weekend
		}
		return Day{Date: d, Kind: k, Status: Unscheduled}
	}
	b := c.days[i]
	return Day{Date: d, Kind: Kind(b & 0x0f), Status: Status(b >> 4), Name: c.names[n]}
}

// Certainty returns how far the schedule of the dates from a to b
// inclusive (in either order) can be trusted: the weakest status of any of
// them.
func (c *Calendar) Certainty(a, b Date) Status {
	return c.certainty(a.days(), b.days())
}

func (c *Calendar) certainty(a, b int64) Status {
	if a > b {
		a, b = b, a
	}
	if a < tableLo || b > tableHi {
		return Unscheduled
	}
	// The run holding a, then every run that starts up to b.
	i := sort.Search(len(c.runs), func(i int) bool { return c.runs[i].from > a }) - 1
	s := c.runs[i].status
	for i++; i < len(c.runs) && c.runs[i].from <= b; i++ {
		s = s.Weaker(c.runs[i].status)
	}
	return s
}

func (c *Calendar) build() {
	n := int(tableHi - tableLo + 1)
	c.days = make([]uint8, n)
	c.names = map[int64]string{}
	byYear := map[int]Notice{}
	for _, nt := range c.notices {
		byYear[nt.Year] = nt
	}
	base := func(y int) Status {
		if nt, ok := byYear[y]; ok {
			return nt.Source
		}
		if _, ok := lunarYear(y); ok {
			return Provisional
		}
		return Unscheduled
	}
	for i := range c.days {
		dn := tableLo + int64(i)
		k := Workday
		if wd := weekdayOf(dn); wd == 0 || wd == 6 {
			k = Weekend
		}
		d := fromDays(dn)
		s := base(d.Year)
		// A late-December date is settled only once next year's notice is in.
		if d.Month == 12 && d.Day >= 25 {
			s = s.Weaker(base(d.Year + 1))
		}
		c.days[i] = uint8(k) | uint8(s)<<4
	}
	for y := firstTableYear; y <= lastTableYear; y++ {
		if _, ok := byYear[y]; !ok {
			c.project(y)
		}
	}
	for _, nt := range c.notices {
		c.apply(nt)
	}
	for _, o := range c.overlays {
		c.overlay(o)
	}
	c.index()
}

func (c *Calendar) set(dn int64, k Kind, name string) {
	i := dn - tableLo
	c.days[i] = c.days[i]&0xf0 | uint8(k)
	if name == "" {
		delete(c.names, dn)
	} else {
		c.names[dn] = name
	}
}

func (c *Calendar) setStatus(dn int64, s Status) {
	i := dn - tableLo
	c.days[i] = c.days[i]&0x0f | uint8(s)<<4
}

// apply writes one notice's days. A working day listed on a Monday–Friday
// (2020-02-03) is an ordinary working day, not a makeup day.
func (c *Calendar) apply(nt Notice) {
	for _, d := range nt.Days {
		dn := d.Date.days()
		switch wd := weekdayOf(dn); {
		case d.Off:
			c.set(dn, Holiday, d.Name)
		case wd == 0 || wd == 6:
			c.set(dn, Makeup, d.Name)
		default:
			c.set(dn, Workday, "")
		}
		c.setStatus(dn, nt.Source)
	}
}

// index fills cum, nth and runs from days.
func (c *Calendar) index() {
	c.cum = make([]int32, len(c.days)+1)
	c.nth = c.nth[:0]
	c.runs = c.runs[:0]
	for i, b := range c.days {
		c.cum[i+1] = c.cum[i]
		if Kind(b & 0x0f).IsWorkday() {
			c.cum[i+1]++
			c.nth = append(c.nth, int32(i))
		}
		s := Status(b >> 4)
		if len(c.runs) == 0 || c.runs[len(c.runs)-1].status != s {
			c.runs = append(c.runs, statusRun{from: tableLo + int64(i), status: s})
		}
	}
	c.nth = slices.Clip(c.nth)
}
