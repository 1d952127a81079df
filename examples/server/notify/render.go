package notify

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// kindLabel names a notification kind for a person.
func kindLabel(kind string) string {
	switch kind {
	case scheduler.KindReminder:
		return "期限提醒"
	case scheduler.KindOverdue:
		return "逾期"
	case scheduler.KindEscalated:
		return "升级督办"
	case scheduler.KindWarrantyNotice:
		return "质保期通知"
	case scheduler.KindInspection:
		return "质保期巡查"
	case scheduler.KindWarrantySummary:
		return "质保期总结报告"
	case scheduler.KindComplaintReport:
		return "投诉分析报告"
	}
	return "售后通知"
}

// tag is a notice's bracketed label: 【逾期】, 【紧急·逾期】.
func tag(n scheduler.Notification) string {
	if n.Urgent() {
		return "【紧急·" + kindLabel(n.Kind) + "】"
	}
	return "【" + kindLabel(n.Kind) + "】"
}

// what names what a notice is about, as its message begins ("售后需求
// AS-1", "投诉 TS-1", "项目 P-1"), or its subject.
func what(n scheduler.Notification) string {
	if head, _, ok := strings.Cut(n.Message, "："); ok && head != "" && utf8.RuneCountInString(head) <= 40 {
		return head
	}
	return n.Subject
}

// title is a notice's one-line title: the label and what it is about.
func title(n scheduler.Notification) string { return tag(n) + what(n) }

// when formats an instant in China Standard Time.
func when(n scheduler.Notification) string {
	if n.Due.IsZero() {
		return ""
	}
	return n.Due.In(calendar.CST()).Format("2006-01-02 15:04")
}

// mdText makes text safe inside the robots' markdown: no HTML tags (企业微信
// reads <font>) and no line breaks.
var mdText = strings.NewReplacer("<", "＜", ">", "＞", "\r", " ", "\n", " ").Replace

// markdownOne is the markdown of a single notice.
func markdownOne(n scheduler.Notification) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n\n%s\n\n> 条款 %s", mdText(title(n)), mdText(n.Message), mdText(n.Clause))
	if d := when(n); d != "" {
		fmt.Fprintf(&b, " · 期限 %s", d)
	}
	return b.String()
}

// digestLine is one notice's line in a digest: its label and message,
// which says when it is due.
func digestLine(i int, n scheduler.Notification) string {
	return fmt.Sprintf("%d. %s%s", i, mdText(tag(n)), mdText(n.Message))
}

// digestHead is a digest's first line.
func digestHead(count int) string {
	return fmt.Sprintf("**售后通知摘要（共 %d 条）**", count)
}

// truncate cuts s to at most limit bytes, on a rune boundary, marking the
// cut with an ellipsis.
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	const ellipsis = "……"
	cut := limit - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:max(cut, 0)] + ellipsis
}
