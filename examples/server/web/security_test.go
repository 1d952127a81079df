package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/web"
)

func dataURL(b []byte) string { return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b) }

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// scribble draws a line of ink across img with set.
func scribble(w, h int, set func(x, y int)) {
	for x := w / 10; x < w*9/10; x++ {
		set(x, h/2+(x%9)-4)
	}
}

// interlaced returns a PNG with its IHDR marked interlaced (Adam7), the
// chunk's CRC fixed.
func interlaced(t *testing.T, p []byte) []byte {
	t.Helper()
	out := append([]byte{}, p...)
	require.Equal(t, "IHDR", string(out[12:16]))
	out[28] = 1
	binary.BigEndian.PutUint32(out[29:33], crc32.ChecksumIEEE(out[12:29]))
	return out
}

// countBlobs counts the blobs stored in the site's database.
func (s *site) countBlobs() int {
	s.t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(s.dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, s.dsn)
	require.NoError(s.t, err)
	defer db.Close()
	var n int
	require.NoError(s.t, db.QueryRow("SELECT count(*) FROM blobs").Scan(&n))
	return n
}

// TestSignatureDecodeBomb posts images that are small as PNG files and
// huge once decoded, or of sample formats a signature pad never draws: each
// is refused from its header, without decoding it, and nothing is stored.
func TestSignatureDecodeBomb(t *testing.T) {
	s := newSite(t, "")
	c, page, r := s.customerAtAcceptance()
	c.get(page)

	// 4096×4096 at 16 bits a sample: some 137 KB as a PNG, 128 MiB once
	// decoded.
	big := image.NewNRGBA64(image.Rect(0, 0, 4096, 4096))
	big.Set(10, 10, color.NRGBA64{A: 0xFFFF})
	bomb := encodePNG(t, big)
	require.Less(t, len(bomb), 2<<20)

	wide := image.NewGray(image.Rect(0, 0, 2001, 100))
	tall := image.NewGray(image.Rect(0, 0, 300, 1001))
	deep := image.NewNRGBA64(image.Rect(0, 0, 300, 100))
	gray16 := image.NewGray16(image.Rect(0, 0, 300, 100))
	for _, img := range []interface{ Set(int, int, color.Color) }{wide, tall, deep, gray16} {
		scribble(300, 100, func(x, y int) { img.Set(x, y, color.Black) })
	}
	for _, tc := range []struct {
		name string
		png  []byte
		want string
	}{
		{"bomb", bomb, "尺寸过大"},
		{"too wide", encodePNG(t, wide), "尺寸过大"},
		{"too tall", encodePNG(t, tall), "尺寸过大"},
		{"16-bit RGBA", encodePNG(t, deep), "颜色格式不受支持"},
		{"16-bit gray", encodePNG(t, gray16), "颜色格式不受支持"},
		{"interlaced", interlaced(t, signaturePNG(t, true)), "隔行扫描"},
	} {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p := c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(tc.png)}})
		runtime.ReadMemStats(&after)
		require.Equal(t, http.StatusBadRequest, p.status, tc.name)
		require.Contains(t, p.fieldError("accept-signature"), tc.want, tc.name)
		require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(32<<20), "%s: allocated %d MiB", tc.name, (after.TotalAlloc-before.TotalAlloc)>>20)
	}
	require.Zero(t, s.countBlobs())
	got, err := s.app.Requests.Get(context.Background(), r.ID)
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusAwaitingAcceptance, got.Status)
}

