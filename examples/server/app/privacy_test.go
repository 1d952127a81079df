package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// person is a customer of the retention tests, with every personal field
// set, each a string found nowhere else.
type person struct {
	id, name, phone, email, contact, unit string
}

func (p person) customer() aftersales.Customer {
	return aftersales.Customer{ID: p.id, Name: p.name, Phone: p.phone, Email: p.email, Contact: p.contact}
}

// personal is what must not remain of p: every field, and the unit's part
// below the building.
func (p person) personal() []string {
	return []string{p.id, p.name, p.phone, p.email, p.contact, strings.TrimPrefix(p.unit, aftersales.Building(p.unit))}
}

var (
	closedOne = person{"CUST-ZHANG", "张三丰", "13911112222", "zhangsanfeng@example.com", "微信 zsf_wudang", "9号楼3单元1701"}
	closedTwo = person{"CUST-LI", "李清照", "13633334444", "liqingzhao@example.com", "QQ 88776655", "7号楼1单元202"}
	stillOpen = person{"CUST-WANG", "王羲之", "13755556666", "wangxizhi@example.com", "微信 wxz_lanting", "5号楼2单元303"}
)

// world fills a company: a project under warranty; closedOne with a request
// closed (accepted by the customer's own signature, visited) and two
// complaints resolved in the same month (a repeat complainant); closedTwo
// with a withdrawn request and a withdrawn complaint; stillOpen with a
// closed request and an open complaint.
func world(t *testing.T, s *server) {
	t.Helper()
	ctx := context.Background()
	a := s.app
	gm := aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager}
	_, err := a.Staff.PutDepartment(ctx, staff.Department{Department: aftersales.Department{ID: "proj-1", Name: "项目一部", Kind: aftersales.DeptKindProject}}, gm)
	require.NoError(t, err)
	_, err = a.Staff.PutPerson(ctx, staff.Person{ID: "p-pm", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "proj-1", Active: true}, gm)
	require.NoError(t, err)
	_, err = a.Staff.PutProject(ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-001", Name: "滨江花园", Kind: aftersales.Residential, DepartmentID: "proj-1"}}, gm)
	require.NoError(t, err)
	_, err = a.Warranties.SetUp(ctx, warranty.SetUpCommand{ProjectID: "P-001", DesignLifeYears: 50, Actor: gm})
	require.NoError(t, err)
	_, err = a.Warranties.RecordStart(ctx, "P-001", warranty.StartCommand{Actor: gm, Start: warranty.Start{
		Basis: warranty.BasisAcceptance, Date: calendar.D(2025, 6, 30), Evidence: "竣工验收记录"}})
	require.NoError(t, err)
	now := s.now()
	request := func(p person, close bool) {
		r, err := a.Requests.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
			Customer: p.customer(), ProjectID: "P-001", Location: p.unit, Description: "卫生间渗水", Channel: aftersales.ChannelPhone,
			ReceivedAt: now.Add(-time.Hour), Cause: aftersales.CauseConstruction, Component: "waterproofing"}})
		require.NoError(t, err)
		if !close {
			_, err = a.Requests.Withdraw(ctx, r.ID, aftersales.WithdrawCommand{Actor: gm, Reason: "客户自行修好"})
			require.NoError(t, err)
			return
		}
		_, err = a.Requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: gm})
		require.NoError(t, err)
		_, err = a.Requests.Plan(ctx, r.ID, aftersales.PlanCommand{Department: "proj-1", Actor: gm, Plan: aftersales.Plan{Measures: "更换防水层",
			ScheduledAt: now.Add(24 * time.Hour), Owner: "周工", Complexity: aftersales.Simple}})
		require.NoError(t, err)
		_, err = a.Requests.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: "proj-1", Actor: gm, Result: "闭水试验合格"})
		require.NoError(t, err)
		_, err = a.Requests.Accept(ctx, r.ID, aftersales.AcceptCommand{Actor: aftersales.Actor{ID: p.id, Name: p.name, Role: aftersales.RoleCustomer},
			Signature: aftersales.Signature{SignedBy: p.name, Method: aftersales.SignPaper, Ref: "SCAN-1"}})
		require.NoError(t, err)
		_, err = a.Requests.Visit(ctx, r.ID, aftersales.VisitCommand{Actor: gm, Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}})
		require.NoError(t, err)
	}
	complain := func(p person, end string) {
		c, err := a.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
			Complainant: p.customer(), ProjectID: "P-001", Type: complaint.TypeDelay, Description: "维修拖延",
			Channel: aftersales.ChannelPhone, ReceivedAt: now.Add(-time.Hour), ReceivedBy: complaint.ToAfterSales}})
		require.NoError(t, err)
		switch end {
		case "withdrawn":
			_, err = a.Complaints.Withdraw(ctx, c.ID, complaint.StepCommand{Actor: gm, Text: "客户撤回"})
			require.NoError(t, err)
		case "resolved":
			_, err = a.Complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: []string{"proj-1"}, Actor: gm})
			require.NoError(t, err)
			_, err = a.Complaints.Plan(ctx, c.ID, complaint.PlanCommand{Department: "proj-1", Actor: gm, Plan: complaint.Plan{Findings: "排期不当", Measures: "次日上门", Owner: "周工"}})
			require.NoError(t, err)
			_, err = a.Complaints.Answer(ctx, c.ID, complaint.StepCommand{Actor: gm, Text: "已上门修复"})
			require.NoError(t, err)
			_, err = a.Complaints.Satisfied(ctx, c.ID, complaint.StepCommand{Actor: aftersales.Actor{ID: p.id, Name: p.name, Role: aftersales.RoleCustomer}, Text: "满意"})
			require.NoError(t, err)
		}
	}
	request(closedOne, true)
	complain(closedOne, "resolved")
	complain(closedOne, "resolved")
	request(closedTwo, false)
	complain(closedTwo, "withdrawn")
	request(stillOpen, true)
	complain(stillOpen, "open")
	// A request the software raised for an inspection finding names no
	// person (W2.2): never pseudonymised.
	r, err := a.Requests.Register(ctx, aftersales.RegisterCommand{Actor: aftersales.Actor{ID: "scheduler", Role: aftersales.RoleSystem},
		Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "项目巡查"}, ProjectID: "P-001", Location: "1号楼屋面",
			Description: "巡查发现渗漏", Channel: aftersales.ChannelOnSite, ReceivedAt: now.Add(-time.Hour), Cause: aftersales.CauseConstruction}})
	require.NoError(t, err)
	_, err = a.Requests.Withdraw(ctx, r.ID, aftersales.WithdrawCommand{Actor: gm, Reason: "重复登记"})
	require.NoError(t, err)
	// The customers' own API tokens.
	for _, p := range []person{closedOne, stillOpen} {
		status, body := s.do("POST", "/api/v1/tokens", fmt.Sprintf(`{"customer_id": %q}`, p.id))
		require.Equal(t, 201, status, "%v", body)
	}
}

