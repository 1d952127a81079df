package web_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestBlobs checks the store of drawn signatures on both dialects: PNG
// and JPEG images of at most 2 MiB, kept and given back byte for byte.
func TestBlobs(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := sqlstore.Open(ctx, dsn, nil)
		require.NoError(t, err)
		defer db.Close()
		blobs := db.Blobs()

		png := signaturePNG(t, true)
		id, err := blobs.Put(ctx, "image/png", png, "C-1001")
		require.NoError(t, err)
		require.Len(t, id, 32)
		ct, data, err := blobs.Get(ctx, id)
		require.NoError(t, err)
		require.Equal(t, "image/png", ct)
		require.Equal(t, png, data)

		jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}
		id2, err := blobs.Put(ctx, "IMAGE/JPEG", jpeg, "C-1001")
		require.NoError(t, err)
		require.NotEqual(t, id, id2)
		ct, data, err = blobs.Get(ctx, id2)
		require.NoError(t, err)
		require.Equal(t, "image/jpeg", ct)
		require.Equal(t, jpeg, data)

		for name, tc := range map[string]struct {
			ct   string
			data []byte
			by   string
			code string
		}{
			"empty":     {"image/png", nil, "C-1001", "blob_empty"},
			"too large": {"image/png", append(append([]byte{}, png...), make([]byte, sqlstore.MaxBlobSize)...), "C-1001", "blob_too_large"},
			"gif":       {"image/gif", []byte("GIF89a"), "C-1001", "blob_type_invalid"},
			"svg":       {"image/svg+xml", []byte("<svg/>"), "C-1001", "blob_type_invalid"},
			"mismatch":  {"image/png", jpeg, "C-1001", "blob_type_mismatch"},
			"anonymous": {"image/png", png, " ", "blob_creator_required"},
		} {
			_, err := blobs.Put(ctx, tc.ct, tc.data, tc.by)
			require.Equal(t, aftersales.KindInvalid, aftersales.KindOf(err), name)
			require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: tc.code}, name)
		}
		for _, id := range []string{"", "0123456789abcdef0123456789abcdef", "nope", "' OR 1=1 --", id + "x"} {
			_, _, err := blobs.Get(ctx, id)
			require.ErrorIs(t, err, aftersales.ErrNotFound, "%q", id)
		}
	})
}
