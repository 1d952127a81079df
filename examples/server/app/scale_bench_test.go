package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// BenchmarkPagesAtScaleSQLite times what a company's day costs as its
// records grow, against the same at 1,000 requests in the same run: the
// desk's queue, its request list (plain, searched, and filtered by
// status, overdue, department and day) and dashboard, GET
// /api/v1/deadlines?overdue=1 and one scheduler tick, on a database of
// 1,000 and of 100,000 requests (a realistic mix: 95% closed, the rest
// open, half of those overdue). Each page reports its size (page-bytes).
//
//	go test -run '^$' -bench PagesAtScale -benchtime 20x ./examples/server/app
//	SHOUHOU_TEST_POSTGRES=1 go test -run '^$' -bench PagesAtScalePostgres -benchtime 20x ./examples/server/app
//
// Filling 100,000 requests takes a minute or two; it is done once per
// database size, outside the timings.
func BenchmarkPagesAtScaleSQLite(b *testing.B) {
	benchPagesAtScale(b, func(b *testing.B) string { return filepath.Join(b.TempDir(), "scale.db") })
}

// BenchmarkPagesAtScalePostgres is BenchmarkPagesAtScaleSQLite on
// PostgreSQL.
func BenchmarkPagesAtScalePostgres(b *testing.B) {
	benchPagesAtScale(b, func(b *testing.B) string { return pgtest.Start(b) })
}

// scaleNow is when the scaled company is looked at: three days after its
// templates were registered, so that the registered requests' P1.2
// forwarding is overdue.
var scaleNow = time.Date(2026, 11, 5, 9, 0, 0, 0, calendar.CST())

