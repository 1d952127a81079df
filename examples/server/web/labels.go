package web

import (
	"context"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

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
	return []option{{Value: "", Label: "请选择"}, {Value: string(aftersales.Simple), Label: aftersales.Simple.Label() + "（5 个工作日内完成）"},
		{Value: string(aftersales.Complex), Label: aftersales.Complex.Label() + "（10 个工作日内完成）"}}
}

func satisfactionOptions() []option {
	out := []option{{Value: "", Label: "请选择"}}
	for n := 5; n >= 1; n-- {
		out = append(out, option{Value: strconv.Itoa(n), Label: strconv.Itoa(n) + " " + aftersales.SatisfactionLabel(n)})
	}
	return out
}

func complaintTypeOptions() []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, t := range []complaint.Type{complaint.TypeQuality, complaint.TypeService, complaint.TypeDelay, complaint.TypeCharge, complaint.TypeOther} {
		out = append(out, option{Value: string(t), Label: t.Label()})
	}
	return out
}

func receiverOptions() []option {
	return []option{{Value: "", Label: "按登记人确定"}, {Value: string(complaint.ToAfterSales), Label: complaint.ToAfterSales.Label()},
		{Value: string(complaint.ToGeneralManager), Label: complaint.ToGeneralManager.Label()}}
}

func classOptions(empty string) []option {
	out := []option{{Value: "", Label: empty}}
	for _, c := range warranty.Classes() {
		out = append(out, option{Value: string(c), Label: c.Label()})
	}
	return out
}

func topicOptions() []option {
	return []option{{Value: "", Label: "请选择"}, {Value: string(staff.TopicProcess), Label: staff.TopicProcess.Label()},
		{Value: string(staff.TopicCommunication), Label: staff.TopicCommunication.Label()},
		{Value: string(staff.TopicQuality), Label: staff.TopicQuality.Label()}, {Value: "custom", Label: "其他（在下方填写）"}}
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
	n := &names{depts: map[string]string{}, people: map[string]string{}, projects: map[string]string{}}
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

// Dept returns a department's name in the organisation, or the library's
// name of a well-known department, or its ID.
func (n *names) Dept(id string) string {
	if v := n.depts[id]; v != "" {
		return v
	}
	return aftersales.DepartmentLabel(id)
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
