package juspay_test

// The harness of the property tests (property_test.go) and of the sequence
// tests (sequence_test.go): the fake Juspay behind a front server that lets
// someone else act on the fake just before a request reaches it, a client
// whose JSON log is kept, and what one step sent and met.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// someoneElse is the User-Agent suffix of the harness's other client: its
// requests are not the client under test's.
const someoneElse = "someone-else"

// harness is a fake Juspay and a front server before it. A client of the
// front reaches the fake through it; the front runs the action set with
// beforeNext just before the next request to a route reaches the fake.
type harness struct {
	fake  *juspaytest.Server
	front *httptest.Server
	// other is someone else: another client of the same merchant, which
	// calls the fake directly.
	other *juspay.Client

	mu     sync.Mutex
	before map[juspaytest.Route]func()
	conns  map[net.Conn]http.ConnState // the front's connections and their states
	// unaccepted are the connections dial made that the front has not
	// accepted yet, and unknown those it accepted that dial has not
	// reported yet, by the client's address.
	unaccepted, unknown map[string]bool
	inflight            atomic.Int64 // requests the front is serving
}

// newHarness starts a fake Juspay with opts and a front server before it;
// both close when the test ends.
func newHarness(t testing.TB, opts ...juspaytest.Option) *harness {
	t.Helper()
	fake := juspaytest.NewServer(append([]juspaytest.Option{juspaytest.WithCredentials(testAPIKey, testMerchantID)}, opts...)...)
	t.Cleanup(fake.Close)
	h := &harness{fake: fake, before: map[juspaytest.Route]func(){}, conns: map[net.Conn]http.ConnState{},
		unaccepted: map[string]bool{}, unknown: map[string]bool{},
		other: fake.Client(fastRetries(), juspay.WithUserAgent(someoneElse))}
	h.front = httptest.NewUnstartedServer(http.HandlerFunc(h.serveHTTP))
	h.front.Config.ConnState = h.connState
	h.front.Start()
	t.Cleanup(h.front.Close) // before the fake's: cleanups run last in, first out
	return h
}

func (h *harness) connState(c net.Conn, s http.ConnState) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch s {
	case http.StateNew:
		if addr := c.RemoteAddr().String(); h.unaccepted[addr] {
			delete(h.unaccepted, addr)
		} else {
			h.unknown[addr] = true
		}
	case http.StateClosed, http.StateHijacked:
		delete(h.conns, c)
		return
	}
	h.conns[c] = s
}

// dial connects to the front as net.Dialer does, and notes the connection
// until the front accepts it: a request the client gave up on before then
// may still reach the fake.
func (h *harness) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if local := c.LocalAddr().String(); h.unknown[local] {
		delete(h.unknown, local)
	} else {
		h.unaccepted[local] = true
	}
	return c, nil
}

// busy reports whether the front serves a request, or has a connection
// (made by dial, or accepted) that may carry one it has not read yet.
func (h *harness) busy() bool {
	if h.inflight.Load() != 0 {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.unaccepted) > 0 {
		return true
	}
	for _, s := range h.conns {
		if s == http.StateNew || s == http.StateActive {
			return true
		}
	}
	return false
}

func (h *harness) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h.inflight.Add(1)
	defer h.inflight.Add(-1)
	h.mu.Lock()
	route := juspaytest.RouteOf(r)
	act := h.before[route]
	delete(h.before, route)
	h.mu.Unlock()
	if act != nil {
		h.asSomeoneElse(act)
	}
	h.fake.Handler().ServeHTTP(w, r)
}

// beforeNext makes the front run act, once, before the next request to
// route reaches the fake.
func (h *harness) beforeNext(route juspaytest.Route, act func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.before[route] = act
}

// clearBefore drops the actions not run yet.
func (h *harness) clearBefore() {
	h.mu.Lock()
	defer h.mu.Unlock()
	clear(h.before)
}

// asSomeoneElse runs act with the pending faults set aside, so that
// someone else's requests take none of them.
func (h *harness) asSomeoneElse(act func()) {
	pending := h.fake.Faults()
	h.fake.ClearFaults()
	defer func() {
		for _, p := range pending {
			h.fake.InjectFault(p.Route, p.Left, p.Fault)
		}
	}()
	act()
}

