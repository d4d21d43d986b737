package juspaytest

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewServerCredentials(t *testing.T) {
	a, b := start(t), start(t)
	assert.Regexp(t, `^[0-9A-F]{32}$`, a.APIKey)
	assert.Regexp(t, `^merchant_[a-z0-9]{8}$`, a.MerchantID)
	assert.NotEqual(t, a.APIKey, b.APIKey, "keys are random per server")
	assert.NotEqual(t, a.MerchantID, b.MerchantID)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$|^http://\[::1\]:\d+$`, a.URL)

	fixed := start(t, WithCredentials("my_key", "my_merchant"))
	assert.Equal(t, "my_key", fixed.APIKey)
	assert.Equal(t, "my_merchant", fixed.MerchantID)
	half := start(t, WithCredentials("", "only_merchant"))
	assert.Regexp(t, `^[0-9A-F]{32}$`, half.APIKey)
	assert.Equal(t, "only_merchant", half.MerchantID)
}

func TestAuth(t *testing.T) {
	s := start(t)
	b64 := func(v string) string { return base64.StdEncoding.EncodeToString([]byte(v)) }
	tests := []struct {
		name     string
		auth     string
		merchant string
		want     int
	}{
		{"page form with colon", "Basic " + b64(s.APIKey+":"), s.MerchantID, http.StatusOK},
		{"node sdk form without colon", "Basic " + b64(s.APIKey), s.MerchantID, http.StatusOK},
		{"scheme case-insensitive", "basic " + b64(s.APIKey+":"), s.MerchantID, http.StatusOK},
		{"wrong key", "Basic " + b64("nope:"), s.MerchantID, http.StatusUnauthorized},
		{"key as password", "Basic " + b64(":"+s.APIKey), s.MerchantID, http.StatusUnauthorized},
		{"non-empty password", "Basic " + b64(s.APIKey+":x"), s.MerchantID, http.StatusUnauthorized},
		{"wrong merchant", "Basic " + b64(s.APIKey+":"), "other", http.StatusUnauthorized},
		{"no merchant", "Basic " + b64(s.APIKey+":"), "", http.StatusUnauthorized},
		{"no auth", "", s.MerchantID, http.StatusUnauthorized},
		{"bearer", "Bearer " + s.APIKey, s.MerchantID, http.StatusUnauthorized},
		{"bad base64", "Basic !!!", s.MerchantID, http.StatusUnauthorized},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newReq(t, s, http.MethodPost, "/customers",
				createForm("object_reference_id", fmt.Sprintf("auth-case-%d", i)))
			req.Header.Set("Authorization", tt.auth)
			req.Header.Set("x-merchantid", tt.merchant)
			r := serve(t, s, req)
			require.Equal(t, tt.want, r.status, r.body)
			if tt.want == http.StatusUnauthorized {
				assert.Equal(t, `{"status":"error","error_code":"access_denied","error_info":{"user_message":"Unauthorized.",`+
					`"developer_message":"Invalid API Key...","code":"UNAUTHORIZED","category":"USER_ERROR","request_id":"`+
					r.header.Get("X-Response-Id")+`"}}`, r.body)
				assert.Equal(t, "application/json", r.header.Get("Content-Type"))
			}
		})
	}
	assert.Len(t, s.Customers(), 3, "only the authorized creates are stored")
}

