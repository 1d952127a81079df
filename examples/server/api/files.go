package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/upload"
)

// File is a file kept with a request or complaint, as the API lists it.
type File struct {
	ID          string     `json:"id"`
	RecordID    string     `json:"record_id"`
	Name        string     `json:"name"`
	ContentType string     `json:"content_type"`
	Size        int        `json:"size"`
	Thumbnail   bool       `json:"thumbnail"`             // a photo has one: GET /api/v1/files/{id}?thumbnail=1
	CapturedAt  *time.Time `json:"captured_at,omitempty"` // a photo's own capture time (EXIF)
	ByCustomer  bool       `json:"by_customer"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
}

// FileUpload is one file of an upload.
type FileUpload struct {
	Name string
	Data []byte
}

// Files keeps the files of records (the reference server's are in its
// database). Keep checks every upload and keeps them all, or refuses them
// all with a KindInvalid error; Get returns a file with its data and a
// photo's thumbnail, or a KindNotFound error.
type Files interface {
	List(ctx context.Context, recordID string) ([]File, error)
	Get(ctx context.Context, id string) (f File, data, thumb []byte, err error)
	// Thumb returns a photo's thumbnail (nil for a document) and its
	// record, without reading the file.
	Thumb(ctx context.Context, id string) (recordID string, thumb []byte, err error)
	Keep(ctx context.Context, recordID, by string, byCustomer bool, files []FileUpload) ([]File, error)
}

// Limits of one upload.
const (
	maxUploadFiles = 10
	maxUploadBody  = maxUploadFiles*(10<<20) + 1<<20
)

func (h *Handler) fileRoutes() {
	m := h.mux
	m.HandleFunc("POST /api/v1/requests/{id}/files", h.authed(h.recordFiles(h.requestRecord, true)))
	m.HandleFunc("GET /api/v1/requests/{id}/files", h.authed(h.recordFiles(h.requestRecord, false)))
	m.HandleFunc("POST /api/v1/complaints/{id}/files", h.authed(h.recordFiles(h.complaintRecord, true)))
	m.HandleFunc("GET /api/v1/complaints/{id}/files", h.authed(h.recordFiles(h.complaintRecord, false)))
	m.HandleFunc("POST /api/v1/warranties/{project}/files", h.authed(h.recordFiles(h.warrantyRecord, true)))
	m.HandleFunc("GET /api/v1/warranties/{project}/files", h.authed(h.recordFiles(h.warrantyRecord, false)))
	m.HandleFunc("GET /api/v1/files/{id}", h.authed(h.getFile))
}

// warrantyFilesPrefix begins the record ID of a warranty's files.
const warrantyFilesPrefix = "warranty:"

// WarrantyFiles is the record ID under which the photos and documents of
// a project's warranty inspections (W2.2) are kept: "warranty:P-001".
func WarrantyFiles(projectID string) string { return warrantyFilesPrefix + projectID }

// fileRecord finds the record whose files a path names, as p may see it
// (upload: as p may add to it), and returns the ID its files are kept
// under.
type fileRecord func(ctx context.Context, p Principal, r *http.Request, upload bool) (string, error)

// requestRecord: a request's files are read and added by whoever may see
// the request.
func (h *Handler) requestRecord(ctx context.Context, p Principal, r *http.Request, _ bool) (string, error) {
	x, err := h.loadRequest(ctx, p, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	return x.ID, nil
}

// complaintRecord: a complaint's, likewise.
func (h *Handler) complaintRecord(ctx context.Context, p Principal, r *http.Request, _ bool) (string, error) {
	x, err := h.loadComplaint(ctx, p, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	return x.ID, nil
}

// warrantyRecord: a warranty's inspection photos are the company's, read
// by its people as the warranty is, and added by those who may record the
// project's inspections (W2.2).
func (h *Handler) warrantyRecord(ctx context.Context, p Principal, r *http.Request, upload bool) (string, error) {
	if err := requireStaff(p); err != nil {
		return "", err
	}
	project := r.PathValue("project")
	if _, err := h.cfg.Warranties.Get(ctx, project); err != nil {
		return "", err
	}
	if upload {
		if err := h.cfg.Warranties.MayInspect(ctx, p.actor(), project); err != nil {
			return "", err
		}
	}
	return WarrantyFiles(project), nil
}

// recordFiles lists a record's files, or (upload) keeps the files of a
// multipart/form-data body, each in a part named "file".
func (h *Handler) recordFiles(find fileRecord, upload bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p Principal) {
		// Who may see or add to the record first: a customer is refused the
		// company's records whether or not this server keeps files.
		id, err := find(r.Context(), p, r, upload)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if h.cfg.Files == nil {
			h.fail(w, r, aftersales.Errorf(aftersales.KindNotAllowed, "files_unavailable", "本服务器不保存附件"))
			return
		}
		if !upload {
			list, err := h.cfg.Files.List(r.Context(), id)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
			return
		}
		select {
		case h.uploadSlots <- struct{}{}: // bounded by Config.UploadSlots
			defer func() { <-h.uploadSlots }()
		default:
			w.Header().Set("Retry-After", "5")
			h.fail(w, r, aftersales.Errorf(aftersales.KindUnavailable, "upload_busy", "正在处理其他上传，请稍后重试"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
		ups, err := readFileParts(r)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		kept, err := h.cfg.Files.Keep(r.Context(), id, p.actor().ID, p.Actor.Role == aftersales.RoleCustomer, ups)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"items": kept})
	}
}

func nonNil(list []File) []File {
	if list == nil {
		return []File{}
	}
	return list
}

// readFileParts reads the "file" parts of a multipart body: 1 to
// maxUploadFiles, each at most 10 MiB and one byte (Keep names what is
// too large).
func readFileParts(r *http.Request) ([]FileUpload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "multipart_required", "请以 multipart/form-data 上传，每个文件一个名为 file 的部分")
	}
	var out []FileUpload
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "body_too_large", "上传内容过大：每次最多 %d 个文件，每个最多 10 MB", maxUploadFiles)
		}
		if err != nil {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "multipart_invalid", "multipart 内容无效：%v", err)
		}
		if part.FormName() != "file" {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "field_unknown", "未知的部分 %q：文件的部分应名为 file", part.FormName())
		}
		if len(out) == maxUploadFiles {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_too_many", "每次最多上传 %d 个文件", maxUploadFiles)
		}
		data, err := io.ReadAll(io.LimitReader(part, 10<<20+1))
		if errors.As(err, &tooBig) {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "body_too_large", "上传内容过大：每次最多 %d 个文件，每个最多 10 MB", maxUploadFiles)
		}
		if err != nil {
			return nil, aftersales.Errorf(aftersales.KindInvalid, "multipart_invalid", "multipart 内容无效：%v", err)
		}
		out = append(out, FileUpload{Name: part.FileName(), Data: data})
	}
	if len(out) == 0 {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_none", "没有文件：每个文件一个名为 file 的部分")
	}
	return out, nil
}

// getFile serves a file, or with ?thumbnail=1 a photo's thumbnail, to
// whoever may see its record: to anyone else it does not exist. Only
// raster images are served as what they are; anything else as a
// download.
func (h *Handler) getFile(w http.ResponseWriter, r *http.Request, p Principal) {
	if h.cfg.Files == nil {
		h.fail(w, r, aftersales.Errorf(aftersales.KindNotFound, "file_not_found", "文件不存在"))
		return
	}
	if r.URL.Query().Get("thumbnail") == "1" {
		h.getThumb(w, r, p)
		return
	}
	f, data, _, err := h.cfg.Files.Get(r.Context(), r.PathValue("id"))
	if err == nil {
		err = h.reader().Files(r.Context(), p, f.RecordID)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ct, disposition := "application/octet-stream", "attachment"
	if upload.Inline(f.ContentType) {
		ct, disposition = f.ContentType, "inline"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", disposition+"; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(data)
}

// getThumb serves a photo's thumbnail without reading the file itself.
func (h *Handler) getThumb(w http.ResponseWriter, r *http.Request, p Principal) {
	record, thumb, err := h.cfg.Files.Thumb(r.Context(), r.PathValue("id"))
	if err == nil {
		err = h.reader().Files(r.Context(), p, record)
	}
	if err == nil && len(thumb) == 0 {
		err = aftersales.Errorf(aftersales.KindNotFound, "thumbnail_not_found", "该文件没有缩略图")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Content-Length", strconv.Itoa(len(thumb)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(thumb)
}
