package aftersales_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// A refusal a person reads names the choices in Chinese, with the codes a
// program sends beside them, never the codes alone.
func TestRefusalsNameTheChoicesInChinese(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	_, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Description: "渗水", Channel: "fax", ReceivedAt: at(2026, 11, 2, 8, 0)}})
	var e *aftersales.Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, "channel_invalid", e.Code)
	require.Equal(t, `反馈方式 "fax" 无效，应为电话（phone）、邮件（email）、微信（wechat）或现场（onsite）（P1.1）`, e.Message)
	_, err = f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Description: "渗水", Channel: aftersales.ChannelPhone, Cause: "weather", ReceivedAt: at(2026, 11, 2, 8, 0)}})
	require.True(t, errors.As(err, &e))
	require.Contains(t, e.Message, "施工质量（construction）")
	require.Contains(t, e.Message, "或不可抗力（force_majeure）")
}

func ExampleChoices() {
	fmt.Println(aftersales.Choices(aftersales.Channels()...))
	fmt.Println(aftersales.Choices(aftersales.ProjectKinds()...))
	// Output:
	// 电话（phone）、邮件（email）、微信（wechat）或现场（onsite）
	// 住宅（residential）、商业（commercial）、工业（industrial）或其他（other）
}
