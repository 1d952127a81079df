package api

import (
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// schemaTypes binds each named schema of the OpenAPI document to the Go
// type the API encodes (a response) or decodes (a request body) for it.
// TestOpenAPIDescribesGoTypes holds the two together: see the comment on
// the document in openapi.go.
func schemaTypes() map[string]reflect.Type {
	t := func(v any) reflect.Type { return reflect.TypeOf(v) }
	return map[string]reflect.Type{
		// Responses.
		"Error":   t(Error{}),
		"Problem": t(Problem{}),
		"Health": t(struct {
			Status, Database string
			Notices          []NoticeChannel
		}{}),
		"NoticeChannel": t(NoticeChannel{}),
		"File":          t(File{}),
		"FileList":      t(struct{ Items []File }{}),
		"Request":       t(aftersales.Request{}),
		"Customer":      t(aftersales.Customer{}),
		"Actor":         t(aftersales.Actor{}),
		"Deadline":      t(aftersales.Deadline{}),
		"Pause":         t(aftersales.Pause{}),
		"RequestList": t(struct {
			Items []aftersales.Request
			Next  string
		}{}),
		"RequestEvent":   t(aftersales.Event{}),
		"RequestHistory": t(struct{ Events []aftersales.Event }{}),
		"Findings":       t(struct{ Findings []aftersales.Finding }{}),
		"DeadlineItem":   t(aftersales.DeadlineItem{}),
		"DeadlineList": t(struct {
			Items []aftersales.DeadlineItem
			Next  string
		}{}),
		"Complaint": t(complaint.Complaint{}),
		"ComplaintList": t(struct {
			Items []complaint.Complaint
			Next  string
		}{}),
		"ComplaintEvent":   t(complaint.Event{}),
		"ComplaintHistory": t(struct{ Events []complaint.Event }{}),
		"Report":           t(complaint.Report{}),
		"Delivery":         t(complaint.Delivery{}),
		"Warranty":         t(warranty.Warranty{}),
		"WarrantyList":     t(struct{ Items []warranty.Warranty }{}),
		"WarrantyWarning": t(struct {
			Warranty warranty.Warranty
			Warning  Error
		}{}),
		"WarrantyChange":  t(warranty.Change{}),
		"WarrantyHistory": t(struct{ Changes []warranty.Change }{}),
		"WarrantyTerm":    t(termView{}),
		"WarrantyTerms":   t(struct{ Terms []termView }{}),
		"WarrantySummary": t(warranty.Summary{}),
		"Coverage":        t(aftersales.CoverageDecision{}),
		"WarrantyDuty":    t(warranty.Duty{}),
		"DutyList":        t(struct{ Items []warranty.Duty }{}),
		"Organisation":    t(staff.Organisation{}),
		"StaffChange":     t(staff.Change{}),
		"StaffHistory":    t(struct{ Changes []staff.Change }{}),
		"Session":         t(staff.Session{}),
		"SessionList":     t(struct{ Items []staff.Session }{}),
		"TrainingGap":     t(staff.TrainingGap{}),
		"TrainingGapList": t(struct{ Items []staff.TrainingGap }{}),
		"Assessment":      t(staff.Assessment{}),
		"AssessmentList":  t(struct{ Items []staff.Assessment }{}),
		"Award":           t(staff.Award{}),
		"Awards":          t(struct{ Awards []staff.Award }{}),
		"Token": t(struct {
			Token     string
			Role      aftersales.Role
			Subject   string
			ExpiresAt *time.Time
		}{}),
		"Revoked": t(struct{ Revoked bool }{}),
		"Day": t(struct {
			Date               calendar.Date
			Kind, Name, Status string
			Workday            bool
		}{}),
		"Period": t(struct {
			From, LastDay calendar.Date
			Due           time.Time
			Coverage      string
			Provisional   bool
		}{}),
		"LoadResult":    t(LoadResult{}),
		"LedgerAudit":   t(ledgeraudit.Result{}),
		"LedgerFinding": t(ledgeraudit.Finding{}),
		"LedgerFault":   t(ledgeraudit.Fault{}),
		"FeedPage":      t(feedPage{}),
		"CustomerData":  t(CustomerData{}),
		"Erasure":       t(Erasure{}),
		"FeedEvent":     t(FeedEvent{}),

		// Request bodies.
		"RegisterRequestBody":   t(registerBody{}),
		"ForwardRequestBody":    t(forwardBody{}),
		"FeedbackBody":          t(feedbackBody{}),
		"CoordinateBody":        t(coordinateBody{}),
		"PauseBody":             t(pauseBody{}),
		"StepBody":              t(step{}),
		"UrgentBody":            t(urgentBody{}),
		"PlanBody":              t(planBody{}),
		"ReclassifyBody":        t(reclassifyBody{}),
		"EscalateBody":          t(escalateBody{}),
		"CompleteBody":          t(completeBody{}),
		"AcceptBody":            t(acceptBody{}),
		"ReasonBody":            t(reasonBody{}),
		"VisitBody":             t(visitBody{}),
		"ImportedHistory":       t(aftersales.ImportedHistory{}),
		"RegisterComplaintBody": t(complaintRegisterBody{}),
		"DeclareMajorBody":      t(majorBody{}),
		"TextBody":              t(textBody{}),
		"ComplaintForwardBody":  t(complaintForwardBody{}),
		"ComplaintPlanBody":     t(complaintPlanBody{}),
		"ThirdPartyBody":        t(thirdPartyBody{}),
		"ThirdPartyReportBody":  t(thirdPartyReportBody{}),
		"ReportDeliveryBody":    t(deliveryBody{}),
		"WarrantySetUpBody":     t(setUpBody{}),
		"WarrantyStartBody":     t(startBody{}),
		"WarrantyNoticeBody":    t(noticeBody{}),
		"InspectionBody":        t(inspectionBody{}),
		"SummaryDeliveryBody":   t(summaryDeliveryBody{}),
		"CoverageBody":          t(coverageBody{}),
		"EmptyBody":             t(struct{}{}),
		"Person":                t(staff.Person{}),
		"Department":            t(staff.Department{}),
		"Project":               t(staff.Project{}),
		"HeadBody":              t(headBody{}),
		"AppointBody":           t(appointBody{}),
		"AssessBody":            t(assessBody{}),
		"RewardsBody":           t(rewardsBody{}),
		"TokenBody":             t(tokenBody{}),
		"RevokeBody":            t(revokeBody{}),
	}
}

// leafSchema gives the JSON type and format of a type that encodes as a
// single value (a string, a number, a boolean); ok is false for arrays,
// maps and structs. An empty typ means any JSON value.
func leafSchema(ty reflect.Type) (typ, format string, ok bool) {
	switch ty {
	case reflect.TypeFor[time.Time]():
		return "string", "date-time", true
	case reflect.TypeFor[calendar.Date]():
		return "string", "date", true
	case reflect.TypeFor[json.RawMessage]():
		return "", "", true
	}
	if ty.Implements(reflect.TypeFor[json.Marshaler]()) || reflect.PointerTo(ty).Implements(reflect.TypeFor[json.Marshaler]()) {
		return "string", "", true // decimal.Decimal and the like
	}
	if ty.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		return "string", "", true
	}
	switch ty.Kind() {
	case reflect.String:
		return "string", "", true
	case reflect.Bool:
		return "boolean", "", true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer", "", true
	case reflect.Float32, reflect.Float64:
		return "number", "", true
	case reflect.Interface:
		return "", "", true
	}
	return "", "", false
}

