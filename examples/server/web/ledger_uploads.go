package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
)

// How long and how much the desk keeps of uploaded ledgers: long enough to
// read the result, download the report and import, and no more. They are
// kept in this server's memory only: behind several instances without
// sticky sessions, a result page may have to be uploaded again.
const (
	ledgerKeep       = 30 * time.Minute
	ledgerMaxBytes   = 64 << 20
	ledgerMaxEntries = 32
)

// ledgerUpload is an uploaded ledger, kept for its result page: the file,
// the options it was judged with (so that its report and import judge it
// the same), what was found, and what an import kept.
type ledgerUpload struct {
	key, owner string
	up         ledgeraudit.Upload
	opt        ledgeraudit.Options
	res        ledgeraudit.Result
	imported   *ledgeraudit.ImportResult
	at         time.Time
	size       int
}

// ledgerUploads keeps uploads by a random key, for their owner only, for
// ledgerKeep, within ledgerMaxBytes and ledgerMaxEntries (the oldest go
// first). It is safe for concurrent use.
type ledgerUploads struct {
	mu      sync.Mutex
	entries map[string]*ledgerUpload
	bytes   int
}

func newLedgerUploads() *ledgerUploads { return &ledgerUploads{entries: map[string]*ledgerUpload{}} }

// put keeps e and returns its key.
func (c *ledgerUploads) put(e ledgerUpload, now time.Time) string {
	var raw [18]byte
	_, _ = rand.Read(raw[:])
	e.key, e.at = base64.RawURLEncoding.EncodeToString(raw[:]), now
	e.size = len(e.up.Ledger) + len(e.up.Mapping) + 512*(len(e.res.Rows)+len(e.res.Refused)+1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(now)
	for len(c.entries) > 0 && (len(c.entries) >= ledgerMaxEntries || c.bytes+e.size > ledgerMaxBytes) {
		c.dropOldest()
	}
	c.entries[e.key] = &e
	c.bytes += e.size
	return e.key
}

// get returns a copy of the upload under key if owner uploaded it and it
// is still kept.
func (c *ledgerUploads) get(key, owner string, now time.Time) (ledgerUpload, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(now)
	e, ok := c.entries[key]
	if !ok || e.owner != owner {
		return ledgerUpload{}, false
	}
	return *e, true
}

// imported records what an import of the upload under key kept.
func (c *ledgerUploads) imported(key string, res *ledgeraudit.ImportResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		e.imported = res
	}
}

func (c *ledgerUploads) expire(now time.Time) {
	for k, e := range c.entries {
		if now.Sub(e.at) > ledgerKeep || now.Before(e.at.Add(-ledgerKeep)) {
			c.drop(k)
		}
	}
}

func (c *ledgerUploads) dropOldest() {
	var oldest *ledgerUpload
	for _, e := range c.entries {
		if oldest == nil || e.at.Before(oldest.at) {
			oldest = e
		}
	}
	c.drop(oldest.key)
}

func (c *ledgerUploads) drop(key string) {
	if e, ok := c.entries[key]; ok {
		c.bytes -= e.size
		delete(c.entries, key)
	}
}
