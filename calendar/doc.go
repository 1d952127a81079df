// Package calendar is the official Chinese working-day calendar and the
// legal period arithmetic that every deadline of the after-sales regulation
// is counted in.
//
// The regulation counts its deadlines in 工作日 (P1.2 1, P3.1 2, P3.2 5 and
// 10, P4.2 3, C2.1 1, C2.2 2, C3.1 3, C4.1 7 working days), its warranty in
// years (W1.1) and its notices and summaries in months (W2.1, W3.2), and its
// urgent targets in clock hours (P1.3, C2.2). This package answers all of
// them:
//
//   - China returns the national calendar: the State Council notices
//     2007–2027 embedded (2027 marked single-source), and for later years
//     the statutory holidays of the 2025 放假办法 projected from the lunar
//     calendar, without makeup days, marked Provisional.
//   - IsWorkday, AddWorkdays and Deadline are the fixed public API; they
//     take any time.Time and use its date in China Standard Time (UTC+8).
//     They answer in constant time with no allocation, for any n.
//   - WorkdayPeriod and MonthPeriod compute periods the Civil-Code way
//     (民法典 第二百零一条: the start day is not counted; 第二百零二条: the
//     month-end rule; 第二百零三条: a last day that is a rest day moves to
//     the next working day, and the period ends at 24:00), and say through
//     Period.Certainty whether any day crossed was not official.
//   - ParseNotice loads a new or revised notice year from JSON at run time;
//     WithNotices and WithOverlay (company and regional rest and working
//     days) return new calendars and never change the one they start from.
//   - WorkdayFunc, Holidays and BusinessCalendar give the schedule in
//     github.com/rickar/cal/v2's own terms.
//
// # Dates
//
// A Date is a day with no time of day, always meant in CST. DateOf converts
// any instant; Date.Start and Date.End give 00:00 and 24:00 CST.
//
// # Range
//
// The schedule table runs from 2006-12-01 to 2100-12-31. Outside it the
// calendar applies the plain Monday–Friday rule and reports the status
// Unscheduled; arithmetic stays constant-time there too. AddWorkdays and
// Deadline clamp their last day to the years 1–9999; WorkdayPeriod and
// MonthPeriod return ErrOutOfRange instead, and also refuse the zero time.
//
// # Adding a year
//
// When the State Council publishes a notice, add its JSON (the format of
// testdata/cn-holidays) to testdata/cn-holidays and run go generate
// ./calendar; or, in a running program, ParseNotice it and call
// WithNotices.
package calendar
