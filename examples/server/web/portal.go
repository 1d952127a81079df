package web

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
)

// The customer's online rating is recorded as the P4.2 visit by the system
// on the after-sales department's behalf (see the package documentation).
var portalActor = aftersales.Actor{ID: "customer-portal", Name: "客户门户", Role: aftersales.RoleSystem}

// portalVisitedBy is what the 客户回访记录表 says about who visited.
const portalVisitedBy = "客户自评（在线）"

type portalRow struct {
	R    *aftersales.Request
	Next []deadlineView
}

// portal lists the customer's own requests with their status and open
// deadlines.
func (h *Handler) portal(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	var rows []portalRow
	if u.CustomerID != "" {
		rs, err := h.cfg.Requests.List(ctx, aftersales.Query{CustomerID: u.CustomerID})
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		now := h.now()
		for _, r := range rs {
			row := portalRow{R: r}
			for _, d := range r.PendingDeadlines() {
				row.Next = append(row.Next, h.view(d, now, ""))
			}
			rows = append(rows, row)
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].R.ReceivedAt.After(rows[j].R.ReceivedAt) })
	}
	h.render(w, r, http.StatusOK, "portal", pageData{Title: "我的售后需求", User: u, Nav: "portal", Data: rows})
}

type portalData struct {
	R         *aftersales.Request
	N         *names
	Deadlines []deadlineView
	Parts     []partView
	Accept    *form
	Reject    *form
	Rate      *form
	Signature bool
	Alert     string
}