func (s *server) now() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()) }

// figures are the month's complaint report and the warranty summary, with
// the repeat complainants reduced to their complaints (their keys and
// names are what pseudonymisation changes).
func figures(t *testing.T, a *app.App) string {
	t.Helper()
	ctx := context.Background()
	rep, err := a.Complaints.Report(ctx, complaint.Month{Year: 2026, Month: time.November})
	require.NoError(t, err)
	for i := range rep.Repeats {
		rep.Repeats[i].Complainant, rep.Repeats[i].Name = "", ""
	}
	sum, err := a.Warranties.Summary(ctx, "P-001")
	require.NoError(t, err)
	b, err := json.Marshal(map[string]any{"report": rep, "summary": sum})
	require.NoError(t, err)
	return string(b)
}

// TestRetentionKeepsFiguresAndLeavesNoPersonalData runs the retention job
// three years and a day after the records closed, on SQLite and
// PostgreSQL: the customers whose records are all closed or withdrawn are
// pseudonymised, the one with an open complaint is not; the month's
// complaint report (repeat complainants included) and the warranty summary
// are unchanged; every record replays from its history and has an event
// pseudonymised; the customers' tokens are revoked; and no personal field
// of a pseudonymised customer remains in any row of any table nor, on
// SQLite, anywhere in the database files.
func TestRetentionKeepsFiguresAndLeavesNoPersonalData(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		world(t, s)
		before := figures(t, s.app)

		early, err := app.RetainDSN(context.Background(), dsn, app.DefaultRetentionYears, c.Now().AddDate(2, 11, 0), quiet)
		require.NoError(t, err)
		require.Zero(t, early, "within the period nothing changes")

		res, err := app.RetainDSN(context.Background(), dsn, app.DefaultRetentionYears, c.Now().AddDate(3, 0, 1), quiet)
		require.NoError(t, err)
		require.Equal(t, app.RetentionResult{Customers: 2, Requests: 2, Complaints: 3}, res)
		again, err := app.RetainDSN(context.Background(), dsn, app.DefaultRetentionYears, c.Now().AddDate(3, 0, 2), quiet)
		require.NoError(t, err)
		require.Zero(t, again, "a second run finds nothing left")

		require.Equal(t, before, figures(t, s.app), "every figure unchanged")
		ctx := context.Background()
		rs, err := s.app.Requests.List(ctx, aftersales.Query{})
		require.NoError(t, err)
		for _, r := range rs {
			h, err := s.app.Requests.History(ctx, r.ID)
			require.NoError(t, err)
			back, err := aftersales.Replay(h)
			require.NoError(t, err)
			require.Equal(t, r.Version, back.Version)
			last := h[len(h)-1]
			if r.Customer.ID == stillOpen.id || r.Customer.Name == "项目巡查" {
				require.NotEqual(t, aftersales.EventPseudonymised, last.Type)
				continue
			}
			require.True(t, r.Customer.IsPseudonym(), r.ID)
			require.Equal(t, aftersales.EventPseudonymised, last.Type)
			require.Contains(t, last.Reason, "保存期限届满")
		}
		s.stop()

		dump := dumpDatabase(t, dsn)
		for _, p := range []person{closedOne, closedTwo} {
			for _, x := range p.personal() {
				if i := strings.Index(dump, x); i >= 0 {
					t.Errorf("%q of a pseudonymised customer remains: …%s…", x, dump[max(0, i-200):min(len(dump), i+100)])
				}
			}
		}
		for _, x := range stillOpen.personal() {
			require.Contains(t, dump, x, "a customer with an open record keeps their data")
		}
		// The search index keeps a text's runs of four characters as hex
		// words (sqlstore/searchindex.go): after the erasure its terms
		// (read through fts5vocab) hold none of an erased customer's, and
		// those of the kept one. This is what the index answers; that the
		// words' bytes are gone from its pages too (Pseudonymise merges
		// them with FTS5 'optimize', under secure_delete) cannot be read
		// off the file, as FTS5 stores its terms prefix-compressed.
		if !strings.HasPrefix(dsn, "postgres") {
			terms := indexTerms(t, dsn)
			words := func(p person) []string {
				var out []string
				for _, x := range p.personal() {
					rs := []rune(strings.ToLower(x))
					for i := 0; i+4 <= len(rs); i++ {
						out = append(out, "q"+hex.EncodeToString([]byte(string(rs[i:i+4]))))
					}
				}
				return out
			}
			kept, found := words(stillOpen), 0
			for _, w := range kept {
				if terms[w] {
					found++
				}
			}
			require.Positive(t, found, "the kept customer's words are in the index (name, phone, unit): the check can see words")
			// Words some record still holds (the kept customer's, a
			// pseudonym's random digits) are rightly in the index.
			current := currentWords(t, dsn)
			for _, p := range []person{closedOne, closedTwo} {
				for _, w := range words(p) {
					if terms[w] && !current[w] {
						t.Errorf("the search index still holds the word %s of a pseudonymised customer", w)
					}
				}
			}
		}
	})
}

