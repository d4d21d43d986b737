package juspaytest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
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

// jsonReq is newReq with a JSON body.
func jsonReq(t *testing.T, s *Server, method, escapedPath, body string) *http.Request {
	t.Helper()
	req := newReq(t, s, method, escapedPath, nil)
	req.Body = io.NopCloser(strings.NewReader(body))
	req.ContentLength = int64(len(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// reply is an answer as received.
type reply struct {
	status int
	header http.Header
	body   string
}

// do sends req over the network and reads the whole answer.
func do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// serve runs req through s.Handler() in memory.
func serve(t *testing.T, s *Server, req *http.Request) reply {
	t.Helper()
	if req.Body == nil {
		req.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return reply{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
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
	r := serve(t, s, newReq(t, s, http.MethodPost, "/customers", form))
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

var (
	idRE        = regexp.MustCompile(`"id":"cth_[A-Za-z0-9]{16}"`)
	tokenRE     = regexp.MustCompile(`"client_auth_token":"tkn_[0-9a-f]{32}"`)
	requestIDRE = regexp.MustCompile(`"request_id":"[0-9a-f-]{36}"`)
	uuidRE      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// mask replaces the random id, token and request id of a body, so it can be
// compared byte for byte with Juspay's samples.
func mask(body string) string {
	body = idRE.ReplaceAllString(body, `"id":"cth_X"`)
	body = tokenRE.ReplaceAllString(body, `"client_auth_token":"tkn_X"`)
	return requestIDRE.ReplaceAllString(body, `"request_id":"X"`)
}
