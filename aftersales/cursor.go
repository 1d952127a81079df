package aftersales

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RecordCursor is a record's place in the newest-first order of a list:
// received latest first, then by ID, descending. Query.Before pages with
// it.
type RecordCursor struct {
	ReceivedAt time.Time `json:"received_at"`
	ID         string    `json:"id"`
}

// CursorOf returns r's place in the newest-first order.
func CursorOf(r *Request) RecordCursor { return RecordCursor{ReceivedAt: r.ReceivedAt, ID: r.ID} }

// Precedes reports whether a record received at at with the given ID comes
// after c in the newest-first order: received earlier, or at the same
// instant with a smaller ID.
func (c RecordCursor) Precedes(at time.Time, id string) bool {
	if x := at.Compare(c.ReceivedAt); x != 0 {
		return x < 0
	}
	return id < c.ID
}

// SortNewestFirst sorts rs in the newest-first order of Query.NewestFirst:
// received latest first, then by ID, descending.
func SortNewestFirst(rs []*Request) {
	slices.SortFunc(rs, func(a, b *Request) int { return NewestFirst(CursorOf(a), CursorOf(b)) })
}

// NewestFirst compares two records' places in the newest-first order of
// the lists: negative when a comes first (received later, or at the same
// instant with a greater ID), as slices.SortFunc takes it.
func NewestFirst(a, b RecordCursor) int {
	if x := b.ReceivedAt.Compare(a.ReceivedAt); x != 0 {
		return x
	}
	return strings.Compare(b.ID, a.ID)
}

// String returns c as an opaque token for a page's "next" link, which
// ParseRecordCursor reads back.
func (c RecordCursor) String() string { return encodeCursor(c.ReceivedAt, 0, c.ID) }

// ParseRecordCursor reads a token of RecordCursor.String. Anything else is
// an error of kind KindInvalid, code cursor_invalid.
func ParseRecordCursor(s string) (RecordCursor, error) {
	t, n, id, err := decodeCursor(s)
	if err == nil && n != 0 {
		return RecordCursor{}, cursorInvalid()
	}
	return RecordCursor{ReceivedAt: t, ID: id}, err
}

// encodeCursor is the one token format of the cursors: an instant, a
// number and an ID, base64url-encoded.
func encodeCursor(t time.Time, n int, id string) string {
	raw := t.UTC().Format(time.RFC3339Nano) + "|" + strconv.Itoa(n) + "|" + id
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeCursor reads a token of encodeCursor.
func decodeCursor(s string) (time.Time, int, string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, 0, "", cursorInvalid()
	}
	at, rest, ok := strings.Cut(string(raw), "|")
	if !ok {
		return time.Time{}, 0, "", cursorInvalid()
	}
	num, id, ok := strings.Cut(rest, "|")
	if !ok || id == "" {
		return time.Time{}, 0, "", cursorInvalid()
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return time.Time{}, 0, "", cursorInvalid()
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || strconv.Itoa(n) != num {
		return time.Time{}, 0, "", cursorInvalid()
	}
	return t, n, id, nil
}

func cursorInvalid() *Error {
	return invalid("cursor_invalid", "分页位置无效，请从第一页重新开始")
}