// currentWords returns the runs of four characters, as the search index
// writes them, of the search texts of every record of dsn.
func currentWords(t *testing.T, dsn string) map[string]bool {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, quiet)
	require.NoError(t, err)
	defer db.Close()
	rs, err := db.Requests().List(context.Background(), aftersales.Query{})
	require.NoError(t, err)
	cs, err := db.Complaints().List(context.Background(), complaint.Query{})
	require.NoError(t, err)
	var texts []string
	for _, r := range rs {
		public, contact := aftersales.SearchText(r)
		texts = append(texts, public, contact)
	}
	for _, c := range cs {
		public, contact := complaint.SearchText(c)
		texts = append(texts, public, contact)
	}
	out := map[string]bool{}
	for _, text := range texts {
		for line := range strings.SplitSeq(text, "\n") {
			rs := []rune(line)
			for i := 0; i+4 <= len(rs); i++ {
				out["q"+hex.EncodeToString([]byte(string(rs[i:i+4])))] = true
			}
		}
	}
	return out
}

// indexTerms returns the terms of the SQLite search index of dsn.
func indexTerms(t *testing.T, dsn string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	defer db.Close()
	out := map[string]bool{}
	for _, tb := range []string{"requests_grams", "complaints_grams"} {
		_, err := db.Exec("CREATE VIRTUAL TABLE temp.v_" + tb + " USING fts5vocab(main, " + tb + ", row)")
		require.NoError(t, err)
		rows, err := db.Query("SELECT term FROM temp.v_" + tb)
		require.NoError(t, err)
		for rows.Next() {
			var w string
			require.NoError(t, rows.Scan(&w))
			out[w] = true
		}
		require.NoError(t, rows.Err())
		rows.Close()
	}
	return out
}

