package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// A record's files are listed on its page and served to whoever may see
// the record — photos inline, anything else as a download that the
// browser never renders as a page of the site — and to nobody else.
func TestDeskServesARecordsFilesToThoseWhoSeeIt(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	r := s.register("C-1001", "张先生", "卫生间渗水")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF")
	for _, f := range []sqlstore.File{
		{ID: "F-1", RecordID: r.ID, Name: "渗水.jpg", ContentType: "image/jpeg", Data: jpeg, ByCustomer: true, CreatedBy: "intake", CreatedAt: start},
		{ID: "F-2", RecordID: r.ID, Name: "x.svg", ContentType: "image/svg+xml", Data: []byte("<svg onload=alert(1)>"), ByCustomer: true, CreatedBy: "intake", CreatedAt: start},
	} {
		require.NoError(t, s.app.Files().Put(ctx, f))
	}

	head := s.login("head")
	page := head.get("/requests/" + r.ID)
	files := text(page.byID("h-files").Parent)
	require.Contains(t, files, "渗水.jpg")
	require.Contains(t, files, "x.svg")

	got := head.get("/files/F-1")
	require.Equal(t, http.StatusOK, got.status)
	require.Equal(t, jpeg, got.raw)
	require.Equal(t, "image/jpeg", got.header.Get("Content-Type"))
	require.Contains(t, got.header.Get("Content-Disposition"), "inline")
	require.Equal(t, "nosniff", got.header.Get("X-Content-Type-Options"))

	svg := head.get("/files/F-2")
	require.Equal(t, http.StatusOK, svg.status)
	require.Equal(t, "application/octet-stream", svg.header.Get("Content-Type"), "an SVG is a script: downloaded, never drawn")
	require.Contains(t, svg.header.Get("Content-Disposition"), "attachment")
	require.Contains(t, svg.header.Get("Content-Security-Policy"), "sandbox")

	// The designer has no part in the request; the other customer is not
	// its customer; an unknown file is not found either.
	require.Equal(t, http.StatusNotFound, s.login("design").get("/files/F-1").status)
	require.Equal(t, http.StatusNotFound, s.login("cust2").get("/files/F-1").status)
	require.Equal(t, http.StatusNotFound, head.get("/files/F-404").status)
	require.Equal(t, http.StatusOK, s.login("cust").get("/files/F-1").status, "the customer sees what they sent")
}
