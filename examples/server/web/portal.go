package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
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
	who, err := h.viewer(ctx, u)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	if q, ok := who.Scope(aftersales.Query{}); ok {
		rs, err := h.cfg.Requests.List(ctx, q)
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
	// Files are the request's files and the form to add photos.
	Files filesView
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
	forms := stepForms(base, req.Version, failed)
	mk := func(key string) *form { return forms(key, key) }
	// The forms are the steps the library would accept now
	// (aftersales.Service.Actions): the customer's acceptance or rejection
	// (P4.1), and, once they have accepted, their rating, which the portal
	// records as the visit (P4.2).
	mine, err := h.cfg.Requests.Actions(r.Context(), req, u.actor())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	for _, o := range mine {
		switch o.Action {
		case aftersales.ActionAccept:
			d.Accept = mk("accept")
			if d.Accept.Get("signed_by") == "" {
				d.Accept.Values.Set("signed_by", req.Customer.Name)
			}
		case aftersales.ActionReject:
			d.Reject = mk("reject")
		}
	}
	if req.Status == aftersales.StatusAccepted {
		portal, err := h.cfg.Requests.Actions(r.Context(), req, portalActor)
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		for _, o := range portal {
			if o.Action == aftersales.ActionVisit {
				d.Rate = mk("rate")
			}
		}
	}
	upload := uploadForm("/portal/requests/" + req.ID + "/files")
	if failed != nil && failed.Key == "files" {
		upload = failed
	}
	d.Files = h.recordFiles(r.Context(), req.ID, handled(req), upload, n)
	if failed != nil && d.Accept != failed && d.Reject != failed && d.Rate != failed && failed.Key != "files" {
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
		// What can be checked without the image is checked first, so that
		// a stale form or a request past acceptance costs no decoding and
		// stores nothing.
		if err := h.canSignOnScreen(req, v); err != nil {
			f.Values.Del("signature")
			h.showPortal(w, r, u, h.fail(r, f, err, fields...), req, f)
			return
		}
		img, ok := h.decodeSignature(f)
		if !ok {
			f.Error = "当前提交签字的人数较多，请稍候片刻再提交"
			f.Values.Del("signature")
			w.Header().Set("Retry-After", "5")
			h.showPortal(w, r, u, http.StatusServiceUnavailable, req, f)
			return
		}
		run = func() error {
			ref, err := h.cfg.Blobs.Put(ctx, "image/png", img, u.actor().ID)
			if err != nil {
				return err
			}
			if hook := h.cfg.AfterSignaturePut; hook != nil {
				hook(id, ref)
			}
			_, err = s.Accept(ctx, id, aftersales.AcceptCommand{Actor: u.actor(), Version: v, Signature: aftersales.Signature{
				SignedBy: f.Get("signed_by"), Method: aftersales.SignScreen, Ref: "blob:" + ref}})
			if err != nil {
				h.dropSignature(r, id, ref)
			}
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
		if fresh, err := h.loadRequest(ctx, u, id); err == nil {
			req = fresh
		}
	}
	f.Values.Del("signature") // a drawn signature is not sent back
	h.showPortal(w, r, u, status, req, f)
}

// canSignOnScreen reports why a screen signature cannot be recorded for
// req on a form of version v (0: any), before the image is looked at: no
// blob store, a request not awaiting acceptance, or a stale form.
func (h *Handler) canSignOnScreen(req *aftersales.Request, v int) error {
	switch {
	case h.cfg.Blobs == nil:
		return aftersales.Errorf(aftersales.KindNotAllowed, "screen_signature_unavailable", "本服务器未启用屏幕签字，请在纸质《客户反馈登记表》上签字")
	case req.Status != aftersales.StatusAwaitingAcceptance:
		return aftersales.Errorf(aftersales.KindNotAllowed, "not_allowed_in_status", "需求当前状态为“%s”，不能验收签字", req.Status.Label())
	case v != 0 && v != req.Version:
		return aftersales.Errorf(aftersales.KindConflict, "version_conflict", "售后需求 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试",
			req.ID, req.Version, v)
	}
	return nil
}

// dropSignature deletes the signature stored for an acceptance of request
// id that failed, unless the acceptance was recorded after all (an error
// may come after the commit): an orphan image is better than an acceptance
// whose signature is gone.
func (h *Handler) dropSignature(r *http.Request, id, ref string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
	defer cancel()
	req, err := h.cfg.Requests.Get(ctx, id)
	if err != nil {
		h.cfg.Logger.Warn("keeping the signature of a failed acceptance: cannot read the request", "request", id, "blob", ref, "err", err)
		return
	}
	if req.Acceptance != nil && req.Acceptance.Ref == "blob:"+ref {
		return
	}
	if err := h.cfg.Blobs.Delete(ctx, ref); err != nil {
		h.cfg.Logger.Warn("cannot delete the signature of a failed acceptance", "request", id, "blob", ref, "err", err)
	}
}

// The bounds of a drawn signature: its PNG at most 2 MiB, and its image at
// most 2000×1000 pixels of 8 bits a sample (the pad's script draws no
// larger), so that a crafted image cannot exhaust memory when decoded.
const (
	maxSignature       = 2 << 20
	maxSignatureWidth  = 2000
	maxSignatureHeight = 1000
)

// decodeSignature reads the drawn signature, a data URL of a PNG image,
// and checks it: a PNG of at most 2 MiB and 2000×1000 pixels, 8-bit gray,
// RGB(A) or paletted, not interlaced, and not blank. It records what is
// wrong on the form's signature field. ok is false when the server is too
// busy decoding other signatures to check this one.
func (h *Handler) decodeSignature(f *form) (data []byte, ok bool) {
	const prefix = "data:image/png;base64,"
	s := strings.TrimSpace(f.Get("signature"))
	if s == "" {
		f.set("signature", "请在签字框内签名（P4.1）")
		return nil, true
	}
	b64, found := strings.CutPrefix(s, prefix)
	if !found {
		f.set("signature", "签名图像格式错误，应为 PNG 图片")
		return nil, true
	}
	if base64.StdEncoding.DecodedLen(len(b64)) > maxSignature+3 {
		f.set("signature", "签名图像过大（最多 2 MiB）")
		return nil, true
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(data) > maxSignature {
		f.set("signature", "签名图像无法读取或过大（最多 2 MiB 的 PNG 图片）")
		return nil, true
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || len(data) < 29 || string(data[12:16]) != "IHDR" {
		f.set("signature", "签名图像不是有效的 PNG 图片")
		return nil, true
	}
	// The IHDR chunk: width, height, then bit depth, colour type,
	// compression, filter and interlace method, one byte each.
	depth, interlace := data[24], data[28]
	switch {
	case cfg.Width <= 0 || cfg.Height <= 0:
		f.set("signature", "签名图像不是有效的 PNG 图片")
		return nil, true
	case cfg.Width > maxSignatureWidth || cfg.Height > maxSignatureHeight:
		f.set("signature", sprintf("签名图像尺寸过大（%d×%d 像素，最多 %d×%d）", cfg.Width, cfg.Height, maxSignatureWidth, maxSignatureHeight))
		return nil, true
	case depth > 8 || !eightBit(cfg.ColorModel):
		f.set("signature", "签名图像的颜色格式不受支持（应为 8 位灰度、RGB、RGBA 或调色板 PNG）")
		return nil, true
	case interlace != 0:
		f.set("signature", "签名图像不能是隔行扫描的 PNG")
		return nil, true
	}
	select {
	case h.cfg.SignatureSlots <- struct{}{}: // bounded by Config.SignatureSlots
		defer func() { <-h.cfg.SignatureSlots }()
	default:
		return nil, false
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		f.set("signature", "签名图像不是有效的 PNG 图片")
		return nil, true
	}
	if blank(img) {
		f.set("signature", "签字框内没有签名，请签名后再提交")
		return nil, true
	}
	return data, true
}

// eightBit reports whether a PNG's colour model is one of 8 bits a sample,
// decoded into one to four bytes a pixel.
func eightBit(m color.Model) bool {
	if _, ok := m.(color.Palette); ok {
		return true
	}
	return m == color.GrayModel || m == color.RGBAModel || m == color.NRGBAModel
}

// blank reports whether an image has no visible ink: every pixel
// transparent or near white. The images png.Decode gives for the colour
// models decodeSignature accepts are read from their pixel buffers.
func blank(img image.Image) bool {
	b := img.Bounds()
	w := b.Dx()
	switch m := img.(type) {
	case *image.NRGBA:
		for y := 0; y < b.Dy(); y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+4*w]
			for i := 0; i < len(row); i += 4 {
				if ink(color.NRGBA{row[i], row[i+1], row[i+2], row[i+3]}.RGBA()) {
					return false
				}
			}
		}
	case *image.RGBA:
		for y := 0; y < b.Dy(); y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+4*w]
			for i := 0; i < len(row); i += 4 {
				if ink(color.RGBA{row[i], row[i+1], row[i+2], row[i+3]}.RGBA()) {
					return false
				}
			}
		}
	case *image.Gray:
		for y := 0; y < b.Dy(); y++ {
			for _, v := range m.Pix[y*m.Stride : y*m.Stride+w] {
				if ink(color.Gray{v}.RGBA()) {
					return false
				}
			}
		}
	case *image.Paletted:
		var inked [256]bool
		for i := range inked {
			// An index past the palette is drawn as opaque black.
			inked[i] = i >= len(m.Palette) || m.Palette[i] == nil || ink(m.Palette[i].RGBA())
		}
		for y := 0; y < b.Dy(); y++ {
			for _, v := range m.Pix[y*m.Stride : y*m.Stride+w] {
				if inked[v] {
					return false
				}
			}
		}
	default:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if ink(img.At(x, y).RGBA()) {
					return false
				}
			}
		}
	}
	return true
}

// ink reports whether a pixel, given as alpha-premultiplied 16-bit
// samples, is visible ink: not transparent, not near white.
func ink(r, g, b, a uint32) bool {
	return a > 0x2000 && (r < 0xC000 || g < 0xC000 || b < 0xC000)
}

// pagePortalRequest finds the customer's own request of an action on
// their page.
func (h *Handler) pagePortalRequest(r *http.Request, u *user) (pageRecord, error) {
	if !u.Customer {
		return pageRecord{}, api.ErrNotVisible
	}
	req, err := h.loadRequest(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return pageRecord{}, err
	}
	return pageRecord{ID: req.ID, Number: cmp.Or(req.Number, req.ID), Base: "/portal/requests/" + req.ID, Customer: req.Customer,
		Show: func(w http.ResponseWriter, status int, failed *form, _ *issuedLink) {
			h.showPortal(w, r, u, status, req, failed)
		}}, nil
}
