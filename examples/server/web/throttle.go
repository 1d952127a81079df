package web

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Failed logins — and customer links that lead nowhere, a link being a
// token — are slowed down per client address: each address may fail
// LoginBurst times at once, and earns one more try every LoginEvery (a
// token bucket), so that guessing tokens from one address goes at about
// six tries a minute. A login attempted with no try left is answered 429
// with Retry-After at once, never held: others are not slowed down, and a
// correct token from a throttled address waits like a wrong one. A
// successful login does not refill the bucket. The limiter lives in the
// process (each instance counts its own) and forgets an address once its
// bucket is full again.
const (
	LoginBurst = 5
	LoginEvery = 10 * time.Second
	// loginAddrs bounds the addresses remembered; past it the fullest
	// buckets are forgotten first (they are the least throttled).
	loginAddrs = 10000
)

// loginLimiter is the token bucket of failed logins per address.
type loginLimiter struct {
	mu    sync.Mutex
	addrs map[string]*loginBucket
}

type loginBucket struct {
	tries float64   // tries left at at
	at    time.Time // when tries was last computed
}

func newLoginLimiter() *loginLimiter { return &loginLimiter{addrs: map[string]*loginBucket{}} }

// left returns b's tries at now.
func (b *loginBucket) left(now time.Time) float64 {
	d := now.Sub(b.at)
	if d < 0 {
		d = 0
	}
	return min(LoginBurst, b.tries+float64(d)/float64(LoginEvery))
}

// wait returns how long addr must wait before its next try, 0 if it may
// try now.
func (l *loginLimiter) wait(addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.addrs[addr]
	if b == nil {
		return 0
	}
	left := b.left(now)
	if left >= 1 {
		return 0
	}
	return time.Duration((1 - left) * float64(LoginEvery))
}

// fail takes a try from addr's bucket.
func (l *loginLimiter) fail(addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.addrs[addr]
	if b == nil {
		if len(l.addrs) >= loginAddrs {
			l.prune(now)
		}
		b = &loginBucket{tries: LoginBurst, at: now}
		l.addrs[addr] = b
	}
	b.tries, b.at = max(0, b.left(now)-1), now
}

// prune forgets the addresses whose buckets are full again, and if that is
// not enough, every address: a flood of addresses must not grow memory.
func (l *loginLimiter) prune(now time.Time) {
	for a, b := range l.addrs {
		if b.left(now) >= LoginBurst {
			delete(l.addrs, a)
		}
	}
	if len(l.addrs) >= loginAddrs {
		clear(l.addrs)
	}
}

// clientAddr is the address a login is counted under: the connection's
// IP. (Behind a reverse proxy every client shares the proxy's address;
// limit logins at the proxy too.)
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// tooManyLogins answers 429 with Retry-After.
func (h *Handler) tooManyLogins(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	h.errorPage(w, r, nil, http.StatusTooManyRequests, "登录失败次数过多，请 "+strconv.Itoa(secs)+" 秒后再试")
}

// sessionMax is the sessions' absolute timeout (Config.SessionMax).
func (h *Handler) sessionMax() time.Duration {
	if h.cfg.SessionMax > 0 {
		return h.cfg.SessionMax
	}
	return 12 * time.Hour
}
