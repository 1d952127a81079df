package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// FeedEvent is one event of the change feed, as a FeedReader gives it.
type FeedEvent struct {
	Cursor   string          `json:"cursor"`    // read on with ?after= this to get what came after
	Kind     string          `json:"kind"`      // request, complaint or warranty
	RecordID string          `json:"record_id"` // the request's, complaint's or project's ID
	Seq      int             `json:"seq"`       // the event's place in that record's history
	Type     string          `json:"type"`      // the event's type
	At       time.Time       `json:"at"`        // when it happened, in China Standard Time
	Event    json.RawMessage `json:"event"`     // the event, as the record's history has it
}

// FeedReader reads the change feed: up to limit events after a cursor
// ("" for the start), in commit order, and the cursor to go on from. A bad
// cursor is an invalid-kind error.
type FeedReader interface {
	Feed(ctx context.Context, after string, limit int) ([]FeedEvent, string, error)
}

// feedPage is the answer of GET /api/v1/events.
type feedPage struct {
	Items []FeedEvent `json:"items"`
	Next  string      `json:"next"` // the cursor to ask for next; the same when nothing new has committed
}

func (h *Handler) eventRoutes() {
	h.mux.HandleFunc("GET /api/v1/events", h.authed(h.events))
}

// events is the change feed: every event of every record the caller may
// see, in commit order. A page scans at most ten times its limit in the
// feed, so that a caller who may see little still moves on; next is the
// cursor after the last event scanned, seen or not.
func (h *Handler) events(w http.ResponseWriter, r *http.Request, p Principal) {
	if h.cfg.Feed == nil {
		writeError(w, http.StatusNotFound, "route_not_found", "本服务器没有变更订阅")
		return
	}
	after, limit, err := page(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	see := h.feedVisibility(ctx, p)
	out := feedPage{Items: []FeedEvent{}, Next: after}
	for scanned := 0; len(out.Items) < limit && scanned < 10*limit; {
		items, next, err := h.cfg.Feed.Feed(ctx, out.Next, limit)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if len(items) == 0 {
			break
		}
		for _, it := range items {
			it, ok, err := see(it)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			out.Next = it.Cursor
			scanned++
			if ok {
				it.At = it.At.In(calendar.CST())
				out.Items = append(out.Items, it)
				if len(out.Items) == limit {
					break
				}
			}
		}
		if len(out.Items) < limit && out.Next != next {
			out.Next = next
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// feedVisibility returns whether p may see a feed event: the rules of the
// record's chapter, asked once per record and page; and the event as p
// may see it, its customer's contact masked unless p sees it
// (aftersales.SeesContact, complaint.SeesContact).
func (h *Handler) feedVisibility(ctx context.Context, p Principal) func(FeedEvent) (FeedEvent, bool, error) {
	type verdict struct{ ok, mask bool }
	seen := map[string]verdict{}
	return func(it FeedEvent) (FeedEvent, bool, error) {
		key := it.Kind + "/" + it.RecordID
		v, done := seen[key]
		if !done {
			var err error
			switch it.Kind {
			case "request":
				var req *aftersales.Request
				if req, err = h.loadRequest(ctx, p, it.RecordID); err == nil {
					v.mask = !aftersales.SeesContact(p.actor(), req)
				}
			case "complaint":
				var c *complaint.Complaint
				if c, err = h.loadComplaint(ctx, p, it.RecordID); err == nil {
					v.mask = !complaint.SeesContact(p.actor(), c)
				}
			case "warranty":
				err = requireStaff(p)
			default:
				err = ErrNotVisible
			}
			v.ok = err == nil
			if err != nil && !errors.Is(err, ErrNotVisible) && !errors.Is(err, aftersales.ErrNotFound) && !errors.Is(err, aftersales.ErrForbidden) {
				return it, false, err
			}
			seen[key] = v
		}
		if v.ok && v.mask {
			it.Event = maskFeedEvent(it.Kind, it.Event)
		}
		return it, v.ok, nil
	}
}

// maskFeedEvent masks the customer's contact in a request's or complaint's
// event (aftersales.Event.Masked, complaint.Event.Masked); an event that does not decode is
// left out rather than shown unmasked.
func maskFeedEvent(kind string, raw json.RawMessage) json.RawMessage {
	var out any
	switch kind {
	case "request":
		var e aftersales.Event
		if json.Unmarshal(raw, &e) != nil {
			return json.RawMessage("null")
		}
		out = e.Masked()
	case "complaint":
		var e complaint.Event
		if json.Unmarshal(raw, &e) != nil {
			return json.RawMessage("null")
		}
		out = e.Masked()
	default:
		return raw
	}
	b, err := json.Marshal(out)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
