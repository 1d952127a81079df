package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
)

func runArgs(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// nameInData returns the name the reference data gives date.
func nameInData(t *testing.T, date calendar.Date) string {
	t.Helper()
	f := filepath.Join("..", "..", "calendar", "testdata", "cn-holidays", "2026.json")
	data, err := os.ReadFile(f)
	require.NoError(t, err)
	n, err := calendar.ParseNotice(f, data)
	require.NoError(t, err)
	for _, d := range n.Days {
		if d.Date == date {
			return d.Name
		}
	}
	t.Fatalf("%s is not in %s", date, f)
	return ""
}

func TestNationalDay2026(t *testing.T) {
	code, out, errOut := runArgs("2026-09-30", "3")
	require.Equal(t, 0, code, errOut)
	require.Empty(t, errOut)

	// 10-01..10-07 are days off; 10-08, 10-09 and the makeup Saturday 10-10
	// count; the period ends at 24:00 of 10-10.
	require.Contains(t, out, "2026-10-11 00:00 CST")
	require.Contains(t, out, "2026-10-10 24:00")
	require.Contains(t, out, nameInData(t, calendar.D(2026, 10, 1)))
	require.Contains(t, out, "2026-09-30 周三")

	lines := strings.Split(out, "\n")
	line := func(date string) string {
		for _, l := range lines {
			if strings.HasPrefix(l, date) {
				return l
			}
		}
		t.Fatalf("no line for %s in:\n%s", date, out)
		return ""
	}
	for _, d := range []string{"2026-10-01", "2026-10-04", "2026-10-07"} {
		l := line(d)
		require.Contains(t, l, "跳过")
		require.Contains(t, l, "法定节假日")
		require.Contains(t, l, "官方")
	}
	require.Contains(t, line("2026-10-08"), "第 1 个工作日")
	require.Contains(t, line("2026-10-09"), "第 2 个工作日")
	l := line("2026-10-10")
	require.Contains(t, l, "周六")
	require.Contains(t, l, "调休上班")
	require.Contains(t, l, "第 3 个工作日")
	require.NotContains(t, out, "2026-10-11  ", "a day after the last day is listed")
	require.NotContains(t, out, "2026-09-30  周", "the start day is listed as a counted day")

	require.Contains(t, out, "数据可靠性：官方")
	require.NotContains(t, out, "  推算\n")
	require.NotContains(t, out, "  单一来源\n")
}

func TestIntoProvisionalYear(t *testing.T) {
	code, out, errOut := runArgs("2027-12-20", "10")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "数据可靠性：推算")
	require.Contains(t, out, "2027-12-24  周五  工作日                        第 4 个工作日           单一来源\n")
	require.Contains(t, out, "2028-01-03  周一  工作日                        第 10 个工作日          推算\n")
	require.Contains(t, out, "另有 4 天的安排只有单一来源")
	require.Contains(t, out, "2028-01-01")
	// The calendar library agrees on the deadline.
	p, err := calendar.China().WorkdayPeriod(calendar.D(2027, 12, 20).Start(), 10)
	require.NoError(t, err)
	require.True(t, p.Provisional())
	require.Contains(t, out, p.Due.Format("2006-01-02 15:04 MST"))
}

func TestSingleSourceOnly(t *testing.T) {
	code, out, _ := runArgs("2027-02-01", "3")
	require.Equal(t, 0, code)
	require.Contains(t, out, "数据可靠性：单一来源")
	require.NotContains(t, out, "  推算\n")
}

func TestHelp(t *testing.T) {
	code, out, errOut := runArgs("-h")
	require.Equal(t, 0, code)
	require.Contains(t, out, "用法")
	require.Empty(t, errOut)
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{nil, "需要 2 个参数"},
		{[]string{"2026-09-30"}, "需要 2 个参数"},
		{[]string{"2026-09-30", "3", "4"}, "需要 2 个参数"},
		{[]string{"2026-9-30", "3"}, "起算日期"},
		{[]string{"2026-02-30", "3"}, "起算日期"},
		{[]string{"2026-13-01", "3"}, "起算日期"},
		{[]string{"20260930", "3"}, "起算日期"},
		{[]string{" 2026-09-30", "3"}, "起算日期"},
		{[]string{"", "3"}, "起算日期"},
		{[]string{"2026-09-30", "three"}, "不是整数"},
		{[]string{"2026-09-30", "3.5"}, "不是整数"},
		{[]string{"2026-09-30", ""}, "不是整数"},
		{[]string{"2026-09-30", "99999999999999999999999"}, "不是整数"},
		{[]string{"2026-09-30", "0"}, "1 至 100000"},
		{[]string{"2026-09-30", "-3"}, "1 至 100000"},
		{[]string{"2026-09-30", "100001"}, "1 至 100000"},
		{[]string{"0000-01-01", "3"}, "无法"},
		{[]string{"9999-12-30", "5"}, "无法"},
	} {
		code, out, errOut := runArgs(tc.args...)
		require.Equal(t, 2, code, "args %q", tc.args)
		require.Empty(t, out, "args %q", tc.args)
		require.Contains(t, errOut, tc.msg, "args %q", tc.args)
		require.Contains(t, errOut, "用法", "args %q", tc.args)
	}
}

func TestLargestN(t *testing.T) {
	code, out, errOut := runArgs("2026-09-30", "100000")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "第 100000 个工作日")
	require.Contains(t, out, "数据可靠性：无安排")
}
