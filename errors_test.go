package juspay

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The documented error bodies of spec/juspay-api-facts.md, verbatim.
const (
	etBodyDuplicate = `{"error_message":"Customer with given object reference id already exist for your account.",
 "status":"invalid_request_error","error_code":"unique",
 "error_info":{"user_message":"Already exists.","developer_message":"...","code":"ALREADY_EXISTS","category":"USER_ERROR"}}`
	etBodyInvalidField = `{"error_message":"Wrong value in mobile_number","status":"Invalid Request","error_code":"Invalid Request",
 "error_info":{"user_message":"...","fields":[{"field_name":"mobile_number","reason":"Invalid value."}],
               "developer_message":"Invalid request params","code":"INVALID_INPUT","category":"USER_ERROR"}}`
	etBody401 = `{"status":"error","error_code":"access_denied",
 "error_info":{"user_message":"Unauthorized.","developer_message":"Invalid API Key...","code":"UNAUTHORIZED","category":"USER_ERROR"}}`
	etBody403 = `{"error":true,"error_message":"Internal Server error.","user_message":"Bad Origin.",
 "error_info":{"code":"BAD_ORIGIN","developer_message":"IP Verification Failed"}}`
	etBody404 = `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error","error_code":"object_not_found",
 "error_info":{"code":"RESOURCE_NOT_FOUND"}}`
	etBodyNullable = `{"status":"invalid_request_error","error_code":"nullable","error_message":"mobile_number is mandatory field."}`
	etBodyHTML     = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n"
)

// etSentinels are the sentinels an *APIError may match.
var etSentinels = map[string]error{
	"ErrAlreadyExists": ErrAlreadyExists,
	"ErrNotFound":      ErrNotFound,
	"ErrUnauthorized":  ErrUnauthorized,
	"ErrForbidden":     ErrForbidden,
	"ErrRateLimited":   ErrRateLimited,
	"ErrServer":        ErrServer,
	"ErrValidation":    ErrValidation,
}

// etAssertSentinels asserts that err matches exactly the sentinels named in
// want, and that the Is... helpers agree.
func etAssertSentinels(t *testing.T, err error, want ...string) {
	t.Helper()
	for name, s := range etSentinels {
		assert.Equal(t, etHas(want, name), errors.Is(err, s), "errors.Is(err, %s)", name)
	}
	assert.Equal(t, etHas(want, "ErrAlreadyExists"), IsAlreadyExists(err), "IsAlreadyExists")
	assert.Equal(t, etHas(want, "ErrNotFound"), IsNotFound(err), "IsNotFound")
	assert.Equal(t, etHas(want, "ErrUnauthorized"), IsUnauthorized(err), "IsUnauthorized")
}

