package app

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// The default prefixes of the readable numbers: 售后 and 投诉.
const (
	DefaultRequestPrefix   = "SH"
	DefaultComplaintPrefix = "TS"
)

// numberer numbers records with prefix from the database's count, which
// every instance on it shares.
func (a *App) numberer(prefix string) aftersales.Numberer {
	return func(ctx context.Context, at time.Time) (string, error) { return a.db.NextNumber(ctx, prefix, at) }
}

// numberedPaths are the paths whose next segment names a request or a
// complaint, by ID or by number.
var numberedPaths = []struct {
	prefix    string
	complaint bool
}{
	{"/api/v1/requests/", false}, {"/api/v1/complaints/", true},
	{"/requests/", false}, {"/complaints/", true}, {"/portal/requests/", false},
}

// byNumber lets the API and the desk answer to a record's readable number
// wherever they answer to its ID (GET /api/v1/requests/SH-2026-000123):
// a path segment that is a known number is replaced by the record's ID
// before routing. An unknown number is left alone, to be not found.
func (a *App) byNumber(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range numberedPaths {
			rest, ok := strings.CutPrefix(r.URL.Path, p.prefix)
			if !ok {
				continue
			}
			seg, tail, _ := strings.Cut(rest, "/")
			if !aftersales.IsNumber(seg) {
				break
			}
			lookup := a.db.RequestIDByNumber
			if p.complaint {
				lookup = a.db.ComplaintIDByNumber
			}
			id, err := lookup(r.Context(), seg)
			if err != nil {
				break // not found (or unreadable): the handler answers as for an unknown ID
			}
			u := *r.URL
			u.Path = p.prefix + id
			if strings.Contains(rest, "/") {
				u.Path += "/" + tail
			}
			u.RawPath = ""
			r2 := r.Clone(r.Context())
			r2.URL = &u
			next.ServeHTTP(w, r2)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// NumberResolver finds the record a readable number names
// (sqlstore.DB.RequestIDByNumber, ComplaintIDByNumber).
type NumberResolver interface {
	RequestIDByNumber(ctx context.Context, number string) (string, error)
	ComplaintIDByNumber(ctx context.Context, number string) (string, error)
}

// Numbers finds records by their readable numbers, for the mail intake
// (intake.Mailbox.Numbers).
func (a *App) Numbers() NumberResolver { return a.db }
