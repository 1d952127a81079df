package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/upload"
)

// File is a file kept with a request or complaint (a defect photo, a
// scanned report): Data is empty in a list; HasThumb says a photo has a
// small JPEG (Files.Thumb reads it).
type File struct {
	ID, RecordID, Name, ContentType string
	Size                            int
	Data                            []byte
	HasThumb                        bool
	ByCustomer                      bool // sent by the customer
	CreatedBy                       string
	CreatedAt                       time.Time
	CapturedAt                      time.Time // a photo's own capture time (EXIF); zero when unknown
}

// Upload is one file as a form sent it.
type Upload struct {
	Name string
	Data []byte
}

// Files keeps the files of records; the reference server's are in its
// database (sqlstore.Files). Get gives a KindNotFound error for an unknown
// ID. Keep checks every upload (type, size, the record's quota: package
// upload) and keeps them all, by by, or refuses them all with a
// KindInvalid error saying what is wrong with each.
type Files interface {
	Get(ctx context.Context, id string) (File, error)
	// Thumb returns a photo's thumbnail (nil for a document) and its
	// record, without reading the file.
	Thumb(ctx context.Context, id string) (recordID string, thumb []byte, err error)
	List(ctx context.Context, recordID string) ([]File, error)
	Keep(ctx context.Context, recordID, by string, byCustomer bool, files []Upload) ([]File, error)
}

// Limits of one upload form.
const (
	maxUploadFiles = 10
	maxUpload      = maxUploadFiles*(10<<20) + 1<<20 // ten files of 10 MiB and the form around them
)

// fileView is a file as a record's page lists it.
type fileView struct {
	ID, Name, Size, At, Captured, By string
	Image, Thumb                     bool
}

// filesView is a record's files as its page shows them: before and after
// the handling, side by side, when the handling was done (a request's
// first completion), else all in Before; and the upload form.
type filesView struct {
	Before, After []fileView
	Upload        *form
}

// Any reports whether there is anything to show.
func (v filesView) Any() bool { return len(v.Before)+len(v.After) > 0 || v.Upload != nil }

