package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/shouhou/shouhou/examples/server/export"
)

func FuzzParseFormat(f *testing.F) {
	for _, s := range []string{"xlsx", "CSV", ".csv", "pdf", "", " xlsx "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := export.ParseFormat(s)
		if err != nil {
			return
		}
		if got != export.XLSX && got != export.CSV {
			t.Fatalf("ParseFormat(%q) = %q", s, got)
		}
		if export.ContentType(got) == "" {
			t.Fatalf("no content type for %q", got)
		}
	})
}

// FuzzCSVRoundTrip: any text written to CSV reads back the same, save the
// apostrophe before a would-be formula; every record has the same width.
func FuzzCSVRoundTrip(f *testing.F) {
	for _, s := range []string{"张先生", "a,b", `say "hi"`, "line1\nline2", "=1+1", "-5", " ", "\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		d := export.Document{Title: "客户反馈登记表", Fields: []export.Field{{"问题描述", s}}, Columns: []string{"a", "b", "c"}, Rows: [][]string{{s}}}
		var buf bytes.Buffer
		if err := d.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
		records, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		// Every line break is CRLF in the file, and reads back as \n.
		want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
		for _, got := range []string{records[2][1], records[5][0]} {
			if got != want && got != "'"+want {
				t.Fatalf("wrote %q, read %q", s, got)
			}
		}
	})
}

// FuzzXLSXRoundTrip: any text is read back from the workbook as written,
// escape-like sequences (_x0041_) and control characters included.
func FuzzXLSXRoundTrip(f *testing.F) {
	for _, s := range []string{"张先生", "a & b <c>", "line1\nline2", "  spaces  ", "=1+1", "😀", "_x0041_", "_x0041_x0042_", "a\x01b\rc", "_x005F_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		d := export.Document{Title: "客户反馈登记表", Fields: []export.Field{{"问题描述", s}}}
		var buf bytes.Buffer
		if err := d.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		got, err := x.GetCellValue("客户反馈登记表", "B3")
		if err != nil {
			t.Fatal(err)
		}
		if got != s {
			t.Fatalf("wrote %q, read %q", s, got)
		}
	})
}
