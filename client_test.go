package juspay_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestNewClientRejects(t *testing.T) {
	type tc struct {
		name     string
		key      string
		merchant string
		opts     []juspay.Option
		notInErr []string // substrings the error text must not hold
	}
	cases := []tc{
		{name: "empty key", key: "", merchant: testMerchantID},
		{name: "empty merchant id", key: testAPIKey, merchant: ""},
		{name: "nil option", key: testAPIKey, merchant: testMerchantID, opts: []juspay.Option{nil}},
		{name: "nil option after a good one", key: testAPIKey, merchant: testMerchantID,
			opts: []juspay.Option{juspay.WithMaxRetries(1), nil}},
	}
	for _, cc := range []struct{ name, char string }{{"CR", "\r"}, {"LF", "\n"}, {"NUL", "\x00"}, {"DEL", "\x7f"}} {
		cases = append(cases,
			tc{name: "key with " + cc.name, key: "sk_SECRETKEY" + cc.char + "x", merchant: testMerchantID, notInErr: []string{"SECRETKEY"}},
			tc{name: "merchant id with " + cc.name, key: testAPIKey, merchant: "merchant" + cc.char + "id", notInErr: []string{"SECRETKEY"}},
		)
	}
	badOptions := []struct {
		name     string
		opt      juspay.Option
		notInErr []string
	}{
		{"WithBaseURL empty", juspay.WithBaseURL(""), nil},
		{"WithBaseURL ftp", juspay.WithBaseURL("ftp://x"), nil},
		{"WithBaseURL http to a non-loopback host", juspay.WithBaseURL("http://example.com"), nil},
		{"WithBaseURL http to a look-alike of localhost", juspay.WithBaseURL("http://localhost.example.com"), nil},
		{"WithBaseURL with user info", juspay.WithBaseURL("https://user:pw@x"), []string{"pw"}},
		{"WithBaseURL with other user info", juspay.WithBaseURL("https://alice:s3cr3t@api.juspay.in"), []string{"alice", "s3cr3t"}},
		{"WithBaseURL with user info and a bad port", juspay.WithBaseURL("https://user:PASS@host:badport"), []string{"user", "PASS", "badport"}},
		{"WithBaseURL with a secret in the query", juspay.WithBaseURL("https://api.juspay.in/?key=s3cr3t"), []string{"s3cr3t", "key="}},
		{"WithBaseURL with a secret in the fragment", juspay.WithBaseURL("https://api.juspay.in/#s3cr3t"), []string{"s3cr3t"}},
		{"WithBaseURL http with a secret in the path", juspay.WithBaseURL("http://example.com/s3cr3t"), []string{"s3cr3t"}},
		{"WithEnvironment with user info", juspay.WithEnvironment("https://alice:s3cr3t@api.juspay.in"), []string{"alice", "s3cr3t"}},
		{"WithBaseURL with query", juspay.WithBaseURL("https://x/?a=b"), nil},
		{"WithBaseURL with empty query", juspay.WithBaseURL("https://x/?"), nil},
		{"WithBaseURL with fragment", juspay.WithBaseURL("https://x/#f"), nil},
		{"WithBaseURL relative", juspay.WithBaseURL("/customers"), nil},
		{"WithBaseURL host only", juspay.WithBaseURL("api.juspay.in"), nil},
		{"WithBaseURL scheme only", juspay.WithBaseURL("https://"), nil},
		{"WithBaseURL unparsable", juspay.WithBaseURL("https://[::1"), nil},
		{"WithBaseURL bad escape", juspay.WithBaseURL("https://x/%zz"), nil},
		{"WithBaseURL opaque", juspay.WithBaseURL("https:api.juspay.in"), nil},
		{"WithEnvironment empty", juspay.WithEnvironment(""), nil},
		{"WithEnvironment http", juspay.WithEnvironment("http://api.juspay.in"), nil},
		{"WithHTTPClient nil", juspay.WithHTTPClient(nil), nil},
		{"WithMaxRetries -1", juspay.WithMaxRetries(-1), nil},
		{"WithMaxRetries 11", juspay.WithMaxRetries(11), nil},
		{"WithTimeout 0", juspay.WithTimeout(0), nil},
		{"WithTimeout negative", juspay.WithTimeout(-time.Second), nil},
		{"WithRetryBackoff zero base", juspay.WithRetryBackoff(0, time.Second), nil},
		{"WithRetryBackoff negative base", juspay.WithRetryBackoff(-time.Millisecond, time.Second), nil},
		{"WithRetryBackoff max below base", juspay.WithRetryBackoff(2*time.Second, time.Second), nil},
		{"WithRetryBackoff max above 5 minutes", juspay.WithRetryBackoff(time.Second, 6*time.Minute), nil},
		{"WithUserAgent with LF", juspay.WithUserAgent("shop\nX-Evil: 1"), nil},
		{"WithUserAgent with CR", juspay.WithUserAgent("shop\r"), nil},
		{"WithUserAgent starting with ESC", juspay.WithUserAgent("\x1b[31mshop"), nil},
		{"WithRequiredFieldsFor unknown", juspay.WithRequiredFieldsFor("NOPE"), nil},
		{"WithRequiredFieldsFor wrong case", juspay.WithRequiredFieldsFor("paypal"), nil},
	}
	for _, b := range badOptions {
		cases = append(cases, tc{name: b.name, key: testAPIKey, merchant: testMerchantID,
			opts: []juspay.Option{b.opt}, notInErr: b.notInErr})
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var (
				client *juspay.Client
				err    error
			)
			require.NotPanics(t, func() { client, err = juspay.NewClient(c.key, c.merchant, c.opts...) })
			require.Error(t, err)
			assert.Nil(t, client)
			assert.True(t, strings.HasPrefix(err.Error(), "juspay: "), "error text %q", err)
			assert.NotContains(t, err.Error(), testAPIKey)
			for _, s := range c.notInErr {
				assert.NotContains(t, err.Error(), s)
			}
		})
	}
}