// jsonFields lists the JSON names of struct type ty's fields, embedded
// structs flattened, with their types.
func jsonFields(ty reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range ty.NumField() {
		f := ty.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			if _, _, leaf := leafSchema(ft); !leaf {
				for k, v := range jsonFields(ft) {
					out[k] = v
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
			if ty.Name() == "" { // the tests' stand-ins for the API's maps
				name = snake(f.Name)
			}
		}
		out[name] = f.Type
	}
	return out
}

// docSchema is a schema of the document, $refs and allOf resolved.
type docSchema map[string]any

func (d docSchema) resolve(doc map[string]any) docSchema {
	for {
		if ref, ok := d["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/components/schemas/")
			d = doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
			continue
		}
		if all, ok := d["allOf"].([]any); ok && len(all) == 1 {
			d = all[0].(map[string]any)
			continue
		}
		return d
	}
}

// described reports whether property schema p says what it is.
func described(doc map[string]any, p docSchema) bool {
	if s, _ := p["description"].(string); s != "" {
		return true
	}
	if _, ok := p["$ref"]; ok {
		return described(doc, p.resolve(doc))
	}
	if all, ok := p["allOf"].([]any); ok && len(all) == 1 {
		return described(doc, docSchema(all[0].(map[string]any)))
	}
	return false
}

