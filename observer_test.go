package juspay_test

// The Observer hook: every call and every attempt is seen, with the call's
// name, the path template and the outcome, and nothing of an id or value.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// watcher is an Observer that records what it sees, in order, and marks
// the contexts it returns so that a test can tell where they went.
type watcher struct {
	mu     sync.Mutex
	events []string // "start CreateCustomer", "attempt POST /customers 1", ...
	calls  []juspay.CallEvent
	tries  []juspay.AttemptEvent
	inject map[string]string // headers InjectHeaders sets, when not nil
}

type spanKey struct{}

func (w *watcher) StartCall(ctx context.Context, e juspay.CallEvent) context.Context {
	w.add("start " + e.Call)
	return context.WithValue(ctx, spanKey{}, "call "+e.Call)
}

func (w *watcher) EndCall(ctx context.Context, e juspay.CallEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events = append(w.events, fmt.Sprintf("end %s (%v)", e.Call, ctx.Value(spanKey{})))
	w.calls = append(w.calls, e)
}

func (w *watcher) StartAttempt(ctx context.Context, e juspay.AttemptEvent) context.Context {
	w.add(fmt.Sprintf("attempt %s %s %d under %v", e.Method, e.Template, e.Attempt, ctx.Value(spanKey{})))
	return context.WithValue(ctx, spanKey{}, fmt.Sprintf("attempt %s %d", e.Template, e.Attempt))
}

func (w *watcher) EndAttempt(ctx context.Context, e juspay.AttemptEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events = append(w.events, fmt.Sprintf("done %d %s (%v)", e.StatusCode, e.ErrorKind, ctx.Value(spanKey{})))
	w.tries = append(w.tries, e)
}

func (w *watcher) add(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events = append(w.events, s)
}

func (w *watcher) seen() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.events...)
}

// injector is a watcher that also injects headers.
type injector struct{ *watcher }

func (i injector) InjectHeaders(_ context.Context, set func(name, value string)) {
	for k, v := range i.inject {
		set(k, v)
	}
}

func TestObserverSeesACallAndItsAttempts(t *testing.T) {
	t.Parallel()
	w := &watcher{}
	s, c := newFake(t, juspay.WithObserver(w))
	s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")

	cust, err := c.CreateCustomer(context.Background(), minimalRequest())
	require.NoError(t, err)
	assert.Equal(t, []string{
		"start CreateCustomer",
		"attempt POST /customers 1 under call CreateCustomer",
		"done 503 server_error (attempt /customers 1)",
		"attempt POST /customers 2 under call CreateCustomer",
		"done 200  (attempt /customers 2)",
		"end CreateCustomer (call CreateCustomer)",
	}, w.seen())

	require.Len(t, w.calls, 1)
	call := w.calls[0]
	assert.Equal(t, 2, call.Attempts)
	assert.Equal(t, http.StatusOK, call.StatusCode)
	assert.Equal(t, cust.LastResponse.RequestID, call.RequestID)
	assert.NotEmpty(t, call.RequestID)
	assert.Empty(t, call.ErrorKind)
	assert.False(t, call.Start.IsZero())
	assert.Positive(t, call.Duration)
	host, port := hostAndPort(t, s.URL)
	assert.Equal(t, host, call.ServerAddress)
	assert.Equal(t, port, call.ServerPort)

	require.Len(t, w.tries, 2)
	for i, a := range w.tries {
		assert.Equal(t, "CreateCustomer", a.Call)
		assert.Equal(t, i+1, a.Attempt)
		assert.Equal(t, host, a.ServerAddress)
		assert.Equal(t, port, a.ServerPort)
		assert.NotEmpty(t, a.RequestID, "both answers had one")
		assert.Positive(t, a.Duration)
	}
	assert.Equal(t, juspay.KindServer, w.tries[0].ErrorKind)
}

func hostAndPort(t *testing.T, base string) (string, int) {
	t.Helper()
	var port int
	hostPort := strings.TrimPrefix(base, "http://")
	i := strings.LastIndexByte(hostPort, ':')
	_, err := fmt.Sscan(hostPort[i+1:], &port)
	require.NoError(t, err)
	return hostPort[:i], port
}

