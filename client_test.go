package juspay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// sandboxCustomers matches any /customers/{id} URL on the sandbox host.
func sandboxCustomers() *regexp.Regexp {
	return regexp.MustCompile(`^https://sandbox\.juspay\.in/customers/`)
}

// hanging starts a server whose handler answers only once the client gives
// up (or the test ends), and counts the requests it got.
func hanging(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before srv.Close
	return srv, &hits
}

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
	t.Run("credentials with spaces, which are no control characters", func(t *testing.T) {
		client, err := juspay.NewClient("sk_ key", "merchant id")
		require.NoError(t, err)
		assert.NotNil(t, client)
	})
}

// TestEnvironmentHosts checks each constant against the hosts table of the
// API facts, and that a client on that environment sends to <host>/customers
// (httpmock matches the full URL).
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
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.url, string(c.env))

			hc := &http.Client{}
			httpmock.ActivateNonDefault(hc)
			t.Cleanup(httpmock.DeactivateAndReset)
			httpmock.RegisterResponder(http.MethodPost, c.url+"/customers",
				httpmock.NewStringResponder(http.StatusOK, sampleCustomer))

			client, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithEnvironment(c.env), juspay.WithHTTPClient(hc))
			require.NoError(t, err)
			_, err = client.CreateCustomer(context.Background(), minimalRequest())
			require.NoError(t, err)
			assert.Equal(t, map[string]int{"POST " + c.url + "/customers": 1}, httpmock.GetCallCountInfo())
		})
	}
}

func TestDefaultEnvironmentIsSandbox(t *testing.T) {
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	t.Cleanup(httpmock.DeactivateAndReset)
	httpmock.RegisterResponder(http.MethodPost, "https://sandbox.juspay.in/customers",
		httpmock.NewStringResponder(http.StatusOK, sampleCustomer))

	client, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = client.CreateCustomer(context.Background(), minimalRequest())
	require.NoError(t, err)
	assert.Equal(t, 1, httpmock.GetTotalCallCount())
}

func TestBaseURLWins(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		write(w, http.StatusOK, sampleCustomer)
	}))
	t.Cleanup(srv.Close)
	client, err := juspay.NewClient(testAPIKey, testMerchantID,
		juspay.WithBaseURL(srv.URL), juspay.WithEnvironment(juspay.Production))
	require.NoError(t, err)
	_, err = client.CreateCustomer(context.Background(), minimalRequest())
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
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				write(w, http.StatusOK, sampleCustomer)
			}))
			t.Cleanup(srv.Close)
			client := newClient(t, srv.URL+c.suffix)
			ctx := context.Background()

			_, err := client.CreateCustomer(ctx, minimalRequest())
			require.NoError(t, err)
			_, err = client.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "a/b c"})
			require.NoError(t, err)

			prefix := "/" + strings.Trim(c.suffix, "/")
			reqs := rec.all()
			require.Len(t, reqs, 2)
			assert.Equal(t, prefix+"/customers", reqs[0].EscapedPath)
			assert.Equal(t, prefix+"/customers/a%2Fb%20c", reqs[1].EscapedPath)
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
			rec, client := answering(t, http.StatusOK, sampleCustomer, c.opts...)
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
		t.Run(fmt.Sprintf("activate before NewClient=%v", activateFirst), func(t *testing.T) {
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
		t.Run(fmt.Sprintf("activate before NewClient=%v, WithHTTPClient=%v", activateFirst, v.opts != nil), func(t *testing.T) {
			var realHits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				realHits.Add(1)
				_, _ = io.WriteString(w, `{"id":"cst_real","object":"customer"}`)
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
				httpmock.NewStringResponder(http.StatusOK, `{"id":"cst_mock","object":"customer"}`))

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

func TestRedirectsAreNotFollowed(t *testing.T) {
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		for _, target := range []string{"same host", "other host"} {
			for _, own := range []bool{false, true} {
				name := fmt.Sprintf("%d to %s, WithHTTPClient=%v", code, target, own)
				t.Run(name, func(t *testing.T) {
					var followed atomic.Int32
					other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						followed.Add(1)
						_, _ = io.WriteString(w, sampleCustomer)
					}))
					t.Cleanup(other.Close)
					srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						if r.URL.Path == "/elsewhere" {
							followed.Add(1)
							_, _ = io.WriteString(w, sampleCustomer)
							return
						}
						loc := "/elsewhere"
						if target == "other host" {
							loc = other.URL + "/customers"
						}
						http.Redirect(w, r, loc, code)
					}))
					t.Cleanup(srv.Close)

					var opts []juspay.Option
					hc := &http.Client{}
					if own {
						opts = append(opts, juspay.WithHTTPClient(hc))
					}
					client := newClient(t, srv.URL, opts...)

					cust, err := client.CreateCustomer(context.Background(), minimalRequest())
					require.Error(t, err)
					assert.Nil(t, cust)
					var apiErr *juspay.APIError
					require.ErrorAs(t, err, &apiErr)
					assert.Equal(t, code, apiErr.HTTPStatus)
					assert.Zero(t, followed.Load(), "the redirect was followed")
					assert.Nil(t, hc.CheckRedirect, "the caller's http.Client was changed")
				})
			}
		}
	}
}

