// Package app assembles the reference server: the SQL stores, the
// library's services, the JSON API and the scheduler. main.go parses flags
// and signals and calls it; tests build it in-process.
package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/feedhook"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/examples/server/web"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// Config is what the server is started with.
type Config struct {
	DSN        string // a SQLite file path, or a postgres:// URL
	AdminToken string // SHOUHOU_ADMIN_TOKEN; empty: generate one on first start
	Instance   string // this instance's name, for the scheduler's claims
	Notifier   scheduler.Notifier
	Clock      aftersales.Clock
	Logger     *slog.Logger
	// SchedulerInterval is how often the scheduler scans; 0 means every
	// minute, and a negative value turns the scheduler off.
	SchedulerInterval time.Duration
	// SchedulerLease is how long an instance's claim on a due item blocks
	// the others (scheduler.Config.Lease); 0 means 5 minutes.
	SchedulerLease time.Duration
	// OrgCacheTTL is how long authentication trusts one read of the
	// organisation (a person deactivated or moved loses their powers
	// within it); 0 means 2 seconds, a negative value no caching.
	OrgCacheTTL time.Duration
	// AdjustWeb, if set, may change the web pages' configuration before
	// they are built (tests use it).
	AdjustWeb func(*web.Config)
	// NoticeHealth, if set, reports the notification channels' states on
	// /healthz.
	NoticeHealth func() []api.NoticeChannel
	// SecureCookies marks the web pages' cookies Secure, for a server
	// behind HTTPS.
	SecureCookies bool
	// EventsWebhook, if set, receives every domain event of the change feed,
	// signed the Standard Webhooks way with EventsWebhookKey (see package
	// feedhook); one instance at a time delivers.
	EventsWebhook    string
	EventsWebhookKey []byte
	// SessionIdle and SessionMax end a desk session after that long
	// without use, and that long after it started; 0 means
	// DefaultSessionIdle and DefaultSessionMax.
	SessionIdle, SessionMax time.Duration
	// TrustedOrigins are origins besides the server's own from which the
	// desk takes form posts (a company portal that embeds it), each
	// "scheme://host[:port]"; New refuses a malformed one.
	TrustedOrigins []string
	// SessionClock is the clock the sessions' timeouts run on: the wall
	// clock by default, never Clock, which tests and replays move by days.
	SessionClock aftersales.Clock
	// MetricsToken (SHOUHOU_METRICS_TOKEN), if set, opens /metrics on the
	// main listener to its bearer; else the metrics are only on the debug
	// listener (DebugHandler).
	MetricsToken string
	// MaxConns bounds the connections served at once, idle keep-alive ones
	// included; more wait in the listen queue instead of taking file
	// descriptors the database needs. 0 means DefaultMaxConns.
	MaxConns int
	// RequestPrefix and ComplaintPrefix begin the readable numbers of new
	// requests and complaints (SH-2026-000123, TS-2026-000045): 1 to 8
	// capital letters; empty means SH and TS. Records keep their IDs too.
	RequestPrefix, ComplaintPrefix string
	// PublicURL is the address customers reach the server at
	// (SHOUHOU_PUBLIC_URL), which their links start with; empty: the
	// address a desk request came to.
	PublicURL string
	// LinkLife is how long a customer's link works (SHOUHOU_CUSTOMER_LINK_DAYS);
	// 0 means 30 days.
	LinkLife time.Duration
	// SendLink, if set, texts a customer the link the desk issues them.
	SendLink func(ctx context.Context, phone, number, link string) error
	// Callbacks are handlers served at exact paths, outside the API's
	// tokens and the desk's sessions, each checking its caller itself:
	// the 公众号 message callback at /wechat/callback (package intake).
	Callbacks map[string]http.Handler
}

// uploadTime is how long an upload of photos may take to arrive.
const uploadTime = 10 * time.Minute

// DefaultMaxConns is the default bound on connections served at once:
// well under the usual 65,536 file descriptors of a service, with room
// for the database and the files.
const DefaultMaxConns = 4096

// App is a running server's parts.
type App struct {
	cfg        Config
	db         *sqlstore.DB
	Requests   *aftersales.Service
	Complaints *complaint.Service
	Warranties *warranty.Service
	Staff      *staff.Service
	Scheduler  *scheduler.Scheduler
	handler    http.Handler
	metrics    *metrics
	auth       *tokenAuth
	readers    []feedReaderFunc
	// AdminToken is the general manager's token generated on first start,
	// to be shown once; empty on later starts.
	AdminToken string
}

