package web

import (
	"io"
	"net/http"
	"strings"

	"github.com/shouhou/shouhou/examples/server/api"
)

// noticeData is the holiday notice page: the form, and what a load did.
type noticeData struct {
	Form   *form
	Loaded *api.LoadResult
}

// noticePage shows the form that loads a year's official holiday notice
// (国务院办公厅关于部分节假日安排的通知, in the holiday-cn format of
// shared/reference/cn-holidays): the working-day calendar takes it at
// once, and the open deadlines it moves are recomputed.
func (h *Handler) noticePage(w http.ResponseWriter, r *http.Request, u *user) {
	h.render(w, r, http.StatusOK, "notices", pageData{Title: "载入放假通知", User: u, Nav: "staff", Data: noticeData{Form: newForm("notice", "/calendar/notices")}})
}

// loadNotice loads a notice sent as a file or pasted; the general manager
// and the after-sales head may (the API's rule).
func (h *Handler) loadNotice(w http.ResponseWriter, r *http.Request, u *user) {
	f := newForm("notice", "/calendar/notices")
	f.Alias = map[string]string{"notice_invalid": "json"}
	if h.cfg.Calendar == nil {
		f.Error = "本服务器未启用运行时载入放假通知"
		h.render(w, r, http.StatusUnprocessableEntity, "notices", pageData{Title: "载入放假通知", User: u, Nav: "staff", Data: noticeData{Form: f}})
		return
	}
	if err := api.MayLoadNotice(u.Actor); err != nil {
		status := h.fail(r, f, err)
		h.render(w, r, status, "notices", pageData{Title: "载入放假通知", User: u, Nav: "staff", Data: noticeData{Form: f}})
		return
	}
	var data []byte
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		if file, _, err := r.FormFile("file"); err == nil {
			data, _ = io.ReadAll(io.LimitReader(file, 1<<20))
			file.Close()
		}
	}
	if len(data) == 0 {
		data = []byte(strings.TrimSpace(r.FormValue("json")))
	}
	f.Values.Set("json", r.FormValue("json"))
	status := http.StatusBadRequest
	if len(data) == 0 {
		f.set("json", "请选择通知文件或粘贴其内容")
	} else {
		res, err := h.cfg.Calendar.Load(r.Context(), data, u.actor())
		if err == nil {
			h.render(w, r, http.StatusOK, "notices", pageData{Title: "载入放假通知", User: u, Nav: "staff",
				Data: noticeData{Form: newForm("notice", "/calendar/notices"), Loaded: &res}})
			return
		}
		status = h.fail(r, f, err, "json")
	}
	h.render(w, r, status, "notices", pageData{Title: "载入放假通知", User: u, Nav: "staff", Data: noticeData{Form: f}})
}
