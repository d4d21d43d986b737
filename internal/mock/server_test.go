package mock

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestBaseURL(t *testing.T) {
	tests := []struct {
		scheme, addr string
		bound        net.Addr
		want         string
	}{
		{"http", "127.0.0.1:0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}, "http://127.0.0.1:41234"},
		{"https", "127.0.0.1:8080", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "https://127.0.0.1:8080"},
		{"http", "[::1]:0", &net.TCPAddr{IP: net.IPv6loopback, Port: 5}, "http://[::1]:5"},
		{"http", "localhost:0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5}, "http://localhost:5"},
		{"http", ":8080", &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://127.0.0.1:8080"},
		{"http", "0.0.0.0:1", &net.TCPAddr{IP: net.IPv4zero, Port: 1}, "http://127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			assert.Equal(t, tt.want, baseURL(tt.scheme, tt.addr, tt.bound))
		})
	}
}

func TestStartServeStop(t *testing.T) {
	var logs syncBuffer
	m, err := Start(Config{Addr: "127.0.0.1:0", APIKey: "KEY_FIXED", MerchantID: "merchant_fixed", StrictRoutingID: true}, &logs)
	require.NoError(t, err)
	assert.Equal(t, "KEY_FIXED", m.Ready().APIKey)
	assert.Equal(t, "merchant_fixed", m.Ready().MerchantID)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, m.Ready().URL)
	served := make(chan error, 1)
	go func() { served <- m.Serve() }()

	req := sampleCreate(t, m.Ready().URL, "KEY_FIXED", "merchant_fixed", "user-000001")
	req.Header.Del("x-routing-id")
	assert.Equal(t, http.StatusBadRequest, send(t, nil, req).status, "-strict-routing-id")
	assert.Equal(t, http.StatusOK, send(t, nil, sampleCreate(t, m.Ready().URL, "KEY_FIXED", "merchant_fixed", "user-000001")).status)

	m.Stop(context.Background())
	require.NoError(t, within(t, served))
	_, err = net.Dial("tcp", m.Ready().URL[len("http://"):])
	assert.Error(t, err, "the port is closed")
}

func TestStartReportsABusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = busy.Close() })
	_, err = Start(Config{Addr: busy.Addr().String(), TLS: true}, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen tcp "+busy.Addr().String())
}

// TestStartTLS: the certificate names the -tls-host names, the CA is in the
// -ca-out file, kept after Stop, or in a temporary file Stop removes.
func TestStartTLS(t *testing.T) {
	caOut := filepath.Join(t.TempDir(), "ca.pem")
	tests := []struct {
		name  string
		cfg   Config
		host  string // the name the client dials, resolved to the listener
		kept  bool
		caOut string
	}{
		{"a compose service, CA kept", Config{TLSHosts: []string{"juspay-mock", "10.1.2.3"}, CAOut: caOut}, "juspay-mock", true, caOut},
		{"a temporary CA", Config{}, "localhost", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Addr, cfg.TLS, cfg.APIKey, cfg.MerchantID = "127.0.0.1:0", true, "KEY_1", "merchant_1"
			var logs bytes.Buffer
			m, err := Start(cfg, &logs)
			require.NoError(t, err)
			served := make(chan error, 1)
			go func() { served <- m.Serve() }()
			ready := m.Ready()
			assert.Regexp(t, `^https://127\.0\.0\.1:\d+$`, ready.URL)
			if tt.caOut != "" {
				assert.Equal(t, tt.caOut, ready.CACert)
			}
			caPEM, err := os.ReadFile(ready.CACert)
			require.NoError(t, err)
			roots := x509.NewCertPool()
			require.True(t, roots.AppendCertsFromPEM(caPEM))
			u, err := url.Parse(ready.URL)
			require.NoError(t, err)
			client := &http.Client{Timeout: waitLimit, Transport: &http.Transport{
				TLSClientConfig: &tls.Config{RootCAs: roots},
				DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) { // curl --resolve
					return (&net.Dialer{}).DialContext(ctx, network, u.Host)
				},
			}}
			req, err := http.NewRequest(http.MethodGet, "https://"+net.JoinHostPort(tt.host, u.Port())+"/__admin/clock", nil)
			require.NoError(t, err)
			req.SetBasicAuth("KEY_1", "")
			resp, err := client.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			client.CloseIdleConnections()

			m.Stop(context.Background())
			require.NoError(t, within(t, served))
			if tt.kept {
				assert.FileExists(t, ready.CACert, "-ca-out stays after exit")
			} else {
				assert.NoFileExists(t, ready.CACert, "a temporary CA goes")
			}
			assert.NotContains(t, logs.String(), "removing the CA file", "nothing went wrong")
			assert.Contains(t, logs.String(), " GET /__admin/clock 200 ")
		})
	}
	_, err := Start(Config{Addr: "127.0.0.1:0", TLS: true, CAOut: filepath.Join(t.TempDir(), "no", "dir", "ca.pem")}, io.Discard)
	assert.ErrorContains(t, err, "writing the CA file: open ")
}

func TestStartRefusesABadSeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(path, []byte(`[{"object_reference_id":"user-000001"},{"object_reference_id":"user-000001"}]`), 0o600))
	_, err := Start(Config{Addr: "127.0.0.1:0", SeedFile: path}, io.Discard)
	assert.EqualError(t, err, "seed "+path+": customers[1]: juspaytest: AddCustomer: object_reference_id already exists")
	_, err = Start(Config{Addr: "127.0.0.1:0", SeedFile: filepath.Join(t.TempDir(), "none.json")}, io.Discard)
	assert.ErrorContains(t, err, "none.json: no such file")
}

func TestOneLine(t *testing.T) {
	assert.Equal(t, "a b c d", OneLine("a\r\nb\nc\rd"))
}

// TestBaseURLIPv6EveryInterfaceIsLoopback pins that "[::]:8080" is every
// interface, as "0.0.0.0" is, for the URL the mock prints: a client reaches
// it on 127.0.0.1, never on "[::]", which is no address to dial.
func TestBaseURLIPv6EveryInterfaceIsLoopback(t *testing.T) {
	for _, addr := range []string{"[::]:8080", "0.0.0.0:8080", "[0:0:0:0:0:0:0:0]:8080", ":8080"} {
		assert.Equal(t, "http://127.0.0.1:8080", baseURL("http", addr, &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}), addr)
	}
	assert.Equal(t, "https://[::1]:8080", baseURL("https", "[::1]:8080", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}), "a loopback address is kept")
}

// started starts a mock with cfg on 127.0.0.1:0, serving, and stops it at
// the end of the test. It returns the mock and its log.
func started(t *testing.T, cfg Config) (*Mock, *syncBuffer) {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	logs := &syncBuffer{}
	m, err := Start(cfg, logs)
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- m.Serve() }()
	t.Cleanup(func() {
		m.Stop(context.Background())
		assert.NoError(t, within(t, served))
	})
	return m, logs
}

// TestStartBounds: each bound of Config reaches the server, a zero one
// taking its default.
func TestStartBounds(t *testing.T) {
	m, _ := started(t, Config{})
	assert.Equal(t, DefaultReadHeaderTimeout, m.srv.ReadHeaderTimeout)
	assert.Equal(t, DefaultIdleTimeout, m.srv.IdleTimeout)
	assert.Equal(t, DefaultMaxHeaderBytes, m.srv.MaxHeaderBytes)
	assert.Equal(t, DefaultMaxConns, cap(m.ln.(*cappedListener).slots))
	assert.Zero(t, m.srv.ReadTimeout, "the body's timeout is the handler's: a delay fault may outlast it")
	assert.Zero(t, m.srv.WriteTimeout, "a delay fault may hold an answer as long as it says")

	m, _ = started(t, Config{ReadHeaderTimeout: time.Second, IdleTimeout: 2 * time.Second, MaxHeaderBytes: 3, MaxConns: 4})
	assert.Equal(t, time.Second, m.srv.ReadHeaderTimeout)
	assert.Equal(t, 2*time.Second, m.srv.IdleTimeout)
	assert.Equal(t, 3, m.srv.MaxHeaderBytes)
	assert.Equal(t, 4, cap(m.ln.(*cappedListener).slots))
}

// rawConn dials addr (a base URL) and sends what.
func rawConn(t *testing.T, base, what string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(waitLimit)))
	if what != "" {
		_, err = io.WriteString(c, what)
		require.NoError(t, err)
	}
	return c
}

// readAnswer reads one answer from br.
func readAnswer(t *testing.T, br *bufio.Reader) reply {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// endsWithin tells whether the server closes c within waitLimit, reading
// and dropping whatever it sends first.
func endsWithin(t *testing.T, c net.Conn) bool {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(waitLimit)))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !errors.As(err, &ne) || !ne.Timeout()
}

// getClock is a control request on a kept-alive connection.
func getClock(key string) string {
	return "GET /__admin/clock HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic " + b64(key+":") + "\r\n\r\n"
}

