package juspay

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retry defaults. A retry waits a random time between zero and
// min(DefaultRetryMaxWait, DefaultRetryBaseWait × 2^(attempt-1)) ("full
// jitter"). An answer's Retry-After is a floor on that wait, honoured up to
// MaxRetryAfter; a longer one ends the call at once with the answer's error.
const (
	DefaultMaxRetries    = 2
	DefaultRetryBaseWait = 200 * time.Millisecond
	DefaultRetryMaxWait  = 2 * time.Second
	MaxRetryAfter        = 20 * time.Second
)

// maxRetryWait bounds WithRetryBackoff's max.
const maxRetryWait = 5 * time.Minute

// backoff is the wait between attempts.
type backoff struct{ base, max time.Duration }

// wait returns how long to wait after the given attempt failed with an
// answer carrying retryAfter (the Retry-After header; "" when none), and
// false when Retry-After asks for more than MaxRetryAfter.
func (b backoff) wait(attempt int, retryAfter string, now time.Time) (time.Duration, bool) {
	ceil := b.base
	for i := 1; i < attempt && ceil < b.max; i++ {
		ceil *= 2
	}
	d := rand.N(min(ceil, b.max) + 1)
	if retryAfter == "" {
		return d, true
	}
	floor, ok := parseRetryAfter(retryAfter, now)
	switch {
	case !ok:
		return d, true // unreadable: the backoff alone
	case floor > MaxRetryAfter:
		return 0, false
	}
	return max(d, floor), true
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date
// (RFC 9110, section 10.2.3). A date in the past is no wait; a number too
// large to read is beyond MaxRetryAfter.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v != "" && strings.Trim(v, "0123456789") == "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter + time.Second, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// retryableStatus lists the answers worth another attempt.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// isTransient reports whether a failure before any answer is known to be
// transient: a refused, reset or broken connection, a connection that ended
// early, or a timeout (the attempt's own; the caller's context is checked
// apart). Anything else is not retried: a DNS "no such host", TLS and
// certificate failures, a bad URL, an error of a caller's RoundTripper.
func isTransient(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	if isStreamReset(err) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr.IsTimeout || dnsErr.IsTemporary && !dnsErr.IsNotFound
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// isStreamReset reports an HTTP/2 stream that the server reset with
// INTERNAL_ERROR or REFUSED_STREAM: the same failure as a reset connection
// over HTTP/1.1. net/http's HTTP/2 stream error has no exported type
// (http.http2StreamError; x/net's is http2.StreamError), so it is found by
// its type's name, and its code read from its text, "stream error: stream
// ID 3; REFUSED_STREAM".
func isStreamReset(err error) (reset bool) {
	forEachCause(err, func(e error) {
		if t := reflect.TypeOf(e); t.Name() == "http2StreamError" || t.Name() == "StreamError" {
			s := e.Error()
			reset = reset || strings.Contains(s, "; INTERNAL_ERROR") || strings.Contains(s, "; REFUSED_STREAM")
		}
	})
	return reset
}

// forEachCause calls f on err and every error it wraps.
func forEachCause(err error, f func(error)) {
	if err == nil {
		return
	}
	f(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		forEachCause(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			forEachCause(e, f)
		}
	}
}

// isRefusedStream reports an HTTP/2 stream the server refused before
// acting on it (RFC 9113, section 8.7): like a failed dial, such an
// attempt cannot have reached Juspay.
func isRefusedStream(err error) bool {
	return isStreamReset(err) && strings.Contains(err.Error(), "; REFUSED_STREAM")
}

// isDialError reports a failure to connect at all: such an attempt cannot
// have reached Juspay.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