// compare lists where the document's schema s and Go type ty disagree;
// seen holds the types being compared further up the path.
func compare(doc map[string]any, path string, s docSchema, ty reflect.Type, seen map[string]bool, out *[]string) {
	for ty.Kind() == reflect.Pointer {
		ty = ty.Elem()
	}
	s = s.resolve(doc)
	if typ, format, ok := leafSchema(ty); ok {
		if typ != "" && s["type"] != nil && s["type"] != typ {
			*out = append(*out, fmt.Sprintf("%s: the document says %v, Go encodes %s (%s)", path, s["type"], typ, ty))
		}
		if format != "" && s["format"] != format {
			*out = append(*out, fmt.Sprintf("%s: the document's format is %v, Go encodes %s (%s)", path, s["format"], format, ty))
		}
		if enum, ok := s["enum"].([]any); ok && ty.Kind() == reflect.String && ty.Name() != "" {
			compareEnum(path, enum, ty, out)
		}
		return
	}
	if seen[ty.String()] { // a type within itself: compared further up
		return
	}
	seen[ty.String()] = true
	defer delete(seen, ty.String())
	switch ty.Kind() {
	case reflect.Slice, reflect.Array:
		items, ok := s["items"].(map[string]any)
		if s["type"] != "array" || !ok {
			*out = append(*out, fmt.Sprintf("%s: the document says %v, Go encodes an array (%s)", path, s["type"], ty))
			return
		}
		compare(doc, path+"[]", items, ty.Elem(), seen, out)
	case reflect.Map:
		add, ok := s["additionalProperties"].(map[string]any)
		if s["type"] != "object" || !ok {
			*out = append(*out, fmt.Sprintf("%s: Go encodes a map (%s); the document has no additionalProperties schema", path, ty))
			return
		}
		compare(doc, path+"{}", add, ty.Elem(), seen, out)
	case reflect.Struct:
		props, _ := s["properties"].(map[string]any)
		if s["type"] != "object" {
			*out = append(*out, fmt.Sprintf("%s: the document says %v, Go encodes an object (%s)", path, s["type"], ty))
			return
		}
		fields := jsonFields(ty)
		var names []string
		for n := range fields {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			p, ok := props[n].(map[string]any)
			if !ok {
				*out = append(*out, fmt.Sprintf("%s.%s: not in the document (%s)", path, n, fields[n]))
				continue
			}
			if !described(doc, p) {
				*out = append(*out, fmt.Sprintf("%s.%s: no description", path, n))
			}
			compare(doc, path+"."+n, p, fields[n], seen, out)
		}
		for n := range props {
			if _, ok := fields[n]; !ok {
				*out = append(*out, fmt.Sprintf("%s.%s: in the document, not in Go (%s)", path, n, ty))
			}
		}
		if s["additionalProperties"] != false {
			*out = append(*out, fmt.Sprintf("%s: additionalProperties must be false (%s)", path, ty))
		}
	}
}