func etHas(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestNewAPIErrorBodies(t *testing.T) {
	big := strings.Repeat("<p>proxy error</p>\n", 10<<10/19+1) // a little over 10 KiB
	cases := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		want      APIError // HTTPStatus, Status, ErrorCode, ErrorMessage, UserMessage, ErrorInfo, RequestID, Body
		sentinels []string
		retryable bool
		inText    []string // what Error() must say
	}{
		{
			name: "duplicate 400", status: 400, body: etBodyDuplicate,
			want: APIError{HTTPStatus: 400, Status: "invalid_request_error", ErrorCode: "unique",
				ErrorMessage: "Customer with given object reference id already exist for your account.",
				ErrorInfo:    &ErrorInfo{UserMessage: "Already exists.", DeveloperMessage: "...", Code: "ALREADY_EXISTS", Category: "USER_ERROR"}},
			sentinels: []string{"ErrAlreadyExists"},
			inText:    []string{"HTTP 400", "unique", "Customer with given object reference id already exist for your account.", "ALREADY_EXISTS"},
		},
		{
			name: "invalid field 400", status: 400, body: etBodyInvalidField,
			want: APIError{HTTPStatus: 400, Status: "Invalid Request", ErrorCode: "Invalid Request", ErrorMessage: "Wrong value in mobile_number",
				ErrorInfo: &ErrorInfo{UserMessage: "...", DeveloperMessage: "Invalid request params", Code: "INVALID_INPUT", Category: "USER_ERROR",
					Fields: []FieldError{{FieldName: "mobile_number", Reason: "Invalid value."}}}},
			inText: []string{"HTTP 400", "Invalid Request", "Wrong value in mobile_number", "INVALID_INPUT", "mobile_number"},
		},
		{
			name: "401 without error_message", status: 401, body: etBody401,
			want: APIError{HTTPStatus: 401, Status: "error", ErrorCode: "access_denied",
				ErrorInfo: &ErrorInfo{UserMessage: "Unauthorized.", DeveloperMessage: "Invalid API Key...", Code: "UNAUTHORIZED", Category: "USER_ERROR"}},
			sentinels: []string{"ErrUnauthorized"},
			inText:    []string{"HTTP 401", "access_denied", "Invalid API Key...", "UNAUTHORIZED"},
		},
		{
			name: "403 without status or error_code", status: 403, body: etBody403,
			want: APIError{HTTPStatus: 403, ErrorMessage: "Internal Server error.", UserMessage: "Bad Origin.",
				ErrorInfo: &ErrorInfo{Code: "BAD_ORIGIN", DeveloperMessage: "IP Verification Failed"}},
			sentinels: []string{"ErrForbidden"},
			inText:    []string{"HTTP 403", "BAD_ORIGIN"},
		},
		{
			name: "404", status: 404, body: etBody404,
			header: http.Header{"X-Request-Id": {"req-123"}},
			want: APIError{HTTPStatus: 404, Status: "invalid_request_error", ErrorCode: "object_not_found",
				ErrorMessage: "Cannot find what you are looking for", ErrorInfo: &ErrorInfo{Code: "RESOURCE_NOT_FOUND"}, RequestID: "req-123"},
			sentinels: []string{"ErrNotFound"},
			inText:    []string{"HTTP 404", "object_not_found", "Cannot find what you are looking for", "request_id=req-123"},
		},
		{
			name: "older nullable shape", status: 400, body: etBodyNullable,
			want: APIError{HTTPStatus: 400, Status: "invalid_request_error", ErrorCode: "nullable",
				ErrorMessage: "mobile_number is mandatory field."},
			inText: []string{"HTTP 400", "nullable", "mobile_number is mandatory field."},
		},
		{
			name: "older missing_authentication", status: 401, body: `{"status":"error","error_code":"missing_authentication","error_message":"Missing authentication."}`,
			want:      APIError{HTTPStatus: 401, Status: "error", ErrorCode: "missing_authentication", ErrorMessage: "Missing authentication."},
			sentinels: []string{"ErrUnauthorized"},
			inText:    []string{"HTTP 401", "missing_authentication"},
		},
		{
			name: "HTML page from a proxy", status: 502, body: etBodyHTML,
			header:    http.Header{"Content-Type": {"text/html"}, "X-Response-Id": {"resp-9"}},
			want:      APIError{HTTPStatus: 502, Body: []byte(etBodyHTML), RequestID: "resp-9"},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 502", "not JSON", "text/html", "request_id=resp-9"},
		},
		{
			name: "empty body", status: 503, body: "",
			want:      APIError{HTTPStatus: 503, Body: []byte{}},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 503"},
		},
		{
			name: "truncated JSON", status: 500, body: `{"error_message":"Internal`,
			want:      APIError{HTTPStatus: 500, Body: []byte(`{"error_message":"Internal`)},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 500", "not JSON"},
		},
		{
			name: "JSON array", status: 400, body: `[{"error_code":"unique"}]`,
			want:   APIError{HTTPStatus: 400, Body: []byte(`[{"error_code":"unique"}]`)},
			inText: []string{"HTTP 400", "not JSON"},
		},
		{
			name: "JSON string", status: 400, body: `"Bad Request"`,
			want:   APIError{HTTPStatus: 400, Body: []byte(`"Bad Request"`)},
			inText: []string{"HTTP 400"},
		},
		{
			name: "error_code as a number", status: 400, body: `{"status":"error","error_code":4001,"error_message":"Bad input"}`,
			want:   APIError{HTTPStatus: 400, Status: "error", ErrorCode: "4001", ErrorMessage: "Bad input"},
			inText: []string{"HTTP 400", "4001", "Bad input"},
		},
		{
			name: "error_info as a string", status: 404, body: `{"status":"invalid_request_error","error_code":"object_not_found","error_message":"Not here","error_info":"RESOURCE_NOT_FOUND"}`,
			want:      APIError{HTTPStatus: 404, Status: "invalid_request_error", ErrorCode: "object_not_found", ErrorMessage: "Not here"},
			sentinels: []string{"ErrNotFound"},
			inText:    []string{"HTTP 404", "object_not_found", "Not here"},
		},
		{
			name: "null and bool scalars", status: 400, body: `{"status":null,"error_code":true,"error_message":{"nested":"x"},"error_info":{"code":"INVALID_INPUT","fields":null}}`,
			want:   APIError{HTTPStatus: 400, ErrorCode: "true", ErrorInfo: &ErrorInfo{Code: "INVALID_INPUT"}},
			inText: []string{"HTTP 400", "INVALID_INPUT"},
		},
		{
			name: "429 empty", status: 429, body: "",
			want:      APIError{HTTPStatus: 429, Body: []byte{}},
			sentinels: []string{"ErrRateLimited"}, retryable: true,
			inText: []string{"HTTP 429"},
		},
		{
			name: "10 KiB non-JSON body is capped at 4 KiB", status: 504, body: big,
			header:    http.Header{"Content-Type": {"text/html"}},
			want:      APIError{HTTPStatus: 504, Body: []byte(big[:4096])},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 504", "4096 bytes"},
		},
		{
			name: "307 redirect", status: 307, body: "",
			header: http.Header{"Location": {"https://elsewhere.example/customers"}},
			want:   APIError{HTTPStatus: 307, Body: []byte{}},
			inText: []string{"HTTP 307", "redirects are not followed"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			header := tc.header
			if header == nil {
				header = http.Header{}
			}
			e := newAPIError(tc.status, header, []byte(tc.body))
			require.NotNil(t, e)
			assert.Equal(t, tc.want.HTTPStatus, e.HTTPStatus)
			assert.Equal(t, tc.want.Status, e.Status)
			assert.Equal(t, tc.want.ErrorCode, e.ErrorCode)
			assert.Equal(t, tc.want.ErrorMessage, e.ErrorMessage)
			assert.Equal(t, tc.want.UserMessage, e.UserMessage)
			if tc.want.ErrorInfo == nil && e.ErrorInfo != nil {
				// No usable error_info: nil or an empty one both say so.
				assert.Equal(t, ErrorInfo{}, *e.ErrorInfo)
			} else {
				assert.Equal(t, tc.want.ErrorInfo, e.ErrorInfo)
			}
			assert.Equal(t, tc.want.RequestID, e.RequestID)
			assert.Equal(t, header, e.Header)
			if tc.want.Body == nil {
				assert.Nil(t, e.Body, "a JSON object body is not kept raw")
			} else {
				assert.Equal(t, tc.want.Body, e.Body)
				assert.LessOrEqual(t, len(e.Body), 4096)
			}

			// As the client fills it in.
			e.Call, e.Method, e.Path, e.Attempts = "GetCustomer", http.MethodGet, "/customers/{id}", 1
			var err error = e
			etAssertSentinels(t, err, tc.sentinels...)
			assert.Equal(t, tc.retryable, IsRetryable(err), "IsRetryable")

			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "juspay: GetCustomer GET /customers/{id}: HTTP "), "error text %q", msg)
			assert.NotContains(t, msg, "\n", "one line")
			assert.NotContains(t, msg, "\r", "one line")
			for _, s := range tc.inText {
				assert.Contains(t, msg, s)
			}
			assert.NotContains(t, msg, "<html>", "a raw body is not pasted into the error text")
			assert.NotContains(t, msg, " attempts", "one attempt is not counted")
		})
	}
}

