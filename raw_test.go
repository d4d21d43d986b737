package juspay_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// TestDoWire: Do sends what every call sends, byte for byte: the escaped
// path, the query, the form, and the same headers.
func TestDoWire(t *testing.T) {
	t.Run("get", func(t *testing.T) {
		rec, c := answering(t, http.StatusOK, `{"list":[],"count":0}`, juspay.WithAPIVersion("2023-06-30"))
		var out struct {
			Count int `json:"count"`
		}
		resp, err := c.Do(context.Background(), &juspay.RawRequest{
			Method: http.MethodGet, Path: "/customers/{id}/mandates", ID: "a+b c@x.com",
			Query: url.Values{"options.limit": {"10"}, "a": {"x y"}},
		}, &out)
		require.NoError(t, err)
		got := rec.only(t)
		assert.Equal(t, "/customers/a+b%20c@x.com/mandates", got.EscapedPath)
		assert.Equal(t, "a=x+y&options.limit=10", got.RawQuery)
		assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte(testAPIKey+":")), got.Header.Get("Authorization"))
		assert.Equal(t, testMerchantID, got.Header.Get("X-Merchantid"))
		assert.Equal(t, "a+b c@x.com", got.Header.Get("X-Routing-Id"))
		assert.Equal(t, "2023-06-30", got.Header.Get("Version"))
		assert.Equal(t, "application/json", got.Header.Get("Accept"))
		assert.Empty(t, got.Body)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, 1, resp.Attempts)
	})
	t.Run("post", func(t *testing.T) {
		rec, c := answering(t, http.StatusOK, `{"card_token":"tkn_1","status":"SUCCESS"}`)
		_, err := c.Do(context.Background(), &juspay.RawRequest{
			Method: http.MethodPost, Path: "/card/update", RoutingID: "user_00001",
			Form: url.Values{"card_token": {"tkn_1"}, "customer_id": {"user_00001"}, "nickname": {"Salary & bills"}},
		}, nil)
		require.NoError(t, err)
		got := rec.only(t)
		assert.Equal(t, "/card/update", got.Path)
		assert.Equal(t, "card_token=tkn_1&customer_id=user_00001&nickname=Salary+%26+bills", got.Body)
		assert.Equal(t, "application/x-www-form-urlencoded", got.Header.Get("Content-Type"))
		assert.Equal(t, "user_00001", got.Header.Get("X-Routing-Id"))
		assert.Empty(t, got.Header.Get("Version"), "sent only with WithAPIVersion")
	})
}

// TestDoAnswers: a 2xx decodes into v, a body that is not JSON fails, and
// an error answer is an *APIError with its Response.
func TestDoAnswers(t *testing.T) {
	t.Run("decodes", func(t *testing.T) {
		_, c := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Request-Id", "req-1")
			write(w, http.StatusOK, `{"list":[{"mandate_token":"m1"}],"total":1}`)
		})
		var out struct {
			List []struct {
				Token string `json:"mandate_token"`
			} `json:"list"`
			Total int `json:"total"`
		}
		resp, err := c.Do(context.Background(), &juspay.RawRequest{Method: "GET", Path: "/customers/{id}/mandates", ID: "user_00001"}, &out)
		require.NoError(t, err)
		assert.Equal(t, 1, out.Total)
		assert.Equal(t, "m1", out.List[0].Token)
		assert.Equal(t, "req-1", resp.RequestID)
	})
	t.Run("notJSON", func(t *testing.T) {
		_, c := answering(t, http.StatusOK, "<html>")
		var out map[string]any
		resp, err := c.Do(context.Background(), &juspay.RawRequest{Method: "GET", Path: "/orders"}, &out)
		require.ErrorIs(t, err, juspay.ErrUnexpectedResponse)
		assert.Equal(t, 200, requestError(t, err).HTTPStatus)
		assert.Equal(t, 200, resp.StatusCode)
	})
	t.Run("nilDiscards", func(t *testing.T) {
		_, c := answering(t, http.StatusOK, "<html>")
		_, err := c.Do(context.Background(), &juspay.RawRequest{Method: "GET", Path: "/orders"}, nil)
		require.NoError(t, err)
	})
	t.Run("apiError", func(t *testing.T) {
		_, c := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Response-Id", "resp-1")
			write(w, http.StatusNotFound, `{"error_code":"object_not_found"}`)
		})
		resp, err := c.Do(context.Background(), &juspay.RawRequest{Method: "GET", Path: "/customers/{id}/mandates", ID: "secret@example.com"}, nil)
		ae := apiError(t, err)
		assert.True(t, juspay.IsNotFound(err))
		assert.Equal(t, "Do", ae.Call)
		assert.Equal(t, "/customers/{id}/mandates", ae.Path)
		assert.NotContains(t, err.Error(), "secret")
		assert.Equal(t, &juspay.Response{StatusCode: 404, Header: resp.Header, RequestID: "resp-1", Attempts: 1}, resp)
	})
}

