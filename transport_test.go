package juspay_test

// The default transport: TLS floor, header limit, and connection reuse.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestConnectionReuse(t *testing.T) {
	t.Run("serial", func(t *testing.T) { // 20 calls use one connection
		s, c := newFake(t)
		_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: faultCustomerID, MobileNumber: "9988776655"})
		require.NoError(t, err)
		for i := 0; i < 20; i++ {
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			require.NoError(t, err)
		}
		assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 20)
		assert.Equal(t, int64(1), s.NewConnections())
	})

	t.Run("drained", func(t *testing.T) { // short error bodies: 20 serial 404s and 503s use one connection
		s, c := newFake(t, juspay.WithMaxRetries(0))
		for i := 0; i < 20; i++ {
			if i%2 == 1 {
				s.FailNext(juspaytest.RouteGet, 1, http.StatusServiceUnavailable, "<html><body>"+strings.Repeat("busy ", 200)+"</body></html>")
			}
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			ae := apiError(t, err)
			assert.Contains(t, []int{404, 503}, ae.HTTPStatus)
		}
		assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 20)
		assert.Equal(t, int64(1), s.NewConnections())
	})

	// net/http does not cancel a dial that a freed connection made needless:
	// the dialled one joins the idle pool. So under load a few more than 64
	// connections may open, and on a starved machine a handful close, but
	// with a pool big enough almost none do. With net/http's 2 idle per
	// host, hundreds open and nearly all close.
	t.Run("parallel", func(t *testing.T) { // 64 goroutines x 20 calls do not churn connections
		const workers, calls, slack = 64, 20, 16
		var hits, opened, closed atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			writeFor(w, r, 200, sampleCustomer)
		}))
		srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			switch st {
			case http.StateNew:
				opened.Add(1)
			case http.StateClosed, http.StateHijacked:
				closed.Add(1)
			}
		}
		srv.Start()
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL) // the default transport
		t.Cleanup(c.CloseIdleConnections)
		var (
			wg       sync.WaitGroup
			failures atomic.Int32
			firstErr atomic.Value
		)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < calls; i++ {
					if _, err := c.GetCustomer(context.Background(), lookupRequest()); err != nil {
						failures.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
				}
			}()
		}
		wg.Wait()
		assert.Zero(t, failures.Load(), "first error: %v", firstErr.Load())
		assert.Equal(t, int32(workers*calls), hits.Load())
		assert.LessOrEqual(t, closed.Load(), int32(slack), "connections churn: closed during the run")
		assert.LessOrEqual(t, opened.Load(), int32(2*workers), "connections churn: opened")
	})
}

// TestDefaultTransportTLSFloor: whatever TLS settings http.DefaultTransport
// has when the client is built, the client's own transport speaks TLS 1.2
// or newer, and keeps a higher floor. Not parallel: it replaces
// http.DefaultTransport.
func TestDefaultTransportTLSFloor(t *testing.T) {
	// trusting is a transport that trusts srv's certificate, with the given
	// TLS floor.
	trusting := func(srv *httptest.Server, floor uint16) http.RoundTripper {
		tr := srv.Client().Transport.(*http.Transport).Clone()
		tr.TLSClientConfig.MinVersion = floor
		return tr
	}
	for _, tc := range []struct {
		name                 string
		serverMin, serverMax uint16
		defaultTransport     func(srv *httptest.Server) http.RoundTripper
		ok                   bool
	}{
		{"control", tls.VersionTLS12, tls.VersionTLS12,
			func(srv *httptest.Server) http.RoundTripper { return trusting(srv, 0) }, true},
		{"raise10", tls.VersionTLS10, tls.VersionTLS11,
			func(srv *httptest.Server) http.RoundTripper { return trusting(srv, tls.VersionTLS10) }, false},
		{"keep13", tls.VersionTLS12, tls.VersionTLS12,
			func(srv *httptest.Server) http.RoundTripper { return trusting(srv, tls.VersionTLS13) }, false},
		{"noConfig", tls.VersionTLS10, tls.VersionTLS11,
			func(*httptest.Server) http.RoundTripper {
				return &http.Transport{TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{}}
			}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeFor(w, r, 200, sampleCustomer)
			}))
			srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes
			srv.TLS = &tls.Config{MinVersion: tc.serverMin, MaxVersion: tc.serverMax}
			srv.StartTLS()
			t.Cleanup(srv.Close)

			saved := http.DefaultTransport
			http.DefaultTransport = tc.defaultTransport(srv)
			t.Cleanup(func() { http.DefaultTransport = saved })
			c := newClient(t, srv.URL)
			t.Cleanup(c.CloseIdleConnections)

			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
				return
			}
			requestError(t, err)
			assert.Contains(t, err.Error(), "protocol version")
		})
	}
}

