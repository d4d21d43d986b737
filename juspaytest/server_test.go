package juspaytest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const unauthorizedBody = `{"status":"error","error_code":"access_denied","error_info":{"user_message":"Unauthorized.","developer_message":"Invalid API Key...","code":"UNAUTHORIZED","category":"USER_ERROR"}}`

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
			r := do(t, req)
			require.Equal(t, tt.want, r.status, r.body)
			if tt.want == http.StatusUnauthorized {
				assert.Equal(t, unauthorizedBody, r.body)
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
	}{
		{"escaped slash is one id", http.MethodGet, "/customers/a%2Fb%3Fc%23d%25e@f%20g", http.StatusOK},
		{"escaped at sign", http.MethodGet, "/customers/a%2Fb%3Fc%23d%25e%40f%20g", http.StatusOK},
		{"unescaped slash is a sub-path", http.MethodGet, "/customers/a/b%3Fc%23d%25e@f%20g", http.StatusNotFound},
		{"unknown id", http.MethodGet, "/customers/cst_doesnotexist0000", http.StatusNotFound},
		{"empty id", http.MethodGet, "/customers/", http.StatusNotFound},
		{"unknown path", http.MethodGet, "/orders", http.StatusNotFound},
		{"list not served", http.MethodGet, "/customers", http.StatusMethodNotAllowed},
		{"delete not served", http.MethodDelete, "/customers/x", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, newReq(t, s, tt.method, tt.path, nil))
			assert.Equal(t, tt.want, r.status, r.body)
			if tt.want == http.StatusNotFound {
				code, info := errorCode(t, r.body)
				assert.Equal(t, "object_not_found", code)
				assert.Equal(t, "RESOURCE_NOT_FOUND", info)
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
		{"json", "application/json", http.StatusBadRequest},
		{"missing", "", http.StatusBadRequest},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newReq(t, s, http.MethodPost, "/customers",
				createForm("object_reference_id", fmt.Sprintf("ctype-case-%d", i)))
			req.Header.Set("Content-Type", tt.contentType)
			r := do(t, req)
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
	for _, tt := range []struct {
		name      string
		s         *Server
		routingID string
		want      int
	}{
		{"lax accepts a missing one", lax, "", http.StatusOK},
		{"lax accepts one", lax, "route-1", http.StatusOK},
		{"strict refuses a missing one", strict, "", http.StatusBadRequest},
		{"strict accepts one", strict, "route-1", http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.s.ResetRequests()
			req := newReq(t, tt.s, http.MethodPost, "/customers",
				createForm("object_reference_id", "routing-"+tt.routingID+"-x"))
			if tt.routingID != "" {
				req.Header.Set("x-routing-id", tt.routingID)
			}
			r := do(t, req)
			require.Equal(t, tt.want, r.status, r.body)
			if tt.want == http.StatusBadRequest {
				assert.Contains(t, r.body, `"error_message":"x-routing-id is mandatory field."`)
			}
			reqs := tt.s.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.routingID, reqs[0].RoutingID)
		})
	}
}

func TestServerNeverPrintsAPIKey(t *testing.T) {
	s := start(t, WithCredentials("SECRETKEY0123456789", "m1"))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		assert.NotContains(t, fmt.Sprintf(verb, s), "SECRETKEY", verb)
		assert.NotContains(t, fmt.Sprintf(verb, *s), "SECRETKEY", verb)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("server", "s", s)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("server", "s", *s)
	assert.NotContains(t, buf.String(), "SECRETKEY")
	assert.Contains(t, buf.String(), s.URL)
	assert.Contains(t, s.String(), "m1")
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
	assert.Regexp(t, regexp.MustCompile(`^\{"id":"cst_[a-z0-9]{16}","object":"customer",`), r.body)
}
