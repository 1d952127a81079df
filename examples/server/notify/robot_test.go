package notify_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// overdue is a typical notice.
var overdue = scheduler.Notification{Key: "overdue:P3.2:AS-1:项目一部:0:1794240000", Kind: scheduler.KindOverdue, Clause: "P3.2",
	Subject: "AS-1", Owner: "项目一部", Project: "P-001", Due: time.Date(2026, 11, 10, 0, 0, 0, 0, calendar.CST()),
	Message: "售后需求 AS-1：项目一部应于 2026-11-10 00:00 前完成处理（P3.2），现已逾期", At: time.Date(2026, 11, 20, 10, 0, 0, 0, calendar.CST())}

// notice returns the i-th of many overdue notices, AS-100 onwards.
func notice(i int) scheduler.Notification {
	n := overdue
	n.Subject = fmt.Sprintf("AS-%d", 100+i)
	n.Key = strings.Replace(overdue.Key, "AS-1", n.Subject, 1)
	n.Message = strings.Replace(overdue.Message, "AS-1", n.Subject, 1)
	return n
}

// robotServer stands in for a group robot: it checks each request with
// check, which returns the errcode to answer, and keeps what it got.
type robotServer struct {
	*httptest.Server
	mu    sync.Mutex
	got   []robotRequest
	check func(t *testing.T, r *http.Request, body []byte) int
}

type robotRequest struct {
	at    time.Time
	query url.Values
	raw   string // the raw query
	body  map[string]any
}

