package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"time"
)

// dingtalkMaxBytes bounds a 钉钉 robot's markdown text; the platform takes
// more, but a message longer than a screen helps nobody.
const dingtalkMaxBytes = 4096

// dingtalkThrottled are the 钉钉 answers that mean "too many messages",
// with how many rate-limit windows to wait: 130101 (send too fast), after
// which the robot refuses messages for 10 minutes.
var dingtalkThrottled = map[int]int{130101: 10}

// NewDingTalkRobot returns the 钉钉 custom robot whose webhook is
// webhookURL (https://oapi.dingtalk.com/robot/send?access_token=…, the
// variable SHOUHOU_DINGTALK_WEBHOOK), signed with secret (the robot's 加签
// secret, SEC…, SHOUHOU_DINGTALK_SECRET). Each request carries, on the
// query string, timestamp (Unix milliseconds) and sign, see DingTalkSign,
// URL-encoded; the body is
//
//	{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}
//
// and the robot's JSON answer with errcode 0 is success, any other a
// failure (130101, sending too fast, a deferral into the next digest).
func NewDingTalkRobot(webhookURL, secret string, o RobotOptions) (*Robot, error) {
	if err := checkRobotURL(webhookURL); err != nil {
		return nil, err
	}
	if secret == "" {
		return nil, errors.New("缺少加签密钥")
	}
	base, _ := url.Parse(webhookURL)
	r := newRobot("钉钉群机器人", o, dingtalkMaxBytes, nil)
	r.post = func(ctx context.Context, title, text string) error {
		ts := time.Now().UnixMilli()
		u := *base
		q := u.Query()
		q.Set("timestamp", strconv.FormatInt(ts, 10))
		q.Set("sign", DingTalkSign(secret, ts))
		u.RawQuery = q.Encode()
		body := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": title, "text": text}}
		return postRobot(ctx, o.Client, r.name, u.String(), body, dingtalkThrottled)
	}
	return r, nil
}

// DingTalkSign is a 钉钉 robot's request signature: the Base64 of the
// HMAC-SHA256, keyed with secret, of the timestamp in milliseconds, a line
// feed and secret. It goes on the query string URL-encoded.
func DingTalkSign(secret string, timestampMillis int64) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestampMillis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
