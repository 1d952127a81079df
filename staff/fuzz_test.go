package staff_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/staff"
)

// The fuzz targets of this file use the prefix sz for every top-level
// identifier, so that they do not collide with the package's other
// external tests.

// szMaxSteps is the most commands one FuzzOrganisation input runs; longer
// inputs are cut.
const szMaxSteps = 64

// szReader hands out the bytes of a fuzz input, then zeros.
type szReader struct {
	data []byte
	i    int
}

func (r *szReader) done() bool { return r.i >= len(r.data) }

func (r *szReader) next() byte {
	if r.done() {
		return 0
	}
	b := r.data[r.i]
	r.i++
	return b
}

// szPick returns one of xs, chosen by b.
func szPick[T any](b byte, xs []T) T { return xs[int(b)%len(xs)] }

// What a FuzzOrganisation step can choose from. The IDs people are put
// with include the empty ID and one that trims to p1; the IDs commands
// refer to include an unknown and the empty one.
var (
	szPutIDs  = []string{"p0", "p1", "p2", "p3", "p4", "", " p1 "}
	szRefIDs  = []string{"p0", "p1", "p2", "p3", "p4", "ghost", ""}
	szNames   = []string{"张三", "李四", "", "   ", strings.Repeat("名", 201), "\xff"}
	szRoles   = []aftersales.Role{aftersales.RoleSpecialist, aftersales.RoleSpecialist, aftersales.RoleDepartmentStaff, aftersales.RoleAfterSalesStaff, aftersales.RoleAfterSalesHead, aftersales.RoleGeneralManager, aftersales.RoleCustomer, aftersales.RoleSystem, "", "boss"}
	szDepts   = []string{"D0", "D1", ""}
	szProjs   = []string{"P0", "P1", "P2"}
	szAnyProj = []string{"P0", "P1", "P2", "P-ghost", ""}
	szKinds   = []aftersales.ProjectKind{"", aftersales.Residential, aftersales.Commercial, "castle"}
)

