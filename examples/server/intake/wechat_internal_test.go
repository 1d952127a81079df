package intake

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// platform plays the 公众号 platform: it seals messages and signs
// callbacks as the platform's documentation says, on its own (checked
// against the worked example in TestPlatformSealsAsTheWorkedExample), so
// that the handler is tested against the documented shapes rather than
// against itself.
type platform struct {
	token, appID string
	key          []byte
}

func (p platform) seal(prefix string, msg []byte) string {
	var buf bytes.Buffer
	buf.WriteString(prefix)
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(msg)))
	buf.Write(n[:])
	buf.Write(msg)
	buf.WriteString(p.appID)
	k := 32 - buf.Len()%32 // PKCS#7 with K = 32
	buf.Write(bytes.Repeat([]byte{byte(k)}, k))
	block, _ := aes.NewCipher(p.key)
	out := make([]byte, buf.Len())
	cipher.NewCBCEncrypter(block, p.key[:16]).CryptBlocks(out, buf.Bytes())
	return base64.StdEncoding.EncodeToString(out)
}

func (p platform) open(t *testing.T, encrypted string) []byte {
	data, err := base64.StdEncoding.DecodeString(encrypted)
	require.NoError(t, err)
	block, _ := aes.NewCipher(p.key)
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, p.key[:16]).CryptBlocks(plain, data)
	plain = plain[:len(plain)-int(plain[len(plain)-1])]
	n := binary.BigEndian.Uint32(plain[16:20])
	require.Equal(t, p.appID, string(plain[20+n:]), "the reply names the AppID")
	return plain[20 : 20+n]
}

func TestPlatformSealsAsTheWorkedExample(t *testing.T) {
	key, _ := base64.StdEncoding.DecodeString(sampleKey + "=")
	p := platform{appID: sampleAppID, key: key}
	require.Equal(t, sampleEncrypted, p.seal("aaaabbbbccccdddd", []byte("我是中文abcd123")))
}

// sha1Sig signs the documented way, written out again for the platform.
func (p platform) query(ts time.Time, nonce, encrypt string) url.Values {
	q := url.Values{"timestamp": {strconv.FormatInt(ts.Unix(), 10)}, "nonce": {nonce}, "openid": {"o-customer"}}
	q.Set("signature", WeChatSignature(p.token, q.Get("timestamp"), nonce))
	if encrypt != "" {
		q.Set("encrypt_type", "aes")
		q.Set("msg_signature", WeChatSignature(p.token, q.Get("timestamp"), nonce, encrypt))
	}
	return q
}

type wechatFixture struct {
	t        *testing.T
	p        platform
	h        *WeChat
	requests *aftersales.Service
	now      time.Time
}

func newWeChatFixture(t *testing.T) *wechatFixture {
	key, _ := base64.StdEncoding.DecodeString(sampleKey + "=")
	f := &wechatFixture{t: t, p: platform{token: "shouhouToken1", appID: "wx5e1f0c2a9b3d7e11", key: key},
		now: time.Date(2026, 10, 12, 9, 30, 0, 0, calendar.CST())}
	svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: aftersales.ClockFunc(func() time.Time { return f.now })})
	require.NoError(t, err)
	f.h, err = NewWeChat("shouhouToken1", sampleKey, "wx5e1f0c2a9b3d7e11", svc, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	f.h.Now = func() time.Time { return f.now }
	f.requests = svc
	return f
}

// post sends a message the platform's way and returns the answer.
func (f *wechatFixture) post(msg string, change func(q url.Values, body *string)) *httptest.ResponseRecorder {
	enc := f.p.seal("0123456789abcdef", []byte(msg))
	body := `<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[` + enc + `]]></Encrypt></xml>`
	q := f.p.query(f.now, "1320562132", enc)
	if change != nil {
		change(q, &body)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, httptest.NewRequest("POST", "/wechat/callback?"+q.Encode(), strings.NewReader(body)))
	return w
}

// reply opens a passive reply the platform's way: its signature must
// hold, and the text goes back to the customer who wrote.
func (f *wechatFixture) reply(w *httptest.ResponseRecorder) string {
	f.t.Helper()
	require.Equal(f.t, http.StatusOK, w.Code, w.Body.String())
	var out struct {
		Encrypt, MsgSignature, TimeStamp, Nonce string
	}
	require.NoError(f.t, xml.Unmarshal(w.Body.Bytes(), &out), w.Body.String())
	require.Equal(f.t, WeChatSignature(f.p.token, out.TimeStamp, out.Nonce, out.Encrypt), out.MsgSignature)
	var m struct {
		ToUserName, FromUserName, MsgType, Content string
	}
	require.NoError(f.t, xml.Unmarshal(f.p.open(f.t, out.Encrypt), &m))
	require.Equal(f.t, "o-customer", m.ToUserName)
	require.Equal(f.t, "gh_7f083739789a", m.FromUserName)
	require.Equal(f.t, "text", m.MsgType)
	return m.Content
}