// TestSignatureFormats accepts a signature in each 8-bit format png.Encode
// writes (gray, RGB, RGBA, paletted of 1 to 8 bits), read from the pixels
// for blankness, and refuses each blank.
func TestSignatureFormats(t *testing.T) {
	s := newSite(t, "")
	c := s.login("cust")
	ink := color.RGBA{16, 35, 63, 255}
	rect := image.Rect(0, 0, 2000, 1000) // the largest allowed
	small := image.Rect(0, 0, 300, 100)
	for _, tc := range []struct {
		name string
		make func(inked bool) image.Image
	}{
		{"gray", func(inked bool) image.Image {
			m := image.NewGray(rect)
			for i := range m.Pix {
				m.Pix[i] = 0xFF
			}
			if inked {
				scribble(300, 100, func(x, y int) { m.Set(x, y, ink) })
			}
			return m
		}},
		{"RGB", func(inked bool) image.Image { // opaque: written as RGB, read as RGBA
			m := image.NewRGBA(small)
			for i := range m.Pix {
				m.Pix[i] = 0xF0
			}
			if inked {
				scribble(300, 100, func(x, y int) { m.Set(x, y, ink) })
			}
			return m
		}},
		{"NRGBA", func(inked bool) image.Image {
			m := image.NewNRGBA(small)                       // transparent
			m.Set(5, 5, color.NRGBA{0, 0, 0, 0x10})          // too faint to be ink
			m.Set(6, 6, color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}) // white
			if inked {
				scribble(300, 100, func(x, y int) { m.Set(x, y, ink) })
			}
			return m
		}},
		{"paletted 1-bit", func(inked bool) image.Image {
			m := image.NewPaletted(small, color.Palette{color.White, ink})
			if inked {
				scribble(300, 100, func(x, y int) { m.SetColorIndex(x, y, 1) })
			}
			return m
		}},
		{"paletted 8-bit", func(inked bool) image.Image {
			pal := color.Palette{color.Transparent}
			for i := 1; i < 256; i++ {
				pal = append(pal, color.NRGBA{0xFF, 0xFF, 0xFF - uint8(i%32), 0xFF}) // near white, all
			}
			pal[200] = ink
			m := image.NewPaletted(small, pal)
			m.SetColorIndex(1, 1, 100)
			if inked {
				scribble(300, 100, func(x, y int) { m.SetColorIndex(x, y, 200) })
			}
			return m
		}},
	} {
		r := s.register("C-1001", "张先生", "卫生间顶棚渗水 "+tc.name)
		s.toAcceptance(r.ID)
		page := "/portal/requests/" + r.ID
		c.get(page)
		p := c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(encodePNG(t, tc.make(false)))}})
		require.Equal(t, http.StatusBadRequest, p.status, tc.name)
		require.Contains(t, p.fieldError("accept-signature"), "没有签名", tc.name)
		p = c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(encodePNG(t, tc.make(true)))}})
		require.Equal(t, http.StatusSeeOther, p.status, "%s: %s", tc.name, p.body)
	}
}

// TestSignatureCheckedAgainstTheRequestFirst posts signatures to a
// request not awaiting acceptance and with a stale version: refused before
// the image is looked at (a blank one draws no complaint about the image),
// and nothing stored.
func TestSignatureCheckedAgainstTheRequestFirst(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.login("cust")
	page := "/portal/requests/" + r.ID
	c.get(page)
	p := c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(signaturePNG(t, true))}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	require.Contains(t, p.body, "不能验收签字")
	require.Zero(t, s.countBlobs(), "no orphan image of a refused acceptance")

	r = s.toAcceptance(r.ID)
	stale := strconv.Itoa(r.Version - 1)
	for _, sig := range []string{dataURL(signaturePNG(t, true)), dataURL(signaturePNG(t, false))} {
		p = c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {sig}, "version": {stale}})
		require.Equal(t, http.StatusConflict, p.status)
		require.Contains(t, p.body, "已被他人修改")
		require.Empty(t, p.fieldError("accept-signature"), "the image is not looked at")
	}
	require.Zero(t, s.countBlobs())

	p = c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(signaturePNG(t, true))}, "version": {strconv.Itoa(r.Version)}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, 1, s.countBlobs())
}

// TestFailedAcceptanceLeavesNoImage lets the desk record a paper
// acceptance between the customer's signature being stored and their
// acceptance being recorded: the acceptance fails, and the image goes.
func TestFailedAcceptanceLeavesNoImage(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		var s *site
		var stored string
		var raced error
		s = newSiteWith(t, dsn, func(c *app.Config) {
			c.AdjustWeb = func(w *web.Config) {
				w.AfterSignaturePut = func(id, blob string) {
					stored = blob
					_, raced = s.app.Requests.Accept(context.Background(), id, aftersales.AcceptCommand{Actor: gm,
						Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignPaper, Ref: "SCAN-1"}})
				}
			}
		})
		r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
		s.toAcceptance(r.ID)
		c := s.login("cust")
		page := "/portal/requests/" + r.ID
		c.get(page)
		p := c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(signaturePNG(t, true))}})
		require.NoError(t, raced)
		require.GreaterOrEqual(t, p.status, 400, p.body)
		require.Less(t, p.status, 500)
		require.NotEmpty(t, stored, "the image was stored before the acceptance failed")
		_, _, _, err := s.blobs().GetMeta(context.Background(), stored)
		require.ErrorIs(t, err, aftersales.ErrNotFound, "and deleted after")
		require.Zero(t, s.countBlobs())
		got, err := s.app.Requests.Get(context.Background(), r.ID)
		require.NoError(t, err)
		require.Equal(t, aftersales.SignPaper, got.Acceptance.Method)
	})
}

