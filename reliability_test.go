package juspay_test

// The fault suite: retries and Retry-After, odd bodies, broken connections,
// timeouts and cancellation, the retry-safe create, redirects, bounded
// reads, connection reuse, logging, nil contexts and the default transport.
// Attempts are counted at the server (or in the client's log where nothing
// answers); elapsed times are asserted only as lower bounds that a wait
// implies, or as generous upper bounds that prove nothing hung.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// faultCustomerID is the id the fault suite looks customers up by: an
// e-mail, as the page suggests object_reference_ids may be, so that finding
// it in an error or a log can only mean it leaked.
const faultCustomerID = "jane.doe@example.com"

// The bodies Juspay documents for a duplicate and an unknown customer.
const (
	duplicateBody = `{"error_message":"Customer with given object reference id already exist for your account.",` +
		`"status":"invalid_request_error","error_code":"unique","error_info":{"user_message":"Already exists.",` +
		`"developer_message":"...","code":"ALREADY_EXISTS","category":"USER_ERROR"}}`
	notFoundBody = `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error",` +
		`"error_code":"object_not_found","error_info":{"code":"RESOURCE_NOT_FOUND"}}`
)

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

// replies starts a server that answers the replies in turn, the last one
// for ever after, and records the requests.
func replies(t *testing.T, opts []juspay.Option, rs ...reply) (*recorder, *juspay.Client) {
	t.Helper()
	require.NotEmpty(t, rs)
	rec := &recorder{}
	var n atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		rp := rs[min(int(n.Add(1)), len(rs))-1]
		for k, v := range rp.header {
			w.Header()[k] = v
		}
		write(w, rp.status, rp.body)
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

// hijacked answers a request by taking over its connection.
func hijacked(t *testing.T, fn func(c net.Conn, rw *bufio.ReadWriter)) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		c, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		fn(c, rw)
	}
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

// eventuallyRequests waits briefly until the server has seen want requests,
// then asserts it saw exactly that many.
func eventuallyRequests(t *testing.T, rec *recorder, want int, what string) {
	t.Helper()
	assert.Eventually(t, func() bool { return len(rec.all()) >= want }, 2*time.Second, 5*time.Millisecond, what)
	assert.Len(t, rec.all(), want, what)
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

func TestRetriedStatuses(t *testing.T) {
	t.Parallel()
	for _, code := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(fmt.Sprintf("%d then 200 succeeds on the second attempt", code), func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, nil, reply{status: code, body: `{"status":"error"}`}, okReply())
			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			require.NoError(t, err)
			assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
			assert.Len(t, rec.all(), 2)
		})
		t.Run(fmt.Sprintf("persistent %d is tried 1+DefaultMaxRetries times", code), func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, nil, reply{status: code, body: `{"status":"error"}`})
			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			assert.Nil(t, cust)
			ae := apiError(t, err)
			assert.Equal(t, code, ae.HTTPStatus)
			assert.Equal(t, juspay.DefaultMaxRetries+1, ae.Attempts)
			assert.Len(t, rec.all(), juspay.DefaultMaxRetries+1)
			assert.True(t, juspay.IsRetryable(err))
			assert.Contains(t, err.Error(), fmt.Sprintf("after %d attempts", juspay.DefaultMaxRetries+1))
			if code >= 500 {
				assert.ErrorIs(t, err, juspay.ErrServer)
			}
			if code == 429 {
				assert.ErrorIs(t, err, juspay.ErrRateLimited)
			}
			checkErrorText(t, err, opGet)
		})
	}
}

func TestNotRetriedStatuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code     int
		body     string
		sentinel error
	}{
		{400, duplicateBody, juspay.ErrAlreadyExists},
		{401, `{"status":"error","error_code":"access_denied","error_info":{"code":"UNAUTHORIZED"}}`, juspay.ErrUnauthorized},
		{403, `{"error":true,"user_message":"Bad Origin.","error_info":{"code":"BAD_ORIGIN"}}`, juspay.ErrForbidden},
		{404, notFoundBody, juspay.ErrNotFound},
		{409, `{"status":"error","error_message":"Conflict"}`, nil},
		{422, `{"status":"error","error_message":"Unprocessable"}`, juspay.ErrInvalidRequest},
	} {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(5)}, reply{status: tc.code, body: tc.body}, okReply())
			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			assert.Nil(t, cust)
			ae := apiError(t, err)
			assert.Equal(t, tc.code, ae.HTTPStatus)
			assert.Equal(t, 1, ae.Attempts)
			assert.Len(t, rec.all(), 1)
			assert.False(t, juspay.IsRetryable(err))
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
			checkErrorText(t, err, opGet)
		})
	}
}

// TestSuccessStatuses: every 2xx answer, 299 included, is read as the
// call's result.
func TestSuccessStatuses(t *testing.T) {
	t.Parallel()
	for _, code := range []int{200, 201, 299} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, nil, reply{status: code, body: sampleCustomer})
			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			require.NoError(t, err)
			assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
			assert.Len(t, rec.all(), 1)
		})
	}
}

func TestMaxRetries(t *testing.T) {
	t.Parallel()
	t.Run("WithMaxRetries(0) makes one attempt", func(t *testing.T) {
		t.Parallel()
		rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(0)}, reply{status: 503, body: `{"status":"error"}`}, okReply())
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 503, ae.HTTPStatus)
		assert.Equal(t, 1, ae.Attempts)
		assert.Len(t, rec.all(), 1)
		assert.NotContains(t, err.Error(), "attempts")
	})
	t.Run("WithMaxRetries(3) on persistent 503 makes 4 attempts", func(t *testing.T) {
		t.Parallel()
		rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(3)}, reply{status: 503, body: `{"status":"error","error_message":"down"}`})
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 503, ae.HTTPStatus)
		assert.Equal(t, 4, ae.Attempts)
		assert.Len(t, rec.all(), 4)
		assert.Contains(t, err.Error(), "after 4 attempts")
		assert.ErrorIs(t, err, juspay.ErrServer)
		checkErrorText(t, err, opGet)
	})
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	t.Run("seconds: the client sleeps it", func(t *testing.T) {
		t.Parallel()
		rec, c := replies(t, nil, reply{status: 429, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"1"}}}, okReply())
		start := time.Now()
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		elapsed := time.Since(start)
		require.NoError(t, err)
		assert.Len(t, rec.all(), 2)
		assert.GreaterOrEqual(t, elapsed, time.Second, "Retry-After: 1 was not waited for")
		assert.Less(t, elapsed, 5*time.Second)
	})

	for _, tc := range []struct {
		name     string
		value    func() string
		min, max time.Duration
	}{
		{"seconds", func() string { return "2" }, 2 * time.Second, 2 * time.Second},
		// Whole seconds: 3s ahead, truncated, is over 1s and at most 3s away.
		{"HTTP date", func() string { return time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat) }, time.Second, 3 * time.Second},
	} {
		t.Run(tc.name+": the wait is at least Retry-After", func(t *testing.T) {
			t.Parallel()
			h := &logCapture{}
			ctx := cancelOnRetry(t, h)
			rec, c := replies(t, []juspay.Option{juspay.WithLogger(h.logger())},
				reply{status: 503, body: `{"status":"error"}`, header: http.Header{"Retry-After": {tc.value()}}}, okReply())
			start := time.Now()
			_, err := c.GetCustomer(ctx, lookupRequest())
			assert.Less(t, time.Since(start), 5*time.Second, "the wait was not cut short by the cancel")
			assert.ErrorIs(t, err, context.Canceled)
			assert.Len(t, rec.all(), 1)
			waits := h.waits(t)
			require.Len(t, waits, 1)
			assert.GreaterOrEqual(t, waits[0], tc.min, "Retry-After %s ignored", tc.name)
			assert.LessOrEqual(t, waits[0], tc.max)
		})
	}

	for _, tc := range []struct{ name, value string }{
		{"3600 seconds, beyond MaxRetryAfter", "3600"},
		{"a number too large for int64", "99999999999999999999"},
		{"a date beyond MaxRetryAfter", "Fri, 01 Jan 2100 00:00:00 GMT"},
	} {
		t.Run(tc.name+": the error at once, one attempt", func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(5)},
				reply{status: 429, body: `{"status":"error"}`, header: http.Header{"Retry-After": {tc.value}}}, okReply())
			start := time.Now()
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			assert.Less(t, time.Since(start), 5*time.Second)
			ae := apiError(t, err)
			assert.Equal(t, 429, ae.HTTPStatus)
			assert.Equal(t, 1, ae.Attempts)
			assert.Len(t, rec.all(), 1)
			assert.ErrorIs(t, err, juspay.ErrRateLimited)
			assert.Equal(t, tc.value, ae.Header.Get("Retry-After"), "the caller can read when to come back")
			checkErrorText(t, err, opGet)
		})
	}

	t.Run("beyond the caller's deadline: the error at once", func(t *testing.T) {
		t.Parallel()
		rec, c := replies(t, nil, reply{status: 429, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"5"}}}, okReply())
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := c.GetCustomer(ctx, lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 429, ae.HTTPStatus)
		assert.Len(t, rec.all(), 1)
		assert.ErrorIs(t, err, juspay.ErrRateLimited)
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "a wait was started that the deadline then cut")
	})
}

