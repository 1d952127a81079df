package notify

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// AliyunSMS sends text messages through Aliyun's SMS service (短信服务,
// dysmsapi, API version 2017-05-25): the SendSms action of its RPC API,
// signed the documented way (SignatureMethod HMAC-SHA1, SignatureVersion
// 1.0; see AliyunSignature). The request is a POST of the form-encoded
// parameters; the answer's Code "OK" is success, any other code a failure
// naming it.
type AliyunSMS struct {
	AccessKeyID     string // SHOUHOU_ALIYUN_ACCESS_KEY_ID
	AccessKeySecret string // SHOUHOU_ALIYUN_ACCESS_KEY_SECRET
	SignName        string // the approved signature (短信签名), SHOUHOU_SMS_SIGN_NAME
	Endpoint        string // default https://dysmsapi.aliyuncs.com/
	RegionID        string // default cn-hangzhou
	Client          *http.Client
	Now             func() time.Time // default time.Now; for Timestamp
	Nonce           func() string    // default 16 random bytes in hex; for SignatureNonce
}

// AliyunEndpoint is the SMS service's public endpoint.
const AliyunEndpoint = "https://dysmsapi.aliyuncs.com/"

// SendSMS implements SMSProvider.
func (a *AliyunSMS) SendSMS(ctx context.Context, m SMS) error {
	params, err := a.params(m)
	if err != nil {
		return err
	}
	params.Set("Signature", AliyunSignature(http.MethodPost, params, a.AccessKeySecret))
	endpoint := a.Endpoint
	if endpoint == "" {
		endpoint = AliyunEndpoint
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(params.Encode()))
	if err != nil {
		return fmt.Errorf("阿里云短信：%w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := a.Client
	if client == nil {
		client = defaultRobotClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("阿里云短信：%w", redact(err))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var ans struct{ Code, Message, BizID, RequestID string }
	if err := json.Unmarshal(raw, &ans); err != nil || ans.Code == "" {
		return fmt.Errorf("阿里云短信：HTTP 状态 %d，应答无法识别", resp.StatusCode)
	}
	if ans.Code != "OK" {
		return fmt.Errorf("阿里云短信发送失败：%s（%s）", ans.Code, truncate(ans.Message, 200))
	}
	return nil
}

// params are SendSms's parameters, everything but the signature.
func (a *AliyunSMS) params(m SMS) (url.Values, error) {
	if a.AccessKeyID == "" || a.AccessKeySecret == "" || a.SignName == "" {
		return nil, errors.New("阿里云短信：缺少 AccessKey 或短信签名")
	}
	tp, err := json.Marshal(m.Params)
	if err != nil {
		return nil, fmt.Errorf("阿里云短信：%w", err)
	}
	if m.Params == nil {
		tp = []byte("{}")
	}
	now, nonce := time.Now, randomNonce
	if a.Now != nil {
		now = a.Now
	}
	if a.Nonce != nil {
		nonce = a.Nonce
	}
	region := a.RegionID
	if region == "" {
		region = "cn-hangzhou"
	}
	return url.Values{
		"AccessKeyId":      {a.AccessKeyID},
		"Action":           {"SendSms"},
		"Format":           {"JSON"},
		"PhoneNumbers":     {m.Phone},
		"RegionId":         {region},
		"SignName":         {a.SignName},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureNonce":   {nonce()},
		"SignatureVersion": {"1.0"},
		"TemplateCode":     {m.Template},
		"TemplateParam":    {string(tp)},
		"Timestamp":        {now().UTC().Format("2006-01-02T15:04:05Z")},
		"Version":          {"2017-05-25"},
	}, nil
}

func randomNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// AliyunSignature is the signature of an Aliyun RPC request (signature
// version 1.0): the parameters other than Signature, sorted by name, each
// name and value percent-encoded (AliyunEncode) and joined as
// name=value&…, give the canonicalised query string; the string to sign is
// the HTTP method, "&", the encoded "/", "&" and the encoded canonicalised
// query string; the signature is the Base64 of its HMAC-SHA1 keyed with
// the AccessKey secret and "&".
func AliyunSignature(method string, params url.Values, secret string) string {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(aliyunStringToSign(method, params)))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// aliyunStringToSign is the string an RPC request's signature signs.
func aliyunStringToSign(method string, params url.Values) string {
	names := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	pairs := make([]string, 0, len(names))
	for _, k := range names {
		pairs = append(pairs, AliyunEncode(k)+"="+AliyunEncode(params.Get(k)))
	}
	return method + "&" + AliyunEncode("/") + "&" + AliyunEncode(strings.Join(pairs, "&"))
}

// AliyunEncode percent-encodes s as Aliyun's RPC signature asks: UTF-8,
// every byte but A–Z a–z 0–9 - _ . ~ as %XY in upper-case hex (a space is
// %20, never +).
func AliyunEncode(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