// TestObserverSeesEveryCall runs every call of the Client and checks that
// each is one observed call, named for the method, whose attempts are the
// requests it made; and that no event holds any id, reference, e-mail,
// mobile number or token the calls used. A method taking a context that is
// missing from the table fails the test, so a new call cannot go
// unobserved.
func TestObserverSeesEveryCall(t *testing.T) {
	t.Parallel()
	w := &watcher{}
	s, c := newFake(t, juspay.WithObserver(w))
	const ref, mobile, email = "ref-observed-0001", "9988776611", "observed.person@example.com"
	created, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: mobile, EmailAddress: email})
	require.NoError(t, err)
	card, err := s.AddCard(ref, juspaytest.Card{})
	require.NoError(t, err)
	_, err = s.AddWallet(ref, juspaytest.Wallet{Name: "MOBIKWIK", Linked: true})
	require.NoError(t, err)
	ctx := context.Background()

	calls := []struct {
		name     string
		requests []string // the templates of the requests it makes
		run      func() (any, error)
	}{
		{"CreateCustomer", []string{"POST /customers"}, func() (any, error) {
			return c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: "ref-observed-0002", MobileNumber: "9988776622"})
		}},
		{"GetCustomer", []string{"GET /customers/{id}"}, func() (any, error) {
			return c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: ref})
		}},
		{"UpdateCustomer", []string{"POST /customers/{id}"}, func() (any, error) {
			return c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: created.ID, FirstName: "Observed"})
		}},
		{"GetOrCreateCustomer", []string{"GET /customers/{id}", "POST /customers"}, func() (any, error) {
			return c.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: "ref-observed-0003", MobileNumber: "9988776633", GetClientAuthToken: true})
		}},
		{"ClientAuthToken", []string{"GET /customers/{id}"}, func() (any, error) {
			return c.ClientAuthToken(ctx, &juspay.GetCustomerRequest{CustomerID: ref})
		}},
		{"ListCards", []string{"GET /cards"}, func() (any, error) {
			return c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: ref})
		}},
		{"ListWallets", []string{"GET /customers/{id}/wallets"}, func() (any, error) {
			return c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: ref})
		}},
		{"Do", []string{"GET /customers/{id}"}, func() (any, error) {
			var v map[string]any
			return c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}", ID: ref}, &v)
		}},
		{"DeleteCard", []string{"GET /cards", "POST /card/delete"}, func() (any, error) {
			return c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: card.Token, CustomerID: ref})
		}},
	}
	covered := map[string]bool{}
	for _, call := range calls {
		covered[call.name] = true
		before := len(w.tries)
		got, err := call.run()
		require.NoError(t, err, call.name)
		require.NotNil(t, got, call.name)
		require.Len(t, w.calls, len(covered), call.name)
		ev := w.calls[len(w.calls)-1]
		assert.Equal(t, call.name, ev.Call)
		assert.Equal(t, len(call.requests), ev.Attempts, call.name)
		assert.Equal(t, http.StatusOK, ev.StatusCode, call.name)
		var templates []string
		for _, a := range w.tries[before:] {
			assert.Equal(t, call.name, a.Call)
			templates = append(templates, a.Method+" "+a.Template)
		}
		assert.Equal(t, call.requests, templates, call.name)
	}
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	ct := reflect.TypeOf(c)
	for i := 0; i < ct.NumMethod(); i++ {
		m := ct.Method(i)
		if m.Type.NumIn() > 1 && m.Type.In(1) == ctxType {
			assert.True(t, covered[m.Name], "%s takes a context but is not in this test", m.Name)
		}
	}
	secrets := []string{ref, mobile, email, created.ID[4:], card.Token, card.Reference, s.APIKey, "ref-observed-000"}
	for _, e := range w.calls {
		requireHoldsNone(t, e, secrets)
	}
	for _, e := range w.tries {
		requireHoldsNone(t, e, secrets)
	}
}