// TestDoRefusesPaths: a path, method or form that could leave the base URL
// or does not fit is refused before anything is sent.
func TestDoRefusesPaths(t *testing.T) {
	cases := []struct {
		name, field string
		req         juspay.RawRequest
	}{
		{"empty", "path", juspay.RawRequest{Method: "GET", Path: ""}},
		{"relative", "path", juspay.RawRequest{Method: "GET", Path: "customers"}},
		{"scheme", "path", juspay.RawRequest{Method: "GET", Path: "https://evil.example/x"}},
		{"doubleSlash", "path", juspay.RawRequest{Method: "GET", Path: "//evil.example/x"}},
		{"emptySegment", "path", juspay.RawRequest{Method: "GET", Path: "/a//b"}},
		{"dotDot", "path", juspay.RawRequest{Method: "GET", Path: "/customers/../admin"}},
		{"dot", "path", juspay.RawRequest{Method: "GET", Path: "/customers/./x"}},
		{"trailingDotDot", "path", juspay.RawRequest{Method: "GET", Path: "/customers/.."}},
		{"backslash", "path", juspay.RawRequest{Method: "GET", Path: `/a\..\b`}},
		{"query", "path", juspay.RawRequest{Method: "GET", Path: "/a?b=1"}},
		{"fragment", "path", juspay.RawRequest{Method: "GET", Path: "/a#b"}},
		{"escapedDots", "path", juspay.RawRequest{Method: "GET", Path: "/a/%2e%2E/b"}},
		{"escapedSlash", "path", juspay.RawRequest{Method: "GET", Path: "/a%2Fb"}},
		{"escapedBackslash", "path", juspay.RawRequest{Method: "GET", Path: "/a%5cb"}},
		{"badEscape", "path", juspay.RawRequest{Method: "GET", Path: "/a%zz"}},
		{"cutEscape", "path", juspay.RawRequest{Method: "GET", Path: "/a%2"}},
		{"semicolon", "path", juspay.RawRequest{Method: "GET", Path: "/a/..;/b"}},
		{"doubleEscape", "path", juspay.RawRequest{Method: "GET", Path: "/x/%252e%252e/y"}},
		{"halfEscape", "path", juspay.RawRequest{Method: "GET", Path: "/a%z1"}},
		{"escapeG", "path", juspay.RawRequest{Method: "GET", Path: "/a%4G"}},
		{"escapeg", "path", juspay.RawRequest{Method: "GET", Path: "/a%4g"}},
		{"escapeColon", "path", juspay.RawRequest{Method: "GET", Path: "/a%:4"}},
		{"escapeAt", "path", juspay.RawRequest{Method: "GET", Path: "/a%@4"}},
		{"escapeBacktick", "path", juspay.RawRequest{Method: "GET", Path: "/a%`4"}},
		{"newline", "path", juspay.RawRequest{Method: "GET", Path: "/a\nb"}},
		{"space", "path", juspay.RawRequest{Method: "GET", Path: "/a b"}},
		{"nul", "path", juspay.RawRequest{Method: "GET", Path: "/a\x00"}},
		{"placeholderWithoutID", "path", juspay.RawRequest{Method: "GET", Path: "/customers/{id}"}},
		{"idWithoutPlaceholder", "path", juspay.RawRequest{Method: "GET", Path: "/customers", ID: "x"}},
		{"twoPlaceholders", "path", juspay.RawRequest{Method: "GET", Path: "/{id}/{id}", ID: "x"}},
		{"braces", "path", juspay.RawRequest{Method: "GET", Path: "/{name}"}},
		{"idDotDot", "id", juspay.RawRequest{Method: "GET", Path: "/customers/{id}", ID: ".."}},
		{"idControl", "id", juspay.RawRequest{Method: "GET", Path: "/customers/{id}", ID: "a\rb"}},
		{"routingControl", "x-routing-id", juspay.RawRequest{Method: "GET", Path: "/orders", RoutingID: "a\nb"}},
		{"delete", "method", juspay.RawRequest{Method: "DELETE", Path: "/orders"}},
		{"lowercase", "method", juspay.RawRequest{Method: "get", Path: "/orders"}},
		{"formOnGet", "form", juspay.RawRequest{Method: "GET", Path: "/orders", Form: url.Values{"a": {"b"}}}},
	}
	var sent atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, _ *http.Request) { sent.Add(1); write(w, 200, "{}") })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := c.Do(context.Background(), &tc.req, nil)
			validationError(t, err, tc.field)
			assert.Nil(t, resp)
		})
	}
	_, err := c.Do(context.Background(), nil, nil)
	validationError(t, err, "request")
	assert.Zero(t, sent.Load())
	// What stays below the base URL passes.
	for _, path := range []string{"/orders", "/customers/{id}/wallets/refresh-balances", "/a/b.c/%40x/~y/-_.!$&'()*+,=:@",
		"/%30%39%4a%4f%4A%4F"} { // the edges of the hex digits
		req := &juspay.RawRequest{Method: "GET", Path: path}
		if path == "/customers/{id}/wallets/refresh-balances" {
			req.ID = "user_00001"
		}
		_, err := c.Do(context.Background(), req, nil)
		require.NoError(t, err, path)
	}
}