func TestAPIErrorBodyDoesNotAliasTheReadBuffer(t *testing.T) {
	// The client reads bodies into pooled buffers: Body must be a copy.
	buf := []byte(etBodyHTML)
	e := newAPIError(502, http.Header{}, buf)
	for i := range buf {
		buf[i] = 'x'
	}
	assert.Equal(t, etBodyHTML, string(e.Body))
}

func TestAPIErrorErrorText(t *testing.T) {
	e := newAPIError(400, http.Header{}, []byte(etBodyDuplicate))
	e.Call, e.Method, e.Path, e.Attempts = "CreateCustomer", http.MethodPost, "/customers", 1
	assert.Equal(t, "juspay: CreateCustomer POST /customers: HTTP 400 Bad Request: unique: "+
		"Customer with given object reference id already exist for your account. (ALREADY_EXISTS)", e.Error())

	e.Attempts = 3
	assert.True(t, strings.HasSuffix(e.Error(), " after 3 attempts"), e.Error())

	fe := newAPIError(400, http.Header{}, []byte(etBodyInvalidField))
	fe.Call, fe.Method, fe.Path = "UpdateCustomer", http.MethodPost, "/customers/{id}"
	assert.Equal(t, "juspay: UpdateCustomer POST /customers/{id}: HTTP 400 Bad Request: Invalid Request: "+
		"Wrong value in mobile_number (INVALID_INPUT) fields: mobile_number", fe.Error())

	// 401 has no error_message: the developer message stands in.
	ue := newAPIError(401, http.Header{}, []byte(etBody401))
	ue.Call, ue.Method, ue.Path = "GetCustomer", http.MethodGet, "/customers/{id}"
	assert.Equal(t, "juspay: GetCustomer GET /customers/{id}: HTTP 401 Unauthorized: access_denied: Invalid API Key... (UNAUTHORIZED)", ue.Error())
}

