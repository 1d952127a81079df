package ledger

// Kind is what a ledger table records: after-sales requests (the
// 客户反馈登记表, P1–P4) or complaints (the 客户投诉登记表, C2–C4).
type Kind string

// The kinds of table.
const (
	Requests   Kind = "requests"
	Complaints Kind = "complaints"
)

// Label returns the kind's Chinese name, the form it is kept on.
func (k Kind) Label() string {
	return map[Kind]string{Requests: "客户反馈登记表", Complaints: "客户投诉登记表"}[k]
}

// Field is one thing a ledger row records, such as FieldReceivedAt. A
// Mapping says which column holds it.
type Field string

// The fields both kinds of table share.
const (
	FieldID          Field = "id"          // 登记编号 / 投诉编号; rows without one are named by sheet and row
	FieldCustomer    Field = "customer"    // 客户 / 投诉人
	FieldContact     Field = "contact"     // 联系方式
	FieldProject     Field = "project"     // 项目编号
	FieldDescription Field = "description" // 问题描述 / 投诉内容
	FieldChannel     Field = "channel"     // 反馈方式 / 投诉方式 (P1.1, C1)
	FieldReceivedAt  Field = "received_at" // 接收时间: P1.2 and C2.1 run from here; required
	FieldCause       Field = "cause"       // 问题原因 / 投诉原因 (P2.1)
	FieldDepartment  Field = "department"  // 责任部门; several separated by 、
	FieldForwardedAt Field = "forwarded_at"
	FieldPlannedAt   Field = "planned_at"
	FieldWithdrawnAt Field = "withdrawn_at"
)

// The fields of a request table (客户反馈登记表).
const (
	FieldLocation         Field = "location"
	FieldUrgent           Field = "urgent"    // 是否紧急 (P1.3)
	FieldUrgentAt         Field = "urgent_at" // 紧急处理时间 (P1.3)
	FieldComplexity       Field = "complexity"
	FieldFirstCompletedAt Field = "first_completed_at" // the completion the customer rejected (P4.1)
	FieldRejectedAt       Field = "rejected_at"        // 验收不合格时间: opens a rework round
	FieldCompletedAt      Field = "completed_at"       // 处理完毕: P4.2 runs from here
	FieldAcceptedAt       Field = "accepted_at"
	FieldSignedBy         Field = "signed_by"
	FieldVisitedAt        Field = "visited_at"
	FieldVisitedBy        Field = "visited_by"
	FieldSatisfaction     Field = "satisfaction"
	FieldClosedAt         Field = "closed_at"
	// Feedback to the customer and coordination, each judged only when the
	// ledger has its column.
	FieldUrgentFeedbackAt Field = "urgent_feedback_at" // 紧急处理反馈时间 (P1.3 feedback)
	FieldProgressAt       Field = "progress_at"        // 进展反馈时间 (P3.2 progress, complex problems)
	FieldResultFeedbackAt Field = "result_feedback_at" // 结果反馈时间 (P3.2 feedback)
	FieldReportedAt       Field = "reported_at"        // 上报困难时间 (P3.3)
	FieldCoordinatedAt    Field = "coordinated_at"     // 协调时间 (P3.3)
)

// The fields of a complaint table (客户投诉登记表).
const (
	FieldType            Field = "type"              // 投诉类型
	FieldMajor           Field = "major"             // 重大投诉 (C2.2)
	FieldMajorAt         Field = "major_at"          // 认定重大投诉时间; the receipt when absent
	FieldEmergencyAt     Field = "emergency_at"      // 应急预案启动时间 (C2.2)
	FieldMajorFeedbackAt Field = "major_feedback_at" // 重大投诉反馈时间 (C2.2)
	FieldAnsweredAt      Field = "answered_at"       // 处理结果反馈时间 (C4.1)
	FieldEscalatedAt     Field = "escalated_at"      // 不满意升级时间 (C4.2)
	FieldReansweredAt    Field = "reanswered_at"     // 升级后反馈时间 (C4.1 at the next level)
	FieldResolvedAt      Field = "resolved_at"       // 客户确认满意时间
)

