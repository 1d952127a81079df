package staff_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/staff"
)

// TestS1_1_RegularTrainingCadence: "公司应定期组织售后人员进行培训" — every
// active after-sales person (staff, head, specialist) is trained at least
// every N months, 3 by default; OverdueTraining names who is past it.
func TestS1_1_RegularTrainingCadence(t *testing.T) {
	f := newSfx(t) // today is 2026-11-27
	_, err := f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 3, 10), Topic: staff.TopicCommunication,
		Trainer: "外聘讲师", Hours: dec("3.5"), Attendees: []string{"p-staff", "p-spec"}}, head)
	require.NoError(t, err)
	_, err = f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 8, 27), Topic: staff.TopicProcess,
		Trainer: "钱部长", Hours: dec("2"), Attendees: []string{"p-staff", "p-pm"}}, head)
	require.NoError(t, err)

	// Every 3 months: the head was never trained; the specialist's last
	// session (03-10) was due again by 06-10; the staff member's (08-27) is
	// due on 11-27, today, and so not yet overdue. The project managers are
	// department staff, not after-sales people, and the general manager is
	// not counted either.
	gaps, err := f.svc.OverdueTraining(f.ctx)
	require.NoError(t, err)
	require.Equal(t, []staff.TrainingGap{{PersonID: "p-head"}, {PersonID: "p-spec", LastTrained: d(2026, 3, 10), DueBy: d(2026, 6, 10)}}, gaps)

	// A day later the staff member is overdue too.
	f.now = f.now.AddDate(0, 0, 1)
	gaps, err = f.svc.OverdueTraining(f.ctx)
	require.NoError(t, err)
	require.Contains(t, gaps, staff.TrainingGap{PersonID: "p-staff", LastTrained: d(2026, 8, 27), DueBy: d(2026, 11, 27)})

	// The company sets its own cadence, within 1 to 24 months.
	six, err := staff.NewService(staff.Config{Store: f.store, TrainingEvery: 6,
		Clock: aftersales.ClockFunc(func() time.Time { return time.Date(2026, 9, 1, 9, 0, 0, 0, calendar.CST()) })})
	require.NoError(t, err)
	gaps, err = six.OverdueTraining(f.ctx)
	require.NoError(t, err)
	require.Equal(t, []staff.TrainingGap{{PersonID: "p-head"}}, gaps, "the specialist's 03-10 + 6 months is 09-10: not yet overdue on 09-01")
	for _, n := range []int{-1, 25} {
		_, err := staff.NewService(staff.Config{Store: f.store, TrainingEvery: n})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "training_cadence_invalid"}, n)
		require.Contains(t, err.Error(), "S1.1")
	}

	// A person who leaves is no longer expected at training.
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-spec", Name: "周专员", Role: aftersales.RoleSpecialist, Active: false}, gm)
	require.NoError(t, err)
	gaps, err = f.svc.OverdueTraining(f.ctx)
	require.NoError(t, err)
	for _, g := range gaps {
		require.NotEqual(t, "p-spec", g.PersonID)
	}
}

// TestS1_2_TrainingTopics: "培训内容包括售后服务流程、客户沟通技巧、质量问题处理等方面"
// — the three named topics, each with its Chinese name, and any topic of
// the company's own (等方面); a session must say what it covered.
func TestS1_2_TrainingTopics(t *testing.T) {
	f := newSfx(t)
	for topic, label := range map[staff.Topic]string{
		staff.TopicProcess: "售后服务流程", staff.TopicCommunication: "客户沟通技巧", staff.TopicQuality: "质量问题处理", "BIM 运维平台": "BIM 运维平台",
	} {
		s, err := f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 11, 2), Topic: topic, Trainer: "讲师",
			Hours: dec("1"), Attendees: []string{"p-staff"}}, head)
		require.NoError(t, err, topic)
		require.Equal(t, topic, s.Topic)
		require.Equal(t, label, s.Topic.Label())
	}
	_, err := f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 11, 2), Trainer: "讲师", Hours: dec("1"), Attendees: []string{"p-staff"}}, head)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "topic_required"})
	for _, w := range []string{"S1.2", "售后服务流程", "客户沟通技巧", "质量问题处理"} {
		require.Contains(t, err.Error(), w)
	}
	ss, err := f.svc.Sessions(f.ctx)
	require.NoError(t, err)
	require.Len(t, ss, 4, "the session without a topic was not written")
}

