package staff

import (
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Topic is what a training session covers. The three of S1.2 are named;
// any other non-empty text is a company topic.
type Topic string

// The topics of S1.2.
const (
	TopicProcess       Topic = "service_process"  // 售后服务流程
	TopicCommunication Topic = "communication"    // 客户沟通技巧
	TopicQuality       Topic = "quality_handling" // 质量问题处理
)

// Label returns the topic's Chinese name, or the company topic itself.
func (t Topic) Label() string {
	if l, ok := map[Topic]string{TopicProcess: "售后服务流程", TopicCommunication: "客户沟通技巧", TopicQuality: "质量问题处理"}[t]; ok {
		return l
	}
	return string(t)
}

// Session is one training session, a 售后人员培训记录表 (S1.1–S1.3).
type Session struct {
	ID        string          `json:"id"`
	Version   int             `json:"version"`
	Date      calendar.Date   `json:"date"`
	Topic     Topic           `json:"topic"`
	Title     string          `json:"title"`
	Trainer   string          `json:"trainer"`
	Hours     decimal.Decimal `json:"hours"`
	Attendees []string        `json:"attendees"` // person IDs
	UpdatedAt time.Time       `json:"updated_at"`
}

// Clone returns a deep copy of s.
func (s *Session) Clone() *Session {
	c := *s
	c.Attendees = slices.Clone(s.Attendees)
	return &c
}

// validate checks a session against the organisation.
func (s *Session) validate(o *Organisation, today calendar.Date) error {
	var err error
	if s.Date.IsZero() || s.Date.After(today) {
		return invalid("session_date_invalid", "培训日期 %s 无效：不能为空或晚于今天", s.Date)
	}
	if s.Topic == "" {
		return invalid("topic_required", "须写明培训内容（S1.2：售后服务流程、客户沟通技巧、质量问题处理，或公司自定的内容）")
	}
	if s.Trainer, err = required(s.Trainer, "trainer", "培训讲师"); err != nil {
		return err
	}
	if s.Title, err = aftersales.Text(s.Title, false, aftersales.MaxShortText, "title", "培训主题"); err != nil {
		return err
	}
	topic, err := aftersales.Text(string(s.Topic), true, aftersales.MaxShortText, "topic", "培训内容")
	if err != nil {
		return err
	}
	s.Topic = Topic(topic)
	if !s.Hours.IsPositive() || s.Hours.GreaterThan(decimal.NewFromInt(24)) {
		return invalid("hours_invalid", "培训学时 %s 无效，应在 0 至 24 之间", s.Hours)
	}
	if len(s.Attendees) == 0 {
		return invalid("attendees_required", "须登记参训人员（S1.3）")
	}
	seen := map[string]bool{}
	for _, id := range s.Attendees {
		if _, ok := o.Person(id); !ok {
			return invalid("attendee_unknown", "参训人员 %q 不在人员名单中", id)
		}
		if seen[id] {
			return invalid("attendee_duplicate", "参训人员 %q 重复", id)
		}
		seen[id] = true
	}
	sort.Strings(s.Attendees)
	return nil
}

// TrainingHours returns each person's training hours in the given year,
// from the sessions they attended.
func TrainingHours(sessions []*Session, year int) map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for _, s := range sessions {
		if s.Date.Year != year {
			continue
		}
		for _, id := range s.Attendees {
			out[id] = out[id].Add(s.Hours)
		}
	}
	return out
}

// TrainingGap is an after-sales person whose training is overdue under the
// company's cadence (S1.1: 定期组织培训).
type TrainingGap struct {
	PersonID    string        `json:"person_id"`
	LastTrained calendar.Date `json:"last_trained,omitzero"` // zero: never
	DueBy       calendar.Date `json:"due_by,omitzero"`       // zero: never trained
}

// OverdueTraining returns the active after-sales people (staff, head and
// specialists) whose last training is more than every months before today.
func OverdueTraining(o *Organisation, sessions []*Session, every int, today calendar.Date) []TrainingGap {
	last := map[string]calendar.Date{}
	for _, s := range sessions {
		for _, id := range s.Attendees {
			if s.Date.After(last[id]) {
				last[id] = s.Date
			}
		}
	}
	var out []TrainingGap
	for _, p := range o.People {
		switch p.Role {
		case aftersales.RoleAfterSalesStaff, aftersales.RoleAfterSalesHead, aftersales.RoleSpecialist:
		default:
			continue
		}
		if !p.Active {
			continue
		}
		l, ok := last[p.ID]
		if !ok {
			out = append(out, TrainingGap{PersonID: p.ID})
			continue
		}
		if due := calendar.AddMonths(l, every); due.Before(today) {
			out = append(out, TrainingGap{PersonID: p.ID, LastTrained: l, DueBy: due})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PersonID < out[j].PersonID })
	return out
}