// TestOpenAPIDescribesGoTypes fails when a Go type the API encodes or
// decodes has a field the document does not describe, when the document
// describes a field the type does not have, when a property has no
// description, when their types disagree, or when an enum lists a value
// Go does not know.
func TestOpenAPIDescribesGoTypes(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var out []string
	bound := schemaTypes()
	var names []string
	for n := range bound {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s, ok := schemas[n].(map[string]any)
		if !ok {
			out = append(out, n+": no such schema in the document")
			continue
		}
		compare(doc, n, s, bound[n], map[string]bool{}, &out)
	}
	out = slices.Compact(out)
	if p := os.Getenv("OPENAPI_DRIFT"); p != "" {
		_ = os.WriteFile(p, []byte(strings.Join(out, "\n")), 0o644)
	}
	for _, o := range out {
		t.Error(o)
	}
}

// snake turns a Go name into snake_case: LastDay → last_day.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// goSchema is the schema reflection gives type ty: what the document must
// at least say, without descriptions. Types bound in refs are referred to.
func goSchema(ty reflect.Type, refs map[reflect.Type]string, root bool) map[string]any {
	for ty.Kind() == reflect.Pointer {
		ty = ty.Elem()
	}
	if n, ok := refs[ty]; ok && !root {
		return map[string]any{"$ref": "#/components/schemas/" + n}
	}
	if typ, format, ok := leafSchema(ty); ok {
		s := map[string]any{}
		if typ != "" {
			s["type"] = typ
		}
		if format != "" {
			s["format"] = format
		}
		if ty.Kind() == reflect.String && ty.Name() != "" {
			s["x-go-type"] = ty.String() // where its values are listed
		}
		return s
	}
	switch ty.Kind() {
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": goSchema(ty.Elem(), refs, false)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": goSchema(ty.Elem(), refs, false)}
	case reflect.Struct:
		props := map[string]any{}
		omit := omitted(ty)
		for n, ft := range jsonFields(ty) {
			p := goSchema(ft, refs, false)
			_, _, leaf := leafSchema(ft)
			if k := ft.Kind(); !omit[n] && (k == reflect.Pointer || !leaf && (k == reflect.Slice || k == reflect.Map)) {
				p["x-nullable"] = true // encoded as null when nil
			}
			props[n] = p
		}
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	}
	return map[string]any{}
}

