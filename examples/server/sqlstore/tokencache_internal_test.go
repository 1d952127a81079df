package sqlstore

import (
	"testing"
	"time"
)

// TestTokenCacheEntriesExpire: a cached token is served for tokenTTL, then
// read again; a read under a generation a reset has passed is not kept,
// nor one while the cache is not live.
func TestTokenCacheEntriesExpire(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	c := newTokenCache(true, func() time.Time { return now })
	tok := Token{Hash: "h", PersonID: "u-li"}
	c.put(c.begin(), tok)
	if got, ok := c.get("h"); !ok || got.PersonID != "u-li" {
		t.Fatalf("not cached: %v %v", got, ok)
	}
	now = now.Add(tokenTTL - time.Second)
	if _, ok := c.get("h"); !ok {
		t.Fatal("expired early")
	}
	now = now.Add(time.Second)
	if _, ok := c.get("h"); ok {
		t.Fatal("served after tokenTTL")
	}
	gen := c.begin()
	c.reset()
	c.put(gen, tok)
	if _, ok := c.get("h"); ok {
		t.Fatal("a read from before a reset was kept")
	}
	off := false
	c.setLive(&off)
	c.put(c.begin(), tok)
	if _, ok := c.get("h"); ok {
		t.Fatal("cached while not live")
	}
}
