package ledger

import "github.com/shouhou/shouhou/aftersales"

// requestOrder is the order the steps of a request follow (P1.2 → P4.2):
// each time may not be before the last one given before it.
var requestOrder = []Field{FieldReceivedAt, FieldForwardedAt, FieldPlannedAt, FieldFirstCompletedAt, FieldRejectedAt,
	FieldCompletedAt, FieldAcceptedAt}

// requestFollows are the other time fields of a request row, each with
// the steps it may not precede, the first given of which counts (the
// receipt when none is).
var requestFollows = []follow{
	{FieldUrgentAt, nil}, {FieldUrgentFeedbackAt, []Field{FieldUrgentAt}},
	{FieldProgressAt, []Field{FieldPlannedAt, FieldForwardedAt}},
	{FieldResultFeedbackAt, []Field{FieldCompletedAt}},
	// P4.2 runs from the completion: the visit may come before the
	// customer's acceptance.
	{FieldVisitedAt, []Field{FieldCompletedAt, FieldFirstCompletedAt, FieldPlannedAt, FieldForwardedAt}},
	{FieldReportedAt, []Field{FieldForwardedAt}}, {FieldCoordinatedAt, []Field{FieldReportedAt, FieldForwardedAt}},
	{FieldClosedAt, nil}, {FieldWithdrawnAt, nil},
}

// follow is a time field and the steps it comes after.
type follow struct {
	field Field
	after []Field
}

// requestNeeds names, for each clause, the columns it cannot be judged
// without.
var requestNeeds = map[aftersales.Clause][]Field{
	aftersales.ClauseP1_2: {FieldForwardedAt},
	aftersales.ClauseP1_3: {FieldUrgent, FieldUrgentAt},
	aftersales.ClauseP3_1: {FieldForwardedAt, FieldPlannedAt},
	aftersales.ClauseP3_2: {FieldForwardedAt, FieldCompletedAt},
	aftersales.ClauseP3_3: {FieldReportedAt, FieldCoordinatedAt},
	aftersales.ClauseP4_1: {FieldAcceptedAt},
	aftersales.ClauseP4_2: {FieldCompletedAt, FieldVisitedAt},
}

// stepNeeds names the column each step of a clause with several
// obligations (aftersales.Deadline.Step) cannot be judged without: a
// ledger that does not record feedback to the customer is not taken to
// have given none.
var stepNeeds = map[aftersales.Clause]map[string]Field{
	aftersales.ClauseP1_3: {aftersales.StepFeedback: FieldUrgentFeedbackAt},
	aftersales.ClauseP3_2: {aftersales.StepFeedback: FieldResultFeedbackAt, aftersales.StepProgress: FieldProgressAt},
}

// requestClauses are the request clauses in the order reports list them.
var requestClauses = []aftersales.Clause{aftersales.ClauseP1_2, aftersales.ClauseP1_3, aftersales.ClauseP3_1,
	aftersales.ClauseP3_2, aftersales.ClauseP3_3, aftersales.ClauseP4_1, aftersales.ClauseP4_2}

// stamps holds the times a row gives, by field.
type stamps map[Field]*Stamp

func (s stamps) has(f Field) bool { return s[f] != nil }