func TestNewClientAccepts(t *testing.T) {
	cases := []struct {
		name string
		opts []juspay.Option
	}{
		{"no options", nil},
		{"http to 127.0.0.1", []juspay.Option{juspay.WithBaseURL("http://127.0.0.1:8080")}},
		{"http to localhost", []juspay.Option{juspay.WithBaseURL("http://localhost:8080/")}},
		{"http to ::1", []juspay.Option{juspay.WithBaseURL("http://[::1]:8080")}},
		{"https with a path", []juspay.Option{juspay.WithBaseURL("https://proxy.example.com/juspay/")}},
		{"every environment", []juspay.Option{juspay.WithEnvironment(juspay.ProductionEU)}},
		{"retries 0 and 10", []juspay.Option{juspay.WithMaxRetries(0), juspay.WithMaxRetries(10)}},
		{"base equal to max", []juspay.Option{juspay.WithRetryBackoff(time.Second, time.Second)}},
		{"max of 5 minutes", []juspay.Option{juspay.WithRetryBackoff(time.Second, 5*time.Minute)}},
		{"user agent", []juspay.Option{juspay.WithUserAgent("shop-backend/1.2")}},
		{"nil logger", []juspay.Option{juspay.WithLogger(nil)}},
		{"known gateways", []juspay.Option{juspay.WithRequiredFieldsFor(juspay.GatewayPayPal, juspay.GatewayHSBCUPI)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			client, err := juspay.NewClient(testAPIKey, testMerchantID, c.opts...)
			require.NoError(t, err)
			assert.NotNil(t, client)
		})
	}
	t.Run("spaces", func(t *testing.T) { // in credentials: no control characters
		client, err := juspay.NewClient("sk_ key", "merchant id")
		require.NoError(t, err)
		assert.NotNil(t, client)
	})
}

// TestEnvironmentHosts checks each constant against the hosts table of the
// API facts, and that a client on that environment (Sandbox by default)
// sends to <host>/customers (httpmock matches the full URL).
func TestEnvironmentHosts(t *testing.T) {
	cases := []struct {
		name string
		env  juspay.Environment
		url  string
	}{
		{"Sandbox", juspay.Sandbox, "https://sandbox.juspay.in"},
		{"Production", juspay.Production, "https://api.juspay.in"},
		{"ProductionStaticIP", juspay.ProductionStaticIP, "https://api-ns1.juspay.in"},
		{"SandboxEU", juspay.SandboxEU, "https://sandbox.juspay.io"},
		{"ProductionEU", juspay.ProductionEU, "https://api.juspay.io"},
		{"HDFCSmartGatewayUAT", juspay.HDFCSmartGatewayUAT, "https://smartgatewayuat.hdfcbank.com"},
		{"HDFCSmartGateway", juspay.HDFCSmartGateway, "https://smartgateway.hdfcbank.com"},
		{"default", "", "https://sandbox.juspay.in"}, // no WithEnvironment
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var opts []juspay.Option
			if c.env != "" {
				assert.Equal(t, c.url, string(c.env))
				opts = append(opts, juspay.WithEnvironment(c.env))
			}
			hc := &http.Client{}
			httpmock.ActivateNonDefault(hc)
			t.Cleanup(httpmock.DeactivateAndReset)
			httpmock.RegisterResponder(http.MethodPost, c.url+"/customers",
				httpmock.NewStringResponder(http.StatusOK, sampleCustomer))

			client, err := juspay.NewClient(testAPIKey, testMerchantID, append(opts, juspay.WithHTTPClient(hc))...)
			require.NoError(t, err)
			_, err = client.CreateCustomer(context.Background(), minimalRequest())
			require.NoError(t, err)
			assert.Equal(t, map[string]int{"POST " + c.url + "/customers": 1}, httpmock.GetCallCountInfo())
		})
	}
}

func TestBaseURLWins(t *testing.T) {
	rec, client := echoing(t, http.StatusOK, sampleCustomer, juspay.WithEnvironment(juspay.Production))
	_, err := client.CreateCustomer(context.Background(), minimalRequest())
	require.NoError(t, err)
	assert.Equal(t, "/customers", rec.only(t).Path)
}

func TestBaseURLPathPrefixKept(t *testing.T) {
	cases := []struct {
		name   string
		suffix string
	}{
		{"trailing slash", "/prefix/"},
		{"no trailing slash", "/prefix"},
		{"two segments", "/a/prefix"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{}
			srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				writeFor(w, r, http.StatusOK, sampleCustomer)
			})
			client := newClient(t, srv.URL+c.suffix)
			ctx := context.Background()

			_, err := client.CreateCustomer(ctx, minimalRequest())
			require.NoError(t, err)
			_, err = client.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "a b+c"})
			require.NoError(t, err)

			prefix := "/" + strings.Trim(c.suffix, "/")
			reqs := rec.all()
			require.Len(t, reqs, 2)
			assert.Equal(t, prefix+"/customers", reqs[0].EscapedPath)
			assert.Equal(t, prefix+"/customers/a%20b+c", reqs[1].EscapedPath)
		})
	}
}

func TestUserAgent(t *testing.T) {
	cases := []struct {
		name string
		opts []juspay.Option
		want string
	}{
		{"default", nil, "juspay-go/" + juspay.Version},
		{"appended", []juspay.Option{juspay.WithUserAgent("shop-backend/1.2")}, "juspay-go/" + juspay.Version + " shop-backend/1.2"},
		{"with spaces, trimmed", []juspay.Option{juspay.WithUserAgent(" shop-backend/1.2 (ops@example.com) ")},
			"juspay-go/" + juspay.Version + " shop-backend/1.2 (ops@example.com)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, client := echoing(t, http.StatusOK, sampleCustomer, c.opts...)
			_, err := client.CreateCustomer(context.Background(), minimalRequest())
			require.NoError(t, err)
			assert.Equal(t, []string{c.want}, rec.only(t).Header.Values("User-Agent"))
		})
	}
	assert.Regexp(t, `^\d+\.\d+\.\d+`, juspay.Version)
}

// TestHTTPMockNonDefault covers httpmock.ActivateNonDefault(hc) called before
// and after NewClient(..., WithHTTPClient(hc)).
func TestHTTPMockNonDefault(t *testing.T) {
	for _, activateFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("activateFirst=%v", activateFirst), func(t *testing.T) {
			hc := &http.Client{}
			if activateFirst {
				httpmock.ActivateNonDefault(hc)
			}
			client, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithHTTPClient(hc))
			require.NoError(t, err)
			if !activateFirst {
				httpmock.ActivateNonDefault(hc)
			}
			t.Cleanup(httpmock.DeactivateAndReset)
			httpmock.RegisterResponder(http.MethodPost, "https://sandbox.juspay.in/customers",
				httpmock.NewStringResponder(http.StatusOK, sampleCustomer))

			cust, err := client.CreateCustomer(context.Background(), minimalRequest())
			require.NoError(t, err)
			assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
			assert.Equal(t, 1, httpmock.GetTotalCallCount())
		})
	}
}

