package juspaytest

import (
	"sync"
	"time"
)

// clock is the server's time source: base (time.Now or WithClock's), shifted
// by advance, or frozen by set.
type clock struct {
	mu     sync.Mutex
	base   func() time.Time
	frozen bool
	at     time.Time     // the time while frozen
	offset time.Duration // added to base while not frozen
}

func newClock(base func() time.Time) *clock { return &clock{base: base} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.at
	}
	return c.base().Add(c.offset)
}

// set freezes the clock at t.
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen, c.at = true, t
}

// advance moves a frozen clock by d, or adds d to a running one's offset.
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = c.at.Add(d)
		return
	}
	c.offset += d
}

// reset puts the clock back on its base, unfrozen and without offset.
func (c *clock) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen, c.offset = false, 0
}
