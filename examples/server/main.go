// Command server is shouhou's reference server: the after-sales desk's JSON
// API over an embedded SQLite file by default, or PostgreSQL for several
// instances sharing one database.
//
//	go run ./examples/server                       # 127.0.0.1:8080, ./shouhou.db
//	go run ./examples/server -addr :9090 -db postgres://user:pass@127.0.0.1/shouhou
//
// The general manager's first API token comes from SHOUHOU_ADMIN_TOKEN, or
// is generated and printed once on first start. Notifications go to the log,
// to a webhook when -webhook is set (signed with SHOUHOU_WEBHOOK_SECRET),
// and to people through the channels configured in the environment
// (企业微信 and 钉钉 group robots, e-mail; see package notify and -h),
// outside working hours only when urgent (-quiet). SIGINT or SIGTERM shuts
// down gracefully.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/intake"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
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
	webhook := fs.String("webhook", "", "URL to POST notifications to (signed with SHOUHOU_WEBHOOK_SECRET, and the Standard Webhooks way too with SHOUHOU_WEBHOOK_SIGNING_KEY)")
	eventsWebhook := fs.String("events-webhook", "", "URL to POST every domain event of the change feed to, in commit order, signed the Standard Webhooks way with SHOUHOU_EVENTS_WEBHOOK_SECRET")
	interval := fs.Duration("scan", time.Minute, "how often the scheduler scans deadlines (negative: off)")
	lease := fs.Duration("lease", 5*time.Minute, "how long an instance's claim on a due notice holds before another (or a restarted one) may take it over")
	verbose := fs.Bool("v", false, "debug logging (every request is logged at info level anyway)")
	secureCookies := fs.Bool("secure-cookies", false, "mark the web pages' cookies Secure: set it when the server is behind HTTPS")
	debugAddr := fs.String("debug-addr", "", "listen address of the debug listener: /metrics (unauthenticated) and /debug/pprof/; off when empty; bind it to a loopback or private address only")
	sessionIdle := fs.Duration("session-idle", app.DefaultSessionIdle, "a desk session ends after this long without use")
	trusted := fs.String("trusted-origins", "", "comma-separated origins besides this server's (scheme://host[:port]) from which the desk takes form posts, such as a company portal that embeds it")
	sessionMax := fs.Duration("session-max", app.DefaultSessionMax, "a desk session ends this long after sign-in, however busy")
	var jobs maintenance
	fs.StringVar(&jobs.backup, "backup", "", "write a consistent copy of the SQLite database to this new file, while servers may run on it, and exit (restore: see README)")
	fs.StringVar(&jobs.migrateTo, "migrate-to", "", "copy the SQLite database into this empty PostgreSQL database (postgres://…), verify each table's rows and checksum, and exit")
	fs.IntVar(&jobs.years, "retention-years", app.DefaultRetentionYears, "pseudonymise a customer this many years after the last of their records closed (daily, while serving); 0: never")
	fs.BoolVar(&jobs.retain, "retention-run", false, "run the retention check once on the database and exit (for a timer, instead of the server's daily run)")
	requestPrefix := fs.String("request-prefix", app.DefaultRequestPrefix, "the prefix of new requests' readable numbers (SH-2026-000123): 1 to 8 capital letters")
	complaintPrefix := fs.String("complaint-prefix", app.DefaultComplaintPrefix, "the prefix of new complaints' readable numbers (TS-2026-000045): 1 to 8 capital letters")
	quietFlag := fs.String("quiet", notify.DefaultHours().String(), "working hours (CST, working days of the official calendar) outside which notices to staff wait for the next working morning, urgent ones (P1.3, C2.2) excepted; off: send at once")
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	hours, quiet, err := notify.ParseQuiet(*quietFlag)
	if err != nil {
		fmt.Fprintf(stderr, "错误：%v\n", err)
		return 2
	}
	for name, p := range map[string]string{"-request-prefix": *requestPrefix, "-complaint-prefix": *complaintPrefix} {
		if !aftersales.ValidNumberPrefix(p) {
			fmt.Fprintf(stderr, "错误：%s %q 无效，应为 1 到 8 个大写英文字母，如 SH\n", name, p)
			return 2
		}
	}
	if *lease <= 0 {
		fmt.Fprintf(stderr, "错误：-lease 应为正的时长，如 5m\n")
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	// Phone numbers are masked in every line (个人信息保护法; app.MaskPhones).
	logger := app.MaskingLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})))
	if jobs.any() {
		return jobs.run(ctx, *dsn, logger, stdout, stderr)
	}
	if *instance == "" {
		host, _ := os.Hostname()
		*instance = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	// Each part is told a notice once per process, however often another
	// part (a robot's digest, quiet hours, a failure) makes it retry.
	notifiers := scheduler.MultiNotifier{scheduler.Once(scheduler.LogNotifier{Logger: logger})}
	if *webhook != "" {
		secret := getenv("SHOUHOU_WEBHOOK_SECRET")
		if secret == "" {
			fmt.Fprintln(stderr, "错误：使用 -webhook 时须设置 SHOUHOU_WEBHOOK_SECRET（用于签名）")
			return 2
		}
		hook := &scheduler.WebhookNotifier{URL: *webhook, Secret: []byte(secret)}
		if k := getenv("SHOUHOU_WEBHOOK_SIGNING_KEY"); k != "" {
			if hook.SigningKey, err = scheduler.ParseStandardSecret(k); err != nil {
				fmt.Fprintf(stderr, "错误：SHOUHOU_WEBHOOK_SIGNING_KEY %v\n", err)
				return 2
			}
		}
		notifiers = append(notifiers, scheduler.Once(hook))
	}
	var eventsKey []byte
	if *eventsWebhook != "" {
		if err := checkURL(*eventsWebhook); err != nil {
			fmt.Fprintf(stderr, "错误：-events-webhook %v\n", err)
			return 2
		}
		if eventsKey, err = scheduler.ParseStandardSecret(getenv("SHOUHOU_EVENTS_WEBHOOK_SECRET")); err != nil {
			fmt.Fprintf(stderr, "错误：使用 -events-webhook 时须设置 SHOUHOU_EVENTS_WEBHOOK_SECRET：%v\n", err)
			return 2
		}
	}
	channels, err := notify.FromEnv(getenv, notify.Options{Logger: logger})
	if err != nil {
		fmt.Fprintf(stderr, "错误：%v\n", err)
		return 2
	}
	defer channels.Close()
	var router *notify.Router
	var quietHours *notify.Quiet
	var noticeHealth func() []api.NoticeChannel
	var health *notify.Health // every channel's state, on /healthz
	if channels.Any() || channels.Texter != nil {
		health = notify.NewHealth(logger, time.Now, channels.Redact)
		noticeHealth = func() []api.NoticeChannel {
			var out []api.NoticeChannel
			for _, s := range health.States() {
				out = append(out, api.NoticeChannel{Channel: s.Channel, OK: s.OK, Since: s.Since, Failures: s.Failures})
			}
			return out
		}
	}
	if channels.Any() {
		router = channels.Router()
		router.Health = health
		router.WatchDigests()
		var people scheduler.Notifier = router
		if quiet {
			quietHours = &notify.Quiet{Next: router, Hours: hours}
			people = quietHours
		}
		notifiers = append(notifiers, people)
	}

	// The 公众号 callback's settings are checked before the database opens;
	// it registers through the requests' service once that exists.
	wechat, err := intake.WeChatFromEnv(getenv, nil, logger)
	if err != nil {
		fmt.Fprintf(stderr, "错误：%v\n", err)
		return 2
	}
	mailbox, err := intake.MailboxFromEnv(getenv, logger)
	if err != nil {
		fmt.Fprintf(stderr, "错误：%v\n", err)
		return 2
	}
	callbacks := map[string]http.Handler{}
	if wechat != nil {
		callbacks["/wechat/callback"] = wechat
	}

	for _, o := range splitOrigins(*trusted) {
		if err := http.NewCrossOriginProtection().AddTrustedOrigin(o); err != nil {
			fmt.Fprintf(stderr, "错误：-trusted-origins 中的 %q 无效，应为 scheme://host[:port]\n", o)
			return 2
		}
	}
	a, err := app.New(ctx, app.Config{DSN: *dsn, AdminToken: getenv("SHOUHOU_ADMIN_TOKEN"), Instance: *instance,
		Notifier: notifiers, Logger: logger, SchedulerInterval: *interval, SchedulerLease: *lease, SecureCookies: *secureCookies,
		EventsWebhook: *eventsWebhook, EventsWebhookKey: eventsKey,
		SessionIdle: *sessionIdle, SessionMax: *sessionMax, MetricsToken: getenv("SHOUHOU_METRICS_TOKEN"),
		TrustedOrigins: splitOrigins(*trusted), NoticeHealth: noticeHealth, Callbacks: callbacks,
		RequestPrefix: *requestPrefix, ComplaintPrefix: *complaintPrefix,
		PublicURL: channels.PublicURL, LinkLife: channels.LinkLife, SendLink: sendLink(channels.Texter)})
	if err != nil {
		fmt.Fprintf(stderr, "错误：无法打开数据库：%v\n", err)
		return 1
	}
	defer a.Close()
	if jobs.years > 0 {
		go a.RetainEvery(ctx, jobs.years, 24*time.Hour)
	}
	// Who hears what comes from the organisation, the complaint chain and
	// the calendar in force; the scheduler starts only in Serve, below.
	if router != nil {
		router.Log = a.Deliveries() // the outbox: what a notice reached survives a restart
		router.Org = a.Staff.Organisation
		router.Chain = func() []complaint.Level { return a.Complaints.Policy().Chain }
	}
	if wechat != nil {
		wechat.Requests = a.Requests
	}
	if channels.Texter != nil {
		// Customers' texts follow the change feed from the first start
		// with SMS configured; each is logged in the outbox and sent once.
		texts := &notify.CustomerTexts{Texter: channels.Texter, Requests: a.Requests, Complaints: a.Complaints, Log: a.Deliveries(), Health: health,
			Link: func(ctx context.Context, customerID string) (string, error) {
				token, err := a.CustomerLink(ctx, customerID, time.Now().Add(channels.LinkLife))
				return channels.PublicURL + "/c/" + token, err
			}}
		a.Follow("customer-texts", func(ctx context.Context, it sqlstore.FeedItem) error {
			return texts.Text(ctx, notify.RecordEvent{Kind: it.Kind, RecordID: it.RecordID, Seq: it.Seq, Type: it.Type})
		})
	}
	if mailbox != nil {
		// Several instances may read one mailbox: a message's record ID
		// comes from its Message-ID, so it is registered once.
		mailbox.Requests, mailbox.Complaints, mailbox.Files = a.Requests, a.Complaints, a.Files()
		mailbox.Customers, mailbox.Numbers = a.Customers(), a.Numbers()
		go mailbox.Run(ctx)
	}
	if quietHours != nil {
		quietHours.Calendar = a.Requests.Calendar
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "错误：无法监听 %s：%v\n", *addr, err)
		return 1
	}
	if *debugAddr != "" {
		dln, err := net.Listen("tcp", *debugAddr)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "错误：无法监听调试地址 %s：%v\n", *debugAddr, err)
			return 1
		}
		go func() {
			if err := a.ServeDebug(ctx, dln); err != nil {
				logger.Error("debug listener stopped", "err", err)
			}
		}()
		fmt.Fprintf(stdout, "  调试监听（指标与性能剖析）：http://%s/metrics   http://%s/debug/pprof/\n", dln.Addr(), dln.Addr())
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "shouhou 售后服务器已启动（%s 数据库）\n", a.Dialect())
	fmt.Fprintf(stdout, "  售后服务台（浏览器）：%s/\n", base)
	fmt.Fprintf(stdout, "  接口：%s/api/v1/   接口文档：%s/api/v1/openapi.json   健康检查：%s/healthz\n", base, base, base)
	if d := channels.Describe(); len(d) > 0 {
		when := "工作日 " + hours.String() + " 以外只发紧急提醒"
		if !quiet {
			when = "不设免打扰时段"
		}
		fmt.Fprintf(stdout, "  通知渠道：%s（%s）\n", strings.Join(d, "；"), when)
	}
	if mailbox != nil {
		fmt.Fprintf(stdout, "  邮件登记：每 %s 读取 %s 的 %s\n", mailbox.Interval, mailbox.Addr, cmp.Or(mailbox.Folder, "INBOX"))
	}
	if wechat != nil {
		fmt.Fprintf(stdout, "  公众号消息接收（安全模式）：%s/wechat/callback\n", base)
	}
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

