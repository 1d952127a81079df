package intake

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Registrar registers requests and keeps the messages that follow;
// *aftersales.Service is one.
type Registrar interface {
	Register(ctx context.Context, cmd aftersales.RegisterCommand) (*aftersales.Request, error)
	Get(ctx context.Context, id string) (*aftersales.Request, error)
	History(ctx context.Context, id string) ([]aftersales.Event, error)
	AddMessage(ctx context.Context, id string, cmd aftersales.MessageCommand) (*aftersales.Request, error)
	List(ctx context.Context, q aftersales.Query) ([]*aftersales.Request, error)
}

// Actor is who the intake registers as in a request's history: the
// system, on the customer's behalf (P1.2 "登记").
func Actor() aftersales.Actor {
	return aftersales.Actor{ID: "intake", Name: "自动登记", Role: aftersales.RoleSystem}
}

// WeChat is the 公众号 message callback (/wechat/callback): it answers the
// platform's URL check, and registers each text or image message a
// customer sends as a request on the WeChat channel (P1.1), replying with
// the request's number. It runs in the platform's safe mode only: a
// message's msg_signature and the query's signature must both match and
// the message must open with the EncodingAESKey and name this AppID;
// anything else is refused with 403 and registers nothing.
//
// The platform repeats a message it got no answer to within five seconds;
// the request's ID comes from the message's MsgId, so a repeat answers
// with the same number and registers nothing again.
type WeChat struct {
	Token    string // SHOUHOU_WECHAT_TOKEN
	AppID    string // SHOUHOU_WECHAT_APPID
	key      []byte // from SHOUHOU_WECHAT_AES_KEY
	Requests Registrar
	// Now is the clock the timestamp window is checked on; nil: time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// WeChatWindow is how far a callback's timestamp may be from now: an
// older one is a replay, refused.
const WeChatWindow = 5 * time.Minute

// maxWeChatBody bounds a callback's body: the platform's messages are a
// few kilobytes.
const maxWeChatBody = 64 << 10

// NewWeChat checks the settings and returns the callback handler.
func NewWeChat(token, encodingAESKey, appID string, requests Registrar, logger *slog.Logger) (*WeChat, error) {
	if l := len(token); l < 3 || l > 32 || strings.IndexFunc(token, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) >= 0 {
		return nil, &ConfigError{Var: "SHOUHOU_WECHAT_TOKEN", Msg: "应为 3 到 32 个英文字母或数字（公众号后台“服务器配置”的令牌）"}
	}
	key, err := wechatKey(encodingAESKey)
	if err != nil {
		return nil, &ConfigError{Var: "SHOUHOU_WECHAT_AES_KEY", Msg: err.Error()}
	}
	if appID == "" {
		return nil, &ConfigError{Var: "SHOUHOU_WECHAT_APPID", Msg: "须设置公众号的 AppID（安全模式下每条消息都带有它）"}
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &WeChat{Token: token, AppID: appID, key: key, Requests: requests, Logger: logger}, nil
}

// wechatMessage is the fields of a 公众号 message the intake reads.
type wechatMessage struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Content      string `xml:"Content"`
	PicURL       string `xml:"PicUrl"`
	MediaID      string `xml:"MediaId"`
	MsgID        string `xml:"MsgId"`
	Event        string `xml:"Event"`
}

// ServeHTTP answers GET (the URL check) and POST (a message).
func (h *WeChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if !sameSignature(q.Get("signature"), WeChatSignature(h.Token, ts, nonce)) || !h.fresh(ts) {
		h.Logger.Warn("wechat callback refused: bad signature or stale timestamp", "remote", r.RemoteAddr)
		http.Error(w, "签名无效", http.StatusForbidden)
		return
	}
	switch r.Method {
	case http.MethodGet:
		// The URL check: echo echostr back.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, q.Get("echostr"))
	case http.MethodPost:
		h.message(w, r, ts, nonce)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "方法不允许", http.StatusMethodNotAllowed)
	}
}

