package scheduler_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// TestNoticesCarryNoContact: notices go to groups and people who need not
// see a customer's contact (a department's robot, the head's e-mail), so a
// Notification names records by ID, clause and project, never by the
// customer's phone, e-mail or unit (个人信息保护法 第六条): with every kind of
// notice due, no notice, in any field, holds them, full or masked.
func TestNoticesCarryNoContact(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.clock.Set(cst(2026, 11, 2, 9))
	_, err := f.requests.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Customer:  aftersales.Customer{ID: "c-9", Name: "陈女士", Phone: "13912345678", Email: "chen@example.com", Contact: "微信 chen_88"},
		ProjectID: "P-001", Location: "7号楼3单元1202", Description: "外墙渗水", Channel: aftersales.ChannelPhone,
		ReceivedAt: f.clock.Now(), Cause: aftersales.CauseConstruction}})
	require.NoError(t, err)
	_, err = f.complaints.Register(f.ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-9", Name: "陈女士", Phone: "13912345678", Email: "chen@example.com"},
		Type:        complaint.TypeDelay, Description: "报修无人上门", Channel: aftersales.ChannelPhone, ReceivedAt: f.clock.Now()}})
	require.NoError(t, err)
	f.populate(t)
	rec := &recorder{}
	_, err = f.scheduler(t, "a", rec).Tick(f.ctx)
	require.NoError(t, err)
	require.NotEmpty(t, rec.all())
	for _, n := range rec.all() {
		b, err := json.Marshal(n)
		require.NoError(t, err)
		for _, s := range []string{"13912345678", "5678", "chen@", "chen_88", "7号楼", "1202"} {
			require.False(t, strings.Contains(string(b), s), "%s holds %q: %s", n.Key, s, b)
		}
	}
}
