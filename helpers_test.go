package juspay_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// The one harness of the call-level tests. A test takes the fake Juspay
// (newFake) to check behaviour against Juspay's documented answers, or an
// httptest server (newServer, answering) for what the fake cannot serve:
// odd bodies, broken connections, exact wire bytes. Either way the client
// it gets retries after a millisecond.
//
// Attempts are counted at the server (or in the client's log where nothing
// answers); elapsed times are asserted only as lower bounds that a wait
// implies, or as generous upper bounds that prove nothing hung.

// The credentials of test clients. The key is distinctive, so that a test
// can check it never leaks.
const (
	testAPIKey     = "sk_SECRETKEY_4f2a9c"
	testMerchantID = "merchant_id"
)

// The page's two sample answers.
const (
	sampleCustomer = `{
  "id": "cst_pcxaymwoh9vbse97",
  "object": "customer",
  "object_reference_id": "customer@gmail.com",
  "mobile_country_code": "91",
  "mobile_number": "9988776655",
  "email_address": "customer@gmail.com",
  "first_name": "John",
  "last_name": "Smith",
  "date_created": "2020-03-17T14:16:31Z",
  "last_updated": "2020-03-17T14:16:31Z"
}`
	sampleCustomerWithToken = `{
  "id": "cst_afdeuvmfhs3j1acm",
  "object": "customer",
  "object_reference_id": "customer@gmail.com",
  "mobile_country_code": "91",
  "mobile_number": "9988776655",
  "email_address": "customer@gmail.com",
  "first_name": "John",
  "last_name": "Smith",
  "date_created": "2020-03-17T14:13:37Z",
  "last_updated": "2020-03-17T14:13:37Z",
  "juspay": {
    "client_auth_token": "tkn_24543c6a278f45d680d09edb32e78061",
    "client_auth_token_expiry": "2020-03-17T14:28:37Z"
  }
}`
)

// minimalRequest is the smallest valid create request, for the customer
// of the page's sample answers.
func minimalRequest() *juspay.CreateCustomerRequest {
	return &juspay.CreateCustomerRequest{ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655"}
}

// fastRetries makes retry waits a millisecond.
func fastRetries() juspay.Option { return juspay.WithRetryBackoff(time.Millisecond, time.Millisecond) }

// newClient returns a client for baseURL with the test credentials and fast
// retries; opts come after, so they win.
func newClient(t *testing.T, baseURL string, opts ...juspay.Option) *juspay.Client {
	t.Helper()
	c, err := juspay.NewClient(testAPIKey, testMerchantID,
		append([]juspay.Option{juspay.WithBaseURL(baseURL), fastRetries()}, opts...)...)
	require.NoError(t, err)
	return c
}

// newFake starts a fake Juspay and returns it with a client wired to it.
func newFake(t *testing.T, opts ...juspay.Option) (*juspaytest.Server, *juspay.Client) {
	t.Helper()
	s := juspaytest.NewServer(juspaytest.WithCredentials(testAPIKey, testMerchantID))
	t.Cleanup(s.Close)
	return s, s.Client(append([]juspay.Option{fastRetries()}, opts...)...)
}

// newServer starts an httptest server running h and returns it with a
// client for it.
func newServer(t *testing.T, h http.HandlerFunc, opts ...juspay.Option) (*httptest.Server, *juspay.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, newClient(t, srv.URL, opts...)
}

// answering starts a server that answers every request with status and
// body (as JSON when it starts with '{'), and records the requests.
func answering(t *testing.T, status int, body string, opts ...juspay.Option) (*recorder, *juspay.Client) {
	t.Helper()
	rec := &recorder{}
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		write(w, status, body)
	}, opts...)
	return rec, c
}

// echoing is answering with an answer about what each request asked for:
// body's identifying members, where it has them, become the request's
// (object_reference_id or id, customer_id, card_token), so that a sample
// answer passes the client's identity check whatever the test asks.
func echoing(t *testing.T, status int, body string, opts ...juspay.Option) (*recorder, *juspay.Client) {
	t.Helper()
	rec := &recorder{}
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		write(w, status, echo(rec.record(r), body))
	}, opts...)
	return rec, c
}

