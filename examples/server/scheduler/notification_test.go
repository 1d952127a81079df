package scheduler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

func TestLogNotifier(t *testing.T) {
	var buf bytes.Buffer
	n := scheduler.LogNotifier{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	require.NoError(t, n.Notify(context.Background(), sample))
	var line map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line))
	require.Equal(t, "INFO", line["level"])
	require.Equal(t, sample.Key, line["key"])
	require.Equal(t, "overdue", line["kind"])
	require.Equal(t, "P3.2", line["clause"])
	require.Equal(t, "AS-1", line["subject"])
	require.Equal(t, "项目一部", line["owner"])
	require.Equal(t, sample.Message, line["message"])
	require.Contains(t, line, "due")
}

func TestMultiNotifier_SendsToEachAndJoinsFailures(t *testing.T) {
	a, c := &recorder{}, &recorder{}
	down := errors.New("down")
	m := scheduler.MultiNotifier{a, scheduler.NotifierFunc(func(context.Context, scheduler.Notification) error { return down }), c}
	err := m.Notify(context.Background(), sample)
	require.ErrorIs(t, err, down)
	require.Len(t, a.all(), 1)
	require.Len(t, c.all(), 1, "a failure does not stop the others")
	require.NoError(t, scheduler.MultiNotifier{a, c}.Notify(context.Background(), sample))
}
