package web_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

func TestCustomerSignsOnScreenAndRates(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn)
		c, page, r := s.customerAtAcceptance()
		p := c.get(page)
		require.Contains(t, p.body, "验收签字")
		require.NotNil(t, p.byID("accept-signature-canvas"))
		require.Contains(t, p.body, "纸质《客户反馈登记表》", "without JavaScript: sign on paper")
		require.Nil(t, p.byID("rate-satisfaction"), "no rating before acceptance")

		dataURL := func(b []byte) string { return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b) }
		for _, tc := range []struct{ sig, want string }{
			{"", "请在签字框内签名"},
			{"data:image/jpeg;base64,/9j/4AAQ", "应为 PNG 图片"},
			{"data:image/png;base64,!!!", "无法读取"},
			{dataURL([]byte("not a png at all")), "不是有效的 PNG 图片"},
			{dataURL(signaturePNG(t, false)), "没有签名"},
			{dataURL(append(signaturePNG(t, true), make([]byte, 2<<20)...)), "过大"},
		} {
			p = c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {tc.sig}})
			require.Equal(t, 400, p.status, tc.want)
			require.Contains(t, p.fieldError("accept-signature"), tc.want)
			require.Equal(t, "张先生", p.value("accept-signed_by"))
		}
		png := signaturePNG(t, true)
		p = c.post(page+"/accept", url.Values{"signed_by": {"张先生"}, "signature": {dataURL(png)}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		got, err := s.app.Requests.Get(context.Background(), r.ID)
		require.NoError(t, err)
		require.Equal(t, aftersales.StatusAccepted, got.Status)
		require.Equal(t, aftersales.SignScreen, got.Acceptance.Method)
		require.True(t, strings.HasPrefix(got.Acceptance.Ref, "blob:"), got.Acceptance.Ref)

		img := c.get("/requests/" + r.ID + "/signature")
		require.Equal(t, 200, img.status)
		require.Equal(t, "image/png", img.header.Get("Content-Type"))
		require.Equal(t, png, img.raw)
		desk := s.login("staff")
		require.Equal(t, png, desk.get("/requests/"+r.ID+"/signature").raw)
		require.Equal(t, http.StatusNotFound, s.login("cust2").get("/requests/"+r.ID+"/signature").status)

		p = c.get(page)
		require.NotNil(t, p.byID("rate-satisfaction"))
		p = c.post(page+"/rate", url.Values{"satisfaction": {""}})
		require.Contains(t, p.fieldError("rate-satisfaction"), "请选择满意度")
		p = c.post(page+"/rate", url.Values{"satisfaction": {"0"}})
		require.Contains(t, p.fieldError("rate-satisfaction"), "满意度应为 1 至 5")
		p = c.post(page+"/rate", url.Values{"satisfaction": {"5"}, "suggestions": {"师傅很专业"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		got, err = s.app.Requests.Get(context.Background(), r.ID)
		require.NoError(t, err)
		require.Equal(t, aftersales.StatusClosed, got.Status)
		require.Equal(t, 5, got.Visit.Satisfaction)
		require.Equal(t, "客户自评（在线）", got.Visit.VisitedBy)
		h, err := s.app.Requests.History(context.Background(), r.ID)
		require.NoError(t, err)
		last := h[len(h)-1]
		require.Equal(t, aftersales.Actor{ID: "customer-portal", Name: "客户门户", Role: aftersales.RoleSystem}, last.Actor)
		require.Equal(t, "C-1001", h[len(h)-2].Actor.ID, "the acceptance is the customer's own")
		p = c.post(page+"/rate", url.Values{"satisfaction": {"1"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status, "rated once")
	})
}

func TestCustomerRejects(t *testing.T) {
	s := newSite(t, "")
	c, page, r := s.customerAtAcceptance()
	c.get(page)
	p := c.post(page+"/reject", url.Values{"reason": {" "}})
	require.Equal(t, 400, p.status)
	require.Contains(t, p.fieldError("reject-reason"), "不合格原因不能为空")
	p = c.post(page+"/reject", url.Values{"reason": {"顶棚仍有水渍"}})
	require.Equal(t, http.StatusSeeOther, p.status)
	got, err := s.app.Requests.Get(context.Background(), r.ID)
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusInProgress, got.Status)
	require.Equal(t, "顶棚仍有水渍", got.Rejections[0].Reason)
	p = c.get(page)
	require.Contains(t, p.body, "验收不合格后重新处理")
}
