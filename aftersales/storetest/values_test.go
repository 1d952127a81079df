package storetest_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/storetest"
)

func TestNormalizedComparesValuesNotRepresentations(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	a := &aftersales.Request{ID: "A", Registration: aftersales.Registration{Attachments: []string{}}, Deadlines: []aftersales.Deadline{{Due: at, DoneAt: &at}}}
	b := &aftersales.Request{ID: "A", Deadlines: []aftersales.Deadline{{Due: at.UTC(), DoneAt: func() *time.Time { u := at.UTC(); return &u }()}}}
	require.NotEqual(t, a, b)
	require.Equal(t, storetest.Normalized(a), storetest.Normalized(b))
	b.Deadlines[0].Due = at.Add(time.Second)
	require.NotEqual(t, storetest.Normalized(a), storetest.Normalized(b), "a different instant is a different value")
	require.Equal(t, at, a.Deadlines[0].Due, "the input is not changed")

	d1 := map[string]decimal.Decimal{"x": decimal.RequireFromString("3.50")}
	d2 := map[string]decimal.Decimal{"x": decimal.RequireFromString("3.5")}
	require.Equal(t, storetest.Normalized(d1), storetest.Normalized(d2))
}

func TestScribbleReachesEverything(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	r := &aftersales.Request{ID: "A", Version: 3, Registration: aftersales.Registration{Description: "x", Urgent: true},
		Parts: []aftersales.Part{{Department: "d", DoneAt: &at}}, Deadlines: []aftersales.Deadline{{Clause: "P1.2", Due: at}}}
	before := r.Clone()
	storetest.Scribble(r)
	require.NotEqual(t, before.ID, r.ID)
	require.NotEqual(t, before.Version, r.Version)
	require.NotEqual(t, before.Description, r.Description)
	require.NotEqual(t, before.Urgent, r.Urgent)
	require.NotEqual(t, *before.Parts[0].DoneAt, *r.Parts[0].DoneAt)
	require.NotEqual(t, before.Deadlines[0].Due, r.Deadlines[0].Due)
}
