package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
)

// The load benchmarks drive the whole server over loopback TCP: HTTP,
// authentication, the Service and durable commits. Run them with a fixed
// request count, for example:
//
//	go test -run '^$' -bench 'Register|ReadUnderLoad' -benchtime 3000x ./examples/server/app
//	SHOUHOU_TEST_POSTGRES=1 go test -run '^$' -bench . -benchtime 3000x ./examples/server/app
//
// Each reports registrations (or reads) per second and checks afterwards
// that every acknowledged registration is stored: nothing acknowledged is
// lost.

func benchServer(b *testing.B, dsn string) (*httptest.Server, *app.App) {
	b.Helper()
	a, err := app.New(context.Background(), app.Config{DSN: dsn, AdminToken: "bench-token", SchedulerInterval: -1,
		Clock: aftersales.ClockFunc(time.Now), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	srv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	b.Cleanup(func() { srv.Close(); a.Close() })
	return srv, a
}

func post(client *http.Client, url, body string) (int, error) {
	req, _ := http.NewRequest("POST", url, bytes.NewBufferString(body))
	req.Header.Set("Authorization", "Bearer bench-token")
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}

func benchRegister(b *testing.B, dsn string) {
	srv, a := benchServer(b, dsn)
	body := fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": %q, "cause": "construction", "urgent": false}`,
		time.Now().In(calendar.CST()).Add(-time.Hour).Format(time.RFC3339))
	var acknowledged, failed atomic.Int64
	b.SetParallelism(8) // 8 × GOMAXPROCS clients
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			status, err := post(srv.Client(), srv.URL+"/api/v1/requests", body)
			if err != nil || status != http.StatusCreated {
				failed.Add(1)
				continue
			}
			acknowledged.Add(1)
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(acknowledged.Load())/elapsed.Seconds(), "registrations/s")
	if failed.Load() > 0 {
		b.Fatalf("%d registrations failed", failed.Load())
	}
	if stored := storedRequests(b, a); int64(stored) != acknowledged.Load() {
		b.Fatalf("acknowledged %d registrations, stored %d", acknowledged.Load(), stored)
	}
}

// storedRequests counts the requests a holds, a page at a time: what the
// load benchmarks check every acknowledged write against.
func storedRequests(b *testing.B, a *app.App) int {
	b.Helper()
	stored, after := 0, ""
	for {
		rs, err := a.Requests.List(context.Background(), aftersales.Query{AfterID: after, Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		stored += len(rs)
		if len(rs) < 1000 {
			return stored
		}
		after = rs[len(rs)-1].ID
	}
}

func BenchmarkRegisterSQLite(b *testing.B) {
	benchRegister(b, filepath.Join(b.TempDir(), "bench.db"))
}

func BenchmarkRegisterPostgres(b *testing.B) {
	benchRegister(b, pgtest.Start(b))
}

// BenchmarkReadUnderLoadSQLite measures GET /api/v1/requests/{id} while 8
// clients keep registering, and reports the read latency's p50 and p99.
func BenchmarkReadUnderLoadSQLite(b *testing.B) {
	benchRead(b, filepath.Join(b.TempDir(), "bench.db"))
}

func BenchmarkReadUnderLoadPostgres(b *testing.B) {
	benchRead(b, pgtest.Start(b))
}

// seedRequests registers n requests for a benchmark to read, and returns
// their IDs.
func seedRequests(b *testing.B, a *app.App, n int) []string {
	b.Helper()
	var ids []string
	for range n {
		r, err := a.Requests.Register(context.Background(), aftersales.RegisterCommand{Actor: aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager},
			Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"}, Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: time.Now().Add(-time.Hour)}})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

func benchRead(b *testing.B, dsn string) {
	srv, a := benchServer(b, dsn)
	body := fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": %q}`, time.Now().In(calendar.CST()).Add(-time.Hour).Format(time.RFC3339))
	ids := seedRequests(b, a, 200)
	ctx, stop := context.WithCancel(context.Background())
	var writers sync.WaitGroup
	for range 8 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for ctx.Err() == nil {
				_, _ = post(srv.Client(), srv.URL+"/api/v1/requests", body)
			}
		}()
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/requests/"+ids[i%len(ids)], nil)
		req.Header.Set("Authorization", "Bearer bench-token")
		t0 := time.Now()
		res, err := srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("read: %d", res.StatusCode)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	stop()
	writers.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
