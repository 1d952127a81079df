package notify

import (
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Health keeps the last outcome of each notification channel, so that a
// channel that fails is seen, not silently dropped: the server's /healthz
// lists the channels with their state (ChannelState), and the log says
// when a channel starts failing and when it works again (once each, not
// once per notice). A Router records into it when its Health is set. It is
// safe for concurrent use.
type Health struct {
	log    *slog.Logger
	now    func() time.Time
	redact func(string) string

	mu    sync.Mutex
	chans map[string]*ChannelState
}

// ChannelState is one channel's state: ok from its last successful send,
// failing from its first failed send after that.
type ChannelState struct {
	Channel  string    `json:"channel"` // such as "企业微信群机器人 1", "邮件"
	OK       bool      `json:"ok"`
	Since    time.Time `json:"since"`           // when it entered this state
	Failures int       `json:"failures"`        // failed sends in a row
	Error    string    `json:"error,omitempty"` // the last failure, URLs removed
}

// NewHealth returns an empty Health that logs to log (nil: discard),
// reads the time from now (nil: time.Now) and keeps a failure's text
// through redact (nil: as it is; Channels.Redact removes the settings'
// secrets), URLs removed in any case.
func NewHealth(log *slog.Logger, now func() time.Time, redact func(string) string) *Health {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	if redact == nil {
		redact = func(s string) string { return s }
	}
	return &Health{log: log, now: now, redact: redact, chans: map[string]*ChannelState{}}
}

// urls matches what could carry a robot's key or a gateway's credentials
// in an error's text.
var urls = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://\S+`)

// Record records the outcome of one send by channel: err nil for a
// success.
func (h *Health) Record(channel string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	s := h.chans[channel]
	if s == nil {
		s = &ChannelState{Channel: channel, OK: true, Since: now}
		h.chans[channel] = s
	}
	if err == nil {
		if !s.OK {
			h.log.Info("通知渠道已恢复", slog.String("channel", channel), slog.Int("failures", s.Failures))
			s.OK, s.Since, s.Failures, s.Error = true, now, 0, ""
		}
		return
	}
	msg := h.clean(err.Error())
	if s.OK {
		h.log.Warn("通知渠道发送失败", slog.String("channel", channel), slog.String("error", msg))
		s.OK, s.Since = false, now
	}
	s.Failures++
	s.Error = msg
}

// clean returns an error's text without the settings' secrets and URLs.
func (h *Health) clean(s string) string { return urls.ReplaceAllString(h.redact(s), "<url>") }

// States returns every channel's state, by name.
func (h *Health) States() []ChannelState {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]ChannelState, 0, len(h.chans))
	for _, s := range h.chans {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b ChannelState) int { return strings.Compare(a.Channel, b.Channel) })
	return out
}
