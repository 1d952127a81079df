package calendar

//go:generate sh -c "cd internal/gen && go run . -ref ../../testdata/cn-holidays -out ../.."

// span is a run of consecutive notice days with one name and state, the
// compact form of the generated schedule_data.go.
type span struct {
	first Date
	days  int
	name  string
	off   bool
}

// spans expands runs into notice days.
func spans(runs ...span) []NoticeDay {
	var out []NoticeDay
	for _, r := range runs {
		for i := range r.days {
			out = append(out, NoticeDay{Date: r.first.AddDays(i), Name: r.name, Off: r.off})
		}
	}
	return out
}
