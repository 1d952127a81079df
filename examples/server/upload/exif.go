package upload

import (
	"encoding/binary"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// EXIF tags read for a photo's capture time.
const (
	tagDateTime           = 0x0132 // IFD0: when the file was last changed
	tagExifIFD            = 0x8769 // IFD0: where the Exif IFD is
	tagDateTimeOriginal   = 0x9003 // Exif IFD: when the photo was taken
	tagOffsetTimeOriginal = 0x9011 // Exif IFD: its UTC offset, "+08:00"
)

// captureTime reads when a JPEG photo was taken from its EXIF data:
// DateTimeOriginal, with OffsetTimeOriginal when the camera wrote it and
// China Standard Time when it did not (a phone in China), else IFD0's
// DateTime. ok is false for a file without them or with data that does
// not hold together; nothing is read outside data.
func captureTime(data []byte) (time.Time, bool) {
	tiff, ok := exifTIFF(data)
	if !ok || len(tiff) < 8 {
		return time.Time{}, false
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return time.Time{}, false
	}
	if order.Uint16(tiff[2:4]) != 42 {
		return time.Time{}, false
	}
	ifd0 := entries(tiff, order, order.Uint32(tiff[4:8]))
	var taken, offset string
	if p, ok := ifd0[tagExifIFD]; ok {
		exif := entries(tiff, order, p.value(order))
		if e, ok := exif[tagDateTimeOriginal]; ok {
			taken = e.ascii(tiff, order)
		}
		if e, ok := exif[tagOffsetTimeOriginal]; ok {
			offset = e.ascii(tiff, order)
		}
	}
	if taken == "" {
		if e, ok := ifd0[tagDateTime]; ok {
			taken = e.ascii(tiff, order)
		}
	}
	if len(taken) < 19 {
		return time.Time{}, false
	}
	loc := calendar.CST()
	if z, ok := zone(offset); ok {
		loc = z
	}
	t, err := time.ParseInLocation("2006:01:02 15:04:05", taken[:19], loc)
	if err != nil || t.Year() < 1990 {
		return time.Time{}, false
	}
	return t, true
}

// exifTIFF finds the TIFF data of a JPEG's Exif APP1 segment.
func exifTIFF(data []byte) ([]byte, bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, false
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil, false
		}
		marker := data[i+1]
		if marker == 0xD9 || marker == 0xDA { // end of image, start of scan: no more metadata
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(data[i+2 : i+4]))
		if n < 2 || i+2+n > len(data) {
			return nil, false
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return seg[6:], true
		}
		i += 2 + n
	}
	return nil, false
}

// entry is one IFD entry.
type entry struct {
	typ   uint16
	count uint32
	raw   []byte // the 4 bytes of its value or offset
}

func (e entry) value(order binary.ByteOrder) uint32 { return order.Uint32(e.raw) }

// ascii reads an ASCII entry's text, without its terminating NUL.
func (e entry) ascii(tiff []byte, order binary.ByteOrder) string {
	if e.typ != 2 || e.count == 0 || e.count > 64 {
		return ""
	}
	var b []byte
	if e.count <= 4 {
		b = e.raw[:e.count]
	} else {
		off := uint64(e.value(order))
		if off+uint64(e.count) > uint64(len(tiff)) {
			return ""
		}
		b = tiff[off : off+uint64(e.count)]
	}
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// entries reads the IFD at off: its entries by tag (at most 256, the
// first of a repeated tag).
func entries(tiff []byte, order binary.ByteOrder, off uint32) map[uint16]entry {
	out := map[uint16]entry{}
	if uint64(off)+2 > uint64(len(tiff)) {
		return out
	}
	n := int(order.Uint16(tiff[off : off+2]))
	for i := 0; i < n && i < 256; i++ {
		at := uint64(off) + 2 + uint64(i)*12
		if at+12 > uint64(len(tiff)) {
			break
		}
		e := tiff[at : at+12]
		tag := order.Uint16(e[0:2])
		if _, dup := out[tag]; !dup {
			out[tag] = entry{typ: order.Uint16(e[2:4]), count: order.Uint32(e[4:8]), raw: e[8:12]}
		}
	}
	return out
}

// zone reads an EXIF offset, "+08:00" or "-05:30".
func zone(s string) (*time.Location, bool) {
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return nil, false
	}
	digits := func(a, b byte) (int, bool) {
		if a < '0' || a > '9' || b < '0' || b > '9' {
			return 0, false
		}
		return int(a-'0')*10 + int(b-'0'), true
	}
	h, ok1 := digits(s[1], s[2])
	m, ok2 := digits(s[4], s[5])
	if !ok1 || !ok2 || h > 14 || m > 59 {
		return nil, false
	}
	off := (h*60 + m) * 60
	if s[0] == '-' {
		off = -off
	}
	return time.FixedZone(s, off), true
}
