package upload

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// photo returns a w×h JPEG, with an Exif APP1 segment when exif is not nil.
func photo(t *testing.T, w, h int, exif []byte) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, img, nil))
	out := buf.Bytes()
	if exif == nil {
		return out
	}
	seg := append([]byte("Exif\x00\x00"), exif...)
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	return append(append(append([]byte{0xFF, 0xD8}, app1...), seg...), out[2:]...)
}

// tiff writes the TIFF data of an EXIF block as cameras do (little-endian):
// IFD0 with DateTime and the Exif IFD pointer, the Exif IFD with
// DateTimeOriginal and, if offset is set, OffsetTimeOriginal.
func tiff(changed, taken, offset string) []byte {
	le := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II")
	_ = binary.Write(&b, le, uint16(42))
	_ = binary.Write(&b, le, uint32(8))
	// IFD0 at 8: two entries, then the next-IFD link; its data after.
	ifd0End := 8 + 2 + 2*12 + 4
	exifAt := ifd0End + 20
	_ = binary.Write(&b, le, uint16(2))
	entry := func(tag, typ uint16, count, value uint32) {
		_ = binary.Write(&b, le, tag)
		_ = binary.Write(&b, le, typ)
		_ = binary.Write(&b, le, count)
		_ = binary.Write(&b, le, value)
	}
	entry(tagDateTime, 2, 20, uint32(ifd0End))
	entry(tagExifIFD, 4, 1, uint32(exifAt))
	_ = binary.Write(&b, le, uint32(0))
	b.WriteString(changed + "\x00")
	n := uint16(1)
	if offset != "" {
		n = 2
	}
	exifEnd := exifAt + 2 + int(n)*12 + 4
	_ = binary.Write(&b, le, n)
	entry(tagDateTimeOriginal, 2, 20, uint32(exifEnd))
	if offset != "" {
		entry(tagOffsetTimeOriginal, 2, 7, uint32(exifEnd+20))
	}
	_ = binary.Write(&b, le, uint32(0))
	b.WriteString(taken + "\x00")
	if offset != "" {
		b.WriteString(offset + "\x00")
	}
	return b.Bytes()
}

func TestInspectPhotos(t *testing.T) {
	// A phone's photo: taken at 09:41:05 China time, edited later.
	jpg := photo(t, 1600, 1200, tiff("2026:11:03 20:00:00", "2026:11:02 09:41:05", ""))
	info, err := Inspect("IMG_0001.JPG", jpg)
	require.NoError(t, err)
	require.Equal(t, "image/jpeg", info.ContentType)
	require.True(t, info.Image)
	require.Equal(t, [2]int{1600, 1200}, [2]int{info.Width, info.Height})
	require.True(t, info.Captured.Equal(time.Date(2026, 11, 2, 9, 41, 5, 0, calendar.CST())), "%v", info.Captured)
	thumb, err := jpeg.Decode(bytes.NewReader(info.Thumb))
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, ThumbSize, 240), thumb.Bounds(), "the longer side scaled to ThumbSize, the shape kept")

	// With the camera's own offset; and without the original time, the
	// file's DateTime.
	info, err = Inspect("a.jpg", photo(t, 10, 10, tiff("2026:11:03 20:00:00", "2026:11:02 09:41:05", "-05:00")))
	require.NoError(t, err)
	require.True(t, info.Captured.Equal(time.Date(2026, 11, 2, 14, 41, 5, 0, time.UTC)))
	info, err = Inspect("b.jpg", photo(t, 10, 10, tiff("2026:11:03 20:00:00", "bad", "")))
	require.NoError(t, err)
	require.True(t, info.Captured.Equal(time.Date(2026, 11, 3, 20, 0, 0, 0, calendar.CST())))
	info, err = Inspect("c.jpg", photo(t, 10, 10, nil))
	require.NoError(t, err)
	require.True(t, info.Captured.IsZero(), "no EXIF, no capture time")
	require.Equal(t, image.Rect(0, 0, 10, 10), mustDecode(t, info.Thumb).Bounds(), "a small photo is not enlarged")

	// A PNG with transparency, its thumbnail on white.
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 300, 900))))
	info, err = Inspect("截图.png", buf.Bytes())
	require.NoError(t, err)
	require.Equal(t, "image/png", info.ContentType)
	require.Equal(t, image.Rect(0, 0, 106, ThumbSize), mustDecode(t, info.Thumb).Bounds())
	r, g, b, _ := mustDecode(t, info.Thumb).At(50, 50).RGBA()
	require.Greater(t, r+g+b, uint32(3*0xf000), "white behind the transparent")
}