// TestRetryAfterIsAFloor: Retry-After never shortens the jittered backoff.
// Were it taken as the wait itself, "0" or a past date would turn a 503
// storm into a burst of back-to-back retries, and a short one would cut a
// longer backoff.
func TestRetryAfterIsAFloor(t *testing.T) {
	t.Parallel()
	const base = 20 * time.Millisecond
	for _, tc := range []struct{ name, value string }{
		{"Retry-After: 0", "0"},
		{"a date in the past", "Mon, 02 Jan 2006 15:04:05 GMT"},
	} {
		t.Run(tc.name+" makes no burst", func(t *testing.T) {
			t.Parallel()
			h := &logCapture{}
			rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(10), juspay.WithRetryBackoff(base, base), juspay.WithLogger(h.logger())},
				reply{status: 503, body: `{"status":"error"}`, header: http.Header{"Retry-After": {tc.value}}})
			start := time.Now()
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			elapsed := time.Since(start)
			ae := apiError(t, err)
			assert.Equal(t, 11, ae.Attempts)
			assert.Len(t, rec.all(), 11)

			waits := h.waits(t)
			require.Len(t, waits, 10)
			var sum time.Duration
			for _, w := range waits {
				assert.GreaterOrEqual(t, w, time.Duration(0))
				assert.LessOrEqual(t, w, base, "a wait beyond the backoff's max")
				sum += w
			}
			// Ten draws of full jitter over [0, 20ms] sum to under 10ms with
			// a chance of about 3e-10; as the wait, Retry-After gives 0.
			assert.GreaterOrEqual(t, sum, base/2, "the retries came in a burst: waits %v", waits)
			assert.GreaterOrEqual(t, elapsed, sum, "the logged waits were not slept")
		})
	}

	t.Run("a Retry-After below the backoff does not shorten it", func(t *testing.T) {
		t.Parallel()
		// Backoff draws from [0, 10s]; Retry-After: 1 is the floor. Twenty
		// waits all of exactly 1s have a chance of 1e-20 unless Retry-After
		// is taken as the wait. Each call is cancelled as its wait is logged.
		const backoff = 10 * time.Second
		var waits []time.Duration
		for i := 0; i < 20; i++ {
			h := &logCapture{}
			ctx := cancelOnRetry(t, h)
			_, c := replies(t, []juspay.Option{juspay.WithRetryBackoff(backoff, backoff), juspay.WithLogger(h.logger())},
				reply{status: 503, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"1"}}}, okReply())
			_, err := c.GetCustomer(ctx, lookupRequest())
			require.ErrorIs(t, err, context.Canceled)
			w := h.waits(t)
			require.Len(t, w, 1)
			assert.GreaterOrEqual(t, w[0], time.Second, "shorter than Retry-After")
			assert.LessOrEqual(t, w[0], backoff)
			waits = append(waits, w[0])
		}
		longer := 0
		for _, w := range waits {
			if w > time.Second {
				longer++
			}
		}
		assert.Positive(t, longer, "every wait was Retry-After itself: %v", waits)
	})
}

func TestOddBodies(t *testing.T) {
	t.Parallel()
	t.Run("500 with an HTML body keeps its first 4 KiB", func(t *testing.T) {
		t.Parallel()
		html := "<!DOCTYPE html><html><body>" + strings.Repeat("<p>Internal Server Error</p>", 400) + "</body></html>"
		require.Greater(t, len(html), 4<<10)
		rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(0)}, reply{status: 500, body: html})
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 500, ae.HTTPStatus)
		assert.Equal(t, []byte(html[:4<<10]), ae.Body)
		assert.ErrorIs(t, err, juspay.ErrServer)
		assert.Empty(t, ae.ErrorCode)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})

	t.Run("502 with an empty body is retried", func(t *testing.T) {
		t.Parallel()
		rec, c := replies(t, nil, reply{status: 502})
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 502, ae.HTTPStatus)
		assert.Empty(t, ae.Body)
		assert.ErrorIs(t, err, juspay.ErrServer)
		assert.Len(t, rec.all(), juspay.DefaultMaxRetries+1)
		checkErrorText(t, err, opGet)
	})

	t.Run("400 with truncated JSON keeps the raw body", func(t *testing.T) {
		t.Parallel()
		body := `{"error_message":"Customer with given object reference id alr`
		rec, c := replies(t, nil, reply{status: 400, body: body})
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 400, ae.HTTPStatus)
		assert.Equal(t, []byte(body), ae.Body)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})

	t.Run("200 with truncated JSON is a RequestError, not retried", func(t *testing.T) {
		t.Parallel()
		rec, c := replies(t, nil, reply{status: 200, body: `{"id":"cst_rel0001","object":"cust`})
		cust, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Nil(t, cust)
		re := requestError(t, err)
		assert.Equal(t, 200, re.HTTPStatus)
		assert.ErrorIs(t, err, juspay.ErrUnexpectedResponse)
		var ae *juspay.APIError
		assert.False(t, errors.As(err, &ae))
		assert.Len(t, rec.all(), 1, "a 200 is not retried")
		checkErrorText(t, err, opGet)
	})
}

