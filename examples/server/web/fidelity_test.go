package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestDeskFeedbackCoordinationAndPauses: the desk offers the feedback,
// coordination and pause forms exactly when the library takes the step,
// refuses bad input next to the field and writes nothing, and shows paused
// clocks as paused with their reason.
func TestDeskFeedbackCoordinationAndPauses(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	ctx := context.Background()
	_, err := s.app.Requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: gm})
	require.NoError(t, err)
	_, err = s.app.Requests.Plan(ctx, r.ID, aftersales.PlanCommand{Department: "proj-1", Actor: gm, Plan: aftersales.Plan{Measures: "拆改管线",
		ScheduledAt: start.Add(24 * time.Hour), Owner: "周工", Complexity: aftersales.Complex}})
	require.NoError(t, err)
	page := "/requests/" + r.ID
	staffC, site, design := s.login("staff"), s.login("site"), s.login("design")

	// The site engineer reports progress and a difficulty; only the desk coordinates.
	p := site.get(page)
	require.NotNil(t, p.byID("form-feedbackprogress-0"), "a complex part in progress: progress feedback is offered")
	require.Nil(t, p.byID("form-feedbackresult-0"), "not done: no result feedback")
	require.Nil(t, p.byID("form-coordinate-0"))
	p = site.post(page+"/feedback", url.Values{"department": {"proj-1"}, "kind": {"progress"}, "channel": {"fax"}, "summary": {"已拆开"}})
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.fieldError("feedbackprogress-0-channel"), "反馈方式")
	before, err := s.app.Requests.Get(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, http.StatusSeeOther, site.post(page+"/feedback", url.Values{"department": {"proj-1"}, "kind": {"progress"},
		"channel": {"phone"}, "summary": {"管线已拆开，等待材料"}}).status)
	require.Equal(t, http.StatusSeeOther, site.post(page+"/escalate", url.Values{"department": {"proj-1"}, "reason": {"需设计变更"}}).status)
	p = staffC.get(page)
	require.NotNil(t, p.byID("form-coordinate-0"), "the desk answers the report")
	p = design.post(page+"/coordinate", url.Values{"department": {"proj-1"}, "coordinator": {"p-head"}, "measures": {"x"}})
	require.Equal(t, http.StatusNotFound, p.status, "another department does not even see the request")
	p = staffC.post(page+"/coordinate", url.Values{"department": {"proj-1"}, "coordinator": {"p-head"}, "departments": {"nowhere"}, "measures": {"设计部出图"}})
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.body, "责任部门 &#34;nowhere&#34; 不存在")
	require.Equal(t, http.StatusSeeOther, staffC.post(page+"/coordinate", url.Values{"department": {"proj-1"}, "coordinator": {"p-head"},
		"departments": {"design"}, "measures": {"设计部周三到现场出变更图"}}).status)
	after, err := s.app.Requests.Get(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, before.Version+3, after.Version, "three steps, no more: the refusals wrote nothing")

	// Pause: the reason is required and listed; the paused clocks say so.
	p = staffC.post(page+"/pause", url.Values{"reason": {""}, "note": {"业主出差"}})
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.fieldError("pause-reason"), "暂停原因")
	require.Equal(t, http.StatusSeeOther, staffC.post(page+"/pause", url.Values{"reason": {"no_access"}, "note": {"业主出差至周五"},
		"evidence": {"IMG-1, IMG-2"}}).status)
	p = staffC.get(page)
	require.Contains(t, p.body, "暂停中")
	require.Contains(t, p.body, "无法入户")
	require.Contains(t, p.body, "IMG-2")
	require.Nil(t, p.byID("form-pause"), "already paused")
	require.NotNil(t, p.byID("form-resume"))
	s.clock.Set(start.Add(72 * time.Hour))
	require.Equal(t, http.StatusSeeOther, staffC.post(page+"/resume", url.Values{}).status)
	p = staffC.get(page)
	require.Contains(t, p.body, "顺延")
	require.NotNil(t, p.byID("form-pause"))

	// A customer is never offered these steps.
	cust := s.login("cust")
	res := cust.post(page+"/pause", url.Values{"reason": {"no_access"}, "note": {"x"}})
	require.NotEqual(t, http.StatusSeeOther, res.status)
}
