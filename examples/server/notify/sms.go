package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// SMS is one text message to a customer, by a template the provider
// approved: China's SMS providers send only registered templates, so the
// text itself is the provider's, and the message carries the template's
// code and variables.
type SMS struct {
	Phone    string            // the customer's mobile number
	Template string            // the provider's template code, such as SMS_71390007
	Params   map[string]string // the template's variables
}

// SMSProvider sends text messages: AliyunSMS, SMSGateway, or a company's
// own.
type SMSProvider interface {
	SendSMS(ctx context.Context, m SMS) error
}

// The purposes a customer SMS serves; each has its template, named in the
// configuration (SHOUHOU_SMS_TEMPLATE_RECEIPT and so on).
const (
	SMSReceipt  = "receipt"  // a registered request or complaint: its number and link
	SMSFeedback = "feedback" // the handling's feedback (P1.3, P3.2, C4.1)
	SMSVisit    = "visit"    // the follow-up visit's rating link (P4.2)
)

// SMSPurposes returns the purposes, in the order the configuration names
// them.
func SMSPurposes() []string { return []string{SMSReceipt, SMSFeedback, SMSVisit} }

// ErrNoTemplate is returned by Texter.Send for a purpose with no template
// configured: the company does not send that SMS.
var ErrNoTemplate = errors.New("该用途没有配置短信模板")

// Texter sends customer SMS by purpose through the template configured
// for it. The templates are configuration: the code maps a purpose to a
// template code, and the text lives with the provider.
type Texter struct {
	Provider  SMSProvider
	Templates map[string]string // purpose → template code
}

// Send texts phone for purpose with the template's variables. A purpose
// without a template gives ErrNoTemplate; a malformed number is refused
// before the provider is asked.
func (t *Texter) Send(ctx context.Context, phone, purpose string, params map[string]string) error {
	code := t.Templates[purpose]
	if code == "" {
		return fmt.Errorf("短信用途 %s：%w", purpose, ErrNoTemplate)
	}
	p, err := mobile(phone)
	if err != nil {
		return err
	}
	return t.Provider.SendSMS(ctx, SMS{Phone: p, Template: code, Params: params})
}

// mobile checks a mobile number: digits, optionally after + and a country
// code, with spaces and hyphens dropped.
func mobile(s string) (string, error) {
	p := strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	digits := strings.TrimPrefix(p, "+")
	ok := len(digits) >= 5 && len(digits) <= 20
	for _, r := range digits {
		ok = ok && r >= '0' && r <= '9'
	}
	if !ok {
		return "", fmt.Errorf("手机号码 %q 无效", s)
	}
	return p, nil
}