// recordFiles lists a record's files for its page, split at done (zero:
// not split); adding is the form to add files, nil for those who may not.
// Without a store, or when it cannot be read (logged: the page still
// shows), nothing is listed.
func (h *Handler) recordFiles(ctx context.Context, recordID string, done time.Time, adding *form, n *names) filesView {
	v := filesView{Upload: adding}
	if h.cfg.Files == nil {
		v.Upload = nil
		return v
	}
	list, err := h.cfg.Files.List(ctx, recordID)
	if err != nil {
		h.cfg.Logger.Warn("record files not read", "record", recordID, "err", err)
		return v
	}
	for _, f := range list {
		fv := fileView{ID: f.ID, Name: f.Name, Size: sizeLabel(f.Size), At: fmtTime(f.CreatedAt), Image: upload.Inline(f.ContentType),
			Thumb: f.HasThumb, By: n.Person(f.CreatedBy)}
		if f.ByCustomer {
			fv.By = "客户" // stored under the customer's or the intake's ID, not a person of the desk
		}
		when := f.CreatedAt
		if !f.CapturedAt.IsZero() {
			fv.Captured, when = fmtTime(f.CapturedAt), f.CapturedAt
		}
		if !done.IsZero() && !when.Before(done) {
			v.After = append(v.After, fv)
		} else {
			v.Before = append(v.Before, fv)
		}
	}
	return v
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

// file serves a record's file to whoever may see the record; to anyone
// else it does not exist. Images are shown inline, anything else is
// downloaded, never rendered by the browser as a page of this site.
func (h *Handler) file(w http.ResponseWriter, r *http.Request, u *user) {
	f, ok := h.visibleFile(w, r, u)
	if !ok {
		return
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	if upload.Inline(f.ContentType) {
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Disposition", strings.Replace(contentDisposition(f.Name), "attachment", "inline", 1))
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", contentDisposition(f.Name))
	}
	_, _ = w.Write(f.Data)
}

// thumb serves a photo's thumbnail to whoever may see its record, as file
// serves the file, without reading the file itself.
func (h *Handler) thumb(w http.ResponseWriter, r *http.Request, u *user) {
	if h.cfg.Files == nil {
		h.errorPage(w, r, u, http.StatusNotFound, "文件不存在")
		return
	}
	record, thumb, err := h.cfg.Files.Thumb(r.Context(), r.PathValue("id"))
	if err == nil {
		err = h.maySeeRecord(r.Context(), u, record)
	}
	if err == nil && len(thumb) == 0 {
		err = aftersales.Errorf(aftersales.KindNotFound, "thumb_not_found", "该文件没有缩略图")
	}
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(thumb)
}

// visibleFile reads the file the path names if u may see its record, and
// says nosniff; otherwise it answers not found and returns false.
func (h *Handler) visibleFile(w http.ResponseWriter, r *http.Request, u *user) (File, bool) {
	if h.cfg.Files == nil {
		h.errorPage(w, r, u, http.StatusNotFound, "文件不存在")
		return File{}, false
	}
	f, err := h.cfg.Files.Get(r.Context(), r.PathValue("id"))
	if err == nil {
		err = h.maySeeRecord(r.Context(), u, f.RecordID)
	}
	if err != nil {
		h.failPage(w, r, u, err)
		return File{}, false
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	return f, true
}

// uploadForm is the form that adds files to a record.
func uploadForm(action string) *form { return newForm("files", action) }

// readUploads reads the files of an upload form (field "file"), at most
// maxUploadFiles, each at most 10 MiB and one byte, for Keep to refuse
// what is too large by name.
func readUploads(r *http.Request) ([]Upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_form", "请选择要上传的照片或文件")
	}
	var out []Upload
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_form", "上传的内容不完整或过大（每次最多 %d 个文件，每个最多 10 MB）", maxUploadFiles)
		}
		if part.FormName() != "file" || part.FileName() == "" {
			_, _ = io.Copy(io.Discard, io.LimitReader(part, 1<<20))
			continue
		}
		if len(out) == maxUploadFiles {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_too_many", "每次最多上传 %d 个文件", maxUploadFiles)
		}
		data, err := io.ReadAll(io.LimitReader(part, 10<<20+1))
		if err != nil {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_form", "上传的内容不完整或过大（每次最多 %d 个文件，每个最多 10 MB）", maxUploadFiles)
		}
		out = append(out, Upload{Name: part.FileName(), Data: data})
	}
	if len(out) == 0 {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_none", "请选择要上传的照片或文件")
	}
	return out, nil
}

// upload adds the files of a form to record id, after load has found
// the record and that u may see it; show renders the record's page again,
// with the form's errors, when they are refused.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request, u *user, id string, back string,
	show func(status int, failed *form)) {
	if h.cfg.Files == nil {
		h.errorPage(w, r, u, http.StatusNotFound, "本服务器不保存附件")
		return
	}
	select {
	case h.cfg.UploadSlots <- struct{}{}: // bounded by Config.UploadSlots
		defer func() { <-h.cfg.UploadSlots }()
	default:
		w.Header().Set("Retry-After", "5")
		h.errorPage(w, r, u, http.StatusServiceUnavailable, "正在处理其他人上传的文件，请稍候几秒再上传")
		return
	}
	f := uploadForm(r.URL.Path)
	files, err := readUploads(r)
	if err == nil {
		by := u.Actor.ID
		_, err = h.cfg.Files.Keep(r.Context(), id, by, u.Customer, files)
	}
	var e *aftersales.Error
	if errors.As(err, &e) && e.Kind == aftersales.KindInvalid {
		f.set("file", e.Message)
		show(http.StatusBadRequest, f)
		return
	}
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	http.Redirect(w, r, back+"?ok=uploaded#h-files", http.StatusSeeOther)
}

// maySeeRecord reports, as an error, whether u may see the files of
// record id, a request's, a complaint's or a warranty's (api.Reader.Files):
// nil, or the not-found a record u may not see gives.
func (h *Handler) maySeeRecord(ctx context.Context, u *user, id string) error {
	return h.reader().Files(ctx, u.Principal, id)
}