// TestSignatureDecodesBounded takes every decoding slot: a signature then
// is answered 503 with a message, not queued, and stores nothing.
func TestSignatureDecodesBounded(t *testing.T) {
	slots := make(chan struct{}, 2)
	s := newSiteWith(t, "", func(c *app.Config) {
		c.AdjustWeb = func(w *web.Config) { w.SignatureSlots = slots }
	})
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	s.toAcceptance(r.ID)
	c := s.login("cust")
	page := "/portal/requests/" + r.ID
	c.get(page)
	slots <- struct{}{} // every slot taken
	slots <- struct{}{}
	p := c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(signaturePNG(t, true))}})
	<-slots
	<-slots
	require.Equal(t, http.StatusServiceUnavailable, p.status)
	require.Contains(t, p.body, "请稍候片刻再提交")
	require.NotEmpty(t, p.header.Get("Retry-After"))
	require.Zero(t, s.countBlobs())
	p = c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(signaturePNG(t, true))}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
}

// TestSignatureImageMustBeTheCustomers records, through the library, a
// screen acceptance naming an image another customer stored: the image is
// not served; one the request's own customer stored is.
func TestSignatureImageMustBeTheCustomers(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn)
		ctx := context.Background()
		blobs := s.blobs()
		img := signaturePNG(t, true)
		customer := aftersales.Actor{ID: "C-1001", Role: aftersales.RoleCustomer}
		for _, tc := range []struct {
			by     string
			status int
		}{{"C-2002", http.StatusNotFound}, {"p-staff", http.StatusNotFound}, {"C-1001", http.StatusOK}} {
			r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
			s.toAcceptance(r.ID)
			id, err := blobs.Put(ctx, "image/png", img, tc.by)
			require.NoError(t, err)
			_, err = s.app.Requests.Accept(ctx, r.ID, aftersales.AcceptCommand{Actor: customer,
				Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "blob:" + id}})
			require.NoError(t, err)
			for _, who := range []string{"cust", "staff"} {
				p := s.login(who).get("/requests/" + r.ID + "/signature")
				require.Equal(t, tc.status, p.status, "%s's image, seen by %s", tc.by, who)
				if tc.status == http.StatusOK {
					require.Equal(t, img, p.raw)
				} else {
					require.NotEqual(t, img, p.raw)
				}
			}
		}
	})
}

// TestLoginNextStaysOnSite offers hostile next= values to the login form,
// as a query and as a posted field: each falls back to the queue, and the
// form does not carry it on.
func TestLoginNextStaysOnSite(t *testing.T) {
	s := newSite(t, "")
	for _, next := range []string{
		"/\t/evil.example/x", "/%09/evil.example/x", "/\n/evil.example", "/\r\n/evil.example", "/\v/evil.example",
		"/\x00/evil.example", "/\x7f/evil.example", "/\x1f/evil.example", "\t//evil.example", " /queue",
		"/\\evil.example", "\\\\evil.example", "\\/evil.example", "/queue\\..\\..\\evil", "/%5Cevil.example", "/%5C%5Cevil.example",
		"//evil.example/x", "///evil.example", "//user@evil.example", "/%2F/evil.example", "/%2f%2fevil.example",
		"https://evil.example/x", "http:evil.example", "javascript:alert(1)", "evil.example", "queue", "",
		"/%0d%0aSet-Cookie:%20x=y", "/" + strings.Repeat("a", 3000),
	} {
		c := s.client()
		p := c.get("/login?next=" + url.QueryEscape(next))
		require.Empty(t, p.hidden("next"), "%q carried on", next)
		res := c.post("/login", url.Values{"csrf_token": {p.hidden("csrf_token")}, "token": {s.tokens["staff"]}, "next": {next}})
		require.Equal(t, http.StatusSeeOther, res.status, "%q", next)
		require.Equal(t, "/queue", res.location(), "%q", next)
	}
	for _, next := range []string{"/complaints", "/requests?status=in_progress", "/requests/AS-1#history", "/warranties/P-001/summary"} {
		c := s.client()
		p := c.get("/login?next=" + url.QueryEscape(next))
		require.Equal(t, next, p.hidden("next"))
		res := c.post("/login", url.Values{"csrf_token": {p.hidden("csrf_token")}, "token": {s.tokens["staff"]}, "next": {next}})
		require.Equal(t, next, res.location())
	}
}

// setCookies returns the cookies a response sets, by name.
func setCookies(h http.Header) map[string]*http.Cookie {
	out := map[string]*http.Cookie{}
	for _, v := range h.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(v)
		if err == nil {
			out[c.Name] = c
		}
	}
	return out
}