func TestBrokenConnections(t *testing.T) {
	t.Parallel()
	const partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"id\":\"cst_rel0001\",\"object\":\"cus"

	// answeredBy starts a server whose every answer is given by fn.
	answeredBy := func(t *testing.T, fn func(http.ResponseWriter), o ...juspay.Option) (*recorder, *juspay.Client) {
		rec := &recorder{}
		_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			rec.record(r)
			fn(w)
		}, o...)
		return rec, c
	}

	t.Run("closed mid-body", func(t *testing.T) {
		t.Parallel()
		rec, c := answeredBy(t, hijacked(t, func(conn net.Conn, rw *bufio.ReadWriter) {
			_, _ = rw.WriteString(partial)
			_ = rw.Flush()
			_ = conn.Close()
		}))
		cust, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Nil(t, cust)
		re := requestError(t, err)
		assert.Equal(t, 200, re.HTTPStatus)
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.Len(t, rec.all(), 1, "an answer came: not retried")
		checkErrorText(t, err, opGet)
	})

	t.Run("reset (RST) mid-body", func(t *testing.T) {
		t.Parallel()
		rec, c := answeredBy(t, hijacked(t, func(conn net.Conn, rw *bufio.ReadWriter) {
			_, _ = rw.WriteString(partial)
			_ = rw.Flush()
			time.Sleep(20 * time.Millisecond) // let the headers arrive
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // close with RST
			}
			_ = conn.Close()
		}))
		cust, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Nil(t, cust)
		requestError(t, err)
		assert.LessOrEqual(t, len(rec.all()), juspay.DefaultMaxRetries+1)
		checkErrorText(t, err, opGet)
	})

	t.Run("closed before any answer: retried", func(t *testing.T) {
		t.Parallel()
		rec, c := answeredBy(t, hijacked(t, func(conn net.Conn, _ *bufio.ReadWriter) { _ = conn.Close() }))
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		re := requestError(t, err)
		assert.Equal(t, 0, re.HTTPStatus)
		assert.Equal(t, juspay.DefaultMaxRetries+1, re.Attempts)
		assert.Len(t, rec.all(), juspay.DefaultMaxRetries+1)
		assert.True(t, juspay.IsRetryable(err))
		checkErrorText(t, err, opGet)
	})

	for _, retries := range []int{0, 2} {
		t.Run(fmt.Sprintf("refused, WithMaxRetries(%d)", retries), func(t *testing.T) {
			t.Parallel()
			h := &logCapture{}
			c := newClient(t, refusedURL(t), juspay.WithMaxRetries(retries), juspay.WithLogger(h.logger()))
			start := time.Now()
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			assert.Less(t, time.Since(start), 5*time.Second)
			re := requestError(t, err)
			assert.Equal(t, retries+1, re.Attempts)
			assert.Equal(t, 0, re.HTTPStatus)
			var op *net.OpError
			require.ErrorAs(t, err, &op)
			assert.Equal(t, "dial", op.Op)
			if retries > 0 {
				assert.Contains(t, err.Error(), fmt.Sprintf("after %d attempts", retries+1))
			}
			assert.True(t, juspay.IsRetryable(err))
			checkErrorText(t, err, opGet)
			// Nothing answers a refused dial: count the attempts in the log.
			assert.Len(t, h.records("juspay request"), retries+1)
		})
	}
}

// TestNotTransientFailures: only transient failures are retried; a DNS "no
// such host", an error of a caller's RoundTripper and httpmock's "no
// responder found" end the call after one attempt.
func TestNotTransientFailures(t *testing.T) {
	// Not parallel: httpmock.ActivateNonDefault uses httpmock's global mock.
	type call struct {
		name string
		op   string
		do   func(ctx context.Context, c *juspay.Client) error
	}
	calls := []call{
		{"create", opCreate, func(ctx context.Context, c *juspay.Client) error {
			_, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: faultCustomerID, MobileNumber: "9988776655"})
			return err
		}},
		{"get", opGet, func(ctx context.Context, c *juspay.Client) error {
			_, err := c.GetCustomer(ctx, lookupRequest())
			return err
		}},
	}

	for _, cl := range calls {
		t.Run("no such host from the dialer, "+cl.name, func(t *testing.T) {
			var dials atomic.Int32
			hc := &http.Client{Transport: &http.Transport{
				DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
					dials.Add(1)
					host, _, _ := net.SplitHostPort(addr)
					return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
				},
			}}
			c := newClient(t, "https://api.example.invalid", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(3))
			err := cl.do(context.Background(), c)
			re := requestError(t, err)
			assert.Equal(t, 1, re.Attempts)
			assert.Equal(t, int32(1), dials.Load())
			var dnsErr *net.DNSError
			assert.ErrorAs(t, err, &dnsErr)
			checkErrorText(t, err, cl.op)
		})

		t.Run("a caller's RoundTripper error, "+cl.name, func(t *testing.T) {
			var calls atomic.Int32
			boom := errors.New("boom")
			hc := &http.Client{Transport: roundTripperFunc(func(*http.Request) (*http.Response, error) {
				calls.Add(1)
				return nil, boom
			})}
			c := newClient(t, "https://api.juspay.in", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(3))
			err := cl.do(context.Background(), c)
			re := requestError(t, err)
			assert.Equal(t, 1, re.Attempts)
			assert.Equal(t, int32(1), calls.Load())
			assert.ErrorIs(t, err, boom)
			assert.Contains(t, err.Error(), "boom")
			assert.False(t, juspay.IsRetryable(err))
			checkErrorText(t, err, cl.op)
		})

		t.Run("httpmock no responder found, "+cl.name, func(t *testing.T) {
			hc := &http.Client{}
			httpmock.ActivateNonDefault(hc)
			t.Cleanup(httpmock.DeactivateAndReset)
			h := &logCapture{}
			c, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithHTTPClient(hc),
				fastRetries(), juspay.WithMaxRetries(3), juspay.WithLogger(h.logger()))
			require.NoError(t, err)
			err = cl.do(context.Background(), c)
			re := requestError(t, err)
			assert.Equal(t, 1, re.Attempts)
			assert.Len(t, h.records("juspay request"), 1, "attempts")
			assert.Contains(t, err.Error(), "no responder found")
			checkErrorText(t, err, cl.op)
		})
	}
}

// isNilResult reports whether a call's result, held in an interface, is nil.
func isNilResult(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// roundTripperFunc adapts a function to http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestTimeoutsAndCancellation(t *testing.T) {
	t.Parallel()
	t.Run("a server that never answers, under a 200ms caller deadline", func(t *testing.T) {
		t.Parallel()
		rec, c := stalled(t)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetCustomer(ctx, lookupRequest())
		assert.Less(t, time.Since(start), 5*time.Second)
		requestError(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		checkErrorText(t, err, opGet)
		eventuallyRequests(t, rec, 1, "attempts after the caller's deadline")
	})

	t.Run("WithTimeout(100ms) and WithMaxRetries(1), no caller deadline", func(t *testing.T) {
		t.Parallel()
		rec, c := stalled(t, juspay.WithTimeout(100*time.Millisecond), juspay.WithMaxRetries(1))
		start := time.Now()
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Less(t, time.Since(start), 5*time.Second)
		re := requestError(t, err)
		assert.Equal(t, 2, re.Attempts)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		checkErrorText(t, err, opGet)
		eventuallyRequests(t, rec, 2, "attempts")
	})

	t.Run("a backoff that would outlast the deadline is not started", func(t *testing.T) {
		t.Parallel()
		rec, c := replies(t, []juspay.Option{juspay.WithRetryBackoff(5*time.Second, 5*time.Second)}, reply{status: 503, body: `{"status":"error"}`})
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err := c.GetCustomer(ctx, lookupRequest())
		// Were a wait started, the deadline would end it: the error would
		// be the context's. Full jitter may draw a wait that fits, so the
		// 503 may come more than once.
		ae := apiError(t, err)
		assert.Equal(t, 503, ae.HTTPStatus)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		assert.LessOrEqual(t, len(rec.all()), juspay.DefaultMaxRetries+1)
	})

	t.Run("cancelling the context ends a wait at once", func(t *testing.T) {
		t.Parallel()
		h := &logCapture{}
		ctx := cancelOnRetry(t, h)
		rec, c := replies(t, []juspay.Option{juspay.WithLogger(h.logger())},
			reply{status: 503, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"10"}}}, okReply())
		start := time.Now()
		_, err := c.GetCustomer(ctx, lookupRequest())
		assert.Less(t, time.Since(start), 5*time.Second, "the 10s wait was not cut short")
		assert.ErrorIs(t, err, context.Canceled)
		re := requestError(t, err)
		assert.Equal(t, 1, re.Attempts)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})

	t.Run("a context cancelled during an attempt is not retried", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rec := &recorder{}
		_, c := newServer(t, func(_ http.ResponseWriter, r *http.Request) {
			rec.record(r)
			cancel()
			<-r.Context().Done()
		})
		_, err := c.GetCustomer(ctx, lookupRequest())
		assert.ErrorIs(t, err, context.Canceled)
		re := requestError(t, err)
		assert.Equal(t, 1, re.Attempts)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})
}