// TestHTTPMockActivate covers plain httpmock.Activate (it swaps
// http.DefaultTransport) with a client built without WithHTTPClient, and the
// same client working against a real server once httpmock is deactivated.
func TestHTTPMockActivate(t *testing.T) {
	for _, v := range []struct {
		activateFirst bool
		opts          []juspay.Option // a client whose Transport is nil uses http.DefaultTransport too
	}{
		{true, nil},
		{false, nil},
		{true, []juspay.Option{juspay.WithHTTPClient(&http.Client{})}},
		{false, []juspay.Option{juspay.WithHTTPClient(&http.Client{})}},
	} {
		activateFirst := v.activateFirst
		t.Run(fmt.Sprintf("activateFirst=%v_hc=%v", activateFirst, v.opts != nil), func(t *testing.T) {
			var realHits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				realHits.Add(1)
				_, _ = io.WriteString(w, `{"id":"cst_real","object":"customer","object_reference_id":"customer@gmail.com"}`)
			}))
			t.Cleanup(srv.Close)

			if activateFirst {
				httpmock.Activate()
			}
			client, err := juspay.NewClient(testAPIKey, testMerchantID, append(v.opts, juspay.WithBaseURL(srv.URL))...)
			require.NoError(t, err)
			if !activateFirst {
				httpmock.Activate()
			}
			t.Cleanup(httpmock.DeactivateAndReset)
			httpmock.RegisterResponder(http.MethodPost, srv.URL+"/customers",
				httpmock.NewStringResponder(http.StatusOK, `{"id":"cst_mock","object":"customer","object_reference_id":"customer@gmail.com"}`))

			cust, err := client.CreateCustomer(context.Background(), minimalRequest())
			require.NoError(t, err)
			assert.Equal(t, "cst_mock", cust.ID)
			assert.Equal(t, 1, httpmock.GetTotalCallCount())
			assert.Zero(t, realHits.Load(), "the real server must not be reached while httpmock is active")

			httpmock.DeactivateAndReset()
			cust, err = client.CreateCustomer(context.Background(), minimalRequest())
			require.NoError(t, err)
			assert.Equal(t, "cst_real", cust.ID)
			assert.Equal(t, int32(1), realHits.Load())
		})
	}
}

func TestContextAlreadyCancelled(t *testing.T) {
	rec, client := echoing(t, http.StatusOK, sampleCustomer)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	cust, err := client.CreateCustomer(ctx, minimalRequest())
	require.Error(t, err)
	assert.Nil(t, cust)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, requestError(t, err).Attempts, "a cancelled context is not retried")
	assert.Empty(t, rec.all(), "nothing reaches the server")
}

// TestTransportErrorHidesCustomerID: the id of a GetCustomer may be an
// e-mail, so a transport error's text must not hold it (nor the URL). A
// refused dial is TestBrokenConnections' refused0.
func TestTransportErrorHidesCustomerID(t *testing.T) {
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	t.Cleanup(httpmock.DeactivateAndReset)
	httpmock.RegisterRegexpResponder(http.MethodGet, regexp.MustCompile(`^https://sandbox\.juspay\.in/customers/`),
		httpmock.NewErrorResponder(errors.New("connection reset by peer")))

	client, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = client.GetCustomer(context.Background(), lookupRequest())
	requestError(t, err)
	checkErrorText(t, err, opGet)
	assert.Contains(t, err.Error(), "connection reset by peer")
	assert.Equal(t, 1, httpmock.GetTotalCallCount())
}

func TestConcurrentCreates(t *testing.T) {
	const goroutines, perGoroutine = 32, 10
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ref := r.PostForm.Get("object_reference_id")
		if r.Header.Get("X-Routing-Id") != ref {
			http.Error(w, `{"error_code":"routing"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"cst_%s","object":"customer","object_reference_id":%q,"date_created":"2020-03-17T14:16:31Z"}`, ref, ref)
	}))
	t.Cleanup(srv.Close)
	client := newClient(t, srv.URL)

	errs := make([][]error, goroutines)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < perGoroutine; i++ {
				ref := fmt.Sprintf("user_%02d_%02d", g, i)
				req := minimalRequest()
				req.ObjectReferenceID = ref
				cust, err := client.CreateCustomer(context.Background(), req)
				switch {
				case err != nil:
					errs[g] = append(errs[g], err)
				case cust.ID != "cst_"+ref || cust.ObjectReferenceID != ref:
					errs[g] = append(errs[g], fmt.Errorf("call for %s got customer %s/%s", ref, cust.ID, cust.ObjectReferenceID))
				}
			}
		}(g)
	}
	wg.Wait()
	for g := range errs {
		assert.Empty(t, errs[g], "goroutine %d", g)
	}
	assert.Equal(t, int32(goroutines*perGoroutine), hits.Load())
}

func TestCloseIdleConnections(t *testing.T) {
	cases := []struct {
		name string
		opts func() []juspay.Option
	}{
		{"default", func() []juspay.Option { return nil }},
		{"given", func() []juspay.Option {
			return []juspay.Option{juspay.WithHTTPClient(&http.Client{Transport: &http.Transport{}})}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var closed atomic.Int32
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, sampleCustomer)
			}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateClosed {
					closed.Add(1)
				}
			}
			srv.Start()
			t.Cleanup(srv.Close)
			client := newClient(t, srv.URL, c.opts()...)

			_, err := client.CreateCustomer(context.Background(), minimalRequest())
			require.NoError(t, err)
			assert.NotPanics(t, client.CloseIdleConnections)
			assert.Eventually(t, func() bool { return closed.Load() == 1 }, 2*time.Second, 5*time.Millisecond,
				"the idle keep-alive connection was not closed")
		})
	}

	t.Run("noCloser", func(t *testing.T) { // WithHTTPClient without a closing transport
		hc := &http.Client{}
		httpmock.ActivateNonDefault(hc)
		t.Cleanup(httpmock.DeactivateAndReset)
		client, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithHTTPClient(hc))
		require.NoError(t, err)
		assert.NotPanics(t, client.CloseIdleConnections)
	})
}