// echo returns body with its identifying members set to what req asked.
func echo(req seen, body string) string {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || dec.More() {
		return body // not one JSON object: as it is
	}
	set := func(key, value string) {
		if _, ok := m[key]; ok {
			m[key] = value
		}
	}
	form, _ := url.ParseQuery(req.Body)
	query, _ := url.ParseQuery(req.RawQuery)
	path := req.EscapedPath // below a base URL's prefix, if any
	for _, root := range []string{"/customers", "/cards", "/card/"} {
		if i := strings.LastIndex(path, root); i >= 0 {
			path = path[i:]
			break
		}
	}
	switch {
	case path == "/customers":
		set("object_reference_id", form.Get("object_reference_id"))
	case path == "/cards":
		set("customer_id", query.Get("customer_id"))
	case path == "/card/delete":
		set("card_token", form.Get("card_token"))
	case strings.HasPrefix(path, "/customers/"):
		id, _ := url.PathUnescape(strings.SplitN(strings.TrimPrefix(path, "/customers/"), "/", 2)[0])
		if strings.HasPrefix(id, "cst_") || strings.HasPrefix(id, "cth_") {
			set("id", id)
		} else {
			set("object_reference_id", id)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return string(b)
}

// writeFor answers r with body made about what r asked (see echo).
func writeFor(w http.ResponseWriter, r *http.Request, status int, body string) {
	write(w, status, echo((&recorder{}).record(r), body))
}

// write answers status with body, as JSON when it starts with '{'.
func write(w http.ResponseWriter, status int, body string) {
	if strings.HasPrefix(body, "{") {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// seen is one request as a test server received it.
type seen struct {
	Method        string
	Path          string // unescaped
	EscapedPath   string
	RawQuery      string
	Header        http.Header
	Body          string
	ContentLength int64
}

// recorder keeps the requests a test server saw; safe for concurrent use.
type recorder struct {
	mu   sync.Mutex
	reqs []seen
}

func (rec *recorder) record(r *http.Request) seen {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(strings.NewReader(string(body))) // for whoever reads it next
	s := seen{
		Method: r.Method, Path: r.URL.Path, EscapedPath: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: string(body), ContentLength: r.ContentLength,
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reqs = append(rec.reqs, s)
	return s
}

func (rec *recorder) all() []seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]seen(nil), rec.reqs...)
}

// only returns the one request the server saw, failing the test otherwise.
func (rec *recorder) only(t *testing.T) seen {
	t.Helper()
	reqs := rec.all()
	require.Len(t, reqs, 1, "requests the server saw")
	return reqs[0]
}

// apiError returns err as an *APIError, failing the test if it is not one.
func apiError(t *testing.T, err error) *juspay.APIError {
	t.Helper()
	var e *juspay.APIError
	require.ErrorAs(t, err, &e)
	return e
}

// requestError returns err as a *RequestError, failing the test if it is
// not one.
func requestError(t *testing.T, err error) *juspay.RequestError {
	t.Helper()
	var e *juspay.RequestError
	require.ErrorAs(t, err, &e)
	return e
}

// validationError requires err to be a *ValidationError for field.
func validationError(t *testing.T, err error, field string) *juspay.ValidationError {
	t.Helper()
	var e *juspay.ValidationError
	require.ErrorAs(t, err, &e)
	require.Equal(t, field, e.Field, "refused field (reason %q)", e.Reason)
	return e
}

// The error bodies Juspay documents for a duplicate and an unknown object
// (spec/juspay-api-facts.md).
const (
	bodyDuplicate = `{"error_message":"Customer with given object reference id already exist for your account.",
 "status":"invalid_request_error","error_code":"unique",
 "error_info":{"user_message":"Already exists.","developer_message":"...","code":"ALREADY_EXISTS","category":"USER_ERROR"}}`
	bodyNotFound = `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error","error_code":"object_not_found",
 "error_info":{"code":"RESOURCE_NOT_FOUND"}}`
)

// faultCustomerID is the id the call tests look customers up by: an
// e-mail, as the page suggests object_reference_ids may be, so that finding
// it in an error or a log can only mean it leaked.
const faultCustomerID = "jane.doe@example.com"

// The operations of the calls, as their errors name them.
const (
	opGet    = "GetCustomer GET /customers/{id}"
	opCreate = "CreateCustomer POST /customers"
)

// lookupRequest asks for the customer faultCustomerID.
func lookupRequest() *juspay.GetCustomerRequest {
	return &juspay.GetCustomerRequest{CustomerID: faultCustomerID}
}

// reply is one scripted answer of a test server.
type reply struct {
	status int
	body   string
	header http.Header
}

// okReply answers the page's sample customer.
func okReply() reply { return reply{status: http.StatusOK, body: sampleCustomer} }

// replies starts a server that answers the replies in turn (each made
// about what its request asked, see echo), the last one
// for ever after, and records the requests.
func replies(t *testing.T, opts []juspay.Option, rs ...reply) (*recorder, *juspay.Client) {
	t.Helper()
	require.NotEmpty(t, rs)
	rec := &recorder{}
	var n atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		req := rec.record(r)
		rp := rs[min(int(n.Add(1)), len(rs))-1]
		for k, v := range rp.header {
			w.Header()[k] = v
		}
		write(w, rp.status, echo(req, rp.body))
	}, opts...)
	return rec, c
}

// checkErrorText asserts what every error of a call must hold: one line,
// naming the call and the path template, without the customer id (in any
// form), the API key or an e-mail address.
func checkErrorText(t *testing.T, err error, op string) {
	t.Helper()
	require.Error(t, err)
	for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)} {
		assert.NotContains(t, text, "\n", "error text is not one line")
		assert.NotContains(t, text, "\r", "error text is not one line")
		assert.Contains(t, text, op, "error text does not name the call and path template")
		for _, secret := range []string{
			faultCustomerID, "jane.doe", "example.com", "%40",
			testAPIKey, "SECRETKEY", base64.StdEncoding.EncodeToString([]byte(testAPIKey + ":")),
			"user42@example", "priya.sharma",
		} {
			assert.NotContains(t, text, secret, "error text leaks a secret")
		}
	}
}