// requireHoldsNone fails when any string field of v holds one of secrets.
func requireHoldsNone(t *testing.T, v any, secrets []string) {
	t.Helper()
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Field(i); f.Kind() == reflect.String {
			for _, s := range secrets {
				require.NotContains(t, f.String(), s, "%T.%s", v, rv.Type().Field(i).Name)
			}
		}
	}
}

func TestObserverSeesRefusedAndFailedCalls(t *testing.T) {
	t.Parallel()
	w := &watcher{}
	s, c := newFake(t, juspay.WithObserver(w), juspay.WithMaxRetries(0))
	ctx := context.Background()

	_, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{})
	require.ErrorIs(t, err, juspay.ErrValidation)
	_, err = c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "nobody-000001"})
	require.ErrorIs(t, err, juspay.ErrNotFound)
	s.DropNext(juspaytest.RouteGet, 1)
	c.CloseIdleConnections() // net/http itself retries a GET whose reused connection closes
	_, err = c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "nobody-000001"})
	require.Error(t, err)

	require.Len(t, w.calls, 3)
	assert.Equal(t, juspay.KindValidation, w.calls[0].ErrorKind)
	assert.Zero(t, w.calls[0].Attempts, "refused before sending")
	assert.Zero(t, w.calls[0].StatusCode)
	assert.Equal(t, juspay.KindNotFound, w.calls[1].ErrorKind)
	assert.Equal(t, 1, w.calls[1].Attempts)
	assert.Equal(t, http.StatusNotFound, w.calls[1].StatusCode)
	assert.NotEmpty(t, w.calls[1].RequestID)
	assert.Equal(t, juspay.KindConnection, w.calls[2].ErrorKind)
	assert.Zero(t, w.calls[2].StatusCode, "a dropped connection has no answer")
	require.Len(t, w.tries, 2, "the refused call made no attempt")
	assert.Equal(t, juspay.KindNotFound, w.tries[0].ErrorKind)
	assert.Equal(t, juspay.KindConnection, w.tries[1].ErrorKind)
}

// TestObserverContextCarriesOn checks that the context an Observer returns
// is the one the attempt's request is sent with and the one the client's
// log records are written with, so that a trace-aware transport or slog
// handler puts them under the call's span.
func TestObserverContextCarriesOn(t *testing.T) {
	t.Parallel()
	w := &watcher{}
	var sent []any
	var mu sync.Mutex
	logs := &ctxLog{}
	s := juspaytest.NewServer()
	t.Cleanup(s.Close)
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		sent = append(sent, r.Context().Value(spanKey{}))
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := s.Client(juspay.WithHTTPClient(hc), juspay.WithObserver(w), juspay.WithLogger(slog.New(logs)), fastRetries())
	s.FailNext(juspaytest.RouteCreate, 1, http.StatusBadGateway, "")
	_, err := c.CreateCustomer(context.Background(), minimalRequest())
	require.NoError(t, err)

	assert.Equal(t, []any{"attempt /customers 1", "attempt /customers 2"}, sent)
	assert.Equal(t, []string{
		"juspay request under attempt /customers 1",
		"juspay retry under call CreateCustomer",
		"juspay request under attempt /customers 2",
	}, logs.lines())
}

// ctxLog is a slog handler that records each message with the span its
// context holds.
type ctxLog struct {
	mu  sync.Mutex
	got []string
}

func (h *ctxLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *ctxLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *ctxLog) WithGroup(string) slog.Handler            { return h }
func (h *ctxLog) Handle(ctx context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, fmt.Sprintf("%s under %v", r.Message, ctx.Value(spanKey{})))
	return nil
}

func (h *ctxLog) lines() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.got...)
}

