package warranty_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/warranty"
)

var (
	manager = aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	d       = calendar.D
)

func cst(y int, m time.Month, day, h int) time.Time {
	return time.Date(y, m, day, h, 0, 0, 0, calendar.CST())
}

// wfx is a warranty Service over a MemStore with a movable clock.
type wfx struct {
	t   *testing.T
	ctx context.Context
	now time.Time
	svc *warranty.Service
	ws  *warranty.MemStore
}

func newWfx(t *testing.T, now time.Time) *wfx {
	f := &wfx{t: t, ctx: context.Background(), now: now, ws: warranty.NewMemStore()}
	svc, err := warranty.NewService(warranty.Config{Store: f.ws, Clock: aftersales.ClockFunc(func() time.Time { return f.now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-001", DepartmentID: "项目一部", SpecialistID: "u-spec"})})
	require.NoError(t, err)
	f.svc = svc
	return f
}

// requests returns an aftersales Service over a new MemStore, on f's
// clock, that knows project P-001 of 项目一部 and asks f's warranty
// Service about coverage: where W2.3 raises a warranty's findings.
func (f *wfx) requests() *aftersales.Service {
	f.t.Helper()
	requests, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Coverage: f.svc,
		Clock:     aftersales.ClockFunc(func() time.Time { return f.now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-001", DepartmentID: "项目一部"})})
	require.NoError(f.t, err)
	return requests
}

// started sets up project P-001 (design life 50, 北京) started on start.
func (f *wfx) started(start calendar.Date, contract ...warranty.ContractTerm) *warranty.Warranty {
	f.t.Helper()
	_, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", DesignLifeYears: 50, Region: "北京", Contract: contract, Actor: manager})
	require.NoError(f.t, err)
	w, err := f.svc.RecordStart(f.ctx, "P-001", warranty.StartCommand{Actor: manager,
		Start: warranty.Start{Basis: warranty.BasisAcceptance, Date: start, Evidence: "竣工验收报告 YS-2024-017"}})
	require.NoError(f.t, err)
	return w
}

func TestW1_1_GeneralPeriodIsTwoYearsFromAcceptance(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	w := f.started(d(2024, 11, 27))
	g, err := w.General(calendar.China())
	require.NoError(t, err)
	require.Equal(t, d(2026, 11, 27), g.LastDay)
	require.Equal(t, cst(2026, 11, 28, 0), g.Due)
	require.Equal(t, 2, w.GeneralYears)
	require.Equal(t, warranty.BasisAcceptance, w.Start.Basis)
}

func TestW1_1_StatutoryFloorPerClass(t *testing.T) {
	// Started 2024-11-20, after the 北京 heating season began (11-15): the
	// two heating seasons are 2025-26 and 2026-27.
	f := newWfx(t, cst(2026, 11, 27, 10))
	f.started(d(2024, 11, 20))
	tests := []struct {
		class   warranty.Class
		lastDay calendar.Date
		basis   string
		law     string
	}{
		{warranty.Structure, d(2074, 11, 20), "法定最低期限", "建设工程质量管理条例 第四十条"},
		{warranty.Waterproofing, d(2029, 11, 20), "法定最低期限 5 年", "建设工程质量管理条例 第四十条"},
		{warranty.Insulation, d(2029, 11, 20), "法定最低期限 5 年", "民用建筑节能条例 第二十三条"},
		{warranty.HeatingCooling, d(2027, 3, 15), "法定最低期限 2 个采暖期", "建设工程质量管理条例 第四十条"},
		{warranty.Electrical, d(2026, 11, 20), "公司售后管理制度（W1.1）2 年", "建设工程质量管理条例 第四十条"},
		{warranty.Plumbing, d(2026, 11, 20), "公司售后管理制度（W1.1）2 年", "建设工程质量管理条例 第四十条"},
		{warranty.Equipment, d(2026, 11, 20), "公司售后管理制度（W1.1）2 年", "建设工程质量管理条例 第四十条"},
		{warranty.Decoration, d(2026, 11, 20), "公司售后管理制度（W1.1）2 年", "建设工程质量管理条例 第四十条"},
		{warranty.Other, d(2026, 11, 20), "公司售后管理制度（W1.1）2 年", ""},
	}
	for _, tt := range tests {
		term, err := f.svc.Term(f.ctx, "P-001", tt.class)
		require.NoError(t, err, tt.class)
		require.Equal(t, tt.lastDay, term.Period.LastDay, tt.class)
		require.Contains(t, term.Basis, tt.basis, tt.class)
		require.Contains(t, term.Floor.Law, tt.law, tt.class)
	}
}

func TestW1_1_ContractLongerThanTheFloorWins(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	f.started(d(2024, 11, 20), warranty.ContractTerm{Class: warranty.Waterproofing, Years: 8},
		warranty.ContractTerm{Class: warranty.Other, Years: 3}, warranty.ContractTerm{Class: warranty.HeatingCooling, Seasons: 3})
	for class, want := range map[warranty.Class]calendar.Date{
		warranty.Waterproofing:  d(2032, 11, 22), // 2032-11-20 is a Saturday
		warranty.Other:          d(2027, 11, 22), // 2027-11-20 is a Saturday
		warranty.HeatingCooling: d(2028, 3, 15),
	} {
		term, err := f.svc.Term(f.ctx, "P-001", class)
		require.NoError(t, err)
		require.Equal(t, want, term.Period.LastDay, class)
		require.Contains(t, term.Basis, "施工合同约定", class)
		require.NotNil(t, term.Contract)
	}
}

func TestW1_1_ContractBelowTheFloorIsRefused(t *testing.T) {
	tests := []struct {
		term  warranty.ContractTerm
		words []string
	}{
		{warranty.ContractTerm{Class: warranty.Waterproofing, Years: 3}, []string{"3 年", "5 年", "建设工程质量管理条例 第四十条"}},
		{warranty.ContractTerm{Class: warranty.Insulation, Years: 4}, []string{"5 年", "民用建筑节能条例 第二十三条"}},
		{warranty.ContractTerm{Class: warranty.HeatingCooling, Seasons: 1}, []string{"2 个采暖期或供冷期"}},
		{warranty.ContractTerm{Class: warranty.Structure, Years: 30}, []string{"合理使用年限 50 年"}},
		{warranty.ContractTerm{Class: warranty.Electrical, Years: 1}, []string{"2 年"}},
	}
	for _, tt := range tests {
		f := newWfx(t, cst(2026, 11, 27, 10))
		_, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", DesignLifeYears: 50, Region: "北京",
			Contract: []warranty.ContractTerm{tt.term}, Actor: manager})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "below_statutory_floor"}, tt.term.Class)
		for _, w := range tt.words {
			require.Contains(t, err.Error(), w)
		}
		all, err := f.ws.List(f.ctx)
		require.NoError(t, err)
		require.Empty(t, all, "nothing written")
	}
}

func TestW1_1_StartBases(t *testing.T) {
	for _, b := range []warranty.StartBasis{warranty.BasisAcceptance, warranty.BasisReport, warranty.BasisHandover} {
		f := newWfx(t, cst(2026, 11, 27, 10))
		_, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", Actor: manager})
		require.NoError(t, err)
		w, err := f.svc.RecordStart(f.ctx, "P-001", warranty.StartCommand{Actor: manager,
			Start: warranty.Start{Basis: b, Date: d(2026, 6, 30), Evidence: "证明文件"}})
		require.NoError(t, err)
		require.Equal(t, b, w.Start.Basis)
		require.NotEmpty(t, b.Label())
		h, err := f.svc.History(f.ctx, "P-001")
		require.NoError(t, err)
		require.Len(t, h, 2)
		require.Contains(t, h[1].Note, b.Label())
	}
}

func TestW1_1_LeapDayAndMonthEndStarts(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	w := f.started(d(2024, 2, 29))
	g, err := w.General(calendar.China())
	require.NoError(t, err)
	// 2026-02-28 is a makeup Saturday, a working day: the period ends there.
	require.Equal(t, d(2026, 2, 28), g.Nominal)
	require.Equal(t, d(2026, 2, 28), g.LastDay)
	term, err := f.svc.Term(f.ctx, "P-001", warranty.Waterproofing)
	require.NoError(t, err)
	require.Equal(t, d(2029, 2, 28), term.Period.Nominal)
	require.True(t, term.Period.Provisional(), "2029 has no notice yet")

	f2 := newWfx(t, cst(2026, 11, 27, 10))
	w2 := f2.started(d(2024, 8, 31), warranty.ContractTerm{Class: warranty.Other, Years: 3})
	term, err = w2.Term(calendar.China(), warranty.DefaultSeasons(), warranty.Other)
	require.NoError(t, err)
	require.Equal(t, d(2027, 8, 31), term.Period.LastDay)
}

func TestW1_1_ExpiryInTheNationalDayBlockRollsForward(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	w := f.started(d(2024, 10, 3))
	g, err := w.General(calendar.China())
	require.NoError(t, err)
	require.Equal(t, d(2026, 10, 3), g.Nominal)
	require.Equal(t, d(2026, 10, 8), g.LastDay, "民法典 第二百零三条")
	require.True(t, g.Rolled())
	term, err := f.svc.Term(f.ctx, "P-001", warranty.Electrical)
	require.NoError(t, err)
	require.Equal(t, d(2026, 10, 8), term.Period.LastDay)
}

func TestBadSetUpAndStart(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	bad := []struct {
		cmd  warranty.SetUpCommand
		code string
	}{
		{warranty.SetUpCommand{Actor: manager}, "project_id_required"},
		{warranty.SetUpCommand{ProjectID: "P", GeneralYears: 1, Actor: manager}, "general_years_invalid"},
		{warranty.SetUpCommand{ProjectID: "P", InspectionEvery: 30, Actor: manager}, "inspection_interval_invalid"},
		{warranty.SetUpCommand{ProjectID: "P", Contract: []warranty.ContractTerm{{Class: "roof", Years: 5}}, Actor: manager}, "component_class_unknown"},
		{warranty.SetUpCommand{ProjectID: "P", Contract: []warranty.ContractTerm{{Class: warranty.Other}}, Actor: manager}, "contract_term_invalid"},
		{warranty.SetUpCommand{ProjectID: "P", Contract: []warranty.ContractTerm{{Class: warranty.Other, Years: -2}}, Actor: manager}, "contract_term_invalid"},
		{warranty.SetUpCommand{ProjectID: "P", Contract: []warranty.ContractTerm{{Class: warranty.Other, Years: 3}, {Class: warranty.Other, Years: 4}}, Actor: manager}, "contract_term_duplicate"},
		{warranty.SetUpCommand{ProjectID: "P", Region: "火星", Contract: []warranty.ContractTerm{{Class: warranty.HeatingCooling, Seasons: 2}}, Actor: manager}, "region_seasons_unknown"},
		// W1.1: a warranty is a project's, one the Directory knows.
		{warranty.SetUpCommand{ProjectID: "P-404", Actor: manager}, "project_unknown"},
	}
	for _, b := range bad {
		_, err := f.svc.SetUp(f.ctx, b.cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: b.code})
	}
	all, _ := f.ws.List(f.ctx)
	require.Empty(t, all)

	_, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", Actor: manager})
	require.NoError(t, err)
	_, err = f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", Actor: manager})
	require.ErrorIs(t, err, aftersales.ErrConflict)
	for code, st := range map[string]warranty.Start{
		"start_basis_invalid": {Basis: "moved_in", Date: d(2026, 1, 1), Evidence: "x"},
		"start_date_required": {Basis: warranty.BasisReport, Evidence: "x"},
		"start_in_future":     {Basis: warranty.BasisReport, Date: d(2027, 1, 1), Evidence: "x"},
		"evidence_required":   {Basis: warranty.BasisHandover, Date: d(2026, 1, 1)},
	} {
		_, err := f.svc.RecordStart(f.ctx, "P-001", warranty.StartCommand{Start: st, Actor: manager})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	w, err := f.svc.Get(f.ctx, "P-001")
	require.NoError(t, err)
	require.Nil(t, w.Start)
	require.Equal(t, 1, w.Version)

	// Structure without a design life cannot be reckoned.
	_, err = f.svc.RecordStart(f.ctx, "P-001", warranty.StartCommand{Actor: manager, Start: warranty.Start{Basis: warranty.BasisAcceptance, Date: d(2026, 1, 5), Evidence: "x"}})
	require.NoError(t, err)
	_, err = f.svc.Term(f.ctx, "P-001", warranty.Structure)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "design_life_required"})
	_, err = f.svc.Get(f.ctx, "P-404")
	require.ErrorIs(t, err, aftersales.ErrNotFound)
}
