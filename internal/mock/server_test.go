package mock

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

	m.Stop()
	require.NoError(t, <-served)
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
			client := &http.Client{Transport: &http.Transport{
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

			m.Stop()
			require.NoError(t, <-served)
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

func TestServerLimits(t *testing.T) {
	m, err := Start(Config{Addr: "127.0.0.1:0"}, io.Discard)
	require.NoError(t, err)
	t.Cleanup(m.Stop)
	assert.Equal(t, 10*time.Second, m.srv.ReadHeaderTimeout, "a client that never ends its headers is dropped")
}

// TestFreshConnsClosesOnlyIdleNewOnes: a stop closes connections that never
// sent a request, and no other.
func TestFreshConnsClosesOnlyIdleNewOnes(t *testing.T) {
	var f freshConns
	fresh, freshPeer := net.Pipe()
	used, usedPeer := net.Pipe()
	t.Cleanup(func() {
		for _, c := range []net.Conn{fresh, freshPeer, used, usedPeer} {
			_ = c.Close()
		}
	})
	f.track(fresh, http.StateNew)
	f.track(used, http.StateNew)
	f.track(used, http.StateActive)
	f.closeAll()
	_, err := freshPeer.Write([]byte("x"))
	assert.ErrorIs(t, err, io.ErrClosedPipe, "the fresh one is closed")
	go func() { _, _ = usedPeer.Write([]byte("x")) }()
	b := make([]byte, 1)
	_, err = used.Read(b)
	assert.NoError(t, err, "the used one stays open")
	f.closeAll() // twice is safe
}

func TestOneLine(t *testing.T) {
	assert.Equal(t, "a b c d", OneLine("a\r\nb\nc\rd"))
}
