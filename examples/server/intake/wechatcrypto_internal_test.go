package intake

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The worked example of the platform's own sample code (WXBizMsgCrypt):
// EncodingAESKey abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG, AppID
// wxb11529c136998cb6, random prefix "aaaabbbbccccdddd", message
// "我是中文abcd123".
const (
	sampleKey       = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	sampleAppID     = "wxb11529c136998cb6"
	sampleEncrypted = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
)

func TestWeChatCryptoMatchesThePlatformsWorkedExample(t *testing.T) {
	key, err := wechatKey(sampleKey)
	require.NoError(t, err)
	got, err := wechatEncrypt(strings.NewReader("aaaabbbbccccdddd"), key, sampleAppID, []byte("我是中文abcd123"))
	require.NoError(t, err)
	require.Equal(t, sampleEncrypted, got)

	msg, err := wechatDecrypt(key, sampleAppID, sampleEncrypted)
	require.NoError(t, err)
	require.Equal(t, "我是中文abcd123", string(msg))

	_, err = wechatDecrypt(key, "wx0000000000000000", sampleEncrypted)
	require.ErrorIs(t, err, errDecrypt, "a message for another AppID is refused")
}

func TestWeChatKeyChecked(t *testing.T) {
	_, err := wechatKey(sampleKey[:42])
	require.ErrorContains(t, err, "43")
	_, err = wechatKey(strings.Repeat("!", 43))
	require.ErrorContains(t, err, "EncodingAESKey")
}

// FuzzWeChatDecrypt: whatever arrives in an Encrypt element, opening it
// never panics, and what a seal wrote opens to itself.
func FuzzWeChatDecrypt(f *testing.F) {
	key, _ := wechatKey(sampleKey)
	f.Add(sampleEncrypted, []byte("我是中文abcd123"))
	f.Add("", []byte(""))
	f.Add("AAAAAAAAAAAAAAAAAAAAAA==", []byte("<xml/>"))
	f.Fuzz(func(t *testing.T, encrypted string, msg []byte) {
		_, _ = wechatDecrypt(key, sampleAppID, encrypted)
		sealed, err := wechatEncrypt(strings.NewReader("0123456789abcdef"), key, sampleAppID, msg)
		if err != nil {
			t.Fatal(err)
		}
		back, err := wechatDecrypt(key, sampleAppID, sealed)
		if err != nil || string(back) != string(msg) {
			t.Fatalf("sealed %q opened to %q, %v", msg, back, err)
		}
	})
}