func TestAPIErrorErrorIsOneLineWhateverTheBodySays(t *testing.T) {
	// error_message and friends come from the wire: a newline in them must not
	// split (or forge) a log line.
	body := `{"status":"error","error_code":"bad\ncode","error_message":"first line\nsecond line\r\nINFO forged entry",` +
		`"error_info":{"code":"X\nY","fields":[{"field_name":"mobile\nnumber"}]}}`
	e := newAPIError(400, http.Header{}, []byte(body))
	e.Call, e.Method, e.Path = "CreateCustomer", http.MethodPost, "/customers"
	assert.Equal(t, "first line\nsecond line\r\nINFO forged entry", e.ErrorMessage, "the field keeps the text as sent")
	assert.NotContains(t, e.Error(), "\n")
	assert.NotContains(t, e.Error(), "\r")
}

func TestAPIErrorThroughWrapping(t *testing.T) {
	e := newAPIError(404, http.Header{}, []byte(etBody404))
	e.Call, e.Method, e.Path = "GetCustomer", http.MethodGet, "/customers/{id}"
	wrapped := fmt.Errorf("register user: %w", fmt.Errorf("lookup: %w", e))

	var got *APIError
	require.ErrorAs(t, wrapped, &got)
	assert.Same(t, e, got)
	etAssertSentinels(t, wrapped, "ErrNotFound")
	assert.False(t, IsRetryable(wrapped))
	assert.Contains(t, wrapped.Error(), e.Error())

	joined := errors.Join(errors.New("other"), e)
	assert.True(t, IsNotFound(joined))
}

func TestValidationErrorMatching(t *testing.T) {
	ve := &ValidationError{Field: "email_address", Reason: "must be local@domain with exactly one '@'"}
	wrapped := fmt.Errorf("signup: %w", ve)
	etAssertSentinels(t, wrapped, "ErrValidation")
	var got *ValidationError
	require.ErrorAs(t, wrapped, &got)
	assert.Same(t, ve, got)
	assert.Equal(t, "juspay: invalid email_address: must be local@domain with exactly one '@'", ve.Error())
	assert.False(t, IsRetryable(wrapped))
	var ae *APIError
	assert.False(t, errors.As(wrapped, &ae), "a ValidationError is no APIError")
}

