package api

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// CalendarLoader loads a new or revised notice year into the running
// server: every service switches to the new calendar, open deadlines are
// recomputed, and the change is recorded.
type CalendarLoader interface {
	Load(ctx context.Context, noticeJSON []byte, by aftersales.Actor) (LoadResult, error)
	Calendar() *calendar.Calendar
}

// LoadResult says what a notice load changed.
type LoadResult struct {
	Year       int      `json:"year"`
	Source     string   `json:"source"`
	Recomputed []string `json:"recomputed"` // requests and complaints whose open deadlines moved
}

func (h *Handler) calendarRoutes() {
	m := h.mux
	m.HandleFunc("GET /api/v1/calendar/days/{date}", h.authed(h.calendarDay))
	m.HandleFunc("GET /api/v1/calendar/deadline", h.authed(h.calendarDeadline))
	m.HandleFunc("POST /api/v1/calendar/notices", h.authed(h.loadNotice))
}

func (h *Handler) cal() *calendar.Calendar {
	if h.cfg.Calendar != nil {
		return h.cfg.Calendar.Calendar()
	}
	return h.cfg.Requests.Calendar()
}

func (h *Handler) calendarDay(w http.ResponseWriter, r *http.Request, _ Principal) {
	d, err := calendar.ParseDate(r.PathValue("date"))
	if err != nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "date_invalid", "日期应为 YYYY-MM-DD"))
		return
	}
	day := h.cal().Day(d)
	writeJSON(w, http.StatusOK, map[string]any{"date": day.Date, "kind": day.Kind.String(), "workday": day.IsWorkday(),
		"name": day.Name, "status": day.Status.String()})
}

// calendarDeadline answers "within N working days of from".
func (h *Handler) calendarDeadline(w http.ResponseWriter, r *http.Request, _ Principal) {
	v := r.URL.Query()
	from, err := queryTime(v.Get("from"))
	if err != nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "time_invalid", "from 应为 RFC 3339 时间，例如 2026-09-30T16:20:00+08:00"))
		return
	}
	n, err := strconv.Atoi(v.Get("workdays"))
	if err != nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "workdays_invalid", "workdays 应为正整数"))
		return
	}
	p, err := h.cal().WorkdayPeriod(from, n)
	if err != nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "workdays_invalid", "无法计算该期限：%v", err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": p.From, "last_day": p.LastDay, "due": p.Due,
		"coverage": p.Certainty.String(), "provisional": p.Provisional()})
}

func (h *Handler) loadNotice(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := MayLoadNotice(p.Actor); err != nil {
		h.fail(w, r, err)
		return
	}
	if h.cfg.Calendar == nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindNotAllowed, "calendar_fixed", "本服务器未启用运行时载入放假通知"))
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		h.fail(w, r, decodeError(err, h.cfg.MaxBody))
		return
	}
	res, err := h.cfg.Calendar.Load(r.Context(), data, p.actor())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// MayLoadNotice reports, as a forbidden-kind error, whether a may load a
// year's holiday notice, which moves every open deadline: the general
// manager and the after-sales head, for the API and the desk alike.
func MayLoadNotice(a aftersales.Actor) error {
	if a.Role != aftersales.RoleGeneralManager && a.Role != aftersales.RoleAfterSalesHead {
		return aftersales.Errorf(aftersales.KindForbidden, "notice_forbidden", "只有总经理或售后管理部部长可以载入放假通知")
	}
	return nil
}
