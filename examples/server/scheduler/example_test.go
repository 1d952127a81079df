package scheduler_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// A request whose handling deadline passed: the scheduler reports it,
// escalates the part to the after-sales department (P3.3) and says so; a
// second tick finds nothing new.
func ExampleScheduler_Tick() {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	requests, _ := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(),
		Clock:     aftersales.ClockFunc(func() time.Time { return now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-001", DepartmentID: "项目一部"}),
		NewID:     func() string { return "AS-0001" }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	r, _ := requests.Register(ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		ProjectID: "P-001", Description: "卫生间渗水", Channel: aftersales.ChannelPhone, ReceivedAt: now, Cause: aftersales.CauseConstruction}})
	requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: staff})
	requests.Plan(ctx, r.ID, aftersales.PlanCommand{Department: "项目一部", Actor: staff, Plan: aftersales.Plan{
		Measures: "修补防水层", Owner: "周工", ScheduledAt: now, Complexity: aftersales.Simple}})

	s, _ := scheduler.New(scheduler.Config{Requests: requests, Owner: "server-1",
		Clock: aftersales.ClockFunc(func() time.Time { return now }),
		Notifier: scheduler.NotifierFunc(func(_ context.Context, n scheduler.Notification) error {
			fmt.Println(n.Kind, n.Clause, n.Subject, n.Owner)
			fmt.Println(" ", n.Message)
			return nil
		})})
	now = time.Date(2026, 11, 10, 9, 0, 0, 0, calendar.CST())
	res, _ := s.Tick(ctx)
	fmt.Printf("%+v\n", res)
	res, _ = s.Tick(ctx)
	fmt.Printf("%+v\n", res)
	// Output:
	// overdue P3.2 AS-0001 项目一部
	//   售后需求 AS-0001：项目一部应于 2026-11-10 00:00 前完成处理（P3.2），现已逾期
	// escalated P3.3 AS-0001 after_sales
	//   售后需求 AS-0001：项目一部的处理期限（P3.2）已于 2026-11-10 00:00 届满仍未完成，已上报售后管理部，请协调相关部门处理（P3.3）
	// {Sent:2 Skipped:0 Failed:0 Escalated:1 Deferred:0}
	// {Sent:0 Skipped:0 Failed:0 Escalated:0 Deferred:0}
}

// A receiver checks each webhook's signature, refuses stale timestamps,
// and deduplicates on the key.
func ExampleVerify() {
	secret := []byte("shared secret")
	seen := map[string]bool{} // in a real receiver: a table with a unique key
	mux := http.NewServeMux()
	mux.HandleFunc("POST /hooks/shouhou", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		ts := r.Header.Get(scheduler.HeaderTimestamp)
		if err != nil || !scheduler.Verify(secret, ts, body, r.Header.Get(scheduler.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var sent int64
		if _, err := fmt.Sscan(ts, &sent); err != nil || time.Since(time.Unix(sent, 0)).Abs() > 5*time.Minute {
			http.Error(w, "stale", http.StatusUnauthorized)
			return
		}
		if key := r.Header.Get(scheduler.HeaderKey); !seen[key] {
			seen[key] = true
			// … act on the notification in body …
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
