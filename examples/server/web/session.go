package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
)

// The cookies.
const (
	sessionCookie = "shouhou_session"    // the random session ID (Sessions), never the API token
	loginCookie   = "shouhou_login_csrf" // the login form's double-submit token
	linkCookie    = "shouhou_link_csrf"  // the customer link's confirmation token
	csrfField     = "csrf_token"
)

// Sessions keeps the desk's sessions on the server: the cookie holds a
// random session ID, never the API token the person signed in with. Start
// begins a session for a valid API token and returns its ID; Authenticate
// resolves an ID to who it stands for (an error of kind
// aftersales.KindUnavailable when it could not be checked, any other when
// there is no such session any more: ended, idle too long, too old, or its
// token revoked or expired); End ends it, so that its cookie no longer
// works anywhere.
type Sessions interface {
	Start(ctx context.Context, token string) (id string, err error)
	Authenticate(ctx context.Context, id string) (api.Principal, error)
	End(ctx context.Context, id string) error
}

// user is who is signed in.
type user struct {
	api.Principal
	Token    string // the API token of a customer's link (customerLink); never rendered
	Session  string // the session ID of a signed-in user; never rendered
	Name     string
	Desk     bool // the after-sales department or the general manager
	Customer bool
}

// RoleLabel returns the user's role in Chinese.
func (u *user) RoleLabel() string { return u.Actor.Role.Label() }

// Head reports whether the user is the after-sales head or the general
// manager.
func (u *user) Head() bool {
	return u.Actor.Role == aftersales.RoleAfterSalesHead || u.Actor.Role == aftersales.RoleGeneralManager
}

// actor is what the user acts as in the library: customers act under their
// customer ID, as in the API.
func (u *user) actor() aftersales.Actor {
	a := u.Actor
	if a.Role == aftersales.RoleCustomer && u.CustomerID != "" {
		a.ID = u.CustomerID
	}
	if a.Name == "" {
		a.Name = u.Name
	}
	return a
}

// validCSRF compares a submitted token with the expected one in constant
// time.
func validCSRF(got, want string) bool {
	return want != "" && hmac.Equal([]byte(got), []byte(want))
}

// principal resolves the session cookie.
func (h *Handler) principal(r *http.Request) (*user, bool) {
	u, err := h.session(r)
	return u, err == nil
}

// session returns the signed-in user, errNoSession when there is none, or
// a storage failure (aftersales.ErrUnavailable) when the session could not
// be checked.
func (h *Handler) session(r *http.Request) (*user, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 512 || h.cfg.Sessions == nil {
		return nil, errNoSession
	}
	p, err := h.cfg.Sessions.Authenticate(r.Context(), c.Value)
	if errors.Is(err, aftersales.ErrUnavailable) {
		return nil, err
	}
	if err != nil {
		return nil, errNoSession
	}
	u := h.userFor(r.Context(), p)
	u.Session = c.Value
	return u, nil
}

// errNoSession is a missing or invalid session or token.
var errNoSession = errors.New("no valid session")

func (h *Handler) resolve(ctx context.Context, token string) (*user, bool) {
	u, err := h.check(ctx, token)
	return u, err == nil
}

// check resolves a token to its user: errNoSession for a token that is not
// valid, the storage failure when it could not be checked.
func (h *Handler) check(ctx context.Context, token string) (*user, error) {
	if h.cfg.Auth == nil || len(token) > 512 {
		return nil, errNoSession
	}
	p, err := h.cfg.Auth.Authenticate(ctx, token)
	if errors.Is(err, aftersales.ErrUnavailable) {
		return nil, err
	}
	if err != nil {
		return nil, errNoSession
	}
	u := h.userFor(ctx, p)
	u.Token = token
	return u, nil
}