// TestNilContext: a nil context is an error, returned before anything is
// sent, never a panic.
func TestNilContext(t *testing.T) {
	t.Parallel()
	var noCtx context.Context // nil
	for _, tc := range []struct {
		name string
		call func(c *juspay.Client) (any, error)
	}{
		{"CreateCustomer", func(c *juspay.Client) (any, error) { return c.CreateCustomer(noCtx, minimalRequest()) }},
		{"GetCustomer", func(c *juspay.Client) (any, error) { return c.GetCustomer(noCtx, lookupRequest()) }},
		{"UpdateCustomer", func(c *juspay.Client) (any, error) {
			return c.UpdateCustomer(noCtx, &juspay.UpdateCustomerRequest{CustomerID: faultCustomerID, FirstName: "Jane"})
		}},
		{"GetOrCreateCustomer", func(c *juspay.Client) (any, error) { return c.GetOrCreateCustomer(noCtx, minimalRequest()) }},
		{"ClientAuthToken", func(c *juspay.Client) (any, error) { return c.ClientAuthToken(noCtx, lookupRequest()) }},
		{"ListCards", func(c *juspay.Client) (any, error) {
			return c.ListCards(noCtx, &juspay.ListCardsRequest{CustomerID: faultCustomerID})
		}},
		{"DeleteCard", func(c *juspay.Client) (any, error) {
			return c.DeleteCard(noCtx, &juspay.DeleteCardRequest{CardToken: "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"})
		}},
		{"ListWallets", func(c *juspay.Client) (any, error) {
			return c.ListWallets(noCtx, &juspay.ListWalletsRequest{CustomerID: faultCustomerID})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := answering(t, http.StatusOK, sampleCustomer)
			var (
				got any
				err error
			)
			require.NotPanics(t, func() { got, err = tc.call(c) })
			assert.True(t, isNilResult(got), "a result with a nil context")
			re := requestError(t, err)
			assert.Contains(t, err.Error(), tc.name)
			assert.Equal(t, 0, re.HTTPStatus)
			assert.Empty(t, rec.all(), "a request was sent")
			assert.NotContains(t, err.Error(), faultCustomerID)
		})
	}
}

// TestResponseCapBoundary: the client reads 1 MiB of an answer; a valid
// answer of exactly 1 MiB succeeds, one byte more is ErrResponseTooLarge,
// with and without Content-Length.
func TestResponseCapBoundary(t *testing.T) {
	t.Parallel()
	const limit = 1 << 20
	// padded returns the sample customer grown to size bytes: with trailing
	// JSON whitespace, or with an unknown string member.
	padded := func(size int, member bool) string {
		if !member {
			return sampleCustomer + strings.Repeat(" ", size-len(sampleCustomer))
		}
		head := `{"padding":"`
		tail := `",` + strings.TrimPrefix(sampleCustomer, "{")
		return head + strings.Repeat("x", size-len(head)-len(tail)) + tail
	}
	for _, size := range []int{limit, limit + 1} {
		for _, member := range []bool{false, true} {
			for _, chunked := range []bool{false, true} {
				name := fmt.Sprintf("%d bytes, padding member %v, chunked %v", size, member, chunked)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					body := padded(size, member)
					require.Len(t, body, size)
					rec := &recorder{}
					_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
						rec.record(r)
						w.Header().Set("Content-Type", "application/json")
						if !chunked {
							w.Header().Set("Content-Length", strconv.Itoa(len(body)))
						}
						w.WriteHeader(http.StatusOK)
						if chunked {
							_, _ = io.WriteString(w, body[:10])
							_ = http.NewResponseController(w).Flush() // no Content-Length can follow
							_, _ = io.WriteString(w, body[10:])
							return
						}
						_, _ = io.WriteString(w, body)
					})
					cust, err := c.GetCustomer(context.Background(), lookupRequest())
					if size <= limit {
						require.NoError(t, err)
						assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
						assert.Equal(t, "John", cust.FirstName)
						return
					}
					assert.Nil(t, cust)
					re := requestError(t, err)
					assert.Equal(t, 200, re.HTTPStatus)
					assert.ErrorIs(t, err, juspay.ErrResponseTooLarge)
					assert.Len(t, rec.all(), 1, "a 200 is not retried")
					checkErrorText(t, err, opGet)
				})
			}
		}
	}
}

// bigBody is a handler that answers status with a huge body (total bytes,
// or endless when total < 0) and reports how its writing ended.
type bigBody struct {
	status  int
	total   int64
	written atomic.Int64
	ended   chan error // the first write error, or nil if all was written
}

func newBigBody(status int, total int64) *bigBody {
	return &bigBody{status: status, total: total, ended: make(chan error, 1)}
}

func (b *bigBody) serve(w http.ResponseWriter, _ *http.Request) {
	piece := []byte("<p>xxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p>\n")
	chunk := bytes.Repeat(piece, (1<<20)/len(piece)+1)[:1<<20]
	const endlessCap = 1 << 30 // a safety stop for the endless body
	w.Header().Set("Content-Type", "text/html")
	if b.total >= 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(b.total, 10))
	}
	w.WriteHeader(b.status)
	var err error
	for err == nil && ((b.total >= 0 && b.written.Load() < b.total) || (b.total < 0 && b.written.Load() < endlessCap)) {
		var n int
		n, err = w.Write(chunk)
		b.written.Add(int64(n))
	}
	if err == nil {
		err = http.NewResponseController(w).Flush()
	}
	b.ended <- err
}

// waitWriteFailed asserts the handler's writing failed (the client closed
// the connection) before it sent everything.
func (b *bigBody) waitWriteFailed(t *testing.T) {
	t.Helper()
	select {
	case err := <-b.ended:
		assert.Error(t, err, "the server wrote the whole body: the client did not close the connection")
	case <-time.After(5 * time.Second):
		t.Error("the server was still writing 5s after the call returned")
	}
	if b.total > 0 {
		assert.Less(t, b.written.Load(), b.total, "the server pushed the whole body")
	}
}