// dumpDatabase returns every row of every table of dsn as text and, for a
// SQLite file, the bytes of the file and its -wal as well.
func dumpDatabase(t *testing.T, dsn string) string {
	t.Helper()
	var out strings.Builder
	driver, isSQLite := "pgx", !strings.HasPrefix(dsn, "postgres")
	if isSQLite {
		driver = "sqlite"
	}
	db, err := sql.Open(driver, dsn)
	require.NoError(t, err)
	defer db.Close()
	q := "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
	if isSQLite {
		q = "SELECT name FROM sqlite_master WHERE type = 'table'"
	}
	rows, err := db.Query(q)
	require.NoError(t, err)
	var tables []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	require.Contains(t, tables, "request_events")
	for _, tb := range tables {
		rows, err := db.Query("SELECT * FROM " + tb)
		require.NoError(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					out.Write(b)
				} else {
					fmt.Fprint(&out, v)
				}
				out.WriteByte('|')
			}
			out.WriteByte('\n')
		}
		rows.Close()
	}
	if isSQLite {
		for _, f := range []string{dsn, dsn + "-wal"} {
			b, err := os.ReadFile(f)
			if err == nil {
				out.Write(bytes.ReplaceAll(b, []byte{0}, []byte{' '}))
			}
		}
	}
	return out.String()
}