func TestSentinelsAreDistinct(t *testing.T) {
	seen := map[string]string{}
	for name, s := range etSentinels {
		etAssertSentinels(t, s, name) // a sentinel is only itself
		require.NotContains(t, seen, s.Error(), "%s and %s share a text", name, seen[s.Error()])
		seen[s.Error()] = name
	}
}

func TestAPIErrorStatusSentinels(t *testing.T) {
	cases := []struct {
		status    int
		sentinels []string
		retryable bool
	}{
		{301, nil, false},
		{400, nil, false},
		{401, []string{"ErrUnauthorized"}, false},
		{403, []string{"ErrForbidden"}, false},
		{404, []string{"ErrNotFound"}, false},
		{408, nil, true},
		{409, nil, false},
		{422, nil, false},
		{429, []string{"ErrRateLimited"}, true},
		{500, []string{"ErrServer"}, true},
		{501, []string{"ErrServer"}, false},
		{502, []string{"ErrServer"}, true},
		{503, []string{"ErrServer"}, true},
		{504, []string{"ErrServer"}, true},
		{599, []string{"ErrServer"}, false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			e := newAPIError(tc.status, http.Header{}, []byte("{}"))
			etAssertSentinels(t, e, tc.sentinels...)
			assert.Equal(t, tc.retryable, IsRetryable(e))
		})
	}
}

func TestRequestError(t *testing.T) {
	refused := &RequestError{Call: "GetCustomer", Method: http.MethodGet, Path: "/customers/{id}", Attempts: 3,
		Err: fmt.Errorf("dial tcp 127.0.0.1:9: %w", syscall.ECONNREFUSED)}
	assert.Equal(t, "juspay: GetCustomer GET /customers/{id}: after 3 attempts: dial tcp 127.0.0.1:9: connection refused", refused.Error())
	assert.ErrorIs(t, refused, syscall.ECONNREFUSED)
	assert.True(t, IsRetryable(refused))

	decode := &RequestError{Call: "CreateCustomer", Method: http.MethodPost, Path: "/customers", Attempts: 1,
		HTTPStatus: 200, Err: errors.New("decoding response: unexpected end of JSON input")}
	assert.Equal(t, "juspay: CreateCustomer POST /customers: reading HTTP 200 response: decoding response: unexpected end of JSON input", decode.Error())
	assert.False(t, IsRetryable(decode), "an answer that came is not retried")

	timeout := &RequestError{Call: "GetCustomer", Method: http.MethodGet, Path: "/customers/{id}", Attempts: 1, Err: context.DeadlineExceeded}
	assert.Equal(t, context.DeadlineExceeded, errors.Unwrap(timeout))
	wrapped := fmt.Errorf("handler: %w", timeout)
	assert.ErrorIs(t, wrapped, context.DeadlineExceeded)
	var re *RequestError
	require.ErrorAs(t, wrapped, &re)
	assert.Same(t, timeout, re)
	etAssertSentinels(t, wrapped) // no API sentinel

	canceled := &RequestError{Method: http.MethodGet, Path: "/customers/{id}", Err: context.Canceled}
	assert.ErrorIs(t, canceled, context.Canceled)
	assert.False(t, IsRetryable(canceled), "a cancelled call is not worth retrying")

	cert := &RequestError{Method: http.MethodGet, Path: "/customers/{id}", Err: x509.UnknownAuthorityError{}}
	assert.False(t, IsRetryable(cert))

	multiline := &RequestError{Method: http.MethodGet, Path: "/customers/{id}", Err: errors.New("proxy said:\r\nINFO forged")}
	assert.NotContains(t, multiline.Error(), "\n", "one log line")
	assert.NotContains(t, multiline.Error(), "\r", "one log line")

	assert.False(t, IsRetryable(nil))
	assert.False(t, IsRetryable(errors.New("plain")))
}

// etBlockingTransport answers nothing until the request's context ends.
type etBlockingTransport struct{}

func (etBlockingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	<-req.Context().Done()
	return nil, req.Context().Err()
}

// etFixedTransport answers every request with one status and body.
type etFixedTransport struct {
	status int
	body   string
}

