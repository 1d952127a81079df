package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// RobotOptions are the settings common to the group robots.
type RobotOptions struct {
	// Name says which robot this is in messages and logs, such as
	// "企业微信群机器人（项目一部）"; default the platform's name.
	Name   string
	Client *http.Client // default: a client with a 10-second timeout
	// Limit and Window are the robot's rate limit: at most Limit messages
	// in any Window. Default the documented 20 a minute of both platforms.
	Limit  int
	Window time.Duration
	Logger *slog.Logger // default: discard
}

// Robot is a group chat robot (企业微信 or 钉钉) as a scheduler.Notifier: it
// posts each notice as a markdown message to the group, within the
// robot's rate limit (20 messages a minute). A notice that would exceed
// it is not dropped: it joins a digest, one message listing every notice
// waiting, posted as soon as the limit allows, and Notify answers with a
// scheduler.DeferredError (to be asked again at the next tick) until then. When the scheduler notifies the
// notice again after the digest went out, Notify returns nil, so that the
// notice is marked sent once it has reached the group. A robot that
// answers that it is throttled is treated the same way.
//
// A Robot is safe for concurrent use. Close stops its digest timer.
type Robot struct {
	name     string
	post     func(ctx context.Context, title, text string) error
	limit    int
	window   time.Duration
	maxBytes int
	log      *slog.Logger

	mu        sync.Mutex
	sent      []time.Time // this robot's messages within the window, oldest first
	blocked   time.Time   // the robot said it is throttled until then
	pending   []scheduler.Notification
	queued    map[string]bool
	delivered map[string]time.Time // keys posted in a digest, until the scheduler asks again
	timer     *time.Timer
	flushAt   time.Time
	flushing  sync.WaitGroup
	closed    bool
	report    func(error) // SetReport
}

// SetReport has the outcome of every digest the robot posts later, on its
// timer, told to report: nil for a digest delivered, the error for one
// that failed (a rate limit is neither). Router.WatchDigests sets it.
func (r *Robot) SetReport(report func(error)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.report = report
}

// forgetAfter is how long a Robot remembers a key posted in a digest that
// the scheduler has not asked about again (the item was settled meanwhile).
const forgetAfter = 24 * time.Hour

func newRobot(name string, o RobotOptions, maxBytes int, post func(ctx context.Context, title, text string) error) *Robot {
	if o.Name != "" {
		name = o.Name
	}
	r := &Robot{name: name, post: post, limit: o.Limit, window: o.Window, maxBytes: maxBytes, log: o.Logger,
		queued: map[string]bool{}, delivered: map[string]time.Time{}}
	if r.limit <= 0 {
		r.limit = 20
	}
	if r.window <= 0 {
		r.window = time.Minute
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r
}

// Name says which robot this is.
func (r *Robot) Name() string { return r.name }

// Notify posts n to the group, or adds it to the next digest; see Robot.
func (r *Robot) Notify(ctx context.Context, n scheduler.Notification) error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return fmt.Errorf("%s已停止", r.name)
	}
	now := time.Now()
	r.forget(now)
	if _, ok := r.delivered[n.Key]; ok {
		delete(r.delivered, n.Key)
		r.mu.Unlock()
		return nil
	}
	if !r.queued[n.Key] && len(r.pending) == 0 && !r.slot(now).After(now) {
		r.sent = append(r.sent, now)
		r.mu.Unlock()
		err := r.post(ctx, title(n), truncate(markdownOne(n), r.maxBytes))
		var th *throttledError
		if !errors.As(err, &th) {
			return err
		}
		r.mu.Lock()
		r.blocked = now.Add(time.Duration(th.windows) * r.window)
		r.log.WarnContext(ctx, "group robot throttled", slog.String("robot", r.name), slog.Any("error", err))
	}
	defer r.mu.Unlock()
	if !r.queued[n.Key] {
		r.pending = append(r.pending, n)
		r.queued[n.Key] = true
	}
	r.schedule(now)
	// No time on the deferral: the digest's time is on the wall clock,
	// which need not be the scheduler's; the scheduler asks again at its
	// next tick and hears nil once the digest has gone.
	return scheduler.Defer(time.Time{}, fmt.Sprintf("%s每分钟最多发送 %d 条消息，本条通知并入 %s 的摘要",
		r.name, r.limit, r.flushAt.In(calendar.CST()).Format("15:04:05")))
}

// Close stops the digest timer and waits for a digest being posted.
// Notices still waiting are not lost: their claims were released, and
// the scheduler (of this or another process) notifies them again.
func (r *Robot) Close() {
	r.mu.Lock()
	r.closed = true
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	r.mu.Unlock()
	r.flushing.Wait()
}

// slot returns when the robot may post next: now, or when the oldest
// message that counts against the limit leaves the window, or the end of
// a throttle. It drops the messages that left the window.
func (r *Robot) slot(now time.Time) time.Time {
	i := 0
	for i < len(r.sent) && !r.sent[i].After(now.Add(-r.window)) {
		i++
	}
	r.sent = r.sent[i:]
	at := now
	if len(r.sent) >= r.limit {
		at = r.sent[len(r.sent)-r.limit].Add(r.window)
	}
	if at.Before(r.blocked) {
		at = r.blocked
	}
	return at
}