func TestLargeBodies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		total int64
	}{
		{"100 MiB", 100 << 20},
		{"1 PiB (announced)", 1 << 50}, // the Content-Length sizes no buffer
		{"endless", -1},
	} {
		t.Run("200 with a "+tc.name+" body is cut off", func(t *testing.T) {
			t.Parallel()
			big := newBigBody(200, tc.total)
			rec := &recorder{}
			_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) { rec.record(r); big.serve(w, r) })
			start := time.Now()
			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			assert.Less(t, time.Since(start), 5*time.Second)
			assert.Nil(t, cust)
			re := requestError(t, err)
			assert.Equal(t, 200, re.HTTPStatus)
			assert.ErrorIs(t, err, juspay.ErrResponseTooLarge)
			assert.Len(t, rec.all(), 1)
			checkErrorText(t, err, opGet)
			big.waitWriteFailed(t)
		})
	}

	t.Run("502 with an endless body keeps 4 KiB", func(t *testing.T) {
		t.Parallel()
		big := newBigBody(502, -1)
		_, c := newServer(t, big.serve, juspay.WithMaxRetries(0))
		start := time.Now()
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Less(t, time.Since(start), 5*time.Second)
		ae := apiError(t, err)
		assert.Equal(t, 502, ae.HTTPStatus)
		assert.Len(t, ae.Body, 4<<10, "Body is capped at 4 KiB")
		assert.ErrorIs(t, err, juspay.ErrServer)
		checkErrorText(t, err, opGet)
		big.waitWriteFailed(t)
	})
}

func TestRedirectsNeverFollowed(t *testing.T) {
	t.Parallel()
	clients := []struct {
		name string
		hc   func(t *testing.T) *http.Client // nil: the client's own
	}{
		{"the default client", nil},
		{"a caller's client", func(*testing.T) *http.Client { return &http.Client{} }},
		{"a caller's client with a Timeout", func(*testing.T) *http.Client { return &http.Client{Timeout: 30 * time.Second} }},
		{"a caller's client with a Jar", func(t *testing.T) *http.Client {
			jar, err := cookiejar.New(nil)
			require.NoError(t, err)
			return &http.Client{Jar: jar}
		}},
	}
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		for _, otherHost := range []bool{false, true} {
			for _, cl := range clients {
				for _, method := range []string{http.MethodGet, http.MethodPost} {
					name := fmt.Sprintf("%d to other host %v, %s, %s", code, otherHost, cl.name, method)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						var followed atomic.Int32
						other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
							followed.Add(1)
							write(w, 200, sampleCustomer)
						}))
						t.Cleanup(other.Close)
						loc := "/elsewhere"
						if otherHost {
							loc = other.URL + "/elsewhere"
						}
						var o []juspay.Option
						var hc *http.Client
						if cl.hc != nil {
							hc = cl.hc(t)
							o = append(o, juspay.WithHTTPClient(hc))
						}
						rec := &recorder{}
						_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
							if r.URL.Path == "/elsewhere" {
								followed.Add(1)
								write(w, 200, sampleCustomer)
								return
							}
							rec.record(r)
							http.SetCookie(w, &http.Cookie{Name: "session", Value: "s1", Path: "/"})
							w.Header().Set("Location", loc)
							w.WriteHeader(code)
						}, o...)
						var (
							cust *juspay.Customer
							err  error
							op   = opGet
						)
						if method == http.MethodGet {
							cust, err = c.GetCustomer(context.Background(), lookupRequest())
						} else {
							op = opCreate
							cust, err = c.CreateCustomer(context.Background(), minimalRequest())
						}
						assert.Nil(t, cust)
						ae := apiError(t, err)
						assert.Equal(t, code, ae.HTTPStatus)
						assert.ErrorIs(t, err, juspay.ErrRedirect)
						assert.Equal(t, loc, ae.Header.Get("Location"))
						assert.Len(t, rec.all(), 1, "one attempt: a 3xx is not retried")
						assert.Zero(t, followed.Load(), "the redirect was followed")
						checkErrorText(t, err, op)
						if hc != nil {
							assert.Nil(t, hc.CheckRedirect, "the caller's client was changed")
						}
					})
				}
			}
		}
	}
}

