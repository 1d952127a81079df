package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// BenchmarkComplaintsDueAtScale times the scheduler's question about
// complaints (the open ones with a deadline already due,
// complaint.Query.DueBefore, answered from next_due_ns) on SQLite
// over 1,000 and 100,000 complaints, a third of them open, received about
// 77 a month, so that as many are due at either size; beside it, the
// reading it replaced (every open complaint, "all-open"). The due list
// should cost the same at both sizes; all-open grows with the open ones.
//
//	go test -run '^$' -bench ComplaintsDueAtScale -benchtime 20x ./examples/server/sqlstore
func BenchmarkComplaintsDueAtScale(b *testing.B) {
	base := complaint.Month{Year: 2016, Month: time.January}
	open := complaint.OpenStatuses()
	// Ten days into the first month: the C2.1 forwarding of the
	// complaints registered then is overdue, nothing later is due.
	now := base.Start().AddDate(0, 0, 10)
	// About 77 complaints a month at either size; a number of months
	// prime to the three templates, so that every month has each.
	for _, size := range []struct{ n, months int }{{1_000, 13}, {100_000, 1301}} {
		n := size.n
		db, err := sqlstore.Open(context.Background(), filepath.Join(b.TempDir(), "due.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		fillComplaints(b, db, base, n, size.months)
		for _, q := range []struct {
			name string
			q    complaint.Query
		}{
			{"due", complaint.Query{Statuses: open, DueBefore: now}},
			{"all-open", complaint.Query{Statuses: open}},
		} {
			b.Run(fmt.Sprintf("%s/n=%d", q.name, n), func(b *testing.B) {
				got := 0
				for b.Loop() {
					cs, err := db.Complaints().List(context.Background(), q.q)
					if err != nil {
						b.Fatal(err)
					}
					got = len(cs)
				}
				if got == 0 {
					b.Fatal("nothing read: the benchmark measures nothing")
				}
				b.ReportMetric(float64(got), "complaints")
			})
		}
		db.Close()
	}
}
