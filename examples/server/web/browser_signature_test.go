package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestBrowserHiDPISignature signs on a high-density screen, whose pad
// would be wider than the server takes (2000×1000 pixels) at the device's
// pixel ratio: the pad draws no larger, and the signature is accepted.
func TestBrowserHiDPISignature(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	s.toAcceptance(r.ID)
	b := newBrowser(t, s.srv.URL)
	_, err := chromedp.Call(b.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 1280, Height: 900, DeviceScaleFactor: 2.5})
	require.NoError(t, err)

	b.do(chromedp.Navigate(b.base + "/c/" + s.tokens["cust"]))
	b.waitFor(`location.pathname === "/portal" && !!document.querySelector("main h1")`)
	b.open("/portal/requests/" + r.ID)
	b.do(chromedp.WaitVisible(chromedp.ID("accept-signature-canvas")))
	size := run(b, chromedp.Evaluate[struct{ W, H, CSSW, CSSH float64 }](
		`(() => { const c = document.getElementById("accept-signature-canvas"); return {W: c.width, H: c.height, CSSW: c.clientWidth, CSSH: c.clientHeight} })()`))
	require.Greater(t, size.CSSW*2.5, 2000.0, "the pad is wider than the server takes at the device's ratio")
	require.LessOrEqual(t, size.W, 2000.0)
	require.LessOrEqual(t, size.H, 1000.0)
	b.sign("accept-signature-canvas")
	sig := run(b, chromedp.Evaluate[string](`document.getElementById("accept-signature").value`))
	require.True(t, strings.HasPrefix(sig, "data:image/png;base64,"))
	b.submit("#form-accept", "已登记验收签字")

	got, err := s.app.Requests.Get(context.Background(), r.ID)
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusAccepted, got.Status)
	require.Equal(t, aftersales.SignScreen, got.Acceptance.Method)
}