// TestCustomerExportAndErasureOverHTTP: the after-sales head exports one
// customer's data (every request and complaint with its history, the
// export itself recorded in each history), staff may not; the general
// manager erases the customer at once: every record names the pseudonym,
// each history ends with pseudonymised, the customer's own token stops
// working, and another customer keeps their data.
func TestCustomerExportAndErasureOverHTTP(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		world(t, s)
		status, tok := s.do("POST", "/api/v1/tokens", `{"customer_id": "CUST-LI"}`)
		require.Equal(t, 201, status)
		custToken := tok["token"].(string)
		status, tok = s.do("POST", "/api/v1/tokens", `{"person_id": "p-pm"}`)
		require.Equal(t, 201, status)
		staffToken := tok["token"].(string)
		admin := s.token

		s.token = staffToken
		status, body := s.do("GET", "/api/v1/customers/CUST-LI/personal-data", "")
		require.Equal(t, 403, status)
		require.Equal(t, "privacy_forbidden", body["code"])
		s.token = admin
		status, body = s.do("GET", "/api/v1/customers/NOBODY/personal-data", "")
		require.Equal(t, 404, status)
		require.Equal(t, "customer_not_found", body["code"])

		status, data := s.do("GET", "/api/v1/customers/CUST-LI/personal-data", "")
		require.Equal(t, 200, status, "%v", data)
		require.Len(t, data["requests"], 1)
		require.Len(t, data["complaints"], 1)
		r := data["requests"].([]any)[0].(map[string]any)
		require.Equal(t, closedTwo.phone, r["request"].(map[string]any)["customer"].(map[string]any)["phone"])
		h := r["history"].([]any)
		require.Equal(t, "personal_data_exported", h[len(h)-1].(map[string]any)["type"])

		status, erased := s.do("POST", "/api/v1/customers/CUST-LI/erase", "")
		require.Equal(t, 200, status, "%v", erased)
		pseudonym := erased["pseudonym"].(string)
		require.True(t, strings.HasPrefix(pseudonym, aftersales.PseudonymPrefix))
		rid := erased["requests"].([]any)[0].(string)
		status, got := s.do("GET", "/api/v1/requests/"+rid, "")
		require.Equal(t, 200, status)
		require.Equal(t, map[string]any{"id": pseudonym, "name": got["customer"].(map[string]any)["name"]}, got["customer"])
		require.Equal(t, "7号楼", got["location"])
		status, hist := s.do("GET", "/api/v1/requests/"+rid+"/history", "")
		require.Equal(t, 200, status)
		ev := hist["events"].([]any)
		last := ev[len(ev)-1].(map[string]any)
		require.Equal(t, "pseudonymised", last["type"])
		require.Equal(t, "客户要求删除个人信息", last["reason"])
		raw, _ := json.Marshal(hist)
		require.NotContains(t, string(raw), closedTwo.phone)

		s.token = custToken
		status, _ = s.do("GET", "/api/v1/requests", "")
		require.Equal(t, 401, status, "the erased customer's token no longer works")
		s.token = admin
		status, _ = s.do("GET", "/api/v1/customers/CUST-LI/personal-data", "")
		require.Equal(t, 404, status, "nothing is filed under the customer any more")
		status, other := s.do("GET", "/api/v1/customers/CUST-WANG/personal-data", "")
		require.Equal(t, 200, status)
		require.Len(t, other["requests"], 1)
	})
}

// TestFeedMasksContact: the change feed (GET /api/v1/events) shows a
// registration's customer contact as the record's own page does: in full
// to the general manager, masked to a department whose requests are
// closed.
func TestFeedMasksContact(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	s := start(t, filepath.Join(t.TempDir(), "shouhou.db"), c, &recorder{}, "")
	world(t, s)
	status, body := s.do("GET", "/api/v1/events?limit=1000", "")
	require.Equal(t, 200, status)
	raw, _ := json.Marshal(body)
	require.Contains(t, string(raw), closedOne.phone)
	status, tok := s.do("POST", "/api/v1/tokens", `{"person_id": "p-pm"}`)
	require.Equal(t, 201, status)
	s.token = tok["token"].(string)
	status, body = s.do("GET", "/api/v1/events?limit=1000", "")
	require.Equal(t, 200, status)
	require.NotEmpty(t, body["items"])
	raw, _ = json.Marshal(body)
	for _, p := range []person{closedOne, stillOpen} {
		require.NotContains(t, string(raw), p.phone)
		require.NotContains(t, string(raw), p.email)
		require.NotContains(t, string(raw), p.unit)
	}
	require.Contains(t, string(raw), aftersales.MaskPhone(closedOne.phone))
}