// The actors of the organisation commands: the two who may change it
// (G4.1, G4.2), two who may not, and one without an ID.
var szAdmins = []aftersales.Actor{
	{ID: "gm", Role: aftersales.RoleGeneralManager},
	{ID: "head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales},
	{ID: "as", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales},
	{ID: "p0", Role: aftersales.RoleDepartmentStaff},
	{ID: "", Role: aftersales.RoleGeneralManager},
}

// The actors of a filing: the after-sales department may file (G4.3),
// nobody else.
var szFilers = []aftersales.Actor{
	{ID: "head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales},
	{ID: "as", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales},
	{ID: "gm", Role: aftersales.RoleGeneralManager},
	{ID: "p1", Role: aftersales.RoleSpecialist},
	{ID: "p0", Role: aftersales.RoleDepartmentStaff},
	{ID: "c-1", Role: aftersales.RoleCustomer},
	{ID: "", Role: aftersales.RoleAfterSalesHead},
}

// The commands of a step, in the order of op % szCommands.
const (
	szPutPerson = iota
	szPutDepartment
	szPutProject
	szAppoint
	szFile
	szReappoint // the project's current specialist again, by its manager
	szTick      // the clock moves on
	szChangeHead
	szCommands
)

// szHarness is one FuzzOrganisation run: a Service over a MemStore with a
// clock the input moves forward.
type szHarness struct {
	t     *testing.T
	ctx   context.Context
	now   time.Time
	store *staff.MemStore
	svc   *staff.Service
}

func szNewHarness(t *testing.T) *szHarness {
	h := &szHarness{t: t, ctx: context.Background(), now: time.Date(2026, 5, 6, 9, 0, 0, 0, calendar.CST()), store: staff.NewMemStore()}
	svc, err := staff.NewService(staff.Config{Store: h.store, Clock: aftersales.ClockFunc(func() time.Time { return h.now })})
	require.NoError(t, err)
	h.svc = svc
	return h
}

func (h *szHarness) org() *staff.Organisation {
	o, err := h.store.Organisation(h.ctx)
	require.NoError(h.t, err)
	require.NotNil(h.t, o)
	return o
}

func (h *szHarness) history() []staff.Change {
	c, err := h.store.History(h.ctx)
	require.NoError(h.t, err)
	return c
}

// szCurrent returns a project's current appointment.
func szCurrent(o *staff.Organisation, projectID string) (staff.Appointment, bool) {
	for _, a := range o.Appointments {
		if a.ProjectID == projectID && a.Current() {
			return a, true
		}
	}
	return staff.Appointment{}, false
}

func szManager(o *staff.Organisation, projectID string) (string, bool) {
	for _, p := range o.Projects {
		if p.ID == projectID {
			return p.ManagerID, true
		}
	}
	return "", false
}

func szMayAdminister(a aftersales.Actor) bool {
	return a.Role == aftersales.RoleGeneralManager || a.Role == aftersales.RoleAfterSalesHead
}

// szValidText mirrors aftersales.Text for a required field of at most 200
// characters.
func szValidText(s string) bool {
	_, err := aftersales.Text(s, true, 200, "x", "x")
	return err == nil
}

// step runs one command chosen by four bytes and checks the invariants.
func (h *szHarness) step(op, x, y, z byte) string {
	t := h.t
	before, beforeHistory := h.org(), h.history()
	var (
		o        *staff.Organisation
		err      error
		typ      string
		actor    aftersales.Actor
		mustFail bool // the command breaks a rule and must be refused
		mustPass bool // the command breaks no rule and must be accepted
		desc     string
	)
	switch int(op) % szCommands {
	case szPutPerson:
		p := staff.Person{ID: szPick(x, szPutIDs), Name: szPick(y, szNames), Role: szPick(z, szRoles),
			DepartmentID: szPick(x/7, szDepts), Active: (y/6)%4 != 0}
		actor, typ = szPick(op/szCommands, szAdmins), "person"
		desc = fmt.Sprintf("PutPerson(%+v) by %+v", p, actor)
		valid := szValidText(p.ID) && szValidText(p.Name) && p.Role.Valid() && p.Role != aftersales.RoleSystem &&
			p.Role != aftersales.RoleCustomer
		// The last active general manager stays one (G4.1).
		lastGM := false
		if !(p.Active && p.Role == aftersales.RoleGeneralManager) {
			was, others := false, false
			for _, x := range h.org().People {
				if x.Active && x.Role == aftersales.RoleGeneralManager {
					was, others = was || x.ID == strings.TrimSpace(p.ID), others || x.ID != strings.TrimSpace(p.ID)
				}
			}
			lastGM = was && !others
		}
		valid = valid && !lastGM
		// Only the general manager appoints or changes the leaders (G4.1, G4.2).
		before, _ := h.org().Person(p.ID)
		leaders := szLeads(p.Role) || szLeads(before.Role)
		// One head (G4.2): no second active after-sales head.
		second := false
		if p.Role == aftersales.RoleAfterSalesHead && p.Active {
			if cur, ok := h.org().Head(); ok && cur.ID != strings.TrimSpace(p.ID) {
				second = true
			}
		}
		mustFail = !szMayAdminister(actor) || !valid || (leaders && actor.Role != aftersales.RoleGeneralManager) || second
		mustPass = szMayAdminister(actor) && actor.ID != "" && valid && (!leaders || actor.Role == aftersales.RoleGeneralManager) && !second
		o, err = h.svc.PutPerson(h.ctx, p, actor)
	case szPutDepartment:
		d := staff.Department{Department: aftersales.Department{ID: szPick(x, szDepts), Name: szPick(y, []string{"项目部", "", "售后管理部"}),
			Kind: aftersales.DeptKindProject, Closed: (y/3)%2 == 1}, HeadID: szPick(z, append(slices.Clone(szRefIDs), "", ""))}
		actor, typ = szPick(op/szCommands, szAdmins), "department"
		desc = fmt.Sprintf("PutDepartment(%+v) by %+v", d, actor)
		_, headKnown := before.Person(d.HeadID)
		// A 项目部 a project still names is not closed (P2.1).
		inUse := false
		for _, pr := range before.Projects {
			inUse = inUse || (d.Closed && pr.DepartmentID == strings.TrimSpace(d.ID))
		}
		mustFail = !szMayAdminister(actor) || (d.HeadID != "" && !headKnown) || inUse
		o, err = h.svc.PutDepartment(h.ctx, d, actor)
	case szPutProject:
		p := staff.Project{Project: aftersales.Project{ID: szPick(x, szProjs), Name: szPick(y, []string{"阳光花园", ""}), Kind: szPick(y/2, szKinds),
			DepartmentID: szPick(x/3, szDepts), SpecialistID: szPick(y/8, szRefIDs)}, ManagerID: szPick(z, szRefIDs)}
		actor, typ = szPick(op/szCommands, szAdmins), "project"
		desc = fmt.Sprintf("PutProject(%+v) by %+v", p, actor)
		_, managerKnown := before.Person(p.ManagerID)
		closed := false // a closed department takes no project (P2.1)
		for _, d := range before.Departments {
			closed = closed || (d.ID == p.DepartmentID && d.Closed)
		}
		mustFail = !szMayAdminister(actor) || !managerKnown || (p.Kind != "" && !p.Kind.Valid()) || closed
		o, err = h.svc.PutProject(h.ctx, p, actor)
	case szAppoint, szReappoint:
		projectID := szPick(x, szAnyProj)
		specialistID := szPick(y, szRefIDs)
		if int(op)%szCommands == szReappoint {
			projectID = szPick(x, szProjs)
			if cur, ok := szCurrent(before, projectID); ok {
				specialistID = cur.SpecialistID
			}
		}
		manager, known := szManager(before, projectID)
		switch z % 4 {
		case 0, 1: // the project's manager
			actor = aftersales.Actor{ID: manager, Role: aftersales.RoleDepartmentStaff}
		case 2: // whoever: perhaps the manager after all
			actor = aftersales.Actor{ID: szPick(z/4, szRefIDs), Role: aftersales.RoleDepartmentStaff}
		case 3: // the after-sales head, who does not appoint (G4.3)
			actor = aftersales.Actor{ID: "head", Role: aftersales.RoleAfterSalesHead}
		}
		if !known {
			actor.ID = "p0"
		}
		typ = "appointment"
		desc = fmt.Sprintf("Appoint(%q, %q) by %+v", projectID, specialistID, actor)
		sp, spKnown := before.Person(specialistID)
		eligible := spKnown && sp.Active && sp.Role == aftersales.RoleSpecialist
		mustFail = !known || actor.ID != manager || !eligible
		mustPass = known && actor.ID != "" && actor.ID == manager && eligible
		o, err = h.svc.Appoint(h.ctx, projectID, specialistID, actor)
	case szFile:
		projectID := szPick(x, szAnyProj)
		actor, typ = szPick(y, szFilers), "filing"
		desc = fmt.Sprintf("File(%q) by %+v", projectID, actor)
		cur, ok := szCurrent(before, projectID)
		filer := actor.Role == aftersales.RoleAfterSalesHead || actor.Role == aftersales.RoleAfterSalesStaff
		mustFail = !filer || !ok || cur.FiledAt != nil
		mustPass = filer && actor.ID != "" && ok && cur.FiledAt == nil
		o, err = h.svc.File(h.ctx, projectID, actor)
	case szChangeHead:
		newHead := szPick(x, szRefIDs)
		actor, typ = szPick(op/szCommands, szAdmins), "head"
		desc = fmt.Sprintf("ChangeHead(%q) by %+v", newHead, actor)
		p, known := before.Person(newHead)
		eligible := known && p.Active && p.Role != aftersales.RoleAfterSalesHead && p.Role != aftersales.RoleGeneralManager
		// Only the general manager changes the head (G4.1, G4.2).
		mustFail = actor.Role != aftersales.RoleGeneralManager || !eligible
		mustPass = actor.Role == aftersales.RoleGeneralManager && actor.ID != "" && eligible
		o, err = h.svc.ChangeHead(h.ctx, newHead, actor)
		if err == nil {
			cur, ok := o.Head()
			require.True(t, ok, "%s: no head after the change", desc)
			require.Equal(t, newHead, cur.ID, "%s", desc)
			if old, ok := before.Head(); ok {
				was, _ := o.Person(old.ID)
				require.Equal(t, aftersales.RoleAfterSalesStaff, was.Role, "%s: the old head becomes after-sales staff", desc)
				require.True(t, was.Active, "%s: the old head stays", desc)
			}
		}
	case szTick:
		h.now = h.now.Add(time.Duration(x)*time.Minute + time.Duration(y)*time.Hour)
		return fmt.Sprintf("tick to %s", h.now.Format(time.DateTime))
	}

	after, afterHistory := h.org(), h.history()
	if err != nil {
		var de *aftersales.Error
		require.True(t, errors.As(err, &de), "%s: want an *aftersales.Error, got %T %v", desc, err, err)
		require.Contains(t, []aftersales.ErrorKind{aftersales.KindInvalid, aftersales.KindForbidden, aftersales.KindNotAllowed, aftersales.KindConflict},
			de.Kind, "%s: unexpected kind: %v", desc, err)
		require.NotEmpty(t, de.Code, "%s: an error without a code: %v", desc, err)
		require.NotEmpty(t, de.Message, "%s: an error without a message: %v", desc, err)
		require.Nil(t, o, "%s: a refused command returned an organisation", desc)
		require.False(t, mustPass, "%s: refused, but it breaks no rule: %v", desc, err)
		require.Equal(t, before, after, "%s: a refused command changed the organisation", desc)
		require.Len(t, afterHistory, len(beforeHistory), "%s: a refused command wrote history", desc)
		desc += " → " + de.Code
	} else {
		require.False(t, mustFail, "%s: accepted, but it breaks a rule", desc)
		require.NotNil(t, o, "%s", desc)
		require.Equal(t, before.Version+1, after.Version, "%s: the version must go up by one", desc)
		require.Equal(t, o, after, "%s: the Service returned something other than what it stored", desc)
		require.True(t, h.now.Equal(after.UpdatedAt), "%s: UpdatedAt", desc)
		require.Len(t, afterHistory, len(beforeHistory)+1, "%s: one change per accepted command", desc)
		if len(beforeHistory) > 0 {
			require.Equal(t, beforeHistory, afterHistory[:len(beforeHistory)], "%s: the history is append-only", desc)
		}
		last := afterHistory[len(afterHistory)-1]
		require.Equal(t, len(afterHistory), last.Seq, "%s: Seq", desc)
		require.Equal(t, "organisation", last.Subject, "%s", desc)
		require.Equal(t, typ, last.Type, "%s", desc)
		require.Equal(t, actor, last.Actor, "%s", desc)
		require.NotEmpty(t, last.Note, "%s", desc)
	}
	h.invariants(after, desc)
	return desc
}

// invariants checks what must hold of every organisation the Service
// stores.
func (h *szHarness) invariants(o *staff.Organisation, desc string) {
	t := h.t
	current := map[string]staff.Appointment{}
	for i, a := range o.Appointments {
		_, ok := szManager(o, a.ProjectID)
		require.True(t, ok, "%s: appointment %d is of an unknown project %q", desc, i, a.ProjectID)
		require.NotEmpty(t, a.AppointedBy, "%s: appointment %d: AppointedBy", desc, i)
		require.Equal(t, a.FiledAt != nil, a.FiledBy != "", "%s: appointment %d: FiledAt and FiledBy go together", desc, i)
		if a.FiledAt != nil {
			require.False(t, a.FiledAt.Before(a.AppointedAt), "%s: appointment %d filed before it was made", desc, i)
		}
		if !a.Current() {
			continue
		}
		_, dup := current[a.ProjectID]
		require.False(t, dup, "%s: two current appointments on project %s", desc, a.ProjectID)
		current[a.ProjectID] = a
		p, ok := o.Person(a.SpecialistID)
		require.True(t, ok, "%s: the current specialist %q of %s is not a person", desc, a.SpecialistID, a.ProjectID)
		require.Equal(t, aftersales.RoleSpecialist, p.Role, "%s: the current specialist %q of %s is not a specialist", desc, a.SpecialistID, a.ProjectID)
		require.True(t, p.Active, "%s: the current specialist %q of %s is not active", desc, a.SpecialistID, a.ProjectID)
	}
	heads := 0
	for _, p := range o.People {
		if p.Active && p.Role == aftersales.RoleAfterSalesHead {
			heads++
		}
	}
	require.LessOrEqual(t, heads, 1, "%s: more than one active after-sales head (G4.2)", desc)
	look := o.Lookup()
	var open []string
	for _, d := range o.Departments {
		if !d.Closed && d.Kind == aftersales.DeptKindProject {
			open = append(open, d.ID)
		}
	}
	slices.Sort(open)
	got, err := look.DepartmentsOfKind(h.ctx, aftersales.DeptKindProject)
	require.NoError(t, err, "%s", desc)
	require.Equal(t, len(open), len(got), "%s: Lookup().DepartmentsOfKind", desc)
	for i, d := range got {
		require.Equal(t, open[i], d.ID, "%s: Lookup().DepartmentsOfKind", desc)
	}
	for _, p := range o.People {
		_, err := look.Person(h.ctx, p.ID)
		if p.Active {
			require.NoError(t, err, "%s: Lookup().Person(%s)", desc, p.ID)
		} else {
			require.ErrorIs(t, err, aftersales.ErrNotFound, "%s: Lookup().Person(%s) of an inactive person", desc, p.ID)
		}
	}
	dir := o.Directory()
	bySpecialist := map[string][]string{}
	for _, pr := range o.Projects {
		sp, ok := o.Specialist(pr.ID)
		cur, hasCur := current[pr.ID]
		require.Equal(t, hasCur && cur.FiledAt != nil, ok, "%s: Specialist(%s) must be set exactly when the current appointment is filed", desc, pr.ID)
		if ok {
			require.Equal(t, cur.SpecialistID, sp, "%s: Specialist(%s)", desc, pr.ID)
			bySpecialist[sp] = append(bySpecialist[sp], pr.ID)
		}
		dp, err := dir.Project(h.ctx, pr.ID)
		require.NoError(t, err, "%s: Directory().Project(%s)", desc, pr.ID)
		require.Equal(t, sp, dp.SpecialistID, "%s: Directory().Project(%s) and Specialist disagree", desc, pr.ID)
		require.Equal(t, pr.DepartmentID, dp.DepartmentID, "%s: Directory().Project(%s).DepartmentID", desc, pr.ID)
	}
	_, err = dir.Project(h.ctx, "P-ghost")
	require.ErrorIs(t, err, aftersales.ErrNotFound, "%s: Directory().Project of an unknown project", desc)
	for _, id := range szRefIDs {
		want := bySpecialist[id]
		slices.Sort(want)
		require.Equal(t, want, o.SpecialistProjects(id), "%s: SpecialistProjects(%q)", desc, id)
	}
}

// szStep encodes one step: op chooses the command (op % szCommands) and
// the actor (op / szCommands).
func szStep(command, actor int, x, y, z byte) []byte {
	return []byte{byte(actor*szCommands + command), x, y, z}
}

func szSeq(steps ...[]byte) []byte { return slices.Concat(steps...) }

// FuzzOrganisation runs random sequences of organisation commands through
// the Service: people with varied roles, active flags and names;
// departments with existing and unknown heads; projects with existing and
// unknown managers; appointments by the right manager, a wrong person, for
// unknown projects and of non-specialists, repeated on one project;
// filings by the head, the staff and others; second heads and changes of
// head (G4.2); departments closed and reopened. A refused command must be a
// domain error and change nothing; an accepted one moves the version and
// the history on by one; the appointments stay consistent.
func FuzzOrganisation(f *testing.F) {
	const gmA, headA, staffA, pmA, noIDA = 0, 1, 2, 3, 4
	spec, deptStaff, asStaff, head := byte(0), byte(2), byte(3), byte(4)
	active := byte(6) // name index 0, active
	// p0: a project manager; p1, p2: specialists; P0 managed by p0.
	base := szSeq(
		szStep(szPutPerson, gmA, 0, active, deptStaff),
		szStep(szPutPerson, headA, 1, active+1, spec),
		szStep(szPutPerson, headA, 2, active, spec),
		szStep(szPutDepartment, gmA, 0, 0, 0),
		szStep(szPutProject, headA, 0, 0, 0),
	)
	f.Add(szSeq(base, // appointed by the manager and filed by the head
		szStep(szAppoint, 0, 0, 1, 0),
		szStep(szTick, 0, 30, 0, 0),
		szStep(szFile, 0, 0, 0, 0),
	))
	f.Add(szSeq( // refused organisation changes
		szStep(szPutPerson, staffA, 0, active, spec),   // by after-sales staff
		szStep(szPutPerson, pmA, 0, active, spec),      // by a department's staff
		szStep(szPutPerson, noIDA, 0, active, spec),    // without an actor ID
		szStep(szPutPerson, gmA, 5, active, spec),      // the empty ID
		szStep(szPutPerson, gmA, 0, active+2, spec),    // the empty name
		szStep(szPutPerson, gmA, 0, active+3, spec),    // a blank name
		szStep(szPutPerson, gmA, 0, active+4, spec),    // a name too long
		szStep(szPutPerson, gmA, 0, active+5, spec),    // invalid UTF-8
		szStep(szPutPerson, gmA, 0, active, 7),         // the system role
		szStep(szPutPerson, gmA, 0, active, 9),         // an unknown role
		szStep(szPutPerson, gmA, 6, 0, spec),           // " p1 ", inactive
		szStep(szPutDepartment, gmA, 0, 0, 5),          // an unknown head
		szStep(szPutDepartment, gmA, 0, 1, 0),          // no name
		szStep(szPutProject, headA, 0, 0, 5),           // an unknown manager
		szStep(szPutProject, headA, 0, 0, 6),           // no manager
		szStep(szPutProject, headA, 1, 6, 1),           // an unknown kind
		szStep(szPutDepartment, headA, 1, 2, 1),        // the head is p1
		szStep(szPutPerson, headA, 3, active, asStaff), // staff
		szStep(szPutPerson, headA, 4, active, head),    // another head
	))
	f.Add(szSeq(base, // appointments refused
		szStep(szAppoint, 0, 0, 1, 3),  // by the after-sales head
		szStep(szAppoint, 0, 0, 1, 10), // by p2, not the manager
		szStep(szAppoint, 0, 0, 0, 0),  // of the manager, not a specialist
		szStep(szAppoint, 0, 0, 5, 0),  // of nobody
		szStep(szAppoint, 0, 3, 1, 0),  // for an unknown project
		szStep(szAppoint, 0, 4, 1, 0),  // for the empty project
		szStep(szAppoint, 0, 1, 1, 0),  // for a project never put
	))
	f.Add(szSeq(base, // filings by whom, and when
		szStep(szFile, 0, 0, 0, 0), // nothing to file
		szStep(szAppoint, 0, 0, 1, 0),
		szStep(szFile, 0, 0, 2, 0), // by the general manager
		szStep(szFile, 0, 0, 3, 0), // by a specialist
		szStep(szFile, 0, 0, 4, 0), // by a department's staff
		szStep(szFile, 0, 0, 5, 0), // by a customer
		szStep(szFile, 0, 0, 6, 0), // without an actor ID
		szStep(szFile, 0, 0, 1, 0), // by after-sales staff
		szStep(szFile, 0, 0, 0, 0), // again, by the head
		szStep(szFile, 0, 3, 0, 0), // an unknown project
	))
	f.Add(szSeq(base, // repeated appointments of one project
		szStep(szAppoint, 0, 0, 1, 0),
		szStep(szFile, 0, 0, 0, 0),
		szStep(szTick, 0, 5, 1, 0),
		szStep(szReappoint, 0, 0, 0, 0), // p1 again: unfiled again
		szStep(szAppoint, 0, 0, 2, 1),   // p2 instead
		szStep(szReappoint, 0, 0, 0, 0),
		szStep(szFile, 0, 0, 1, 0),
		szStep(szAppoint, 0, 0, 1, 0),
		szStep(szTick, 0, 0, 2, 0),
		szStep(szFile, 0, 0, 0, 0),
	))
	f.Add(szSeq(base, // a second project, a new manager, a specialist made inactive before the appointment
		szStep(szPutProject, gmA, 1, 0, 2), // P1 managed by p2
		szStep(szPutPerson, headA, 3, 0, spec),
		szStep(szAppoint, 0, 1, 3, 0), // p3 is inactive
		szStep(szAppoint, 0, 1, 1, 0), // by p2, P1's manager
		szStep(szPutProject, headA, 1, 0, 0),
		szStep(szAppoint, 0, 1, 2, 0), // P1's manager is p0 now
		szStep(szFile, 0, 1, 1, 0),
	))
	f.Add(szSeq(base, // one head (G4.2): a second is refused, a change of head moves the role
		szStep(szPutPerson, gmA, 3, active, head),    // p3 head: there was none
		szStep(szPutPerson, gmA, 4, active, head),    // p4 a second head: refused
		szStep(szChangeHead, headA, 4, 0, 0),         // by the head: refused
		szStep(szPutPerson, gmA, 4, active, asStaff), // p4 after-sales staff
		szStep(szChangeHead, gmA, 4, 0, 0),           // p4 head, p3 staff
		szStep(szChangeHead, gmA, 4, 0, 0),           // already head
		szStep(szChangeHead, gmA, 5, 0, 0),           // nobody
		szStep(szChangeHead, noIDA, 3, 0, 0),         // without an actor ID
		szStep(szChangeHead, gmA, 1, 0, 0),           // p1, a specialist, becomes head
	))
	f.Add(szSeq(base, // departments closed and reopened (P2.1)
		szStep(szPutDepartment, gmA, 0, 3, 0), // D0 closed: P0 still names it
		szStep(szPutDepartment, gmA, 1, 3, 0), // D1 closed
		szStep(szPutProject, headA, 3, 0, 0),  // P0 to the closed D1: refused
		szStep(szPutDepartment, gmA, 1, 0, 0), // D1 reopened
		szStep(szPutProject, headA, 3, 0, 0),  // P0 to D1
		szStep(szPutDepartment, gmA, 0, 3, 0), // D0 closed now
	))
	f.Fuzz(func(t *testing.T, data []byte) {
		h := szNewHarness(t)
		r := &szReader{data: data}
		for range szMaxSteps {
			if r.done() {
				break
			}
			h.step(r.next(), r.next(), r.next(), r.next())
		}
	})
}

// szDec returns n/100.
func szDec(n int) decimal.Decimal { return decimal.New(int64(n), -2) }

// szScheme builds a Scheme from fuzz bytes. The first byte's bits choose:
// 1 give ServiceQuality what the weights lack of 1; 2 add an unknown
// indicator; 4 cut [0, 100] into contiguous bands (otherwise each band's
// edges come from bytes); 8 move one edge; 16 rotate the bands; 32 a
// negative penalty; 64 a training target of 0.
func szScheme(r *szReader) staff.Scheme {
	flags := r.next()
	s := staff.Scheme{Weights: map[staff.Indicator]decimal.Decimal{}, ComplaintPenalty: szDec(2000), ReworkPenalty: szDec(1000),
		TrainingTarget: szDec(1600)}
	others := 0 // the sum of the weights but ServiceQuality's, in hundredths
	for _, ind := range staff.Indicators() {
		b := r.next()
		if b%5 == 0 {
			continue // absent
		}
		w := int(b/5)%30 - 2 // -0.02 … 0.27
		s.Weights[ind] = szDec(w)
		if ind != staff.ServiceQuality {
			others += w
		}
	}
	if flags&1 != 0 {
		s.Weights[staff.ServiceQuality] = szDec(100 - others)
	}
	if flags&2 != 0 {
		s.Weights["charm"] = szDec(int(r.next() % 3))
	}
	if flags&32 != 0 {
		s.ReworkPenalty = szDec(-int(r.next()))
	}
	if flags&64 != 0 {
		s.TrainingTarget = decimal.Zero
	}
	n := 1 + int(r.next())%6
	band := func(i int, lo, hi decimal.Decimal) staff.Band {
		b := r.next()
		name, pay := fmt.Sprintf("等级%d", i), szDec(int(b%40)*5)
		if b%11 == 10 {
			name = ""
		}
		if b%40 == 39 {
			pay = szDec(-10)
		}
		return staff.Band{Name: name, Min: lo, Max: hi, Pay: pay, Promotable: b&1 == 1}
	}
	if flags&4 != 0 {
		// n-1 cuts in hundredths, or thousandths when the byte says so.
		var cuts []decimal.Decimal
		for range n - 1 {
			hi, lo := r.next(), r.next()
			v := int(hi)<<8 | int(lo)
			if lo&1 == 1 {
				cuts = append(cuts, decimal.New(int64(v%100000), -3))
			} else {
				cuts = append(cuts, szDec(v%10000))
			}
		}
		slices.SortFunc(cuts, func(a, b decimal.Decimal) int { return a.Cmp(b) })
		edges := slices.Concat([]decimal.Decimal{decimal.Zero}, cuts, []decimal.Decimal{decimal.NewFromInt(100)})
		for i := range n {
			s.Bands = append(s.Bands, band(i, edges[i], edges[i+1]))
		}
	} else {
		for i := range n {
			lo, hi := r.next(), r.next()
			s.Bands = append(s.Bands, band(i, decimal.New(int64(lo)*5, -1), decimal.New(int64(hi)*5, -1)))
		}
	}
	if flags&8 != 0 && len(s.Bands) > 0 {
		i := int(r.next()) % len(s.Bands)
		delta := szPick(r.next(), []decimal.Decimal{szDec(1), szDec(-1), decimal.New(1, -3), decimal.New(-1, -3), szDec(50), decimal.Zero})
		if r.next()&1 == 0 {
			s.Bands[i].Min = s.Bands[i].Min.Add(delta)
		} else {
			s.Bands[i].Max = s.Bands[i].Max.Add(delta)
		}
	}
	if flags&16 != 0 && len(s.Bands) > 0 {
		k := int(r.next()) % len(s.Bands)
		s.Bands = append(s.Bands[k:], s.Bands[:k]...)
	}
	return s
}

// FuzzScheme builds schemes from fuzz bytes. Validate never panics, and
// what it accepts covers [0, 100] with no gap and no overlap: every score
// from 0 to 100 in steps of 0.01 falls in exactly one band, and Score of a
// manager-rated-only scheme puts it there.
func FuzzScheme(f *testing.F) {
	f.Add([]byte{1 | 4, 51, 51, 51, 51, 51, 51, 51, 4, 1, 100, 1, 144, 1, 194, 2, 3, 4, 5})                                                                // contiguous bands, weights made up to 1
	f.Add([]byte{1 | 4 | 16, 10, 20, 30, 40, 50, 60, 70, 3, 0x11, 0x11, 0x22, 0x23, 7, 8, 9, 2})                                                           // thousandths, rotated
	f.Add([]byte{1 | 4 | 8, 0, 0, 0, 0, 0, 0, 0, 2, 0x13, 0x88, 0x1f, 0x40, 1, 2, 3, 1, 0, 0})                                                             // the middle band's Min moved up by 0.01: a gap
	f.Add([]byte{1, 30, 30, 30, 30, 30, 30, 30, 2, 0, 120, 1, 120, 160, 2, 160, 200, 3})                                                                   // edges from bytes: 0–60, 60–80, 80–100
	f.Add([]byte{0, 31, 36, 41, 46, 51, 56, 61, 0})                                                                                                        // weights summing to 0.49
	f.Add([]byte{1 | 2 | 32 | 64, 5, 5, 5, 5, 5, 5, 5, 1, 9, 1, 0, 0})                                                                                     // unknown indicator, bad penalty and target
	f.Add([]byte{1 | 4 | 8 | 16, 56, 61, 66, 71, 76, 81, 86, 5, 0x23, 0x28, 0x1f, 0x40, 0x17, 0x70, 0x0b, 0xb8, 0x03, 0xe9, 1, 2, 3, 4, 5, 6, 2, 5, 1, 3}) // six bands, an edge in thousandths, rotated
	f.Fuzz(func(t *testing.T, data []byte) {
		s := szScheme(&szReader{data: data})
		err := s.Validate()
		if err != nil {
			var de *aftersales.Error
			require.True(t, errors.As(err, &de), "Validate: want an *aftersales.Error, got %T %v", err, err)
			require.Equal(t, aftersales.KindInvalid, de.Kind, "Validate: %v", err)
			require.NotEmpty(t, de.Code)
			require.NotEmpty(t, de.Message)
			_, err := staff.NewService(staff.Config{Store: staff.NewMemStore(), Scheme: &s})
			require.Error(t, err, "NewService accepted a scheme Validate refuses")
			return
		}
		_, err = staff.NewService(staff.Config{Store: staff.NewMemStore(), Scheme: &s})
		require.NoError(t, err, "NewService refused a scheme Validate accepts")

		rated := s
		rated.Weights = map[staff.Indicator]decimal.Decimal{staff.ServiceQuality: decimal.NewFromInt(1)}
		require.NoError(t, rated.Validate())
		// Each band's edges in hundredths, rounded up: a score of i
		// hundredths is at least Min exactly when i >= lo, below Max
		// exactly when i < hi.
		type span struct{ lo, hi int64 }
		spans := make([]span, len(s.Bands))
		for j, b := range s.Bands {
			spans[j] = span{b.Min.Shift(2).Ceil().IntPart(), b.Max.Shift(2).Ceil().IntPart()}
		}
		for i := int64(0); i <= 10000; i++ {
			in, n := -1, 0
			for j, sp := range spans {
				if i >= sp.lo && (i < sp.hi || (i == 10000 && sp.hi == 10000 && s.Bands[j].Max.Equal(decimal.NewFromInt(100)))) {
					in, n = j, n+1
				}
			}
			x := decimal.New(i, -2)
			if n != 1 {
				t.Fatalf("score %s falls in %d bands of %+v", x, n, s.Bands)
			}
			_, total, band, err := rated.Score(staff.Figures{}, decimal.Zero, x)
			if err != nil {
				t.Fatalf("Score(%s): %v", x, err)
			}
			if want := s.Bands[in]; !total.Equal(x) || band.Name != want.Name || !band.Min.Equal(want.Min) || !band.Max.Equal(want.Max) {
				t.Fatalf("Score(%s) = %s in band %+v, want %s in band %+v", x, total, band, x, want)
			}
		}
	})
}

func szLeads(r aftersales.Role) bool {
	return r == aftersales.RoleGeneralManager || r == aftersales.RoleAfterSalesHead
}
