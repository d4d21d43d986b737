package juspay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Values of the fault suite. Each secret is distinctive, so that finding it in
// an error or a log can only mean it leaked.
const (
	relAPIKey     = "key_rel_9f8e7d6c5b4a3921"
	relMerchantID = "merchant_rel"
	relCustomerID = "jane.doe@example.com" // passed to GetCustomer
	relObjRef     = "ref-user-00042-x"
	relEmail      = "priya.sharma@example.org"
	relMobile     = "9876501234"
	relFirstName  = "Priyanka"
	relToken      = "tkn_4b7c9e1f2a3d5e6f"

	relDuplicateBody = `{"error_message":"Customer with given object reference id already exist for your account.",` +
		`"status":"invalid_request_error","error_code":"unique","error_info":{"user_message":"Already exists.",` +
		`"developer_message":"...","code":"ALREADY_EXISTS","category":"USER_ERROR"}}`
	relNotFoundBody = `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error",` +
		`"error_code":"object_not_found","error_info":{"code":"RESOURCE_NOT_FOUND"}}`
)

// relClient builds a client for baseURL with a fast backoff (1ms to 5ms); opts
// come after and may override it.
func relClient(t *testing.T, baseURL string, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithBaseURL(baseURL), WithRetryBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := NewClient(relAPIKey, relMerchantID, all...)
	require.NoError(t, err)
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// relGet calls GetCustomer for relCustomerID.
func relGet(ctx context.Context, c *Client) (*Customer, error) {
	return c.GetCustomer(ctx, &GetCustomerRequest{CustomerID: relCustomerID})
}

// relCreateRequest is a valid create carrying every secret the logs must not show.
func relCreateRequest(token bool) *CreateCustomerRequest {
	return &CreateCustomerRequest{
		ObjectReferenceID:  relObjRef,
		MobileNumber:       relMobile,
		MobileCountryCode:  "91",
		EmailAddress:       relEmail,
		FirstName:          relFirstName,
		LastName:           "Sharma",
		GetClientAuthToken: token,
	}
}

// relCustomerJSON is a customer as Juspay answers it, with a token when asked.
func relCustomerJSON(id, ref string, token bool) string {
	m := map[string]any{
		"id": id, "object": "customer", "object_reference_id": ref,
		"mobile_country_code": "91", "mobile_number": relMobile, "email_address": relEmail,
		"first_name": relFirstName, "last_name": "Sharma",
		"date_created": "2020-03-17T14:13:37Z", "last_updated": "2016-08-02T08:07:52+0000",
	}
	if token {
		m["juspay"] = map[string]any{"client_auth_token": relToken, "client_auth_token_expiry": "2030-01-01T00:15:00Z"}
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// relWrite answers status with body: JSON when it starts with '{', else HTML.
func relWrite(w http.ResponseWriter, status int, body string) {
	if w.Header().Get("Content-Type") == "" && body != "" {
		if strings.HasPrefix(body, "{") {
			w.Header().Set("Content-Type", "application/json")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// relStep is one scripted answer.
type relStep struct {
	status int
	body   string
	header http.Header
}

// relSrv is an httptest server that counts the requests (attempts) it gets.
type relSrv struct {
	*httptest.Server
	hits        atomic.Int32
	newConns    atomic.Int32
	closedConns atomic.Int32
}

// relStart starts h behind a request and connection counter.
func relStart(t *testing.T, h http.HandlerFunc) *relSrv {
	t.Helper()
	s := &relSrv{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.newConns.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.closedConns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// relScripted answers the steps in turn, the last one for ever after.
func relScripted(t *testing.T, steps ...relStep) *relSrv {
	t.Helper()
	require.NotEmpty(t, steps)
	var n atomic.Int32
	return relStart(t, func(w http.ResponseWriter, _ *http.Request) {
		st := steps[min(int(n.Add(1)), len(steps))-1]
		for k, v := range st.header {
			w.Header()[k] = v
		}
		relWrite(w, st.status, st.body)
	})
}

// relOK is a 200 answer with a customer.
func relOK() relStep {
	return relStep{status: http.StatusOK, body: relCustomerJSON("cst_rel0001", relCustomerID, false)}
}

// relAPIError requires err to be an *APIError.
func relAPIError(t *testing.T, err error) *APIError {
	t.Helper()
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	return ae
}

// relRequestError requires err to be a *RequestError.
func relRequestError(t *testing.T, err error) *RequestError {
	t.Helper()
	var re *RequestError
	require.ErrorAs(t, err, &re)
	return re
}

// relNoCustomerID asserts the error text holds no trace of relCustomerID.
func relNoCustomerID(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	msg := err.Error()
	for _, s := range []string{relCustomerID, "jane.doe", "example.com", "%40"} {
		assert.NotContains(t, msg, s, "error text leaks the customer id")
	}
}

// relRefusedURL is an http:// URL on which nothing listens.
func relRefusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return "http://" + addr
}

// relHang is a TCP server that accepts connections, reads, and never answers.
type relHang struct {
	URL      string
	accepted atomic.Int32
}

func relHangingServer(t *testing.T) *relHang {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	h := &relHang{URL: "http://" + ln.Addr().String()}
	var (
		mu    sync.Mutex
		conns []net.Conn
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			h.accepted.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return h
}

// relEventuallyCount waits (briefly) until n reaches want, then asserts it is want.
func relEventuallyCount(t *testing.T, n *atomic.Int32, want int32, what string) {
	t.Helper()
	assert.Eventually(t, func() bool { return n.Load() >= want }, 2*time.Second, 5*time.Millisecond, what)
	assert.Equal(t, want, n.Load(), what)
}

// relStore is a small fake of the customer API for the create-retry cases.
type relStore struct {
	*relSrv
	t         *testing.T
	firstPost string // how the first POST is met: "" (normally), "lost502", "lostHang", "429"
	get503    int32  // how many GETs are answered 503 first

	posts, gets atomic.Int32
	mu          sync.Mutex
	byRef       map[string]string // object_reference_id → id
	getQueries  []string
	getRouting  []string
}

func newRelStore(t *testing.T, firstPost string, get503 int32, existing ...string) *relStore {
	t.Helper()
	s := &relStore{t: t, firstPost: firstPost, get503: get503, byRef: map[string]string{}}
	for _, ref := range existing {
		s.byRef[ref] = fmt.Sprintf("cst_rel%04d", len(s.byRef)+1)
	}
	s.relSrv = relStart(t, s.serve)
	return s
}

func (s *relStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byRef)
}

func (s *relStore) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/customers":
		n := s.posts.Add(1)
		if err := r.ParseForm(); err != nil {
			relWrite(w, http.StatusBadRequest, `{"status":"error","error_message":"bad form"}`)
			return
		}
		ref := r.PostForm.Get("object_reference_id")
		token := r.PostForm.Get("options.get_client_auth_token") == "true"
		if n == 1 && s.firstPost == "429" {
			w.Header().Set("Retry-After", "0")
			relWrite(w, http.StatusTooManyRequests, `{"status":"error","error_message":"Too many requests"}`)
			return
		}
		s.mu.Lock()
		id, exists := s.byRef[ref]
		if !exists {
			id = fmt.Sprintf("cst_rel%04d", len(s.byRef)+1)
			s.byRef[ref] = id
		}
		s.mu.Unlock()
		if exists {
			relWrite(w, http.StatusBadRequest, relDuplicateBody)
			return
		}
		switch {
		case n == 1 && s.firstPost == "lost502":
			relWrite(w, http.StatusBadGateway, "<html><body>502 Bad Gateway</body></html>")
		case n == 1 && s.firstPost == "lostHang":
			<-r.Context().Done() // the client gives up: the answer is lost
		default:
			relWrite(w, http.StatusOK, relCustomerJSON(id, ref, token))
		}
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/customers/"):
		n := s.gets.Add(1)
		s.mu.Lock()
		s.getQueries = append(s.getQueries, r.URL.RawQuery)
		s.getRouting = append(s.getRouting, r.Header.Get("X-Routing-Id"))
		s.mu.Unlock()
		if n <= s.get503 {
			relWrite(w, http.StatusServiceUnavailable, `{"status":"error","error_message":"Service Unavailable"}`)
			return
		}
		key := strings.TrimPrefix(r.URL.Path, "/customers/")
		s.mu.Lock()
		id, ref := "", ""
		for rf, i := range s.byRef {
			if rf == key || i == key {
				id, ref = i, rf
			}
		}
		s.mu.Unlock()
		if id == "" {
			relWrite(w, http.StatusNotFound, relNotFoundBody)
			return
		}
		relWrite(w, http.StatusOK, relCustomerJSON(id, ref, r.URL.Query().Get("options.get_client_auth_token") == "true"))
	default:
		s.t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		relWrite(w, http.StatusNotFound, relNotFoundBody)
	}
}

// relBig answers status with a huge body (total bytes, or endless when total
// < 0) in 1 MiB chunks and reports how its writing ended.
type relBig struct {
	written atomic.Int64
	ended   chan error // the handler's first write error, or nil if it wrote everything
}

func relBigHandler(status int, total int64) (http.HandlerFunc, *relBig) {
	b := &relBig{ended: make(chan error, 1)}
	piece := []byte("<p>xxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p>\n")
	chunk := bytes.Repeat(piece, (1<<20)/len(piece)+1)[:1<<20]
	const endlessCap = 1 << 30 // a safety stop for the endless body
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if total >= 0 {
			w.Header().Set("Content-Length", strconv.FormatInt(total, 10))
		}
		w.WriteHeader(status)
		var err error
		for err == nil && ((total >= 0 && b.written.Load() < total) || (total < 0 && b.written.Load() < endlessCap)) {
			var n int
			n, err = w.Write(chunk)
			b.written.Add(int64(n))
		}
		if err == nil {
			err = http.NewResponseController(w).Flush()
		}
		b.ended <- err
	}, b
}

// relWaitWriteFailed asserts the big handler's writing failed (the client
// closed the connection) within a loose bound, before it sent everything.
func relWaitWriteFailed(t *testing.T, b *relBig, total int64) {
	t.Helper()
	select {
	case err := <-b.ended:
		assert.Error(t, err, "the server wrote the whole body: the client did not close the connection")
	case <-time.After(5 * time.Second):
		t.Error("the server was still writing 5s after the call returned")
	}
	if total > 0 {
		assert.Less(t, b.written.Load(), total, "the server pushed the whole body")
	}
}

// relLogRecord is one JSON log record.
type relLogRecord map[string]any

func relParseLog(t *testing.T, b []byte) []relLogRecord {
	t.Helper()
	var recs []relLogRecord
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var r relLogRecord
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			return recs
		}
		require.NoError(t, err)
		recs = append(recs, r)
	}
}
