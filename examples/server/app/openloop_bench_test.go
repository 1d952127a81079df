package app_test

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
)

// BenchmarkOpenLoopReadsSQLite drives the server over loopback at fixed
// rates for a few seconds, open-loop: 1,000 reads a second (GET
// /api/v1/requests/{id}) while 200 registrations a second run. Each
// request is sent at its scheduled instant whatever the ones before are
// doing, and its latency is counted from that instant, so that a server
// that falls behind shows it instead of slowing the load down. It reports
// the reads' p50, p99 and p99.9 and the writes' p99, and checks that every
// acknowledged registration is stored. Run it once:
//
//	go test -run '^$' -bench OpenLoopReads -benchtime 1x ./examples/server/app
func BenchmarkOpenLoopReadsSQLite(b *testing.B) {
	benchOpenLoop(b, filepath.Join(b.TempDir(), "bench.db"))
}

// BenchmarkOpenLoopReadsPostgres is BenchmarkOpenLoopReadsSQLite on
// PostgreSQL.
func BenchmarkOpenLoopReadsPostgres(b *testing.B) {
	benchOpenLoop(b, pgtest.Start(b))
}

func benchOpenLoop(b *testing.B, dsn string) {
	const (
		readRate  = 1000 // per second
		writeRate = 200
		duration  = 5 * time.Second
	)
	srv, a := benchServer(b, dsn)
	ids := seedRequests(b, a, 200)
	body := fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": %q}`, time.Now().In(calendar.CST()).Add(-time.Hour).Format(time.RFC3339))
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 256

	var mu sync.Mutex
	var reads, writes []time.Duration
	var failed, acknowledged atomic.Int64
	var wg sync.WaitGroup
	// schedule sends n requests at rate per second from start, each from
	// its own goroutine at its instant.
	schedule := func(start time.Time, rate int, send func(i int) bool, into *[]time.Duration) {
		defer wg.Done()
		n := int(duration.Seconds()) * rate
		for i := range n {
			at := start.Add(time.Duration(i) * time.Second / time.Duration(rate))
			time.Sleep(time.Until(at))
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok := send(i)
				lat := time.Since(at) // from the scheduled instant: queueing counts
				if !ok {
					failed.Add(1)
					return
				}
				mu.Lock()
				*into = append(*into, lat)
				mu.Unlock()
			}()
		}
	}
	read := func(i int) bool {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/requests/"+ids[i%len(ids)], nil)
		req.Header.Set("Authorization", "Bearer bench-token")
		res, err := client.Do(req)
		if err != nil {
			return false
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}
	write := func(int) bool {
		status, err := post(client, srv.URL+"/api/v1/requests", body)
		if err == nil && status == http.StatusCreated {
			acknowledged.Add(1)
			return true
		}
		return false
	}
	b.ResetTimer()
	start := time.Now().Add(50 * time.Millisecond)
	wg.Add(2)
	go schedule(start, readRate, read, &reads)
	go schedule(start, writeRate, write, &writes)
	wg.Wait()
	b.StopTimer()
	if failed.Load() > 0 {
		b.Fatalf("%d requests failed", failed.Load())
	}
	pct := func(xs []time.Duration, p float64) float64 {
		slices.Sort(xs)
		return float64(xs[int(float64(len(xs)-1)*p)].Microseconds())
	}
	b.ReportMetric(pct(reads, 0.50), "read-p50-µs")
	b.ReportMetric(pct(reads, 0.99), "read-p99-µs")
	b.ReportMetric(pct(reads, 0.999), "read-p99.9-µs")
	b.ReportMetric(pct(writes, 0.99), "write-p99-µs")
	stored := storedRequests(b, a)
	if int64(stored) != acknowledged.Load()+int64(len(ids)) {
		b.Fatalf("acknowledged %d registrations (and 200 before), stored %d", acknowledged.Load(), stored)
	}
}