// TestServerClosesIdleAndSlowConnections: a kept-alive connection without
// a request is closed after the idle timeout; one whose header does not
// arrive in time after the header timeout; a header block over the cap is
// answered 431.
func TestServerClosesIdleAndSlowConnections(t *testing.T) {
	m, _ := started(t, Config{APIKey: "KEY_1", IdleTimeout: 50 * time.Millisecond, ReadHeaderTimeout: 50 * time.Millisecond, MaxHeaderBytes: 1024})
	base := m.Ready().URL

	idle := rawConn(t, base, getClock("KEY_1"))
	assert.Equal(t, http.StatusOK, readAnswer(t, bufio.NewReader(idle)).status)
	assert.True(t, endsWithin(t, idle), "an idle connection is closed")

	slow := rawConn(t, base, "GET /__admin/clock HTTP/1.1\r\nHost: mock\r\n")
	assert.True(t, endsWithin(t, slow), "a header that never ends")

	big := rawConn(t, base, "GET /customers/x HTTP/1.1\r\nHost: mock\r\nX-Big: "+strings.Repeat("h", 8<<10)+"\r\n\r\n")
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, readAnswer(t, bufio.NewReader(big)).status)
}

// TestServerCapsConnections: at the cap a new connection waits, here until
// the idle ones close after the idle timeout; the log says so once.
func TestServerCapsConnections(t *testing.T) {
	m, logs := started(t, Config{APIKey: "KEY_1", MaxConns: 2, IdleTimeout: 300 * time.Millisecond})
	base := m.Ready().URL
	for round := range 2 {
		var idle []net.Conn
		for range 2 {
			c := rawConn(t, base, getClock("KEY_1"))
			assert.Equal(t, http.StatusOK, readAnswer(t, bufio.NewReader(c)).status)
			idle = append(idle, c)
		}
		third := rawConn(t, base, getClock("KEY_1"))
		require.NoError(t, third.SetReadDeadline(time.Now().Add(100*time.Millisecond)))
		_, err := third.Read(make([]byte, 1))
		var ne net.Error
		require.ErrorAs(t, err, &ne, "round %d: no answer at the cap", round)
		assert.True(t, ne.Timeout())
		require.NoError(t, third.SetReadDeadline(time.Now().Add(waitLimit)))
		assert.Equal(t, http.StatusOK, readAnswer(t, bufio.NewReader(third)).status, "round %d: served once the idle ones closed", round)
		for _, c := range idle {
			assert.True(t, endsWithin(t, c), "round %d: the idle ones were closed", round)
		}
		require.NoError(t, third.Close())
		// Every connection closed: the only slot taken is the one Accept holds
		// while it waits for the next.
		require.Eventually(t, func() bool { return len(m.ln.(*cappedListener).slots) == 1 }, waitLimit, time.Millisecond)
	}
	assert.Equal(t, 1, strings.Count(logs.String(), "2 connections open, the cap (-max-conns): new ones wait until one closes (an idle one after -idle-timeout)"),
		"once: %s", logs.String())
}