// TestS1_3_TrainingRecordedOnTheForm: "售后人员培训情况应记录在《售后人员培训记录表》中"
// — each session is kept with its date, topic, title, trainer, hours and
// attendance, by the after-sales department, in the history; training
// hours add up per person and year.
func TestS1_3_TrainingRecordedOnTheForm(t *testing.T) {
	f := newSfx(t)
	s, err := f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 3, 10), Topic: staff.TopicCommunication, Title: "投诉接待话术",
		Trainer: "外聘讲师", Hours: dec("3.5"), Attendees: []string{"p-staff", "p-spec"}}, head)
	require.NoError(t, err)
	_, err = f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 9, 1), Topic: "BIM 运维平台", Trainer: "信息部",
		Hours: dec("2"), Attendees: []string{"p-staff"}}, aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff})
	require.NoError(t, err)
	_, err = f.svc.RecordSession(f.ctx, staff.Session{Date: d(2025, 12, 30), Topic: staff.TopicQuality, Trainer: "总工办",
		Hours: dec("8"), Attendees: []string{"p-staff"}}, gm)
	require.NoError(t, err)

	for code, bad := range map[string]staff.Session{
		"title_too_long": {Title: strings.Repeat("题", aftersales.MaxShortText+1)},
		"title_invalid":  {Title: "话术\x1b"},
		"topic_too_long": {Topic: staff.Topic(strings.Repeat("题", aftersales.MaxShortText+1))},
	} {
		bad.Date, bad.Trainer, bad.Hours, bad.Attendees = d(2026, 3, 11), "外聘讲师", dec("1"), []string{"p-staff"}
		if bad.Topic == "" {
			bad.Topic = staff.TopicCommunication
		}
		_, err = f.svc.RecordSession(f.ctx, bad, head)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}

	stored, err := f.store.Session(f.ctx, s.ID)
	require.NoError(t, err)
	require.Equal(t, s, stored)
	require.Equal(t, "投诉接待话术", stored.Title)
	require.Equal(t, "外聘讲师", stored.Trainer)
	require.Equal(t, []string{"p-spec", "p-staff"}, stored.Attendees)
	h, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, "training", last.Type)
	require.Equal(t, gm.ID, last.Actor.ID)
	require.Contains(t, last.Note, "质量问题处理")

	ss, err := f.svc.Sessions(f.ctx)
	require.NoError(t, err)
	require.Equal(t, []calendar.Date{d(2025, 12, 30), d(2026, 3, 10), d(2026, 9, 1)}, []calendar.Date{ss[0].Date, ss[1].Date, ss[2].Date}, "by date")
	hours := staff.TrainingHours(ss, 2026)
	require.Equal(t, "5.5", hours["p-staff"].String())
	require.Equal(t, "3.5", hours["p-spec"].String())
	require.Equal(t, "8", staff.TrainingHours(ss, 2025)["p-staff"].String())

	// What the form cannot hold is refused, and nothing is written.
	before, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	for code, bad := range map[string]staff.Session{
		"session_date_invalid": {Date: d(2026, 12, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1"), Attendees: []string{"p-staff"}},
		"trainer_required":     {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Hours: dec("1"), Attendees: []string{"p-staff"}},
		"hours_invalid":        {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("0"), Attendees: []string{"p-staff"}},
		"attendees_required":   {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1")},
		"attendee_unknown":     {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1"), Attendees: []string{"p-ghost"}},
		"attendee_duplicate":   {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1"), Attendees: []string{"p-staff", "p-staff"}},
	} {
		_, err := f.svc.RecordSession(f.ctx, bad, head)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	// Only the after-sales department (and the general manager) keeps it.
	_, err = f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1"), Attendees: []string{"p-staff"}}, pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "training_forbidden"})
	after, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "nothing written")
	ss, _ = f.svc.Sessions(f.ctx)
	require.Len(t, ss, 3)
}
