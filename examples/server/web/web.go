package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

//go:embed static
var staticFS embed.FS

// Blobs keeps small binary objects: the signatures customers draw on
// screen. sqlstore.Blobs implements it. Put refuses anything but a PNG or
// JPEG image of at most 2 MiB with a KindInvalid error; GetMeta returns a
// blob with who stored it (Put's by), and GetMeta and Delete a KindNotFound
// error for an unknown ID.
type Blobs interface {
	Put(ctx context.Context, contentType string, data []byte, by string) (id string, err error)
	GetMeta(ctx context.Context, id string) (contentType string, data []byte, createdBy string, err error)
	Delete(ctx context.Context, id string) error
}

// Config wires the web pages to the library's services.
type Config struct {
	Requests   *aftersales.Service
	Complaints *complaint.Service
	Warranties *warranty.Service
	Staff      *staff.Service
	Auth       api.Authenticator
	// Sessions keeps the sessions of people signed in; nil: nobody can
	// sign in.
	Sessions Sessions
	// SessionMax is the session cookie's lifetime, the sessions' absolute
	// timeout; default 12 hours. The server ends sessions itself (Sessions).
	SessionMax time.Duration
	// TrustedOrigins are origins besides the server's own (as in
	// "https://erp.example.com") whose pages may post forms to it; the
	// cross-origin protection refuses every other cross-origin post.
	TrustedOrigins []string
	Blobs          Blobs
	// Files are the files kept with requests and complaints, listed on
	// their pages and served at /files/{id} to whoever may see the
	// record; nil: none.
	Files  Files
	Clock  aftersales.Clock // default the system clock
	Logger *slog.Logger     // default slog.Default()
	// Secure marks the cookies Secure, for a server behind HTTPS.
	Secure bool
	// SignatureSlots bounds how many drawn signatures are decoded at once
	// (each may take 8 MB): its capacity is the bound. A signature that
	// finds no free slot is answered "busy" rather than queued. Default: a
	// fresh channel of capacity 2.
	SignatureSlots chan struct{}
	// Calendar loads a year's holiday notice from the desk; nil: only
	// the one compiled in.
	Calendar api.CalendarLoader
	// TokenDesk issues, lists and revokes the people's access tokens on
	// the staff page; nil: tokens only through the API.
	TokenDesk TokenDesk
	// Links issues, lists and revokes customers' links from a record's
	// page (the after-sales department); nil: none.
	Links Links
	// PublicURL is the address customers reach the server at, which their
	// links start with; empty: the address a request came to.
	PublicURL string
	// SendLink, if set, texts a customer their link (number is the record's
	// readable number); nil: links are shown to copy or scan only.
	SendLink func(ctx context.Context, phone, number, link string) error
	// UploadSlots bounds how many uploads are read at once (each may hold
	// 100 MB in memory): its capacity is the bound. An upload that finds
	// no free slot is answered "busy" (503) rather than queued. Share one
	// channel with the API's (api.Config.UploadSlots) for one bound.
	// Default: a fresh channel of capacity 4.
	UploadSlots chan struct{}
	// AfterSignaturePut, if set, runs between storing a drawn signature and
	// recording the acceptance. It exists for tests of that window.
	AfterSignaturePut func(requestID, blobID string)
	// Ledger keeps the rows of a ledger uploaded for audit as records (the
	// 导入为记录 button); nil offers no import.
	Ledger ledgeraudit.Importer
	// Privacy answers a customer's request to export or erase their
	// personal data (the customer page); nil offers neither.
	Privacy api.Privacy
	// Deliveries lists the notices' deliveries for the delivery log page
	// and each record's page; nil shows neither.
	Deliveries Deliveries
	// MaxLedger bounds a ledger upload, the ledger and its mapping file
	// together, in bytes; default ledgeraudit.DefaultMaxUpload (10 MiB).
	MaxLedger int64
}

// Handler serves the web pages.
type Handler struct {
	cfg    Config
	mux    *http.ServeMux
	pages  map[string]*pageTemplate
	static http.Handler
	// ledgers keeps uploaded ledgers for their result pages.
	ledgers *ledgerUploads
	// root is mux behind the standard library's cross-origin protection.
	root http.Handler
	// logins slows down repeated failed logins per client address.
	logins *loginLimiter
}

// New returns the web handler.
func New(cfg Config) *Handler {
	if cfg.Clock == nil {
		cfg.Clock = aftersales.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.UploadSlots == nil {
		cfg.UploadSlots = make(chan struct{}, 4)
	}
	if cfg.SignatureSlots == nil {
		cfg.SignatureSlots = make(chan struct{}, 2)
	}
	sub, _ := fs.Sub(staticFS, "static")
	h := &Handler{cfg: cfg, mux: http.NewServeMux(), pages: parsePages(), static: http.StripPrefix("/static/", http.FileServerFS(sub)),
		ledgers: newLedgerUploads(), logins: newLoginLimiter()}
	h.routes()
	// The standard library's cross-origin protection refuses every
	// unsafe request (POST and the like) that a browser says comes from
	// another origin (Sec-Fetch-Site, else Origin against Host): a forged
	// form post from another site is answered 403 before any handler
	// runs. Signed-in forms carry no token of their own: this, with the
	// SameSite=Strict session cookie, guards them.
	cop := http.NewCrossOriginProtection()
	for _, o := range cfg.TrustedOrigins {
		_ = cop.AddTrustedOrigin(o) // checked by the caller (app.Config)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.errorPage(w, r, nil, http.StatusForbidden, "请求来源不明（跨站提交已拒绝），请回到本站页面重新提交")
	}))
	h.root = cop.Handler(h.mux)
	return h
}