// TestDoRetries: a GET is retried as every call is; a POST only when its
// attempt surely was not acted on (no connection, or 429).
func TestDoRetries(t *testing.T) {
	statusCases := []struct {
		name     string
		method   string
		first    int
		attempts int
		ok       bool
	}{
		{"get503", "GET", 503, 2, true},
		{"get500", "GET", 500, 2, true},
		{"post503", "POST", 503, 1, false},
		{"post502", "POST", 502, 1, false},
		{"post408", "POST", 408, 1, false},
		{"post429", "POST", 429, 2, true},
	}
	for _, tc := range statusCases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			_, c := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				if n.Add(1) == 1 {
					write(w, tc.first, "{}")
					return
				}
				write(w, 200, "{}")
			})
			resp, err := c.Do(context.Background(), &juspay.RawRequest{Method: tc.method, Path: "/orders"}, nil)
			assert.Equal(t, tc.ok, err == nil, "%v", err)
			assert.Equal(t, int32(tc.attempts), n.Load())
			assert.Equal(t, tc.attempts, resp.Attempts)
		})
	}
	t.Run("postRefused", func(t *testing.T) {
		c := newClient(t, refusedURL(t))
		_, err := c.Do(context.Background(), &juspay.RawRequest{Method: "POST", Path: "/orders"}, nil)
		assert.Equal(t, juspay.DefaultMaxRetries+1, requestError(t, err).Attempts)
	})
	t.Run("postReset", func(t *testing.T) {
		var n atomic.Int32
		_, c := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
			n.Add(1)
			conn, _, err := w.(http.Hijacker).Hijack()
			require.NoError(t, err)
			_ = conn.(*net.TCPConn).SetLinger(0)
			_ = conn.Close()
		})
		_, err := c.Do(context.Background(), &juspay.RawRequest{Method: "POST", Path: "/orders"}, nil)
		require.Error(t, err)
		assert.Equal(t, int32(1), n.Load(), "a POST that reached the server is not sent again")

		n.Store(0)
		_, err = c.Do(context.Background(), &juspay.RawRequest{Method: "GET", Path: "/orders"}, nil)
		require.Error(t, err)
		assert.Equal(t, int32(juspay.DefaultMaxRetries+1), n.Load(), "a GET is")
	})
}

