package warranty

import (
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// MonthDay is a day of the year, such as 11-15.
type MonthDay struct {
	Month time.Month `json:"month"`
	Day   int        `json:"day"`
}

// Season is a heating or cooling season: from Start to End inclusive, End
// in the next year when it comes before Start (11-15 to 03-15).
type Season struct {
	Start MonthDay `json:"start"`
	End   MonthDay `json:"end"`
}

// Seasons are a region's heating and cooling seasons; either may be absent.
type Seasons struct {
	Heating *Season `json:"heating,omitempty"`
	Cooling *Season `json:"cooling,omitempty"`
}

// SeasonTable maps a region to its seasons, for the heating and cooling
// warranty (2 heating or cooling seasons, 建设工程质量管理条例 第四十条).
type SeasonTable map[string]Seasons

func heating(sm time.Month, sd int, em time.Month, ed int) Seasons {
	return Seasons{Heating: &Season{Start: MonthDay{sm, sd}, End: MonthDay{em, ed}}}
}

// DefaultSeasons returns typical municipal heating periods of some northern
// cities, and for 南方 a cooling season of 06-01 to 09-30. They are starting
// values, not law: the local heating regulation decides, so a company sets
// the regions it builds in (Config.Seasons).
func DefaultSeasons() SeasonTable {
	return SeasonTable{
		"北京":   heating(11, 15, 3, 15),
		"天津":   heating(11, 15, 3, 15),
		"石家庄":  heating(11, 15, 3, 15),
		"济南":   heating(11, 15, 3, 15),
		"郑州":   heating(11, 15, 3, 15),
		"西安":   heating(11, 15, 3, 15),
		"太原":   heating(11, 1, 3, 31),
		"沈阳":   heating(11, 1, 3, 31),
		"兰州":   heating(11, 1, 3, 31),
		"长春":   heating(10, 25, 4, 10),
		"哈尔滨":  heating(10, 20, 4, 20),
		"呼和浩特": heating(10, 15, 4, 15),
		"乌鲁木齐": heating(10, 10, 4, 10),
		"南方":   {Cooling: &Season{Start: MonthDay{6, 1}, End: MonthDay{9, 30}}},
	}
}

// nthEnd returns the last day of the n-th season that starts on or after
// from.
func (s Season) nthEnd(from calendar.Date, n int) calendar.Date {
	start := calendar.D(from.Year, s.Start.Month, s.Start.Day)
	if start.Before(from) {
		start = calendar.D(from.Year+1, s.Start.Month, s.Start.Day)
	}
	start = calendar.D(start.Year+n-1, s.Start.Month, s.Start.Day)
	end := calendar.D(start.Year, s.End.Month, s.End.Day)
	if end.Before(start) {
		end = calendar.D(start.Year+1, s.End.Month, s.End.Day)
	}
	return end
}

func (s Season) valid() bool {
	ok := func(md MonthDay) bool {
		return md.Month >= 1 && md.Month <= 12 && md.Day >= 1 && md.Day <= calendar.D(2001, md.Month+1, 0).Day
	}
	return ok(s.Start) && ok(s.End) && s.Start != s.End
}