// forget drops the digest keys nobody asked about for a day.
func (r *Robot) forget(now time.Time) {
	for k, at := range r.delivered {
		if now.Sub(at) > forgetAfter {
			delete(r.delivered, k)
		}
	}
}

// schedule arms the digest timer for the next slot, unless it is armed.
func (r *Robot) schedule(now time.Time) {
	if r.timer != nil || r.closed || len(r.pending) == 0 {
		return
	}
	r.flushAt = r.slot(now)
	r.timer = time.AfterFunc(r.flushAt.Sub(now), r.flush)
}

// flush posts the waiting notices as one digest, as many as fit in a
// message, and arms the timer again for the rest.
func (r *Robot) flush() {
	r.mu.Lock()
	r.timer = nil
	now := time.Now()
	if r.closed || len(r.pending) == 0 {
		r.mu.Unlock()
		return
	}
	if r.slot(now).After(now) {
		r.schedule(now)
		r.mu.Unlock()
		return
	}
	batch, text := r.digest()
	r.pending = r.pending[len(batch):]
	r.sent = append(r.sent, now)
	r.flushing.Add(1)
	r.mu.Unlock()
	defer r.flushing.Done()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := r.post(ctx, fmt.Sprintf("售后通知摘要（%d 条）", len(batch)), text)

	r.mu.Lock()
	defer r.mu.Unlock()
	var th *throttledError
	switch {
	case err == nil:
		for _, n := range batch {
			delete(r.queued, n.Key)
			r.delivered[n.Key] = now
		}
		if r.report != nil {
			r.report(nil)
		}
	case errors.As(err, &th):
		r.blocked = now.Add(time.Duration(th.windows) * r.window)
		r.pending = append(batch, r.pending...)
		r.log.Warn("group robot throttled", slog.String("robot", r.name), slog.Any("error", err))
	default:
		// The scheduler notifies these again and they join a later digest.
		for _, n := range batch {
			delete(r.queued, n.Key)
		}
		r.log.Warn("group robot digest failed", slog.String("robot", r.name), slog.Int("notices", len(batch)), slog.Any("error", err))
		if r.report != nil {
			r.report(err)
		}
	}
	r.schedule(time.Now())
}

// digest takes the waiting notices that fit in one message, at least one,
// and returns them with the message.
func (r *Robot) digest() ([]scheduler.Notification, string) {
	lines := make([]string, 0, len(r.pending))
	size := len(digestHead(len(r.pending))) + 2
	for i, n := range r.pending {
		line := digestLine(i+1, n)
		if i > 0 && size+len(line)+1 > r.maxBytes {
			break
		}
		lines = append(lines, line)
		size += len(line) + 1
	}
	text := digestHead(len(lines)) + "\n\n" + strings.Join(lines, "\n")
	return r.pending[:len(lines)], truncate(text, r.maxBytes)
}

// throttledError is a robot's answer that it takes no more messages for
// a while: so many rate-limit windows.
type throttledError struct {
	windows int
	msg     string
}

func (e *throttledError) Error() string { return e.msg }

// robotAnswer is both robots' JSON answer.
type robotAnswer struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

var defaultRobotClient = &http.Client{Timeout: 10 * time.Second}

// postRobot POSTs body as JSON to u and reads the robot's answer: errcode
// 0 is success, an errcode in throttle a *throttledError (waiting that
// many rate-limit windows), any other a failure. Network errors and 5xx answers are tried again, 3 attempts in
// all, 500 ms then 1 s apart. Errors never show u, whose query is the
// robot's secret key.
func postRobot(ctx context.Context, client *http.Client, name, u string, body any, throttle map[int]int) error {
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%s：%w", name, err)
	}
	if client == nil {
		client = defaultRobotClient
	}
	wait := 500 * time.Millisecond
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("%s：%w（上一次：%w）", name, ctx.Err(), last)
			case <-t.C:
			}
			wait *= 2
		}
		var retry bool
		retry, last = postOnce(ctx, client, name, u, data, throttle)
		if last == nil || !retry {
			return last
		}
	}
	return last
}

func postOnce(ctx context.Context, client *http.Client, name, u string, data []byte, throttle map[int]int) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(data))
	if err != nil {
		return false, fmt.Errorf("%s：地址无效", name)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return true, fmt.Errorf("%s：%w", name, redact(err))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500,
			fmt.Errorf("%s：HTTP 状态 %d", name, resp.StatusCode)
	}
	var a robotAnswer
	if err := json.Unmarshal(raw, &a); err != nil || a.ErrCode == nil {
		return false, fmt.Errorf("%s：应答不是机器人的 JSON（%q）", name, truncate(string(raw), 200))
	}
	if *a.ErrCode == 0 {
		return false, nil
	}
	msg := fmt.Sprintf("%s拒绝了消息：errcode %d（%s）", name, *a.ErrCode, truncate(a.ErrMsg, 200))
	if w, ok := throttle[*a.ErrCode]; ok {
		return false, &throttledError{windows: w, msg: msg}
	}
	return false, errors.New(msg)
}

// redact removes the URL from a *url.Error: a robot's URL carries its
// key, which must not reach the logs.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s：%w", ue.Op, ue.Err)
	}
	return err
}
