package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/examples/server/upload"
	"github.com/shouhou/shouhou/examples/server/web"
)

// Files returns the files kept with records, for the mail intake
// (intake.Mailbox.Files) to keep what customers send.
func (a *App) Files() *sqlstore.Files { return a.db.Files() }

// CustomerFinder finds the customer of the newest record that gives an
// e-mail address (sqlstore.DB.CustomerByEmail).
type CustomerFinder interface {
	CustomerByEmail(ctx context.Context, address string) (aftersales.Customer, bool, error)
}

// Customers finds customers by their e-mail address, for the mail intake
// (intake.Mailbox.Customers).
func (a *App) Customers() CustomerFinder { return a.db }

// files is web.Files over the SQL store's: uploads checked by package
// upload, within the record's quota (sqlstore.DefaultQuota).
type files struct {
	x     *sqlstore.Files
	slots chan struct{} // images decoded at once: each may take 160 MB
	clock aftersales.Clock
}

func newFiles(x *sqlstore.Files, clock aftersales.Clock) files {
	return files{x: x, slots: make(chan struct{}, 2), clock: clock}
}

func webFile(f sqlstore.File) web.File {
	return web.File{ID: f.ID, RecordID: f.RecordID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, Data: f.Data, HasThumb: f.HasThumb,
		ByCustomer: f.ByCustomer,
		CreatedBy:  f.CreatedBy, CreatedAt: f.CreatedAt, CapturedAt: f.CapturedAt}
}

// Keep is web.Files.Keep: keep.
func (x files) Keep(ctx context.Context, recordID, by string, byCustomer bool, ups []web.Upload) ([]web.File, error) {
	in := make([]upload.Part, len(ups))
	for i, u := range ups {
		in[i] = upload.Part{Name: u.Name, Data: u.Data}
	}
	kept, err := x.keep(ctx, recordID, by, byCustomer, in)
	out := make([]web.File, 0, len(kept))
	for _, f := range kept {
		out = append(out, webFile(f))
	}
	return out, err
}

// keep checks every upload and keeps them all, or none: a file refused,
// or the lot past the record's quota, refuses them all.
func (x files) keep(ctx context.Context, recordID, by string, byCustomer bool, ups []upload.Part) ([]sqlstore.File, error) {
	var problems []string
	code := ""
	kept := make([]sqlstore.File, len(ups))
	var total int64
	for i, u := range ups {
		select {
		case x.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		info, err := upload.Inspect(u.Name, u.Data)
		<-x.slots
		var e *aftersales.Error
		if errors.As(err, &e) {
			problems, code = append(problems, e.Message), cmp.Or(code, e.Code)
			continue
		}
		if err != nil {
			return nil, err
		}
		// Size and HasThumb as List and Get answer them: the upload's
		// answer describes the file as stored.
		kept[i] = sqlstore.File{ID: newFileID(), RecordID: recordID, Name: u.Name, ContentType: info.ContentType, Size: len(u.Data),
			Data: u.Data, Thumb: info.Thumb, HasThumb: len(info.Thumb) > 0, CapturedAt: info.Captured, ByCustomer: byCustomer,
			CreatedBy: by, CreatedAt: x.clock.Now()}
		total += int64(len(u.Data))
	}
	if len(problems) > 0 {
		return nil, aftersales.Errorf(aftersales.KindInvalid, code, "%s", strings.Join(problems, "；"))
	}
	q := sqlstore.DefaultQuota
	n, size, err := x.x.Usage(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if n+len(ups) > q.Files || size+total > q.Bytes {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "upload_quota", "附件超出上限：每条记录最多 %d 个、共 %d MB，已有 %d 个、%.1f MB，本次 %d 个、%.1f MB",
			q.Files, q.Bytes>>20, n, float64(size)/(1<<20), len(ups), float64(total)/(1<<20))
	}
	for _, f := range kept {
		if err := x.x.PutWithin(ctx, f, q); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// apiFiles is api.Files over the same store and checks.
type apiFiles struct{ files }

func apiFile(f sqlstore.File) api.File {
	out := api.File{ID: f.ID, RecordID: f.RecordID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, Thumbnail: f.HasThumb,
		ByCustomer: f.ByCustomer, CreatedBy: f.CreatedBy, CreatedAt: f.CreatedAt.In(calendar.CST())}
	if !f.CapturedAt.IsZero() {
		at := f.CapturedAt.In(calendar.CST())
		out.CapturedAt = &at
	}
	return out
}

func (x apiFiles) List(ctx context.Context, recordID string) ([]api.File, error) {
	list, err := x.x.List(ctx, recordID)
	out := make([]api.File, 0, len(list))
	for _, f := range list {
		out = append(out, apiFile(f))
	}
	return out, err
}

func (x apiFiles) Get(ctx context.Context, id string) (api.File, []byte, []byte, error) {
	f, err := x.x.Get(ctx, id)
	return apiFile(f), f.Data, f.Thumb, err
}

func (x apiFiles) Thumb(ctx context.Context, id string) (string, []byte, error) {
	return x.x.Thumb(ctx, id)
}

func (x apiFiles) Keep(ctx context.Context, recordID, by string, byCustomer bool, ups []api.FileUpload) ([]api.File, error) {
	in := make([]upload.Part, len(ups))
	for i, u := range ups {
		in[i] = upload.Part{Name: u.Name, Data: u.Data}
	}
	kept, err := x.keep(ctx, recordID, by, byCustomer, in)
	out := make([]api.File, 0, len(kept))
	for _, f := range kept {
		out = append(out, apiFile(f))
	}
	return out, err
}

// newFileID returns a new random file ID.
func newFileID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail
	return "F-" + hex.EncodeToString(b[:])
}

func (x files) Get(ctx context.Context, id string) (web.File, error) {
	f, err := x.x.Get(ctx, id)
	return webFile(f), err
}

// Thumb is web.Files.Thumb: the thumbnail alone.
func (x files) Thumb(ctx context.Context, id string) (string, []byte, error) {
	return x.x.Thumb(ctx, id)
}

func (x files) List(ctx context.Context, recordID string) ([]web.File, error) {
	list, err := x.x.List(ctx, recordID)
	out := make([]web.File, 0, len(list))
	for _, f := range list {
		out = append(out, webFile(f))
	}
	return out, err
}
