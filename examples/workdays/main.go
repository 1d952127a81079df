// Command workdays shows, day by day, how a period of n working days is
// counted on the national calendar (calendar.China), and when it ends.
//
// Usage:
//
//	go run ./examples/workdays 起算日期 工作日数
//	go run ./examples/workdays 2026-09-30 3
//
// The start date is the day of the event; it is not counted (民法典 第二百零一条).
// The program lists every calendar day after it up to the last day of the
// period: its weekday, kind, holiday name, whether it counted as a working
// day or was skipped and why, and how far the calendar's data for it can be
// trusted. It then prints the deadline, 24:00 of the last day, and whether
// any day crossed is only single-source or provisional, in which case the
// period may move when the State Council notice is published or confirmed.
//
// Bad input prints a message and the usage on stderr and exits with status 2.
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/shouhou/shouhou/calendar"
)

// maxN bounds the number of working days (some four centuries), so that a
// typing slip does not print millions of lines.
const maxN = 100000

const usage = `用法：workdays 起算日期 工作日数
  起算日期  事件发生之日，格式 YYYY-MM-DD，当天不计入期限（民法典第二百零一条）
  工作日数  期限的工作日数，1 至 100000 之间的整数
示例：workdays 2026-09-30 3`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program: it writes the report to stdout, or a message and the
// usage to stderr, and returns the exit status (0 on success, 2 on bad
// input).
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintln(stdout, usage)
		return 0
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "错误："+format+"\n\n", a...)
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if len(args) != 2 {
		return fail("需要 2 个参数（起算日期和工作日数），收到 %d 个", len(args))
	}
	start, err := calendar.ParseDate(args[0])
	if err != nil || start.String() != args[0] {
		return fail("起算日期 %q 无效，应为 YYYY-MM-DD 格式的真实日期，例如 2026-09-30", args[0])
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		return fail("工作日数 %q 不是整数", args[1])
	}
	if n < 1 || n > maxN {
		return fail("工作日数必须在 1 至 %d 之间，收到 %d", maxN, n)
	}

	cn := calendar.China()
	p, err := cn.WorkdayPeriod(start.Start(), n)
	if err != nil {
		return fail("无法从 %s 起计算 %d 个工作日：%v", start, n, err)
	}

	out := &report{w: stdout}
	first := cn.Day(start)
	out.printf("起算日：%s %s  %s（数据：%s）\n", start, weekday(start), first.Kind, first.Status)
	out.printf("期限：%d 个工作日。起算日当天不计入，从次日起算（民法典第二百零一条）。\n\n", n)

	cols := []string{"日期", "星期", "类型", "节日", "计数", "数据"}
	widths := []int{10, 4, 10, 16, 22, 8}
	out.row(widths, cols)
	var sep []string
	for _, w := range widths {
		sep = append(sep, strings.Repeat("-", w))
	}
	out.row(widths, sep)

	k := 0
	single, provisional := 0, 0
	for d := start.AddDays(1); !d.After(p.LastDay); d = d.AddDays(1) {
		day := cn.Day(d)
		var counted string
		if day.IsWorkday() {
			k++
			counted = fmt.Sprintf("第 %d 个工作日", k)
		} else {
			counted = "跳过：" + restReason(day.Kind)
		}
		switch {
		case day.Status == calendar.SingleSource:
			single++
		case day.Status >= calendar.Provisional:
			provisional++
		}
		out.row(widths, []string{d.String(), weekday(d), day.Kind.String(), day.Name, counted, day.Status.String()})
	}

	out.printf("\n最后一日：%s %s（第 %d 个工作日）\n", p.LastDay, weekday(p.LastDay), k)
	out.printf("截止时间：%s，即 %s 24:00；在此之前完成即未逾期（民法典第二百零三条）。\n",
		p.Due.Format("2006-01-02 15:04 MST"), p.LastDay)
	out.printf("数据可靠性：%s\n", certainty(p.Certainty, single, provisional))
	if out.err != nil {
		fmt.Fprintf(stderr, "错误：输出失败：%v\n", out.err)
		return 1
	}
	return 0
}

// certainty explains the weakest status of the days crossed.
func certainty(s calendar.Status, single, provisional int) string {
	switch s {
	case calendar.Official:
		return "官方。所经日期均为国务院办公厅通知公布、并经核对的安排，没有单一来源或推算的日期。"
	case calendar.SingleSource:
		return fmt.Sprintf("单一来源。所经日期中有 %d 天的安排只有单一来源、尚未与通知原文核对，没有推算的日期；"+
			"核对后期限可能变化。", single)
	case calendar.Provisional:
		msg := fmt.Sprintf("推算。所经日期中有 %d 天所在年份尚无放假通知，节假日按 2025 年放假办法推算、不含调休", provisional)
		if single > 0 {
			msg += fmt.Sprintf("；另有 %d 天的安排只有单一来源", single)
		}
		return msg + "。通知公布后须重新计算，期限可能变化。"
	}
	return fmt.Sprintf("无安排。所经日期中有 %d 天超出日历的范围，只按周一至周五计算；期限可能不准确。", provisional)
}

func restReason(k calendar.Kind) string {
	switch k {
	case calendar.Weekend:
		return "周末休息"
	case calendar.Holiday:
		return "法定节假日放假"
	case calendar.CompanyRest:
		return "公司休息日"
	}
	return "休息日"
}

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

func weekday(d calendar.Date) string { return weekdays[d.Weekday()] }

// report writes formatted lines and keeps the first write error.
type report struct {
	w   io.Writer
	err error
}

func (r *report) printf(format string, a ...any) {
	if r.err == nil {
		_, r.err = fmt.Fprintf(r.w, format, a...)
	}
}

// row writes cells padded to the given display widths (a Chinese character
// takes two columns), the last cell unpadded.
func (r *report) row(widths []int, cells []string) {
	var b strings.Builder
	for i, c := range cells {
		b.WriteString(c)
		if i < len(cells)-1 {
			b.WriteString(strings.Repeat(" ", max(widths[i]-displayWidth(c), 0)+2))
		}
	}
	b.WriteByte('\n')
	r.printf("%s", b.String())
}

// displayWidth is the number of terminal columns s takes: two for East Asian
// wide characters, one for the rest.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
			r >= 0x2E80 && r <= 0xA4CF, // CJK radicals … Yi
			r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
			r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
			r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
			r >= 0xFF00 && r <= 0xFF60, // full-width forms
			r >= 0xFFE0 && r <= 0xFFE6,
			r >= 0x20000 && r <= 0x3FFFD:
			w += 2
		default:
			w++
		}
	}
	return w
}
