// Command embed shows shouhou embedded in a company's own system: an
// aftersales.Service whose Store is written over a pretend ERP's tables in
// SQLite (erpstore.go, schema.sql), not over tables of shouhou's own.
//
// Usage:
//
//	go run ./examples/embed              # a new erp-demo.db in a temporary folder, removed at exit
//	go run ./examples/embed -db erp.db   # this SQLite file, created if missing, kept
//
// The program registers a customer's feedback as a service ticket, runs it
// through the whole lifecycle (urgent measures, forwarding to the project
// department, plan, completion, signed acceptance, follow-up visit) at
// fixed times with a fixed clock, and prints in Chinese the request, its
// deadlines, the ticket's row and log lines as the ERP sees them, and the
// compliance audit (aftersales.Audit) of its history, which finds nothing.
// Each run adds a ticket; the ticket number counts the tickets already in
// the database.
//
// The store is the part an integrator writes: ERPStore maps the
// aftersales.Store interface onto the ERP's erp_service_ticket and
// erp_ticket_log tables, with an optimistic lock on the ERP's row_version
// column, and main_test.go runs the storetest conformance suite against it.
//
// It exits 0 on success, 1 if the database or a step fails, and 2 on bad
// flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// The demo's company: one project, its 项目部, and the people who act.
const (
	projectID  = "P-SUNNY"
	projectDep = "proj-1"
)

var (
	directory = aftersales.NewProjects(aftersales.Project{ID: projectID, Name: "阳光花园", Kind: aftersales.Residential,
		DepartmentID: projectDep, SpecialistID: "u-wang"})
	// deptNames are the ERP's own department names; the well-known
	// departments are named as the library names them.
	deptNames = map[string]string{projectDep: "项目一部"}

	clerk   = aftersales.Actor{ID: "u-li", Name: "李娜", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	foreman = aftersales.Actor{ID: "u-zhou", Name: "周工", Role: aftersales.RoleDepartmentStaff, DepartmentID: projectDep}
)

// cst returns an instant in Beijing time.
func cst(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, calendar.CST())
}

// now is the demo's fixed clock: every step happened before it.
var now = cst(10, 12, 18, 0)

// run is the program. It returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("embed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "SQLite 数据库文件（不存在则创建，程序结束后保留）；默认在临时目录中新建 erp-demo.db，结束时删除")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "多余的参数：%s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2
	}
	if err := demo(ctx, *dbPath, stdout); err != nil {
		fmt.Fprintf(stderr, "失败：%v\n", err)
		return 1
	}
	return 0
}

