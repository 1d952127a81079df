package ledgeraudit

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
)

// DefaultMaxUpload is the default limit on an upload's whole request body,
// the ledger and the mapping file together: 10 MiB, room for a ledger of
// 100,000 rows as .xlsx.
const DefaultMaxUpload = 10 << 20

// The limits on the other parts of an upload.
const (
	maxMapping = 256 << 10 // a mapping file
	maxText    = 4 << 10   // a text field
	maxParts   = 16
)

// Upload is a ledger sent for audit: the file, the optional mapping file
// for the company's own headers, whether its rows are to be kept as
// records, and the form's other text fields.
type Upload struct {
	Name    string // the ledger file's name, without any directory
	Ledger  []byte
	Mapping []byte // nil when none was sent
	Import  bool
	Fields  map[string]string
}

// mapping reads the upload's mapping file, if any: one that cannot be read
// is a ledger.CodeMappingInvalid error.
func (u Upload) mapping() (ledger.Mapping, error) {
	if u.Mapping == nil {
		return ledger.Mapping{}, nil
	}
	return ledger.ParseMapping(u.Mapping)
}

// ReadUpload reads a multipart/form-data upload of at most limit bytes
// (DefaultMaxUpload when limit is 0): a file part named "ledger" (.xlsx or
// CSV; required), an optional part named "mapping" (the mapping file, JSON;
// an empty file part is none), an optional field "import" (true, 1 or on:
// keep the rows as records; false, 0 or empty: not) and the text fields
// named in fields. Anything else is refused, so that a misspelt part is not
// silently ignored.
//
// With an error it returns what it read so far, so that a form can show
// the choices made again. Its errors are *aftersales.Error of kind invalid
// with the codes
// multipart_required (not multipart/form-data), body_too_large (over the
// limit; the API answers 413), multipart_invalid, field_unknown,
// field_duplicate, field_too_long, import_invalid, mapping_too_large and
// ledger_required; their messages are Chinese.
func ReadUpload(w http.ResponseWriter, r *http.Request, limit int64, fields ...string) (Upload, error) {
	if limit <= 0 {
		limit = DefaultMaxUpload
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return Upload{}, invalid("multipart_required", "请以 multipart/form-data 上传台账：文件字段 ledger（.xlsx 或 CSV），可选映射文件字段 mapping")
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	mr, err := r.MultipartReader()
	if err != nil {
		return Upload{}, uploadError(err, limit)
	}
	up := Upload{Fields: map[string]string{}}
	seen := map[string]bool{}
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, uploadError(err, limit)
		}
		if n >= maxParts {
			return up, invalid("multipart_invalid", "上传的字段过多")
		}
		name := p.FormName()
		if seen[name] {
			return up, invalid("field_duplicate", "字段 %s 重复", name)
		}
		seen[name] = true
		switch {
		case name == "ledger":
			up.Name = baseName(p.FileName())
			if up.Ledger, err = io.ReadAll(p); err != nil {
				return up, uploadError(err, limit)
			}
		case name == "mapping":
			data, err := io.ReadAll(io.LimitReader(p, maxMapping+1))
			if err != nil {
				return up, uploadError(err, limit)
			}
			if len(data) > maxMapping {
				return up, invalid("mapping_too_large", "映射文件超过 %d KiB 的上限", maxMapping>>10)
			}
			if len(strings.TrimSpace(string(data))) > 0 {
				up.Mapping = data
			}
		case name == "import" || contains(fields, name):
			data, err := io.ReadAll(io.LimitReader(p, maxText+1))
			if err != nil {
				return up, uploadError(err, limit)
			}
			if len(data) > maxText || !utf8.Valid(data) {
				return up, invalid("field_too_long", "字段 %s 过长或不是 UTF-8 文本", name)
			}
			up.Fields[name] = string(data)
		default:
			return up, invalid("field_unknown", "未知字段 %q：可上传的字段为 ledger、mapping 和 import", name)
		}
		_ = p.Close()
	}
	switch v := strings.ToLower(strings.TrimSpace(up.Fields["import"])); v {
	case "true", "1", "on":
		up.Import = true
	case "false", "0", "":
	default:
		return up, invalid("import_invalid", "字段 import 应为 true 或 false，而不是 %q", v)
	}
	if len(up.Ledger) == 0 {
		return up, invalid("ledger_required", "请选择要审核的台账文件（.xlsx 或 CSV）")
	}
	if up.Name == "" {
		up.Name = "台账"
	}
	return up, nil
}

// uploadError names what went wrong reading an upload's body.
func uploadError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &aftersales.Error{Kind: aftersales.KindInvalid, Code: "body_too_large",
			Message: fmt.Sprintf("上传的内容超过 %s 的上限", sizeText(limit)), Err: err}
	}
	return &aftersales.Error{Kind: aftersales.KindInvalid, Code: "multipart_invalid", Message: "上传的内容格式错误（multipart/form-data 不完整）", Err: err}
}

// sizeText writes a size in MiB or KiB.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// baseName keeps the last element of a file name as any system writes it,
// at most 100 characters of valid text.
func baseName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.ToValidUTF8(strings.TrimSpace(s), "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100])
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func invalid(code, format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindInvalid, code, format, args...)
}