// TestRequestBodyIsKnownInMemory guards a measured speed-up: net/http writes
// headers and body in one go only for bodies it knows are in memory
// (*bytes.Reader, or io.NopCloser over one); with a body type of its own the
// client flushed the headers first and a loopback call took ~10% longer.
func TestRequestBodyIsKnownInMemory(t *testing.T) {
	want := fmt.Sprintf("%T", io.NopCloser(strings.NewReader("")))
	var got string
	var getBody []byte
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = fmt.Sprintf("%T", r.Body)
		rc, err := r.GetBody()
		require.NoError(t, err)
		getBody, err = io.ReadAll(rc)
		require.NoError(t, err)
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{"id":"cst_1","object_reference_id":"user-000042"}`)), Header: http.Header{}}, nil
	})}
	c, err := juspay.NewClient("key", "merchant", juspay.WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, "mobile_number=9988776655&object_reference_id=user-000042", string(getBody), "GetBody gives the same body again")
}

// TestDocumentedDefaults pins the defaults the README and the doc comments
// promise; the per-attempt timeout is not observable without waiting it out.
func TestDocumentedDefaults(t *testing.T) {
	assert.Equal(t, 15*time.Second, juspay.DefaultTimeout)
	assert.Equal(t, 2, juspay.DefaultMaxRetries)
	assert.Equal(t, 200*time.Millisecond, juspay.DefaultRetryBaseWait)
	assert.Equal(t, 2*time.Second, juspay.DefaultRetryMaxWait)
	assert.Equal(t, 20*time.Second, juspay.MaxRetryAfter)
}

func TestOddBodies(t *testing.T) {
	t.Parallel()
	t.Run("html500", func(t *testing.T) { // keeps its first 4 KiB
		t.Parallel()
		html := "<!DOCTYPE html><html><body>" + strings.Repeat("<p>Internal Server Error</p>", 400) + "</body></html>"
		require.Greater(t, len(html), 4<<10)
		rec, c := replies(t, []juspay.Option{juspay.WithMaxRetries(0)}, reply{status: 500, body: html})
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 500, ae.HTTPStatus)
		assert.Equal(t, []byte(html[:4<<10]), ae.Body)
		assert.ErrorIs(t, err, juspay.ErrServer)
		assert.Empty(t, ae.ErrorCode)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})

	t.Run("empty502", func(t *testing.T) { // retried
		t.Parallel()
		rec, c := replies(t, nil, reply{status: 502})
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 502, ae.HTTPStatus)
		assert.Empty(t, ae.Body)
		assert.ErrorIs(t, err, juspay.ErrServer)
		assert.Len(t, rec.all(), juspay.DefaultMaxRetries+1)
		checkErrorText(t, err, opGet)
	})

	t.Run("truncated400", func(t *testing.T) { // keeps the raw body
		t.Parallel()
		body := `{"error_message":"Customer with given object reference id alr`
		rec, c := replies(t, nil, reply{status: 400, body: body})
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		ae := apiError(t, err)
		assert.Equal(t, 400, ae.HTTPStatus)
		assert.Equal(t, []byte(body), ae.Body)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})

	t.Run("truncated200", func(t *testing.T) { // a RequestError, not retried
		t.Parallel()
		rec, c := replies(t, nil, reply{status: 200, body: `{"id":"cst_rel0001","object":"cust`})
		cust, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Nil(t, cust)
		checkFailed200(t, err, rec, juspay.ErrUnexpectedResponse, opGet)
	})
}

// hijacked answers a request by taking over its connection.
func hijacked(t *testing.T, fn func(c net.Conn, rw *bufio.ReadWriter)) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		c, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		fn(c, rw)
	}
}

func TestBrokenConnections(t *testing.T) {
	t.Parallel()
	const partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"id\":\"cst_rel0001\",\"object\":\"cus"

	// answeredBy starts a server whose every answer is given by fn.
	answeredBy := func(t *testing.T, fn func(http.ResponseWriter), o ...juspay.Option) (*recorder, *juspay.Client) {
		rec := &recorder{}
		_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			rec.record(r)
			fn(w)
		}, o...)
		return rec, c
	}

	t.Run("closedMidBody", func(t *testing.T) {
		t.Parallel()
		rec, c := answeredBy(t, hijacked(t, func(conn net.Conn, rw *bufio.ReadWriter) {
			_, _ = rw.WriteString(partial)
			_ = rw.Flush()
			_ = conn.Close()
		}))
		cust, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Nil(t, cust)
		checkFailed200(t, err, rec, io.ErrUnexpectedEOF, opGet)
	})

	t.Run("resetMidBody", func(t *testing.T) { // RST
		t.Parallel()
		rec, c := answeredBy(t, hijacked(t, func(conn net.Conn, rw *bufio.ReadWriter) {
			_, _ = rw.WriteString(partial)
			_ = rw.Flush()
			time.Sleep(20 * time.Millisecond) // let the headers arrive
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // close with RST
			}
			_ = conn.Close()
		}))
		cust, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Nil(t, cust)
		requestError(t, err)
		assert.LessOrEqual(t, len(rec.all()), juspay.DefaultMaxRetries+1)
		checkErrorText(t, err, opGet)
	})

	t.Run("closedBeforeAnswer", func(t *testing.T) { // retried
		t.Parallel()
		rec, c := answeredBy(t, hijacked(t, func(conn net.Conn, _ *bufio.ReadWriter) { _ = conn.Close() }))
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		re := requestError(t, err)
		assert.Equal(t, 0, re.HTTPStatus)
		assert.Equal(t, juspay.DefaultMaxRetries+1, re.Attempts)
		assert.Len(t, rec.all(), juspay.DefaultMaxRetries+1)
		assert.True(t, juspay.IsRetryable(err))
		checkErrorText(t, err, opGet)
	})

	for _, retries := range []int{0, 2} {
		t.Run(fmt.Sprintf("refused%d", retries), func(t *testing.T) {
			t.Parallel()
			h := &logCapture{}
			c := newClient(t, refusedURL(t), juspay.WithMaxRetries(retries), juspay.WithLogger(h.logger()))
			start := time.Now()
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			assert.Less(t, time.Since(start), 5*time.Second)
			re := requestError(t, err)
			assert.Equal(t, retries+1, re.Attempts)
			assert.Equal(t, 0, re.HTTPStatus)
			var op *net.OpError
			require.ErrorAs(t, err, &op)
			assert.Equal(t, "dial", op.Op)
			if retries > 0 {
				assert.Contains(t, err.Error(), fmt.Sprintf("after %d attempts", retries+1))
			}
			assert.True(t, juspay.IsRetryable(err))
			checkErrorText(t, err, opGet)
			// Nothing answers a refused dial: count the attempts in the log.
			assert.Len(t, h.records("juspay request"), retries+1)
		})
	}
}