// fieldSpec is a field of a kind of table: its default header (the label
// the project's own export gives it) and whether it holds a time.
type fieldSpec struct {
	field  Field
	header string
	time   bool
}

// requestFields are the columns of a request table in the order a row is
// read; the default headers are those of export.FeedbackForm and
// export.VisitRecord, with the times each step happened.
var requestFields = []fieldSpec{
	{FieldID, "登记编号", false}, {FieldCustomer, "客户", false}, {FieldContact, "联系方式", false},
	{FieldProject, "项目编号", false}, {FieldLocation, "部位或位置", false}, {FieldDescription, "问题描述", false},
	{FieldChannel, "反馈方式", false}, {FieldReceivedAt, "接收时间", true}, {FieldCause, "问题原因", false},
	{FieldUrgent, "是否紧急", false}, {FieldUrgentAt, "紧急处理时间", true}, {FieldDepartment, "责任部门", false},
	{FieldForwardedAt, "转达时间", true}, {FieldPlannedAt, "方案制定时间", true}, {FieldComplexity, "问题类别", false},
	{FieldFirstCompletedAt, "首次完成时间", true}, {FieldRejectedAt, "验收不合格时间", true},
	{FieldCompletedAt, "完成时间", true}, {FieldAcceptedAt, "验收时间", true}, {FieldSignedBy, "验收签字人", false},
	{FieldVisitedAt, "回访时间", true}, {FieldVisitedBy, "回访人", false}, {FieldSatisfaction, "满意度", false},
	{FieldClosedAt, "关闭时间", true}, {FieldWithdrawnAt, "撤回时间", true},
	{FieldUrgentFeedbackAt, "紧急处理反馈时间", true}, {FieldProgressAt, "进展反馈时间", true},
	{FieldResultFeedbackAt, "结果反馈时间", true}, {FieldReportedAt, "上报困难时间", true},
	{FieldCoordinatedAt, "协调时间", true},
}

// complaintFields are the columns of a complaint table; the default
// headers are those of export.ComplaintForm, with the times of each step.
var complaintFields = []fieldSpec{
	{FieldID, "投诉编号", false}, {FieldCustomer, "投诉人", false}, {FieldContact, "联系方式", false},
	{FieldProject, "项目编号", false}, {FieldType, "投诉类型", false}, {FieldCause, "投诉原因", false},
	{FieldDescription, "投诉内容", false}, {FieldChannel, "投诉方式", false}, {FieldReceivedAt, "接收时间", true},
	{FieldMajor, "重大投诉", false}, {FieldMajorAt, "认定时间", true}, {FieldEmergencyAt, "应急预案启动时间", true},
	{FieldMajorFeedbackAt, "重大投诉反馈时间", true}, {FieldDepartment, "责任部门", false},
	{FieldForwardedAt, "转达时间", true}, {FieldPlannedAt, "方案制定时间", true},
	{FieldAnsweredAt, "处理结果反馈时间", true}, {FieldEscalatedAt, "升级时间", true},
	{FieldReansweredAt, "升级后反馈时间", true}, {FieldResolvedAt, "客户确认满意时间", true},
	{FieldWithdrawnAt, "撤回时间", true},
}

// fields returns the columns of a kind of table.
func (k Kind) fields() []fieldSpec {
	if k == Complaints {
		return complaintFields
	}
	return requestFields
}

// spec returns the spec of f in a kind of table.
func (k Kind) spec(f Field) (fieldSpec, bool) {
	for _, s := range k.fields() {
		if s.field == f {
			return s, true
		}
	}
	return fieldSpec{}, false
}

// DefaultHeaders returns the default header of each field of a kind of
// table: the labels of the project's own exported forms.
func DefaultHeaders(k Kind) map[Field]string {
	m := make(map[Field]string, len(k.fields()))
	for _, s := range k.fields() {
		m[s.field] = s.header
	}
	return m
}
