package intake_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/intake"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestMailboxFromEnv(t *testing.T) {
	m, err := intake.MailboxFromEnv(env(nil), nil)
	require.NoError(t, err)
	require.Nil(t, m, "not configured: no intake")

	m, err = intake.MailboxFromEnv(env(map[string]string{"SHOUHOU_IMAP_URL": "imaps://service%40example.com:p%40ss@imap.example.com/售后",
		"SHOUHOU_COMPLAINT_ADDRESS": "投诉 <TouSu@Example.com>", "SHOUHOU_IMAP_POLL": "30s"}), nil)
	require.NoError(t, err)
	require.Equal(t, "imap.example.com:993", m.Addr)
	require.True(t, m.Implicit)
	require.Equal(t, "service@example.com", m.User)
	require.Equal(t, "p@ss", m.Password)
	require.Equal(t, "售后", m.Folder)
	require.Equal(t, "tousu@example.com", m.ComplaintAddress)
	require.Equal(t, 30*time.Second, m.Interval)

	m, err = intake.MailboxFromEnv(env(map[string]string{"SHOUHOU_IMAP_URL": "imap://u:p@10.0.0.5"}), nil)
	require.NoError(t, err)
	require.Equal(t, "10.0.0.5:143", m.Addr)
	require.False(t, m.Implicit, "imap:// is STARTTLS")
	require.Equal(t, time.Minute, m.Interval)

	for v, bad := range map[string]map[string]string{
		"SHOUHOU_IMAP_URL":          {"SHOUHOU_IMAP_URL": "imaps://imap.example.com"},
		"SHOUHOU_IMAP_POLL":         {"SHOUHOU_IMAP_URL": "imaps://u:p@h", "SHOUHOU_IMAP_POLL": "10ms"},
		"SHOUHOU_COMPLAINT_ADDRESS": {"SHOUHOU_IMAP_URL": "imaps://u:p@h", "SHOUHOU_COMPLAINT_ADDRESS": "no"},
	} {
		_, err := intake.MailboxFromEnv(env(bad), nil)
		var ce *intake.ConfigError
		require.ErrorAs(t, err, &ce)
		require.Equal(t, v, ce.Var)
	}
	_, err = intake.MailboxFromEnv(env(map[string]string{"SHOUHOU_COMPLAINT_ADDRESS": "a@b.c"}), nil)
	require.ErrorContains(t, err, "SHOUHOU_IMAP_URL")
}