// FuzzDoPath: whatever path Do accepts stays below the base URL, as a
// server decodes it: no "." or ".." segment, no empty segment, no way out
// of the base URL's prefix. What it refuses is a *ValidationError, and
// nothing is sent.
func FuzzDoPath(f *testing.F) {
	for _, seed := range []string{"/orders", "/customers/{id}/mandates", "/a/../b", "/a/%2e%2e/b", "//x", `/a\b`,
		"/a%2fb", "/%zz", "/a?b", "/a#b", "/a/./b", "/~user/!$&'()*+,=:@", "/a%252e%252e", "/a/..;/b"} {
		f.Add(seed, "user_00001")
	}
	f.Fuzz(func(t *testing.T, path, id string) {
		var sent *url.URL
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			u, err := url.Parse(r.URL.String()) // as the server reads the request line
			require.NoError(t, err)
			sent = u
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Header: http.Header{}}, nil
		})}
		c := newClient(t, "https://api.example.com/base", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0))
		if !strings.Contains(path, "{id}") {
			id = ""
		}
		_, err := c.Do(context.Background(), &juspay.RawRequest{Method: http.MethodGet, Path: path, ID: id}, nil)
		if err != nil {
			var verr *juspay.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Nil(t, sent, "a refused request was sent")
			return
		}
		require.NotNil(t, sent)
		assert.Equal(t, "api.example.com", sent.Host)
		require.True(t, strings.HasPrefix(sent.Path, "/base/"), "%q left the base URL", sent.Path)
		rest := strings.TrimPrefix(sent.EscapedPath(), "/base/")
		for _, seg := range strings.Split(rest, "/") {
			dec, err := url.PathUnescape(seg)
			require.NoError(t, err)
			if id == "" { // decoded twice, as a proxy may: still no way out
				twice, err := url.PathUnescape(dec)
				require.NoError(t, err)
				assert.NotContains(t, []string{"", ".", ".."}, twice, "segment of %q decoded twice", path)
				assert.NotContains(t, twice, "/", "segment of %q decoded twice", path)
			}
			assert.NotContains(t, strings.TrimSuffix(dec, ";"), "..;", "segment of %q", path)
			if id != "" && dec == id {
				continue // the id is one segment, whatever it holds
			}
			assert.NotContains(t, []string{"", ".", ".."}, dec, "segment of %q", path)
		}
		assert.Empty(t, sent.RawQuery)
		assert.Empty(t, sent.Fragment)
	})
}

// TestDoNamesThePath: errors, logs and printing name a raw path as written
// when it holds "{id}", else by its first segment only, since the rest may
// be an id.
func TestDoNamesThePath(t *testing.T) {
	_, c := answering(t, http.StatusNotFound, `{"error_code":"object_not_found"}`, juspay.WithMaxRetries(0))
	for _, tc := range []struct{ path, id, want string }{
		{"/orders", "", "/orders"},
		{"/orders/ord_secret42", "", "/orders/…"},
		{"/txns/a/b", "", "/txns/…"},
		{"/customers/{id}/mandates", "jane@example.com", "/customers/{id}/mandates"},
	} {
		req := &juspay.RawRequest{Method: http.MethodGet, Path: tc.path, ID: tc.id}
		_, err := c.Do(context.Background(), req, nil)
		assert.Equal(t, tc.want, apiError(t, err).Path)
		assert.Contains(t, fmt.Sprint(req), "Path:"+tc.want+" ")
		for _, secret := range []string{"secret42", "jane", "/a/b"} {
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, fmt.Sprint(req), secret)
		}
	}
	// A request printed before it was refused, e.g. in the caller's log.
	assert.NotContains(t, fmt.Sprint(juspay.RawRequest{Method: "GET", Path: "//victim.example"}), "victim")
}
