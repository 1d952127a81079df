package sqlstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// MaxBlobSize is the largest blob Put accepts: 2 MiB.
const MaxBlobSize = 2 << 20

// Blobs are small binary objects kept for the web pages, such as the
// signature a customer draws on screen when accepting a repair (P4.1).
// Only PNG and JPEG images are kept; each is addressed by a random ID that
// Put returns.
type Blobs struct{ db *DB }

// Put stores data of contentType ("image/png" or "image/jpeg", and the
// data must be such an image) created by by, and returns its new ID. Empty
// data, more than MaxBlobSize bytes, another type, or data that is not of
// the type declared is refused with a KindInvalid error.
func (b *Blobs) Put(ctx context.Context, contentType string, data []byte, by string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	contentType = strings.ToLower(strings.TrimSpace(contentType))
	switch {
	case len(data) == 0:
		return "", invalid("blob_empty", "文件内容为空")
	case len(data) > MaxBlobSize:
		return "", invalid("blob_too_large", "文件过大（%d 字节，最多 %d 字节）", len(data), MaxBlobSize)
	case contentType != "image/png" && contentType != "image/jpeg":
		return "", invalid("blob_type_invalid", "只接受 PNG 或 JPEG 图片，收到 %q", contentType)
	case !sniff(contentType, data):
		return "", invalid("blob_type_mismatch", "文件内容不是 %s 图片", contentType)
	}
	by = strings.TrimSpace(by)
	if by == "" {
		return "", invalid("blob_creator_required", "缺少上传人")
	}
	var raw [16]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails (Go 1.24+)
	id := hex.EncodeToString(raw[:])
	db := b.db
	err := db.write(ctx, "put blob", func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, "insert blob", `INSERT INTO blobs (id, content_type, data, created_at, created_by)
			VALUES (?, ?, ?, ?, ?)`, id, contentType, data, rfc3339(time.Now()), db.col(by))
		return err
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// Get returns a blob's content type and data, or a KindNotFound error for
// an unknown ID.
func (b *Blobs) Get(ctx context.Context, id string) (contentType string, data []byte, err error) {
	contentType, data, _, err = b.GetMeta(ctx, id)
	return contentType, data, err
}

// GetMeta is Get that also returns who created the blob, as given to Put,
// so that a reader can check whose the blob is.
func (b *Blobs) GetMeta(ctx context.Context, id string) (contentType string, data []byte, createdBy string, err error) {
	if err := ctx.Err(); err != nil {
		return "", nil, "", err
	}
	if !blobID(id) {
		return "", nil, "", blobNotFound()
	}
	err = b.db.r.QueryRowContext(ctx, b.db.q(`SELECT content_type, data, created_by FROM blobs WHERE id = ?`), id).
		Scan(&contentType, &data, &createdBy)
	if errNoRows(err) {
		return "", nil, "", blobNotFound()
	}
	if err != nil {
		return "", nil, "", fmt.Errorf("sqlstore: get blob: %w", err)
	}
	return contentType, data, createdBy, nil
}

// Delete removes a blob, such as a signature stored for an acceptance that
// then failed. An unknown ID is a KindNotFound error.
func (b *Blobs) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !blobID(id) {
		return blobNotFound()
	}
	db := b.db
	var n int64
	err := db.write(ctx, "delete blob", func(tx *sql.Tx) error {
		var err error
		n, err = db.exec(ctx, tx, "delete blob", `DELETE FROM blobs WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return blobNotFound()
	}
	return nil
}

func blobNotFound() error {
	return aftersales.Errorf(aftersales.KindNotFound, "blob_not_found", "文件不存在")
}

// blobID reports whether id has the form Put gives: 32 lower-case hex
// digits.
func blobID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// sniff reports whether data starts as an image of contentType does.
func sniff(contentType string, data []byte) bool {
	if contentType == "image/png" {
		return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n"))
	}
	return bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF})
}
