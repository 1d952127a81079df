package notify

import (
	"context"
	"errors"
	"net/url"
)

// wecomMaxBytes is the documented limit of a 企业微信 robot's markdown
// content: 4096 bytes of UTF-8.
const wecomMaxBytes = 4096

// wecomThrottled are the 企业微信 answers that mean "too many messages",
// with how many rate-limit windows to wait: 45009 is the API's frequency
// limit.
var wecomThrottled = map[int]int{45009: 1}

// NewWeComRobot returns the 企业微信 group robot whose webhook is webhookURL
// (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…, the variable
// SHOUHOU_WECOM_WEBHOOK). It POSTs
//
//	{"msgtype":"markdown","markdown":{"content":"…"}}
//
// and takes the robot's JSON answer: errcode 0 is success, any other a
// failure (45009, the frequency limit, a deferral into the next digest).
func NewWeComRobot(webhookURL string, o RobotOptions) (*Robot, error) {
	if err := checkRobotURL(webhookURL); err != nil {
		return nil, err
	}
	r := newRobot("企业微信群机器人", o, wecomMaxBytes, nil)
	r.post = func(ctx context.Context, _, text string) error {
		body := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": text}}
		return postRobot(ctx, o.Client, r.name, webhookURL, body, wecomThrottled)
	}
	return r, nil
}

// checkRobotURL accepts an absolute http or https URL with a host.
func checkRobotURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("不是有效的 http(s) 网址")
	}
	return nil
}
