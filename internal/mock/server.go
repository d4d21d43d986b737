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
	ready  Ready
	tempCA bool // ready.CACert is a temporary file, removed by Stop
	fresh  freshConns
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
	m := &Mock{s: juspaytest.NewUnstartedServer(opts...), log: log.New(logOut, "", log.Ltime|log.Lmicroseconds)}
	m.srv = &http.Server{
		Handler: NewHandler(m.s, m.log), ErrorLog: m.log, ReadHeaderTimeout: 10 * time.Second,
		ConnState: m.fresh.track,
	}
	m.srv.RegisterOnShutdown(m.fresh.closeAll)
	m.ready = Ready{APIKey: m.s.APIKey, MerchantID: m.s.MerchantID}
	defer func() {
		if err != nil {
			m.Stop()
		}
	}()
	if _, err := applySeed(m.s, entries); err != nil {
		return nil, fmt.Errorf("seed %s: %w", cfg.SeedFile, err)
	}
	if m.ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		return nil, err
	}
	scheme := "http"
	if cfg.TLS {
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

// setupTLS makes the throwaway certificate and writes its CA file.
func (m *Mock) setupTLS(cfg Config) error {
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
	m.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	// HTTP/1.1 only, as without -tls: a drop fault then closes a connection
	// the same way in both modes.
	m.srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	return nil
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

// Stop ends delayed requests, waits up to shutdownGrace for the others,
// and removes a temporary CA file (never the -ca-out one). It also undoes
// a Start that failed half way.
func (m *Mock) Stop() {
	m.s.Close() // ends Delay faults at once
	if m.ln != nil {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
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

// NewHandler serves the control routes under adminPrefix and s's handler
// everywhere else, and logs every request to l by its route template.
func NewHandler(s *juspaytest.Server, l *log.Logger) http.Handler {
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
	return logRequests(l, route, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAdmin(r.URL.Path) {
			adm.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	}))
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

// freshConns holds the connections that have not sent a request yet. A
// client may open one and keep it for later (Go's transport does when a
// dial loses a race to an idle connection), and http.Server.Shutdown would
// wait 5 seconds before it counts such a connection idle; a stop closes
// them at once instead.
type freshConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

// track is an http.Server ConnState hook.
func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if state != http.StateNew {
		delete(f.conns, c)
		return
	}
	if f.conns == nil {
		f.conns = map[net.Conn]struct{}{}
	}
	f.conns[c] = struct{}{}
}

// closeAll closes the connections that have not sent a request yet.
func (f *freshConns) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		_ = c.Close()
	}
	clear(f.conns)
}

// OneLine keeps an error message to one line.
func OneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
