package juspaytest

import "time"

// clock is the server's time source: the base function (time.Now or
// WithClock's), shifted by Advance, or frozen by SetNow. Guarded by state.mu.
type clock struct {
	base   func() time.Time
	frozen bool
	at     time.Time     // the time while frozen
	offset time.Duration // added to base while not frozen
}

func (c *clock) now() time.Time {
	if c.frozen {
		return c.at
	}
	return c.base().Add(c.offset)
}

// Now returns the server's current time: the one it stamps on date_created,
// last_updated and token expiries (which it then cuts to whole seconds, UTC).
// By default it is time.Now; see WithClock, SetNow and Advance.
func (s *Server) Now() time.Time {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	return s.st.clock.now()
}

// SetNow freezes the server's clock at t: it stays there until the next
// SetNow or Advance. By default the clock runs (time.Now, or WithClock's).
func (s *Server) SetNow(t time.Time) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.clock.frozen, s.st.clock.at = true, t
}

// Advance moves the server's clock forward by d (backward if d is negative):
// a frozen clock (see SetNow) stays frozen at its time plus d, and a running
// one keeps running d ahead. Use it to expire client auth tokens (15 minutes)
// without sleeping. By default no offset applies.
func (s *Server) Advance(d time.Duration) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.clock.frozen {
		s.st.clock.at = s.st.clock.at.Add(d)
		return
	}
	s.st.clock.offset += d
}
