package juspay_test

// Retries at the call level: which statuses and failures are retried, how
// often, and how Retry-After bounds the wait.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

func TestRetriedStatuses(t *testing.T) {
	t.Parallel()
	for _, code := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(fmt.Sprintf("%d_once", code), func(t *testing.T) { // then 200: succeeds on the second attempt
			t.Parallel()
			rec, c := replies(t, nil, reply{status: code, body: `{"status":"error"}`}, okReply())
			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			require.NoError(t, err)
			assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
			assert.Len(t, rec.all(), 2)
		})
		t.Run(fmt.Sprintf("%d_always", code), func(t *testing.T) { // tried 1+DefaultMaxRetries times
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
		{400, bodyDuplicate, juspay.ErrAlreadyExists},
		{401, `{"status":"error","error_code":"access_denied","error_info":{"code":"UNAUTHORIZED"}}`, juspay.ErrUnauthorized},
		{403, `{"error":true,"user_message":"Bad Origin.","error_info":{"code":"BAD_ORIGIN"}}`, juspay.ErrForbidden},
		{404, bodyNotFound, juspay.ErrNotFound},
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

// TestMaxRetries: WithMaxRetries(n) makes n+1 attempts at a persistent 503,
// and only an error after a retry counts them in its text.
func TestMaxRetries(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 3} {
		t.Run(fmt.Sprintf("max%d", n), func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(n)}, reply{status: 503, body: `{"status":"error","error_message":"down"}`})
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			ae := apiError(t, err)
			assert.Equal(t, 503, ae.HTTPStatus)
			assert.Equal(t, n+1, ae.Attempts)
			assert.Len(t, rec.all(), n+1)
			if n == 0 {
				assert.NotContains(t, err.Error(), "attempts")
			} else {
				assert.Contains(t, err.Error(), fmt.Sprintf("after %d attempts", n+1))
			}
			assert.ErrorIs(t, err, juspay.ErrServer)
			checkErrorText(t, err, opGet)
		})
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	t.Run("sleeps", func(t *testing.T) { // Retry-After in seconds
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
		{"date", func() string { return time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat) }, time.Second, 3 * time.Second},
	} {
		t.Run("wait_"+tc.name, func(t *testing.T) { // at least Retry-After
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
		{"3600", "3600"},                             // beyond MaxRetryAfter
		{"overflow", "99999999999999999999"},         // too large for int64
		{"farDate", "Fri, 01 Jan 2100 00:00:00 GMT"}, // beyond MaxRetryAfter
	} {
		t.Run("tooFar_"+tc.name, func(t *testing.T) { // the error at once, one attempt
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

	t.Run("pastDeadline", func(t *testing.T) { // the error at once
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
		{"zero", "0"},
		{"pastDate", "Mon, 02 Jan 2006 15:04:05 GMT"},
	} {
		t.Run("noBurst_"+tc.name, func(t *testing.T) {
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

	t.Run("belowBackoff", func(t *testing.T) { // does not shorten it
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
		t.Run("noSuchHost_"+cl.name, func(t *testing.T) { // from the dialer
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

		t.Run("roundTripper_"+cl.name, func(t *testing.T) { // a caller's RoundTripper error
			var calls atomic.Int32
			boom := errors.New("boom")
			hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
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

		t.Run("noResponder_"+cl.name, func(t *testing.T) { // httpmock's "no responder found"
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

// TestHTTP2StreamResetRetried: a stream reset over HTTP/2 is retried as a
// reset connection over HTTP/1.1 is.
func TestHTTP2StreamResetRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			panic(http.ErrAbortHandler) // the server resets the stream: INTERNAL_ERROR
		}
		assert.Equal(t, 2, r.ProtoMajor)
		write(w, http.StatusOK, sampleCustomer)
	}))
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handler's abort
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL, juspay.WithHTTPClient(srv.Client()))
	cust, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	assert.Equal(t, 2, cust.LastResponse.Attempts)
	assert.Equal(t, int32(2), n.Load())
}

// StreamError stands for x/net's http2.StreamError (net/http's own is
// unexported): the client knows both by their type's name and code.
type StreamError struct{ Code string }

func (e StreamError) Error() string { return "stream error: stream ID 3; " + e.Code }

// TestHTTP2StreamResets: a stream the server refused was not acted on, so
// even a raw POST is retried; one reset with INTERNAL_ERROR may have been,
// so a raw POST is not, while a GET is. Other stream errors are not
// retried.
func TestHTTP2StreamResets(t *testing.T) {
	for _, tc := range []struct {
		code, method string
		attempts     int32
	}{
		{"REFUSED_STREAM", http.MethodPost, 2},
		{"REFUSED_STREAM", http.MethodGet, 2},
		{"INTERNAL_ERROR", http.MethodPost, 1},
		{"INTERNAL_ERROR", http.MethodGet, 2},
		{"PROTOCOL_ERROR", http.MethodGet, 1},
	} {
		t.Run(tc.code+"_"+tc.method, func(t *testing.T) {
			var n atomic.Int32
			hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
				if n.Add(1) == 1 {
					return nil, fmt.Errorf("http2: %w", StreamError{Code: tc.code})
				}
				return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Header: http.Header{}}, nil
			})}
			c := newClient(t, "https://api.example.com", juspay.WithHTTPClient(hc))
			_, err := c.Do(context.Background(), &juspay.RawRequest{Method: tc.method, Path: "/orders"}, nil)
			assert.Equal(t, tc.attempts, n.Load())
			assert.Equal(t, tc.attempts == 2, err == nil, "%v", err)
		})
	}
}
