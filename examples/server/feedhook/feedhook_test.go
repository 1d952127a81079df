package feedhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/feedhook"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// receiver is a webhook receiver that checks each delivery's Standard
// Webhooks signature and records what it accepted; it refuses the first
// few with a 503.
type receiver struct {
	mu       sync.Mutex
	key      []byte
	refuse   int
	got      []feedhook.Payload
	ids      map[string]int
	badSigns int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	id := r.Header.Get("webhook-id")
	if !scheduler.VerifyStandard(rc.key, id, r.Header.Get("webhook-timestamp"), body, r.Header.Get("webhook-signature")) {
		rc.badSigns++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.refuse > 0 {
		rc.refuse--
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	var p feedhook.Payload
	if json.Unmarshal(body, &p) != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	rc.got = append(rc.got, p)
	rc.ids[id]++
}

// TestEveryEventReachesTheWebhookOnceInOrder: two dispatchers (two
// instances) deliver the feed of 30 registrations and their forwardings to
// one receiver that refuses the first deliveries: every event arrives,
// signed, exactly once, each record's in order, in the Standard Webhooks
// envelope.
func TestEveryEventReachesTheWebhookOnceInOrder(t *testing.T) {
	for name, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "s.db") },
		"postgres": func(t *testing.T) string { return pgtest.Start(t) },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sqlstore.Open(ctx, dsn(t), nil)
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
			n := 0
			svc, err := aftersales.NewService(aftersales.Config{Store: db.Requests(), Clock: aftersales.ClockFunc(func() time.Time { return now }),
				NewID: func() string { n++; return fmt.Sprintf("AS-%04d", n) }})
			require.NoError(t, err)
			staff := aftersales.Actor{ID: "u-1", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
			for i := range 30 {
				r, err := svc.Register(ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
					Customer: aftersales.Customer{Name: "张先生"}, Description: fmt.Sprintf("渗水 %d", i), Channel: aftersales.ChannelPhone,
					ReceivedAt: now.Add(-time.Hour)}})
				require.NoError(t, err)
				_, err = svc.Forward(ctx, r.ID, aftersales.ForwardCommand{Departments: []string{"项目一部"}, Actor: staff})
				require.NoError(t, err)
			}

			key, err := scheduler.ParseStandardSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
			require.NoError(t, err)
			rc := &receiver{key: key, refuse: 3, ids: map[string]int{}}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			var wg sync.WaitGroup
			for _, inst := range []string{"a", "b"} {
				d := &feedhook.Dispatcher{Feed: db, Claims: db.Claims(), URL: srv.URL, Key: key, Instance: inst, Batch: 7}
				wg.Add(1)
				go func() {
					defer wg.Done()
					deadline := time.Now().Add(20 * time.Second)
					for time.Now().Before(deadline) {
						if _, err := d.Tick(ctx); err != nil {
							time.Sleep(10 * time.Millisecond)
						}
						rc.mu.Lock()
						done := len(rc.ids) == 60
						rc.mu.Unlock()
						if done {
							return
						}
					}
				}()
			}
			wg.Wait()

			rc.mu.Lock()
			defer rc.mu.Unlock()
			require.Zero(t, rc.badSigns)
			require.Len(t, rc.ids, 60, "every registration and forwarding")
			for id, n := range rc.ids {
				require.Equal(t, 1, n, "%s delivered %d times", id, n)
			}
			last := map[string]int{}
			for _, p := range rc.got {
				require.Equal(t, "request."+p.Data.Type, p.Type)
				require.Greater(t, p.Data.Seq, last[p.Data.RecordID], "%s in order", p.Data.RecordID)
				last[p.Data.RecordID] = p.Data.Seq
				var e aftersales.Event
				require.NoError(t, json.Unmarshal(p.Data.Event, &e))
				require.Equal(t, p.Data.RecordID, e.RequestID)
				_, off := p.Timestamp.Zone()
				require.Equal(t, 8*3600, off, "times in +08:00")
			}
			cur, err := db.FeedCursor(ctx, "events-webhook")
			require.NoError(t, err)
			items, _, err := db.Feed(ctx, cur, 10)
			require.NoError(t, err)
			require.Empty(t, items, "the stored position is at the end")
		})
	}
}
