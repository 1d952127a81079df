package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
)

// upgradeActor is who brings records forward in their histories.
var upgradeActor = aftersales.Actor{ID: "upgrade", Name: "制度解读更新", Role: aftersales.RoleSystem}

// bringForward brings records written under an earlier reading of the
// regulation forward, at start-up: an accepted request whose pending visit
// deadline (P4.2) was counted from the acceptance gets one counted from the
// completion of handling, the change recorded in its history by Recompute.
// Nothing is written for a request already brought forward, so every start
// may run it; a conflict means another instance just did it.
func (a *App) bringForward(ctx context.Context) error {
	n := 0
	err := eachListed(ctx, func(ctx context.Context, after string, limit int) ([]*aftersales.Request, error) {
		rs, err := a.Requests.List(ctx, aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusAccepted}, AfterID: after, Limit: limit})
		if err != nil {
			return nil, fmt.Errorf("bringing P4.2 deadlines forward: %w", err)
		}
		return rs, nil
	}, func(r *aftersales.Request) string { return r.ID }, func(r *aftersales.Request) error {
		if !visitFromAcceptance(r) {
			return nil
		}
		_, changed, err := a.Requests.Recompute(ctx, r.ID, upgradeActor)
		if err != nil && !errors.Is(err, aftersales.ErrConflict) {
			return fmt.Errorf("bringing %s forward: %w", r.ID, err)
		}
		if changed {
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n > 0 {
		a.cfg.Logger.Info("visit deadlines now run from the completion of handling (P4.2)", "requests", n)
	}
	return nil
}

// visitFromAcceptance reports whether r owes a visit counted from its
// acceptance, as the reading before P4.2 ran from 处理完毕 did.
func visitFromAcceptance(r *aftersales.Request) bool {
	for _, d := range r.Deadlines {
		if d.Clause == aftersales.ClauseP4_2 && d.Event == "accepted" && d.Pending() {
			return true
		}
	}
	return false
}
