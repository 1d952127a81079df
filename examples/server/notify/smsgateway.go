package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// SMSGateway sends text messages through a company's own HTTP SMS
// gateway: it POSTs
//
//	{"phone":"13800138000","template":"SMS_123","params":{"id":"AS-1"}}
//
// as application/json to URL with the header Authorization: Bearer Token
// (SHOUHOU_SMS_GATEWAY_URL, SHOUHOU_SMS_GATEWAY_TOKEN). A 2xx answer is
// success; any other is a failure naming its status.
type SMSGateway struct {
	URL    string
	Token  string
	Client *http.Client
}

// gatewayBody is the gateway's request.
type gatewayBody struct {
	Phone    string            `json:"phone"`
	Template string            `json:"template"`
	Params   map[string]string `json:"params"`
}

// SendSMS implements SMSProvider.
func (g *SMSGateway) SendSMS(ctx context.Context, m SMS) error {
	params := m.Params
	if params == nil {
		params = map[string]string{}
	}
	body, err := json.Marshal(gatewayBody{Phone: m.Phone, Template: m.Template, Params: params})
	if err != nil {
		return fmt.Errorf("短信网关：%w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("短信网关：地址无效")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+g.Token)
	client := g.Client
	if client == nil {
		client = defaultRobotClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("短信网关：%w", redact(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("短信网关：HTTP 状态 %d", resp.StatusCode)
	}
	return nil
}
