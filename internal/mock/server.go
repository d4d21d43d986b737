// Package mock is juspay-mock's server: juspaytest's fake of Juspay's
// customer API on one listener, with the control routes under /__admin/,
// seeds, a throwaway TLS certificate and a request log around it. The
// command cmd/juspay-mock is its flags, signals and exit status.
package mock

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seed276dc779/juspay-go/juspaytest"
)

// shutdownGrace is how long a stop waits for requests in flight.
const shutdownGrace = 5 * time.Second

// The defaults of Config's bounds, each taken when its field is zero.
const (
	DefaultReadHeaderTimeout = 10 * time.Second // a request's header must arrive within it
	DefaultReadTimeout       = 30 * time.Second // then its body within it
	DefaultIdleTimeout       = 30 * time.Second // a kept-alive connection is closed after it without a request
	DefaultMaxConns          = 128              // connections open at once; more wait
	DefaultMaxHeaderBytes    = 32 << 10         // a larger header block is answered 431
)

// Config is what the flags set.
type Config struct {
	Addr            string   // host:port to listen on; port 0 picks a free one
	APIKey          string   // the API key to accept; empty: random
	MerchantID      string   // the merchant id to accept; empty: random
	StrictRoutingID bool     // refuse calls without x-routing-id
	SeedFile        string   // a seed file to start with; empty: none
	TLS             bool     // serve HTTPS with a throwaway certificate
	TLSHosts        []string // more DNS names or IPs for the certificate
	CAOut           string   // with TLS, also write the CA's PEM here, kept after exit
	TLSCert, TLSKey string   // serve HTTPS with this certificate (PEM, the chain) and its key, files the caller made
	FreshCardTokens bool     // every List Cards issues new card tokens (juspaytest.WithFreshCardTokens)

	// Limits caps the state; a zero field keeps juspaytest's default.
	Limits juspaytest.Limits

	ReadHeaderTimeout time.Duration // default DefaultReadHeaderTimeout
	ReadTimeout       time.Duration // for a body, once its header is read; default DefaultReadTimeout
	IdleTimeout       time.Duration // default DefaultIdleTimeout
	MaxConns          int           // default DefaultMaxConns
	MaxHeaderBytes    int           // default DefaultMaxHeaderBytes
}

// orDefault is v, or def when v is zero.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Ready is the first line on stdout: where the mock listens and what it
// accepts.
type Ready struct {
	URL        string `json:"url"`
	APIKey     string `json:"api_key"`
	MerchantID string `json:"merchant_id"`
	CACert     string `json:"ca_cert,omitempty"` // with TLS: the PEM file of the CA to trust
}

// Mock is the running server: juspaytest's handler, and the HTTP server
// that serves it with the control routes on the one listener.
type Mock struct {
	s      *juspaytest.Server
	srv    *http.Server
	ln     net.Listener
	log    *log.Logger
	logOut *watchedWriter
	ready  Ready
	tempCA bool // ready.CACert is a temporary file, removed by Stop
	conns  connStates
	full   sync.Once // logs the first time the connection cap is reached
}