// fresh reports whether a callback's timestamp is within WeChatWindow.
func (h *WeChat) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := h.now().Sub(time.Unix(sec, 0))
	return d < WeChatWindow && d > -WeChatWindow
}

func (h *WeChat) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// message opens, registers and answers one POSTed message.
func (h *WeChat) message(w http.ResponseWriter, r *http.Request, ts, nonce string) {
	q := r.URL.Query()
	if q.Get("encrypt_type") != "aes" {
		h.Logger.Warn("wechat callback refused: not in safe mode", "remote", r.RemoteAddr)
		http.Error(w, "只接受安全模式（加密）的消息", http.StatusForbidden)
		return
	}
	var envelope struct {
		Encrypt string `xml:"Encrypt"`
	}
	if err := xml.NewDecoder(http.MaxBytesReader(w, r.Body, maxWeChatBody)).Decode(&envelope); err != nil || envelope.Encrypt == "" {
		http.Error(w, "消息格式无效", http.StatusBadRequest)
		return
	}
	if !sameSignature(q.Get("msg_signature"), WeChatSignature(h.Token, ts, nonce, envelope.Encrypt)) {
		h.Logger.Warn("wechat callback refused: bad msg_signature", "remote", r.RemoteAddr)
		http.Error(w, "签名无效", http.StatusForbidden)
		return
	}
	plain, err := wechatDecrypt(h.key, h.AppID, envelope.Encrypt)
	if err != nil {
		h.Logger.Warn("wechat callback refused: cannot decrypt", "remote", r.RemoteAddr)
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	var m wechatMessage
	if err := xml.Unmarshal(plain, &m); err != nil {
		http.Error(w, "消息格式无效", http.StatusBadRequest)
		return
	}
	reply, ok := h.register(r.Context(), m)
	if !ok {
		// Events and other kinds: the platform wants "success" (or nothing).
		_, _ = io.WriteString(w, "success")
		return
	}
	out, err := h.seal(m, reply, ts, nonce)
	if err != nil {
		h.Logger.Error("wechat reply not sealed", "err", err)
		_, _ = io.WriteString(w, "success")
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(out)
}

// register registers a text or image message and returns the reply to
// the customer; ok is false for a message of another kind (an event, a
// voice message), which registers nothing.
func (h *WeChat) register(ctx context.Context, m wechatMessage) (reply string, ok bool) {
	var reg aftersales.Registration
	switch m.MsgType {
	case "text":
		reg.Description = strings.TrimSpace(plainText(m.Content))
	case "image":
		reg.Description = "客户通过微信发送的图片"
		if m.PicURL != "" {
			reg.Attachments = []string{m.PicURL}
		} else if m.MediaID != "" {
			reg.Attachments = []string{"wechat-media:" + m.MediaID}
		}
	default:
		return "", false
	}
	if m.MsgID == "" || m.FromUserName == "" {
		return "", false
	}
	reg.Channel = aftersales.ChannelWeChat // P1.1
	reg.Customer = aftersales.Customer{ID: "wechat:" + m.FromUserName, Contact: "微信 " + m.FromUserName}
	reg.ReceivedAt = time.Unix(m.CreateTime, 0) // P1.2 runs from when the message reached the company
	if m.CreateTime <= 0 {
		reg.ReceivedAt = h.now()
	}
	if req, ok, err := h.follow(ctx, m, reg); ok || err != nil {
		if err != nil {
			h.Logger.Warn("wechat message not added to its request", "msg_id", m.MsgID, "err", err)
			return "抱歉，系统暂时无法记录您的消息，请稍后重新发送，或致电售后服务热线。", true
		}
		return fmt.Sprintf("已收到，已记入您的售后需求 %s。", cmp.Or(req.Number, req.ID)), true
	}
	id := "AS-wx-" + m.MsgID
	req, err := h.Requests.Register(ctx, aftersales.RegisterCommand{ID: id, Registration: reg, Actor: Actor()})
	if errors.Is(err, aftersales.ErrConflict) {
		// The platform's repeat of a message already registered.
		if req, err = h.Requests.Get(ctx, id); err == nil {
			return receipt(req), true
		}
	}
	if err != nil {
		h.Logger.Warn("wechat message not registered", "msg_id", m.MsgID, "err", err)
		var e *aftersales.Error
		if errors.As(err, &e) && e.Kind == aftersales.KindInvalid {
			return "抱歉，您的消息未能登记：" + e.Message + "。请重新发送，或致电售后服务热线。", true
		}
		return "抱歉，系统暂时无法登记您的消息，请稍后重新发送，或致电售后服务热线。", true
	}
	h.Logger.Info("wechat message registered", "request", req.ID)
	return receipt(req), true
}

// WeChatFollowUp is how long after a customer's WeChat request their
// further messages (the photos that follow a description, a correction)
// are kept with it instead of registering new requests.
const WeChatFollowUp = 30 * time.Minute

// follow adds a message to the customer's latest open request registered
// by WeChat within WeChatFollowUp, once (the platform's repeats carry
// the same MsgId); ok is false when there is none.
func (h *WeChat) follow(ctx context.Context, m wechatMessage, reg aftersales.Registration) (*aftersales.Request, bool, error) {
	latest, err := h.Requests.List(ctx, aftersales.Query{CustomerID: reg.Customer.ID, NewestFirst: true, Limit: 1})
	if err != nil || len(latest) == 0 {
		return nil, false, err
	}
	r := latest[0]
	if r.ID == "AS-wx-"+m.MsgID {
		return nil, false, nil // the platform's repeat of the message that registered it
	}
	if r.Status.Terminal() || r.Channel != aftersales.ChannelWeChat || reg.ReceivedAt.Sub(r.ReceivedAt) > WeChatFollowUp || reg.ReceivedAt.Before(r.ReceivedAt) {
		return nil, false, nil
	}
	ref := "wechat:" + m.MsgID
	events, err := h.Requests.History(ctx, r.ID)
	if err != nil {
		return nil, true, err
	}
	for _, e := range events {
		if e.Type == aftersales.EventMessage && e.Message.Ref == ref {
			return r, true, nil // the platform's repeat
		}
	}
	r, err = h.Requests.AddMessage(ctx, r.ID, aftersales.MessageCommand{Actor: Actor(), Message: aftersales.Message{
		Channel: aftersales.ChannelWeChat, From: reg.Customer.Contact, Text: reg.Description, Attachments: reg.Attachments,
		Ref: ref, At: reg.ReceivedAt}})
	return r, true, err
}

// receipt tells the customer their request's number.
func receipt(r *aftersales.Request) string {
	return fmt.Sprintf("您的售后需求已登记，编号 %s。我们会尽快转交责任部门处理，并将处理情况告知您。", cmp.Or(r.Number, r.ID))
}

// seal writes the passive reply: a text message to the customer,
// encrypted and signed as the safe mode requires.
func (h *WeChat) seal(m wechatMessage, text, ts, nonce string) ([]byte, error) {
	type cdata struct {
		Text string `xml:",cdata"`
	}
	inner, err := xml.Marshal(struct {
		XMLName      xml.Name `xml:"xml"`
		ToUserName   cdata
		FromUserName cdata
		CreateTime   int64
		MsgType      cdata
		Content      cdata
	}{ToUserName: cdata{m.FromUserName}, FromUserName: cdata{m.ToUserName}, CreateTime: h.now().Unix(),
		MsgType: cdata{"text"}, Content: cdata{text}})
	if err != nil {
		return nil, err
	}
	enc, err := wechatEncrypt(rand.Reader, h.key, h.AppID, inner)
	if err != nil {
		return nil, err
	}
	return xml.Marshal(struct {
		XMLName      xml.Name `xml:"xml"`
		Encrypt      cdata
		MsgSignature cdata
		TimeStamp    string
		Nonce        cdata
	}{Encrypt: cdata{enc}, MsgSignature: cdata{WeChatSignature(h.Token, ts, nonce, enc)}, TimeStamp: ts, Nonce: cdata{nonce}})
}