func TestDefaultTransportLimits(t *testing.T) {
	t.Parallel()
	t.Run("tls11", func(t *testing.T) { // a TLS 1.1 server is refused, and not retried
		t.Parallel()
		var handshakes atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeFor(w, r, 200, sampleCustomer)
		}))
		srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				handshakes.Add(1)
			}
		}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes
		srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
		srv.StartTLS()
		t.Cleanup(srv.Close)

		// Control: the server does speak TLS 1.1 to a client that allows it.
		ctl := srv.Client()
		tr := ctl.Transport.(*http.Transport).Clone()
		tr.TLSClientConfig.MinVersion = tls.VersionTLS10
		ctl.Transport = tr
		resp, err := ctl.Get(srv.URL)
		require.NoError(t, err, "control: the test server does not speak TLS 1.1")
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, uint16(tls.VersionTLS11), resp.TLS.Version)
		tr.CloseIdleConnections()
		before := handshakes.Load()

		c := newClient(t, srv.URL) // the default transport
		_, err = c.GetCustomer(context.Background(), lookupRequest())
		re := requestError(t, err)
		assert.Contains(t, err.Error(), "protocol version")
		assert.Equal(t, 0, re.HTTPStatus)
		assert.Equal(t, 1, re.Attempts, "a TLS failure is not retried")
		assert.False(t, juspay.IsRetryable(err))
		assert.Eventually(t, func() bool { return handshakes.Load() >= before+1 }, 2*time.Second, 5*time.Millisecond)
		assert.Equal(t, before+1, handshakes.Load(), "TLS handshakes")
		checkErrorText(t, err, opGet)
	})

	t.Run("bigHeaders", func(t *testing.T) { // over 64 KiB are refused; a caller's client is used as given
		t.Parallel()
		big := strings.Repeat("a", 100<<10)
		handler := func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Big", big)
			writeFor(w, r, 200, sampleCustomer)
		}
		_, c := newServer(t, handler)
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		re := requestError(t, err)
		assert.Equal(t, 0, re.HTTPStatus)
		checkErrorText(t, err, opGet)

		_, given := newServer(t, handler, juspay.WithHTTPClient(&http.Client{}))
		cust, err := given.GetCustomer(context.Background(), lookupRequest())
		require.NoError(t, err, "the caller's client has net/http's own limit")
		assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
	})
}

// TestNewTransport: a new tuned transport each call, which a custom CA can
// be added to.
func TestNewTransport(t *testing.T) {
	a, b := juspay.NewTransport(), juspay.NewTransport()
	require.NotSame(t, a, b)
	require.NotSame(t, a.TLSClientConfig, b.TLSClientConfig)
	assert.Equal(t, uint16(tls.VersionTLS12), a.TLSClientConfig.MinVersion)
	assert.True(t, a.ForceAttemptHTTP2)
	assert.Equal(t, int64(64<<10), a.MaxResponseHeaderBytes)
	assert.Equal(t, 100, a.MaxIdleConnsPerHost)
	assert.NotNil(t, a.Proxy)
	assert.NotNil(t, a.DialContext)
	// net/http's defaults, kept.
	assert.Equal(t, 90*time.Second, a.IdleConnTimeout)
	assert.Equal(t, 10*time.Second, a.TLSHandshakeTimeout)
	assert.Equal(t, time.Second, a.ExpectContinueTimeout)

	// A custom CA: the server's certificate is trusted only through it.
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		write(w, http.StatusOK, sampleCustomer)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	srv.StartTLS()
	t.Cleanup(srv.Close)
	req := &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"}
	plain := newClient(t, srv.URL, juspay.WithHTTPClient(&http.Client{Transport: juspay.NewTransport()}), juspay.WithMaxRetries(0))
	_, err := plain.GetCustomer(context.Background(), req)
	var unknown x509.UnknownAuthorityError
	require.ErrorAs(t, err, &unknown)

	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	tr := juspay.NewTransport()
	tr.TLSClientConfig.RootCAs = pool
	hc := &http.Client{Transport: tr}
	for _, merchant := range []string{"merchant_a", "merchant_b"} { // one transport, a Client per merchant
		c, err := juspay.NewClient(testAPIKey, merchant, juspay.WithBaseURL(srv.URL), juspay.WithHTTPClient(hc))
		require.NoError(t, err)
		_, err = c.GetCustomer(context.Background(), req)
		require.NoError(t, err, merchant)
	}
}
