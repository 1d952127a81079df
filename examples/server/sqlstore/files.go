package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"mime"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shouhou/shouhou/aftersales"
)

// MaxFileSize is the largest file Files keeps: 10 MiB.
const MaxFileSize = 10 << 20

// File is a file kept with a request or complaint: a photo or document a
// customer sent with an e-mail.
type File struct {
	ID          string // chosen by the writer, so that writing the same file again is harmless
	RecordID    string // the request or complaint it belongs to
	Name        string // the file's name as sent
	ContentType string // its media type, as declared; application/octet-stream when unknown
	Size        int
	Data        []byte // empty in List's answers
	// ByCustomer marks a file the customer sent: their personal data,
	// deleted when they are pseudonymised.
	ByCustomer bool
	CreatedBy  string
	CreatedAt  time.Time
	// Thumb is a photo's small JPEG for the pages (upload.Info.Thumb);
	// nil for a document, and in List's answers (see HasThumb; Thumb
	// reads it alone).
	Thumb []byte
	// HasThumb reports, in List's and Get's answers, whether the file has
	// a thumbnail.
	HasThumb bool
	// CapturedAt is a photo's own capture time (EXIF); zero when unknown.
	CapturedAt time.Time
}

// Files keeps the files of requests and complaints in the database, beside
// their records.
type Files struct{ db *DB }

// Files returns the store's files.
func (db *DB) Files() *Files { return &Files{db: db} }

// Put keeps f unless a file with its ID is kept already (then it does
// nothing: a writer that retries writes nothing twice). It refuses, with
// a KindInvalid error, an ID that is not 1 to 100 letters, digits, '-',
// '_' or '.', no record, no name, more than MaxFileSize bytes or none.
func (x *Files) Put(ctx context.Context, f File) error {
	return x.PutWithin(ctx, f, Quota{})
}

// Quota bounds what one record keeps: 0 leaves a bound off.
type Quota struct {
	Files int   // files
	Bytes int64 // their sizes added up
}

// DefaultQuota is what a request or complaint may keep: 50 files, 100 MiB.
var DefaultQuota = Quota{Files: 50, Bytes: 100 << 20}

// PutWithin is Put that refuses, with a KindInvalid error (code
// upload_quota), a file that would take its record past q: checked in the
// writing transaction, so that uploads racing on one record cannot pass
// it together (on PostgreSQL they queue on a lock of the record).
func (x *Files) PutWithin(ctx context.Context, f File, q Quota) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkFile(&f); err != nil {
		return err
	}
	db := x.db
	return db.write(ctx, "put file", func(tx *sql.Tx) error {
		if q != (Quota{}) {
			if db.pg() {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "files:"+f.RecordID); err != nil {
					return err
				}
			}
			var n int
			var size int64
			if err := tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*), COALESCE(SUM(size), 0) FROM files WHERE record_id = ?`), f.RecordID).
				Scan(&n, &size); err != nil {
				return err
			}
			if (q.Files > 0 && n+1 > q.Files) || (q.Bytes > 0 && size+int64(len(f.Data)) > q.Bytes) {
				return invalid("upload_quota", "该记录的附件已达上限（最多 %d 个、共 %d MB；已有 %d 个、%.1f MB）",
					q.Files, q.Bytes>>20, n, float64(size)/(1<<20))
			}
		}
		var captured any
		if !f.CapturedAt.IsZero() {
			captured = nanos(f.CapturedAt)
		}
		var thumb any
		if len(f.Thumb) > 0 {
			thumb = f.Thumb
		}
		_, err := db.exec(ctx, tx, "put file", `INSERT INTO files (id, record_id, name, content_type, size, data, by_customer, created_by, created_ns,
			thumb, captured_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			f.ID, f.RecordID, f.Name, f.ContentType, len(f.Data), f.Data, f.ByCustomer, db.col(f.CreatedBy), nanos(f.CreatedAt), thumb, captured)
		return err
	})
}

