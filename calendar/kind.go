package calendar

import "fmt"

// Kind says what sort of day a date is.
type Kind uint8

// The kinds of day. A day is a working day when its Kind's IsWorkday says so.
const (
	// Workday is an ordinary Monday to Friday working day.
	Workday Kind = iota
	// Weekend is an ordinary Saturday or Sunday.
	Weekend
	// Holiday is an official day off (放假) of the State Council schedule,
	// weekends inside a holiday block included, or a projected statutory
	// holiday in a year with no notice.
	Holiday
	// Makeup is a makeup working day (调休上班), usually a Saturday or Sunday.
	Makeup
	// CompanyRest is a rest day added by a company overlay (a company or
	// regional holiday).
	CompanyRest
	// CompanyWork is a working day added by a company overlay.
	CompanyWork
)

// IsWorkday reports whether a day of kind k is a working day.
func (k Kind) IsWorkday() bool {
	return k == Workday || k == Makeup || k == CompanyWork
}

// String returns the Chinese name of the kind.
func (k Kind) String() string {
	switch k {
	case Workday:
		return "工作日"
	case Weekend:
		return "周末"
	case Holiday:
		return "法定节假日"
	case Makeup:
		return "调休上班"
	case CompanyRest:
		return "公司休息日"
	case CompanyWork:
		return "公司工作日"
	}
	return "未知"
}

// Status says how far the calendar's answer for a date can be trusted.
// Statuses are ordered: a larger Status is weaker.
type Status uint8

// The statuses, strongest first.
const (
	// Official: the date is covered by a State Council notice cross-checked
	// against independent data.
	Official Status = iota
	// SingleSource: the date is covered by a notice taken from a single
	// source and not yet checked against the notice text (2027 today).
	SingleSource
	// Provisional: no notice covers the date; its statutory holidays are
	// projected from the 2025 放假办法 and the lunar calendar, without makeup
	// days. Recompute when the notice is published.
	Provisional
	// Unscheduled: the date lies outside every schedule and projection
	// (before 2007, or after the projection table ends); only the plain
	// Monday–Friday rule applies.
	Unscheduled
)

// String returns the Chinese name of the status.
func (s Status) String() string {
	switch s {
	case Official:
		return "官方"
	case SingleSource:
		return "单一来源"
	case Provisional:
		return "推算"
	case Unscheduled:
		return "无安排"
	}
	return "未知"
}

// statusCodes are the statuses' stable codes in JSON, in Status order.
func statusCodes() [4]string {
	return [...]string{"official", "single_source", "provisional", "unscheduled"}
}

// MarshalText encodes the status as its stable code: official,
// single_source, provisional or unscheduled.
func (s Status) MarshalText() ([]byte, error) {
	codes := statusCodes()
	if int(s) >= len(codes) {
		return nil, fmt.Errorf("calendar: unknown status %d", s)
	}
	return []byte(codes[s]), nil
}

// UnmarshalText decodes a status from its code.
func (s *Status) UnmarshalText(b []byte) error {
	for i, c := range statusCodes() {
		if c == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("calendar: unknown status %q", b)
}

// Weaker returns the weaker of s and o.
func (s Status) Weaker(o Status) Status { return max(s, o) }

// Day describes one date of the calendar.
type Day struct {
	Date   Date
	Kind   Kind
	Name   string // the holiday or overlay name, such as 春节; empty for plain days
	Status Status
}

// IsWorkday reports whether the day is a working day.
func (d Day) IsWorkday() bool { return d.Kind.IsWorkday() }