// userFor returns the user p stands for, with the name to greet them by.
func (h *Handler) userFor(ctx context.Context, p api.Principal) *user {
	u := &user{Principal: p, Name: p.Actor.Name, Desk: p.Actor.IsAfterSales(),
		Customer: p.Actor.Role == aftersales.RoleCustomer}
	if u.Name == "" && !u.Customer && h.cfg.Staff != nil {
		if o, err := h.cfg.Staff.Organisation(ctx); err == nil {
			if person, ok := o.Person(p.Actor.ID); ok {
				u.Name = person.Name
			}
		}
	}
	if u.Name == "" && u.Customer && p.CustomerID != "" && h.cfg.Requests != nil {
		// A customer is known by the name on their requests.
		if rs, err := h.cfg.Requests.List(ctx, aftersales.Query{CustomerID: p.CustomerID, Limit: 1}); err == nil && len(rs) > 0 {
			u.Name = rs[0].Customer.Name
		}
	}
	if u.Name == "" {
		u.Name = p.Actor.ID
		if u.Customer && p.CustomerID != "" {
			u.Name = "客户 " + p.CustomerID
		}
	}
	return u
}

type userHandler func(w http.ResponseWriter, r *http.Request, u *user)

// authed requires a session. Cross-site posts never get here: the
// cross-origin protection around the whole handler refuses them (New).
func (h *Handler) authed(fn userHandler) http.HandlerFunc { return h.authedWithin(maxForm, fn) }

// authedUploads is authed for the forms that send files: up to
// maxUpload bytes, read by the handler as a multipart stream.
func (h *Handler) authedUploads(fn userHandler) http.HandlerFunc {
	return h.authedWithin(maxUpload, fn)
}

// authedWithin is authed taking a posted body of at most limit bytes.
func (h *Handler) authedWithin(limit int64, fn userHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := h.session(r)
		if errors.Is(err, aftersales.ErrUnavailable) {
			// The session could not be checked: storage trouble, not a
			// logged-out user.
			h.unavailablePage(w, r, err)
			return
		}
		if err != nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			h.errorPage(w, r, nil, http.StatusUnauthorized, "登录已失效，请重新登录")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if err := r.ParseForm(); err != nil {
				h.errorPage(w, r, u, http.StatusRequestEntityTooLarge, "提交的内容过大或格式错误")
				return
			}
		}
		fn(w, r, u)
	}
}

// staffOnly admits company staff; a customer is sent to their own page.
func (h *Handler) staffOnly(fn userHandler) http.HandlerFunc {
	return h.authed(h.notForCustomers(fn))
}

// notForCustomers answers a customer that the page does not exist, and
// lets the company's people through.
func (h *Handler) notForCustomers(fn userHandler) userHandler {
	return func(w http.ResponseWriter, r *http.Request, u *user) {
		if u.Customer {
			h.errorPage(w, r, u, http.StatusNotFound, "页面不存在或无权查看")
			return
		}
		fn(w, r, u)
	}
}

// customerOnly admits customers.
func (h *Handler) customerOnly(fn userHandler) http.HandlerFunc {
	return h.authed(func(w http.ResponseWriter, r *http.Request, u *user) {
		if !u.Customer {
			http.Redirect(w, r, "/queue", http.StatusSeeOther)
			return
		}
		fn(w, r, u)
	})
}

// maxForm bounds a form post: a drawn signature is at most 2 MiB, about
// 2.7 MiB as a data URL.
const maxForm = 3 << 20

// startSession starts a server-side session for the API token and sets
// its cookie; false when it could not (the error page is written).
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, token string) bool {
	if h.cfg.Sessions == nil {
		h.errorPage(w, r, nil, http.StatusServiceUnavailable, "本服务器未启用登录会话")
		return false
	}
	id, err := h.cfg.Sessions.Start(r.Context(), token)
	if err == nil {
		// A session this browser had before (another person's, or the same
		// customer's through another link) ends: one browser, one session.
		if old, cerr := r.Cookie(sessionCookie); cerr == nil && old.Value != "" && len(old.Value) <= 512 {
			if eerr := h.cfg.Sessions.End(r.Context(), old.Value); eerr != nil {
				h.cfg.Logger.WarnContext(r.Context(), "ending the previous session failed", "err", eerr)
			}
		}
	}
	if errors.Is(err, aftersales.ErrUnavailable) {
		h.unavailablePage(w, r, err)
		return false
	}
	if err != nil {
		h.errorPage(w, r, nil, http.StatusUnauthorized, "访问令牌无效或已过期，请重新登录")
		return false
	}
	// The cookie lives no longer than the session can; the server decides
	// (idle and absolute timeouts, logout) whatever the cookie says.
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: h.cfg.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(h.sessionMax().Seconds())})
	return true
}