// eventuallyRequests waits briefly until the server has seen want requests,
// then asserts it saw exactly that many.
func eventuallyRequests(t *testing.T, rec *recorder, want int, what string) {
	t.Helper()
	assert.Eventually(t, func() bool { return len(rec.all()) >= want }, 2*time.Second, 5*time.Millisecond, what)
	assert.Len(t, rec.all(), want, what)
}

func TestTimeoutsAndCancellation(t *testing.T) {
	t.Parallel()
	t.Run("deadline", func(t *testing.T) {
		t.Parallel()
		rec, c := stalled(t)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetCustomer(ctx, lookupRequest())
		assert.Less(t, time.Since(start), 5*time.Second)
		re := requestError(t, err)
		assert.Equal(t, "GetCustomer", re.Call)
		assert.Equal(t, "/customers/{id}", re.Path)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		checkErrorText(t, err, opGet)
		eventuallyRequests(t, rec, 1, "attempts after the caller's deadline")
	})

	// WithTimeout bounds each attempt, with no caller deadline but a
	// backstop, so that a missing per-attempt timeout fails by the time
	// bound rather than hanging the test.
	for _, tc := range []struct {
		name    string
		op      string
		retries int
		call    func(context.Context, *juspay.Client) error
	}{
		{"timeout_get", opGet, 1, func(ctx context.Context, c *juspay.Client) error {
			_, err := c.GetCustomer(ctx, lookupRequest())
			return err
		}},
		{"timeout_create", opCreate, 0, func(ctx context.Context, c *juspay.Client) error {
			_, err := c.CreateCustomer(ctx, minimalRequest())
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := stalled(t, juspay.WithTimeout(100*time.Millisecond), juspay.WithMaxRetries(tc.retries))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			err := tc.call(ctx, c)
			assert.Less(t, time.Since(start), 5*time.Second)
			re := requestError(t, err)
			assert.Equal(t, tc.retries+1, re.Attempts)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			checkErrorText(t, err, tc.op)
			eventuallyRequests(t, rec, tc.retries+1, "attempts")
		})
	}

	t.Run("backoffPastDeadline", func(t *testing.T) { // is not started
		t.Parallel()
		rec, c := replies(t, []juspay.Option{juspay.WithRetryBackoff(5*time.Second, 5*time.Second)}, reply{status: 503, body: `{"status":"error"}`})
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err := c.GetCustomer(ctx, lookupRequest())
		// Were a wait started, the deadline would end it: the error would
		// be the context's. Full jitter may draw a wait that fits, so the
		// 503 may come more than once.
		ae := apiError(t, err)
		assert.Equal(t, 503, ae.HTTPStatus)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		assert.LessOrEqual(t, len(rec.all()), juspay.DefaultMaxRetries+1)
	})

	t.Run("cancelInWait", func(t *testing.T) { // ends the wait at once
		t.Parallel()
		h := &logCapture{}
		ctx := cancelOnRetry(t, h)
		rec, c := replies(t, []juspay.Option{juspay.WithLogger(h.logger())},
			reply{status: 503, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"10"}}}, okReply())
		start := time.Now()
		_, err := c.GetCustomer(ctx, lookupRequest())
		assert.Less(t, time.Since(start), 5*time.Second, "the 10s wait was not cut short")
		assert.ErrorIs(t, err, context.Canceled)
		re := requestError(t, err)
		assert.Equal(t, 1, re.Attempts)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})

	t.Run("cancelInAttempt", func(t *testing.T) { // not retried
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rec := &recorder{}
		_, c := newServer(t, func(_ http.ResponseWriter, r *http.Request) {
			rec.record(r)
			cancel()
			<-r.Context().Done()
		})
		_, err := c.GetCustomer(ctx, lookupRequest())
		assert.ErrorIs(t, err, context.Canceled)
		re := requestError(t, err)
		assert.Equal(t, 1, re.Attempts)
		assert.Len(t, rec.all(), 1)
		checkErrorText(t, err, opGet)
	})
}

// TestNilContext: a nil context is an error, returned before anything is
// sent, never a panic.
func TestNilContext(t *testing.T) {
	t.Parallel()
	var noCtx context.Context // nil
	for _, tc := range []struct {
		name string
		call func(c *juspay.Client) (any, error)
	}{
		{"CreateCustomer", func(c *juspay.Client) (any, error) { return c.CreateCustomer(noCtx, minimalRequest()) }},
		{"GetCustomer", func(c *juspay.Client) (any, error) { return c.GetCustomer(noCtx, lookupRequest()) }},
		{"UpdateCustomer", func(c *juspay.Client) (any, error) {
			return c.UpdateCustomer(noCtx, &juspay.UpdateCustomerRequest{CustomerID: faultCustomerID, FirstName: "Jane"})
		}},
		{"GetOrCreateCustomer", func(c *juspay.Client) (any, error) { return c.GetOrCreateCustomer(noCtx, minimalRequest()) }},
		{"ClientAuthToken", func(c *juspay.Client) (any, error) { return c.ClientAuthToken(noCtx, lookupRequest()) }},
		{"ListCards", func(c *juspay.Client) (any, error) {
			return c.ListCards(noCtx, &juspay.ListCardsRequest{CustomerID: faultCustomerID})
		}},
		{"DeleteCard", func(c *juspay.Client) (any, error) {
			return c.DeleteCard(noCtx, &juspay.DeleteCardRequest{CardToken: "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"})
		}},
		{"ListWallets", func(c *juspay.Client) (any, error) {
			return c.ListWallets(noCtx, &juspay.ListWalletsRequest{CustomerID: faultCustomerID})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := echoing(t, http.StatusOK, sampleCustomer)
			var (
				got any
				err error
			)
			require.NotPanics(t, func() { got, err = tc.call(c) })
			assert.True(t, isNilResult(got), "a result with a nil context")
			re := requestError(t, err)
			assert.Contains(t, err.Error(), tc.name)
			assert.Equal(t, 0, re.HTTPStatus)
			assert.Empty(t, rec.all(), "a request was sent")
			assert.NotContains(t, err.Error(), faultCustomerID)
		})
	}
}