// TestSecureCookies checks that with SecureCookies every cookie the pages
// set is Secure (the login form's, the session's, the customer link's, and
// their removal), and that without it none is.
func TestSecureCookies(t *testing.T) {
	for _, secure := range []bool{true, false} {
		s := newSiteWith(t, "", func(c *app.Config) { c.SecureCookies = secure })
		// A client without a cookie jar: a jar would not send Secure
		// cookies over plain HTTP.
		c := s.client()
		c.http.Jar = nil
		set := 0
		send := func(method, path string, form url.Values, cookies ...*http.Cookie) (*page, map[string]*http.Cookie) {
			t.Helper()
			var body io.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, err := http.NewRequest(method, s.srv.URL+path, body)
			require.NoError(t, err)
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for _, ck := range cookies {
				req.AddCookie(ck)
			}
			p := c.do(req)
			require.Less(t, p.status, 400, "%s %s: %s", method, path, p.body)
			got := setCookies(p.header)
			for _, ck := range got {
				set++
				require.Equal(t, secure, ck.Secure, "%s with SecureCookies=%v", ck.Name, secure)
				require.True(t, ck.HttpOnly, ck.Name)
				require.Equal(t, http.SameSiteStrictMode, ck.SameSite, ck.Name)
			}
			return p, got
		}
		p, got := send("GET", "/login", nil)
		login := got["shouhou_login_csrf"]
		require.NotNil(t, login)
		_, got = send("POST", "/login", url.Values{"csrf_token": {p.hidden("csrf_token")}, "token": {s.tokens["staff"]}}, login)
		require.Equal(t, -1, got["shouhou_login_csrf"].MaxAge)
		session := got["shouhou_session"]
		require.NotNil(t, session)
		p, _ = send("GET", "/queue", nil, session)
		require.Empty(t, p.hidden("csrf_token"), "signed-in forms carry no token")

		// The customer link, opened where staff is signed in: the
		// confirmation's cookie, then the customer's session.
		p, got = send("GET", "/c/"+s.tokens["cust"], nil, session)
		confirm := got["shouhou_link_csrf"]
		require.NotNil(t, confirm)
		_, got = send("POST", "/c/"+s.tokens["cust"], url.Values{"csrf_token": {p.hidden("csrf_token")}}, session, confirm)
		require.Equal(t, -1, got["shouhou_link_csrf"].MaxAge)
		require.NotEmpty(t, got["shouhou_session"].Value)
		require.NotEqual(t, s.tokens["cust"], got["shouhou_session"].Value, "a session ID, never the token")
		customer := got["shouhou_session"] // the staff session has ended

		// Signing out removes the cookie with the same attributes.
		_, got = send("POST", "/logout", url.Values{}, customer)
		require.Equal(t, -1, got["shouhou_session"].MaxAge)
		require.Equal(t, 7, set)
	}
}