// New opens the database (running its migrations) and builds the services.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = slog.New(withRequestID{newRateLimited(MaskingLogger(cfg.Logger).Handler())})
	if cfg.Clock == nil {
		cfg.Clock = aftersales.SystemClock{}
	}
	if cfg.Notifier == nil {
		cfg.Notifier = scheduler.LogNotifier{Logger: cfg.Logger}
	}
	if cfg.Instance == "" {
		cfg.Instance = "shouhou"
	}
	if cfg.OrgCacheTTL == 0 {
		cfg.OrgCacheTTL = 2 * time.Second
	}
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = DefaultSessionIdle
	}
	if cfg.SessionMax <= 0 {
		cfg.SessionMax = DefaultSessionMax
	}
	if cfg.SessionClock == nil {
		cfg.SessionClock = aftersales.SystemClock{}
	}
	cfg.RequestPrefix, cfg.ComplaintPrefix = cmp.Or(cfg.RequestPrefix, DefaultRequestPrefix), cmp.Or(cfg.ComplaintPrefix, DefaultComplaintPrefix)
	for _, p := range []string{cfg.RequestPrefix, cfg.ComplaintPrefix} {
		if !aftersales.ValidNumberPrefix(p) {
			return nil, fmt.Errorf("编号前缀 %q 无效：应为 1 到 8 个大写英文字母", p)
		}
	}
	for _, o := range cfg.TrustedOrigins {
		if err := http.NewCrossOriginProtection().AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("可信来源 %q 无效（应为 scheme://host[:port]）：%w", o, err)
		}
	}
	db, err := sqlstore.Open(ctx, cfg.DSN, cfg.Logger)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, db: db, metrics: newMetrics()}
	db.SetObserver(a.metrics.observeStore)
	if err := a.build(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) build(ctx context.Context) error {
	cfg := a.cfg
	var err error
	if a.Staff, err = staff.NewService(staff.Config{Store: a.db.Staff(), Clock: cfg.Clock, Cases: a.cases()}); err != nil {
		return err
	}
	if a.Warranties, err = warranty.NewService(warranty.Config{Store: a.db.Warranties(), Clock: cfg.Clock, Directory: orgDirectory{a.Staff}}); err != nil {
		return err
	}
	if a.Requests, err = aftersales.NewService(aftersales.Config{Store: a.db.Requests(), Clock: cfg.Clock,
		Directory: orgDirectory{a.Staff}, Organisation: orgDirectory{a.Staff}, Coverage: a.Warranties,
		Number: a.numberer(cfg.RequestPrefix)}); err != nil {
		return err
	}
	a.Warranties = a.Warranties.WithRequests(a.Requests)
	if a.Complaints, err = complaint.NewService(complaint.Config{Store: a.db.Complaints(), Clock: cfg.Clock,
		Organisation: orgDirectory{a.Staff}, Number: a.numberer(cfg.ComplaintPrefix)}); err != nil {
		return err
	}
	loader := &calendarLoader{notices: a.db.Notices(), requests: a.Requests, complaints: a.Complaints, warranties: a.Warranties, clock: cfg.Clock}
	cal, err := loader.restore(ctx)
	if err != nil {
		return fmt.Errorf("restoring loaded notices: %w", err)
	}
	a.Requests.SetCalendar(cal)
	a.Complaints.SetCalendar(cal)
	a.Warranties.SetCalendar(cal)

	auth := &tokenAuth{tokens: a.db.Tokens(), clock: cfg.Clock, staff: a.Staff, ttl: cfg.OrgCacheTTL}
	a.auth = auth
	if a.AdminToken, err = auth.bootstrapAdmin(ctx, cfg.AdminToken); err != nil {
		return fmt.Errorf("admin token: %w", err)
	}
	if err := a.bootstrapOrganisation(ctx); err != nil {
		return err
	}
	if err := a.bringForward(ctx); err != nil {
		return err
	}
	fileStore := newFiles(a.db.Files(), cfg.Clock) // one set of decoding slots for the desk and the API
	uploadSlots := make(chan struct{}, 4)          // and one bound on the uploads read at once
	imports := ledgeraudit.Stores{Requests: a.db.Requests(), Complaints: a.db.Complaints(), Clock: cfg.Clock}
	apiHandler := api.New(api.Config{Requests: a.Requests, Complaints: a.Complaints, Warranties: a.Warranties, Staff: a.Staff,
		Auth: auth, Tokens: auth, Calendar: loader, Health: a.db.Probe, Clock: cfg.Clock, Logger: cfg.Logger, Ledger: imports,
		Feed: feedReader{a.db}, Privacy: privacy{db: a.db, clock: cfg.Clock}, Notices: cfg.NoticeHealth, Files: apiFiles{fileStore}, UploadSlots: uploadSlots})
	webCfg := web.Config{Requests: a.Requests, Complaints: a.Complaints, Warranties: a.Warranties, Staff: a.Staff,
		Auth: auth, Blobs: a.db.Blobs(), Clock: cfg.Clock, Logger: cfg.Logger, Secure: cfg.SecureCookies, Ledger: imports,
		Sessions:   &sessionAuth{store: a.db.Sessions(), tokens: auth, clock: cfg.SessionClock, idle: cfg.SessionIdle, max: cfg.SessionMax},
		SessionMax: cfg.SessionMax, TrustedOrigins: cfg.TrustedOrigins, Privacy: privacy{db: a.db, clock: cfg.Clock},
		Deliveries: deliveries{a.db.Deliveries()}, Files: fileStore, UploadSlots: uploadSlots,
		Links: links{a: a, life: cmp.Or(cfg.LinkLife, 30*24*time.Hour)}, TokenDesk: tokenDesk{a}, Calendar: loader, PublicURL: cfg.PublicURL, SendLink: cfg.SendLink}
	if cfg.AdjustWeb != nil {
		cfg.AdjustWeb(&webCfg)
	}
	webHandler := web.New(webCfg)
	// The JSON API under /api/v1/ and the health check; /metrics to the
	// bearer of the metrics token; the web pages elsewhere. Every request
	// is logged and counted (observe).
	metricsHandler := metricsAuth(cfg.MetricsToken, a.metrics.handler())
	a.handler = a.observe(a.byNumber(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/v1/") || r.URL.Path == "/healthz":
			apiHandler.ServeHTTP(w, r)
		case cfg.Callbacks[r.URL.Path] != nil:
			r.Pattern = r.URL.Path
			cfg.Callbacks[r.URL.Path].ServeHTTP(w, r)
		case r.URL.Path == "/metrics" && r.Method == http.MethodGet:
			r.Pattern = "GET /metrics"
			metricsHandler.ServeHTTP(w, r)
		default:
			webHandler.ServeHTTP(w, r)
		}
	})))
	if cfg.SchedulerInterval >= 0 {
		// Every notice also goes on the desks of the people responsible
		// ("我的工作"), whatever else is configured.
		desk := &notify.Desk{Log: a.db.Deliveries(), Now: cfg.Clock.Now, Rules: &notify.Router{Org: a.Staff.Organisation,
			Chain: func() []complaint.Level { return a.Complaints.Policy().Chain }}}
		a.Scheduler, err = scheduler.New(scheduler.Config{Requests: a.Requests, Complaints: a.Complaints, Warranties: a.Warranties,
			Notifier: scheduler.MultiNotifier{cfg.Notifier, desk}, Claims: a.db.Claims(), Clock: cfg.Clock, Owner: cfg.Instance, Interval: cfg.SchedulerInterval,
			Lease: cfg.SchedulerLease, ReportsSince: complaint.MonthOf(cfg.Clock.Now()).Prev(), Logger: cfg.Logger, AfterTick: a.afterTick,
			Changes: requestChanges{a.db}})
		if err != nil {
			return err
		}
	}
	return nil
}

