package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/notify"
)

// "我的工作" lists what a person answers for (aftersales.Viewer.OwnScope):
// the after-sales staff the forwarding they owe, the project department
// its plan once forwarded — overdue, due today and soon, apart — and the
// notices the scheduler put on their own desk, nobody else's.
func TestMyWork(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	late := s.register("C-1001", "张先生", "卫生间顶棚渗水") // received 08:30 Monday: P1.2 due Tuesday 24:00
	fwd := s.register("C-2002", "李女士", "外墙空鼓")
	_, err := s.app.Requests.Forward(ctx, fwd.ID, aftersales.ForwardCommand{Actor: gm})
	require.NoError(t, err)
	log := s.app.Deliveries()
	for _, d := range []notify.Delivery{
		{Key: "k1", Channel: notify.DeskChannel + "p-staff", Via: "服务台", Subject: late.ID, Kind: "overdue", Clause: "P1.2",
			Message: "售后需求 " + late.ID + "：售后管理部应于 2026-11-03 24:00 前转达责任部门（P1.2），现已逾期", State: notify.DeliverySent, At: start},
		{Key: "k2", Channel: notify.DeskChannel + "p-pm", Via: "服务台", Subject: fwd.ID, Kind: "reminder", Clause: "P3.1",
			Message: "给项目经理的提醒", State: notify.DeliverySent, At: start},
	} {
		ok, err := log.Try(ctx, d)
		require.NoError(t, err)
		require.True(t, ok)
		require.NoError(t, log.Done(ctx, d))
	}

	// Tuesday 10:00: the forwarding is due today.
	s.clock.Set(time.Date(2026, 11, 3, 10, 0, 0, 0, calendar.CST()))
	staff := s.login("staff")
	page := staff.get("/my")
	require.Contains(t, text(page.byID("my-today").Parent), late.Number, "the after-sales staff owe the P1.2 forwarding")
	require.NotContains(t, text(page.byID("my-today").Parent), fwd.Number, "forwarded: the project department's now")
	require.Contains(t, text(page.byID("my-notices").Parent), "现已逾期")
	require.NotContains(t, text(page.byID("my-notices").Parent), "给项目经理的提醒", "nobody else's notices")

	pm := s.login("pm")
	page = pm.get("/my")
	require.Contains(t, text(page.byID("my-soon").Parent), fwd.Number, "项目一部 plans within 3 working days (P3.1)")
	require.NotContains(t, page.body, late.Number, "not the after-sales department's step")
	require.Contains(t, text(page.byID("my-notices").Parent), "给项目经理的提醒")

	// Thursday: the forwarding is overdue.
	s.clock.Set(time.Date(2026, 11, 5, 10, 0, 0, 0, calendar.CST()))
	require.Contains(t, text(staff.get("/my").byID("my-overdue").Parent), late.Number)

	// A customer has their own page instead.
	require.Equal(t, "/portal", s.login("cust").get("/my").location())
}

// TestC3_1_MyWorkKeepsADepartmentsOwnComplaintSteps: a department's person
// sees their department's own complaint steps (C3.1) on "my work", however
// many steps other departments owe on the same complaints: 30 complaints
// forwarded to 项目一部 and 设计部 owe 60 investigations, the soonest; one
// forwarded later to 项目一部 alone still shows to 项目一部's 周工, with
// every other step 项目一部 owes, and nothing 设计部 owes does.
func TestC3_1_MyWorkKeepsADepartmentsOwnComplaintSteps(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	staffer := aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	register := func(i int, received time.Time, depts ...string) *complaint.Complaint {
		c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: staffer, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: fmt.Sprintf("C-%03d", i), Name: "王女士"}, ProjectID: "P-001", Type: complaint.TypeQuality,
			Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: received}})
		require.NoError(t, err)
		c, err = s.app.Complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: depts, At: received.Add(time.Hour), Actor: staffer})
		require.NoError(t, err)
		return c
	}
	for i := range 30 {
		register(i, start.Add(-6*24*time.Hour), "proj-1", "design")
	}
	late := register(99, start.Add(-3*time.Hour), "proj-1")
	p := s.login("site").get("/my")
	require.Equal(t, 200, p.status)
	require.True(t, strings.Contains(p.body, `href="/complaints/`+late.ID+`"`), "周工 sees 项目一部's step of the complaint forwarded last")
	section := p.body[strings.Index(p.body, `id="my-complaints"`):]
	section = section[:strings.Index(section, "</section>")]
	cs, err := s.app.Complaints.List(ctx, complaint.Query{})
	require.NoError(t, err)
	owed := 0
	for _, c := range cs {
		for _, d := range c.Deadlines {
			if d.Pending() && d.Department == "proj-1" {
				owed++
			}
		}
	}
	require.GreaterOrEqual(t, owed, 31, "项目一部 owes an investigation on each of the 31")
	require.Equal(t, owed, strings.Count(section, `href="/complaints/TS-`), "every step 项目一部 owes, none of 设计部's")
}