// ServeHTTP implements http.Handler: it sets the security headers and
// turns a panic into a 500 page without details.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	defer func() {
		if v := recover(); v != nil {
			h.cfg.Logger.ErrorContext(r.Context(), "panic serving page", "method", r.Method, "path", logPath(r), "panic", v)
			if !sw.wrote {
				h.errorPage(sw, r, nil, http.StatusInternalServerError, "服务器内部错误，请稍后重试")
			}
		}
		h.cfg.Logger.Debug("web", "method", r.Method, "path", logPath(r), "status", sw.status, "took", time.Since(start))
	}()
	h.root.ServeHTTP(sw, r)
}

// logPath is the path to log: a customer's link carries their token, which
// stays out of the log, however the path is written (//c/…, /./c/…,
// /x/../c/…).
func logPath(r *http.Request) string {
	p := r.URL.Path
	if strings.Contains(p, "/c/") || strings.HasPrefix(path.Clean(p), "/c/") {
		return "/c/…"
	}
	return p
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	w.status, w.wrote = code, true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (h *Handler) routes() {
	m := h.mux
	m.Handle("GET /static/", h.cacheStatic(h.static))
	m.HandleFunc("GET /{$}", h.home)
	m.HandleFunc("GET /login", h.loginPage)
	m.HandleFunc("POST /login", h.login)
	m.HandleFunc("POST /logout", h.authed(h.logout))
	m.HandleFunc("GET /c/{token}", h.customerLink)
	m.HandleFunc("POST /c/{token}", h.confirmCustomerLink)

	// The desk.
	m.HandleFunc("GET /queue", h.staffOnly(h.queue))
	m.HandleFunc("GET /requests", h.staffOnly(h.listRequests))
	m.HandleFunc("GET /requests/new", h.staffOnly(h.newRequest))
	m.HandleFunc("POST /requests", h.staffOnly(h.registerRequest))
	m.HandleFunc("GET /requests/{id}", h.authed(h.requestPage))
	m.HandleFunc("GET /requests/{id}/print", h.staffOnly(h.requestPrint))
	m.HandleFunc("GET /requests/{id}/signature", h.authed(h.signature))
	m.HandleFunc("GET /my", h.authed(h.myWork))
	m.HandleFunc("GET /start", h.staffOnly(h.firstRun))
	m.HandleFunc("POST /requests/{id}/links", h.authed(h.onRecord(h.pageRequest, h.linkTo)))
	m.HandleFunc("POST /requests/{id}/links/revoke", h.authed(h.onRecord(h.pageRequest, h.revokeLinkOf)))
	m.HandleFunc("POST /complaints/{id}/links", h.authed(h.onRecord(h.pageComplaint, h.linkTo)))
	m.HandleFunc("POST /complaints/{id}/links/revoke", h.authed(h.onRecord(h.pageComplaint, h.revokeLinkOf)))
	m.HandleFunc("GET /files/{id}", h.authed(h.file))
	m.HandleFunc("GET /files/{id}/thumb", h.authed(h.thumb))
	m.HandleFunc("POST /requests/{id}/files", h.authedUploads(h.onRecord(h.pageRequest, h.uploadTo)))
	m.HandleFunc("POST /complaints/{id}/files", h.authedUploads(h.onRecord(h.pageComplaint, h.uploadTo)))
	m.HandleFunc("POST /portal/requests/{id}/files", h.authedUploads(h.onRecord(h.pagePortalRequest, h.uploadTo)))
	m.HandleFunc("POST /warranties/{project}/files", h.authedUploads(h.notForCustomers(h.uploadToWarranty)))
	m.HandleFunc("GET /requests/{id}/files/{file}", h.authed(recordDocs(h, h.loadRequest, requestDocs)))
	m.HandleFunc("POST /requests/{id}/{step}", h.staffOnly(h.requestStep))

	m.HandleFunc("GET /complaints", h.staffOnly(h.listComplaints))
	m.HandleFunc("GET /complaints/new", h.staffOnly(h.newComplaint))
	m.HandleFunc("POST /complaints", h.staffOnly(h.registerComplaint))
	m.HandleFunc("GET /complaints/{id}", h.staffOnly(h.complaintPage))
	m.HandleFunc("GET /complaints/{id}/print", h.staffOnly(h.complaintPrint))
	m.HandleFunc("GET /complaints/{id}/files/{file}", h.staffOnly(recordDocs(h, h.loadComplaint, complaintDocs)))
	m.HandleFunc("POST /complaints/{id}/{step}", h.staffOnly(h.complaintStep))
	m.HandleFunc("GET /reports/complaints", h.staffOnly(h.complaintReport))
	m.HandleFunc("GET /reports/complaints/files/{file}", h.staffOnly(h.complaintReportFile))
	m.HandleFunc("POST /reports/complaints/{month}/delivery", h.staffOnly(h.deliverReport))

	m.HandleFunc("GET /warranties", h.staffOnly(h.listWarranties))
	m.HandleFunc("GET /warranties/{project}", h.staffOnly(h.warrantyPage))
	m.HandleFunc("POST /warranties", h.staffOnly(h.setUpWarranty))
	m.HandleFunc("POST /warranties/{project}/start", h.staffOnly(h.recordStart))
	m.HandleFunc("POST /warranties/{project}/notice", h.staffOnly(h.recordNotice))
	m.HandleFunc("POST /warranties/{project}/summary-delivery", h.staffOnly(h.deliverSummary))
	m.HandleFunc("POST /warranties/{project}/inspections", h.staffOnly(h.recordInspection))
	m.HandleFunc("GET /warranties/{project}/inspections/{n}/files/{file}", h.staffOnly(h.inspectionFile))
	m.HandleFunc("GET /warranties/{project}/summary", h.staffOnly(h.warrantySummary))
	m.HandleFunc("GET /warranties/{project}/summary/files/{file}", h.staffOnly(h.warrantySummaryFile))

	m.HandleFunc("GET /staff", h.staffOnly(h.staffPage))
	m.HandleFunc("POST /staff/sessions", h.staffOnly(h.recordSession))
	m.HandleFunc("GET /staff/sessions/{id}/files/{file}", h.staffOnly(h.sessionFile))
	m.HandleFunc("POST /staff/assessments", h.staffOnly(h.assess))
	m.HandleFunc("POST /staff/departments", h.staffOnly(h.putDepartment))
	m.HandleFunc("POST /staff/people", h.staffOnly(h.putPerson))
	m.HandleFunc("GET /calendar/notices", h.staffOnly(h.noticePage))
	m.HandleFunc("POST /calendar/notices", h.staffOnly(h.loadNotice))
	m.HandleFunc("POST /staff/tokens", h.staffOnly(h.issueToken))
	m.HandleFunc("POST /staff/tokens/revoke", h.staffOnly(h.revokeToken))
	m.HandleFunc("POST /staff/projects", h.staffOnly(h.putProject))
	m.HandleFunc("POST /staff/appointments", h.staffOnly(h.appoint))
	m.HandleFunc("POST /staff/projects/{project}/file", h.staffOnly(h.fileAppointment))
	m.HandleFunc("POST /staff/head", h.staffOnly(h.changeHead))
	m.HandleFunc("GET /staff/assessments/{id}/files/{file}", h.staffOnly(h.assessmentFile))

	m.HandleFunc("GET /dashboard", h.staffOnly(h.dashboard))
	m.HandleFunc("GET /deliveries", h.staffOnly(h.deliveriesPage))

	m.HandleFunc("GET /customers/{id}", h.staffOnly(h.customerPage))
	m.HandleFunc("POST /customers/{id}/personal-data", h.staffOnly(h.exportCustomer))
	m.HandleFunc("POST /customers/{id}/erase", h.staffOnly(h.eraseCustomer))

	m.HandleFunc("GET /audit/ledger", h.staffOnly(h.ledgerPage))
	m.HandleFunc("POST /audit/ledger", h.uploadLedger) // multipart: checks the session and the token itself
	m.HandleFunc("GET /audit/ledger/{key}", h.staffOnly(h.ledgerResult))
	m.HandleFunc("GET /audit/ledger/{key}/report", h.staffOnly(h.ledgerReport))
	m.HandleFunc("POST /audit/ledger/{key}/import", h.staffOnly(h.ledgerImport))

	// The customer's page.
	m.HandleFunc("GET /portal", h.customerOnly(h.portal))
	m.HandleFunc("GET /portal/requests/{id}", h.customerOnly(h.portalRequest))
	m.HandleFunc("POST /portal/requests/{id}/{step}", h.customerOnly(h.portalStep))

	m.HandleFunc("/", h.notFound)
}

// cacheStatic serves the embedded assets, cacheable for an hour, and no
// directory listing. A name that is not valid UTF-8 or not a valid fs.FS
// path (which the file server would answer with a 500) is not found.
func (h *Handler) cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, "/static/")
		if !ok || name == "." || !utf8.ValidString(name) || !fs.ValidPath(name) {
			h.notFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) now() time.Time { return h.cfg.Clock.Now() }

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	u, _ := h.principal(r)
	h.errorPage(w, r, u, http.StatusNotFound, "页面不存在")
}

// home sends a person to where they work: the queue, the customer's page,
// or the login form.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	u, ok := h.principal(r)
	if !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, h.startPage(r, u), http.StatusSeeOther)
}