// TestOpenAPISkeleton writes, when OPENAPI_SKELETON names a file, the
// schemas reflection gives the bound types: a start for documenting a new
// type, never a replacement for the document.
func TestOpenAPISkeleton(t *testing.T) {
	p := os.Getenv("OPENAPI_SKELETON")
	if p == "" {
		t.Skip("OPENAPI_SKELETON not set")
	}
	bound := schemaTypes()
	refs := map[reflect.Type]string{}
	var names []string
	for n := range bound {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if ty := bound[n]; ty.Name() != "" {
			if _, dup := refs[ty]; !dup {
				refs[ty] = n
			}
		}
	}
	out := map[string]any{}
	for _, n := range names {
		out[n] = goSchema(bound[n], refs, true)
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// omitted reports which JSON fields of struct type ty are left out when
// empty (omitempty, omitzero), embedded structs included.
func omitted(ty reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range ty.NumField() {
		f := ty.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range omitted(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
			if ty.Name() == "" {
				name = snake(f.Name)
			}
		}
		out[name] = strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
	}
	return out
}

// unboundSchemas are the document's schemas that have no Go type of the
// API to compare with, and why.
func unboundSchemas() map[string]string {
	return map[string]string{
		"HolidayNotice":   "the reference format calendar.ParseNotice reads (holiday-cn's)",
		"LedgerUpload":    "a multipart form, read by ledgeraudit.ReadUpload",
		"FileUpload":      "a multipart form, read by readFileParts",
		"FileContent":     "a file's bytes",
		"OpenAPIDocument": "this document",
	}
}

// TestOpenAPIEverySchemaNamedAndDescribed: every request body and response
// of every operation is a named schema, every named schema is bound to its
// Go type (or listed in unboundSchemas), every property of every schema is
// described, every parameter too, every operation has a unique
// operationId, and the document names its licence.
func TestOpenAPIEverySchemaNamedAndDescribed(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if lic, _ := doc["info"].(map[string]any)["license"].(map[string]any); lic["name"] != "Apache-2.0" {
		t.Errorf("info.license: %v, want Apache-2.0", lic)
	}
	ids := map[string]string{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			o, ok := op.(map[string]any)
			if !ok || o["responses"] == nil {
				continue
			}
			where := strings.ToUpper(method) + " " + path
			id, _ := o["operationId"].(string)
			if id == "" {
				t.Errorf("%s: no operationId", where)
			} else if other, dup := ids[id]; dup {
				t.Errorf("%s: operationId %s is %s's too", where, id, other)
			}
			ids[id] = where
			params, _ := o["parameters"].([]any)
			for _, prm := range params {
				pm := prm.(map[string]any)
				if pm["description"] == nil || pm["description"] == "" {
					t.Errorf("%s: parameter %v has no description", where, pm["name"])
				}
				if sch, _ := pm["schema"].(map[string]any); pm["in"] == "path" && (pm["name"] == "id" || pm["name"] == "project") && sch["maxLength"] != float64(aftersales.MaxIDLength) {
					t.Errorf("%s: path ID %v: maxLength %v, want aftersales.MaxIDLength (%d)", where, pm["name"], sch["maxLength"], aftersales.MaxIDLength)
				}
			}
			var contents []any
			if b, ok := o["requestBody"].(map[string]any); ok {
				for _, c := range b["content"].(map[string]any) {
					contents = append(contents, c)
				}
			}
			for _, r := range o["responses"].(map[string]any) {
				if cs, ok := r.(map[string]any)["content"].(map[string]any); ok {
					for _, c := range cs {
						contents = append(contents, c)
					}
				}
			}
			for _, c := range contents {
				if s, _ := c.(map[string]any)["schema"].(map[string]any); s["$ref"] == nil {
					t.Errorf("%s: a body or an answer is not a named schema: %v", where, s)
				}
			}
		}
	}
	bound, unbound := schemaTypes(), unboundSchemas()
	for name, s := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if _, ok := bound[name]; !ok && unbound[name] == "" {
			t.Errorf("schema %s: bind it to its Go type in schemaTypes", name)
		}
		if d, _ := s.(map[string]any)["description"].(string); d == "" {
			t.Errorf("schema %s: no description", name)
		}
		var walk func(path string, s map[string]any)
		walk = func(path string, s map[string]any) {
			props, _ := s["properties"].(map[string]any)
			for k, p := range props {
				if !described(doc, p.(map[string]any)) {
					t.Errorf("%s.%s: no description", path, k)
				}
				walk(path+"."+k, p.(map[string]any))
			}
			if items, ok := s["items"].(map[string]any); ok {
				walk(path+"[]", items)
			}
			if add, ok := s["additionalProperties"].(map[string]any); ok {
				walk(path+"{}", add)
			}
		}
		walk(name, s.(map[string]any))
		// What a caller sends: an ID is at most aftersales.MaxIDLength.
		if _, body := bound[name]; body && (strings.HasSuffix(name, "Body") || name == "Person" || name == "Department" || name == "Project") {
			for k, p := range s.(map[string]any)["properties"].(map[string]any) {
				if p := p.(map[string]any); (k == "id" || strings.HasSuffix(k, "_id")) && p["type"] == "string" && p["maxLength"] != float64(aftersales.MaxIDLength) {
					t.Errorf("%s.%s: maxLength %v, want aftersales.MaxIDLength (%d)", name, k, p["maxLength"], aftersales.MaxIDLength)
				}
			}
		}
	}
}

