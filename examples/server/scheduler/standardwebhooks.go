package scheduler

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
)

// The Standard Webhooks headers (https://www.standardwebhooks.com):
// webhook-id, the message's ID, the same on every retry, for the receiver
// to deduplicate on; webhook-timestamp, Unix seconds at sending;
// webhook-signature, "v1," and the Base64 HMAC-SHA256 of id, ".",
// timestamp, "." and the body, keyed with the secret's bytes.
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
)

// ParseStandardSecret reads a Standard Webhooks secret, "whsec_" and the
// Base64 of at least 24 random bytes, and returns the key bytes.
func ParseStandardSecret(s string) ([]byte, error) {
	b64, ok := strings.CutPrefix(s, "whsec_")
	if !ok {
		return nil, errors.New("须以 whsec_ 开头，后接 Base64 编码的密钥")
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, errors.New("whsec_ 之后不是有效的 Base64")
	}
	if len(key) < 24 {
		return nil, errors.New("密钥过短（至少 24 字节）")
	}
	return key, nil
}

// SignStandard returns the webhook-signature header of a message: "v1,"
// and the Base64 HMAC-SHA256 of id.timestamp.body under key.
func SignStandard(key []byte, id string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + strconv.FormatInt(timestamp, 10) + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifyStandard reports whether one of the space-separated signatures of
// header is id.timestamp.body's under key, comparing in constant time. It
// does not judge the timestamp's age: a receiver refuses one more than a
// few minutes from its clock.
func VerifyStandard(key []byte, id, timestamp string, body []byte, header string) bool {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || len(key) == 0 {
		return false
	}
	want := []byte(SignStandard(key, id, ts, body))
	for _, sig := range strings.Fields(header) {
		if hmac.Equal([]byte(sig), want) {
			return true
		}
	}
	return false
}

// MessageID is the webhook-id of a message named by key: "msg_" and a hash
// of key, the same on every retry and on every instance.
func MessageID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "msg_" + hex.EncodeToString(sum[:12])
}