func TestObserverInjectsOnlyNewHeaders(t *testing.T) {
	t.Parallel()
	w := &watcher{inject: map[string]string{
		"traceparent":   "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
		"Authorization": "Basic stolen",
		"x-routing-id":  "other",
		"X-Evil":        "a\r\nInjected: 1",
		"bad name":      "v",
	}}
	s, c := newFake(t, juspay.WithObserver(injector{w}))
	_, err := c.CreateCustomer(context.Background(), minimalRequest())
	require.NoError(t, err)
	got := s.RequestsTo(juspaytest.RouteCreate)
	require.Len(t, got, 1)
	h := got[0].Header
	assert.Equal(t, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", h.Get("Traceparent"))
	assert.NotContains(t, h.Get("Authorization"), "stolen")
	assert.Equal(t, minimalRequest().ObjectReferenceID, h.Get("X-Routing-Id"))
	assert.Empty(t, h.Get("X-Evil"))
	assert.Empty(t, h.Get("Injected"))

	// Without HeaderInjector nothing is added.
	w2 := &watcher{inject: map[string]string{"traceparent": "x"}}
	s2, c2 := newFake(t, juspay.WithObserver(w2))
	_, err = c2.CreateCustomer(context.Background(), minimalRequest())
	require.NoError(t, err)
	assert.Empty(t, s2.RequestsTo(juspaytest.RouteCreate)[0].Header.Get("Traceparent"))
}

func TestWithObserverRefusesNil(t *testing.T) {
	t.Parallel()
	_, err := juspay.NewClient("key", "merchant", juspay.WithObserver(nil))
	require.ErrorContains(t, err, "nil Observer")
}

func TestErrorKindOf(t *testing.T) {
	t.Parallel()
	api := func(status int, code string) error { return &juspay.APIError{HTTPStatus: status, ErrorCode: code} }
	cases := []struct {
		err  error
		want juspay.ErrorKind
	}{
		{nil, ""},
		{&juspay.ValidationError{Field: "email_address"}, juspay.KindValidation},
		{api(400, "unique"), juspay.KindAlreadyExists},
		{api(404, ""), juspay.KindNotFound},
		{api(400, "object_not_found"), juspay.KindNotFound},
		{api(401, ""), juspay.KindUnauthorized},
		{api(403, ""), juspay.KindForbidden},
		{api(429, ""), juspay.KindRateLimited},
		{api(503, ""), juspay.KindServer},
		{api(302, ""), juspay.KindRedirect},
		{api(400, "invalid"), juspay.KindInvalidRequest},
		{api(409, ""), juspay.KindHTTP},
		{&juspay.RequestError{Err: context.DeadlineExceeded}, juspay.KindTimeout},
		{&juspay.RequestError{Err: fmt.Errorf("waiting: %w", context.Canceled)}, juspay.KindCanceled},
		{&juspay.RequestError{Err: juspay.ErrReferenceConflict}, juspay.KindReferenceConflict},
		{&juspay.RequestError{Err: juspay.ErrNoClientAuthToken}, juspay.KindNoClientAuthToken},
		{&juspay.RequestError{Err: juspay.ErrCardNotDeleted}, juspay.KindCardNotDeleted},
		{&juspay.RequestError{Err: juspay.ErrResponseTooLarge}, juspay.KindResponseTooLarge},
		{&juspay.RequestError{Err: fmt.Errorf("%w: x", juspay.ErrUnexpectedResponse)}, juspay.KindUnexpectedResponse},
		{&juspay.RequestError{Err: fmt.Errorf("%w: not held", juspay.ErrNotFound)}, juspay.KindNotFound},
		{&juspay.RequestError{Err: fmt.Errorf("reading: %w", io.ErrUnexpectedEOF)}, juspay.KindConnection},
		{&juspay.RequestError{Err: errors.New("x509: certificate signed by unknown authority")}, juspay.KindTransport},
		{errors.New("something else"), juspay.KindOther},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, juspay.ErrorKindOf(tc.err), "%v", tc.err)
	}
}

// TestObserverTimesAreReal checks that durations cover the wait for the
// answer.
func TestObserverTimesAreReal(t *testing.T) {
	t.Parallel()
	w := &watcher{}
	s, c := newFake(t, juspay.WithObserver(w))
	s.DelayNext(juspaytest.RouteGet, 1, 30*time.Millisecond)
	_, _ = c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "nobody-000001"})
	require.Len(t, w.tries, 1)
	assert.GreaterOrEqual(t, w.tries[0].Duration, 30*time.Millisecond)
	assert.GreaterOrEqual(t, w.calls[0].Duration, w.tries[0].Duration)
}
