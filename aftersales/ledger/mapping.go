package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// Mapping says where a ledger keeps what the audit needs: which sheet holds
// requests and which complaints, which column holds each Field, and the
// company's own words for channels and causes. DefaultMapping reads the
// columns of this project's own exported forms; ParseMapping reads a
// company's mapping file:
//
//	{"requests": {"sheet": "2025年登记表", "header_row": 3,
//	              "columns": {"received_at": "接收时间", "forwarded_at": "转达时间",
//	                          "completed_at": "处理/完成", "visited_at": "$M", "signed_by": ""}},
//	 "complaints": {"columns": {"received_at": "受理日期"}},
//	 "channels": {"400热线": "phone"},
//	 "causes": {"渗漏": "construction"}}
//
// A table left out is not read. In a table, "sheet" names its sheet (a CSV
// file's only sheet is named after the file; by default each sheet is
// recognised by its headers, and one named 客户反馈登记表 or 客户投诉登记表 is
// that table); "header_row" fixes the last
// header row (by default it is found in the first 20 rows). Each column is
// named by its header text, by "parent/child" for a header under a merged
// group header, or by its letter after "$". Fields the mapping leaves out
// keep their default header and are optional; a field the mapping names must
// exist, and "" says the ledger has no such column. Clauses whose columns a
// table lacks are reported as not judged, never as breached.
type Mapping struct {
	Requests   *Table                        `json:"requests,omitempty"`
	Complaints *Table                        `json:"complaints,omitempty"`
	Channels   map[string]aftersales.Channel `json:"channels,omitempty"`
	Causes     map[string]aftersales.Cause   `json:"causes,omitempty"`
	Types      map[string]complaint.Type     `json:"types,omitempty"`
}

// Table is where one kind of table is and which column holds each field.
type Table struct {
	Sheet     string           `json:"sheet,omitempty"`
	HeaderRow int              `json:"header_row,omitempty"`
	Columns   map[Field]string `json:"columns,omitempty"`
}

// DefaultMapping reads both tables with the default headers (see
// DefaultHeaders) and the Chinese names of channels and causes.
func DefaultMapping() Mapping {
	return Mapping{Requests: &Table{}, Complaints: &Table{}}
}

// ParseMapping reads a mapping file. Unknown keys, unknown fields, channels,
// causes and types are refused with a CodeMappingInvalid error, so that a
// misspelling is not silently ignored.
func ParseMapping(data []byte) (Mapping, error) {
	var m Mapping
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	dec.DisallowUnknownFields()
	bad := func(format string, args ...any) (Mapping, error) {
		return Mapping{}, &Error{Code: CodeMappingInvalid, Message: "映射文件" + fmt.Sprintf(format, args...)}
	}
	if err := dec.Decode(&m); err != nil {
		return Mapping{}, &Error{Code: CodeMappingInvalid, Message: "映射文件不是有效的 JSON：" + err.Error(), Err: err}
	}
	if dec.More() {
		return bad("在 JSON 之后还有多余内容")
	}
	if m.Requests == nil && m.Complaints == nil {
		return bad("既没有 requests 也没有 complaints")
	}
	for _, t := range []struct {
		k Kind
		t *Table
	}{{Requests, m.Requests}, {Complaints, m.Complaints}} {
		if t.t == nil {
			continue
		}
		if t.t.HeaderRow < 0 || t.t.HeaderRow > maxHeaderScan {
			return bad("中 %s 的 header_row %d 无效（应在 1 至 %d 之间）", t.k, t.t.HeaderRow, maxHeaderScan)
		}
		for f, h := range t.t.Columns {
			if _, ok := t.k.spec(f); !ok {
				return bad("中 %s 的字段 %q 不存在", t.k, f)
			}
			if strings.HasPrefix(h, "$") && columnNumber(h[1:]) == 0 {
				return bad("中 %s 的字段 %q 的列号 %q 无效", t.k, f, h)
			}
		}
	}
	for word, c := range m.Channels {
		if !c.Valid() {
			return bad("中“%s”对应的反馈方式 %q 无效（应为 phone、email、wechat 或 onsite）", word, c)
		}
	}
	for word, c := range m.Causes {
		if !c.Valid() {
			return bad("中“%s”对应的原因 %q 无效", word, c)
		}
	}
	for word, t := range m.Types {
		if !t.Valid() {
			return bad("中“%s”对应的投诉类型 %q 无效", word, t)
		}
	}
	return m, nil
}

// columnNumber returns the 1-based number of an Excel column letter such as
// "C" or "AB", or 0 when s is none.
func columnNumber(s string) int {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || len(s) > 3 {
		return 0
	}
	n := 0
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return 0
		}
		n = n*26 + int(r-'A'+1)
	}
	return n
}

// columnLetter returns the Excel letter of a 1-based column number.
func columnLetter(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}