func mustDecode(t *testing.T, b []byte) image.Image {
	img, err := jpeg.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return img
}

func TestInspectDocuments(t *testing.T) {
	info, err := Inspect("检测报告.pdf", []byte("%PDF-1.7\n1 0 obj\n"))
	require.NoError(t, err)
	require.Equal(t, "application/pdf", info.ContentType)
	require.False(t, info.Image)
	for _, c := range []struct{ name, inside, want string }{
		{"整改方案.docx", "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"巡查记录.xlsx", "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	} {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		w, _ := z.Create(c.inside)
		_, _ = w.Write([]byte("<x/>"))
		require.NoError(t, z.Close())
		info, err := Inspect(c.name, buf.Bytes())
		require.NoError(t, err, c.name)
		require.Equal(t, c.want, info.ContentType)
	}
}

// What is not a photo or a usable document is refused, saying which file
// and why, in Chinese, with a stable code.
func TestInspectRefuses(t *testing.T) {
	var zipped bytes.Buffer
	z := zip.NewWriter(&zipped)
	w, _ := z.Create("payload.exe")
	_, _ = w.Write([]byte("MZ"))
	require.NoError(t, z.Close())
	// A PNG header that claims 20000 × 20000 pixels: refused before decoding.
	ihdr := []byte("IHDR\x00\x00N \x00\x00N \x08\x02\x00\x00\x00")
	huge := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\r"), ihdr...)
	huge = binary.BigEndian.AppendUint32(huge, crc32.ChecksumIEEE(ihdr))
	for _, c := range []struct {
		name string
		data []byte
		code string
	}{
		{"空.jpg", nil, "upload_empty"},
		{"大.pdf", append([]byte("%PDF-"), make([]byte, MaxSize)...), "upload_too_large"},
		{"页面.html", []byte("<html><script>alert(1)</script>"), "upload_type"},
		{"图.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "upload_type"},
		{"程序.exe", []byte("MZ\x90\x00"), "upload_type"},
		{"报告.docx", zipped.Bytes(), "upload_type"},
		{"报告.txt", []byte("%PDF-1.7"), "upload_type"},
		{"巨图.png", huge, "upload_image_too_large"},
		{"坏图.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00broken"), "upload_image_broken"},
	} {
		_, err := Inspect(c.name, c.data)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: c.code}, c.name)
		require.Contains(t, err.Error(), c.name, "the message names the file")
	}
}

// FuzzInspect: whatever is uploaded, Inspect does not panic, and what it
// accepts as an image has a thumbnail no larger than ThumbSize.
func FuzzInspect(f *testing.F) {
	f.Add("a.jpg", []byte("\xff\xd8\xff\xe1\x00\x08Exif\x00\x00II*\x00"))
	f.Add("a.pdf", []byte("%PDF-1.4"))
	f.Add("a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"))
	f.Add("a.docx", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		info, err := Inspect(name, data)
		if err != nil || !info.Image {
			return
		}
		img, err := jpeg.Decode(bytes.NewReader(info.Thumb))
		if err != nil || img.Bounds().Dx() > ThumbSize || img.Bounds().Dy() > ThumbSize {
			t.Fatalf("thumbnail of %q: %v %v", name, img, err)
		}
	})
}

// FuzzCaptureTime: EXIF data of any shape is read without panicking or
// reading outside the file.
func FuzzCaptureTime(f *testing.F) {
	f.Add(append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 90}, append([]byte("Exif\x00\x00"), tiff("2026:11:03 20:00:00", "2026:11:02 09:41:05", "+08:00")...)...))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = captureTime(data)
	})
}
