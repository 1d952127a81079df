package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// DefaultRetentionYears is how long a customer's personal data is kept
// after the last of their records closed: three years, the limitation
// period of a civil claim (民法典 第一百八十八条), within which the company
// may need to reach the customer about the case. A company with a longer
// duty (a warranty it still owes them) sets -retention higher.
const DefaultRetentionYears = 3

// RetentionResult says what one retention run did.
type RetentionResult struct {
	Customers  int `json:"customers"`  // customers pseudonymised
	Requests   int `json:"requests"`   // their requests
	Complaints int `json:"complaints"` // their complaints
}

// customerRecords are one customer's records.
type customerRecords struct {
	requests, complaints []string
	open                 bool      // some record is not closed or withdrawn
	last                 time.Time // when the last record last moved
	person               bool      // someone, not the software, raised a record
}

// Retain pseudonymises the customers whose records are all closed or
// withdrawn (requests: closed or withdrawn; complaints: resolved or
// withdrawn) and the last of them moved before now minus years: all their
// records at once, under one fresh pseudonym each, so that counts of
// repeat complainants stay right (sqlstore.DB.Pseudonymise). A customer
// with any open record keeps their data. Customers are told apart as the
// monthly report tells complainants apart (aftersales.Customer.Key); the
// records of a customer already pseudonymised are left alone, and so are
// those the software raised under a name only (the warranty's 项目巡查). It reads
// every record once: run it daily, not per request.
func Retain(ctx context.Context, db *sqlstore.DB, years int, now time.Time) (RetentionResult, error) {
	var res RetentionResult
	if years <= 0 {
		return res, nil
	}
	cutoff := now.In(calendar.CST()).AddDate(-years, 0, 0)
	who, err := customers(ctx, db)
	if err != nil {
		return res, err
	}
	reason := fmt.Sprintf("保存期限届满：全部记录结案已满 %d 年", years)
	var list []sqlstore.Pseudonymisation
	for key, c := range who {
		if c.open || !c.last.Before(cutoff) || strings.HasPrefix(key, aftersales.PseudonymPrefix) || !c.person {
			continue
		}
		list = append(list, sqlstore.Pseudonymisation{As: aftersales.NewPseudonym(),
			Act: sqlstore.PrivacyAct{Requests: c.requests, Complaints: c.complaints, Actor: retentionActor(), At: now, Reason: reason}})
	}
	// The file is scrubbed once, after all of them (PseudonymiseMany).
	n, err := db.PseudonymiseMany(ctx, list)
	for _, x := range list[:n] {
		res.Customers++
		res.Requests += len(x.Act.Requests)
		res.Complaints += len(x.Act.Complaints)
	}
	return res, err
}

// retentionActor is who the retention job acts as.
func retentionActor() aftersales.Actor {
	return aftersales.Actor{ID: "retention", Name: "个人信息保存期限检查", Role: aftersales.RoleSystem}
}

