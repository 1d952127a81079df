package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Link is a customer's link as the desk lists it: never its secret, which
// is shown once, when issued.
type Link struct {
	Hash             string // what revoking names
	Created, Expires time.Time
	Revoked          time.Time // zero: not revoked
}

// Links issues, lists and revokes customers' links (/c/{token}, a
// customer token that signs them in to their own records). Revoke of a
// link that is not the customer's is a KindNotFound error; ExpiredAt
// tells a link that has expired from one that never was.
type Links interface {
	Issue(ctx context.Context, customerID string) (token string, expires time.Time, err error)
	List(ctx context.Context, customerID string) ([]Link, error)
	Revoke(ctx context.Context, customerID, hash string) error
	ExpiredAt(ctx context.Context, token string) (time.Time, bool)
}

// linksView is the customer-link section of a record's page, for the
// after-sales department only (who may give a customer access).
type linksView struct {
	Action    string // issue: POST here; revoke: POST Action+"/revoke"
	Customer  string
	Links     []linkRow
	SendTo    string // the masked mobile number a text goes to; "" when none can be sent
	New       *issuedLink
	Error     string
	ViaNoText bool // texts are not configured
}

type linkRow struct{ issuedRow }

// issuedRow is a token as a list shows it, a person's or a customer's
// link: when it was issued, until when it works, and whether it does now.
type issuedRow struct {
	Hash, Created, Expires, State string
	InForce                       bool
}

// issued describes a token issued at created that expires at expires (zero:
// never) and was revoked at revoked (zero: not), at now.
func issued(hash string, created, expires, revoked, now time.Time) issuedRow {
	row := issuedRow{Hash: hash, Created: fmtTime(created), Expires: "长期有效", State: "有效", InForce: true}
	if !expires.IsZero() {
		row.Expires = fmtTime(expires)
	}
	switch {
	case !revoked.IsZero():
		row.State, row.InForce = "已撤销（"+fmtTime(revoked)+"）", false
	case !expires.IsZero() && !now.Before(expires):
		row.State, row.InForce = "已过期", false
	}
	return row
}

// issuedLink is a link just issued, shown once.
type issuedLink struct {
	URL, Expires, Sent string
	QR                 template.HTML
}

// recordLinks builds the section for the customer of a record, or nil when
// u may not give access or the record has no customer to give it to.
func (h *Handler) recordLinks(ctx context.Context, u *user, action string, c aftersales.Customer) *linksView {
	if h.cfg.Links == nil || !u.Actor.IsAfterSales() || c.ID == "" || c.IsPseudonym() {
		return nil
	}
	v := &linksView{Action: action, Customer: c.ID, ViaNoText: h.cfg.SendLink == nil}
	if h.cfg.SendLink != nil && c.Phone != "" {
		v.SendTo = aftersales.MaskPhone(c.Phone)
	}
	list, err := h.cfg.Links.List(ctx, c.ID)
	if err != nil {
		h.cfg.Logger.Warn("customer links not read", "customer", c.ID, "err", err)
		return v
	}
	now := h.now()
	for _, l := range list {
		v.Links = append(v.Links, linkRow{issued(l.Hash, l.Created, l.Expires, l.Revoked, now)})
	}
	return v
}

// publicBase is the address customers reach the server at: Config.PublicURL,
// else the one this request came to.
func (h *Handler) publicBase(r *http.Request) string {
	if h.cfg.PublicURL != "" {
		return strings.TrimRight(h.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || h.cfg.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// issueLink gives the customer of a record a new link, texts it when
// asked and possible, and shows it once, with its QR code, on the
// record's page (show).
func (h *Handler) issueLink(w http.ResponseWriter, r *http.Request, u *user, c aftersales.Customer, number string,
	show func(status int, links *linksView)) {
	if h.cfg.Links == nil || !u.Actor.IsAfterSales() {
		h.errorPage(w, r, u, http.StatusForbidden, "只有售后管理部可以给客户发放查询链接")
		return
	}
	if c.ID == "" || c.IsPseudonym() {
		h.errorPage(w, r, u, http.StatusUnprocessableEntity, "该记录没有客户编号，无法生成客户链接：请先登记客户编号")
		return
	}
	token, expires, err := h.cfg.Links.Issue(r.Context(), c.ID)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	link := &issuedLink{URL: h.publicBase(r) + "/c/" + token, Expires: fmtTime(expires)}
	if link.QR, err = qrSVG(link.URL); err != nil {
		h.cfg.Logger.Warn("QR code not drawn", "err", err)
	}
	if r.PostForm.Get("send") != "" && h.cfg.SendLink != nil && c.Phone != "" {
		if err := h.cfg.SendLink(r.Context(), c.Phone, number, link.URL); err != nil {
			h.cfg.Logger.Warn("customer link not texted", "customer", c.ID, "err", err)
			link.Sent = "短信未能发送（" + h.safeError(err) + "），请复制链接或让客户扫码"
		} else {
			link.Sent = "已通过短信发送到 " + aftersales.MaskPhone(c.Phone)
		}
	}
	show(http.StatusOK, &linksView{New: link})
}

// safeError is an error's message for a page: a domain error's Chinese
// message, else a general word (never a driver's or a provider's text).
func (h *Handler) safeError(err error) string {
	var e *aftersales.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "服务暂时不可用"
}

// revokeLink revokes one of the customer's links.
func (h *Handler) revokeLink(w http.ResponseWriter, r *http.Request, u *user, c aftersales.Customer, back string) {
	if h.cfg.Links == nil || !u.Actor.IsAfterSales() {
		h.errorPage(w, r, u, http.StatusForbidden, "只有售后管理部可以撤销客户链接")
		return
	}
	if err := h.cfg.Links.Revoke(r.Context(), c.ID, r.PostForm.Get("hash")); err != nil {
		h.failPage(w, r, u, err)
		return
	}
	http.Redirect(w, r, back+"?ok=link_revoked#h-links", http.StatusSeeOther)
}