// readTimes reads every time field of a row and checks that each step
// follows the one before it (by date alone when either has no time).
func readTimes(v *rowView, order []Field, others []follow) (stamps, *Error) {
	st := stamps{}
	fields := append([]Field{}, order...)
	for _, o := range others {
		fields = append(fields, o.field)
	}
	for _, f := range fields {
		t, err := v.when(f)
		if err != nil {
			return nil, err
		}
		if t != nil {
			st[f] = t
		}
	}
	if !st.has(FieldReceivedAt) {
		return nil, cellError(CodeValueRequired, v.ref(FieldReceivedAt), "缺少接收时间：P1.2、C2.1 的期限从此起算")
	}
	check := func(prev, f Field) *Error {
		a, b := st[prev], st[f]
		if before(*b, *a) {
			return cellError(CodeTimeOrder, v.ref(f), "%s %s 早于它之前的一步%s %s", v.l.headers[f], stampText(*b),
				v.l.headers[prev], stampText(*a))
		}
		return nil
	}
	prev := FieldReceivedAt
	for _, f := range order[1:] {
		if !st.has(f) {
			continue
		}
		if err := check(prev, f); err != nil {
			return nil, err
		}
		prev = f
	}
	for _, o := range others {
		if !st.has(o.field) {
			continue
		}
		prev := FieldReceivedAt
		for _, a := range o.after {
			if st.has(a) {
				prev = a
				break
			}
		}
		if err := check(prev, o.field); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// before reports whether b is before a, by date when either is date-only.
func before(b, a Stamp) bool {
	if a.DateOnly || b.DateOnly {
		return b.Time.Format("20060102") < a.Time.Format("20060102")
	}
	return b.Time.Before(a.Time)
}

// readRequest turns a row of a request table into the history Audit judges.
func readRequest(v *rowView, m *Mapping, id string) ([]aftersales.Event, stamps, *Error) {
	st, err := readTimes(v, requestOrder, requestFollows)
	if err != nil {
		return nil, nil, err
	}
	reg := aftersales.Registration{Customer: aftersales.Customer{Name: v.text(FieldCustomer), Phone: v.text(FieldContact)},
		ProjectID: v.text(FieldProject), Location: v.text(FieldLocation), Description: v.text(FieldDescription),
		ReceivedAt: st[FieldReceivedAt].Time}
	if s := v.text(FieldChannel); s != "" {
		c, ok := lookup(s, channelWords, m.Channels)
		if !ok {
			return nil, nil, cellError(CodeChannelUnknown, v.ref(FieldChannel), "反馈方式“%s”不是电话、邮件、微信或现场（P1.1）；可在映射文件 channels 中对应", s)
		}
		reg.Channel = c
	}
	if s := v.text(FieldCause); s != "" {
		c, ok := lookup(s, causeWords, m.Causes)
		if !ok {
			return nil, nil, cellError(CodeCauseUnknown, v.ref(FieldCause), "问题原因“%s”无法识别（P2.1：施工质量、材料质量、设计、其他等）；可在映射文件 causes 中对应", s)
		}
		reg.Cause = c
	}
	if reg.Urgent, err = v.flag(FieldUrgent); err != nil {
		return nil, nil, err
	}
	var cx aftersales.Complexity
	if s := v.text(FieldComplexity); s != "" {
		c, ok := lookup(s, complexityWords, nil)
		if !ok {
			return nil, nil, cellError(CodeComplexityUnknown, v.ref(FieldComplexity), "问题类别“%s”应为“简单”或“复杂”（P3.2）", s)
		}
		cx = c
	} else if st.has(FieldPlannedAt) {
		v.notes = append(v.notes, cellError(CodeComplexityMissing, v.ref(FieldComplexity), "已制定方案但未注明简单或复杂：P3.2 按复杂问题的 10 个工作日判断"))
	}
	if st.has(FieldFirstCompletedAt) && !st.has(FieldRejectedAt) {
		return nil, nil, cellError(CodeRejectionMissing, v.ref(FieldRejectedAt), "填写了首次完成时间，却没有验收不合格时间")
	}
	if st.has(FieldRejectedAt) && !st.has(FieldFirstCompletedAt) {
		v.notes = append(v.notes, cellError(CodeFirstRoundMissing, v.ref(FieldFirstCompletedAt), "验收不合格，但没有首次完成时间：第一轮处理的 P3.2 无法判断"))
	}
	sat, err := v.satisfaction()
	if err != nil {
		return nil, nil, err
	}
	depts := departments(v.text(FieldDepartment))
	if len(depts) == 0 && (st.has(FieldForwardedAt) || st.has(FieldPlannedAt) || st.has(FieldCompletedAt)) {
		v.notes = append(v.notes, cellError(CodeDepartmentMissing, v.ref(FieldDepartment), "未填写责任部门，记为“未注明”"))
		depts = []string{"未注明"}
	}

	h := history{id: id}
	h.add(aftersales.Event{Type: aftersales.EventRegistered, At: reg.ReceivedAt, Registration: &reg})
	if t := st[FieldUrgentAt]; t != nil {
		h.add(aftersales.Event{Type: aftersales.EventUrgentHandled, At: t.Time})
	}
	if t := st[FieldUrgentFeedbackAt]; t != nil {
		h.add(aftersales.Event{Type: aftersales.EventFeedback, At: t.Time,
			Feedback: &aftersales.Feedback{Kind: aftersales.FeedbackUrgent, At: t.Time}})
	}
	if t := st[FieldForwardedAt]; t != nil {
		h.add(aftersales.Event{Type: aftersales.EventForwarded, At: t.Time, Departments: depts, Cause: reg.Cause})
	}
	if t := st[FieldPlannedAt]; t != nil {
		for _, d := range depts {
			h.add(aftersales.Event{Type: aftersales.EventPlanned, At: t.Time, Department: d,
				Plan: &aftersales.Plan{Complexity: cx}})
		}
	}
	h.perDept(aftersales.EventEscalated, st[FieldReportedAt], depts)
	h.perDept(aftersales.EventCoordinated, st[FieldCoordinatedAt], depts)
	h.feedback(aftersales.FeedbackProgress, st[FieldProgressAt], depts)
	h.perDept(aftersales.EventCompleted, st[FieldFirstCompletedAt], depts)
	if t := st[FieldRejectedAt]; t != nil {
		h.add(aftersales.Event{Type: aftersales.EventRejected, At: t.Time})
	}
	h.perDept(aftersales.EventCompleted, st[FieldCompletedAt], depts)
	// The result feedback, the acceptance and the visit happen in the order
	// their times say (by date when one has none).
	var tail []tailEvent
	if t := st[FieldResultFeedbackAt]; t != nil {
		tail = append(tail, tailEvent{t, func() { h.feedback(aftersales.FeedbackResult, t, depts) }})
	}
	if t := st[FieldAcceptedAt]; t != nil {
		e := aftersales.Event{Type: aftersales.EventAccepted, At: t.Time}
		if s := v.text(FieldSignedBy); s != "" {
			e.Signature = &aftersales.Signature{SignedBy: s, Method: aftersales.SignPaper}
		} else if v.l.absent[FieldSignedBy] {
			// No column to check: P4.1's signature is reported as not checked
			// for the whole table (TableInfo.Absent), not as missing.
			e.Signature = &aftersales.Signature{SignedBy: "（台账无签字列，未核对）", Method: aftersales.SignPaper}
		}
		tail = append(tail, tailEvent{t, func() { h.add(e) }})
	}
	if t := st[FieldVisitedAt]; t != nil {
		e := aftersales.Event{Type: aftersales.EventVisited, At: t.Time,
			Visit: &aftersales.Visit{Satisfaction: sat, VisitedBy: v.text(FieldVisitedBy)}}
		tail = append(tail, tailEvent{t, func() { h.add(e) }})
	}
	for i := 1; i < len(tail); i++ { // insertion sort: stable, and at most three
		for j := i; j > 0 && before(*tail[j].at, *tail[j-1].at); j-- {
			tail[j], tail[j-1] = tail[j-1], tail[j]
		}
	}
	for _, e := range tail {
		e.add()
	}
	if t := st[FieldClosedAt]; t != nil {
		h.add(aftersales.Event{Type: aftersales.EventClosed, At: t.Time})
	}
	if t := st[FieldWithdrawnAt]; t != nil {
		h.add(aftersales.Event{Type: aftersales.EventWithdrawn, At: t.Time})
	}
	if reg.Urgent && (st[FieldReceivedAt].DateOnly || (st.has(FieldUrgentAt) && st[FieldUrgentAt].DateOnly)) {
		v.notes = append(v.notes, cellError(CodeHourUnjudged, v.ref(FieldUrgentAt), "紧急需求的接收或处理时间没有具体时刻，P1.3 的小时时限无法判断"))
	}
	return h.events, st, nil
}

// tailEvent is one of the last steps of a request, added in time order.
type tailEvent struct {
	at  *Stamp
	add func()
}

// history builds a request's events in order.
type history struct {
	id     string
	events []aftersales.Event
}

func (h *history) add(e aftersales.Event) {
	e.RequestID, e.Seq = h.id, len(h.events)+1
	e.Actor = aftersales.Actor{ID: "ledger", Role: aftersales.RoleSystem}
	h.events = append(h.events, e)
}

// perDept adds an event of type t for each department, when s is given.
func (h *history) perDept(t aftersales.EventType, s *Stamp, depts []string) {
	if s == nil {
		return
	}
	for _, d := range depts {
		h.add(aftersales.Event{Type: t, At: s.Time, Department: d})
	}
}

// feedback adds a feedback of kind k on each department's part, when s is
// given.
func (h *history) feedback(k aftersales.FeedbackKind, s *Stamp, depts []string) {
	if s == nil {
		return
	}
	for _, d := range depts {
		h.add(aftersales.Event{Type: aftersales.EventFeedback, At: s.Time,
			Feedback: &aftersales.Feedback{Kind: k, Department: d, At: s.Time}})
	}
}

// requestDone reports whether a row did the step of clause c.
func requestDone(c aftersales.Clause, st stamps, urgent bool) (applies, done bool) {
	switch c {
	case aftersales.ClauseP1_2:
		return true, st.has(FieldForwardedAt)
	case aftersales.ClauseP1_3:
		return urgent, st.has(FieldUrgentAt)
	case aftersales.ClauseP3_1:
		return true, st.has(FieldPlannedAt)
	case aftersales.ClauseP3_2:
		return true, st.has(FieldCompletedAt)
	case aftersales.ClauseP3_3:
		return st.has(FieldReportedAt), st.has(FieldCoordinatedAt)
	case aftersales.ClauseP4_1:
		return true, st.has(FieldAcceptedAt)
	case aftersales.ClauseP4_2:
		return true, st.has(FieldVisitedAt)
	}
	return false, false
}