// TestResponseCapBoundary: the client reads 1 MiB of an answer; a valid
// answer of exactly 1 MiB succeeds, one byte more is ErrResponseTooLarge,
// with and without Content-Length.
func TestResponseCapBoundary(t *testing.T) {
	t.Parallel()
	const limit = 1 << 20
	// padded returns the sample customer grown to size bytes: with trailing
	// JSON whitespace, or with an unknown string member.
	padded := func(size int, member bool) string {
		if !member {
			return sampleCustomer + strings.Repeat(" ", size-len(sampleCustomer))
		}
		head := `{"padding":"`
		tail := `",` + strings.TrimPrefix(sampleCustomer, "{")
		return head + strings.Repeat("x", size-len(head)-len(tail)) + tail
	}
	for _, size := range []int{limit, limit + 1} {
		for _, member := range []bool{false, true} {
			for _, chunked := range []bool{false, true} {
				name := fmt.Sprintf("%d_member=%v_chunked=%v", size, member, chunked)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					body := padded(size, member)
					require.Len(t, body, size)
					rec := &recorder{}
					_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
						rec.record(r)
						w.Header().Set("Content-Type", "application/json")
						if !chunked {
							w.Header().Set("Content-Length", strconv.Itoa(len(body)))
						}
						w.WriteHeader(http.StatusOK)
						if chunked {
							_, _ = io.WriteString(w, body[:10])
							_ = http.NewResponseController(w).Flush() // no Content-Length can follow
							_, _ = io.WriteString(w, body[10:])
							return
						}
						_, _ = io.WriteString(w, body)
					})
					cust, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
					if size <= limit {
						require.NoError(t, err)
						assert.Equal(t, "cst_pcxaymwoh9vbse97", cust.ID)
						assert.Equal(t, "John", cust.FirstName)
						return
					}
					assert.Nil(t, cust)
					checkFailed200(t, err, rec, juspay.ErrResponseTooLarge, opGet)
				})
			}
		}
	}
}

// bigBody is a handler that answers status with a huge body (total bytes,
// or endless when total < 0) and reports how its writing ended.
type bigBody struct {
	status  int
	total   int64
	written atomic.Int64
	ended   chan error // the first write error, or nil if all was written
}

func newBigBody(status int, total int64) *bigBody {
	return &bigBody{status: status, total: total, ended: make(chan error, 1)}
}

func (b *bigBody) serve(w http.ResponseWriter, _ *http.Request) {
	piece := []byte("<p>xxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p>\n")
	chunk := bytes.Repeat(piece, (1<<20)/len(piece)+1)[:1<<20]
	const endlessCap = 1 << 30 // a safety stop for the endless body
	w.Header().Set("Content-Type", "text/html")
	if b.total >= 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(b.total, 10))
	}
	w.WriteHeader(b.status)
	var err error
	for err == nil && ((b.total >= 0 && b.written.Load() < b.total) || (b.total < 0 && b.written.Load() < endlessCap)) {
		var n int
		n, err = w.Write(chunk)
		b.written.Add(int64(n))
	}
	if err == nil {
		err = http.NewResponseController(w).Flush()
	}
	b.ended <- err
}

// waitWriteFailed asserts the handler's writing failed (the client closed
// the connection) before it sent everything.
func (b *bigBody) waitWriteFailed(t *testing.T) {
	t.Helper()
	select {
	case err := <-b.ended:
		assert.Error(t, err, "the server wrote the whole body: the client did not close the connection")
	case <-time.After(5 * time.Second):
		t.Error("the server was still writing 5s after the call returned")
	}
	if b.total > 0 {
		assert.Less(t, b.written.Load(), b.total, "the server pushed the whole body")
	}
}

func TestLargeBodies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		total int64
	}{
		{"100MiB", 100 << 20},
		{"1PiB", 1 << 50}, // announced: the Content-Length sizes no buffer
		{"endless", -1},
	} {
		t.Run(tc.name, func(t *testing.T) { // a 200 with this body is cut off
			t.Parallel()
			big := newBigBody(200, tc.total)
			rec := &recorder{}
			_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) { rec.record(r); big.serve(w, r) })
			start := time.Now()
			cust, err := c.GetCustomer(context.Background(), lookupRequest())
			assert.Less(t, time.Since(start), 5*time.Second)
			assert.Nil(t, cust)
			checkFailed200(t, err, rec, juspay.ErrResponseTooLarge, opGet)
			big.waitWriteFailed(t)
		})
	}

	t.Run("endless502", func(t *testing.T) { // keeps 4 KiB
		t.Parallel()
		big := newBigBody(502, -1)
		_, c := newServer(t, big.serve, juspay.WithMaxRetries(0))
		start := time.Now()
		_, err := c.GetCustomer(context.Background(), lookupRequest())
		assert.Less(t, time.Since(start), 5*time.Second)
		ae := apiError(t, err)
		assert.Equal(t, 502, ae.HTTPStatus)
		assert.Len(t, ae.Body, 4<<10, "Body is capped at 4 KiB")
		assert.ErrorIs(t, err, juspay.ErrServer)
		checkErrorText(t, err, opGet)
		big.waitWriteFailed(t)
	})
}

func TestRedirectsNeverFollowed(t *testing.T) {
	t.Parallel()
	clients := []struct {
		name string
		hc   func(t *testing.T) *http.Client // nil: the client's own
	}{
		{"default", nil},
		{"given", func(*testing.T) *http.Client { return &http.Client{} }},
		{"timeout", func(*testing.T) *http.Client { return &http.Client{Timeout: 30 * time.Second} }},
		{"jar", func(t *testing.T) *http.Client {
			jar, err := cookiejar.New(nil)
			require.NoError(t, err)
			return &http.Client{Jar: jar}
		}},
	}
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		for _, otherHost := range []bool{false, true} {
			for _, cl := range clients {
				for _, method := range []string{http.MethodGet, http.MethodPost} {
					name := fmt.Sprintf("%d_otherHost=%v_%s_%s", code, otherHost, cl.name, method)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						var followed atomic.Int32
						other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
							followed.Add(1)
							writeFor(w, r, 200, sampleCustomer)
						}))
						t.Cleanup(other.Close)
						loc := "/elsewhere"
						if otherHost {
							loc = other.URL + "/elsewhere"
						}
						var o []juspay.Option
						var hc *http.Client
						if cl.hc != nil {
							hc = cl.hc(t)
							o = append(o, juspay.WithHTTPClient(hc))
						}
						rec := &recorder{}
						_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
							if r.URL.Path == "/elsewhere" {
								followed.Add(1)
								writeFor(w, r, 200, sampleCustomer)
								return
							}
							rec.record(r)
							http.SetCookie(w, &http.Cookie{Name: "session", Value: "s1", Path: "/"})
							w.Header().Set("Location", loc)
							w.WriteHeader(code)
						}, o...)
						var (
							cust *juspay.Customer
							err  error
							op   = opGet
						)
						if method == http.MethodGet {
							cust, err = c.GetCustomer(context.Background(), lookupRequest())
						} else {
							op = opCreate
							cust, err = c.CreateCustomer(context.Background(), minimalRequest())
						}
						assert.Nil(t, cust)
						ae := apiError(t, err)
						assert.Equal(t, code, ae.HTTPStatus)
						assert.ErrorIs(t, err, juspay.ErrRedirect)
						assert.Equal(t, loc, ae.Header.Get("Location"))
						assert.Len(t, rec.all(), 1, "one attempt: a 3xx is not retried")
						assert.Zero(t, followed.Load(), "the redirect was followed")
						checkErrorText(t, err, op)
						if hc != nil {
							assert.Nil(t, hc.CheckRedirect, "the caller's client was changed")
						}
					})
				}
			}
		}
	}
}

