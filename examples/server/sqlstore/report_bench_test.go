package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// BenchmarkMonthlyReportAtScale times complaint.Service.Report of one
// month on SQLite, over a database of 100,000 complaints received over 12
// months and one of 1,000,000 over 120 months: about 8,300 a month either
// way, so that the report (which reads its month and the month before,
// one complaint at a time through the store's Scanner) should cost the
// same at both sizes. It reports the peak heap in use while it runs
// (peak-heap-MB) beside -benchmem's figures.
//
//	go test -run '^$' -bench MonthlyReportAtScale -benchtime 5x -benchmem -timeout 60m ./examples/server/sqlstore
//
// Filling the million takes several minutes; it is done once, outside the
// timings, with a few hundred complaints per transaction.
func BenchmarkMonthlyReportAtScale(b *testing.B) {
	base := complaint.Month{Year: 2016, Month: time.January}
	for _, size := range []struct{ n, months int }{{100_000, 12}, {1_000_000, 120}} {
		b.Run(fmt.Sprintf("n=%d", size.n), func(b *testing.B) {
			db, err := sqlstore.Open(context.Background(), filepath.Join(b.TempDir(), "report.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			fillComplaints(b, db, base, size.n, size.months)
			month := base
			for range size.months / 2 {
				month = month.Next()
			}
			now := time.Date(2027, 1, 1, 9, 0, 0, 0, calendar.CST())
			svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Clock: aftersales.ClockFunc(func() time.Time { return now })})
			if err != nil {
				b.Fatal(err)
			}
			r, err := svc.Report(context.Background(), month)
			if err != nil {
				b.Fatal(err)
			}
			if want := size.n / size.months; r.Total < want*9/10 || r.Total > want*11/10 {
				b.Fatalf("the report of %s counts %d complaints, not about %d", month, r.Total, want)
			}
			var peak atomic.Uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				var m runtime.MemStats
				for {
					runtime.ReadMemStats(&m)
					if m.HeapInuse > peak.Load() {
						peak.Store(m.HeapInuse)
					}
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
					}
				}
			}()
			runtime.GC()
			b.ResetTimer()
			for b.Loop() {
				if _, err := svc.Report(context.Background(), month); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			close(stop)
			<-done
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(r.Total), "complaints-in-month")
		})
	}
}

// fillComplaints saves n complaints received over months months from
// base: three templates taken through a real Service (resolved after an
// escalation, only registered, withdrawn), copied under new IDs and
// complainants and moved by whole months (every instant in their JSON).
func fillComplaints(b *testing.B, db *sqlstore.DB, base complaint.Month, n, months int) {
	b.Helper()
	ctx := context.Background()
	templates := complaintTemplates(b, base)
	stamp := regexp.MustCompile(`"(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))"`)
	shifted := map[[2]int]string{} // (template, month) → its JSON, moved
	const batch = 500
	var cs []*complaint.Complaint
	var hs [][]complaint.Event
	flush := func() {
		if err := sqlstore.SaveComplaints(ctx, db, cs, hs); err != nil {
			b.Fatal(err)
		}
		cs, hs = cs[:0], hs[:0]
	}
	for i := range n {
		k, m := i%len(templates), i%months
		text, ok := shifted[[2]int{k, m}]
		if !ok {
			text = stamp.ReplaceAllStringFunc(templates[k], func(s string) string {
				t, err := time.Parse(time.RFC3339Nano, strings.Trim(s, `"`))
				if err != nil {
					b.Fatal(err)
				}
				return `"` + t.AddDate(0, m, 0).Format(time.RFC3339Nano) + `"`
			})
			shifted[[2]int{k, m}] = text
		}
		id, who := fmt.Sprintf("TS-%08d", i), fmt.Sprintf("C-%08d", i)
		text = strings.ReplaceAll(strings.ReplaceAll(text, `"TS-TEMPLATE"`, `"`+id+`"`), `"C-TEMPLATE"`, `"`+who+`"`)
		var x struct {
			Complaint *complaint.Complaint
			History   []complaint.Event
		}
		if err := json.Unmarshal([]byte(text), &x); err != nil {
			b.Fatal(err)
		}
		cs, hs = append(cs, x.Complaint), append(hs, x.History)
		if len(cs) == batch {
			flush()
		}
	}
	if len(cs) > 0 {
		flush()
	}
}