func (h *Handler) portalRequest(w http.ResponseWriter, r *http.Request, u *user) {
	req, err := h.loadRequest(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	h.showPortal(w, r, u, http.StatusOK, req, nil)
}

func (h *Handler) showPortal(w http.ResponseWriter, r *http.Request, u *user, status int, req *aftersales.Request, failed *form) {
	n, err := h.names(r.Context())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	d := portalData{R: req, N: n}
	_, d.Signature = signatureBlob(req)
	now := h.now()
	for _, dl := range req.PendingDeadlines() {
		d.Deadlines = append(d.Deadlines, h.view(dl, now, ""))
	}
	for i, p := range req.Parts {
		d.Parts = append(d.Parts, partView{Part: p, Index: i, Name: n.Dept(p.Department)})
	}
	base := "/portal/requests/" + req.ID + "/"
	mk := func(key string) *form {
		if failed != nil && failed.Key == key {
			return failed
		}
		f := newForm(key, base+key)
		f.Values.Set("version", strconv.Itoa(req.Version))
		return f
	}
	switch req.Status {
	case aftersales.StatusAwaitingAcceptance:
		d.Accept, d.Reject = mk("accept"), mk("reject")
		if d.Accept.Get("signed_by") == "" {
			d.Accept.Values.Set("signed_by", req.Customer.Name)
		}
	case aftersales.StatusAccepted:
		d.Rate = mk("rate")
	}
	if failed != nil && d.Accept != failed && d.Reject != failed && d.Rate != failed {
		d.Alert = failed.Error
		for _, m := range failed.Errors {
			if d.Alert == "" {
				d.Alert = m
			}
		}
	}
	h.render(w, r, status, "portal_request", pageData{Title: "售后需求 " + req.ID, User: u, Nav: "portal", Data: d})
}

// portalStep runs the customer's acceptance, rejection (P4.1) or rating
// (P4.2).
func (h *Handler) portalStep(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	id, step := r.PathValue("id"), r.PathValue("step")
	if step != "accept" && step != "reject" && step != "rate" {
		h.errorPage(w, r, u, http.StatusNotFound, "没有这个操作")
		return
	}
	req, err := h.loadRequest(ctx, u, id)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := formFrom(step, "/portal/requests/"+id+"/"+step, r.PostForm)
	f.Alias = map[string]string{"signature_ref": "signature", "blob_empty": "signature", "blob_too_large": "signature",
		"blob_type_invalid": "signature", "blob_type_mismatch": "signature", "reason": "reason", "satisfaction": "satisfaction"}
	s, v := h.cfg.Requests, f.version()
	var run func() error
	var fields []string
	switch step {
	case "accept":
		fields = []string{"signed_by", "signature"}
		if strings.TrimSpace(f.Get("signed_by")) == "" {
			f.set("signed_by", "签字人不能为空")
		}
		img := decodeSignature(f)
		run = func() error {
			if h.cfg.Blobs == nil {
				return aftersales.Errorf(aftersales.KindNotAllowed, "screen_signature_unavailable", "本服务器未启用屏幕签字，请在纸质《客户反馈登记表》上签字")
			}
			ref, err := h.cfg.Blobs.Put(ctx, "image/png", img, u.actor().ID)
			if err != nil {
				return err
			}
			_, err = s.Accept(ctx, id, aftersales.AcceptCommand{Actor: u.actor(), Version: v, Signature: aftersales.Signature{
				SignedBy: f.Get("signed_by"), Method: aftersales.SignScreen, Ref: "blob:" + ref}})
			return err
		}
	case "reject":
		fields = []string{"reason"}
		run = func() error {
			_, err := s.Reject(ctx, id, aftersales.RejectCommand{Reason: f.Get("reason"), Actor: u.actor(), Version: v})
			return err
		}
	case "rate":
		fields = []string{"satisfaction", "suggestions"}
		score := f.parseInt("satisfaction", "满意度")
		if f.Get("satisfaction") == "" {
			f.set("satisfaction", "请选择满意度")
		}
		run = func() error {
			if req.Status != aftersales.StatusAccepted {
				return aftersales.Errorf(aftersales.KindNotAllowed, "not_allowed_in_status", "需求当前状态为“%s”，不能评价", req.Status.Label())
			}
			_, err := s.Visit(ctx, id, aftersales.VisitCommand{Actor: portalActor, Version: v, Visit: aftersales.Visit{
				Satisfaction: score, Suggestions: f.Get("suggestions"), VisitedBy: portalVisitedBy}})
			return err
		}
	}
	status := http.StatusBadRequest
	if !f.Invalid() {
		err := run()
		if err == nil {
			http.Redirect(w, r, "/portal/requests/"+id+"?ok="+step, http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, fields...)
		if fresh, err := s.Get(ctx, id); err == nil {
			req = fresh
		}
	}
	f.Values.Del("signature") // a drawn signature is not sent back
	h.showPortal(w, r, u, status, req, f)
}

// maxSignature bounds a drawn signature's PNG, and maxSignaturePixels its
// size, so that a crafted image cannot exhaust memory when decoded.
const (
	maxSignature       = 2 << 20
	maxSignaturePixels = 4096 * 4096
)

// decodeSignature reads the drawn signature, a data URL of a PNG image,
// and checks it: a PNG, at most 2 MiB, not blank. It records what is
// wrong on the form's signature field.
func decodeSignature(f *form) []byte {
	const prefix = "data:image/png;base64,"
	s := strings.TrimSpace(f.Get("signature"))
	if s == "" {
		f.set("signature", "请在签字框内签名（P4.1）")
		return nil
	}
	b64, ok := strings.CutPrefix(s, prefix)
	if !ok {
		f.set("signature", "签名图像格式错误，应为 PNG 图片")
		return nil
	}
	if base64.StdEncoding.DecodedLen(len(b64)) > maxSignature+3 {
		f.set("signature", "签名图像过大（最多 2 MiB）")
		return nil
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(data) > maxSignature {
		f.set("signature", "签名图像无法读取或过大（最多 2 MiB 的 PNG 图片）")
		return nil
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxSignaturePixels {
		f.set("signature", "签名图像不是有效的 PNG 图片")
		return nil
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		f.set("signature", "签名图像不是有效的 PNG 图片")
		return nil
	}
	if blank(img) {
		f.set("signature", "签字框内没有签名，请签名后再提交")
		return nil
	}
	return data
}

// blank reports whether an image has no visible ink: every pixel
// transparent or near white.
func blank(img image.Image) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if a > 0x2000 && (r < 0xC000 || g < 0xC000 || bl < 0xC000) {
				return false
			}
		}
	}
	return true
}