func demo(ctx context.Context, path string, out io.Writer) error {
	temporary := path == ""
	if temporary {
		dir, err := os.MkdirTemp("", "erp-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "erp-demo.db")
	}
	store, err := OpenERPStore(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()

	var tickets int
	if err := store.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM erp_service_ticket`).Scan(&tickets); err != nil {
		return err
	}
	svc, err := aftersales.NewService(aftersales.Config{
		Store:     store,
		Clock:     aftersales.ClockFunc(func() time.Time { return now }),
		Directory: directory,
		NewID: func() string {
			tickets++
			return fmt.Sprintf("SH-2026-%04d", tickets)
		},
	})
	if err != nil {
		return err
	}

	r, err := lifecycle(ctx, svc)
	if err != nil {
		return err
	}
	history, err := svc.History(ctx, r.ID)
	if err != nil {
		return err
	}

	where := path
	if temporary {
		where += "（临时数据库，程序结束时删除；用 -db 指定文件可保留）"
	}
	fmt.Fprintf(out, "ERP 数据库：%s\n\n", where)
	printRequest(out, r)
	if err := printERPView(ctx, out, store, r.ID); err != nil {
		return err
	}
	printAudit(out, aftersales.Audit(history, svc.Calendar(), svc.Policy(), now))
	return nil
}

// lifecycle registers the demo's feedback and takes it to closed, each step
// on the version the previous one returned.
func lifecycle(ctx context.Context, svc *aftersales.Service) (*aftersales.Request, error) {
	r, err := svc.Register(ctx, aftersales.RegisterCommand{
		Registration: aftersales.Registration{
			Customer:    aftersales.Customer{ID: "C-0001", Name: "张先生", Phone: "13800138000"},
			ProjectID:   projectID,
			Location:    "3号楼2单元501",
			Description: "卫生间地面渗水，楼下天花板出现水渍",
			Attachments: []string{"photo/501-bath-1.jpg"},
			Channel:     aftersales.ChannelPhone,
			ReceivedAt:  cst(9, 28, 9, 30),
			Cause:       aftersales.CauseConstruction,
			Component:   "防水工程",
			Urgent:      true,
		},
		Actor: clerk,
	})
	if err != nil {
		return nil, fmt.Errorf("登记：%w", err)
	}
	steps := []struct {
		name string
		do   func(v int) (*aftersales.Request, error)
	}{
		{"紧急处理", func(v int) (*aftersales.Request, error) {
			return svc.HandleUrgent(ctx, r.ID, aftersales.UrgentCommand{Measures: "关闭进水总阀，楼下铺设接水布",
				At: cst(9, 28, 11, 0), Actor: clerk, Version: v})
		}},
		{"反馈紧急处理情况", func(v int) (*aftersales.Request, error) {
			// P1.3: the customer hears how the urgent measures went.
			return svc.Feedback(ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Channel: aftersales.ChannelPhone,
				Summary: "已关闭进水总阀，漏水止住，明日安排维修", At: cst(9, 28, 11, 30), Actor: clerk, Version: v})
		}},
		{"转达", func(v int) (*aftersales.Request, error) {
			// The cause is construction: routed to the project's 项目部 (P2.1).
			return svc.Forward(ctx, r.ID, aftersales.ForwardCommand{At: cst(9, 28, 15, 0), Actor: clerk, Version: v})
		}},
		{"制定方案", func(v int) (*aftersales.Request, error) {
			return svc.Plan(ctx, r.ID, aftersales.PlanCommand{Department: projectDep, At: cst(9, 29, 10, 0),
				Plan: aftersales.Plan{Measures: "凿开卫生间地面，重做防水层，闭水试验 48 小时", ScheduledAt: cst(9, 30, 9, 0),
					Owner: "周工", Complexity: aftersales.Simple},
				Actor: foreman, Version: v})
		}},
		{"完成处理", func(v int) (*aftersales.Request, error) {
			return svc.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: projectDep,
				Result: "防水层已重做，闭水试验无渗漏，楼下天花板已修补", At: cst(10, 9, 16, 0), Actor: foreman, Version: v})
		}},
		{"反馈处理结果", func(v int) (*aftersales.Request, error) {
			// P3.2: the department tells the customer the result.
			return svc.Feedback(ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: projectDep,
				Channel: aftersales.ChannelPhone, Summary: "维修完毕，请明日验收", At: cst(10, 9, 17, 0), Actor: foreman, Version: v})
		}},
		{"验收", func(v int) (*aftersales.Request, error) {
			return svc.Accept(ctx, r.ID, aftersales.AcceptCommand{
				Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignPaper, Ref: "scan/" + r.ID + "-acceptance.pdf"},
				At:        cst(10, 10, 10, 0), Actor: clerk, Version: v})
		}},
		{"回访", func(v int) (*aftersales.Request, error) {
			return svc.Visit(ctx, r.ID, aftersales.VisitCommand{
				Visit: aftersales.Visit{Satisfaction: 5, Suggestions: "维修及时，师傅很细心", VisitedBy: clerk.Name},
				At:    cst(10, 12, 15, 0), Actor: clerk, Version: v})
		}},
	}
	for _, s := range steps {
		next, err := s.do(r.Version)
		if err != nil {
			return nil, fmt.Errorf("%s：%w", s.name, err)
		}
		r = next
	}
	return r, nil
}

// timeText formats an instant in Beijing time; a deadline at midnight is
// shown as 24:00 of the day before, the last day of its period.
func timeText(t time.Time) string {
	t = t.In(calendar.CST())
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.AddDate(0, 0, -1).Format("2006-01-02") + " 24:00"
	}
	return t.Format("2006-01-02 15:04")
}

func deptName(id string) string {
	if n, ok := deptNames[id]; ok {
		return n
	}
	return aftersales.DepartmentLabel(id)
}

func printRequest(w io.Writer, r *aftersales.Request) {
	fmt.Fprintf(w, "售后需求 %s（第 %d 版）\n", r.ID, r.Version)
	fmt.Fprintf(w, "  状态：%s\n", r.Status.Label())
	fmt.Fprintf(w, "  客户：%s（%s，%s）\n", r.Customer.Name, r.Customer.ID, r.Customer.Phone)
	if p, err := directory.Project(context.Background(), r.ProjectID); err == nil {
		fmt.Fprintf(w, "  项目：%s（%s）  部位：%s\n", p.Name, p.ID, r.Location)
	}
	fmt.Fprintf(w, "  问题：%s\n", r.Description)
	fmt.Fprintf(w, "  接收：%s，%s反馈，登记人 %s\n", timeText(r.ReceivedAt), r.Channel.Label(), r.RegisteredBy.Name)
	if r.UrgentHandledAt != nil {
		fmt.Fprintf(w, "  紧急处理：%s %s\n", timeText(*r.UrgentHandledAt), r.UrgentMeasures)
	}
	for _, p := range r.Parts {
		fmt.Fprintf(w, "  责任部门：%s，于 %s 转达\n", deptName(p.Department), timeText(p.ReceivedAt))
		if p.Plan != nil {
			fmt.Fprintf(w, "    方案：%s（责任人 %s，计划 %s，%s）\n", p.Plan.Measures, p.Plan.Owner,
				timeText(p.Plan.ScheduledAt), p.Complexity.Label()+"问题")
		}
		if p.DoneAt != nil {
			fmt.Fprintf(w, "    完成：%s %s\n", timeText(*p.DoneAt), p.Result)
		}
	}
	if r.Acceptance != nil && r.AcceptedAt != nil {
		fmt.Fprintf(w, "  验收：%s %s%s（%s）\n", timeText(*r.AcceptedAt), r.Acceptance.SignedBy,
			r.Acceptance.Method.Label(), r.Acceptance.Ref)
	}
	if r.Visit != nil && r.VisitedAt != nil {
		fmt.Fprintf(w, "  回访：%s %s，满意度 %d/5，意见：%s\n", timeText(*r.VisitedAt), r.Visit.VisitedBy,
			r.Visit.Satisfaction, r.Visit.Suggestions)
	}
	fmt.Fprintln(w, "  期限：")
	for _, d := range r.Deadlines {
		what := d.What()
		if d.Department != "" {
			what += "（" + deptName(d.Department) + "）"
		}
		done := ""
		if d.DoneAt != nil {
			done = "，完成于 " + timeText(*d.DoneAt)
		}
		fmt.Fprintf(w, "    %-4s %s：%s 前，%s%s\n", d.Clause, what, timeText(d.Due), d.State(now).Label(), done)
	}
	fmt.Fprintln(w)
}

// printERPView shows the ticket as the ERP's own screens would: its row and
// its log lines.
func printERPView(ctx context.Context, w io.Writer, s *ERPStore, id string) error {
	var cust, project, status, updated string
	var version int
	err := s.db.QueryRowContext(ctx, `SELECT cust_name, project_code, status_code, row_version, updated_at
		FROM erp_service_ticket WHERE ticket_no = ?`, id).Scan(&cust, &project, &status, &version, &updated)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "ERP 工单表 erp_service_ticket：")
	fmt.Fprintf(w, "  工单号 %s  客户 %s  项目 %s  状态码 %s  版本 %d  更新于 %s\n", id, cust, project, status, version, updated)
	rows, err := s.db.QueryContext(ctx, `SELECT line_no, event_type, logged_at FROM erp_ticket_log WHERE ticket_no = ? ORDER BY line_no`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Fprintln(w, "ERP 工单日志 erp_ticket_log：")
	for rows.Next() {
		var line int
		var typ, at string
		if err := rows.Scan(&line, &typ, &at); err != nil {
			return err
		}
		name := aftersales.EventType(typ).Label()
		if name == "" {
			name = typ
		}
		fmt.Fprintf(w, "  %2d  %s  %s\n", line, at, name)
	}
	fmt.Fprintln(w)
	return rows.Err()
}

func printAudit(w io.Writer, findings []aftersales.Finding) {
	if len(findings) == 0 {
		fmt.Fprintln(w, "合规审计：未发现问题，各环节均按《售后管理制度》期限完成。")
		return
	}
	fmt.Fprintf(w, "合规审计：发现 %d 个问题：\n", len(findings))
	for _, f := range findings {
		fmt.Fprintf(w, "  %s %s\n", f.Clause, f.What)
	}
}