// checkFile checks and tidies a file to keep.
func checkFile(f *File) error {
	ok := len(f.ID) > 0 && len(f.ID) <= aftersales.MaxIDLength
	for _, r := range f.ID {
		ok = ok && (r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '_' || r == '.')
	}
	if !ok {
		return invalid("file_id_invalid", "文件编号 %q 无效", f.ID)
	}
	var err error
	if f.RecordID, err = aftersales.CheckID(f.RecordID, "record_id", "记录编号"); err != nil {
		return err
	}
	f.Name = strings.Join(strings.FieldsFunc(strings.ToValidUTF8(f.Name, "\uFFFD"), func(r rune) bool { return unicode.IsControl(r) }), " ")
	if f.Name = strings.TrimSpace(f.Name); f.Name == "" {
		return invalid("file_name_required", "文件名不能为空")
	}
	if n := []rune(f.Name); len(n) > 200 {
		f.Name = string(n[:200])
	}
	switch {
	case len(f.Data) == 0:
		return invalid("file_empty", "文件内容为空")
	case len(f.Data) > MaxFileSize:
		return invalid("file_too_large", "文件过大（%d 字节，最多 %d 字节）", len(f.Data), MaxFileSize)
	}
	f.ContentType = mediaType(f.ContentType)
	if f.CreatedAt.IsZero() {
		f.CreatedAt = time.Now()
	}
	return nil
}

// mediaType keeps a declared media type without its parameters, or gives
// application/octet-stream.
func mediaType(s string) string {
	t, _, err := mime.ParseMediaType(s)
	if err != nil || !strings.Contains(t, "/") {
		return "application/octet-stream"
	}
	return t
}

// Get returns a file with its data, or a KindNotFound error.
func (x *Files) Get(ctx context.Context, id string) (File, error) {
	if err := ctx.Err(); err != nil {
		return File{}, err
	}
	f := File{ID: id}
	var created int64
	var captured sql.NullInt64
	err := x.db.r.QueryRowContext(ctx, x.db.q(`SELECT record_id, name, content_type, size, data, by_customer, created_by, created_ns, thumb, captured_ns
		FROM files WHERE id = ?`), id).Scan(&f.RecordID, &f.Name, &f.ContentType, &f.Size, &f.Data, &f.ByCustomer, &f.CreatedBy, &created,
		&f.Thumb, &captured)
	if errNoRows(err) {
		return File{}, aftersales.Errorf(aftersales.KindNotFound, "file_not_found", "文件不存在")
	}
	if err != nil {
		return File{}, fmt.Errorf("sqlstore: get file: %w", err)
	}
	f.CreatedAt, f.HasThumb = time.Unix(0, created), len(f.Thumb) > 0
	if captured.Valid {
		f.CapturedAt = time.Unix(0, captured.Int64)
	}
	return f, nil
}

// List returns the files of a record, oldest first, without their data or
// thumbnails: a page of a record's files reads each thumbnail on its own
// (Thumb), as the browser asks for it.
func (x *Files) List(ctx context.Context, recordID string) (_ []File, err error) {
	rows, err := x.db.r.QueryContext(ctx, x.db.q(`SELECT id, name, content_type, size, by_customer, created_by, created_ns, COALESCE(length(thumb), 0), captured_ns
		FROM files WHERE record_id = ? ORDER BY created_ns, id`), recordID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list files: %w", err)
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	var out []File
	for rows.Next() {
		f := File{RecordID: recordID}
		var created, thumb int64
		var captured sql.NullInt64
		if err := rows.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.ByCustomer, &f.CreatedBy, &created, &thumb, &captured); err != nil {
			return nil, fmt.Errorf("sqlstore: list files: %w", err)
		}
		f.HasThumb = thumb > 0
		f.CreatedAt = time.Unix(0, created)
		if captured.Valid {
			f.CapturedAt = time.Unix(0, captured.Int64)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Usage returns how many files a record keeps and their bytes: what its
// quota counts.
func (x *Files) Usage(ctx context.Context, recordID string) (files int, bytes int64, err error) {
	err = x.db.r.QueryRowContext(ctx, x.db.q(`SELECT COUNT(*), COALESCE(SUM(size), 0) FROM files WHERE record_id = ?`), recordID).Scan(&files, &bytes)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlstore: file usage: %w", err)
	}
	return files, bytes, nil
}

// Thumb returns a file's thumbnail (nil for a document) and the record it
// belongs to, without reading the file itself: the pages ask for a
// record's thumbnails one by one. An unknown ID is a KindNotFound error.
func (x *Files) Thumb(ctx context.Context, id string) (recordID string, thumb []byte, err error) {
	err = x.db.r.QueryRowContext(ctx, x.db.q(`SELECT record_id, thumb FROM files WHERE id = ?`), id).Scan(&recordID, &thumb)
	if errNoRows(err) {
		return "", nil, aftersales.Errorf(aftersales.KindNotFound, "file_not_found", "文件不存在")
	}
	if err != nil {
		return "", nil, fmt.Errorf("sqlstore: file thumbnail: %w", err)
	}
	return recordID, thumb, nil
}