// refusedURL is an http:// URL on which nothing listens.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return "http://" + addr
}

// stalled starts a server that never answers: each request waits until the
// client goes away (or the test ends). It records the requests.
func stalled(t *testing.T, o ...juspay.Option) (*recorder, *juspay.Client) {
	t.Helper()
	rec := &recorder{}
	release := make(chan struct{})
	_, c := newServer(t, func(_ http.ResponseWriter, r *http.Request) {
		rec.record(r)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}, o...)
	t.Cleanup(func() { close(release) }) // runs before the server closes
	return rec, c
}

// logCapture is a slog.Handler that keeps every record and may act on each
// as it is logged (onRecord runs in the logging goroutine).
type logCapture struct {
	mu       sync.Mutex
	recs     []capturedRecord
	onRecord func(capturedRecord)
}

type capturedRecord struct {
	Level slog.Level
	Msg   string
	Attrs map[string]slog.Value
}

func (h *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (h *logCapture) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *logCapture) WithGroup(string) slog.Handler            { return h }

func (h *logCapture) Handle(_ context.Context, r slog.Record) error {
	rec := capturedRecord{Level: r.Level, Msg: r.Message, Attrs: map[string]slog.Value{}}
	r.Attrs(func(a slog.Attr) bool {
		rec.Attrs[a.Key] = a.Value.Resolve()
		return true
	})
	h.mu.Lock()
	h.recs = append(h.recs, rec)
	h.mu.Unlock()
	if h.onRecord != nil {
		h.onRecord(rec)
	}
	return nil
}

func (h *logCapture) logger() *slog.Logger { return slog.New(h) }

// records returns the records with message msg.
func (h *logCapture) records(msg string) []capturedRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []capturedRecord
	for _, r := range h.recs {
		if r.Msg == msg {
			out = append(out, r)
		}
	}
	return out
}

// waits returns the "wait" of every "juspay retry" record.
func (h *logCapture) waits(t *testing.T) []time.Duration {
	t.Helper()
	var out []time.Duration
	for _, r := range h.records("juspay retry") {
		v, ok := r.Attrs["wait"]
		require.True(t, ok, "a retry record without wait: %v", r.Attrs)
		require.Equal(t, slog.KindDuration, v.Kind(), "wait is not a duration")
		out = append(out, v.Duration())
	}
	return out
}

// cancelOnRetry returns a context that is cancelled as the client logs its
// first retry, before it starts waiting: the wait is logged, never slept.
func cancelOnRetry(t *testing.T, h *logCapture) context.Context {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h.onRecord = func(r capturedRecord) {
		if r.Msg == "juspay retry" {
			cancel()
		}
	}
	return ctx
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// bind returns a call of the method m (such as (*juspay.Client).ListCards)
// with req, in the form the tables of calls hold.
func bind[R, T any](m func(*juspay.Client, context.Context, R) (T, error), req R) func(*juspay.Client) (any, error) {
	return func(c *juspay.Client) (any, error) { return m(c, context.Background(), req) }
}

// isNilResult reports whether a call's result, held in an interface, is nil.
func isNilResult(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// refusal is a call that must be refused for field before any I/O.
type refusal struct {
	name  string
	field string
	do    func(c *juspay.Client) (any, error)
}

// checkRefusals runs each call against a server answering answer, and
// checks it is refused for its field with no result and nothing sent.
func checkRefusals(t *testing.T, answer string, cases []refusal) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := answering(t, http.StatusOK, answer)
			got, err := tc.do(c)
			assert.True(t, isNilResult(got), "a value came back")
			validationError(t, err, tc.field)
			assert.ErrorIs(t, err, juspay.ErrValidation)
			assert.Empty(t, rec.all(), "a request was sent")
		})
	}
}

// checkFailed200 asserts what a 200 the call cannot use gives: a
// *RequestError with the status, matching sentinel, no *APIError, after the
// one attempt, with a clean text.
func checkFailed200(t *testing.T, err error, rec *recorder, sentinel error, op string) {
	t.Helper()
	re := requestError(t, err)
	assert.Equal(t, http.StatusOK, re.HTTPStatus)
	assert.ErrorIs(t, err, sentinel)
	var ae *juspay.APIError
	assert.False(t, errors.As(err, &ae), "a 2xx is no *APIError")
	assert.Len(t, rec.all(), 1, "a 200 is not retried")
	checkErrorText(t, err, op)
}

// withoutResponse returns a copy of v (a *Customer, *CardList, *DeletedCard
// or *WalletList) without its LastResponse, to compare it with a value built
// by hand or read with json.Unmarshal.
func withoutResponse[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	reflect.ValueOf(&c).Elem().FieldByName("LastResponse").SetZero()
	return &c
}