func (f etFixedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: f.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(f.body)), Request: req}, nil
}

func etClient(t *testing.T, rt http.RoundTripper) *Client {
	t.Helper()
	c, err := NewClient("sk_test_key", "merchant_1", WithHTTPClient(&http.Client{Transport: rt}), WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestErrorsFromCallsNameTheTemplateNotTheID(t *testing.T) {
	const id = "customer@gmail.com"
	ctx := context.Background()

	_, err := etClient(t, etFixedTransport{404, etBody404}).GetCustomer(ctx, &GetCustomerRequest{CustomerID: id})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 404, ae.HTTPStatus)
	assert.Equal(t, "GetCustomer", ae.Call)
	assert.Equal(t, "/customers/{id}", ae.Path)
	assert.Equal(t, 1, ae.Attempts)
	assert.True(t, IsNotFound(err))
	assert.Contains(t, err.Error(), "GetCustomer GET /customers/{id}")
	assert.NotContains(t, err.Error(), id)
	assert.NotContains(t, err.Error(), "customer%40gmail.com")

	_, err = etClient(t, etFixedTransport{400, etBodyDuplicate}).CreateCustomer(ctx, &CreateCustomerRequest{
		ObjectReferenceID: id, MobileNumber: "9988776655"})
	require.ErrorAs(t, err, &ae)
	assert.True(t, IsAlreadyExists(err))
	assert.Contains(t, err.Error(), "CreateCustomer POST /customers: HTTP 400")

	_, err = etClient(t, etFixedTransport{200, `{"id":`}).UpdateCustomer(ctx, &UpdateCustomerRequest{CustomerID: id, FirstName: "John"})
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 200, re.HTTPStatus)
	assert.Contains(t, err.Error(), "UpdateCustomer POST /customers/{id}")
	assert.NotContains(t, err.Error(), id)
	assert.False(t, IsRetryable(err))
}

func TestRequestErrorFromTimeout(t *testing.T) {
	c := etClient(t, etBlockingTransport{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetCustomer(ctx, &GetCustomerRequest{CustomerID: "customer@gmail.com"})
	assert.Less(t, time.Since(start), 5*time.Second)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "GetCustomer", re.Call)
	assert.Equal(t, 0, re.HTTPStatus)
	assert.NotContains(t, err.Error(), "customer@gmail.com")
	assert.NotContains(t, err.Error(), "customer%40gmail.com")

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	_, err = c.GetCustomer(ctx, &GetCustomerRequest{CustomerID: "cst_1"})
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, IsRetryable(err))
}

func FuzzNewAPIError(f *testing.F) {
	for _, b := range []string{etBodyDuplicate, etBodyInvalidField, etBody401, etBody403, etBody404, etBodyNullable,
		etBodyHTML, "", `{"error_message":"Internal`, `[1,2]`, `"x"`, `{"error_code":12}`, `{"error_info":"x"}`,
		`{"error_info":{"fields":[1,{"field_name":2}]}}`, `{} trailing`, "\xff\xfe{"} {
		f.Add(400, []byte(b), "req-1")
	}
	f.Add(502, []byte(strings.Repeat("x", 5000)), "")
	f.Add(-1, []byte("{}"), "\n")
	f.Fuzz(func(t *testing.T, status int, body []byte, requestID string) {
		header := http.Header{}
		if requestID != "" {
			header["X-Request-Id"] = []string{requestID}
		}
		var e *APIError
		require.NotPanics(t, func() { e = newAPIError(status, header, body) })
		require.NotNil(t, e)
		require.Equal(t, status, e.HTTPStatus)
		require.LessOrEqual(t, len(e.Body), maxRawErrorBody)
		require.Equal(t, requestID, e.RequestID)
		if e.Body != nil {
			require.Equal(t, body[:len(e.Body)], e.Body, "Body is a prefix of what was read")
			require.Empty(t, e.ErrorCode, "a raw body decodes no field")
		} else {
			require.True(t, json.Valid(body), "only a JSON body is dropped")
		}
		e.Call, e.Method, e.Path = "CreateCustomer", http.MethodPost, "/customers"
		require.NotPanics(t, func() {
			msg := e.Error()
			require.True(t, strings.HasPrefix(msg, "juspay: CreateCustomer POST /customers: HTTP "))
			for _, s := range etSentinels {
				_ = errors.Is(e, s)
			}
			_ = IsRetryable(e)
		})
	})
}

