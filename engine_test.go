package juspay_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// TestTransportErrorsKeepNoURL: a caller's RoundTripper may wrap a
// *url.Error deep in its own errors, or print the URL: the error text never
// holds the URL, so never the customer id in it, at any layer.
func TestTransportErrorsKeepNoURL(t *testing.T) {
	const id = "jane.doe@example.com"
	boom := errors.New("boom")
	cases := map[string]func(*http.Request) error{
		"wrapped": func(r *http.Request) error {
			return fmt.Errorf("proxy: %w", &url.Error{Op: "Get", URL: r.URL.String(), Err: boom})
		},
		"twoLayers": func(r *http.Request) error {
			inner := &url.Error{Op: "Get", URL: r.URL.String(), Err: boom}
			return fmt.Errorf("retrying: %w", fmt.Errorf("proxy: %w", inner))
		},
		"joined": func(r *http.Request) error {
			return errors.Join(boom, &url.Error{Op: "Post", URL: r.URL.String(), Err: boom})
		},
		"printed": func(r *http.Request) error { return fmt.Errorf("cannot reach %s: %w", r.URL, boom) },
		"path":    func(r *http.Request) error { return fmt.Errorf("cannot reach %s: %w", r.URL.EscapedPath(), boom) },
	}
	for name, fail := range cases {
		t.Run(name, func(t *testing.T) {
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) { return nil, fail(r) })}
			c := newClient(t, "https://api.example.com", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0))
			_, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: id})
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "jane")
			assert.NotContains(t, err.Error(), "example.com")
			assert.Contains(t, err.Error(), "/customers/{id}")
			assert.ErrorIs(t, err, boom, "the cause stays reachable")
		})
	}
}

// TestTimeoutSaysWhichLimit: a timeout names the limit that fired, and
// still matches context.DeadlineExceeded.
func TestTimeoutSaysWhichLimit(t *testing.T) {
	_, c := stalled(t, juspay.WithMaxRetries(0), juspay.WithTimeout(30*time.Millisecond))

	_, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer_1122"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "the attempt's timeout, WithTimeout 30ms")

	_, c = stalled(t, juspay.WithMaxRetries(0))
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
	defer cancel()
	_, err = c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "customer_1122"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Regexp(t, `the context's deadline, \d+ms after the call began`, err.Error())
	assert.NotContains(t, err.Error(), "WithTimeout")
}

// TestHTTP2StreamResetRetried: a stream reset over HTTP/2 is retried as a
// reset connection over HTTP/1.1 is.
func TestHTTP2StreamResetRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			panic(http.ErrAbortHandler) // the server resets the stream: INTERNAL_ERROR
		}
		assert.Equal(t, 2, r.ProtoMajor)
		write(w, http.StatusOK, sampleCustomer)
	}))
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handler's abort
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL, juspay.WithHTTPClient(srv.Client()))
	cust, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	assert.Equal(t, 2, cust.LastResponse.Attempts)
	assert.Equal(t, int32(2), n.Load())
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

// TestLastResponse: every result carries the answer it came in: status,
// headers, request id and attempts; none of it is in the JSON, and it
// prints only its status, request id and attempts.
func TestLastResponse(t *testing.T) {
	var n atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-9")
		w.Header().Set("Set-Cookie", "session=secret-cookie")
		if n.Add(1)%2 == 1 {
			write(w, http.StatusServiceUnavailable, "")
			return
		}
		w.Header().Set("X-Response-Id", "resp-7")
		switch {
		case r.URL.Path == "/cards":
			write(w, http.StatusOK, `{"customer_id":"customer@gmail.com","cards":[]}`)
		case r.URL.Path == "/card/delete":
			write(w, http.StatusOK, `{"card_token":"tkn_1","deleted":true}`)
		case strings.HasSuffix(r.URL.Path, "/wallets"):
			write(w, http.StatusOK, `{"list":[]}`)
		default:
			write(w, http.StatusOK, sampleCustomer)
		}
	})
	ctx := context.Background()
	cust, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	cards, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	deleted, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: "tkn_1"})
	require.NoError(t, err)
	wallets, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	for _, r := range []*juspay.Response{cust.LastResponse, cards.LastResponse, deleted.LastResponse, wallets.LastResponse} {
		require.NotNil(t, r)
		assert.Equal(t, 200, r.StatusCode)
		assert.Equal(t, "resp-7", r.RequestID, "x-response-id wins over x-request-id")
		assert.Equal(t, 2, r.Attempts)
		assert.Equal(t, "session=secret-cookie", r.Header.Get("Set-Cookie"))
		assert.Equal(t, "juspay.Response{StatusCode:200 RequestID:resp-7 Attempts:2}", fmt.Sprintf("%+v", *r))
	}
	for _, v := range []any{cust, cards, deleted, wallets} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		assert.NotContains(t, string(b), "resp-7")
		assert.NotContains(t, string(b), "StatusCode")
	}
}
