package juspaytest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// start returns a running server closed at the end of the test.
func start(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// newReq builds a request to s by hand, as Juspay's page shows it: Basic auth
// with the colon, x-merchantid, and for a POST a form body. escapedPath is
// sent as is.
func newReq(t *testing.T, s *Server, method, escapedPath string, form url.Values) *http.Request {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.URL+escapedPath, body)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(s.APIKey+":")))
	req.Header.Set("x-merchantid", s.MerchantID)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

// reply is an answer as received.
type reply struct {
	status int
	header http.Header
	body   string
}

// do sends req and reads the whole answer.
func do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// createForm is a valid create form; kv pairs override or add fields (an
// empty value removes the field).
func createForm(kv ...string) url.Values {
	f := url.Values{
		"object_reference_id": {"customer@gmail.com"},
		"mobile_number":       {"9988776655"},
		"email_address":       {"customer@gmail.com"},
		"first_name":          {"John"},
		"last_name":           {"Smith"},
		"mobile_country_code": {"91"},
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			f.Del(kv[i])
		} else {
			f.Set(kv[i], kv[i+1])
		}
	}
	return f
}

// create posts form to /customers and requires a 200; it returns the decoded
// customer.
func create(t *testing.T, s *Server, form url.Values) map[string]any {
	t.Helper()
	r := do(t, newReq(t, s, http.MethodPost, "/customers", form))
	require.Equal(t, http.StatusOK, r.status, r.body)
	return decode(t, r.body)
}

func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m
}

// errorCode returns the error_code and error_info.code of an error body.
func errorCode(t *testing.T, body string) (string, string) {
	t.Helper()
	var e struct {
		ErrorCode string `json:"error_code"`
		ErrorInfo struct {
			Code string `json:"code"`
		} `json:"error_info"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &e), body)
	return e.ErrorCode, e.ErrorInfo.Code
}