// TestCreateRecovery: a create whose earlier attempt may have landed and
// that then meets "already exists" returns the stored customer only when
// it is the one the request describes.
func TestCreateRecovery(t *testing.T) {
	t.Parallel()
	const ref = "user-000042"
	full := func(token bool) *juspay.CreateCustomerRequest {
		return &juspay.CreateCustomerRequest{
			ObjectReferenceID: ref, MobileNumber: "9988776655", MobileCountryCode: "91",
			EmailAddress: "user42@example.com", FirstName: "Asha", LastName: "Rao",
			GetClientAuthToken: token,
		}
	}
	stored := func() juspaytest.Customer {
		return juspaytest.Customer{
			ObjectReferenceID: ref, MobileNumber: "9988776655", MobileCountryCode: "91",
			EmailAddress: "user42@example.com", FirstName: "Asha", LastName: "Rao",
		}
	}

	t.Run("the page's case: someone else's customer under the reference", func(t *testing.T) {
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: "1111111111"})
		require.NoError(t, err)
		s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
		cust, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655"})
		assert.Nil(t, cust, "someone else's customer was returned")
		ae := apiError(t, err)
		assert.True(t, juspay.IsAlreadyExists(err))
		assert.Equal(t, http.StatusBadRequest, ae.HTTPStatus)
		assert.Equal(t, "unique", ae.ErrorCode)
		checkErrorText(t, err, opCreate)
		all := s.Customers()
		require.Len(t, all, 1)
		assert.Equal(t, "1111111111", all[0].MobileNumber, "the stored customer was changed")
	})

	for _, token := range []bool{false, true} {
		t.Run(fmt.Sprintf("a lost answer, token %v: the one customer is returned", token), func(t *testing.T) {
			t.Parallel()
			s, c := newFake(t)
			s.LoseAnswerNext(juspaytest.RouteCreate, 1)
			cust, err := c.CreateCustomer(context.Background(), full(token))
			require.NoError(t, err)
			all := s.Customers()
			require.Len(t, all, 1, "exactly one customer exists")
			assert.Equal(t, all[0].ID, cust.ID)
			assert.Equal(t, ref, cust.ObjectReferenceID)
			assert.Equal(t, "user42@example.com", cust.EmailAddress)
			assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
			gets := s.RequestsTo(juspaytest.RouteGet)
			require.Len(t, gets, 1, "the customer is fetched once")
			assert.Equal(t, ref, gets[0].RoutingID, "the fetch is routed as the create")
			if token {
				require.NotNil(t, cust.ClientAuth, "the token asked for is carried")
				assert.True(t, s.TokenValid(cust.ClientAuth.Token))
				assert.Equal(t, "true", gets[0].Query.Get("options.get_client_auth_token"))
			} else {
				assert.Nil(t, cust.ClientAuth)
			}
		})
	}

	for _, tc := range []struct {
		name    string
		change  func(*juspaytest.Customer)
		recover bool
	}{
		{"another e-mail", func(c *juspaytest.Customer) { c.EmailAddress = "other@example.com" }, false},
		{"no e-mail", func(c *juspaytest.Customer) { c.EmailAddress = "" }, false},
		{"another first name", func(c *juspaytest.Customer) { c.FirstName = "Ashok" }, false},
		{"another last name", func(c *juspaytest.Customer) { c.LastName = "Roy" }, false},
		{"another country code", func(c *juspaytest.Customer) { c.MobileCountryCode = "65" }, false},
		{"another mobile number", func(c *juspaytest.Customer) { c.MobileNumber = "9988776600" }, false},
		{"the same", func(*juspaytest.Customer) {}, true},
		{"the e-mail in other case", func(c *juspaytest.Customer) { c.EmailAddress = "User42@Example.com" }, true},
		{"the country code with a plus", func(c *juspaytest.Customer) { c.MobileCountryCode = "+91" }, true},
	} {
		t.Run("503 then already exists, stored with "+tc.name, func(t *testing.T) {
			t.Parallel()
			s, c := newFake(t)
			seed := stored()
			tc.change(&seed)
			_, err := s.AddCustomer(seed)
			require.NoError(t, err)
			s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
			cust, err := c.CreateCustomer(context.Background(), full(false))
			assert.Len(t, s.Customers(), 1)
			if tc.recover {
				require.NoError(t, err)
				assert.Equal(t, s.Customers()[0].ID, cust.ID)
				return
			}
			assert.Nil(t, cust)
			assert.True(t, juspay.IsAlreadyExists(err), "got %v", err)
			apiError(t, err)
			checkErrorText(t, err, opCreate)
		})
	}

	t.Run("a request sending fewer fields than stored recovers", func(t *testing.T) {
		t.Parallel()
		s, c := newFake(t)
		s.LoseAnswerNext(juspaytest.RouteCreate, 1)
		req := &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655"}
		cust, err := c.CreateCustomer(context.Background(), req)
		require.NoError(t, err)
		require.Len(t, s.Customers(), 1)
		assert.Equal(t, s.Customers()[0].ID, cust.ID)
	})

	t.Run("429 then already exists stays an error", func(t *testing.T) {
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(stored()) // the very customer asked for: only the 429 tells it was not ours
		require.NoError(t, err)
		s.ThrottleNext(juspaytest.RouteCreate, 1, "0")
		cust, err := c.CreateCustomer(context.Background(), full(false))
		assert.Nil(t, cust)
		ae := apiError(t, err)
		assert.Equal(t, http.StatusBadRequest, ae.HTTPStatus)
		assert.Equal(t, 2, ae.Attempts)
		assert.True(t, juspay.IsAlreadyExists(err))
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
		assert.Empty(t, s.RequestsTo(juspaytest.RouteGet), "a 429 never landed: nothing to recover")
		checkErrorText(t, err, opCreate)
	})

	t.Run("a duplicate on the first attempt stays an error", func(t *testing.T) {
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(stored())
		require.NoError(t, err)
		cust, err := c.CreateCustomer(context.Background(), full(true))
		assert.Nil(t, cust)
		ae := apiError(t, err)
		assert.Equal(t, 1, ae.Attempts)
		assert.True(t, juspay.IsAlreadyExists(err))
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 1)
		assert.Empty(t, s.RequestsTo(juspaytest.RouteGet), "no fetch for the caller's own duplicate")
		assert.Len(t, s.Customers(), 1)
	})

	t.Run("a dropped connection before the store: the retry creates", func(t *testing.T) {
		t.Parallel()
		s, c := newFake(t)
		s.DropNext(juspaytest.RouteCreate, 1)
		cust, err := c.CreateCustomer(context.Background(), full(true))
		require.NoError(t, err)
		require.Len(t, s.Customers(), 1)
		assert.Equal(t, s.Customers()[0].ID, cust.ID)
		require.NotNil(t, cust.ClientAuth)
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
	})

	t.Run("a dropped connection after the store, then already exists: recovered", func(t *testing.T) {
		t.Parallel()
		s, c := newFake(t)
		s.InjectFault(juspaytest.RouteCreate, 1, juspaytest.Fault{Drop: true, AfterStore: true})
		cust, err := c.CreateCustomer(context.Background(), full(true))
		require.NoError(t, err)
		all := s.Customers()
		require.Len(t, all, 1)
		assert.Equal(t, all[0].ID, cust.ID)
		require.NotNil(t, cust.ClientAuth)
		assert.True(t, s.TokenValid(cust.ClientAuth.Token))
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
		assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 1)
	})

	t.Run("stored, then the attempt timed out: recovered", func(t *testing.T) {
		t.Parallel()
		// Juspay stores the customer but the answer never comes; the
		// attempt times out, the retry meets "already exists".
		var (
			mu      sync.Mutex
			created bool
			posts   atomic.Int32
			release = make(chan struct{})
		)
		_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				write(w, 200, `{"id":"cst_stored0001","object":"customer","object_reference_id":"user-000042",`+
					`"mobile_number":"9988776655","mobile_country_code":"91","email_address":"user42@example.com",`+
					`"first_name":"Asha","last_name":"Rao"}`)
				return
			}
			posts.Add(1)
			_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leave
			mu.Lock()
			dup := created
			created = true
			mu.Unlock()
			if dup {
				write(w, 400, duplicateBody)
				return
			}
			select { // the client gives up: the answer is lost
			case <-r.Context().Done():
			case <-release:
			}
		}, juspay.WithTimeout(150*time.Millisecond))
		t.Cleanup(func() { close(release) }) // runs before the server closes
		cust, err := c.CreateCustomer(context.Background(), full(false))
		require.NoError(t, err)
		assert.Equal(t, "cst_stored0001", cust.ID)
		assert.Equal(t, int32(2), posts.Load())
	})
}

// TestDeleteCardRecovery: a "not found" on a retry of DeleteCard, after an
// attempt that may have reached Juspay, means that attempt deleted the card;
// a "not found" on the first attempt is the caller's unknown token.
func TestDeleteCardRecovery(t *testing.T) {
	t.Parallel()
	const token = "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"
	req := &juspay.DeleteCardRequest{CardToken: token}

	t.Run("a lost answer: the card is deleted once and reported deleted", func(t *testing.T) {
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: faultCustomerID})
		require.NoError(t, err)
		_, err = s.AddCard(faultCustomerID, juspaytest.Card{Token: token})
		require.NoError(t, err)
		s.LoseAnswerNext(juspaytest.RouteDeleteCard, 1)
		deleted, err := c.DeleteCard(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, &juspay.DeletedCard{CardToken: token, Deleted: true}, deleted)
		assert.Len(t, s.RequestsTo(juspaytest.RouteDeleteCard), 2)
		list, err := c.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: faultCustomerID})
		require.NoError(t, err)
		assert.Empty(t, list.Cards, "the card is gone")
	})

	for _, tc := range []struct {
		name     string
		replies  []reply
		deleted  bool
		attempts int
	}{
		{"503 then not found: deleted by the first attempt",
			[]reply{{status: 503, body: "Service Unavailable"}, {status: 400, body: notFoundBody}}, true, 2},
		{"not found at once: an unknown token",
			[]reply{{status: 400, body: notFoundBody}}, false, 1},
		{"503 then 401: the error stands",
			[]reply{{status: 503, body: "Service Unavailable"}, {status: 401, body: `{"error_code":"access_denied"}`}}, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, nil, tc.replies...)
			deleted, err := c.DeleteCard(context.Background(), req)
			assert.Len(t, rec.all(), tc.attempts)
			if tc.deleted {
				require.NoError(t, err)
				assert.Equal(t, &juspay.DeletedCard{CardToken: token, Deleted: true}, deleted)
				return
			}
			assert.Nil(t, deleted)
			ae := apiError(t, err)
			assert.Equal(t, tc.replies[len(tc.replies)-1].status, ae.HTTPStatus)
		})
	}
}