func TestContextAlreadyCancelled(t *testing.T) {
	rec, client := answering(t, http.StatusOK, sampleCustomer)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	cust, err := client.CreateCustomer(ctx, minimalRequest())
	require.Error(t, err)
	assert.Nil(t, cust)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, requestError(t, err).Attempts, "a cancelled context is not retried")
	assert.Empty(t, rec.all(), "nothing reaches the server")
}

func TestContextDeadline(t *testing.T) {
	srv, _ := hanging(t)
	client := newClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := client.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var reqErr *juspay.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Equal(t, "GetCustomer", reqErr.Call)
	assert.Equal(t, "/customers/{id}", reqErr.Path)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestPerAttemptTimeout(t *testing.T) {
	srv, hits := hanging(t)
	client := newClient(t, srv.URL, juspay.WithTimeout(50*time.Millisecond), juspay.WithMaxRetries(0))

	// A backstop, so that a missing per-attempt timeout fails the test
	// (by the time bound below) rather than hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	start := time.Now()
	_, err := client.CreateCustomer(ctx, minimalRequest())
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var reqErr *juspay.RequestError
	assert.ErrorAs(t, err, &reqErr)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, int32(1), hits.Load(), "WithMaxRetries(0) makes one attempt")
}

// TestTransportErrorHidesCustomerID: the id of a GetCustomer may be an
// e-mail, so a transport error's text must not hold it (nor the URL).
func TestTransportErrorHidesCustomerID(t *testing.T) {
	const id = "secret.user@example.com"
	check := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		var reqErr *juspay.RequestError
		require.ErrorAs(t, err, &reqErr)
		for _, s := range []string{"secret.user", "example.com", "secret.user%40example.com"} {
			assert.NotContains(t, err.Error(), s)
			assert.NotContains(t, fmt.Sprintf("%+v", err), s)
		}
		assert.Contains(t, err.Error(), "GET /customers/{id}")
	}

	t.Run("closed port", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())

		client := newClient(t, "http://"+addr, juspay.WithMaxRetries(0))
		_, err = client.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: id})
		check(t, err)
	})

	t.Run("httpmock error responder", func(t *testing.T) {
		hc := &http.Client{}
		httpmock.ActivateNonDefault(hc)
		t.Cleanup(httpmock.DeactivateAndReset)
		httpmock.RegisterRegexpResponder(http.MethodGet, sandboxCustomers(),
			httpmock.NewErrorResponder(errors.New("connection reset by peer")))

		client, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0))
		require.NoError(t, err)
		_, err = client.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: id})
		check(t, err)
		assert.Contains(t, err.Error(), "connection reset by peer")
		assert.Equal(t, 1, httpmock.GetTotalCallCount())
	})
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
		{"default client", func() []juspay.Option { return nil }},
		{"WithHTTPClient", func() []juspay.Option {
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

	t.Run("WithHTTPClient without a closing transport", func(t *testing.T) {
		hc := &http.Client{}
		httpmock.ActivateNonDefault(hc)
		t.Cleanup(httpmock.DeactivateAndReset)
		client, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithHTTPClient(hc))
		require.NoError(t, err)
		assert.NotPanics(t, client.CloseIdleConnections)
	})
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

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
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{"id":"cst_1"}`)), Header: http.Header{}}, nil
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
