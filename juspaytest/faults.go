package juspaytest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Fault is what the server does instead of, or besides, answering a request
// normally. Inject one with InjectFault or the shorthands after it. A fault
// takes a request after routing and before any check (auth, body, routing
// id), as a proxy in front of Juspay would, unless AfterStore is set.
type Fault struct {
	// Status, when not 0, is the status to answer with instead of the
	// normal answer: 100 to 999. Default 0: no status of its own.
	Status int
	// Body is the body sent with Status. Empty means the status text (e.g.
	// "Bad Gateway") as text/plain. A body starting with "{" is sent as
	// application/json, any other as text/plain, unless Header says otherwise.
	Body string
	// Header is added to the answer, e.g. {"Retry-After": {"2"}}; its
	// values replace the server's own for the same keys. Default none.
	Header http.Header
	// Delay, not negative, is how long the server waits before doing
	// anything else with the request. If the client goes away or the server
	// is closed first, the wait ends and the connection is closed without an
	// answer. Default none.
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

// check tells what is wrong with f, if anything.
func (f Fault) check() error {
	if f.Status != 0 && (f.Status < 100 || f.Status > 999) {
		return fmt.Errorf("Fault.Status %d is neither 0 nor 100 to 999", f.Status)
	}
	if f.Delay < 0 {
		return fmt.Errorf("Fault.Delay %v is negative", f.Delay)
	}
	return nil
}

type queuedFault struct {
	f    Fault
	left int // < 0: forever
}

// faultQueue holds the faults not yet used up, per route, in the order
// injected: at most max of them.
type faultQueue struct {
	mu     sync.Mutex
	max    int
	queues map[Route][]*queuedFault
	count  int // faults queued, on every route
}

func newFaultQueue(max int) *faultQueue {
	return &faultQueue{max: max, queues: map[Route][]*queuedFault{}}
}

// push queues f for the next n requests to route (every one if n < 0); a
// *limitError when max faults are queued already.
func (q *faultQueue) push(route Route, n int, f Fault) error {
	if n == 0 {
		return nil
	}
	n = max(n, Always) // every negative n is Always
	f.Header = f.Header.Clone()
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.count >= q.max {
		return faultsLimit(q.max)
	}
	q.queues[route] = append(q.queues[route], &queuedFault{f: f, left: n})
	q.count++
	return nil
}

// take returns the fault that takes the next request to route, if any, and
// counts it used.
func (q *faultQueue) take(route Route) *Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	queue := q.queues[route]
	if len(queue) == 0 {
		return nil
	}
	head := queue[0]
	if head.left != Always {
		head.left--
		if head.left == 0 {
			q.queues[route] = queue[1:]
			q.count--
		}
	}
	f := head.f
	return &f
}

// PendingFault is a fault not yet used up, as Server.Faults lists it.
type PendingFault struct {
	Route Route
	// Left is how many more requests it takes; Always for every one.
	Left  int
	Fault Fault
}

// pending lists the faults not yet used up, route by route in the order of
// routes, each route's in the order they take requests.
func (q *faultQueue) pending(routes []Route) []PendingFault {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []PendingFault
	for _, route := range routes {
		for _, qf := range q.queues[route] {
			f := qf.f
			f.Header = f.Header.Clone()
			out = append(out, PendingFault{Route: route, Left: qf.left, Fault: f})
		}
	}
	return out
}

func (q *faultQueue) clear() {
	q.mu.Lock()
	defer q.mu.Unlock()
	clear(q.queues)
	q.count = 0
}

// serveFault applies f to a request; serve is the normal handling. closed
// ends a Delay at once when the server is closed.
func serveFault(w http.ResponseWriter, r *http.Request, f *Fault, closed <-chan struct{}, serve func(http.ResponseWriter)) {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			panic(http.ErrAbortHandler) // closes the connection, logs nothing
		case <-closed:
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
		if h := w.Header().Get("Content-Type"); h != "" {
			ct = h
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
		panic(http.ErrAbortHandler) // HTTP/2 or no connection: abort instead
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