// client returns a client of the front with the test credentials, fast
// retries and opts.
func (h *harness) client(t testing.TB, opts ...juspay.Option) *juspay.Client {
	t.Helper()
	c, err := juspay.NewClient(testAPIKey, testMerchantID,
		append([]juspay.Option{juspay.WithBaseURL(h.front.URL), fastRetries()}, opts...)...)
	require.NoError(t, err)
	return c
}

// settle waits until the front is not busy: an attempt the client gave up
// on is then either applied by the fake or dropped, for good.
func (h *harness) settle(t require.TestingT) {
	deadline := time.Now().Add(5 * time.Second)
	for h.busy() {
		if time.Now().After(deadline) {
			require.Fail(t, "the front still serves a request, or has not accepted a connection, after 5s")
		}
		time.Sleep(time.Millisecond)
	}
}

// ownRequests returns the requests the fake recorded, but someone else's.
func (h *harness) ownRequests() []juspaytest.Request {
	var out []juspaytest.Request
	for _, r := range h.fake.Requests() {
		if !strings.HasSuffix(r.Header.Get("User-Agent"), someoneElse) {
			out = append(out, r)
		}
	}
	return out
}

// logBuffer is where a client's JSON log goes; safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// from returns the log written from offset on, and the offset of its end.
func (l *logBuffer) from(offset int) (string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b.Bytes()[offset:]), l.b.Len()
}

// logger logs every level as JSON into l.
func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// logRecords decodes JSON log lines.
func logRecords(t require.TestingT, text string) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &rec), "a log line is not one JSON object: %q", sc.Text())
		out = append(out, rec)
	}
	require.NoError(t, sc.Err())
	return out
}

// trial is what the client under test sent in one step and which fault,
// if any, took each request.
type trial struct {
	injected map[juspaytest.Route][]juspaytest.Fault // each fault as many times as its count
	reqs     []juspaytest.Request                    // the client's, in order
	faults   []*juspaytest.Fault                     // the fault that took reqs[i], nil for none
	records  []map[string]any                        // the client's log records
}

func newTrial() *trial { return &trial{injected: map[juspaytest.Route][]juspaytest.Fault{}} }

// inject makes f take the next n requests to route, and notes it.
func (tr *trial) inject(h *harness, route juspaytest.Route, n int, f juspaytest.Fault) {
	h.fake.InjectFault(route, n, f)
	for range n {
		tr.injected[route] = append(tr.injected[route], f)
	}
}

// read takes the requests the client sent, and pairs each faulted one with
// the fault next in its route's queue.
func (tr *trial) read(h *harness) {
	tr.reqs = h.ownRequests()
	tr.faults = make([]*juspaytest.Fault, len(tr.reqs))
	next := map[juspaytest.Route]int{}
	for i, r := range tr.reqs {
		if !r.Faulted {
			continue
		}
		queue := tr.injected[r.Route]
		if k := next[r.Route]; k < len(queue) {
			tr.faults[i] = &queue[k]
			next[r.Route] = k + 1
		}
	}
}

// to returns the indexes of the requests to route.
func (tr *trial) to(route juspaytest.Route) []int {
	var out []int
	for i, r := range tr.reqs {
		if r.Route == route {
			out = append(out, i)
		}
	}
	return out
}

// mayHaveLanded reports whether an attempt at route before the last one
// may have been acted on, as the client's log tells what each met: an
// answer other than 429 (the one answer that says nothing was done), or
// none after the connection was made. (The fake's recording cannot tell:
// an attempt may time out before its request is read, or be read late.)
func (tr *trial) mayHaveLanded(route juspaytest.Route) bool {
	var met []map[string]any // what each attempt at route met, in order
	for _, rec := range tr.records {
		if rec["msg"] == "juspay request" && fmt.Sprint(rec["method"], " ", rec["path"]) == string(route) {
			met = append(met, rec)
		}
	}
	for _, rec := range met[:max(len(met)-1, 0)] {
		dialed := !strings.Contains(fmt.Sprint(rec["error"]), "dial")
		if status := rec["status"]; status != float64(http.StatusTooManyRequests) && (status != float64(0) || dialed) {
			return true
		}
	}
	return false
}
