package web

import (
	"net/http"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
)

// setupStep is one step of the first run's checklist.
type setupStep struct {
	What, Why, Link string
	Done            bool
}

// firstRun walks an empty company through the minimum setup: the steps
// the regulation needs before the desk can work (G4: the after-sales
// department and its head; P2.1: the departments a request is forwarded
// to; G2, G4.3: projects and their specialists; the people's tokens; W1:
// the warranties), each marked done or not, with where to do it.
func (h *Handler) firstRun(w http.ResponseWriter, r *http.Request, u *user) {
	n, err := h.names(r.Context())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	o := n.org
	kinds := map[aftersales.DepartmentKind]bool{}
	for _, d := range o.Departments {
		if !d.Closed {
			kinds[d.Kind] = true
		}
	}
	_, hasHead := o.Head()
	people, specialists := 0, 0
	for _, p := range o.People {
		if p.Active && p.Role != aftersales.RoleGeneralManager {
			people++
		}
	}
	for _, a := range o.Appointments {
		if a.Current() && a.FiledAt != nil {
			specialists++
		}
	}
	tokens := 0
	if h.cfg.TokenDesk != nil && api.MayIssue(u.Actor) == nil {
		list, err := h.cfg.TokenDesk.List(r.Context())
		if err == nil {
			for _, t := range list {
				if t.Revoked.IsZero() && t.PersonID != u.Actor.ID {
					tokens++
				}
			}
		}
	}
	warranties := 0
	if ws, err := h.cfg.Warranties.List(r.Context()); err == nil {
		warranties = len(ws)
	}
	steps := []setupStep{
		{What: "建立售后管理部", Why: "负责登记、转达、协调和回访（G4.2、P1.2）", Link: "/staff#departments", Done: kinds[aftersales.DeptKindAfterSales]},
		{What: "建立项目部、设计部、物资采购部", Why: "按问题原因转达责任部门（P2.1）", Link: "/staff#departments",
			Done: kinds[aftersales.DeptKindProject] && kinds[aftersales.DeptKindDesign] && kinds[aftersales.DeptKindProcurement]},
		{What: "登记人员并任命售后管理部部长", Why: "售后管理小组和各部门的人员（G4.1、G4.2）", Link: "/staff#h-people", Done: people > 0 && hasHead},
		{What: "登记项目及其项目部和项目经理", Why: "项目的施工问题转给其项目部（G2、P2.1）", Link: "/staff#h-projects", Done: len(o.Projects) > 0},
		{What: "任命并备案各项目的售后专员", Why: "项目经理任命，售后管理部备案（G4.3）", Link: "/staff#h-projects", Done: specialists > 0},
		{What: "给每位人员发放访问令牌", Why: "用于登录服务台和调用接口", Link: "/staff#tokens", Done: tokens > 0},
		{What: "建立项目的质保记录并记录起算", Why: "质保期和各部位保修期（W1.1）", Link: "/warranties", Done: warranties > 0},
	}
	h.render(w, r, http.StatusOK, "firstrun", pageData{Title: "开始使用", User: u, Nav: "start", Data: steps})
}

// startPage is where a person starts: the customer's page, the setup
// checklist for the general manager of an empty company (its first
// sign-in), or the queue.
func (h *Handler) startPage(r *http.Request, u *user) string {
	switch {
	case u.Customer:
		return "/portal"
	case u.Actor.Role == aftersales.RoleGeneralManager && h.needsSetup(r):
		return "/start"
	}
	return "/queue"
}

// needsSetup reports whether the organisation is still empty: nobody but
// the general manager the server put there on its first start.
func (h *Handler) needsSetup(r *http.Request) bool {
	o, err := h.cfg.Staff.Organisation(r.Context())
	if err != nil {
		return false
	}
	for _, p := range o.People {
		if p.Role != aftersales.RoleGeneralManager {
			return false
		}
	}
	return true
}