// TestServerCapWaitsForActiveConnections: at the cap with every connection
// busy, a new connection waits, and is served when one closes.
func TestServerCapWaitsForActiveConnections(t *testing.T) {
	m, _ := started(t, Config{APIKey: "KEY_1", MaxConns: 1})
	base := m.Ready().URL
	busy := rawConn(t, base, "GET /__admin/clock HTTP/1.1\r\nHost: mock\r\n") // a header not yet ended: active
	waiting := make(chan reply, 1)
	go func() {
		req := adminReq(t, base, "KEY_1", "GET", "/__admin/clock", "")
		waiting <- send(t, nil, req)
	}()
	select {
	case <-waiting:
		t.Fatal("served while the only slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	require.NoError(t, busy.Close())
	assert.Equal(t, http.StatusOK, within(t, waiting).status)
}

// selfSigned makes a self-signed certificate for 127.0.0.1, as openssl
// req -x509 does, and writes it and its key as PEM files.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "juspay-mock test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestStartWithTheCallersCertificate: -tls-cert and -tls-key serve that
// certificate, which a client trusting it accepts; there is no CA file.
func TestStartWithTheCallersCertificate(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	m, _ := started(t, Config{APIKey: "KEY_1", TLSCert: certFile, TLSKey: keyFile})
	assert.Regexp(t, `^https://127\.0\.0\.1:\d+$`, m.Ready().URL)
	assert.Empty(t, m.Ready().CACert, "the caller knows what it trusts")
	client := &http.Client{Timeout: waitLimit, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	t.Cleanup(client.CloseIdleConnections)
	assert.Equal(t, http.StatusOK, send(t, client, adminReq(t, m.Ready().URL, "KEY_1", "GET", "/__admin/clock", "")).status)
	_, err := (&http.Client{Timeout: waitLimit}).Get(m.Ready().URL + "/__admin/clock")
	var unknown x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &unknown, "served over TLS with that certificate only")

	_, err = Start(Config{Addr: "127.0.0.1:0", TLSCert: certFile, TLSKey: certFile}, io.Discard)
	assert.ErrorContains(t, err, "-tls-cert "+certFile+", -tls-key "+certFile+": tls: ")
	_, err = Start(Config{Addr: "127.0.0.1:0", TLSCert: filepath.Join(t.TempDir(), "none.pem"), TLSKey: keyFile}, io.Discard)
	assert.ErrorContains(t, err, "-tls-cert: stat ")
	_, err = Start(Config{Addr: "127.0.0.1:0", TLSCert: certFile, TLSKey: t.TempDir()}, io.Discard)
	assert.ErrorContains(t, err, "-tls-key: ")
	assert.ErrorContains(t, err, ": not a regular file")
}

// TestStopHurriesWhenAsked: Stop waits for a request in flight, but not
// once its context is done; the temporary CA file goes either way.
func TestStopHurriesWhenAsked(t *testing.T) {
	m, err := Start(Config{Addr: "127.0.0.1:0", APIKey: "KEY_1", TLS: true}, io.Discard)
	require.NoError(t, err)
	go func() { _ = m.Serve() }()
	caPEM, err := os.ReadFile(m.Ready().CACert)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	c, err := tls.Dial("tcp", strings.TrimPrefix(m.Ready().URL, "https://"), &tls.Config{RootCAs: roots})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	// A body that never ends: the request stays in flight.
	_, err = io.WriteString(c, "POST /__admin/clock HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic "+b64("KEY_1:")+"\r\nContent-Length: 10\r\n\r\n{")
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond) // let it be read

	hurry, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		m.Stop(hurry)
		close(stopped)
	}()
	select {
	case <-stopped:
		t.Fatal("Stop did not wait for the request in flight")
	case <-time.After(200 * time.Millisecond):
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(shutdownGrace - time.Second):
		t.Fatal("Stop kept waiting once its context was done")
	}
	assert.NoFileExists(t, m.Ready().CACert)
}

// TestLogBroken: the first failed write to the log closes LogBroken.
func TestLogBroken(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	m, err := Start(Config{Addr: "127.0.0.1:0"}, w)
	require.NoError(t, err)
	t.Cleanup(func() { m.Stop(context.Background()) })
	m.Logf("read")
	select {
	case <-m.LogBroken():
		t.Fatal("broken while read")
	default:
	}
	require.NoError(t, r.Close())
	m.Logf("nobody reads this")
	m.Logf("nor this")
	within(t, m.LogBroken())
	require.NoError(t, w.Close())
}

// TestStartFreshCardTokensAndLimits: -fresh-card-tokens makes every List
// Cards issue new tokens; the limits reach juspaytest.
func TestStartFreshCardTokensAndLimits(t *testing.T) {
	listTwice := func(t *testing.T, cfg Config) (first, second string) {
		cfg.APIKey, cfg.MerchantID = "KEY_1", "merchant_1"
		m, _ := started(t, cfg)
		adminOK(t, m.Ready().URL, "KEY_1", "POST", "/__admin/seed", `[{"object_reference_id":"user-000001","cards":[{"card_brand":"VISA"}]}]`)
		c := sdkClient(t, m.Ready().URL, "KEY_1", "merchant_1", nil)
		var tokens []string
		for range 2 {
			list, err := c.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: "user-000001"})
			require.NoError(t, err)
			require.Len(t, list.Cards, 1)
			tokens = append(tokens, list.Cards[0].Token)
		}
		rep := send(t, nil, sampleCreate(t, m.Ready().URL, "KEY_1", "merchant_1", "user-000002"))
		if cfg.Limits.Customers == 1 {
			assert.Equal(t, http.StatusInsufficientStorage, rep.status, "over -max-customers")
		} else {
			assert.Equal(t, http.StatusOK, rep.status)
		}
		return tokens[0], tokens[1]
	}
	first, second := listTwice(t, Config{FreshCardTokens: true, Limits: juspaytest.Limits{Customers: 1}})
	assert.NotEqual(t, first, second, "a new token each list")
	first, second = listTwice(t, Config{})
	assert.Equal(t, first, second, "by default a card keeps its token")
}