// bootstrapOrganisation puts the administrator into an empty organisation
// as the general manager, so that the organisation can be built through the
// API.
func (a *App) bootstrapOrganisation(ctx context.Context) error {
	o, err := a.Staff.Organisation(ctx)
	if err != nil || len(o.People) > 0 {
		return err
	}
	p := adminPrincipal.Actor
	_, err = a.Staff.PutPerson(ctx, staff.Person{ID: p.ID, Name: p.Name, Role: p.Role, Active: true}, p)
	if errors.Is(err, aftersales.ErrConflict) {
		return nil // another instance did it first
	}
	return err
}

// Handler returns the server's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Deliveries returns the notices' outbox, for the notification Router's
// Log (notify.Router.Log).
func (a *App) Deliveries() *sqlstore.Deliveries { return a.db.Deliveries() }

// Dialect says which database the app runs on.
func (a *App) Dialect() string { return a.db.Dialect() }

// Close closes the database.
func (a *App) Close() error { return a.db.Close() }

// Serve serves HTTP on ln and runs the scheduler until ctx is done, then
// shuts down gracefully: in-flight requests get up to 10 seconds.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	timed := timeLimited(a.handler, handlerTimeout)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/files") {
				// A phone on a slow network sends its photos for minutes:
				// an upload gets longer than the 15-second read and the
				// 20-second handling the rest of the server allows.
				rc := http.NewResponseController(w)
				_ = rc.SetReadDeadline(time.Now().Add(uploadTime))
				_ = rc.SetWriteDeadline(time.Now().Add(uploadTime + 30*time.Second))
				a.handler.ServeHTTP(w, r)
				return
			}
			timed.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.cfg.Logger.Handler(), slog.LevelWarn),
	}
	maxConns := a.cfg.MaxConns
	if maxConns <= 0 {
		maxConns = DefaultMaxConns
	}
	// The feed's readers take their position before the server takes a
	// write: a new one starts at the feed's end, passing nothing over.
	var readers []*feedhook.Dispatcher
	for _, r := range a.readers {
		d := &feedhook.Dispatcher{Feed: a.db, Claims: a.db.Claims(), Name: r.name, Deliver: r.deliver, FromEnd: true,
			Instance: a.cfg.Instance, Logger: a.cfg.Logger, Batch: 20}
		if err := d.Prime(ctx); err != nil {
			return fmt.Errorf("feed reader %s: %w", r.name, err)
		}
		readers = append(readers, d)
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(netutil.LimitListener(ln, maxConns)) }()
	schedCtx, stopSched := context.WithCancel(ctx)
	defer stopSched()
	if a.cfg.EventsWebhook != "" {
		d := &feedhook.Dispatcher{Feed: a.db, Claims: a.db.Claims(), URL: a.cfg.EventsWebhook, Key: a.cfg.EventsWebhookKey,
			Instance: a.cfg.Instance, Logger: a.cfg.Logger}
		go d.Run(schedCtx, 2*time.Second)
	}
	for _, d := range readers {
		go d.Run(schedCtx, 2*time.Second)
	}
	if a.Scheduler != nil {
		go func() {
			if err := a.Scheduler.Run(schedCtx); err != nil {
				a.cfg.Logger.Error("scheduler stopped", "err", err)
			}
		}()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.cfg.Logger.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stopSched()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// handlerTimeout is how long a request other than an upload may take.
const handlerTimeout = 20 * time.Second

// timeLimited answers a request h has not answered within d with 503 and
// the API's error body (code "timeout"), as JSON with Retry-After, as
// every other refusal of the server is. The same goes for a request whose
// connection gave up first (a body that arrives too slowly for the
// server's read timeout): the TimeoutHandler answers that one with 503 and
// no body.
func timeLimited(h http.Handler, d time.Duration) http.Handler {
	const body = `{"code":"timeout","message":"请求处理超时，请稍后重试"}`
	timed := http.TimeoutHandler(h, d, body)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := &timeoutAnswer{ResponseWriter: w}
		timed.ServeHTTP(t, r)
		if t.refused && !t.wrote {
			_, _ = io.WriteString(w, body)
		}
	})
}

// timeoutAnswer gives the TimeoutHandler's 503 its headers. The handler
// writes that answer on this, the outer writer, with no header of its
// own; an answer of the handler itself comes with its Content-Type, and
// is left as it is.
type timeoutAnswer struct {
	http.ResponseWriter
	refused, wrote bool // the TimeoutHandler's 503; a body written
}

func (t *timeoutAnswer) WriteHeader(code int) {
	if h := t.Header(); code == http.StatusServiceUnavailable && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Retry-After", "5")
		t.refused = true
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *timeoutAnswer) Write(b []byte) (int, error) {
	t.wrote = t.wrote || len(b) > 0
	return t.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the writer underneath.
func (t *timeoutAnswer) Unwrap() http.ResponseWriter { return t.ResponseWriter }