// syncBuffer is a bytes.Buffer for a logger written from the server's
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestCustomerTokenNotLogged requests customer links however the path may
// be written: the log of requests never holds the token.
func TestCustomerTokenNotLogged(t *testing.T) {
	var logs syncBuffer
	s := newSiteWith(t, "", func(c *app.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	paths := 0
	for _, tok := range []string{s.tokens["cust"], "shouhou_NotARealToken12345"} {
		for _, p := range []string{"/c/" + tok, "//c/" + tok, "/./c/" + tok, "/x/../c/" + tok, "///c//" + tok, "/%63/" + tok,
			"/c/" + tok + "/x", "/static/../c/" + tok} {
			req, err := http.NewRequest("GET", s.srv.URL+"/", nil)
			require.NoError(t, err)
			req.URL.Opaque = "" // send the path exactly as written
			req.URL.RawPath, req.URL.Path = p, mustUnescape(t, p)
			s.client().do(req)
			paths++
		}
		s.client().post("/c/"+tok, url.Values{"csrf_token": {"x"}})
		paths++
	}
	require.Eventually(t, func() bool { return strings.Count(logs.String(), "msg=web ") >= paths }, 5*time.Second, 10*time.Millisecond)
	out := logs.String()
	require.NotContains(t, out, s.tokens["cust"])
	require.NotContains(t, out, "NotARealToken")
	require.Contains(t, out, "path=/c/…")
}

func mustUnescape(t *testing.T, p string) string {
	u, err := url.PathUnescape(p)
	require.NoError(t, err)
	return u
}

// TestStaticBadNames asks for static files by names that are not valid
// UTF-8 or not valid paths: not found, never a 500.
func TestStaticBadNames(t *testing.T) {
	s := newSite(t, "")
	c := s.client()
	for _, path := range []string{"/static/%ff", "/static/app%ff.css", "/static/%c3%28", "/static/%00", "/static/a%00.css",
		"/static/", "/static/nope.css", "/static/%ff/app.css"} {
		p := c.get(path)
		require.Equal(t, http.StatusNotFound, p.status, path)
	}
	// What the mux cleans is redirected to the clean path.
	for _, path := range []string{"/static/%2e%2e%2fweb.go", "/static/.%2fapp.css", "/static/a//b", "/static/%2fetc%2fpasswd"} {
		p := c.get(path)
		require.True(t, p.status == http.StatusNotFound || p.status/100 == 3, "%s: %d", path, p.status)
	}
	p := c.get("/static/app.css")
	require.Equal(t, 200, p.status)
	require.Equal(t, "public, max-age=3600", p.header.Get("Cache-Control"))
}

// TestCustomerLinkAsksBeforeReplacingASession opens a customer's link in
// a browser where a member of staff is signed in: they are asked, and stay
// signed in until they confirm with the page's own token.
func TestCustomerLinkAsksBeforeReplacingASession(t *testing.T) {
	s := newSite(t, "")
	s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.login("staff")
	link := "/c/" + s.tokens["cust"]
	p := c.get(link)
	require.Equal(t, 200, p.status)
	require.Nil(t, setCookies(p.header)["shouhou_session"], "the session is not replaced")
	require.Contains(t, p.body, "赵敏")
	require.Contains(t, p.body, "张先生")
	require.Contains(t, p.body, "以客户身份继续")
	require.Equal(t, "no-referrer", p.header.Get("Referrer-Policy"))
	require.Nil(t, find(p.doc, func(n *html.Node) bool { return n.Data == "meta" && attr(n, "http-equiv") == "refresh" }))
	form := find(p.doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "id") == "form-link-confirm" })
	require.NotNil(t, form)
	require.Equal(t, "post", attr(form, "method"))
	require.Equal(t, link, attr(form, "action"))
	tok := p.hidden("csrf_token")
	require.NotEmpty(t, tok)
	require.Equal(t, 200, c.get("/queue").status, "still staff")

	// Without the page's token, or with another, nothing changes.
	for _, v := range []url.Values{{}, {"csrf_token": {"forged"}}} {
		p = c.postRaw(link, v)
		require.Equal(t, http.StatusForbidden, p.status)
		require.Nil(t, setCookies(p.header)["shouhou_session"])
	}
	// Nor from a browser without the page's cookie.
	other := s.login("head")
	p = other.postRaw(link, url.Values{"csrf_token": {tok}})
	require.Equal(t, http.StatusForbidden, p.status)
	require.Equal(t, 200, other.get("/queue").status)
	// A bad link is not found, confirmed or not.
	p = c.postRaw("/c/shouhou_nope", url.Values{"csrf_token": {tok}})
	require.Equal(t, http.StatusNotFound, p.status)

	p = c.postRaw(link, url.Values{"csrf_token": {tok}})
	require.Equal(t, 200, p.status, p.body)
	require.NotEqual(t, s.tokens["cust"], setCookies(p.header)["shouhou_session"].Value, "a session ID, never the token")
	meta := find(p.doc, func(n *html.Node) bool { return n.Data == "meta" && attr(n, "http-equiv") == "refresh" })
	require.Equal(t, "0;url=/portal", attr(meta, "content"))
	p = c.get("/portal")
	require.Equal(t, 200, p.status)
	require.Contains(t, p.body, "卫生间顶棚渗水")

	// The customer's own session opens their link straight away; so does
	// a session that is no longer valid.
	p = c.get(link)
	require.Equal(t, "0;url=/portal", attr(find(p.doc, func(n *html.Node) bool { return n.Data == "meta" && attr(n, "http-equiv") == "refresh" }), "content"))
	stale := s.client()
	u, _ := url.Parse(s.srv.URL)
	stale.http.Jar.SetCookies(u, []*http.Cookie{{Name: "shouhou_session", Value: "shouhou_revoked", Path: "/"}})
	p = stale.get(link)
	require.NotNil(t, setCookies(p.header)["shouhou_session"])
	require.Equal(t, 200, stale.get("/portal").status)
	// Another customer's session is asked too.
	p = s.login("cust2").get(link)
	require.Contains(t, p.body, "以客户身份继续")
	require.Nil(t, setCookies(p.header)["shouhou_session"])
}
