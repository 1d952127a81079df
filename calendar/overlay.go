package calendar

import "fmt"

// Overlay is a company's or a region's change to the national calendar:
// extra rest days (a company holiday, a regional one such as 广西 三月三) and
// extra working days. Compose it with Calendar.WithOverlay; the national
// days' status is kept.
type Overlay struct {
	Name string // whose overlay, such as 广西壮族自治区 or the company's name
	Days []OverlayDay
}

// OverlayDay is one date an overlay changes.
type OverlayDay struct {
	Date Date
	Name string // such as 三月三
	Rest bool   // true: a rest day; false: a working day
}

// validate refuses an overlay with no name, a date outside the table, or a
// date that is both a rest and a working day.
func (o Overlay) validate() error {
	file := "覆盖日历 " + o.Name
	if o.Name == "" {
		return &NoticeError{File: "覆盖日历", Fault: "缺少名称"}
	}
	seen := map[Date]bool{}
	for _, d := range o.Days {
		if n := d.Date.days(); d.Date.IsZero() || n < tableLo || n > tableHi {
			return &NoticeError{File: file, Date: d.Date.String(),
				Fault: fmt.Sprintf("日期超出支持范围（%s 至 %s）", fromDays(tableLo), fromDays(tableHi))}
		}
		if rest, dup := seen[d.Date]; dup && rest != d.Rest {
			return &NoticeError{File: file, Date: d.Date.String(), Fault: "同一日期既是休息日又是上班日"}
		}
		seen[d.Date] = d.Rest
	}
	return nil
}

func (c *Calendar) overlay(o Overlay) {
	for _, d := range o.Days {
		k := CompanyWork
		if d.Rest {
			k = CompanyRest
		}
		c.set(d.Date.days(), k, d.Name)
	}
}