func (h *Handler) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: h.cfg.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

type loginData struct {
	Form *form
	Next string
}

// loginPage shows the login form with a fresh double-submit token.
func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.principal(r); ok {
		h.home(w, r)
		return
	}
	f := newForm("login", "/login")
	h.renderLogin(w, r, http.StatusOK, f, safeNext(r.URL.Query().Get("next")))
}

func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, f *form, next string) {
	var raw [24]byte
	_, _ = rand.Read(raw[:])
	tok := base64.RawURLEncoding.EncodeToString(raw[:])
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: h.cfg.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: 30 * 60})
	h.render(w, r, status, "login", pageData{Title: "登录", CSRFToken: tok, Data: loginData{Form: f, Next: next}})
}

// login checks the token typed in and starts a session.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.errorPage(w, r, nil, http.StatusBadRequest, "提交的内容过大或格式错误")
		return
	}
	// The double-submit token stays on the login form: a login post needs
	// no session, so the SameSite=Strict session cookie is no second layer
	// here, and the cross-origin protection lets through a post that
	// carries neither Sec-Fetch-Site nor Origin (older browsers, the IE
	// mode of some desk browsers); the token refuses such a forged login.
	c, err := r.Cookie(loginCookie)
	if err != nil || !validCSRF(r.PostForm.Get(csrfField), c.Value) {
		h.errorPage(w, r, nil, http.StatusForbidden, "表单已过期或来源不明（CSRF 校验失败），请返回登录页刷新后重新提交")
		return
	}
	client := clientAddr(r)
	if wait := h.logins.wait(client, time.Now()); wait > 0 {
		h.tooManyLogins(w, r, wait)
		return
	}
	f := formFrom("login", "/login", r.PostForm)
	next := safeNext(r.PostForm.Get("next"))
	token := strings.TrimSpace(r.PostForm.Get("token"))
	if token == "" {
		f.Errors["token"] = "请输入访问令牌"
		h.renderLogin(w, r, http.StatusBadRequest, f, next)
		return
	}
	u, err := h.check(r.Context(), token)
	if errors.Is(err, aftersales.ErrUnavailable) {
		h.unavailablePage(w, r, err)
		return
	}
	if err != nil {
		h.logins.fail(client, time.Now())
		f.Values.Set("token", "")
		f.Errors["token"] = "访问令牌无效，请核对后重试"
		h.renderLogin(w, r, http.StatusUnauthorized, f, next)
		return
	}
	if !h.startSession(w, r, token) {
		return
	}
	h.clearCookie(w, loginCookie)
	if u.Customer || next == "" {
		next = h.startPage(r, u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// logout ends the session on the server, so that its cookie no longer
// works, wherever it was copied to, and clears the cookie.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request, u *user) {
	if err := h.cfg.Sessions.End(r.Context(), u.Session); err != nil {
		h.unavailablePage(w, r, err)
		return
	}
	h.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/login?ok=logout", http.StatusSeeOther)
}

// customerLink signs a customer in from their own link, /c/{token}. The
// page it answers sets the cookie and moves on to /portal by itself (a
// same-site navigation, so that the SameSite=Strict cookie goes along even
// when the link was opened from another site), leaving the token out of
// the address bar and out of any Referer.
//
// Someone else already signed in on this browser (a member of staff, or
// another customer) is not signed out silently: they are asked first, and
// the link's session starts only when they confirm with a POST carrying
// the page's double-submit token, as the login form does. (A link opened
// from another site brings no SameSite=Strict session cookie along, so
// there the session is not seen, and is replaced.)
func (h *Handler) customerLink(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	// A link is a token: guessing links is throttled like guessing tokens
	// at the login form.
	client := clientAddr(r)
	if wait := h.logins.wait(client, time.Now()); wait > 0 {
		h.tooManyLogins(w, r, wait)
		return
	}
	u, ok := h.resolve(r.Context(), r.PathValue("token"))
	if !ok || !u.Customer {
		if h.cfg.Links != nil {
			if at, expired := h.cfg.Links.ExpiredAt(r.Context(), r.PathValue("token")); expired {
				// A real link that has run out: say so, and how to get a new one.
				h.errorPage(w, r, nil, http.StatusGone, "此链接已于 "+fmtTime(at)+" 过期。请联系售后管理部，他们可以给您发一个新的链接。")
				return
			}
		}
		h.logins.fail(client, time.Now())
		h.errorPage(w, r, nil, http.StatusNotFound, "链接无效或已失效，请联系售后管理部获取新的链接")
		return
	}
	if cur, ok := h.principal(r); ok && (!cur.Customer || cur.CustomerID != u.CustomerID) {
		var raw [24]byte
		_, _ = rand.Read(raw[:])
		tok := base64.RawURLEncoding.EncodeToString(raw[:])
		http.SetCookie(w, &http.Cookie{Name: linkCookie, Value: tok, Path: "/c/", HttpOnly: true, Secure: h.cfg.Secure,
			SameSite: http.SameSiteStrictMode, MaxAge: 30 * 60})
		h.render(w, r, http.StatusOK, "link_confirm", pageData{Title: "切换身份", CSRFToken: tok,
			Data: linkConfirmData{Current: cur, Customer: u, Action: "/c/" + u.Token}})
		return
	}
	h.startCustomerSession(w, r, u)
}

type linkConfirmData struct {
	Current  *user // who is signed in now
	Customer *user // whose link it is
	Action   string
}

// confirmCustomerLink starts the link's session once the person signed in
// before has confirmed.
func (h *Handler) confirmCustomerLink(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.errorPage(w, r, nil, http.StatusBadRequest, "提交的内容过大或格式错误")
		return
	}
	c, err := r.Cookie(linkCookie)
	if err != nil || !validCSRF(r.PostForm.Get(csrfField), c.Value) {
		h.errorPage(w, r, nil, http.StatusForbidden, "表单已过期或来源不明（CSRF 校验失败），请重新打开您的专属链接")
		return
	}
	u, ok := h.resolve(r.Context(), r.PathValue("token"))
	if !ok || !u.Customer {
		h.errorPage(w, r, nil, http.StatusNotFound, "链接无效或已失效，请联系售后管理部获取新的链接")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: linkCookie, Value: "", Path: "/c/", HttpOnly: true, Secure: h.cfg.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	h.startCustomerSession(w, r, u)
}

// startCustomerSession sets the customer's session cookie and answers the
// page that moves on to /portal.
func (h *Handler) startCustomerSession(w http.ResponseWriter, r *http.Request, u *user) {
	if !h.startSession(w, r, u.Token) {
		return
	}
	h.render(w, r, http.StatusOK, "continue", pageData{Title: "正在进入", Data: "/portal"})
}

// safeNext keeps a redirect target on this site: a path that starts with
// exactly one slash, with no scheme, host or user information, and with no
// control character, DEL or backslash, either as sent or once decoded
// (browsers drop tabs and newlines from a URL and read a backslash as a
// slash, which would turn /<TAB>/evil.example into //evil.example).
// Anything else gives "", the default page.
func safeNext(s string) string {
	bad := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c == 0x7f || c == '\\' {
				return true
			}
		}
		return false
	}
	if s == "" || len(s) > 2048 || bad(s) || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || bad(u.Path) {
		return ""
	}
	return s
}
