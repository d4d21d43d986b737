package juspay

import (
	"crypto/tls"
	"net/http"
)

// defaultTransport is the transport of a client built without
// WithHTTPClient. While http.DefaultTransport is the one seen at NewClient,
// requests go through a tuned clone of it: TLS 1.2 or newer, HTTP/2 where
// offered, the proxy from the environment, at most 64 KiB of response
// headers, and an idle pool of 100 connections per host, so that
// concurrent calls reuse connections rather than churn them (net/http
// keeps 2). Once anything replaces http.DefaultTransport, as
// httpmock.Activate does, requests follow the replacement, so tests that
// mock the default transport keep working.
type defaultTransport struct {
	seen http.RoundTripper // http.DefaultTransport when the client was built
	own  *http.Transport   // tuned clone of seen; nil when seen is no *http.Transport
}

// Limits of the default transport.
const (
	defaultMaxIdleConns        = 256
	defaultMaxIdleConnsPerHost = 100
	maxResponseHeaderBytes     = 64 << 10 // net/http's default is 10 MiB
)

func newDefaultTransport() *defaultTransport {
	t := &defaultTransport{seen: http.DefaultTransport}
	if base, ok := t.seen.(*http.Transport); ok {
		own := base.Clone()
		if own.TLSClientConfig == nil {
			own.TLSClientConfig = &tls.Config{}
		}
		if own.TLSClientConfig.MinVersion < tls.VersionTLS12 {
			own.TLSClientConfig.MinVersion = tls.VersionTLS12
		}
		own.ForceAttemptHTTP2 = true
		own.MaxIdleConns = defaultMaxIdleConns
		own.MaxIdleConnsPerHost = defaultMaxIdleConnsPerHost
		own.MaxResponseHeaderBytes = maxResponseHeaderBytes
		t.own = own
	}
	return t
}

func (t *defaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if dt := http.DefaultTransport; dt != t.seen || t.own == nil {
		return dt.RoundTrip(req)
	}
	return t.own.RoundTrip(req)
}

// CloseIdleConnections closes the tuned transport's idle connections.
func (t *defaultTransport) CloseIdleConnections() {
	if t.own != nil {
		t.own.CloseIdleConnections()
	}
}