func benchPagesAtScale(b *testing.B, newDSN func(b *testing.B) string) {
	for _, n := range []int{1_000, 100_000} {
		dsn := newDSN(b)
		fillScale(b, dsn, n)
		a, err := app.New(context.Background(), app.Config{DSN: dsn, AdminToken: "bench-token", SchedulerInterval: time.Hour,
			Clock: aftersales.ClockFunc(func() time.Time { return scaleNow }), Notifier: discard{},
			Logger: quiet, Instance: fmt.Sprintf("scale-%d", n)})
		if err != nil {
			b.Fatal(err)
		}
		d := newDesk(b, a.Handler(), "192.0.2.20")
		if code := d.login("bench-token"); code != http.StatusSeeOther {
			b.Fatalf("login: %d", code)
		}
		get := func(b *testing.B, path string, bearer bool) int {
			var rec *httptest.ResponseRecorder
			if bearer {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Authorization", "Bearer bench-token")
				rec = httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, req)
			} else {
				rec = d.do("GET", path, nil)
			}
			if rec.Code != http.StatusOK {
				b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
			}
			return rec.Body.Len()
		}
		pages := []struct {
			name, path string
			bearer     bool
		}{
			{"queue", "/queue", false},
			{"requests", "/requests", false},
			// Searches: one customer, by ID (one request at either size);
			// a name that no request holds at 1,000 and 11 do at 100,000
			// (both through the search index); a word every request holds
			// (read newest first until the page is full).
			{"search", "/requests?q=" + url.QueryEscape("C-0000099"), false},
			{"search-name", "/requests?q=" + url.QueryEscape("客户9999"), false},
			{"search-common", "/requests?q=" + url.QueryEscape("客户"), false},
			// Filtered by status: nearly every request (closed), and a few
			// (in progress), newest first as the desk shows them.
			{"requests-closed", "/requests?status=closed", false},
			{"requests-in-progress", "/requests?status=in_progress", false},
			// The desk's other filters: overdue (2.5% of the requests at
			// either size), a department (nearly all: the closed and those
			// in progress), a day of receipt.
			{"requests-overdue", "/requests?overdue=1", false},
			{"requests-department", "/requests?department=" + url.QueryEscape("项目一部"), false},
			{"requests-day", "/requests?received_from=2026-11-01&received_to=2026-11-01", false},
			{"dashboard", "/dashboard", false},
			{"api-overdue", "/api/v1/deadlines?overdue=1", true},
		}
		for _, p := range pages {
			b.Run(fmt.Sprintf("%s/n=%d", p.name, n), func(b *testing.B) {
				size := 0
				for b.Loop() {
					size = get(b, p.path, p.bearer)
				}
				b.ReportMetric(float64(size), "page-bytes")
			})
		}
		// The first tick sends what is overdue; the ticks timed are the
		// scheduler's every minute after it.
		if _, err := a.Scheduler.Tick(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("tick/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := a.Scheduler.Tick(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
		a.Close()
	}
}

// discard is a Notifier that drops every notification.
type discard struct{}

func (discard) Notify(context.Context, scheduler.Notification) error { return nil }

// fillScale writes n requests into the database dsn: 95% closed, the rest
// open, half of those registered (their P1.2 forwarding overdue at
// scaleNow) and half in progress. Three templates are taken through the
// API, then copied under new IDs and customers straight into the store,
// sixteen writers at a time.
func fillScale(b *testing.B, dsn string, n int) {
	b.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	a, err := app.New(ctx, app.Config{DSN: dsn, AdminToken: "bench-token", SchedulerInterval: -1,
		Clock: aftersales.ClockFunc(func() time.Time { return t0 }), Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	do := func(method, path, body string) map[string]any {
		req := httptest.NewRequest(method, path, bytes.NewBufferString(body))
		req.Header.Set("Authorization", "Bearer bench-token")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if rec.Code >= 300 {
			b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
		}
		var m map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &m)
		return m
	}
	do("PUT", "/api/v1/staff/departments/项目一部", `{"name": "项目一部", "kind": "project"}`)
	reg := func() string {
		return do("POST", "/api/v1/requests", `{"customer": {"id": "C-T", "name": "模板客户", "phone": "13800000000"},
			"location": "1号楼1单元101", "channel": "phone", "description": "卫生间顶棚渗水", "received_at": "2026-11-02T08:30:00+08:00",
			"cause": "construction"}`)["id"].(string)
	}
	closed, registered, inProgress := reg(), reg(), reg()
	for _, id := range []string{closed, inProgress} {
		do("POST", "/api/v1/requests/"+id+"/forward", `{"departments": ["项目一部"]}`)
	}
	for _, s := range []struct{ path, body string }{
		{"plan", `{"department": "项目一部", "measures": "更换防水层", "scheduled_at": "2026-11-03T09:00:00+08:00", "owner": "周工", "complexity": "simple"}`},
		{"complete", `{"department": "项目一部", "result": "闭水试验合格"}`},
		{"accept", `{"signed_by": "客户", "method": "paper", "ref": "SCAN-1"}`},
		{"visit", `{"satisfaction": 5, "visited_by": "赵敏"}`},
	} {
		do("POST", "/api/v1/requests/"+closed+"/"+s.path, s.body)
	}
	a.Close()

	db, err := sqlstore.Open(ctx, dsn, quiet)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	store := db.Requests()
	type template struct {
		r      *aftersales.Request
		events []aftersales.Event
	}
	load := func(id string) template {
		r, err := store.Get(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		h, err := store.History(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		return template{r, h}
	}
	tc, tr, ti := load(closed), load(registered), load(inProgress)
	open := n / 20
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n-3 {
					return
				}
				tp := tc
				switch {
				case i < open/2:
					tp = tr
				case i < open:
					tp = ti
				}
				r := tp.r.Clone()
				r.ID, r.Number = fmt.Sprintf("AS-S%07d", i), fmt.Sprintf("SH-2025-%06d", i) // numbers are unique
				r.Customer.ID, r.Customer.Name = fmt.Sprintf("C-%07d", i), fmt.Sprintf("客户%d", i)
				r.ReceivedAt = r.ReceivedAt.Add(-time.Duration(i) * time.Minute)
				events := make([]aftersales.Event, len(tp.events))
				for k, e := range tp.events {
					e.RequestID = r.ID
					if e.Registration != nil {
						reg := *e.Registration
						reg.Number = r.Number
						e.Registration = &reg
					}
					events[k] = e
				}
				if err := store.Save(ctx, r, events); err != nil {
					errs <- fmt.Errorf("save %s: %w", r.ID, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}
