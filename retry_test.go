package juspay

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// retryNow is the fixed "now" of these tests.
func retryNow() time.Time { return time.Date(2024, 5, 7, 10, 0, 0, 0, time.UTC) }

// draws is how many waits a test draws to see the jitter's range.
const draws = 2000

// drawWaits returns draws waits of b after attempt with retryAfter, all ok.
func drawWaits(t *testing.T, b backoff, attempt int, retryAfter string) []time.Duration {
	t.Helper()
	out := make([]time.Duration, draws)
	for i := range out {
		d, ok := b.wait(attempt, retryAfter, retryNow())
		if !ok {
			require.Failf(t, "wait refused", "wait(%d, %q)", attempt, retryAfter)
		}
		out[i] = d
	}
	return out
}

// requireJitter asserts that ds lie within [lo, hi] and spread over it:
// some in its lower and some in its upper quarter (full jitter, not a
// fixed wait). With 2000 uniform draws, missing a quarter has odds 1e-250.
func requireJitter(t *testing.T, ds []time.Duration, lo, hi time.Duration) {
	t.Helper()
	low, high := false, false
	for _, d := range ds {
		if d < lo || d > hi {
			require.Failf(t, "wait out of range", "%v is outside [%v, %v]", d, lo, hi)
		}
		low = low || d < lo+(hi-lo)/4
		high = high || d > hi-(hi-lo)/4
	}
	assert.True(t, low, "no wait in the lower quarter of [%v, %v]", lo, hi)
	assert.True(t, high, "no wait in the upper quarter of [%v, %v]", lo, hi)
}

func TestBackoffFullJitter(t *testing.T) {
	b := backoff{base: 100 * time.Millisecond, max: time.Second}
	ceilings := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000} // ms, after attempts 1..7
	for i, ms := range ceilings {
		attempt := i + 1
		t.Run(strconv.Itoa(attempt), func(t *testing.T) {
			requireJitter(t, drawWaits(t, b, attempt, ""), 0, ms*time.Millisecond)
		})
	}
	t.Run("defaults", func(t *testing.T) {
		d := backoff{base: DefaultRetryBaseWait, max: DefaultRetryMaxWait}
		requireJitter(t, drawWaits(t, d, 1, ""), 0, DefaultRetryBaseWait)
		requireJitter(t, drawWaits(t, d, 30, ""), 0, DefaultRetryMaxWait)
	})
	t.Run("largest", func(t *testing.T) { // the largest allowed backoff, many attempts
		big := backoff{base: maxRetryWait, max: maxRetryWait}
		requireJitter(t, drawWaits(t, big, 1000, ""), 0, maxRetryWait)
	})
	t.Run("smallest", func(t *testing.T) { // the smallest allowed backoff: zero and the ceiling both drawn
		seen := map[time.Duration]int{}
		for _, d := range drawWaits(t, backoff{base: time.Nanosecond, max: time.Nanosecond}, 1, "") {
			seen[d]++
		}
		assert.Len(t, seen, 2, "waits drawn: %v", seen)
		assert.Positive(t, seen[0])
		assert.Positive(t, seen[time.Nanosecond])
	})
}

