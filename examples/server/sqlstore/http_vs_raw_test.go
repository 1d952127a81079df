package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// BenchmarkRegisterHTTPVsRawSQLite compares, in one run on the same
// machine, registrations through the whole server (HTTP over loopback,
// authentication, the Service, group commit, durable commits) with raw
// SQLite on the store's own write connection and settings, one row per
// transaction: the baseline of issue 13. Sixteen writers each side. Each
// reports writes/s; the HTTP side checks afterwards that every
// acknowledged registration is stored. Beside them, two ceilings: the
// same registrations through the API with the library's in-memory store
// and no database, which no store can beat on this machine; and through
// the API over this store with the commits' fsync turned off, which no
// grouping of commits can beat, since grouping saves only fsyncs. The raw
// baseline without its fsync shows how much of its time the fsync is.
//
//	go test -run '^$' -bench RegisterHTTPVsRawSQLite -benchtime 3000x ./examples/server/sqlstore
func BenchmarkRegisterHTTPVsRawSQLite(b *testing.B) {
	b.Run("raw-one-row-per-transaction", func(b *testing.B) { benchRawOneRow(b, false) })
	b.Run("http-registration-memstore-ceiling", func(b *testing.B) {
		svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: aftersales.ClockFunc(time.Now)})
		if err != nil {
			b.Fatal(err)
		}
		benchAPIRegistrations(b, svc)
	})
	b.Run("http-registration", func(b *testing.B) {
		a, err := app.New(context.Background(), app.Config{DSN: filepath.Join(b.TempDir(), "http.db"), AdminToken: "bench-token",
			SchedulerInterval: -1, Clock: aftersales.ClockFunc(time.Now), Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler())
		defer func() { srv.Close(); a.Close() }()
		acknowledged, rate := registerOverHTTP(b, srv)
		b.ReportMetric(rate, "writes/s")
		b.StopTimer()
		requireStored(b, a.Requests, acknowledged)
	})
	// What the fsync costs each side: the raw baseline and the store
	// without it (synchronous=OFF, never durable, for measurement only).
	// Group commit can save at most the fsync; what a registration costs
	// the store without it bounds what any grouping of commits can reach.
	b.Run("raw-one-row-per-transaction-without-fsync", func(b *testing.B) { benchRawOneRow(b, true) })
	b.Run("http-registration-sqlstore-without-fsync-ceiling", func(b *testing.B) {
		db, err := sqlstore.Open(context.Background(), filepath.Join(b.TempDir(), "nofsync.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if err := sqlstore.WithoutFsync(db); err != nil {
			b.Fatal(err)
		}
		svc, err := aftersales.NewService(aftersales.Config{Store: db.Requests(), Clock: aftersales.ClockFunc(time.Now)})
		if err != nil {
			b.Fatal(err)
		}
		acknowledged := benchAPIRegistrations(b, svc)
		b.StopTimer()
		requireStored(b, svc, acknowledged)
	})
}

// benchRawOneRow writes one row per transaction on the store's own write
// connection and settings from 8 × GOMAXPROCS writers, and reports
// writes/s; withoutFsync turns the commits' fsync off.
func benchRawOneRow(b *testing.B, withoutFsync bool) {
	db, err := sqlstore.Open(context.Background(), filepath.Join(b.TempDir(), "raw.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if withoutFsync {
		if err := sqlstore.WithoutFsync(db); err != nil {
			b.Fatal(err)
		}
	}
	write, err := sqlstore.RawOneRowWriter(db)
	if err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	b.SetParallelism(8) // 8 × GOMAXPROCS writers
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := write(fmt.Sprint(n.Add(1))); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "writes/s")
}

// benchAPIRegistrations serves the API alone over svc, with the general
// manager's token bench-token, registers b.N requests through it, reports
// writes/s, and returns how many were acknowledged.
func benchAPIRegistrations(b *testing.B, svc *aftersales.Service) int64 {
	srv := httptest.NewServer(api.New(api.Config{Requests: svc, Auth: benchAuth{}, Clock: aftersales.ClockFunc(time.Now),
		Health: func(context.Context) error { return nil }, Logger: slog.New(slog.DiscardHandler)}))
	defer srv.Close()
	n, rate := registerOverHTTP(b, srv)
	b.ReportMetric(rate, "writes/s")
	if n == 0 {
		b.Fatal("nothing registered")
	}
	return n
}

// requireStored fails b unless svc's store holds exactly acknowledged
// requests: nothing acknowledged was lost, nothing unacknowledged kept.
func requireStored(b *testing.B, svc *aftersales.Service, acknowledged int64) {
	stored := 0
	var before *aftersales.RecordCursor
	for {
		rs, err := svc.List(context.Background(), aftersales.Query{NewestFirst: true, Before: before, Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		stored += len(rs)
		if len(rs) < 1000 {
			break
		}
		c := aftersales.CursorOf(rs[len(rs)-1])
		before = &c
	}
	if int64(stored) != acknowledged {
		b.Fatalf("acknowledged %d registrations, stored %d", acknowledged, stored)
	}
}

// registerOverHTTP posts b.N registrations to srv as the general manager
// (token bench-token) from 8 × GOMAXPROCS clients, and returns how many
// were acknowledged (201) and their rate per second.
func registerOverHTTP(b *testing.B, srv *httptest.Server) (acknowledged int64, perSecond float64) {
	srv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	body := fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": %q, "cause": "construction"}`,
		time.Now().In(calendar.CST()).Add(-time.Hour).Format(time.RFC3339))
	var n atomic.Int64
	b.SetParallelism(8)
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/requests", bytes.NewBufferString(body))
			req.Header.Set("Authorization", "Bearer bench-token")
			req.Header.Set("Content-Type", "application/json")
			res, err := srv.Client().Do(req)
			if err != nil {
				b.Error(err)
				continue
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated {
				b.Errorf("status %d", res.StatusCode)
				continue
			}
			n.Add(1)
		}
	})
	return n.Load(), float64(n.Load()) / time.Since(start).Seconds()
}

// benchAuth takes bench-token for the general manager.
type benchAuth struct{}

func (benchAuth) Authenticate(_ context.Context, token string) (api.Principal, error) {
	if token != "bench-token" {
		return api.Principal{}, aftersales.Errorf(aftersales.KindForbidden, "token_invalid", "令牌无效")
	}
	return api.Principal{Actor: aftersales.Actor{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager}}, nil
}