func (f *wechatFixture) count() int {
	rs, err := f.requests.List(context.Background(), aftersales.Query{Limit: 100})
	require.NoError(f.t, err)
	return len(rs)
}

func textMessage(msgID, content string, at time.Time) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[o-customer]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%s</MsgId></xml>`,
		at.Unix(), content, msgID)
}

func TestWeChatURLCheck(t *testing.T) {
	f := newWeChatFixture(t)
	q := f.p.query(f.now, "nonce1", "")
	q.Set("echostr", "4862213946729104")
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, httptest.NewRequest("GET", "/wechat/callback?"+q.Encode(), nil))
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "4862213946729104", w.Body.String())

	q.Set("signature", strings.Repeat("0", 40))
	w = httptest.NewRecorder()
	f.h.ServeHTTP(w, httptest.NewRequest("GET", "/wechat/callback?"+q.Encode(), nil))
	require.Equal(t, http.StatusForbidden, w.Code)
	require.NotContains(t, w.Body.String(), "4862213946729104")
}

// P1.1: a customer's WeChat message becomes a request on the WeChat
// channel, its clock (P1.2) from when the message was sent, and the reply
// tells the customer the number; the platform's repeat registers nothing
// more and gets the same number.
func TestWeChatTextMessageRegistersARequestP1_1(t *testing.T) {
	f := newWeChatFixture(t)
	sent := f.now.Add(-3 * time.Second)
	text := f.reply(f.post(textMessage("6054768590064713728", "3号楼2单元501 卫生间顶板渗水", sent), nil))
	require.Contains(t, text, "AS-wx-6054768590064713728")

	r, err := f.requests.Get(context.Background(), "AS-wx-6054768590064713728")
	require.NoError(t, err)
	require.Equal(t, aftersales.ChannelWeChat, r.Registration.Channel)
	require.Equal(t, "3号楼2单元501 卫生间顶板渗水", r.Registration.Description)
	require.Equal(t, "wechat:o-customer", r.Registration.Customer.ID)
	require.True(t, r.Registration.ReceivedAt.Equal(sent.Truncate(time.Second)), "P1.2 runs from the message: %v", r.Registration.ReceivedAt)

	again := f.reply(f.post(textMessage("6054768590064713728", "3号楼2单元501 卫生间顶板渗水", sent), nil))
	require.Equal(t, text, again)
	require.Equal(t, 1, f.count(), "the platform's repeat registers nothing")
}

// The photos a customer sends after describing the problem, and what
// they add, stay with the request they just registered (P1.1): within
// WeChatFollowUp, once each however often the platform repeats them;
// later, or after the request closed, a message registers a new request.
func TestWeChatFollowUpsStayWithTheRequest(t *testing.T) {
	f := newWeChatFixture(t)
	first := f.reply(f.post(textMessage("100", "阳台窗户漏水", f.now.Add(-10*time.Minute)), nil))
	require.Contains(t, first, "AS-wx-100")
	photo := fmt.Sprintf(`<xml><ToUserName>gh_7f083739789a</ToUserName><FromUserName>o-customer</FromUserName><CreateTime>%d</CreateTime>`+
		`<MsgType>image</MsgType><PicUrl>https://mmbiz.qpic.cn/window.jpg</PicUrl><MediaId>m2</MediaId><MsgId>101</MsgId></xml>`, f.now.Unix())
	for range 2 { // the platform's repeat adds nothing
		require.Equal(t, "已收到，已记入您的售后需求 AS-wx-100。", f.reply(f.post(photo, nil)))
	}
	require.Equal(t, 1, f.count())
	h, err := f.requests.History(context.Background(), "AS-wx-100")
	require.NoError(t, err)
	require.Len(t, h, 2)
	require.Equal(t, aftersales.EventMessage, h[1].Type)
	require.Equal(t, []string{"https://mmbiz.qpic.cn/window.jpg"}, h[1].Message.Attachments)
	require.Equal(t, "wechat:101", h[1].Message.Ref)

	f.now = f.now.Add(WeChatFollowUp)
	later := f.reply(f.post(textMessage("102", "另外厨房也渗水", f.now), nil))
	require.Contains(t, later, "AS-wx-102", "past the follow-up window: a new request")
	require.Equal(t, 2, f.count())
}

func TestWeChatImageMessageKeepsThePicture(t *testing.T) {
	f := newWeChatFixture(t)
	msg := fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[o-customer]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[https://mmbiz.qpic.cn/leak.jpg]]></PicUrl>`+
		`<MediaId><![CDATA[media_id_1]]></MediaId><MsgId>1234567890123456</MsgId></xml>`, f.now.Unix())
	require.Contains(t, f.reply(f.post(msg, nil)), "AS-wx-1234567890123456")
	r, err := f.requests.Get(context.Background(), "AS-wx-1234567890123456")
	require.NoError(t, err)
	require.Equal(t, []string{"https://mmbiz.qpic.cn/leak.jpg"}, r.Registration.Attachments)
}