func TestBackoffRetryAfter(t *testing.T) {
	b := backoff{base: 100 * time.Millisecond, max: time.Second}
	httpDate := func(d time.Duration) string { return retryNow().Add(d).Format(http.TimeFormat) }
	cases := []struct {
		name       string
		attempt    int
		retryAfter string
		lo, hi     time.Duration // the waits' range, spread over when lo < hi
		refused    bool
	}{
		// A floor never shortens the backoff: "0" or a past date is no burst.
		{name: "0 seconds", attempt: 3, retryAfter: "0", lo: 0, hi: 400 * time.Millisecond},
		{name: "date in the past", attempt: 3, retryAfter: httpDate(-time.Hour), lo: 0, hi: 400 * time.Millisecond},
		{name: "date now", attempt: 2, retryAfter: httpDate(0), lo: 0, hi: 200 * time.Millisecond},
		{name: "seconds above the backoff", attempt: 1, retryAfter: "5", lo: 5 * time.Second, hi: 5 * time.Second},
		{name: "date above the backoff", attempt: 1, retryAfter: httpDate(7 * time.Second), lo: 7 * time.Second, hi: 7 * time.Second},
		{name: "at the cap", attempt: 1, retryAfter: "20", lo: MaxRetryAfter, hi: MaxRetryAfter},
		{name: "white space", attempt: 1, retryAfter: " 3 ", lo: 3 * time.Second, hi: 3 * time.Second},
		{name: "leading zeros", attempt: 1, retryAfter: "0003", lo: 3 * time.Second, hi: 3 * time.Second},
		// Retry-After inside the backoff's range: the wait is the larger of the two.
		{name: "floor inside the range", attempt: 5, retryAfter: "1", lo: time.Second, hi: time.Second},
		// Unreadable: the backoff alone.
		{name: "negative", attempt: 3, retryAfter: "-5", lo: 0, hi: 400 * time.Millisecond},
		{name: "fraction", attempt: 3, retryAfter: "1.5", lo: 0, hi: 400 * time.Millisecond},
		{name: "plus sign", attempt: 3, retryAfter: "+3", lo: 0, hi: 400 * time.Millisecond},
		{name: "garbage", attempt: 3, retryAfter: "soon", lo: 0, hi: 400 * time.Millisecond},
		{name: "unit", attempt: 3, retryAfter: "3s", lo: 0, hi: 400 * time.Millisecond},
		{name: "white space only", attempt: 3, retryAfter: "  ", lo: 0, hi: 400 * time.Millisecond},
		// Beyond the cap: no wait at all, the error is returned.
		{name: "above the cap", attempt: 1, retryAfter: "21", refused: true},
		{name: "an hour", attempt: 1, retryAfter: "3600", refused: true},
		{name: "too large for int64", attempt: 1, retryAfter: "99999999999999999999", refused: true},
		{name: "max int64", attempt: 1, retryAfter: "9223372036854775807", refused: true},
		{name: "date above the cap", attempt: 1, retryAfter: httpDate(MaxRetryAfter + time.Second), refused: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.refused {
				d, ok := b.wait(tc.attempt, tc.retryAfter, retryNow())
				assert.False(t, ok)
				assert.Zero(t, d)
				return
			}
			ds := drawWaits(t, b, tc.attempt, tc.retryAfter)
			if tc.lo == tc.hi {
				for _, d := range ds {
					if d != tc.lo {
						require.Failf(t, "wait differs", "got %v, want %v", d, tc.lo)
					}
				}
				return
			}
			requireJitter(t, ds, tc.lo, tc.hi)
		})
	}
	t.Run("floorInRange", func(t *testing.T) { // lifts the low draws only
		// Attempt 3 draws in [0, 4s]; a 2s floor lifts the half below it.
		wide := backoff{base: time.Second, max: 4 * time.Second}
		ds := drawWaits(t, wide, 3, "2")
		atFloor, above := 0, 0
		for _, d := range ds {
			if d < 2*time.Second || d > 4*time.Second {
				require.Failf(t, "wait out of range", "%v is outside [2s, 4s]", d)
			}
			if d == 2*time.Second {
				atFloor++
			} else {
				above++
			}
		}
		assert.Positive(t, atFloor, "draws below the floor wait the floor")
		assert.Positive(t, above, "draws above the floor keep their jitter")
	})
}

