package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/examples/server/web"
)

// attach posts files as the desk's upload form sends them.
func (c *client) attach(path string, files map[string][]byte) *page {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for name, data := range files {
		part, err := w.CreateFormFile("file", name)
		require.NoError(c.t, err)
		_, _ = part.Write(data)
	}
	require.NoError(c.t, w.Close())
	req, err := http.NewRequest("POST", c.s.srv.URL+path, &body)
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func jpegOf(t *testing.T, w, h int) []byte {
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h)), nil))
	return buf.Bytes()
}

// Photos and documents are attached from the desk and from the customer's
// page: checked by their content, refused with the reason next to the
// field and nothing written, within each record's quota, never by someone
// who may not see the record; photos taken after the handling show beside
// those from before.
func TestDeskAndPortalUploadFiles(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	count := func(id string) int {
		list, err := s.app.Files().List(ctx, id)
		require.NoError(t, err)
		return len(list)
	}
	head := s.login("head")
	res := head.attach("/requests/"+r.ID+"/files", map[string][]byte{"渗水.jpg": jpegOf(t, 1200, 900), "检测报告.pdf": []byte("%PDF-1.7\n")})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	require.Equal(t, "/requests/"+r.ID+"?ok=uploaded#h-files", res.location())
	require.Equal(t, 2, count(r.ID))
	page := head.get("/requests/" + r.ID + "?ok=uploaded")
	files := text(page.byID("h-files").Parent)
	require.Contains(t, files, "渗水.jpg")
	require.Contains(t, files, "检测报告.pdf")
	require.Contains(t, files, "钱部长 上传于")
	list, err := s.app.Files().List(ctx, r.ID)
	require.NoError(t, err)
	var photoID string
	for _, f := range list {
		if f.Name == "渗水.jpg" {
			photoID = f.ID
			require.Equal(t, "image/jpeg", f.ContentType)
			require.True(t, f.HasThumb)
			require.False(t, f.ByCustomer)
		}
	}
	thumb := head.get("/files/" + photoID + "/thumb")
	require.Equal(t, http.StatusOK, thumb.status)
	img, err := jpeg.Decode(bytes.NewReader(thumb.raw))
	require.NoError(t, err)
	require.Equal(t, 320, img.Bounds().Dx())

	// Refused, the reason next to the field, nothing written.
	for name, c := range map[string]struct {
		files map[string][]byte
		want  string
	}{
		"a page":        {map[string][]byte{"x.html": []byte("<html><script>alert(1)</script>")}, "类型不能上传"},
		"too large":     {map[string][]byte{"大.pdf": append([]byte("%PDF-"), make([]byte, 10<<20)...)}, "过大"},
		"one bad apple": {map[string][]byte{"好.jpg": jpegOf(t, 10, 10), "坏.exe": []byte("MZ\x90")}, "坏.exe"},
		"nothing":       {map[string][]byte{}, "请选择"},
	} {
		res := head.attach("/requests/"+r.ID+"/files", c.files)
		require.Equal(t, http.StatusBadRequest, res.status, name)
		require.Contains(t, res.fieldError("files-file"), c.want, name)
		require.Equal(t, 2, count(r.ID), "%s: nothing written", name)
	}

	// Someone who may not see the request cannot add to it either.
	require.Equal(t, http.StatusNotFound, s.login("design").attach("/requests/"+r.ID+"/files", map[string][]byte{"a.jpg": jpegOf(t, 10, 10)}).status)
	require.Equal(t, 2, count(r.ID))

	// The customer adds photos from their own page; another customer cannot.
	cust := s.login("cust")
	res = cust.attach("/portal/requests/"+r.ID+"/files", map[string][]byte{"我拍的.jpg": jpegOf(t, 800, 600)})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	require.Equal(t, 3, count(r.ID))
	require.Contains(t, text(cust.get("/portal/requests/"+r.ID).byID("h-files").Parent), "我拍的.jpg")
	require.Equal(t, http.StatusNotFound, s.login("cust2").attach("/portal/requests/"+r.ID+"/files", map[string][]byte{"b.jpg": jpegOf(t, 10, 10)}).status)
	require.Equal(t, 3, count(r.ID))

	require.Contains(t, text(head.get("/requests/"+r.ID).byID("h-files").Parent), "我拍的.jpg 9 KB；客户 上传于")

	// After the handling: a photo of the repair shows beside the leak.
	s.clock.Set(start.Add(time.Hour))
	r = s.toAcceptance(r.ID)
	s.clock.Set(start.Add(48 * time.Hour))
	res = head.attach("/requests/"+r.ID+"/files", map[string][]byte{"修复后.jpg": jpegOf(t, 800, 600)})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	section := head.get("/requests/" + r.ID).byID("h-files").Parent
	require.Contains(t, text(section), "处理前")
	after := text(section)[strings.Index(text(section), "处理后"):]
	require.Contains(t, after, "修复后.jpg")
	require.NotContains(t, after, "渗水.jpg")

	// The quota: 50 files a record.
	for i := range 46 {
		require.NoError(t, s.app.Files().Put(ctx, sqlstore.File{ID: fmt.Sprintf("F-q%d", i), RecordID: r.ID, Name: "x.pdf",
			ContentType: "application/pdf", Data: []byte("%PDF-"), CreatedBy: "p-staff", CreatedAt: start}))
	}
	res = head.attach("/requests/"+r.ID+"/files", map[string][]byte{"第51个.jpg": jpegOf(t, 10, 10)})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.Contains(t, res.fieldError("files-file"), "附件超出上限")
	require.Equal(t, 50, count(r.ID))
}

// Uploads read at once are bounded (each may hold 100 MB): one more is
// answered busy, not queued, and nothing is kept.
func TestDeskUploadsAreBounded(t *testing.T) {
	full := make(chan struct{}, 1)
	full <- struct{}{}
	s := newSiteWith(t, "", func(c *app.Config) { c.AdjustWeb = func(w *web.Config) { w.UploadSlots = full } })
	r := s.register("C-1001", "张先生", "渗水")
	res := s.login("head").attach("/requests/"+r.ID+"/files", map[string][]byte{"a.jpg": jpegOf(t, 10, 10)})
	require.Equal(t, http.StatusServiceUnavailable, res.status)
	require.NotEmpty(t, res.header.Get("Retry-After"))
	list, err := s.app.Files().List(context.Background(), r.ID)
	require.NoError(t, err)
	require.Empty(t, list)
}
