package juspay

import (
	"crypto/tls"
	"net"
	"net/http"
	"time"
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
		t.own = tune(base.Clone())
	}
	return t
}

// NewTransport returns a new transport tuned as the client's default: TLS
// 1.2 or newer, HTTP/2 where offered, the proxy from the environment, at
// most 64 KiB of response headers, and an idle pool of 100 connections
// per host. Each call returns a new one, with its TLSClientConfig set, so
// that you can add a CA or a proxy and pass it in WithHTTPClient while
// keeping the rest:
//
//	t := juspay.NewTransport()
//	t.TLSClientConfig.RootCAs = pool
//	client, err := juspay.NewClient(key, mid, juspay.WithHTTPClient(&http.Client{Transport: t}))
//
// One transport serves any number of Clients (one per merchant, say): they
// then share its pool. It is built from net/http's defaults even when a
// test has replaced http.DefaultTransport.
func NewTransport() *http.Transport {
	// net/http's DefaultTransport settings, copied: http.DefaultTransport
	// itself may have been replaced by a test's mock.
	return tune(&http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	})
}

// tune sets t's TLS floor, HTTP/2, pool and header limit, and returns it.
func tune(t *http.Transport) *http.Transport {
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	if t.TLSClientConfig.MinVersion < tls.VersionTLS12 {
		t.TLSClientConfig.MinVersion = tls.VersionTLS12
	}
	t.ForceAttemptHTTP2 = true
	t.MaxIdleConns = defaultMaxIdleConns
	t.MaxIdleConnsPerHost = defaultMaxIdleConnsPerHost
	t.MaxResponseHeaderBytes = maxResponseHeaderBytes
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
