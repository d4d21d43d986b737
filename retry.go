package juspay

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry defaults. A retry waits a random time between zero and
// min(DefaultRetryMaxWait, DefaultRetryBaseWait × 2^(attempt-1)) ("full
// jitter"), unless the answer carries Retry-After: that is waited for as
// given, up to MaxRetryAfter; a longer Retry-After ends the call at once with
// the answer's error.
const (
	DefaultMaxRetries    = 2
	DefaultRetryBaseWait = 200 * time.Millisecond
	DefaultRetryMaxWait  = 2 * time.Second
	MaxRetryAfter        = 20 * time.Second
)

type backoffPolicy struct {
	base, max time.Duration
}

// wait returns how long to wait before the attempt after the given one, and
// false when Retry-After asks for more than MaxRetryAfter.
func (p backoffPolicy) wait(attempt int, retryAfter string) (time.Duration, bool) {
	if retryAfter != "" {
		if d, ok := parseRetryAfter(retryAfter, time.Now()); ok {
			if d > MaxRetryAfter {
				return 0, false
			}
			return d, true
		}
	}
	ceil := p.base
	for i := 1; i < attempt && ceil < p.max; i++ {
		ceil *= 2
	}
	if ceil > p.max {
		ceil = p.max
	}
	if ceil <= 0 {
		return 0, true
	}
	return rand.N(ceil + 1), true
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date
// (RFC 9110 section 10.2.3). A date in the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(MaxRetryAfter/time.Second)+1 {
			return MaxRetryAfter + time.Second, true // beyond the cap; avoid overflow
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
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

// retryableTransportErr reports whether a failure before any answer is worth
// another attempt: yes for refused, reset or timed-out connections; no for a
// cancelled context, TLS and certificate failures, and malformed URLs.
func retryableTransportErr(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var (
		certInvalid x509.CertificateInvalidError
		unknownAuth x509.UnknownAuthorityError
		hostnameErr x509.HostnameError
		verifyErr   *tls.CertificateVerificationError
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
	)
	if errors.As(err, &certInvalid) || errors.As(err, &unknownAuth) || errors.As(err, &hostnameErr) ||
		errors.As(err, &verifyErr) || errors.As(err, &recordErr) || errors.As(err, &alertErr) {
		return false
	}
	msg := err.Error()
	if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "tls: ") ||
		strings.Contains(msg, "x509: ") {
		return false
	}
	return true
}

// isDialError reports a failure to connect at all: such an attempt cannot
// have reached Juspay.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