// TestOpenAPIDriftIsCaught: compare finds a field the document lacks, a
// property Go lacks, a property without description, a type mismatch, an
// enum value Go does not know and a listed Go value the enum lacks.
func TestOpenAPIDriftIsCaught(t *testing.T) {
	doc := map[string]any{"components": map[string]any{"schemas": map[string]any{}}}
	s := docSchema{"type": "object", "additionalProperties": false, "properties": map[string]any{
		"a":    map[string]any{"type": "string", "description": "甲"},
		"n":    map[string]any{"type": "string", "description": "数"},
		"bare": map[string]any{"type": "string"},
		"gone": map[string]any{"type": "string", "description": "已删"},
		"ch":   map[string]any{"type": "string", "description": "渠道", "enum": []any{"phone", "fax"}},
		"dk":   map[string]any{"type": "string", "description": "部门类别", "enum": []any{"after_sales", "project", "procurement", "design"}},
	}}
	type gained struct {
		A    string                    `json:"a"`
		N    int                       `json:"n"`
		Bare string                    `json:"bare"`
		New  string                    `json:"new"`
		Ch   aftersales.Channel        `json:"ch"`
		DK   aftersales.DepartmentKind `json:"dk"`
	}
	var out []string
	compare(doc, "X", s, reflect.TypeFor[gained](), map[string]bool{}, &out)
	sort.Strings(out)
	want := []string{
		"X.bare: no description",
		`X.ch: the document lists "fax", which aftersales.Channel does not know`,
		`X.dk: aftersales.DepartmentKind has "other", which the document does not list`,
		"X.gone: in the document, not in Go (api.gained)",
		"X.n: the document says string, Go encodes integer (int)",
		"X.new: not in the document (string)",
	}
	if strings.Join(out, "\n") != strings.Join(want, "\n") {
		t.Errorf("compare found\n%s\nwant\n%s", strings.Join(out, "\n"), strings.Join(want, "\n"))
	}
}

// listed gives the values of the string types whose package lists them.
func listed() map[reflect.Type][]string {
	strs := func(v any) []string {
		var out []string
		rv := reflect.ValueOf(v)
		for i := range rv.Len() {
			out = append(out, rv.Index(i).String())
		}
		return out
	}
	return map[reflect.Type][]string{
		reflect.TypeFor[aftersales.FeedbackKind]():   strs(aftersales.FeedbackKinds()),
		reflect.TypeFor[aftersales.DepartmentKind](): strs(aftersales.DepartmentKinds()),
		reflect.TypeFor[aftersales.PauseReason]():    strs(aftersales.PauseReasons()),
		reflect.TypeFor[warranty.Class]():            strs(warranty.Classes()),
		reflect.TypeFor[staff.Indicator]():           strs(staff.Indicators()),
	}
}

// compareEnum lists the values of the document's enum that Go's string
// type ty does not know (by its Valid method, or a Label of its own), and
// the values its package lists that the enum lacks.
func compareEnum(path string, enum []any, ty reflect.Type, out *[]string) {
	known := func(v string) (bool, bool) {
		x := reflect.ValueOf(v).Convert(ty)
		if m := x.MethodByName("Valid"); m.IsValid() {
			return m.Call(nil)[0].Bool(), true
		}
		if m := x.MethodByName("Label"); m.IsValid() {
			bogus := reflect.ValueOf("\x00none").Convert(ty).MethodByName("Label").Call(nil)[0].String()
			l := m.Call(nil)[0].String()
			return l != "" && l != v && l != bogus, true
		}
		return false, false
	}
	in := map[string]bool{}
	for _, e := range enum {
		v, _ := e.(string)
		in[v] = true
		if ok, checked := known(v); checked && !ok && v != "" {
			*out = append(*out, fmt.Sprintf("%s: the document lists %q, which %s does not know", path, v, ty))
		}
	}
	for _, v := range listed()[ty] {
		if !in[v] {
			*out = append(*out, fmt.Sprintf("%s: %s has %q, which the document does not list", path, ty, v))
		}
	}
}