func TestRouting(t *testing.T) {
	s := start(t)
	create(t, s, createForm("object_reference_id", "a/b?c#d%e@f g"))
	tests := []struct {
		name, method, path string
		want               int
		allow              string
	}{
		{"escaped slash is one id", http.MethodGet, "/customers/a%2Fb%3Fc%23d%25e@f%20g", http.StatusOK, ""},
		{"escaped at sign", http.MethodGet, "/customers/a%2Fb%3Fc%23d%25e%40f%20g", http.StatusOK, ""},
		{"wallets of an escaped id", http.MethodGet, "/customers/a%2Fb%3Fc%23d%25e@f%20g/wallets", http.StatusOK, ""},
		{"unescaped slash is a sub-path", http.MethodGet, "/customers/a/b%3Fc%23d%25e@f%20g", http.StatusNotImplemented, ""},
		{"empty id", http.MethodGet, "/customers/", http.StatusNotImplemented, ""},
		{"unknown path", http.MethodGet, "/orders", http.StatusNotImplemented, ""},
		{"unknown sub-path", http.MethodGet, "/customers/x/cards", http.StatusNotImplemented, ""},
		{"list customers not served", http.MethodGet, "/customers", http.StatusMethodNotAllowed, "POST"},
		{"delete customer not served", http.MethodDelete, "/customers/x", http.StatusMethodNotAllowed, "GET, POST"},
		{"cards is GET only", http.MethodPost, "/cards", http.StatusMethodNotAllowed, "GET"},
		{"card delete is POST only", http.MethodGet, "/card/delete", http.StatusMethodNotAllowed, "POST"},
		{"wallets is GET only", http.MethodPost, "/customers/x/wallets", http.StatusMethodNotAllowed, "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, tt.method, tt.path, nil))
			assert.Equal(t, tt.want, r.status, r.body)
			assert.Equal(t, tt.allow, r.header.Get("Allow"))
			if tt.want == http.StatusNotImplemented {
				code, _ := errorCode(t, r.body)
				assert.Equal(t, "not_implemented", code, "never Juspay's object_not_found")
			}
		})
	}
}

func TestContentType(t *testing.T) {
	s := start(t)
	tests := []struct {
		name, contentType string
		want              int
	}{
		{"form", "application/x-www-form-urlencoded", http.StatusOK},
		{"form with charset", "application/x-www-form-urlencoded; charset=utf-8", http.StatusOK},
		{"text", "text/plain", http.StatusBadRequest},
		{"missing", "", http.StatusBadRequest},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newReq(t, s, http.MethodPost, "/customers",
				createForm("object_reference_id", fmt.Sprintf("ctype-case-%d", i)))
			req.Header.Set("Content-Type", tt.contentType)
			r := serve(t, s, req)
			require.Equal(t, tt.want, r.status, r.body)
			if tt.want != http.StatusOK {
				code, info := errorCode(t, r.body)
				assert.Equal(t, "invalid_request", code)
				assert.Equal(t, "INVALID_INPUT", info)
			}
		})
	}
}

func TestRoutingID(t *testing.T) {
	lax, strict := start(t), start(t, WithStrictRoutingID())
	for _, s := range []*Server{lax, strict} {
		_, err := s.AddCustomer(Customer{ObjectReferenceID: "cust_123489"})
		require.NoError(t, err)
	}
	for _, tt := range []struct {
		name      string
		s         *Server
		req       func(s *Server) *http.Request
		routingID string
		want      int
	}{
		{"lax accepts a missing one", lax, createReq, "", http.StatusOK},
		{"lax accepts one", lax, createReq, "route-1", http.StatusOK},
		{"strict refuses a missing one", strict, createReq, "", http.StatusBadRequest},
		{"strict accepts one", strict, createReq, "route-1", http.StatusOK},
		{"strict on list cards", strict, func(s *Server) *http.Request {
			return newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil)
		}, "", http.StatusBadRequest},
		{"strict on wallets", strict, func(s *Server) *http.Request {
			return newReq(t, s, http.MethodGet, "/customers/cust_123489/wallets", nil)
		}, "", http.StatusBadRequest},
		{"strict spares card delete, whose sample sends none", strict, func(s *Server) *http.Request {
			return newReq(t, s, http.MethodPost, "/card/delete", url.Values{"card_token": {"tkn_none"}})
		}, "", http.StatusBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.s.ResetRequests()
			req := tt.req(tt.s)
			if tt.routingID != "" {
				req.Header.Set("x-routing-id", tt.routingID)
			}
			r := serve(t, tt.s, req)
			require.Equal(t, tt.want, r.status, r.body)
			if req.URL.Path == "/card/delete" {
				assert.NotContains(t, r.body, "x-routing-id", "refused for the unknown card, not the header")
			} else if tt.want == http.StatusBadRequest {
				assert.Contains(t, r.body, `"error_message":"x-routing-id is mandatory field."`)
			}
			reqs := tt.s.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.routingID, reqs[0].RoutingID)
		})
	}
}