// TestLogsHoldNoSecrets logs every path (success, error answers, retries,
// transport errors, the cards calls) and greps the log for what must never
// be in it.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	const (
		ref       = "priya.sharma@example.org"
		mobile    = "9876501234"
		firstName = "Priyanka"
		newEmail  = "p.sharma.new@example.net"
		cardToken = "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"
	)
	req := &juspay.CreateCustomerRequest{
		ObjectReferenceID: ref, MobileNumber: mobile, MobileCountryCode: "91", EmailAddress: ref,
		FirstName: firstName, LastName: "Sharma", GetClientAuthToken: true,
	}

	s, c := newFake(t, juspay.WithLogger(logger))
	// Success, with a token.
	cust, err := c.CreateCustomer(ctx, req)
	require.NoError(t, err)
	require.NotNil(t, cust.ClientAuth)
	token := cust.ClientAuth.Token
	// The caller's duplicate: a 400.
	_, err = c.CreateCustomer(ctx, req)
	require.True(t, juspay.IsAlreadyExists(err))
	// A lost answer, recovered.
	s.LoseAnswerNext(juspaytest.RouteCreate, 1)
	recovered := *req
	recovered.ObjectReferenceID = "priya.second@example.org"
	recovered.EmailAddress = "priya.second@example.org"
	_, err = c.CreateCustomer(ctx, &recovered)
	require.NoError(t, err)
	// 503 then 200.
	s.FailNext(juspaytest.RouteGet, 1, http.StatusServiceUnavailable, "")
	_, err = c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: ref, GetClientAuthToken: true})
	require.NoError(t, err)
	// A 404.
	_, err = c.GetCustomer(ctx, lookupRequest())
	require.True(t, juspay.IsNotFound(err))
	// An update.
	_, err = c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: ref, EmailAddress: newEmail})
	require.NoError(t, err)
	// A transport error, retried once.
	refused := newClient(t, refusedURL(t), juspay.WithLogger(logger), juspay.WithMaxRetries(1))
	_, err = refused.GetCustomer(ctx, lookupRequest())
	requestError(t, err)
	// The cards calls, each a 503 retried once.
	_, cards := answering(t, http.StatusServiceUnavailable, `{"status":"error"}`, juspay.WithLogger(logger), juspay.WithMaxRetries(1))
	_, err = cards.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: ref, CheckCVVLessSupport: true})
	apiError(t, err)
	_, err = cards.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: cardToken, RoutingID: ref})
	apiError(t, err)
	_, err = cards.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: ref})
	apiError(t, err)

	logText := buf.String()

	type line struct {
		level, msg, call, method, path string
		attempt, status                int
	}
	var got []line
	dec := json.NewDecoder(strings.NewReader(logText))
	for {
		var r map[string]any
		if err := dec.Decode(&r); errors.Is(err, io.EOF) {
			break
		} else {
			require.NoError(t, err)
		}
		num := func(k string) int {
			f, ok := r[k].(float64)
			assert.True(t, ok, "field %q missing or not a number in %v", k, r)
			return int(f)
		}
		str := func(k string) string {
			v, ok := r[k].(string)
			assert.True(t, ok, "field %q missing or not a string in %v", k, r)
			return v
		}
		l := line{str("level"), str("msg"), str("call"), str("method"), str("path"), num("attempt"), num("status")}
		switch l.msg {
		case "juspay request":
			num("duration")
		case "juspay retry":
			num("wait")
		}
		switch l.status {
		case 400:
			assert.Equal(t, "unique", r["error_code"])
			assert.Equal(t, "ALREADY_EXISTS", r["error_info_code"], "error_info.code is logged")
		case 404:
			assert.Equal(t, "object_not_found", r["error_code"])
			assert.NotContains(t, r, "error_info_code", "an answer without error_info logs no code")
		}
		got = append(got, l)
	}
	const (
		debug, warn     = "DEBUG", "WARN"
		request, retry  = "juspay request", "juspay retry"
		get, post       = "GET", "POST"
		customers, byID = "/customers", "/customers/{id}"
	)
	want := []line{
		{debug, request, "CreateCustomer", post, customers, 1, 200},
		{debug, request, "CreateCustomer", post, customers, 1, 400},
		{debug, request, "CreateCustomer", post, customers, 1, 502},
		{warn, retry, "CreateCustomer", post, customers, 1, 502},
		{debug, request, "CreateCustomer", post, customers, 2, 400},
		{debug, request, "CreateCustomer", get, byID, 1, 200},
		{debug, request, "GetCustomer", get, byID, 1, 503},
		{warn, retry, "GetCustomer", get, byID, 1, 503},
		{debug, request, "GetCustomer", get, byID, 2, 200},
		{debug, request, "GetCustomer", get, byID, 1, 404},
		{debug, request, "UpdateCustomer", post, byID, 1, 200},
		{debug, request, "GetCustomer", get, byID, 1, 0},
		{warn, retry, "GetCustomer", get, byID, 1, 0},
		{debug, request, "GetCustomer", get, byID, 2, 0},
		{debug, request, "ListCards", get, "/cards", 1, 503},
		{warn, retry, "ListCards", get, "/cards", 1, 503},
		{debug, request, "ListCards", get, "/cards", 2, 503},
		{debug, request, "DeleteCard", post, "/card/delete", 1, 503},
		{warn, retry, "DeleteCard", post, "/card/delete", 1, 503},
		{debug, request, "DeleteCard", post, "/card/delete", 2, 503},
		{debug, request, "ListWallets", get, "/customers/{id}/wallets", 1, 503},
		{warn, retry, "ListWallets", get, "/customers/{id}/wallets", 1, 503},
		{debug, request, "ListWallets", get, "/customers/{id}/wallets", 2, 503},
	}
	assert.Equal(t, want, got)

	lower := strings.ToLower(logText)
	for _, secret := range []string{
		testAPIKey, "SECRETKEY",
		base64.StdEncoding.EncodeToString([]byte(testAPIKey + ":")),
		base64.StdEncoding.EncodeToString([]byte(testAPIKey)),
		base64.RawStdEncoding.EncodeToString([]byte(testAPIKey + ":")),
		base64.URLEncoding.EncodeToString([]byte(testAPIKey + ":")),
		token, cust.ID, cardToken,
		ref, "priya.sharma", "priya.second", "%40", newEmail, "p.sharma.new",
		faultCustomerID, "jane.doe",
		mobile, firstName,
		"object_reference_id", "mobile_number", "email_address", "first_name", "last_name",
		"get_client_auth_token", "card_token", "customer_id=", "check_cvv_less_support",
	} {
		assert.NotContains(t, logText, secret, "the log leaks a secret")
	}
	for _, s := range []string{"authorization", "basic ", "x-routing-id", "x-merchantid"} {
		assert.NotContains(t, lower, s, "the log shows a header")
	}

	t.Run("nilLogger", func(t *testing.T) { // does not panic
		s, c := newFake(t, juspay.WithLogger(nil))
		s.LoseAnswerNext(juspaytest.RouteCreate, 1)
		require.NotPanics(t, func() {
			_, err := c.CreateCustomer(ctx, req)
			require.NoError(t, err)
			_, err = newClient(t, refusedURL(t), juspay.WithLogger(nil), juspay.WithMaxRetries(1)).GetCustomer(ctx, lookupRequest())
			requestError(t, err)
		})
	})
}