func FuzzCustomerDecode(f *testing.F) {
	f.Add([]byte(vtCustomerJSON))
	f.Add([]byte(`{"id":"cst_pcxaymwoh9vbse97","object":"customer","date_created":"2016-08-02T08:07:52+0000"}`))
	f.Add([]byte(`{"juspay":{"client_auth_token":"tkn_1","client_auth_token_expiry":"garbage"}}`))
	f.Add([]byte(`{"juspay":null,"date_created":5,"mobile_country_code":"+65"}`))
	f.Add([]byte(`{"juspay":{"client_auth_token":""}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`2020-03-17T19:43:37+05:30`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var w customerWire
		_ = json.Unmarshal(data, &w) // a partial decode must still convert safely
		var c *Customer
		require.NotPanics(t, func() { c = w.customer() })
		require.NotNil(t, c)
		require.Equal(t, w.ID, c.ID)
		require.Equal(t, w.EmailAddress, c.EmailAddress)
		require.Equal(t, w.MobileNumber, c.MobileNumber)
		etRequireUTCOrZero(t, c.DateCreated)
		etRequireUTCOrZero(t, c.LastUpdated)
		if w.Juspay == nil || w.Juspay.Token == "" {
			require.Nil(t, c.ClientAuth)
		} else {
			require.NotNil(t, c.ClientAuth)
			require.Equal(t, w.Juspay.Token, c.ClientAuth.Token)
			etRequireUTCOrZero(t, c.ClientAuth.Expiry)
		}

		s := string(data)
		var tm time.Time
		require.NotPanics(t, func() { tm = parseTime(s) })
		etRequireUTCOrZero(t, tm)
		if ref, err := time.Parse(time.RFC3339, s); err == nil {
			require.True(t, ref.Equal(tm), "parseTime(%q) = %v, RFC 3339 reads %v", s, tm, ref)
		}
		if ref, err := time.Parse("2006-01-02T15:04:05-0700", s); err == nil {
			require.True(t, ref.Equal(tm), "parseTime(%q) = %v, +hhmm form reads %v", s, tm, ref)
		}
	})
}

func etRequireUTCOrZero(t *testing.T, tm time.Time) {
	t.Helper()
	if !tm.IsZero() {
		require.Equal(t, time.UTC, tm.Location(), "time %v must be UTC", tm)
	}
}

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time // zero: unreadable
	}{
		{"2020-03-17T14:13:37Z", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2016-08-02T08:07:52+0000", time.Date(2016, 8, 2, 8, 7, 52, 0, time.UTC)},
		{"2020-03-17T19:43:37+05:30", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2020-03-17T19:43:37+0530", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2020-03-17T09:13:37-05:00", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2020-03-17T14:13:37.123Z", time.Date(2020, 3, 17, 14, 13, 37, 123000000, time.UTC)},
		{"2020-03-17T14:13:37.123456789+0000", time.Date(2020, 3, 17, 14, 13, 37, 123456789, time.UTC)},
		{"2020-03-17T19:43:37.5+05:30", time.Date(2020, 3, 17, 14, 13, 37, 500000000, time.UTC)},
		{"", time.Time{}},
		{"garbage", time.Time{}},
		{"2020-13-45T99:00:00Z", time.Time{}},
		{"2020-03-17", time.Time{}},
		{"2020-03-17 14:13:37", time.Time{}},
		{"1584454417", time.Time{}},
		{"2020-03-17T14:13:37", time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := parseTime(tc.in)
			if tc.want.IsZero() {
				assert.True(t, got.IsZero(), "parseTime(%q) = %v, want zero", tc.in, got)
				return
			}
			assert.True(t, tc.want.Equal(got), "parseTime(%q) = %v, want %v", tc.in, got, tc.want)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}
