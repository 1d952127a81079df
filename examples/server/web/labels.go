package web

import (
	"context"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

func roleLabel(r aftersales.Role) string {
	return map[aftersales.Role]string{aftersales.RoleGeneralManager: "总经理", aftersales.RoleAfterSalesHead: "售后管理部部长",
		aftersales.RoleAfterSalesStaff: "售后管理部", aftersales.RoleSpecialist: "项目售后专员",
		aftersales.RoleDepartmentStaff: "责任部门", aftersales.RoleCustomer: "客户", aftersales.RoleSystem: "系统"}[r]
}

// clauseWhat says in Chinese what a deadline's step is: a request's from
// the library, a complaint's here.
func clauseWhat(d aftersales.Deadline) string {
	c, event := d.Clause, d.Event
	switch c {
	case complaint.ClauseC2_1:
		return "投诉转达责任部门"
	case complaint.ClauseC2_2:
		if event == "declared_major" {
			return "启动应急预案"
		}
		return "向客户反馈处理情况"
	case complaint.ClauseC3_1:
		return "投诉调查核实并制定方案"
	case complaint.ClauseC4_1:
		return "向客户反馈处理结果"
	}
	return d.What()
}

func channelOptions() []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, c := range []aftersales.Channel{aftersales.ChannelPhone, aftersales.ChannelEmail, aftersales.ChannelWeChat, aftersales.ChannelOnSite} {
		out = append(out, option{Value: string(c), Label: c.Label()})
	}
	return out
}

func pauseReasonOptions() []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, r := range aftersales.PauseReasons() {
		out = append(out, option{Value: string(r), Label: r.Label()})
	}
	return out
}

func causeOptions(empty string) []option {
	out := []option{{Value: "", Label: empty}}
	for _, c := range []aftersales.Cause{aftersales.CauseConstruction, aftersales.CauseMaterial, aftersales.CauseDesign, aftersales.CauseOther,
		aftersales.CauseMisuse, aftersales.CauseThirdParty, aftersales.CauseForceMajeure} {
		out = append(out, option{Value: string(c), Label: c.Label()})
	}
	return out
}

func complexityOptions() []option {
	return []option{{Value: "", Label: "请选择"}, {Value: string(aftersales.Simple), Label: "简单（5 个工作日内完成）"},
		{Value: string(aftersales.Complex), Label: "复杂（10 个工作日内完成）"}}
}

func satisfactionOptions() []option {
	return []option{{Value: "", Label: "请选择"}, {Value: "5", Label: "5 很满意"}, {Value: "4", Label: "4 满意"},
		{Value: "3", Label: "3 一般"}, {Value: "2", Label: "2 不满意"}, {Value: "1", Label: "1 很不满意"}}
}

func complaintTypeOptions() []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, t := range []complaint.Type{complaint.TypeQuality, complaint.TypeService, complaint.TypeDelay, complaint.TypeCharge, complaint.TypeOther} {
		out = append(out, option{Value: string(t), Label: t.Label()})
	}
	return out
}

func receiverOptions() []option {
	return []option{{Value: "", Label: "按登记人确定"}, {Value: string(complaint.ToAfterSales), Label: "售后管理部"},
		{Value: string(complaint.ToGeneralManager), Label: "公司总经理"}}
}

func classOptions(empty string) []option {
	out := []option{{Value: "", Label: empty}}
	for _, c := range warranty.Classes {
		out = append(out, option{Value: string(c), Label: c.Label()})
	}
	return out
}

func topicOptions() []option {
	return []option{{Value: "", Label: "请选择"}, {Value: string(staff.TopicProcess), Label: staff.TopicProcess.Label()},
		{Value: string(staff.TopicCommunication), Label: staff.TopicCommunication.Label()},
		{Value: string(staff.TopicQuality), Label: staff.TopicQuality.Label()}, {Value: "custom", Label: "其他（在下方填写）"}}
}

// componentLabel names a component class in Chinese, or returns what was
// typed.
func componentLabel(s string) string {
	if c, err := warranty.ParseClass(s); err == nil {
		return c.Label()
	}
	return s
}

func satisfactionLabel(n int) string {
	return map[int]string{5: "很满意", 4: "满意", 3: "一般", 2: "不满意", 1: "很不满意"}[n]
}

// fmtPercent formats a rate in percent, or a dash when there is none.
func fmtPercent(d *decimal.Decimal) string {
	if d == nil {
		return "—"
	}
	return d.StringFixed(2) + "%"
}

// names resolves department, person and project IDs to their names from
// the organisation.
type names struct {
	depts    map[string]string
	people   map[string]string
	projects map[string]string
	org      *staff.Organisation
}

func (h *Handler) names(ctx context.Context) (*names, error) {
	n := &names{depts: map[string]string{aftersales.DeptAfterSales: "售后管理部", aftersales.DeptProcurement: "物资采购部",
		aftersales.DeptDesign: "设计部"}, people: map[string]string{}, projects: map[string]string{}}
	o, err := h.cfg.Staff.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	n.org = o
	for _, d := range o.Departments {
		if d.Name != "" {
			n.depts[d.ID] = d.Name
		}
	}
	for _, p := range o.People {
		n.people[p.ID] = p.Name
	}
	for _, p := range o.Projects {
		n.projects[p.ID] = p.Name
	}
	return n, nil
}

// Dept returns a department's name, or its ID.
func (n *names) Dept(id string) string {
	if v := n.depts[id]; v != "" {
		return v
	}
	return id
}

// Person returns a person's name, or their ID.
func (n *names) Person(id string) string {
	if v := n.people[id]; v != "" {
		return v
	}
	return id
}

// Project returns a project's name, or its ID.
func (n *names) Project(id string) string {
	if id == "" {
		return "—"
	}
	if v := n.projects[id]; v != "" {
		return v
	}
	return id
}

// DeptOptions lists the working departments a request can be forwarded
// to, each once: those of the organisation, since the library refuses any
// other (P2.1).
func (n *names) DeptOptions() []option {
	var out []option
	seen := map[string]bool{}
	for _, d := range n.org.Departments {
		if d.ID != aftersales.DeptAfterSales && !d.Closed && !seen[d.ID] {
			out = append(out, option{Value: d.ID, Label: n.Dept(d.ID)})
			seen[d.ID] = true
		}
	}
	for _, p := range n.org.Projects {
		if p.DepartmentID != "" && !seen[p.DepartmentID] {
			out = append(out, option{Value: p.DepartmentID, Label: n.Dept(p.DepartmentID)})
			seen[p.DepartmentID] = true
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	return out
}

// PeopleOptions lists the active people a request can be forwarded to
// (P1.2 "或人员"), with their departments.
func (n *names) PeopleOptions() []option {
	var out []option
	for _, p := range n.org.People {
		if p.Active && p.DepartmentID != "" && p.Role != aftersales.RoleCustomer {
			out = append(out, option{Value: p.ID, Label: p.Name + "（" + n.Dept(p.DepartmentID) + "）"})
		}
	}
	return out
}
