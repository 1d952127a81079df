package intake

import "log/slog"

// Var is an environment variable the intake reads.
type Var struct {
	Name string
	Help string // Chinese
}

// Vars returns the intake's environment variables, in the order -h and
// the README list them.
func Vars() []Var {
	return []Var{
		{"SHOUHOU_WECHAT_TOKEN", "公众号“服务器配置”的令牌（Token）：设置后在 /wechat/callback 接收客户的公众号消息，文字和图片消息登记为微信渠道的售后需求（P1.1）"},
		{"SHOUHOU_WECHAT_AES_KEY", "公众号的消息加解密密钥 EncodingAESKey（43 个字符）；只接受安全模式，设置 SHOUHOU_WECHAT_TOKEN 时必填"},
		{"SHOUHOU_WECHAT_APPID", "公众号的 AppID，安全模式下用于核对消息；设置 SHOUHOU_WECHAT_TOKEN 时必填"},
	}
}

// ConfigError is a bad intake setting: it names the variable and says, in
// Chinese, what is wrong. It never repeats a secret.
type ConfigError struct {
	Var string
	Msg string
}

func (e *ConfigError) Error() string { return "环境变量 " + e.Var + " " + e.Msg }

// WeChatFromEnv returns the WeChat callback configured by the environment,
// or nil when SHOUHOU_WECHAT_TOKEN is not set; a bad or missing setting is
// a *ConfigError.
func WeChatFromEnv(getenv func(string) string, requests Registrar, logger *slog.Logger) (*WeChat, error) {
	token := getenv("SHOUHOU_WECHAT_TOKEN")
	if token == "" {
		for _, v := range []string{"SHOUHOU_WECHAT_AES_KEY", "SHOUHOU_WECHAT_APPID"} {
			if getenv(v) != "" {
				return nil, &ConfigError{Var: "SHOUHOU_WECHAT_TOKEN", Msg: "未设置，而 " + v + " 已设置：公众号消息接收须同时设置令牌"}
			}
		}
		return nil, nil
	}
	return NewWeChat(token, getenv("SHOUHOU_WECHAT_AES_KEY"), getenv("SHOUHOU_WECHAT_APPID"), requests, logger)
}