// TestErrorTextOneLine: server text that could break a log line (CR, LF,
// U+2028, bidi controls) never reaches an error's text as such.
func TestErrorTextOneLine(t *testing.T) {
	t.Parallel()
	body := `{"status":"error\r\nX-Injected: 1","error_code":"bad\u2028code","error_message":"line one\nline two\u202e",` +
		`"error_info":{"code":"INVALID_INPUT\r","developer_message":"x\u2029y","fields":[{"field_name":"mobile\nnumber","reason":"r"}]}}`
	for _, code := range []int{400, 503} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			_, c := answering(t, code, body, juspay.WithMaxRetries(0))
			_, err := c.GetCustomer(context.Background(), lookupRequest())
			apiError(t, err)
			checkErrorText(t, err, opGet)
			for _, r := range []string{"\u2028", "\u2029", "\u202e"} {
				assert.NotContains(t, err.Error(), r)
			}
		})
	}
}

// TestTransportErrorsKeepNoURL: a caller's RoundTripper may wrap a
// *url.Error deep in its own errors, or print the URL: the error text never
// holds the URL, so never the customer id in it, at any layer.
func TestTransportErrorsKeepNoURL(t *testing.T) {
	const id = "jane.doe@example.com"
	boom := errors.New("boom")
	cases := []struct {
		name string
		fail func(*http.Request) error
		want string // after "juspay: GetCustomer GET /customers/{id}: "
	}{
		{"wrapped", func(r *http.Request) error {
			return fmt.Errorf("proxy: %w", &url.Error{Op: "Get", URL: r.URL.String(), Err: boom})
		}, `proxy: Get "/customers/{id}": boom`},
		{"twoLayers", func(r *http.Request) error {
			inner := &url.Error{Op: "Get", URL: r.URL.String(), Err: boom}
			return fmt.Errorf("retrying: %w", fmt.Errorf("proxy: %w", inner))
		}, `retrying: proxy: Get "/customers/{id}": boom`},
		{"joined", func(r *http.Request) error {
			return errors.Join(boom, &url.Error{Op: "Post", URL: r.URL.String(), Err: boom})
		}, `boom Post "/customers/{id}": boom`},
		{"viaProxy", func(r *http.Request) error { // a URL that holds the request's
			return &url.Error{Op: "Get", URL: "http://proxy.local:3128/?to=" + r.URL.String(), Err: boom}
		}, `Get "/customers/{id}": boom`},
		{"printed", func(r *http.Request) error { return fmt.Errorf("cannot reach %s: %w", r.URL, boom) },
			`cannot reach /customers/{id}: boom`},
		{"path", func(r *http.Request) error { return fmt.Errorf("cannot reach %s: %w", r.URL.EscapedPath(), boom) },
			`cannot reach /customers/{id}: boom`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) { return nil, tc.fail(r) })}
			c := newClient(t, "https://api.example.com", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0))
			_, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: id})
			require.Error(t, err)
			assert.Equal(t, "juspay: GetCustomer GET /customers/{id}: "+tc.want, err.Error())
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

// TestTransportErrorsKeepNoID: a RoundTripper that prints the id as it
// decoded it (the path, a query value), not as it was sent, still leaks
// nothing, on every call that names a customer.
func TestTransportErrorsKeepNoID(t *testing.T) {
	const id = "a b+victim@x.com"
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("refused %s (customer %q, query %s)", r.URL.Path, r.URL.Query().Get("customer_id"), r.URL.Query().Get("q"))
	})}
	c := newClient(t, "https://api.example.com", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0))
	ctx := context.Background()
	calls := map[string]func() error{
		"get": func() error {
			_, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: id})
			return err
		},
		"listCards": func() error { _, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: id}); return err },
		"wallets":   func() error { _, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: id}); return err },
		"do": func() error {
			_, err := c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}/mandates", ID: id,
				Query: url.Values{"q": {"secret.query@x.com"}}}, nil)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "victim")
			assert.NotContains(t, err.Error(), "secret.query")
		})
	}
}

// TestLoggedErrorIsBounded: a transport error of 60 KB is cut in the log
// as in the error text.
func TestLoggedErrorIsBounded(t *testing.T) {
	huge := strings.Repeat("x", 60<<10)
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New(huge) })}
	var logs bytes.Buffer
	c := newClient(t, "https://api.example.com", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0),
		juspay.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer_1122"})
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 1<<10)
	require.NotZero(t, logs.Len())
	assert.Less(t, logs.Len(), 2<<10, "the log record")
}