func newRobotServer(t *testing.T, check func(t *testing.T, r *http.Request, body []byte) int) *robotServer {
	s := &robotServer{check: check}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		code := 0
		if s.check != nil {
			code = s.check(t, r, body)
		}
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if r.Method != http.MethodPost || dec.Decode(&m) != nil {
			t.Errorf("robot: %s with a body that is not JSON: %q", r.Method, body)
		}
		s.mu.Lock()
		s.got = append(s.got, robotRequest{at: time.Now(), query: r.URL.Query(), raw: r.URL.RawQuery, body: m})
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"errcode":%d,"errmsg":"%s"}`, code, map[bool]string{true: "ok", false: "refused"}[code == 0])
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *robotServer) requests() []robotRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]robotRequest(nil), s.got...)
}

// markdown returns a request's markdown object, checking that the body
// is exactly {"msgtype":"markdown","markdown":{…keys}}.
func markdown(t *testing.T, r robotRequest, keys ...string) map[string]any {
	t.Helper()
	require.Len(t, r.body, 2, "only msgtype and markdown: %v", r.body)
	require.Equal(t, "markdown", r.body["msgtype"])
	md, ok := r.body["markdown"].(map[string]any)
	require.True(t, ok, "markdown is an object: %v", r.body)
	require.Len(t, md, len(keys), "markdown has exactly %v: %v", keys, md)
	for _, k := range keys {
		_, ok := md[k].(string)
		require.True(t, ok, "markdown.%s is a string: %v", k, md)
	}
	return md
}

// TestWeComRobotPostsTheDocumentedMarkdown: one POST of
// {"msgtype":"markdown","markdown":{"content":…}} as JSON to the robot's
// URL, key kept; the content names the request, the clause and the due
// time, within 4096 bytes.
func TestWeComRobotPostsTheDocumentedMarkdown(t *testing.T) {
	srv := newRobotServer(t, func(t *testing.T, r *http.Request, _ []byte) int {
		assert.Equal(t, "/cgi-bin/webhook/send", r.URL.Path)
		assert.Equal(t, "693a91f6-secret", r.URL.Query().Get("key"))
		assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
		return 0
	})
	robot, err := notify.NewWeComRobot(srv.URL+"/cgi-bin/webhook/send?key=693a91f6-secret", notify.RobotOptions{})
	require.NoError(t, err)
	defer robot.Close()
	require.NoError(t, robot.Notify(context.Background(), overdue))
	got := srv.requests()
	require.Len(t, got, 1)
	content := markdown(t, got[0], "content")["content"].(string)
	require.Contains(t, content, "**【逾期】售后需求 AS-1**")
	require.Contains(t, content, overdue.Message)
	require.Contains(t, content, "条款 P3.2 · 期限 2026-11-10 00:00")
	require.LessOrEqual(t, len(content), 4096)
}

// TestWeComRobotErrcodeIsAFailure: an errcode other than 0 fails the
// notice, naming the code, and no error shows the robot's key — not even
// a network error.
func TestWeComRobotErrcodeIsAFailure(t *testing.T) {
	srv := newRobotServer(t, func(*testing.T, *http.Request, []byte) int { return 93000 })
	robot, err := notify.NewWeComRobot(srv.URL+"/send?key=the-secret-key", notify.RobotOptions{})
	require.NoError(t, err)
	defer robot.Close()
	err = robot.Notify(context.Background(), overdue)
	require.ErrorContains(t, err, "errcode 93000")
	_, deferred := scheduler.IsDeferred(err)
	require.False(t, deferred)
	require.NotContains(t, err.Error(), "the-secret-key")

	srv.Close()
	err = robot.Notify(context.Background(), notice(1))
	require.Error(t, err)
	require.NotContains(t, err.Error(), "the-secret-key")

	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>not a robot</html>")) }))
	defer hang.Close()
	robot2, err := notify.NewWeComRobot(hang.URL+"/send?key=k", notify.RobotOptions{})
	require.NoError(t, err)
	defer robot2.Close()
	require.ErrorContains(t, robot2.Notify(context.Background(), overdue), "应答不是机器人的 JSON")
}

// TestRobotDigestRespectsTheRateLimit: with a limit of 3 messages a
// window, ten notices at once give three messages, then one digest
// naming the other seven once the window allows; the seven are deferred
// until then, not dropped, and acknowledged (nil) when notified again,
// without another message. No window ever holds more than 3 messages.
func TestRobotDigestRespectsTheRateLimit(t *testing.T) {
	srv := newRobotServer(t, nil)
	const window = 400 * time.Millisecond
	robot, err := notify.NewWeComRobot(srv.URL+"/send?key=k", notify.RobotOptions{Limit: 3, Window: window})
	require.NoError(t, err)
	defer robot.Close()
	ctx := context.Background()
	var deferred []scheduler.Notification
	for i := range 10 {
		err := robot.Notify(ctx, notice(i))
		if i < 3 {
			require.NoError(t, err, i)
			continue
		}
		until, ok := scheduler.IsDeferred(err)
		require.True(t, ok, "%d: %v", i, err)
		require.True(t, until.IsZero(), "asked again at the next tick")
		require.Contains(t, err.Error(), "摘要")
		deferred = append(deferred, notice(i))
	}
	require.Eventually(t, func() bool { return len(srv.requests()) == 4 }, 5*time.Second, 10*time.Millisecond)
	got := srv.requests()
	digest := markdown(t, got[3], "content")["content"].(string)
	require.True(t, strings.HasPrefix(digest, "**售后通知摘要（共 7 条）**"), digest)
	for i, n := range deferred {
		require.Contains(t, digest, fmt.Sprintf("%d. 【逾期】%s", i+1, n.Message))
	}
	require.GreaterOrEqual(t, got[3].at.Sub(got[0].at), window-50*time.Millisecond, "the fourth message waits for the window")

	// The robot has the digest's answer once its post returns: until then
	// a notice still waits (deferred), after it it is delivered (nil).
	for _, n := range deferred {
		require.Eventually(t, func() bool { return robot.Notify(ctx, n) == nil }, 5*time.Second, 10*time.Millisecond, "delivered in the digest")
	}
	time.Sleep(2 * window)
	require.Len(t, srv.requests(), 4, "nothing sent twice")
}

// TestRobotDigestSplitsAtTheSizeLimit: a digest never exceeds the
// robot's 4096 bytes: sixty notices waiting go out as several digests,
// each notice in exactly one.
func TestRobotDigestSplitsAtTheSizeLimit(t *testing.T) {
	srv := newRobotServer(t, nil)
	robot, err := notify.NewWeComRobot(srv.URL+"/send?key=k", notify.RobotOptions{Limit: 1, Window: 100 * time.Millisecond})
	require.NoError(t, err)
	defer robot.Close()
	require.NoError(t, robot.Notify(context.Background(), notice(0)))
	for i := 1; i < 60; i++ {
		_, ok := scheduler.IsDeferred(robot.Notify(context.Background(), notice(i)))
		require.True(t, ok)
	}
	covered := func() map[string]int {
		seen := map[string]int{}
		for _, r := range srv.requests()[1:] {
			md, _ := r.body["markdown"].(map[string]any)
			content, _ := md["content"].(string)
			for i := 1; i < 60; i++ {
				if strings.Contains(content, notice(i).Message) {
					seen[notice(i).Subject]++
				}
			}
		}
		return seen
	}
	require.Eventually(t, func() bool { return len(covered()) == 59 }, 10*time.Second, 20*time.Millisecond)
	for id, n := range covered() {
		require.Equal(t, 1, n, id)
	}
	for _, r := range srv.requests()[1:] {
		require.LessOrEqual(t, len(markdown(t, r, "content")["content"].(string)), 4096)
	}
	require.GreaterOrEqual(t, len(srv.requests()), 3, "the single message and several digests")
}

// TestRobotThrottledAnswerDefers: the robot's "too many messages" answer
// (企业微信 45009) defers the notice into the digest, sent when the robot
// takes messages again.
func TestRobotThrottledAnswerDefers(t *testing.T) {
	var mu sync.Mutex
	first := true
	srv := newRobotServer(t, func(*testing.T, *http.Request, []byte) int {
		mu.Lock()
		defer mu.Unlock()
		if first {
			first = false
			return 45009
		}
		return 0
	})
	robot, err := notify.NewWeComRobot(srv.URL+"/send?key=k", notify.RobotOptions{Window: 200 * time.Millisecond})
	require.NoError(t, err)
	defer robot.Close()
	_, ok := scheduler.IsDeferred(robot.Notify(context.Background(), overdue))
	require.True(t, ok)
	require.Eventually(t, func() bool { return len(srv.requests()) == 2 }, 5*time.Second, 10*time.Millisecond)
	require.Contains(t, markdown(t, srv.requests()[1], "content")["content"], overdue.Message)
	// The robot has the digest's answer once its post returns: until then
	// the notice still waits (deferred), after it it is delivered (nil).
	require.Eventually(t, func() bool { return robot.Notify(context.Background(), overdue) == nil }, 5*time.Second, 10*time.Millisecond)
	require.Len(t, srv.requests(), 2, "asked again, the notice is not sent again")
}

// dingtalkSign is the documented signature, computed here on its own:
// Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
func dingtalkSign(secret, ts string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "\n" + secret))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// TestDingTalkSign checks the signature against values computed with
// Python's hmac, hashlib and base64 from the documented steps.
func TestDingTalkSign(t *testing.T) {
	require.Equal(t, "oJQpdCHfADjAvXpklWV1PzUEobyTlyhOkQWGlZgxWPE=", notify.DingTalkSign("SECa1b2c3d4e5f6", 1700000000000))
	require.Equal(t, "fFV9t5lBS7KH4+5B0JjR99ab+AJkXFauQXycgTkS/tc=", notify.DingTalkSign("this is secret", 1577836800000))
}

// TestDingTalkRobotSignsTheDocumentedWay: each request keeps the
// access_token and adds timestamp (milliseconds, within an hour of now)
// and sign, URL-encoded on the query string, which the stand-in checks
// against its own computation; the body is
// {"msgtype":"markdown","markdown":{"title":…,"text":…}}. A wrong
// signature's errcode fails the notice.
func TestDingTalkRobotSignsTheDocumentedWay(t *testing.T) {
	const secret = "SECthe-robot-secret+/="
	srv := newRobotServer(t, func(t *testing.T, r *http.Request, _ []byte) int {
		q := r.URL.Query()
		if q.Get("access_token") != "tok" {
			return 300001
		}
		ms, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		if err != nil || time.Since(time.UnixMilli(ms)).Abs() > time.Hour {
			return 310000
		}
		want := dingtalkSign(secret, q.Get("timestamp"))
		if q.Get("sign") != want || !strings.Contains(r.URL.RawQuery, "sign="+url.QueryEscape(want)) {
			return 310000 // sign not match
		}
		return 0
	})
	robot, err := notify.NewDingTalkRobot(srv.URL+"/robot/send?access_token=tok", secret, notify.RobotOptions{})
	require.NoError(t, err)
	defer robot.Close()
	require.NoError(t, robot.Notify(context.Background(), overdue))
	got := srv.requests()
	require.Len(t, got, 1)
	md := markdown(t, got[0], "title", "text")
	require.Equal(t, "【逾期】售后需求 AS-1", md["title"])
	require.Contains(t, md["text"], overdue.Message)

	wrong, err := notify.NewDingTalkRobot(srv.URL+"/robot/send?access_token=tok", "SECanother", notify.RobotOptions{})
	require.NoError(t, err)
	defer wrong.Close()
	err = wrong.Notify(context.Background(), overdue)
	require.ErrorContains(t, err, "errcode 310000")
	require.NotContains(t, err.Error(), "SECanother")
}

func TestNewRobotsRefuseBadSettings(t *testing.T) {
	for _, u := range []string{"", "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "ftp://example.com/x", "https://", "::"} {
		_, err := notify.NewWeComRobot(u, notify.RobotOptions{})
		require.Error(t, err, u)
		_, err = notify.NewDingTalkRobot(u, "SEC", notify.RobotOptions{})
		require.Error(t, err, u)
	}
	_, err := notify.NewDingTalkRobot("https://oapi.dingtalk.com/robot/send?access_token=x", "", notify.RobotOptions{})
	require.ErrorContains(t, err, "加签")
}
