package sqlstore_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestFilesKeptWithTheirRecord: a file is kept whole with its record and
// listed with it; writing it again (a retried intake) changes nothing;
// bad files are refused; a customer's files go when they are
// pseudonymised, the company's stay.
func TestFilesKeptWithTheirRecord(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := open(t, d.newDSN(t))
		ctx := context.Background()
		sample(t, db.Requests(), "AS-0001")
		files := db.Files()
		at := time.Date(2026, 11, 3, 9, 0, 0, 123, time.UTC)
		photo := sqlstore.File{ID: "F-1", RecordID: "AS-0001", Name: "渗水.jpg", ContentType: "image/jpeg; name=x", Data: []byte("\xff\xd8\xff\xe0 jpeg"),
			ByCustomer: true, CreatedBy: "intake", CreatedAt: at}
		require.NoError(t, files.Put(ctx, photo))
		again := photo
		again.Data = []byte("other")
		require.NoError(t, files.Put(ctx, again), "a second write of the same file is harmless")
		report := sqlstore.File{ID: "F-2", RecordID: "AS-0001", Name: "检测报告.pdf", ContentType: "bogus", Data: bytes.Repeat([]byte{0}, 1000),
			CreatedBy: "p-staff", CreatedAt: at.Add(time.Second)}
		require.NoError(t, files.Put(ctx, report))

		got, err := files.Get(ctx, "F-1")
		require.NoError(t, err)
		require.Equal(t, photo.Data, got.Data, "the first write is kept")
		require.Equal(t, "image/jpeg", got.ContentType)
		require.True(t, got.ByCustomer)
		require.True(t, at.Equal(got.CreatedAt))
		list, err := files.List(ctx, "AS-0001")
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, []string{"F-1", "F-2"}, []string{list[0].ID, list[1].ID})
		require.Equal(t, "application/octet-stream", list[1].ContentType)
		require.Equal(t, 1000, list[1].Size)
		require.Nil(t, list[1].Data, "a list carries no data")

		for _, bad := range []struct {
			f    sqlstore.File
			code string
		}{
			{sqlstore.File{ID: "F 3", RecordID: "AS-0001", Name: "a", Data: []byte("x")}, "file_id_invalid"},
			{sqlstore.File{ID: "F-3", Name: "a", Data: []byte("x")}, "record_id_required"},
			{sqlstore.File{ID: "F-3", RecordID: "AS-0001", Name: " \x00 ", Data: []byte("x")}, "file_name_required"},
			{sqlstore.File{ID: "F-3", RecordID: "AS-0001", Name: "a"}, "file_empty"},
			{sqlstore.File{ID: "F-3", RecordID: "AS-0001", Name: "a", Data: make([]byte, sqlstore.MaxFileSize+1)}, "file_too_large"},
		} {
			require.ErrorIs(t, files.Put(ctx, bad.f), &aftersales.Error{Kind: aftersales.KindInvalid, Code: bad.code})
		}
		_, err = files.Get(ctx, "F-3")
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotFound, Code: "file_not_found"})

		// A quota counts the record's files and bytes, in the writing
		// transaction.
		q := sqlstore.Quota{Files: 3, Bytes: 2000}
		third := sqlstore.File{ID: "F-3", RecordID: "AS-0001", Name: "c.jpg", Data: make([]byte, 1000), CreatedBy: "p-staff", CreatedAt: at}
		require.ErrorIs(t, files.PutWithin(ctx, third, q), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "upload_quota"}, "bytes")
		third.Data = make([]byte, 500)
		require.NoError(t, files.PutWithin(ctx, third, q))
		fourth := sqlstore.File{ID: "F-4", RecordID: "AS-0001", Name: "d.jpg", Data: []byte("x"), CreatedBy: "p-staff", CreatedAt: at}
		require.ErrorIs(t, files.PutWithin(ctx, fourth, q), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "upload_quota"}, "count")
		n, size, err := files.Usage(ctx, "AS-0001")
		require.NoError(t, err)
		require.Equal(t, 3, n)
		require.EqualValues(t, len(photo.Data)+1000+500, size)
		thumbed := sqlstore.File{ID: "F-5", RecordID: "AS-0002", Name: "e.jpg", Data: []byte("x"), Thumb: []byte("small"),
			CapturedAt: at.Add(-time.Hour), CreatedBy: "p-staff", CreatedAt: at}
		require.NoError(t, files.Put(ctx, thumbed))
		list, err = files.List(ctx, "AS-0002")
		require.NoError(t, err)
		require.True(t, list[0].HasThumb)
		require.Nil(t, list[0].Thumb, "a list carries no thumbnails: each is read on its own")
		_, thumb, err := files.Thumb(ctx, "F-5")
		require.NoError(t, err)
		require.Equal(t, []byte("small"), thumb)
		require.True(t, at.Add(-time.Hour).Equal(list[0].CapturedAt))

		act := sqlstore.PrivacyAct{Requests: []string{"AS-0001"}, Actor: aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead},
			At: at, Reason: "客户要求删除个人信息"}
		require.NoError(t, db.Pseudonymise(ctx, act, aftersales.NewPseudonym()))
		list, err = files.List(ctx, "AS-0001")
		require.NoError(t, err)
		require.Equal(t, []string{"F-3", "F-2"}, []string{list[0].ID, list[1].ID}, "the customer's photo is gone with their name, the company's stay")
	})
}

// A thumbnail is read with its record, without the file.
func TestFileThumbAlone(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := open(t, d.newDSN(t))
		ctx := context.Background()
		require.NoError(t, db.Files().Put(ctx, sqlstore.File{ID: "F-1", RecordID: "AS-1", Name: "a.jpg", Data: []byte("big"), Thumb: []byte("small"),
			CreatedBy: "p", CreatedAt: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)}))
		require.NoError(t, db.Files().Put(ctx, sqlstore.File{ID: "F-2", RecordID: "AS-1", Name: "b.pdf", Data: []byte("%PDF"),
			CreatedBy: "p", CreatedAt: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)}))
		record, thumb, err := db.Files().Thumb(ctx, "F-1")
		require.NoError(t, err)
		require.Equal(t, "AS-1", record)
		require.Equal(t, []byte("small"), thumb)
		_, thumb, err = db.Files().Thumb(ctx, "F-2")
		require.NoError(t, err)
		require.Nil(t, thumb, "a document has none")
		_, _, err = db.Files().Thumb(ctx, "F-3")
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotFound, Code: "file_not_found"})
	})
}
