package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
)

// decode reads a JSON body into v: unknown fields, wrong types, trailing
// data and bodies over the limit are refused with a clear code.
func (h *Handler) decode(w http.ResponseWriter, r *http.Request, v any) error {
	// The body is read as JSON whatever Content-Type says: a client that
	// forgets the header (curl -d) still gets a precise answer about the
	// body itself.
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		return decodeError(err, h.cfg.MaxBody)
	}
	// null decodes into any value as nothing at all: it is not a command.
	if string(bytes.TrimSpace(raw)) == "null" {
		return aftersales.Errorf(aftersales.KindInvalid, "body_invalid", "请求体应为 JSON 对象，而不是 null")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, h.cfg.MaxBody)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if err != nil {
			return decodeError(err, h.cfg.MaxBody)
		}
		return aftersales.Errorf(aftersales.KindInvalid, "body_invalid", "请求体在 JSON 之后还有多余内容")
	}
	return nil
}

func decodeError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return &aftersales.Error{Kind: aftersales.KindInvalid, Code: "body_too_large", Message: fmt.Sprintf("请求体超过 %d 字节的上限", limit), Err: err}
	case errors.Is(err, io.EOF):
		return aftersales.Errorf(aftersales.KindInvalid, "body_required", "缺少 JSON 请求体")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return aftersales.Errorf(aftersales.KindInvalid, "body_invalid", "JSON 不完整")
	case errors.As(err, &syntax):
		return aftersales.Errorf(aftersales.KindInvalid, "body_invalid", "JSON 格式错误（第 %d 字节附近）", syntax.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return aftersales.Errorf(aftersales.KindInvalid, "body_invalid", "请求体应为 JSON 对象，而不是 %s", typ.Value)
	case errors.As(err, &typ):
		return aftersales.Errorf(aftersales.KindInvalid, "field_type_invalid", "字段 %q 的类型错误：应为 %s", typ.Field, typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return aftersales.Errorf(aftersales.KindInvalid, "field_unknown", "未知字段 %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	// Values the types themselves refuse, such as a malformed time.
	msg := err.Error()
	if strings.Contains(msg, "parsing time") {
		return aftersales.Errorf(aftersales.KindInvalid, "time_invalid", "时间格式错误，应为 RFC 3339，例如 2026-09-30T16:20:00+08:00")
	}
	return aftersales.Errorf(aftersales.KindInvalid, "body_invalid", "请求体无效")
}

// idParams reads the query parameters names, each an ID if given
// (aftersales.CheckOptionalID): a value no record can have is a 400
// ("<name>_invalid", "<name>_too_long"), not an empty page.
func idParams(v url.Values, names ...string) (map[string]string, error) {
	out := make(map[string]string, len(names))
	for _, n := range names {
		id, err := aftersales.CheckOptionalID(v.Get(n), n, n)
		if err != nil {
			return nil, err
		}
		out[n] = id
	}
	return out, nil
}

// statusInvalid refuses a status filter that names no status.
func statusInvalid(s string) error {
	return aftersales.Errorf(aftersales.KindInvalid, "status_invalid", "状态 %q 无效，可选值见 OpenAPI 文档", s)
}

// overdueFilter reads ?overdue= (ParseFlag).
func overdueFilter(r *http.Request) (bool, error) {
	return ParseFlag("overdue", r.URL.Query().Get("overdue"))
}

// ParseFlag reads a yes-or-no parameter name: true or 1; false, 0 or
// absent (""); anything else is a mistake, not "no"
// ("<name>_invalid"). The API and the desk read their flags by it.
func ParseFlag(name, s string) (bool, error) {
	switch s {
	case "true", "1":
		return true, nil
	case "", "false", "0":
		return false, nil
	default:
		return false, aftersales.Errorf(aftersales.KindInvalid, name+"_invalid", "%s 应为 true、false、1 或 0，而不是 %q", name, s)
	}
}
