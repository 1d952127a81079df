package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// File is a file kept with a request or complaint (a photo a customer
// sent with an e-mail): Data is empty in a list.
type File struct {
	ID, RecordID, Name, ContentType string
	Size                            int
	Data                            []byte
	CreatedBy                       string
	CreatedAt                       time.Time
}

// Files reads the files kept with records; the reference server's are in
// its database (sqlstore.Files). Get gives a KindNotFound error for an
// unknown ID.
type Files interface {
	Get(ctx context.Context, id string) (File, error)
	List(ctx context.Context, recordID string) ([]File, error)
}

// fileView is a file as a record's page lists it.
type fileView struct {
	ID, Name, Size, At string
	Image              bool
}

// recordFiles lists a record's files for its page; nil without a store
// or when it cannot be read (logged: the page still shows).
func (h *Handler) recordFiles(ctx context.Context, recordID string) []fileView {
	if h.cfg.Files == nil {
		return nil
	}
	list, err := h.cfg.Files.List(ctx, recordID)
	if err != nil {
		h.cfg.Logger.Warn("record files not read", "record", recordID, "err", err)
		return nil
	}
	out := make([]fileView, 0, len(list))
	for _, f := range list {
		out = append(out, fileView{ID: f.ID, Name: f.Name, Size: sizeLabel(f.Size), At: fmtTime(f.CreatedAt), Image: inlineImage(f.ContentType)})
	}
	return out
}

// sizeLabel writes a file's size for people.
func sizeLabel(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.Itoa((n+1023)>>10) + " KB"
	}
	return strconv.Itoa(n) + " 字节"
}

// inlineImage reports whether a file of type t is shown in the page: the
// raster images browsers draw, never SVG (a script).
func inlineImage(t string) bool {
	switch t {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return true
	}
	return false
}

// file serves a record's file to whoever may see the record; to anyone
// else it does not exist. Images are shown inline, anything else is
// downloaded, never rendered by the browser as a page of this site.
func (h *Handler) file(w http.ResponseWriter, r *http.Request, u *user) {
	if h.cfg.Files == nil {
		h.errorPage(w, r, u, http.StatusNotFound, "文件不存在")
		return
	}
	f, err := h.cfg.Files.Get(r.Context(), r.PathValue("id"))
	if err == nil {
		err = h.maySeeRecord(r.Context(), u, f.RecordID)
	}
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	if inlineImage(f.ContentType) {
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Disposition", strings.Replace(contentDisposition(f.Name), "attachment", "inline", 1))
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", contentDisposition(f.Name))
	}
	_, _ = w.Write(f.Data)
}

// maySeeRecord reports, as an error, whether u may see the request or
// complaint id: nil, or the not-found a record u may not see gives.
func (h *Handler) maySeeRecord(ctx context.Context, u *user, id string) error {
	_, err := h.loadRequest(ctx, u, id)
	if errors.Is(err, aftersales.ErrNotFound) && h.cfg.Complaints != nil {
		_, err = h.loadComplaint(ctx, u, id)
	}
	return err
}
