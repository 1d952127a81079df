package upload

import (
	"archive/zip"
	"bytes"
	"image"
	_ "image/gif" // decoders for image.DecodeConfig and image.Decode
	"image/jpeg"
	_ "image/png"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"github.com/shouhou/shouhou/aftersales"
)

// Limits of one file.
const (
	MaxSize   = 10 << 20   // bytes
	MaxPixels = 40_000_000 // width × height of an image: a 40-megapixel phone photo
	ThumbSize = 320        // the thumbnail's longer side, in pixels
)

// Inline reports whether a file of media type t may be shown in a page as
// what it is: a raster image browsers draw (never SVG, which is a
// script). Anything else is served as a download.
func Inline(t string) bool {
	switch t {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return true
	}
	return false
}

// Part is one uploaded file: its name as sent and its content.
type Part struct {
	Name string
	Data []byte
}

// Info describes a file Inspect accepted.
type Info struct {
	ContentType string    // from the content: image/jpeg, application/pdf, …
	Image       bool      // a photo the pages show
	Width       int       // of an image
	Height      int       //
	Captured    time.Time // a photo's own capture time (EXIF); zero when it has none
	Thumb       []byte    // a JPEG of at most ThumbSize pixels a side, for an image
}

// Inspect checks the file name sent with data, and describes it. The type
// comes from the content; a document's name must also end as its type
// does (.pdf, .docx, .xlsx), so that it opens as what it is.
func Inspect(name string, data []byte) (Info, error) {
	shown := name
	if !utf8.ValidString(shown) || shown == "" {
		shown = "（未命名）"
	}
	switch {
	case len(data) == 0:
		return Info{}, aftersales.Errorf(aftersales.KindInvalid, "upload_empty", "文件“%s”是空的", shown)
	case len(data) > MaxSize:
		return Info{}, aftersales.Errorf(aftersales.KindInvalid, "upload_too_large", "文件“%s”过大（%.1f MB），每个文件最多 %d MB",
			shown, float64(len(data))/(1<<20), MaxSize>>20)
	}
	ext := strings.ToLower(path.Ext(name))
	sniffed := http.DetectContentType(data)
	switch {
	case sniffed == "image/jpeg", sniffed == "image/png", sniffed == "image/gif", sniffed == "image/webp":
		return inspectImage(shown, sniffed, data)
	case sniffed == "application/pdf" && ext == ".pdf":
		return Info{ContentType: "application/pdf"}, nil
	case sniffed == "application/zip" && (ext == ".docx" || ext == ".xlsx") && office(data, ext):
		t := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		if ext == ".xlsx" {
			t = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		return Info{ContentType: t}, nil
	}
	return Info{}, aftersales.Errorf(aftersales.KindInvalid, "upload_type",
		"文件“%s”的类型不能上传：只接受照片（JPEG、PNG、GIF、WebP）和文档（PDF、Word .docx、Excel .xlsx）", shown)
}

// office reports whether a zip is the Office Open XML document its
// extension says: word/document.xml or xl/workbook.xml inside.
func office(data []byte, ext string) bool {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	want := "word/document.xml"
	if ext == ".xlsx" {
		want = "xl/workbook.xml"
	}
	for _, f := range z.File {
		if f.Name == want {
			return true
		}
	}
	return false
}

// inspectImage checks an image's size before decoding it (a small file
// may claim a huge image), then makes its thumbnail and reads its capture
// time.
func inspectImage(shown, contentType string, data []byte) (Info, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Info{}, aftersales.Errorf(aftersales.KindInvalid, "upload_image_broken", "照片“%s”已损坏，无法读取", shown)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Info{}, aftersales.Errorf(aftersales.KindInvalid, "upload_image_too_large", "照片“%s”像素过多（%d×%d），最多 %d 万像素",
			shown, cfg.Width, cfg.Height, MaxPixels/10_000)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Info{}, aftersales.Errorf(aftersales.KindInvalid, "upload_image_broken", "照片“%s”已损坏，无法读取", shown)
	}
	info := Info{ContentType: contentType, Image: true, Width: cfg.Width, Height: cfg.Height, Thumb: thumbnail(img)}
	if contentType == "image/jpeg" {
		info.Captured, _ = captureTime(data)
	}
	return info, nil
}

// thumbnail scales img to at most ThumbSize pixels a side, on white (a
// transparent PNG's background), as a JPEG.
func thumbnail(img image.Image) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > ThumbSize || h > ThumbSize {
		if w >= h {
			w, h = ThumbSize, max(1, h*ThumbSize/w)
		} else {
			w, h = max(1, w*ThumbSize/h), ThumbSize
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 80}) // encoding to memory does not fail
	return buf.Bytes()
}
