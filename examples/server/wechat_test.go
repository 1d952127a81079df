package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/intake"
)

// TestRunServesTheWeChatCallback: with the 公众号 settings in the
// environment the server answers the platform's URL check at
// /wechat/callback, outside the API's tokens and the desk's sessions, and
// refuses a post whose signature fails (the messages themselves are
// tested in package intake).
func TestRunServesTheWeChatCallback(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int)
	env := map[string]string{"SHOUHOU_WECHAT_TOKEN": "shouhouToken1", "SHOUHOU_WECHAT_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
		"SHOUHOU_WECHAT_APPID": "wx5e1f0c2a9b3d7e11"}
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shouhou.db"), "-scan", "-1s"},
			func(k string) string { return env[k] }, &out, &errb)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "/healthz") }, 10*time.Second, 20*time.Millisecond)
	require.Contains(t, out.String(), "/wechat/callback")
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())

	ts := strconv.FormatInt(time.Now().Unix(), 10)
	q := url.Values{"timestamp": {ts}, "nonce": {"n1"}, "echostr": {"echo-5530"},
		"signature": {intake.WeChatSignature("shouhouToken1", ts, "n1")}}
	res, err := http.Get(base + "/wechat/callback?" + q.Encode())
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "echo-5530", string(body))

	q.Set("signature", intake.WeChatSignature("guess", ts, "n1"))
	res, err = http.Post(base+"/wechat/callback?"+q.Encode()+"&encrypt_type=aes", "text/xml", strings.NewReader("<xml><Encrypt>x</Encrypt></xml>"))
	require.NoError(t, err)
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Contains(t, string(body), "签名无效")

	cancel()
	require.Equal(t, 0, <-done)
}