func TestParseRetryAfter(t *testing.T) {
	cases := []struct {
		in     string
		want   time.Duration
		ok     bool
		beyond bool // want: anything above MaxRetryAfter
	}{
		{in: "0", want: 0, ok: true},
		{in: "1", want: time.Second, ok: true},
		{in: "20", want: 20 * time.Second, ok: true},
		{in: " 7\t", want: 7 * time.Second, ok: true},
		{in: "21", ok: true, beyond: true},
		{in: "120", ok: true, beyond: true},
		{in: "99999999999999999999", ok: true, beyond: true},
		{in: "Tue, 07 May 2024 10:00:10 GMT", want: 10 * time.Second, ok: true},   // IMF-fixdate
		{in: "Tuesday, 07-May-24 10:00:15 GMT", want: 15 * time.Second, ok: true}, // RFC 850
		{in: "Tue May  7 10:00:05 2024", want: 5 * time.Second, ok: true},         // ANSI C asctime
		{in: "Tue, 07 May 2024 09:00:00 GMT", want: 0, ok: true},                  // past: no wait
		{in: "Tue, 07 May 2024 11:00:00 GMT", ok: true, beyond: true},
		{in: "", ok: false},
		{in: "-1", ok: false},
		{in: "1.5", ok: false},
		{in: "1e3", ok: false},
		{in: "0x10", ok: false},
		{in: "soon", ok: false},
		{in: "2024-05-07T10:00:10Z", ok: false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseRetryAfter(tc.in, retryNow())
			require.Equal(t, tc.ok, ok)
			switch {
			case !tc.ok:
			case tc.beyond:
				assert.Greater(t, got, MaxRetryAfter)
			default:
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "20", "21", "99999999999999999999", "-1", "Tue, 07 May 2024 10:00:10 GMT", "soon", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseRetryAfter(s, retryNow())
		if !ok {
			require.Zero(t, got)
			return
		}
		require.GreaterOrEqual(t, got, time.Duration(0))
		if n, err := strconv.ParseUint(s, 10, 64); err == nil && n <= 20 {
			require.Equal(t, time.Duration(n)*time.Second, got)
		}
		d, waitOK := backoff{base: time.Millisecond, max: time.Second}.wait(1, s, retryNow())
		if got > MaxRetryAfter {
			require.False(t, waitOK)
		} else {
			require.True(t, waitOK)
			require.Equal(t, max(got, d), d, "Retry-After %q is a floor", s)
			require.LessOrEqual(t, d, max(got, time.Second))
		}
	})
}

func TestRetryableStatus(t *testing.T) {
	retryable := map[int]bool{408: true, 429: true, 500: true, 502: true, 503: true, 504: true}
	for _, code := range []int{0, 100, 200, 201, 204, 301, 302, 304, 307, 308, 400, 401, 403, 404, 405, 408, 409,
		410, 413, 422, 425, 429, 431, 500, 501, 502, 503, 504, 505, 507, 511, 520, 599} {
		assert.Equal(t, retryable[code], retryableStatus(code), "status %d", code)
	}
}

// timeoutError is a net.Error that timed out, as a transport's read
// deadline gives.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// notTimeoutError is a net.Error that did not time out.
type notTimeoutError struct{}

func (notTimeoutError) Error() string   { return "network is strange" }
func (notTimeoutError) Timeout() bool   { return false }
func (notTimeoutError) Temporary() bool { return false }

// customError is what a caller's RoundTripper may return.
type customError struct{ msg string }

func (e *customError) Error() string { return e.msg }

func TestIsTransient(t *testing.T) {
	dial := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	read := func(err error) error { return &net.OpError{Op: "read", Net: "tcp", Err: err} }
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED)), true},
		{"connection reset", read(os.NewSyscallError("read", syscall.ECONNRESET)), true},
		{"connection aborted", read(os.NewSyscallError("read", syscall.ECONNABORTED)), true},
		{"broken pipe", &net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}, true},
		{"bare ECONNREFUSED", syscall.ECONNREFUSED, true},
		{"wrapped ECONNRESET", fmt.Errorf("roundtrip: %w", read(syscall.ECONNRESET)), true},
		{"EOF", io.EOF, true},
		{"unexpected EOF", io.ErrUnexpectedEOF, true},
		{"wrapped unexpected EOF", fmt.Errorf("reading body: %w", io.ErrUnexpectedEOF), true},
		{"net.Error timeout", timeoutError{}, true},
		{"read timeout in an OpError", read(timeoutError{}), true},
		{"deadline exceeded", context.DeadlineExceeded, true},
		{"wrapped deadline exceeded", fmt.Errorf("attempt: %w", context.DeadlineExceeded), true},
		{"DNS timeout", &net.DNSError{Err: "i/o timeout", Name: "sandbox.juspay.in", IsTimeout: true}, true},
		{"DNS temporary failure", &net.DNSError{Err: "server misbehaving", Name: "sandbox.juspay.in", IsTemporary: true}, true},
		{"canceled", context.Canceled, false},
		{"canceled beside a reset", fmt.Errorf("%w: %w", syscall.ECONNRESET, context.Canceled), false},
		{"DNS no such host", &net.DNSError{Err: "no such host", Name: "sandbox.juspay.in", IsNotFound: true}, false},
		{"DNS no such host while dialing", dial(&net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}), false},
		{"DNS not found and temporary", &net.DNSError{Err: "no such host", IsNotFound: true, IsTemporary: true}, false},
		{"unknown authority", x509.UnknownAuthorityError{}, false},
		{"hostname mismatch", x509.HostnameError{Host: "sandbox.juspay.in"}, false},
		{"expired certificate", x509.CertificateInvalidError{Reason: x509.Expired}, false},
		{"TLS verification", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, false},
		{"TLS record header", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, false},
		{"TLS alert", tls.AlertError(40), false},
		{"httpmock's no responder", errors.New("no responder found"), false},
		{"custom RoundTripper error", &customError{"quota exhausted"}, false},
		{"net.Error without timeout", notTimeoutError{}, false},
		{"other errno", dial(syscall.EACCES), false},
		{"nil", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, isTransient(tc.err))
		})
	}
}

func TestIsDialError(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"refused while dialing", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"no such host while dialing", &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}, true},
		{"wrapped dial error", fmt.Errorf("attempt: %w", &net.OpError{Op: "dial", Err: timeoutError{}}), true},
		{"reset while reading", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, false},
		{"broken pipe while writing", &net.OpError{Op: "write", Err: syscall.EPIPE}, false},
		{"bare ECONNREFUSED", syscall.ECONNREFUSED, false},
		{"EOF", io.EOF, false},
		{"deadline", context.DeadlineExceeded, false},
		{"nil", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, isDialError(tc.err))
		})
	}
}