func createReq(s *Server) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/customers",
		strings.NewReader(createForm("object_reference_id", "routing-"+randomString(lowerAlnum, 8)).Encode()))
	req.SetBasicAuth(s.APIKey, "")
	req.Header.Set("x-merchantid", s.MerchantID)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func TestEveryAnswerHasAResponseID(t *testing.T) {
	s := start(t)
	s.FailNext(RouteGet, 1, http.StatusServiceUnavailable, "")
	big := newReq(t, s, http.MethodPost, "/customers", nil)
	big.Body = io.NopCloser(strings.NewReader(strings.Repeat("a", maxBody+1)))
	big.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	tests := []struct {
		name      string
		req       *http.Request
		want      int
		errorInfo bool
	}{
		{"success", newReq(t, s, http.MethodPost, "/customers", createForm()), http.StatusOK, false},
		{"fault status", newReq(t, s, http.MethodGet, "/customers/x", nil), http.StatusServiceUnavailable, false},
		{"customer 404", newReq(t, s, http.MethodGet, "/customers/x", nil), http.StatusNotFound, false},
		{"field error", newReq(t, s, http.MethodPost, "/customers", createForm("mobile_number", "x")), http.StatusBadRequest, true},
		{"path not served", newReq(t, s, http.MethodGet, "/nowhere", nil), http.StatusNotImplemented, false},
		{"405", newReq(t, s, http.MethodPut, "/customers", nil), http.StatusMethodNotAllowed, true},
		{"413", big, http.StatusRequestEntityTooLarge, true},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, tt.req)
			require.Equal(t, tt.want, r.status, r.body)
			id := r.header.Get("X-Response-Id")
			assert.Regexp(t, uuidRE, id)
			assert.False(t, seen[id], "unique per answer")
			seen[id] = true
			if tt.errorInfo {
				info := decode(t, r.body)["error_info"].(map[string]any)
				assert.Equal(t, id, info["request_id"])
			}
		})
	}
	reqs := s.Requests()
	require.Len(t, reqs, len(tests))
	for _, r := range reqs {
		assert.True(t, seen[r.ResponseID], "recorded with its answer's id")
	}
}

// TestRandomStringsAreUniform: the ids and tokens draw each character of
// their alphabet equally often, whatever its size (no modulo bias: 62
// characters do not divide 256). Over 10,000 draws a character a byte value
// more gives 25% more; chance alone gives a few percent.
func TestRandomStringsAreUniform(t *testing.T) {
	for _, alphabet := range []string{hexLower, lowerAlnum, mixedAlnum} {
		t.Run(fmt.Sprintf("%d characters", len(alphabet)), func(t *testing.T) {
			const perChar = 10000
			counts := map[rune]int{}
			for _, r := range randomString(alphabet, perChar*len(alphabet)) {
				counts[r]++
			}
			require.Len(t, counts, len(alphabet), "every character is drawn, and only those")
			for _, r := range alphabet {
				assert.InDelta(t, perChar, counts[r], perChar/10, "draws of %q", r)
			}
		})
	}
}

// TestHandlerMountedElsewhere serves the fake from another server's mux:
// the two share one state.
func TestHandlerMountedElsewhere(t *testing.T) {
	s := start(t)
	mux := http.NewServeMux()
	mux.Handle("/", s.Handler())
	other := httptest.NewServer(mux)
	t.Cleanup(other.Close)

	req := newReq(t, s, http.MethodPost, "/customers", createForm())
	req.URL, _ = url.Parse(other.URL + "/customers")
	r := do(t, req)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Len(t, s.Customers(), 1, "stored in the server's state")
	assert.Equal(t, int64(0), s.NewConnections(), "the server's own port saw nothing")

	got := do(t, newReq(t, s, http.MethodGet, "/customers/customer@gmail.com", nil))
	assert.Equal(t, http.StatusOK, got.status, "and its own port serves it")
	assert.Len(t, s.Requests(), 2)
}

func TestNewConnections(t *testing.T) {
	s := start(t)
	hc := &http.Client{Transport: &http.Transport{}}
	get := func() {
		t.Helper()
		resp, err := hc.Do(newReq(t, s, http.MethodGet, "/customers/nobody00", nil))
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		require.NoError(t, resp.Body.Close())
	}
	for range 5 {
		get()
	}
	assert.Equal(t, int64(1), s.NewConnections(), "keep-alive reuses one connection")

	hc.CloseIdleConnections()
	get()
	assert.Equal(t, int64(2), s.NewConnections())
}