// Start seeds a juspaytest server and listens on cfg.Addr, ready to Serve;
// the request log goes to logOut. On error it undoes what it did.
func Start(cfg Config, logOut io.Writer) (_ *Mock, err error) {
	var entries []seedEntry
	if cfg.SeedFile != "" {
		if entries, err = readSeedFile(cfg.SeedFile); err != nil {
			return nil, err
		}
	}
	opts := []juspaytest.Option{juspaytest.WithCredentials(cfg.APIKey, cfg.MerchantID)}
	if cfg.StrictRoutingID {
		opts = append(opts, juspaytest.WithStrictRoutingID())
	}
	if cfg.FreshCardTokens {
		opts = append(opts, juspaytest.WithFreshCardTokens())
	}
	opts = append(opts, juspaytest.WithLimits(cfg.Limits))
	m := &Mock{s: juspaytest.NewUnstartedServer(opts...), logOut: newWatchedWriter(logOut)}
	m.log = log.New(m.logOut, "", log.Ltime|log.Lmicroseconds)
	m.srv = &http.Server{
		Handler:           newHandler(m.s, m.log, orDefault(cfg.ReadTimeout, DefaultReadTimeout)),
		ErrorLog:          m.log,
		ReadHeaderTimeout: orDefault(cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		IdleTimeout:       orDefault(cfg.IdleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    orDefault(cfg.MaxHeaderBytes, DefaultMaxHeaderBytes),
		ConnState:         m.conns.track,
	}
	m.srv.RegisterOnShutdown(func() { m.conns.closeIn(http.StateNew) })
	m.ready = Ready{APIKey: m.s.APIKey, MerchantID: m.s.MerchantID}
	defer func() {
		if err != nil {
			m.Stop(context.Background())
		}
	}()
	if _, err := applySeed(m.s, entries); err != nil {
		return nil, fmt.Errorf("seed %s: %w", cfg.SeedFile, err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	maxConns := orDefault(cfg.MaxConns, DefaultMaxConns)
	m.ln = newCappedListener(ln, maxConns, func() {
		m.full.Do(func() {
			m.log.Printf("%d connections open, the cap (-max-conns): new ones wait until one closes (an idle one after -idle-timeout)", maxConns)
		})
	})
	scheme := "http"
	if cfg.TLS || cfg.TLSCert != "" {
		scheme = "https"
		if err := m.setupTLS(cfg); err != nil {
			return nil, err
		}
	}
	m.ready.URL = baseURL(scheme, cfg.Addr, m.ln.Addr())
	return m, nil
}

// Ready is the first line to print.
func (m *Mock) Ready() Ready { return m.ready }

// Logf writes one line to the log.
func (m *Mock) Logf(format string, args ...any) { m.log.Printf(format, args...) }

// LogBroken is closed when a write to the log first fails: whoever read
// it is gone.
func (m *Mock) LogBroken() <-chan struct{} { return m.logOut.broken }

// setupTLS loads the caller's certificate, or makes the throwaway one and
// writes its CA file.
func (m *Mock) setupTLS(cfg Config) error {
	if cfg.TLSCert != "" {
		cert, err := loadCert(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return err
		}
		m.serveTLS(cert)
		return nil
	}
	host, _, _ := net.SplitHostPort(cfg.Addr)
	cert, caPEM, err := throwawayCert(append([]string{host}, cfg.TLSHosts...), time.Now())
	if err != nil {
		return fmt.Errorf("making the TLS certificate: %w", err)
	}
	if cfg.CAOut != "" {
		m.ready.CACert, err = cfg.CAOut, writePEMFile(cfg.CAOut, caPEM)
	} else {
		m.ready.CACert, err = writeTempPEM("", caPEM)
		m.tempCA = err == nil
	}
	if err != nil {
		return fmt.Errorf("writing the CA file: %w", err)
	}
	m.serveTLS(cert)
	return nil
}

// serveTLS makes the server serve HTTPS with cert.
func (m *Mock) serveTLS(cert tls.Certificate) {
	m.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	// HTTP/1.1 only, as without TLS: a drop fault then closes a connection
	// the same way in both modes.
	m.srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
}

// Serve serves until Stop; it returns why it stopped early, if it did.
func (m *Mock) Serve() error {
	var err error
	if m.srv.TLSConfig != nil {
		err = m.srv.ServeTLS(m.ln, "", "")
	} else {
		err = m.srv.Serve(m.ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Stop ends delayed requests, waits up to shutdownGrace for the others (or
// until ctx is done: a second signal), closes every connection, and
// removes a temporary CA file (never the -ca-out one). It also undoes a
// Start that failed half way.
func (m *Mock) Stop(ctx context.Context) {
	m.s.Close() // ends Delay faults at once
	if m.ln != nil {
		ctx, cancel := context.WithTimeout(ctx, shutdownGrace)
		defer cancel()
		if err := m.srv.Shutdown(ctx); err != nil {
			_ = m.srv.Close()
		}
		_ = m.ln.Close() // when Serve never ran
	}
	if m.tempCA {
		if err := os.Remove(m.ready.CACert); err != nil {
			m.log.Printf("removing the CA file: %v", err)
		}
	}
}

// newHandler serves the control routes under adminPrefix and s's handler
// everywhere else, receives bodies within readTimeout (see receiveBodies),
// and logs every request to l by its route template.
func newHandler(s *juspaytest.Server, l *log.Logger, readTimeout time.Duration) http.Handler {
	api, adm := s.Handler(), newAdmin(s)
	route := func(r *http.Request) string {
		if isAdmin(r.URL.Path) {
			return adm.template(r)
		}
		if rt := juspaytest.RouteOf(r); rt != "" {
			return string(rt)
		}
		return r.Method + " " + unknownPath
	}
	gate := make(chan struct{}, bigBodies)
	return logRequests(l, route, receiveBodies(readTimeout, gate, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAdmin(r.URL.Path) {
			adm.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})))
}

// isAdmin tells whether path is a control route's.
func isAdmin(path string) bool {
	return path == strings.TrimSuffix(adminPrefix, "/") || strings.HasPrefix(path, adminPrefix)
}

// baseURL is the URL clients use: the -addr host (127.0.0.1 when it names
// every interface) and the port actually bound.
func baseURL(scheme, addr string, bound net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	port := ""
	if tcp, ok := bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	}
	return (&url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port)}).String()
}

// OneLine keeps an error message to one line.
func OneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
