package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

// warrantiesData is the warranties page: every project's warranty, and
// the form that sets one up for a project that has none (W1.1, W2.1).
type warrantiesData struct {
	Rows     []warrantyRow
	Setup    *form
	Projects []option       // the projects without a warranty record
	Terms    []contractSlot // the contract's term per component class
}

// contractSlot is one component class's field for the contract's term on
// the setup form: in years, or for heating and cooling in seasons.
type contractSlot struct {
	Class             warranty.Class
	Seasons           bool // the law counts this class's term in heating or cooling seasons
	Name, Label, Hint string
}

// contractSlots are the setup form's contract fields, one per class the
// law sets a floor for, with the floor as the hint.
func contractSlots() []contractSlot {
	var out []contractSlot
	for _, c := range warranty.Classes() {
		if c == warranty.Other {
			continue // no floor and no statutory term: the general term applies
		}
		floor := warranty.StatutoryFloor(c, 0)
		slot := contractSlot{Class: c, Seasons: floor.Seasons > 0, Name: "contract_" + string(c), Label: c.Label() + "（年）"}
		switch {
		case slot.Seasons:
			slot.Label, slot.Hint = c.Label()+"（采暖期或供冷期数）", sprintf("法定最低 %d 个；需填写采暖制冷所在地区", floor.Seasons)
		case floor.DesignLife:
			slot.Hint = "法定最低为设计使用年限"
		default:
			slot.Hint = sprintf("法定最低 %d 年", floor.Years)
		}
		out = append(out, slot)
	}
	return out
}

// contractTerms reads the contract fields: each filled one a term, each
// checked by the library against its floor (W1.1) with the refusal next
// to its field. designLife 0 (not given or wrong) skips the check, which
// SetUp makes once it is known.
func contractTerms(f *form, designLife int) []warranty.ContractTerm {
	var out []warranty.ContractTerm
	for _, slot := range contractSlots() {
		v := strings.TrimSpace(f.Get(slot.Name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			f.set(slot.Name, "应为正整数")
			continue
		}
		ct := warranty.ContractTerm{Class: slot.Class, Years: n}
		if slot.Seasons {
			ct = warranty.ContractTerm{Class: slot.Class, Seasons: n}
		}
		if designLife > 0 {
			var de *aftersales.Error
			if err := warranty.CheckContract(ct, designLife); errors.As(err, &de) {
				f.set(slot.Name, de.Message)
				continue
			}
		}
		out = append(out, ct)
	}
	return out
}

// renderWarranties shows the list with the setup form (the after-sales
// department's, whose staff the library lets set warranties up).
func (h *Handler) renderWarranties(w http.ResponseWriter, r *http.Request, u *user, status int, rows []warrantyRow, setup *form) {
	d := warrantiesData{Rows: rows, Terms: contractSlots()}
	if u.Desk {
		n, err := h.names(r.Context())
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		has := map[string]bool{}
		for _, x := range rows {
			has[x.W.ProjectID] = true
		}
		d.Projects = []option{{Value: "", Label: "请选择"}}
		for _, p := range n.org.Projects {
			if !has[p.ID] {
				d.Projects = append(d.Projects, option{Value: p.ID, Label: p.Name})
			}
		}
		if len(d.Projects) > 1 || setup.Invalid() {
			d.Setup = setup
		}
	}
	h.render(w, r, status, "warranties", pageData{Title: "质保管理", User: u, Nav: "warranties", Wide: true, Data: d})
}

// setUpWarranty creates a project's warranty record: the structure's
// design life, the general term (W1.1, 2 years unless agreed longer), the
// inspection interval (W2.2) and the planned start the W2.1 notice counts
// from, and the contract's term per component where it is longer than the
// law's floor.
func (h *Handler) setUpWarranty(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("warranty", "/warranties", r.PostForm)
	f.Alias = map[string]string{"project_id": "project_id", "project_unknown": "project_id", "warranty_exists": "project_id",
		"design_life_required": "design_life", "design_life_invalid": "design_life", "general_years_invalid": "general_years",
		"inspection_interval_invalid": "inspection_every", "planned_start_invalid": "planned_start",
		"region_seasons_unknown": "region", "contract_term_invalid": "contract", "below_statutory_floor": "contract"}
	number := func(name, label string, required bool) int {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			if required {
				f.set(name, "请填写"+label)
			}
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			f.set(name, label+"应为正整数")
		}
		return n
	}
	cmd := warranty.SetUpCommand{ProjectID: strings.TrimSpace(f.Get("project_id")), Actor: u.actor(),
		DesignLifeYears: number("design_life", "设计使用年限", true), GeneralYears: number("general_years", "一般质保期（年）", false),
		InspectionEvery: number("inspection_every", "巡查间隔（月）", false), Region: strings.TrimSpace(f.Get("region"))}
	if strings.TrimSpace(f.Get("planned_start")) != "" {
		cmd.PlannedStart = f.parseDate("planned_start", "计划竣工验收日期")
	}
	cmd.Contract = contractTerms(f, cmd.DesignLifeYears)
	if cmd.ProjectID == "" {
		f.set("project_id", "请选择项目")
	}
	status := http.StatusBadRequest
	if !f.Invalid() {
		_, err := h.cfg.Warranties.SetUp(r.Context(), cmd)
		if err == nil {
			http.Redirect(w, r, "/warranties/"+url.PathEscape(cmd.ProjectID)+"?ok=warranty", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, "project_id", "design_life", "general_years", "inspection_every", "planned_start", "region", "contract")
	}
	ws, err := h.cfg.Warranties.List(r.Context())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	var rows []warrantyRow
	for _, x := range ws {
		rows = append(rows, warrantyRow{W: x})
	}
	h.renderWarranties(w, r, u, status, rows, f)
}

// recordStart records when the warranty started, on what basis and with
// what evidence (W1.1; 施工合同解释（一）第九条).
func (h *Handler) recordStart(w http.ResponseWriter, r *http.Request, u *user) {
	id := r.PathValue("project")
	f := formFrom("start", "/warranties/"+id+"/start", r.PostForm)
	f.TimeField = "date"
	f.Alias = map[string]string{"start_basis_invalid": "basis", "start_evidence": "evidence", "evidence_required": "evidence",
		"start_date_invalid": "date"}
	st := warranty.Start{Basis: warranty.StartBasis(strings.TrimSpace(f.Get("basis"))), Evidence: f.Get("evidence")}
	if strings.TrimSpace(f.Get("date")) == "" {
		f.set("date", "请填写起算日期")
	} else {
		st.Date = f.parseDate("date", "起算日期")
	}
	status := http.StatusBadRequest
	if !f.Invalid() {
		_, err := h.cfg.Warranties.RecordStart(r.Context(), id, warranty.StartCommand{Start: st, Actor: u.actor(), Version: f.version()})
		if err == nil {
			http.Redirect(w, r, "/warranties/"+url.PathEscape(id)+"?ok=warranty_start", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, "basis", "date", "evidence")
	}
	h.showWarranty(w, r, u, status, f, "")
}

// startBases are the bases a warranty may start from, for the form.
func startBases() []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, b := range []warranty.StartBasis{warranty.BasisAcceptance, warranty.BasisReport, warranty.BasisHandover} {
		out = append(out, option{Value: string(b), Label: b.Label()})
	}
	return out
}