// usage prints the flags and the environment variables.
func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintln(w, "用法：server [选项]")
	fs.PrintDefaults()
	fmt.Fprintln(w, "\n环境变量：")
	vars := append([]notify.Var{
		{Name: "SHOUHOU_ADMIN_TOKEN", Help: "总经理的初始访问令牌；不设则首次启动时生成并显示一次"},
		{Name: "SHOUHOU_WEBHOOK_SECRET", Help: "-webhook 的签名密钥，使用 -webhook 时必填"},
		{Name: "SHOUHOU_METRICS_TOKEN", Help: "设置后，主监听地址的 /metrics 只对携带此 Bearer 令牌的请求开放；不设则 /metrics 只在 -debug-addr 上提供"},
		{Name: "SHOUHOU_WEBHOOK_SIGNING_KEY", Help: "可选：-webhook 同时按 Standard Webhooks 签名（webhook-id、webhook-timestamp、webhook-signature），格式 whsec_ 加 Base64 密钥"},
		{Name: "SHOUHOU_EVENTS_WEBHOOK_SECRET", Help: "-events-webhook 的 Standard Webhooks 签名密钥（whsec_ 加 Base64），使用 -events-webhook 时必填"},
	}, notify.Vars()...)
	for _, v := range intake.Vars() {
		vars = append(vars, notify.Var{Name: v.Name, Help: v.Help})
	}
	for _, v := range vars {
		fmt.Fprintf(w, "  %s\n    \t%s\n", v.Name, v.Help)
	}
}

// sendLink texts a customer the link the desk issues them, with the
// receipt's template (number and link), or is nil without SMS.
func sendLink(t *notify.Texter) func(ctx context.Context, phone, number, link string) error {
	if t == nil || t.Templates[notify.SMSReceipt] == "" {
		return nil
	}
	return func(ctx context.Context, phone, number, link string) error {
		return t.Send(ctx, phone, notify.SMSReceipt, map[string]string{notify.ParamNumber: number, notify.ParamLink: link})
	}
}

// checkURL refuses a webhook address that is not an absolute http(s) URL.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q 不是有效的 http(s) 地址", s)
	}
	return nil
}

// splitOrigins reads -trusted-origins: comma-separated, blanks dropped.
func splitOrigins(s string) []string {
	var out []string
	for _, o := range strings.Split(s, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}