// Refuse anything whose signature fails, or that is not sealed with the
// key for this AppID, or that is old: 403, nothing registered.
func TestWeChatRefusesWhatIsNotSigned(t *testing.T) {
	f := newWeChatFixture(t)
	msg := textMessage("1", "渗水", f.now)
	for name, change := range map[string]func(q url.Values, body *string){
		"msg_signature":   func(q url.Values, _ *string) { q.Set("msg_signature", WeChatSignature("other", "1", "2", "3")) },
		"signature":       func(q url.Values, _ *string) { q.Set("signature", WeChatSignature("other", "1", "2")) },
		"no signature":    func(q url.Values, _ *string) { q.Del("signature"); q.Del("msg_signature") },
		"plain mode":      func(q url.Values, _ *string) { q.Del("encrypt_type") },
		"stale timestamp": func(q url.Values, body *string) { f.resign(q, *body, f.now.Add(-WeChatWindow-time.Second)) },
		"another AppID": func(q url.Values, body *string) {
			other := platform{token: f.p.token, appID: "wx0000000000000000", key: f.p.key}
			enc := other.seal("0123456789abcdef", []byte(msg))
			*body = `<xml><Encrypt><![CDATA[` + enc + `]]></Encrypt></xml>`
			q.Set("msg_signature", WeChatSignature(f.p.token, q.Get("timestamp"), q.Get("nonce"), enc))
		},
		"another key": func(q url.Values, body *string) {
			other := platform{token: f.p.token, appID: f.p.appID, key: bytes.Repeat([]byte{7}, 32)}
			enc := other.seal("0123456789abcdef", []byte(msg))
			*body = `<xml><Encrypt><![CDATA[` + enc + `]]></Encrypt></xml>`
			q.Set("msg_signature", WeChatSignature(f.p.token, q.Get("timestamp"), q.Get("nonce"), enc))
		},
	} {
		t.Run(name, func(t *testing.T) {
			w := f.post(msg, change)
			require.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
			require.Equal(t, 0, f.count())
		})
	}
	w := f.post(msg, func(_ url.Values, body *string) { *body = "<xml><Encrypt>" })
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, 0, f.count())
}

// resign signs a callback again, rightly, for another time.
func (f *wechatFixture) resign(q url.Values, body string, at time.Time) {
	var env struct{ Encrypt string }
	require.NoError(f.t, xml.Unmarshal([]byte(body), &env))
	ts := strconv.FormatInt(at.Unix(), 10)
	q.Set("timestamp", ts)
	q.Set("signature", WeChatSignature(f.p.token, ts, q.Get("nonce")))
	q.Set("msg_signature", WeChatSignature(f.p.token, ts, q.Get("nonce"), env.Encrypt))
}

func TestWeChatEventsAndEmptyMessages(t *testing.T) {
	f := newWeChatFixture(t)
	sub := fmt.Sprintf(`<xml><ToUserName>gh_7f083739789a</ToUserName><FromUserName>o-customer</FromUserName><CreateTime>%d</CreateTime>`+
		`<MsgType>event</MsgType><Event>subscribe</Event></xml>`, f.now.Unix())
	w := f.post(sub, nil)
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "success", w.Body.String())
	require.Equal(t, 0, f.count())

	text := f.reply(f.post(textMessage("77", "   ", f.now), nil))
	require.Contains(t, text, "未能登记")
	require.Contains(t, text, "问题描述", "the reason in the customer's words")
	require.Equal(t, 0, f.count())
}

func TestWeChatConfigNamesTheVariable(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	h, err := WeChatFromEnv(env(nil), nil, nil)
	require.NoError(t, err)
	require.Nil(t, h, "not configured: no callback")
	for v, m := range map[string]map[string]string{
		"SHOUHOU_WECHAT_TOKEN":   {"SHOUHOU_WECHAT_AES_KEY": sampleKey},
		"SHOUHOU_WECHAT_AES_KEY": {"SHOUHOU_WECHAT_TOKEN": "tok123", "SHOUHOU_WECHAT_AES_KEY": "short", "SHOUHOU_WECHAT_APPID": "wx1"},
		"SHOUHOU_WECHAT_APPID":   {"SHOUHOU_WECHAT_TOKEN": "tok123", "SHOUHOU_WECHAT_AES_KEY": sampleKey},
	} {
		_, err := WeChatFromEnv(env(m), nil, nil)
		var ce *ConfigError
		require.ErrorAs(t, err, &ce, v)
		require.Equal(t, v, ce.Var)
	}
	_, err = WeChatFromEnv(env(map[string]string{"SHOUHOU_WECHAT_TOKEN": "has space", "SHOUHOU_WECHAT_AES_KEY": sampleKey, "SHOUHOU_WECHAT_APPID": "wx1"}), nil, nil)
	require.ErrorContains(t, err, "SHOUHOU_WECHAT_TOKEN")
}
