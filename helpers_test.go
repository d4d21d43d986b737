package juspay_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// The one harness of the call-level tests. A test takes the fake Juspay
// (newFake) to check behaviour against Juspay's documented answers, or an
// httptest server (newServer, answering) for what the fake cannot serve:
// odd bodies, broken connections, exact wire bytes. Either way the client
// it gets retries after a millisecond.

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

// minimalRequest is the smallest valid create request.
func minimalRequest() *juspay.CreateCustomerRequest {
	return &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655"}
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