func TestCloseTwice(t *testing.T) {
	s := NewServer()
	s.Close()
	assert.NotPanics(t, s.Close)
	_, err := http.Get(s.URL + "/customers/x")
	assert.Error(t, err, "a closed server takes no requests")
}

func TestJSONHasNoTrailingNewline(t *testing.T) {
	s := start(t)
	r := do(t, newReq(t, s, http.MethodPost, "/customers", createForm()))
	assert.False(t, strings.HasSuffix(r.body, "\n"))
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	assert.Regexp(t, `^\{"id":"cth_[A-Za-z0-9]{16}","object":"customer",`, r.body)
}

func TestUnstartedServerListensNowhere(t *testing.T) {
	s := NewUnstartedServer(WithCredentials("KEY_1", "merchant_1"))
	t.Cleanup(s.Close)
	assert.Empty(t, s.URL, "no port until Start")
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/customers/nobody", nil)
	require.NoError(t, err)
	req.SetBasicAuth("KEY_1", "")
	req.Header.Set("x-merchantid", "merchant_1")
	assert.Equal(t, http.StatusNotFound, do(t, req).status, "served through Handler alone")
	assert.Zero(t, s.NewConnections())

	s.Start()
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.URL)
	req.URL, err = url.Parse(s.URL + "/customers/nobody")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, do(t, req).status)
	assert.Equal(t, int64(1), s.NewConnections())
	assert.PanicsWithValue(t, "juspaytest: Server.Start: already started", s.Start)
}

func TestHasAPIKey(t *testing.T) {
	s := start(t, WithCredentials("KEY_1", "merchant_1"))
	tests := []struct {
		name, auth string
		want       bool
	}{
		{"with colon", "Basic " + base64.StdEncoding.EncodeToString([]byte("KEY_1:")), true},
		{"without colon", "Basic " + base64.StdEncoding.EncodeToString([]byte("KEY_1")), true},
		{"any password", "Basic " + base64.StdEncoding.EncodeToString([]byte("KEY_1:anything")), false},
		{"the key as password", "Basic " + base64.StdEncoding.EncodeToString([]byte(":KEY_1")), false},
		{"another key", "Basic " + base64.StdEncoding.EncodeToString([]byte("KEY_2:")), false},
		{"a prefix of the key", "Basic " + base64.StdEncoding.EncodeToString([]byte("KEY_:")), false},
		{"bearer", "Bearer KEY_1", false},
		{"none", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/__admin/customers", nil)
			req.Header.Set("Authorization", tt.auth)
			assert.Equal(t, tt.want, s.HasAPIKey(req), "no x-merchantid needed")
		})
	}
}

func TestRoutesAndRouteOf(t *testing.T) {
	assert.Equal(t, []Route{RouteCreate, RouteGet, RouteUpdate, RouteListCards, RouteDeleteCard, RouteListWallets, RouteRefreshWallets}, Routes())
	r := Routes()
	r[0] = "changed"
	assert.Equal(t, RouteCreate, Routes()[0], "a new slice each call")
	tests := []struct {
		method, target string
		want           Route
	}{
		{"POST", "/customers", RouteCreate},
		{"GET", "/customers/victim@example.com", RouteGet},
		{"POST", "/customers/a%2Fb", RouteUpdate},
		{"GET", "/cards?customer_id=victim@example.com", RouteListCards},
		{"POST", "/card/delete/", RouteDeleteCard},
		{"GET", "/customers/9988776655/wallets", RouteListWallets},
		{"GET", "/customers/9988776655/wallets/refresh-balances", RouteRefreshWallets},
		{"PUT", "/customers/x", ""},
		{"GET", "/customers/x/mandates", ""},
		{"GET", "/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			assert.Equal(t, tt.want, RouteOf(httptest.NewRequest(tt.method, tt.target, nil)))
		})
	}
	assert.Equal(t, match{status: http.StatusNotImplemented}, routeOf("GET", "/customers/%zz"), "an id that does not unescape")
	assert.Equal(t, match{status: http.StatusNotImplemented}, routeOf("GET", "/customers/%zz/wallets"))
}
