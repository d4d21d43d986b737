package juspaytest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Fault is what the server does instead of, or besides, answering a request
// normally. Inject one with InjectFault or the shorthands after it. A fault
// takes a request after routing and before any check (auth, Content-Type,
// routing id), as a proxy in front of Juspay would, unless AfterStore is set.
type Fault struct {
	// Status, when not 0, is the status to answer with instead of the
	// normal answer. Default 0: no status of its own.
	Status int
	// Body is the body sent with Status. Empty means the status text (e.g.
	// "Bad Gateway") as text/plain. A body starting with "{" is sent as
	// application/json, any other as text/plain, unless Header says otherwise.
	Body string
	// Header is added to the answer, e.g. {"Retry-After": {"2"}}; its
	// values replace the server's own for the same keys. Default none.
	Header http.Header
	// Delay is how long the server waits before doing anything else with
	// the request. If the client goes away or the server is closed first,
	// the wait ends and the connection is closed without an answer. Default
	// none.
	Delay time.Duration
	// Drop makes the server close the connection without answering (the
	// client sees the connection end, typically io.EOF). Default false.
	Drop bool
	// AfterStore makes the server first serve the request normally (a
	// create is checked and stored) and only then answer Status and Body, or
	// drop the connection: "the answer was lost". With neither Status nor
	// Drop, the normal answer is sent. Default false.
	AfterStore bool
}

// Always, given as the count to InjectFault or a shorthand, makes the fault
// take every request to its route until ClearFaults.
const Always = -1

type queuedFault struct {
	f    Fault
	left int // < 0: forever
}

// InjectFault makes f take the next n requests to route (every one if n is
// Always; nothing happens if n is 0). Faults for one route queue up in the
// order injected: the first one takes its n requests, then the next. It
// panics if route is not one of RouteCreate, RouteGet, RouteUpdate.
//
// Go's http.Transport may itself resend a request that met a dropped
// connection it had reused (a GET, or any request with an Idempotency-Key
// header); such a resend takes the next fault in turn.
func (s *Server) InjectFault(route Route, n int, f Fault) {
	switch route {
	case RouteCreate, RouteGet, RouteUpdate:
	default:
		panic("juspaytest: InjectFault: unknown route " + string(route))
	}
	if n == 0 {
		return
	}
	if n < 0 {
		n = Always
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.faults[route] = append(s.st.faults[route], &queuedFault{f: f, left: n})
}

// FailNext makes the next n requests to route answer status with body
// (empty: the status text) without being served.
func (s *Server) FailNext(route Route, n, status int, body string) {
	s.InjectFault(route, n, Fault{Status: status, Body: body})
}

// ThrottleNext makes the next n requests to route answer 429 Too Many
// Requests with the header Retry-After: retryAfter (seconds or an HTTP date;
// empty sends no Retry-After).
func (s *Server) ThrottleNext(route Route, n int, retryAfter string) {
	f := Fault{Status: http.StatusTooManyRequests}
	if retryAfter != "" {
		f.Header = http.Header{"Retry-After": {retryAfter}}
	}
	s.InjectFault(route, n, f)
}

// DropNext makes the server close the connection of the next n requests to
// route without answering them.
func (s *Server) DropNext(route Route, n int) {
	s.InjectFault(route, n, Fault{Drop: true})
}

// DelayNext makes the next n requests to route wait d before being served
// normally.
func (s *Server) DelayNext(route Route, n int, d time.Duration) {
	s.InjectFault(route, n, Fault{Delay: d})
}

// LoseAnswerNext makes the next n requests to route be served (a create is
// stored) and then answered 502 Bad Gateway instead: the case of an answer
// lost on its way back.
func (s *Server) LoseAnswerNext(route Route, n int) {
	s.InjectFault(route, n, Fault{AfterStore: true, Status: http.StatusBadGateway})
}

// ClearFaults removes every fault not yet used up, on every route.
func (s *Server) ClearFaults() {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	clear(s.st.faults)
}

// takeFault returns the fault that takes the next request to route, if any,
// and counts it used.
func (st *state) takeFault(route Route) *Fault {
	st.mu.Lock()
	defer st.mu.Unlock()
	q := st.faults[route]
	if len(q) == 0 {
		return nil
	}
	head := q[0]
	if head.left > 0 {
		head.left--
		if head.left == 0 {
			st.faults[route] = q[1:]
		}
	}
	f := head.f
	return &f
}

// serveFault applies f to a request; serve is the normal handling.
func (st *state) serveFault(w http.ResponseWriter, r *http.Request, f *Fault, serve func(http.ResponseWriter)) {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			panic(http.ErrAbortHandler) // closes the connection, logs nothing
		case <-st.closed:
			panic(http.ErrAbortHandler)
		}
	}
	var normal *httptest.ResponseRecorder
	if f.AfterStore {
		normal = httptest.NewRecorder()
		serve(normal)
	}
	switch {
	case f.Drop:
		drop(w)
	case f.Status != 0:
		body := f.Body
		if body == "" {
			body = http.StatusText(f.Status)
		}
		ct := "text/plain; charset=utf-8"
		if strings.HasPrefix(body, "{") {
			ct = "application/json"
		}
		for k, vs := range f.Header {
			w.Header().Del(k)
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		if w.Header().Get("Content-Type") != "" {
			ct = w.Header().Get("Content-Type")
		}
		writeBody(w, f.Status, ct, []byte(body))
	case normal != nil:
		for k, v := range normal.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(normal.Code)
		_, _ = w.Write(normal.Body.Bytes())
	default:
		serve(w)
	}
}

// drop closes the connection under w without answering.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