func TestConnectionReuse(t *testing.T) {
	t.Run("20 serial calls use one connection", func(t *testing.T) {
		s, c := newFake(t)
		_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: faultCustomerID, MobileNumber: "9988776655"})
		require.NoError(t, err)
		for i := 0; i < 20; i++ {
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			require.NoError(t, err)
		}
		assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 20)
		assert.Equal(t, int64(1), s.NewConnections())
	})

	t.Run("short error bodies are drained: 20 serial 404s and 503s use one connection", func(t *testing.T) {
		s, c := newFake(t, juspay.WithMaxRetries(0))
		for i := 0; i < 20; i++ {
			if i%2 == 1 {
				s.FailNext(juspaytest.RouteGet, 1, http.StatusServiceUnavailable, "<html><body>"+strings.Repeat("busy ", 200)+"</body></html>")
			}
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			ae := apiError(t, err)
			assert.Contains(t, []int{404, 503}, ae.HTTPStatus)
		}
		assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 20)
		assert.Equal(t, int64(1), s.NewConnections())
	})

	// net/http does not cancel a dial that a freed connection made needless:
	// the dialled one joins the idle pool. So under load a few more than 64
	// connections may open, and on a starved machine a handful close, but
	// with a pool big enough almost none do. With net/http's 2 idle per
	// host, hundreds open and nearly all close.
	t.Run("64 goroutines x 20 calls do not churn connections", func(t *testing.T) {
		const workers, calls, slack = 64, 20, 16
		var hits, opened, closed atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			write(w, 200, sampleCustomer)
		}))
		srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			switch st {
			case http.StateNew:
				opened.Add(1)
			case http.StateClosed, http.StateHijacked:
				closed.Add(1)
			}
		}
		srv.Start()
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL) // the default transport
		t.Cleanup(c.CloseIdleConnections)
		var (
			wg       sync.WaitGroup
			failures atomic.Int32
			firstErr atomic.Value
		)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < calls; i++ {
					if _, err := c.GetCustomer(context.Background(), lookupRequest()); err != nil {
						failures.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
				}
			}()
		}
		wg.Wait()
		assert.Zero(t, failures.Load(), "first error: %v", firstErr.Load())
		assert.Equal(t, int32(workers*calls), hits.Load())
		assert.LessOrEqual(t, closed.Load(), int32(slack), "connections churn: closed during the run")
		assert.LessOrEqual(t, opened.Load(), int32(2*workers), "connections churn: opened")
	})
}

// TestLogsHoldNoSecrets logs every path (success, error answers, retries,
// transport errors, the cards calls) and greps the log for what must never
// be in it.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	const (
		ref       = "priya.sharma@example.org"
		mobile    = "9876501234"
		firstName = "Priyanka"
		newEmail  = "p.sharma.new@example.net"
		cardToken = "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"
	)
	req := &juspay.CreateCustomerRequest{
		ObjectReferenceID: ref, MobileNumber: mobile, MobileCountryCode: "91", EmailAddress: ref,
		FirstName: firstName, LastName: "Sharma", GetClientAuthToken: true,
	}

	s, c := newFake(t, juspay.WithLogger(logger))
	// Success, with a token.
	cust, err := c.CreateCustomer(ctx, req)
	require.NoError(t, err)
	require.NotNil(t, cust.ClientAuth)
	token := cust.ClientAuth.Token
	// The caller's duplicate: a 400.
	_, err = c.CreateCustomer(ctx, req)
	require.True(t, juspay.IsAlreadyExists(err))
	// A lost answer, recovered.
	s.LoseAnswerNext(juspaytest.RouteCreate, 1)
	recovered := *req
	recovered.ObjectReferenceID = "priya.second@example.org"
	recovered.EmailAddress = "priya.second@example.org"
	_, err = c.CreateCustomer(ctx, &recovered)
	require.NoError(t, err)
	// 503 then 200.
	s.FailNext(juspaytest.RouteGet, 1, http.StatusServiceUnavailable, "")
	_, err = c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: ref, GetClientAuthToken: true})
	require.NoError(t, err)
	// A 404.
	_, err = c.GetCustomer(ctx, lookupRequest())
	require.True(t, juspay.IsNotFound(err))
	// An update.
	_, err = c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: ref, EmailAddress: newEmail})
	require.NoError(t, err)
	// A transport error, retried once.
	refused := newClient(t, refusedURL(t), juspay.WithLogger(logger), juspay.WithMaxRetries(1))
	_, err = refused.GetCustomer(ctx, lookupRequest())
	requestError(t, err)
	// The cards calls, each a 503 retried once.
	_, cards := answering(t, http.StatusServiceUnavailable, `{"status":"error"}`, juspay.WithLogger(logger), juspay.WithMaxRetries(1))
	_, err = cards.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: ref, CheckCVVLessSupport: true})
	apiError(t, err)
	_, err = cards.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: cardToken, RoutingID: ref})
	apiError(t, err)
	_, err = cards.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: ref})
	apiError(t, err)

	logText := buf.String()

	type line struct {
		level, msg, call, method, path string
		attempt, status                int
	}
	var got []line
	dec := json.NewDecoder(strings.NewReader(logText))
	for {
		var r map[string]any
		if err := dec.Decode(&r); errors.Is(err, io.EOF) {
			break
		} else {
			require.NoError(t, err)
		}
		num := func(k string) int {
			f, ok := r[k].(float64)
			assert.True(t, ok, "field %q missing or not a number in %v", k, r)
			return int(f)
		}
		str := func(k string) string {
			v, ok := r[k].(string)
			assert.True(t, ok, "field %q missing or not a string in %v", k, r)
			return v
		}
		l := line{str("level"), str("msg"), str("call"), str("method"), str("path"), num("attempt"), num("status")}
		switch l.msg {
		case "juspay request":
			num("duration")
		case "juspay retry":
			num("wait")
		}
		switch l.status {
		case 400:
			assert.Equal(t, "unique", r["error_code"])
			assert.Equal(t, "ALREADY_EXISTS", r["error_info_code"], "error_info.code is logged")
		case 404:
			assert.Equal(t, "object_not_found", r["error_code"])
			assert.NotContains(t, r, "error_info_code", "an answer without error_info logs no code")
		}
		got = append(got, l)
	}
	const (
		debug, warn     = "DEBUG", "WARN"
		request, retry  = "juspay request", "juspay retry"
		get, post       = "GET", "POST"
		customers, byID = "/customers", "/customers/{id}"
	)
	want := []line{
		{debug, request, "CreateCustomer", post, customers, 1, 200},
		{debug, request, "CreateCustomer", post, customers, 1, 400},
		{debug, request, "CreateCustomer", post, customers, 1, 502},
		{warn, retry, "CreateCustomer", post, customers, 1, 502},
		{debug, request, "CreateCustomer", post, customers, 2, 400},
		{debug, request, "CreateCustomer", get, byID, 1, 200},
		{debug, request, "GetCustomer", get, byID, 1, 503},
		{warn, retry, "GetCustomer", get, byID, 1, 503},
		{debug, request, "GetCustomer", get, byID, 2, 200},
		{debug, request, "GetCustomer", get, byID, 1, 404},
		{debug, request, "UpdateCustomer", post, byID, 1, 200},
		{debug, request, "GetCustomer", get, byID, 1, 0},
		{warn, retry, "GetCustomer", get, byID, 1, 0},
		{debug, request, "GetCustomer", get, byID, 2, 0},
		{debug, request, "ListCards", get, "/cards", 1, 503},
		{warn, retry, "ListCards", get, "/cards", 1, 503},
		{debug, request, "ListCards", get, "/cards", 2, 503},
		{debug, request, "DeleteCard", post, "/card/delete", 1, 503},
		{warn, retry, "DeleteCard", post, "/card/delete", 1, 503},
		{debug, request, "DeleteCard", post, "/card/delete", 2, 503},
		{debug, request, "ListWallets", get, "/customers/{id}/wallets", 1, 503},
		{warn, retry, "ListWallets", get, "/customers/{id}/wallets", 1, 503},
		{debug, request, "ListWallets", get, "/customers/{id}/wallets", 2, 503},
	}
	assert.Equal(t, want, got)

	lower := strings.ToLower(logText)
	for _, secret := range []string{
		testAPIKey, "SECRETKEY",
		base64.StdEncoding.EncodeToString([]byte(testAPIKey + ":")),
		base64.StdEncoding.EncodeToString([]byte(testAPIKey)),
		base64.RawStdEncoding.EncodeToString([]byte(testAPIKey + ":")),
		base64.URLEncoding.EncodeToString([]byte(testAPIKey + ":")),
		token, cust.ID, cardToken,
		ref, "priya.sharma", "priya.second", "%40", newEmail, "p.sharma.new",
		faultCustomerID, "jane.doe",
		mobile, firstName,
		"object_reference_id", "mobile_number", "email_address", "first_name", "last_name",
		"get_client_auth_token", "card_token", "customer_id=", "check_cvv_less_support",
	} {
		assert.NotContains(t, logText, secret, "the log leaks a secret")
	}
	for _, s := range []string{"authorization", "basic ", "x-routing-id", "x-merchantid"} {
		assert.NotContains(t, lower, s, "the log shows a header")
	}

	t.Run("WithLogger(nil) does not panic", func(t *testing.T) {
		s, c := newFake(t, juspay.WithLogger(nil))
		s.LoseAnswerNext(juspaytest.RouteCreate, 1)
		require.NotPanics(t, func() {
			_, err := c.CreateCustomer(ctx, req)
			require.NoError(t, err)
			_, err = newClient(t, refusedURL(t), juspay.WithLogger(nil), juspay.WithMaxRetries(1)).GetCustomer(ctx, lookupRequest())
			requestError(t, err)
		})
	})
}

