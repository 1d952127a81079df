package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/shouhou/shouhou/examples/server/notify"
)

// Deliveries lists the notices' deliveries: the outbox the notification
// Router writes (notify.DeliveryLog), newest try first, those q selects;
// next is the cursor of the next page, "" at the end.
type Deliveries interface {
	Deliveries(ctx context.Context, q DeliveryQuery) (list []notify.Delivery, next string, err error)
}

// DeliveryQuery selects deliveries for Deliveries: those about one record
// (Subject), in one state (State, a notify.Delivery state) or by one
// channel (Channel), "" for all,
// a page of at most Limit after the cursor After.
type DeliveryQuery struct {
	Subject, State, After string
	Channel               string // only this channel's, such as a person's desk (notify.DeskChannel + ID)
	Limit                 int
}

// deliveryPageLimit is the rows of the delivery log page; a record's page
// shows its recordDeliveryLimit newest.
const (
	deliveryPageLimit   = 50
	recordDeliveryLimit = 20
)

// deliveryRow is a delivery as the desk shows it.
type deliveryRow struct {
	notify.Delivery
	State string // in Chinese
	Bad   bool   // failed, or left pending
	Link  string // the record's page, if the subject is a request or complaint
}

type deliveriesData struct {
	Filter *form
	States []option
	Rows   []deliveryRow
	Next   string // the next page's URL, "" at the end
}

// deliveryStates are the states the log page filters by.
var deliveryStates = []string{notify.DeliveryFailed, notify.DeliveryPending, notify.DeliveryWaiting, notify.DeliverySent}

func deliveryRows(list []notify.Delivery) []deliveryRow {
	out := make([]deliveryRow, len(list))
	for i, d := range list {
		out[i] = deliveryRow{Delivery: d, State: notify.DeliveryStateLabel(d.State),
			Bad: d.State == notify.DeliveryFailed || d.State == notify.DeliveryPending}
		switch {
		case strings.HasPrefix(d.Subject, "TS-"):
			out[i].Link = "/complaints/" + url.PathEscape(d.Subject)
		case d.Kind != "" && !strings.HasPrefix(d.Kind, "warranty") && d.Kind != "inspection" && d.Kind != "complaint_report":
			out[i].Link = "/requests/" + url.PathEscape(d.Subject)
		}
	}
	return out
}

// deliveriesPage is the delivery log: every notice by every channel,
// newest try first, with its state, for the after-sales head and the
// general manager.
func (h *Handler) deliveriesPage(w http.ResponseWriter, r *http.Request, u *user) {
	switch {
	case !u.Head():
		h.errorPage(w, r, u, http.StatusForbidden, "通知送达记录仅限售后管理部部长和总经理查看")
		return
	case h.cfg.Deliveries == nil:
		h.errorPage(w, r, u, http.StatusNotFound, "本服务器未记录通知送达")
		return
	}
	f := formFrom("filter", "/deliveries", r.URL.Query())
	d := deliveriesData{Filter: f, States: []option{{Value: "", Label: "全部"}}}
	for _, st := range deliveryStates {
		d.States = append(d.States, option{Value: st, Label: notify.DeliveryStateLabel(st)})
	}
	state := f.Get("state")
	if state != "" && !slices.Contains(deliveryStates, state) {
		f.set("state", "没有这个状态："+state)
		h.render(w, r, http.StatusBadRequest, "deliveries", pageData{Title: "通知送达记录", User: u, Nav: "deliveries", Data: d})
		return
	}
	list, next, err := h.cfg.Deliveries.Deliveries(r.Context(), DeliveryQuery{State: state, After: f.Get("after"), Limit: deliveryPageLimit})
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	d.Rows = deliveryRows(list)
	if next != "" {
		d.Next = "/deliveries?" + url.Values{"state": {state}, "after": {next}}.Encode()
	}
	h.render(w, r, http.StatusOK, "deliveries", pageData{Title: "通知送达记录", User: u, Nav: "deliveries", Data: d})
}

// recordDeliveries returns the newest deliveries of the notices about
// record id, for the record's page: shown to the desk (the after-sales
// department and the general manager) only, as they name the people and
// groups told. A failure to read them leaves the section out, logged.
func (h *Handler) recordDeliveries(ctx context.Context, u *user, id string) []deliveryRow {
	if h.cfg.Deliveries == nil || !u.Desk {
		return nil
	}
	list, _, err := h.cfg.Deliveries.Deliveries(ctx, DeliveryQuery{Subject: id, Limit: recordDeliveryLimit})
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "web: read the deliveries of a record", "record", id, "err", err)
		return nil
	}
	return deliveryRows(list)
}