// complaintTemplates returns the templates' JSON, each a complaint with
// its history, received in month base.
func complaintTemplates(b *testing.B, base complaint.Month) []string {
	b.Helper()
	ctx := context.Background()
	now := base.Start().Add(9 * time.Hour)
	store := complaint.NewMemStore()
	svc, err := complaint.NewService(complaint.Config{Store: store, Clock: aftersales.ClockFunc(func() time.Time { return now }),
		NewID: func() string { return "TS-TEMPLATE" }})
	if err != nil {
		b.Fatal(err)
	}
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	head := aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead}
	dept := aftersales.Actor{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	customer := aftersales.Actor{ID: "C-TEMPLATE", Role: aftersales.RoleCustomer}
	var out []string
	for k := range 3 {
		store = complaint.NewMemStore()
		svc, err = complaint.NewService(complaint.Config{Store: store, Clock: aftersales.ClockFunc(func() time.Time { return now }),
			NewID: func() string { return "TS-TEMPLATE" }})
		if err != nil {
			b.Fatal(err)
		}
		c, err := svc.Register(ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: "C-TEMPLATE", Name: "张先生", Phone: "13800000000"}, ProjectID: "P-001",
			Type: []complaint.Type{complaint.TypeDelay, complaint.TypeQuality, complaint.TypeService}[k], Cause: aftersales.CauseConstruction,
			Description: "报修一周无人上门，卫生间渗水越来越严重", Channel: aftersales.ChannelPhone, ReceivedAt: now}})
		if err != nil {
			b.Fatal(err)
		}
		steps := []func(c *complaint.Complaint) (*complaint.Complaint, error){}
		switch k {
		case 0: // resolved, after one escalation
			steps = append(steps,
				func(c *complaint.Complaint) (*complaint.Complaint, error) {
					return svc.Forward(ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: staff})
				},
				func(c *complaint.Complaint) (*complaint.Complaint, error) {
					return svc.Plan(ctx, c.ID, complaint.PlanCommand{Actor: dept, Plan: complaint.Plan{Findings: "工单积压", Measures: "次日上门", Owner: "周工"}})
				},
				func(c *complaint.Complaint) (*complaint.Complaint, error) {
					return svc.Answer(ctx, c.ID, complaint.StepCommand{Text: "已上门维修", Actor: dept})
				},
				func(c *complaint.Complaint) (*complaint.Complaint, error) {
					return svc.NotSatisfied(ctx, c.ID, complaint.StepCommand{Text: "仍有渗水", Actor: customer})
				},
				func(c *complaint.Complaint) (*complaint.Complaint, error) {
					return svc.Answer(ctx, c.ID, complaint.StepCommand{Text: "部长督办，重做防水", Actor: head})
				},
				func(c *complaint.Complaint) (*complaint.Complaint, error) {
					return svc.Satisfied(ctx, c.ID, complaint.StepCommand{Actor: customer})
				})
		case 2: // withdrawn
			steps = append(steps, func(c *complaint.Complaint) (*complaint.Complaint, error) {
				return svc.Withdraw(ctx, c.ID, complaint.StepCommand{Text: "已与物业协商解决", Actor: customer})
			})
		}
		for _, step := range steps {
			now = now.Add(26 * time.Hour)
			if c, err = step(c); err != nil {
				b.Fatal(err)
			}
		}
		now = base.Start().Add(9 * time.Hour)
		h, err := store.History(ctx, c.ID)
		if err != nil {
			b.Fatal(err)
		}
		text, err := json.Marshal(struct {
			Complaint *complaint.Complaint
			History   []complaint.Event
		}{c, h})
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(text))
	}
	return out
}