// TestDefaultTransportTLSFloor: whatever TLS settings http.DefaultTransport
// has when the client is built, the client's own transport speaks TLS 1.2
// or newer, and keeps a higher floor. Not parallel: it replaces
// http.DefaultTransport.
func TestDefaultTransportTLSFloor(t *testing.T) {
	// trusting is a transport that trusts srv's certificate, with the given
	// TLS floor.
	trusting := func(srv *httptest.Server, floor uint16) http.RoundTripper {
		tr := srv.Client().Transport.(*http.Transport).Clone()
		tr.TLSClientConfig.MinVersion = floor
		return tr
	}
	for _, tc := range []struct {
		name                 string
		serverMin, serverMax uint16
		defaultTransport     func(srv *httptest.Server) http.RoundTripper
		ok                   bool
	}{
		{"control: a TLS 1.2 server is reached", tls.VersionTLS12, tls.VersionTLS12,
			func(srv *httptest.Server) http.RoundTripper { return trusting(srv, 0) }, true},
		{"a TLS 1.0 floor is raised to 1.2", tls.VersionTLS10, tls.VersionTLS11,
			func(srv *httptest.Server) http.RoundTripper { return trusting(srv, tls.VersionTLS10) }, false},
		{"a TLS 1.3 floor is kept", tls.VersionTLS12, tls.VersionTLS12,
			func(srv *httptest.Server) http.RoundTripper { return trusting(srv, tls.VersionTLS13) }, false},
		{"no TLS config at all (HTTP/2 off)", tls.VersionTLS10, tls.VersionTLS11,
			func(*httptest.Server) http.RoundTripper {
				return &http.Transport{TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{}}
			}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				write(w, 200, sampleCustomer)
			}))
			srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes
			srv.TLS = &tls.Config{MinVersion: tc.serverMin, MaxVersion: tc.serverMax}
			srv.StartTLS()
			t.Cleanup(srv.Close)

			saved := http.DefaultTransport
			http.DefaultTransport = tc.defaultTransport(srv)
			t.Cleanup(func() { http.DefaultTransport = saved })
			c := newClient(t, srv.URL)
			t.Cleanup(c.CloseIdleConnections)

			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
				return
			}
			requestError(t, err)
			assert.Contains(t, err.Error(), "protocol version")
		})
	}
}

func TestDefaultTransportLimits(t *testing.T) {
	t.Parallel()
	t.Run("a TLS 1.1 server is refused, and not retried", func(t *testing.T) {
		t.Parallel()
		var handshakes atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			write(w, 200, sampleCustomer)
		}))
		srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				handshakes.Add(1)
			}
		}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes
		srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
		srv.StartTLS()
		t.Cleanup(srv.Close)

		// Control: the server does speak TLS 1.1 to a client that allows it.
		ctl := srv.Client()
		tr := ctl.Transport.(*http.Transport).Clone()
		tr.TLSClientConfig.MinVersion = tls.VersionTLS10
		ctl.Transport = tr
		resp, err := ctl.Get(srv.URL)
		require.NoError(t, err, "control: the test server does not speak TLS 1.1")
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, uint16(tls.VersionTLS11), resp.TLS.Version)
		tr.CloseIdleConnections()
		before := handshakes.Load()

		c := newClient(t, srv.URL) // the default transport
		_, err = c.GetCustomer(context.Background(), lookupRequest())
		re := requestError(t, err)
		assert.Contains(t, err.Error(), "protocol version")
		assert.Equal(t, 0, re.HTTPStatus)
		assert.Equal(t, 1, re.Attempts, "a TLS failure is not retried")
		assert.False(t, juspay.IsRetryable(err))
		assert.Eventually(t, func() bool { return handshakes.Load() >= before+1 }, 2*time.Second, 5*time.Millisecond)
		assert.Equal(t, before+1, handshakes.Load(), "TLS handshakes")
		checkErrorText(t, err, opGet)
	})

	t.Run("response headers over 64 KiB are refused; a caller's client is used as given", func(t *testing.T) {
		t.Parallel()
		big := strings.Repeat("a", 100<<10)
		handler := func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Big", big)
			write(w, 200, sampleCustomer)
		}
		_, c := newServer(t, handler)
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		re := requestError(t, err)
		assert.Equal(t, 0, re.HTTPStatus)
		checkErrorText(t, err, opGet)

		_, given := newServer(t, handler, juspay.WithHTTPClient(&http.Client{}))
		cust, err := given.GetCustomer(context.Background(), lookupRequest())
		require.NoError(t, err, "the caller's client has net/http's own limit")
		assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
	})
}

// TestErrorTextOneLine: server text that could break a log line (CR, LF,
// U+2028, bidi controls) never reaches an error's text as such.
func TestErrorTextOneLine(t *testing.T) {
	t.Parallel()
	body := `{"status":"error\r\nX-Injected: 1","error_code":"bad\u2028code","error_message":"line one\nline two\u202e",` +
		`"error_info":{"code":"INVALID_INPUT\r","developer_message":"x\u2029y","fields":[{"field_name":"mobile\nnumber","reason":"r"}]}}`
	for _, code := range []int{400, 503} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			_, c := answering(t, code, body, juspay.WithMaxRetries(0))
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			apiError(t, err)
			checkErrorText(t, err, opGet)
			for _, r := range []string{"\u2028", "\u2029", "\u202e"} {
				assert.NotContains(t, err.Error(), r)
			}
		})
	}
}