// customers reads every request and complaint, a page at a time, and
// groups them by customer.
func customers(ctx context.Context, db *sqlstore.DB) (map[string]*customerRecords, error) {
	who := map[string]*customerRecords{}
	// A record the software raised for no one but a name (warranty's
	// 项目巡查, W2.2) names no person; one a person raised, or naming a
	// way to reach someone, does.
	of := func(c aftersales.Customer, by aftersales.Actor, at time.Time, closed bool) *customerRecords {
		key := c.Key()
		if key == "" {
			return nil
		}
		x := who[key]
		if x == nil {
			x = &customerRecords{}
			who[key] = x
		}
		x.open = x.open || !closed
		x.person = x.person || by.Role != aftersales.RoleSystem || c.ID != "" || c.Phone != "" || c.Email != "" || c.Contact != ""
		if at.After(x.last) {
			x.last = at
		}
		return x
	}
	err := eachListed(ctx, func(ctx context.Context, after string, limit int) ([]*aftersales.Request, error) {
		return db.Requests().List(ctx, aftersales.Query{AfterID: after, Limit: limit})
	}, func(r *aftersales.Request) string { return r.ID }, func(r *aftersales.Request) error {
		if x := of(r.Customer, r.RegisteredBy, r.UpdatedAt, r.Status.Terminal()); x != nil {
			x.requests = append(x.requests, r.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachListed(ctx, func(ctx context.Context, after string, limit int) ([]*complaint.Complaint, error) {
		return db.Complaints().List(ctx, complaint.Query{AfterID: after, Limit: limit})
	}, func(c *complaint.Complaint) string { return c.ID }, func(c *complaint.Complaint) error {
		if x := of(c.Complainant, c.RegisteredBy, c.UpdatedAt, c.Status.Closed()); x != nil {
			x.complaints = append(x.complaints, c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return who, nil
}

// RetainDSN opens dsn and runs Retain once: what -retention-run does,
// for a daily timer (cron, systemd) beside the running servers.
func RetainDSN(ctx context.Context, dsn string, years int, now time.Time, logger *slog.Logger) (RetentionResult, error) {
	db, err := sqlstore.Open(ctx, dsn, logger)
	if err != nil {
		return RetentionResult{}, err
	}
	defer db.Close()
	return Retain(ctx, db, years, now)
}

// privacy is the API's api.Privacy over the database.
type privacy struct {
	db    *sqlstore.DB
	clock aftersales.Clock
}

var _ api.Privacy = privacy{}

// records returns the IDs of customer id's requests and complaints.
func (p privacy) records(ctx context.Context, id string) (rs []*aftersales.Request, cs []*complaint.Complaint, err error) {
	if rs, err = p.db.Requests().List(ctx, aftersales.Query{CustomerID: id}); err != nil {
		return nil, nil, err
	}
	if cs, err = p.db.Complaints().List(ctx, complaint.Query{ComplainantID: id}); err != nil {
		return nil, nil, err
	}
	if len(rs) == 0 && len(cs) == 0 {
		return nil, nil, aftersales.Errorf(aftersales.KindNotFound, "customer_not_found", "客户 %s 没有任何售后需求或投诉记录", id)
	}
	return rs, cs, nil
}

func ids[T any](xs []*T, id func(*T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

// Export implements api.Privacy: it records the export in each history
// first, then reads every record and history as they now stand.
func (p privacy) Export(ctx context.Context, id string, by aftersales.Actor) (*api.CustomerData, error) {
	rs, cs, err := p.records(ctx, id)
	if err != nil {
		return nil, err
	}
	act := sqlstore.PrivacyAct{Requests: ids(rs, func(r *aftersales.Request) string { return r.ID }),
		Complaints: ids(cs, func(c *complaint.Complaint) string { return c.ID }), Actor: by, At: p.clock.Now(), Reason: "客户要求导出个人信息"}
	if err := p.db.RecordExport(ctx, act); err != nil {
		return nil, err
	}
	out := &api.CustomerData{CustomerID: id, ExportedAt: act.At, Requests: []api.RequestData{}, Complaints: []api.ComplaintData{}}
	for _, rid := range act.Requests {
		r, err := p.db.Requests().Get(ctx, rid)
		if err != nil {
			return nil, err
		}
		h, err := p.db.Requests().History(ctx, rid)
		if err != nil {
			return nil, err
		}
		out.Requests = append(out.Requests, api.RequestData{Request: r, History: h})
	}
	for _, cid := range act.Complaints {
		c, err := p.db.Complaints().Get(ctx, cid)
		if err != nil {
			return nil, err
		}
		h, err := p.db.Complaints().History(ctx, cid)
		if err != nil {
			return nil, err
		}
		out.Complaints = append(out.Complaints, api.ComplaintData{Complaint: c, History: h})
	}
	return out, nil
}

// Erase implements api.Privacy: the retention job's pseudonymisation, at
// once, whatever the state of the records.
func (p privacy) Erase(ctx context.Context, id string, by aftersales.Actor) (*api.Erasure, error) {
	rs, cs, err := p.records(ctx, id)
	if err != nil {
		return nil, err
	}
	pseudonym := aftersales.NewPseudonym()
	act := sqlstore.PrivacyAct{Requests: ids(rs, func(r *aftersales.Request) string { return r.ID }),
		Complaints: ids(cs, func(c *complaint.Complaint) string { return c.ID }), Actor: by, At: p.clock.Now(), Reason: "客户要求删除个人信息"}
	if err := p.db.Pseudonymise(ctx, act, pseudonym); err != nil {
		return nil, err
	}
	return &api.Erasure{Pseudonym: pseudonym.ID, Requests: act.Requests, Complaints: act.Complaints, At: act.At}, nil
}

// RetainEvery runs Retain with years on the app's database at once and
// then every interval until ctx ends, logging what each run did. Several
// instances may run it side by side: a customer pseudonymised by one is
// left alone by the others.
func (a *App) RetainEvery(ctx context.Context, years int, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		res, err := Retain(ctx, a.db, years, a.cfg.Clock.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			a.cfg.Logger.Error("个人信息保存期限检查失败", "err", err)
		case res.Customers > 0:
			a.cfg.Logger.Info("个人信息保存期限届满，已去标识化", "customers", res.Customers, "requests", res.Requests, "complaints", res.Complaints)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
