package sqlstore_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestBlobsGetMetaAndDelete checks, on both dialects, that GetMeta names
// who stored a blob, and that Delete removes exactly the blob named and
// says "not found" for one that is gone, unknown or not an ID.
func TestBlobsGetMetaAndDelete(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		blobs := d.fresh(t).Blobs()
		var b bytes.Buffer
		require.NoError(t, png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 2))))
		img := b.Bytes()

		mine, err := blobs.Put(ctx, "image/png", img, "C-1001")
		require.NoError(t, err)
		theirs, err := blobs.Put(ctx, "image/png", img, "C-2002")
		require.NoError(t, err)

		ct, data, by, err := blobs.GetMeta(ctx, mine)
		require.NoError(t, err)
		require.Equal(t, "image/png", ct)
		require.Equal(t, img, data)
		require.Equal(t, "C-1001", by)
		_, _, by, err = blobs.GetMeta(ctx, theirs)
		require.NoError(t, err)
		require.Equal(t, "C-2002", by)

		require.NoError(t, blobs.Delete(ctx, mine))
		_, _, err = blobs.Get(ctx, mine)
		requireKind(t, aftersales.KindNotFound, err, "Get after Delete")
		_, _, _, err = blobs.GetMeta(ctx, mine)
		requireKind(t, aftersales.KindNotFound, err, "GetMeta after Delete")
		requireKind(t, aftersales.KindNotFound, blobs.Delete(ctx, mine), "Delete twice")
		for _, id := range []string{"", "nope", "0123456789abcdef0123456789abcdef", "' OR 1=1 --", theirs + "x"} {
			requireKind(t, aftersales.KindNotFound, blobs.Delete(ctx, id), "Delete(%q)", id)
		}

		// The other blob is untouched.
		_, data, err = blobs.Get(ctx, theirs)
		require.NoError(t, err)
		require.Equal(t, img, data)
	})
}
