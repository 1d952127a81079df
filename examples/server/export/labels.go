package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// The layouts of times and dates on every document, in CST.
const (
	timeLayout = "2006-01-02 15:04"
	dateLayout = "2006-01-02"
)

// none is written where a figure does not apply, such as the on-time rate
// of a clause with no deadline come due.
const none = "—"

// signLine is the blank a person signs on.
const signLine = "________________"

// fmtTime formats t in CST, or "" for the zero time.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.CST()).Format(timeLayout)
}

// fmtTimePtr formats *t in CST, or "" for nil.
func fmtTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return fmtTime(*t)
}

// fmtDate formats d, or "" for the zero date.
func fmtDate(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// yesNo is 是 or 否.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// percent formats a rate in percent such as "50%", or none for nil.
func percent(d *decimal.Decimal) string {
	if d == nil {
		return none
	}
	return d.String() + "%"
}

// orNone returns s, or text saying there is none.
func orNone(s, text string) string {
	if strings.TrimSpace(s) == "" {
		return text
	}
	return s
}

// actorName is an actor's name, or their ID when the record has no name.
func actorName(a aftersales.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

// contact joins a customer's ways of being reached.
func contact(c aftersales.Customer) string {
	var parts []string
	if c.Phone != "" {
		parts = append(parts, "电话 "+c.Phone)
	}
	if c.Email != "" {
		parts = append(parts, "邮箱 "+c.Email)
	}
	if c.Contact != "" {
		parts = append(parts, c.Contact)
	}
	return strings.Join(parts, "；")
}

// customerName is a customer's name with their ID, such as 张先生（c-001）.
func customerName(c aftersales.Customer) string {
	switch {
	case c.Name != "" && c.ID != "":
		return c.Name + "（" + c.ID + "）"
	case c.Name != "":
		return c.Name
	}
	return c.ID
}

// causeLabel returns a cause's Chinese name, or 待定 when not yet known.
func causeLabel(c aftersales.Cause) string {
	if c == "" {
		return "待定"
	}
	if l := c.Label(); l != "" {
		return l
	}
	return string(c)
}

// period describes a deadline's period, such as "1 个工作日内".
func period(d aftersales.Deadline) string {
	switch {
	case d.Workdays > 0:
		return fmt.Sprintf("%d 个工作日内", d.Workdays)
	case d.Hours > 0:
		return fmt.Sprintf("%d 小时内", d.Hours)
	}
	return ""
}

// deadlineColumns is the header of a deadline table.
var deadlineColumns = []string{"条款", "事项", "责任部门", "起算时间", "截止时间", "状态", "完成时间"}

// deadlineRows lists deadlines with their state at at: task names what is
// due, dept names the department or level a deadline belongs to. A due time
// marked * is provisional: it crosses a day whose holiday notice is not yet
// published. It reports whether any is.
func deadlineRows(ds []aftersales.Deadline, at time.Time, task func(aftersales.Deadline) string, dept func(string) string) ([][]string, bool) {
	rows := make([][]string, 0, len(ds))
	provisional := false
	for _, d := range ds {
		due := fmtTime(d.Due)
		if d.Provisional {
			due += " *"
			provisional = true
		}
		what := task(d)
		if p := period(d); p != "" {
			what += "（" + p + "）"
		}
		state := d.State(at).Label()
		if d.Paused() {
			state = "暂停中"
		}
		rows = append(rows, []string{string(d.Clause), what, dept(d.Department), fmtTime(d.From), due,
			state, fmtTimePtr(d.DoneAt)})
	}
	return rows, provisional
}

// deadlineNotes are the notes under a deadline table.
func deadlineNotes(at time.Time, provisional bool) []string {
	notes := []string{"期限按国家法定工作日计算（民法典第二百零一、二百零三条），截止时间“某日 00:00”即前一日 24:00；状态截至 " + fmtTime(at) + "。"}
	if provisional {
		notes = append(notes, "标 * 的截止时间跨越尚未公布放假安排的日期，公布后将重新计算。")
	}
	return notes
}

// countColumns is the header of a breakdown table.
var countColumns = []string{"统计项", "分类", "件数", "占比或按期率", "说明"}

// countRows lists a breakdown under the heading what, each with its share
// of total and, if note is not nil, a remark on its key.
func countRows(what string, cs []aftersales.Count, total int, note func(key string) string) [][]string {
	rows := make([][]string, 0, len(cs))
	for _, c := range cs {
		remark := ""
		if note != nil {
			remark = note(c.Key)
		}
		rows = append(rows, []string{what, c.Label, fmt.Sprint(c.N), percent(aftersales.Percent(c.N, total)), remark})
	}
	return rows
}

// rateRows lists the on-time record of each clause.
func rateRows(rates []aftersales.ClauseRate, task func(aftersales.Clause) string) [][]string {
	rows := make([][]string, 0, len(rates))
	for _, r := range rates {
		name := string(r.Clause)
		if t := task(r.Clause); t != "" {
			name += " " + t
		}
		rows = append(rows, []string{"按期情况", name, fmt.Sprint(r.Met + r.Missed + r.Open), percent(r.Rate),
			fmt.Sprintf("按期 %d，逾期 %d，未到期 %d", r.Met, r.Missed, r.Open)})
	}
	return rows
}

// signatures is a line of signature blanks, such as
// 巡查人签字：________________　　日期：________________.
func signatures(who ...string) string {
	parts := make([]string, 0, len(who))
	for _, w := range who {
		parts = append(parts, w+"："+signLine)
	}
	return strings.Join(parts, "　　")
}
