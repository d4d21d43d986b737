package main

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

// mock is the running program: juspaytest's server, and the HTTP server
// that serves its handler on the -addr listener.
type mock struct {
	s     *juspaytest.Server
	srv   *http.Server
	ln    net.Listener
	log   *log.Logger
	ready readyLine
	fresh freshConns
}

// start seeds a juspaytest server and listens on cfg.addr, ready to serve.
// On error it undoes what it did.
func start(cfg config, stderr io.Writer) (_ *mock, err error) {
	var entries []seedEntry
	if cfg.seedFile != "" {
		if entries, err = readSeedFile(cfg.seedFile); err != nil {
			return nil, err
		}
	}
	opts := []juspaytest.Option{juspaytest.WithCredentials(cfg.apiKey, cfg.merchantID)}
	if cfg.strictRoutingID {
		opts = append(opts, juspaytest.WithStrictRoutingID())
	}
	m := &mock{s: juspaytest.NewServer(opts...), log: log.New(stderr, "", log.Ltime|log.Lmicroseconds)}
	m.srv = &http.Server{
		Handler: newHandler(m.s, m.log), ErrorLog: m.log, ReadHeaderTimeout: 10 * time.Second,
		ConnState: m.fresh.track,
	}
	m.srv.RegisterOnShutdown(m.fresh.closeAll)
	m.ready = readyLine{APIKey: m.s.APIKey, MerchantID: m.s.MerchantID}
	defer func() {
		if err != nil {
			m.stop()
		}
	}()
	if _, err := applySeed(m.s, entries); err != nil {
		return nil, fmt.Errorf("seed %s: %w", cfg.seedFile, err)
	}
	if m.ln, err = net.Listen("tcp", cfg.addr); err != nil {
		return nil, err
	}
	scheme := "http"
	if cfg.tls {
		scheme = "https"
		if err := m.setupTLS(cfg.addr); err != nil {
			return nil, err
		}
	}
	m.ready.URL = baseURL(scheme, cfg.addr, m.ln.Addr())
	return m, nil
}

// setupTLS makes the throwaway certificate and writes its CA file.
func (m *mock) setupTLS(addr string) error {
	host, _, _ := net.SplitHostPort(addr)
	cert, caPEM, err := throwawayCert(host, time.Now())
	if err != nil {
		return fmt.Errorf("making the TLS certificate: %w", err)
	}
	if m.ready.CACert, err = writeTempPEM(caPEM); err != nil {
		return fmt.Errorf("writing the CA file: %w", err)
	}
	m.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	// HTTP/1.1 only, as without -tls: a drop fault then closes a connection
	// the same way in both modes.
	m.srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	return nil
}

// serve serves until stop; it returns why it stopped early, if it did.
func (m *mock) serve() error {
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

// stop ends delayed requests, waits up to shutdownGrace for the others, and
// removes the CA file. It also undoes a start that failed half way.
func (m *mock) stop() {
	m.s.Close() // ends Delay faults at once
	if m.ln != nil {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := m.srv.Shutdown(ctx); err != nil {
			_ = m.srv.Close()
		}
		_ = m.ln.Close() // when serve never ran
	}
	if m.ready.CACert != "" {
		if err := os.Remove(m.ready.CACert); err != nil {
			m.log.Printf("removing the CA file: %v", err)
		}
	}
}

// newHandler serves the control routes under adminPrefix and juspaytest's
// handler everywhere else, and logs every request.
func newHandler(s *juspaytest.Server, l *log.Logger) http.Handler {
	api, adm := s.Handler(), newAdmin(s)
	return logRequests(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == strings.TrimSuffix(adminPrefix, "/") || strings.HasPrefix(r.URL.Path, adminPrefix) {
			adm.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	}))
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

// config is the flags.
type config struct {
	addr, apiKey, merchantID, seedFile string
	strictRoutingID, tls               bool
}

// readyLine is the first line on stdout.
type readyLine struct {
	URL        string `json:"url"`
	APIKey     string `json:"api_key"`
	MerchantID string `json:"merchant_id"`
	CACert     string `json:"ca_cert,omitempty"`
}

// oneLine keeps an error message to one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
