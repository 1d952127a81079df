// Command server is shouhou's reference server: the after-sales desk's JSON
// API over an embedded SQLite file by default, or PostgreSQL for several
// instances sharing one database.
//
//	go run ./examples/server                       # 127.0.0.1:8080, ./shouhou.db
//	go run ./examples/server -addr :9090 -db postgres://user:pass@127.0.0.1/shouhou
//
// The general manager's first API token comes from SHOUHOU_ADMIN_TOKEN, or
// is generated and printed once on first start. Notifications go to the log,
// and also to a webhook when -webhook is set (signed with
// SHOUHOU_WEBHOOK_SECRET). SIGINT or SIGTERM shuts down gracefully.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	dsn := fs.String("db", "shouhou.db", "SQLite file path, or a postgres:// URL")
	instance := fs.String("instance", "", "this instance's name (default: host name and process ID)")
	webhook := fs.String("webhook", "", "URL to POST notifications to (signed with SHOUHOU_WEBHOOK_SECRET)")
	interval := fs.Duration("scan", time.Minute, "how often the scheduler scans deadlines (negative: off)")
	verbose := fs.Bool("v", false, "log every request")
	secureCookies := fs.Bool("secure-cookies", false, "mark the web pages' cookies Secure: set it when the server is behind HTTPS")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if *instance == "" {
		host, _ := os.Hostname()
		*instance = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	var notifier scheduler.Notifier = scheduler.LogNotifier{Logger: logger}
	if *webhook != "" {
		secret := getenv("SHOUHOU_WEBHOOK_SECRET")
		if secret == "" {
			fmt.Fprintln(stderr, "错误：使用 -webhook 时须设置 SHOUHOU_WEBHOOK_SECRET（用于签名）")
			return 2
		}
		notifier = scheduler.MultiNotifier{notifier, &scheduler.WebhookNotifier{URL: *webhook, Secret: []byte(secret)}}
	}

	a, err := app.New(ctx, app.Config{DSN: *dsn, AdminToken: getenv("SHOUHOU_ADMIN_TOKEN"), Instance: *instance,
		Notifier: notifier, Logger: logger, SchedulerInterval: *interval, SecureCookies: *secureCookies})
	if err != nil {
		fmt.Fprintf(stderr, "错误：无法打开数据库：%v\n", err)
		return 1
	}
	defer a.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "错误：无法监听 %s：%v\n", *addr, err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "shouhou 售后服务器已启动（%s 数据库）\n", a.Dialect())
	fmt.Fprintf(stdout, "  售后服务台（浏览器）：%s/\n", base)
	fmt.Fprintf(stdout, "  接口：%s/api/v1/   接口文档：%s/api/v1/openapi.json   健康检查：%s/healthz\n", base, base, base)
	if a.AdminToken != "" {
		fmt.Fprintf(stdout, "\n总经理的访问令牌（只显示这一次，请妥善保存）：\n  %s\n", a.AdminToken)
		fmt.Fprintf(stdout, "  例：curl -H 'Authorization: Bearer %s' %s/api/v1/requests\n\n", a.AdminToken, base)
	}
	if err := a.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "错误：%v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "已停止")
	return 0
}
