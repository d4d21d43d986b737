package juspay

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The error bodies of spec/juspay-api-facts.md, verbatim.
const (
	bodyDuplicate = `{"error_message":"Customer with given object reference id already exist for your account.",
 "status":"invalid_request_error","error_code":"unique",
 "error_info":{"user_message":"Already exists.","developer_message":"...","code":"ALREADY_EXISTS","category":"USER_ERROR"}}`
	bodyInvalidField = `{"error_message":"Wrong value in mobile_number","status":"Invalid Request","error_code":"Invalid Request",
 "error_info":{"user_message":"...","fields":[{"field_name":"mobile_number","reason":"Invalid value."}],
               "developer_message":"Invalid request params","code":"INVALID_INPUT","category":"USER_ERROR"}}`
	body401 = `{"status":"error","error_code":"access_denied",
 "error_info":{"user_message":"Unauthorized.","developer_message":"Invalid API Key...","code":"UNAUTHORIZED","category":"USER_ERROR"}}`
	body403 = `{"error":true,"error_message":"Internal Server error.","user_message":"Bad Origin.",
 "error_info":{"code":"BAD_ORIGIN","developer_message":"IP Verification Failed"}}`
	body404 = `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error","error_code":"object_not_found",
 "error_info":{"code":"RESOURCE_NOT_FOUND"}}`
	// The observed 404 without error_info (juspay-mcp).
	body404Bare = `{"status":"error","error_code":"object_not_found","error_message":"Object not found"}`
	// The older "nullable" code of the v2.0 error-codes page.
	bodyNullable = `{"status":"invalid_request_error","error_code":"nullable","error_message":"mobile_number is mandatory field."}`
	// The 400 of Juspay's wallet pages for an unknown customer (spec
	// customer-cards-wallets.md, "More of what Juspay serves").
	bodyWalletNotFound = `{"status":"Invalid Request","error_code":"null_error","error_message":"Customer not found for given customerId."}`
	bodyHTML           = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n"
)

// namedSentinel is a sentinel and its name, for messages.
type namedSentinel struct {
	name string
	err  error
}

// allSentinels lists every exported sentinel.
func allSentinels() []namedSentinel {
	return []namedSentinel{
		{"ErrAlreadyExists", ErrAlreadyExists},
		{"ErrNotFound", ErrNotFound},
		{"ErrInvalidRequest", ErrInvalidRequest},
		{"ErrUnauthorized", ErrUnauthorized},
		{"ErrForbidden", ErrForbidden},
		{"ErrRateLimited", ErrRateLimited},
		{"ErrServer", ErrServer},
		{"ErrRedirect", ErrRedirect},
		{"ErrValidation", ErrValidation},
		{"ErrResponseTooLarge", ErrResponseTooLarge},
		{"ErrUnexpectedResponse", ErrUnexpectedResponse},
		{"ErrNoClientAuthToken", ErrNoClientAuthToken},
		{"ErrReferenceConflict", ErrReferenceConflict},
		{"ErrCardNotDeleted", ErrCardNotDeleted},
	}
}

// assertSentinels asserts that err matches exactly the sentinels named in
// want, and that the Is... shorthands agree.
func assertSentinels(t *testing.T, err error, want ...string) {
	t.Helper()
	has := func(name string) bool {
		for _, w := range want {
			if w == name {
				return true
			}
		}
		return false
	}
	for _, s := range allSentinels() {
		assert.Equal(t, has(s.name), errors.Is(err, s.err), "errors.Is(err, %s) for %v", s.name, err)
	}
	assert.Equal(t, has("ErrAlreadyExists"), IsAlreadyExists(err), "IsAlreadyExists")
	assert.Equal(t, has("ErrNotFound"), IsNotFound(err), "IsNotFound")
	assert.Equal(t, has("ErrUnauthorized"), IsUnauthorized(err), "IsUnauthorized")
}

// lineBreakers are what must never be in an error's text: they could split
// or forge a log line, or reorder it on screen.
func lineBreakers() []rune {
	rs := []rune{'\r', '\n', '\v', '\f', '\x00', '\x1b', '\x7f', '\u0085', '\u2028', '\u2029',
		'\u200e', '\u200f', '\u061c'}
	for r := '\u202a'; r <= '\u202e'; r++ {
		rs = append(rs, r)
	}
	for r := '\u2066'; r <= '\u2069'; r++ {
		rs = append(rs, r)
	}
	return rs
}

// requireOneLine asserts that s holds no line breaker and is valid UTF-8.
func requireOneLine(t testing.TB, what, s string) {
	t.Helper()
	require.True(t, utf8.ValidString(s), "%s is not valid UTF-8: %q", what, s)
	for _, r := range lineBreakers() {
		require.NotContains(t, s, string(r), "%s holds %U: %q", what, r, s)
	}
}

// apiErrorStrings lists every string an APIError copies from an answer.
func apiErrorStrings(e *APIError) map[string]string {
	m := map[string]string{
		"Status": e.Status, "ErrorCode": e.ErrorCode, "ErrorMessage": e.ErrorMessage,
		"UserMessage": e.UserMessage, "RequestID": e.RequestID,
	}
	if ei := e.ErrorInfo; ei != nil {
		m["ErrorInfo.UserMessage"] = ei.UserMessage
		m["ErrorInfo.DeveloperMessage"] = ei.DeveloperMessage
		m["ErrorInfo.Code"] = ei.Code
		m["ErrorInfo.Category"] = ei.Category
		m["ErrorInfo.RequestID"] = ei.RequestID
		m["ErrorInfo.Href"] = ei.Href
		for i, f := range ei.Fields {
			m[fmt.Sprintf("ErrorInfo.Fields[%d].FieldName", i)] = f.FieldName
			m[fmt.Sprintf("ErrorInfo.Fields[%d].Reason", i)] = f.Reason
		}
	}
	return m
}

// requireBounded asserts the bounds an APIError keeps whatever the answer:
// strings of at most 256 bytes, valid and on one line; at most 16 fields;
// at most 4 KiB of raw body; and a one-line Error().
func requireBounded(t testing.TB, e *APIError) {
	t.Helper()
	for name, s := range apiErrorStrings(e) {
		require.LessOrEqual(t, len(s), maxErrorText, "%s is %d bytes", name, len(s))
		requireOneLine(t, name, s)
	}
	if e.ErrorInfo != nil {
		require.LessOrEqual(t, len(e.ErrorInfo.Fields), maxErrorFields)
	}
	require.LessOrEqual(t, len(e.Body), maxRawBody)
	msg := e.Error()
	requireOneLine(t, "Error()", msg)
	require.Less(t, len(msg), 6<<10, "Error() is %d bytes", len(msg))
}

func TestNewAPIErrorBodies(t *testing.T) {
	big := strings.Repeat("<p>proxy error</p>\n", 10<<10/19+1) // a little over 10 KiB
	cases := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		want      APIError // the decoded fields; Header is checked apart
		sentinels []string
		retryable bool
		inText    []string // what Error() must say
	}{
		{
			name: "duplicate 400", status: 400, body: bodyDuplicate,
			want: APIError{HTTPStatus: 400, Status: "invalid_request_error", ErrorCode: "unique",
				ErrorMessage: "Customer with given object reference id already exist for your account.",
				ErrorInfo:    &ErrorInfo{UserMessage: "Already exists.", DeveloperMessage: "...", Code: "ALREADY_EXISTS", Category: "USER_ERROR"}},
			sentinels: []string{"ErrAlreadyExists"},
			inText:    []string{"HTTP 400", "unique", "Customer with given object reference id already exist for your account.", "ALREADY_EXISTS"},
		},
		{
			name: "invalid field 400", status: 400, body: bodyInvalidField,
			want: APIError{HTTPStatus: 400, Status: "Invalid Request", ErrorCode: "Invalid Request", ErrorMessage: "Wrong value in mobile_number",
				ErrorInfo: &ErrorInfo{UserMessage: "...", DeveloperMessage: "Invalid request params", Code: "INVALID_INPUT", Category: "USER_ERROR",
					Fields: []FieldError{{FieldName: "mobile_number", Reason: "Invalid value."}}}},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"HTTP 400", "Invalid Request", "Wrong value in mobile_number", "INVALID_INPUT", "fields: mobile_number"},
		},
		{
			name: "401 without error_message", status: 401, body: body401,
			want: APIError{HTTPStatus: 401, Status: "error", ErrorCode: "access_denied",
				ErrorInfo: &ErrorInfo{UserMessage: "Unauthorized.", DeveloperMessage: "Invalid API Key...", Code: "UNAUTHORIZED", Category: "USER_ERROR"}},
			sentinels: []string{"ErrUnauthorized"},
			inText:    []string{"HTTP 401", "access_denied", "Invalid API Key...", "UNAUTHORIZED"},
		},
		{
			name: "403 without status or error_code", status: 403, body: body403,
			want: APIError{HTTPStatus: 403, ErrorMessage: "Internal Server error.", UserMessage: "Bad Origin.",
				ErrorInfo: &ErrorInfo{Code: "BAD_ORIGIN", DeveloperMessage: "IP Verification Failed"}},
			sentinels: []string{"ErrForbidden"},
			inText:    []string{"HTTP 403", "BAD_ORIGIN"},
		},
		{
			name: "404", status: 404, body: body404,
			want: APIError{HTTPStatus: 404, Status: "invalid_request_error", ErrorCode: "object_not_found",
				ErrorMessage: "Cannot find what you are looking for", ErrorInfo: &ErrorInfo{Code: "RESOURCE_NOT_FOUND"}},
			sentinels: []string{"ErrNotFound"},
			inText:    []string{"HTTP 404", "object_not_found", "Cannot find what you are looking for", "RESOURCE_NOT_FOUND"},
		},
		{
			name: "observed 404 without error_info", status: 404, body: body404Bare,
			want:      APIError{HTTPStatus: 404, Status: "error", ErrorCode: "object_not_found", ErrorMessage: "Object not found"},
			sentinels: []string{"ErrNotFound"},
			inText:    []string{"HTTP 404 Not Found: object_not_found: Object not found"},
		},
		{
			name: "older nullable code", status: 400, body: bodyNullable,
			want: APIError{HTTPStatus: 400, Status: "invalid_request_error", ErrorCode: "nullable",
				ErrorMessage: "mobile_number is mandatory field."},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"HTTP 400", "nullable", "mobile_number is mandatory field."},
		},
		{
			name: "older missing_authentication", status: 401,
			body:      `{"status":"error","error_code":"missing_authentication","error_message":"Missing authentication."}`,
			want:      APIError{HTTPStatus: 401, Status: "error", ErrorCode: "missing_authentication", ErrorMessage: "Missing authentication."},
			sentinels: []string{"ErrUnauthorized"},
			inText:    []string{"HTTP 401", "missing_authentication"},
		},
		{
			name: "request_id and href in error_info", status: 400,
			body: `{"status":"error","error_code":"invalid_request","error_message":"Bad","error_info":{"code":"INVALID_INPUT",` +
				`"request_id":"req-in-body","href":"https://docs.juspay.in/errors#INVALID_INPUT","status_id":7}}`,
			want: APIError{HTTPStatus: 400, Status: "error", ErrorCode: "invalid_request", ErrorMessage: "Bad", RequestID: "req-in-body",
				ErrorInfo: &ErrorInfo{Code: "INVALID_INPUT", RequestID: "req-in-body", Href: "https://docs.juspay.in/errors#INVALID_INPUT"}},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"request_id=req-in-body"},
		},
		{
			name: "HTML page from a proxy", status: 502, body: bodyHTML,
			header:    http.Header{"Content-Type": {"text/html"}, "X-Response-Id": {"resp-9"}},
			want:      APIError{HTTPStatus: 502, Body: []byte(bodyHTML), RequestID: "resp-9"},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 502 Bad Gateway", "not JSON", "text/html", "request_id=resp-9"},
		},
		{
			name: "empty body", status: 503, body: "",
			want:      APIError{HTTPStatus: 503, Body: []byte{}},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 503"},
		},
		{
			name: "white space body", status: 500, body: " \r\n",
			want:      APIError{HTTPStatus: 500, Body: []byte(" \r\n")},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 500"},
		},
		{
			name: "truncated JSON", status: 500, body: `{"error_message":"Internal`,
			want:      APIError{HTTPStatus: 500, Body: []byte(`{"error_message":"Internal`)},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 500", "not JSON"},
		},
		{
			name: "JSON with trailing garbage", status: 500, body: `{"error_code":"x"} trailing`,
			want:      APIError{HTTPStatus: 500, Body: []byte(`{"error_code":"x"} trailing`)},
			sentinels: []string{"ErrServer"}, retryable: true,
		},
		{
			name: "JSON array", status: 400, body: `[{"error_code":"unique"}]`,
			want:      APIError{HTTPStatus: 400, Body: []byte(`[{"error_code":"unique"}]`)},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"HTTP 400", "not JSON"},
		},
		{
			name: "JSON string", status: 400, body: `"Bad Request"`,
			want:      APIError{HTTPStatus: 400, Body: []byte(`"Bad Request"`)},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"HTTP 400"},
		},
		{
			name: "JSON null", status: 500, body: `null`,
			want:      APIError{HTTPStatus: 500, Body: []byte(`null`)},
			sentinels: []string{"ErrServer"}, retryable: true,
		},
		{
			name: "numbers and bools for strings", status: 400, body: `{"status":false,"error_code":4001,"error_message":1.5e3,"error_info":{"code":true}}`,
			want:      APIError{HTTPStatus: 400, Status: "false", ErrorCode: "4001", ErrorMessage: "1.5e3", ErrorInfo: &ErrorInfo{Code: "true"}},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"HTTP 400", "4001", "1.5e3"},
		},
		{
			name: "objects and arrays where strings are", status: 400,
			body:      `{"status":null,"error_code":{"a":1},"error_message":["x"],"error_info":{"code":"INVALID_INPUT","developer_message":{},"fields":null}}`,
			want:      APIError{HTTPStatus: 400, ErrorInfo: &ErrorInfo{Code: "INVALID_INPUT"}},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"HTTP 400", "INVALID_INPUT"},
		},
		{
			name: "error_info as a string keeps the rest", status: 404,
			body:      `{"status":"invalid_request_error","error_code":"object_not_found","error_message":"Not here","error_info":"RESOURCE_NOT_FOUND"}`,
			want:      APIError{HTTPStatus: 404, Status: "invalid_request_error", ErrorCode: "object_not_found", ErrorMessage: "Not here"},
			sentinels: []string{"ErrNotFound"},
			inText:    []string{"HTTP 404", "object_not_found", "Not here"},
		},
		{
			name: "wallet null_error 400", status: 400, body: bodyWalletNotFound,
			want: APIError{HTTPStatus: 400, Status: "Invalid Request", ErrorCode: "null_error",
				ErrorMessage: "Customer not found for given customerId."},
			sentinels: []string{"ErrNotFound"},
			inText:    []string{"HTTP 400 Bad Request: null_error: Customer not found for given customerId."},
		},
		{
			name: "camelCase", status: 400,
			body:      `{"status":"FAILURE","errorCode":"INVALID_INPUT","errorMessage":"Bad amount","userMessage":"Try again"}`,
			want:      APIError{HTTPStatus: 400, Status: "FAILURE", ErrorCode: "INVALID_INPUT", ErrorMessage: "Bad amount", UserMessage: "Try again"},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"HTTP 400 Bad Request: INVALID_INPUT: Bad amount"},
		},
		{
			name: "camelCase user message stands in", status: 403, body: `{"userMessage":"Bad Origin."}`,
			want:      APIError{HTTPStatus: 403, UserMessage: "Bad Origin."},
			sentinels: []string{"ErrForbidden"},
			inText:    []string{"HTTP 403 Forbidden: Bad Origin."},
		},
		{
			name: "snake_case wins over camelCase", status: 400,
			body:      `{"errorCode":"camel","error_code":"snake","error_message":"snake msg","errorMessage":"camel msg","userMessage":"camel user","user_message":"snake user"}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "snake", ErrorMessage: "snake msg", UserMessage: "snake user"},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"snake: snake msg"},
		},
		{
			name: "camelCase when snake_case is empty or null", status: 400,
			body:      `{"error_code":"","errorCode":"camel","error_message":null,"errorMessage":"camel msg","user_message":{},"userMessage":"camel user"}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "camel", ErrorMessage: "camel msg", UserMessage: "camel user"},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"camel: camel msg"},
		},
		{
			name: "error_info as a JSON string", status: 400,
			body: `{"error_code":"unique","error_info":"{\"user_message\":\"Already exists.\",\"code\":\"ALREADY_EXISTS\",` +
				`\"category\":\"USER_ERROR\",\"request_id\":\"req-7\",\"fields\":[{\"field_name\":\"object_reference_id\"}]}"}`,
			want: APIError{HTTPStatus: 400, ErrorCode: "unique", RequestID: "req-7", ErrorInfo: &ErrorInfo{UserMessage: "Already exists.",
				Code: "ALREADY_EXISTS", Category: "USER_ERROR", RequestID: "req-7", Fields: []FieldError{{FieldName: "object_reference_id"}}}},
			sentinels: []string{"ErrAlreadyExists"},
			inText:    []string{"unique: Already exists. (ALREADY_EXISTS) fields: object_reference_id request_id=req-7"},
		},
		{
			name: "error_info as a JSON string with white space", status: 404,
			body:      `{"error_info":" \n {\"code\":\"RESOURCE_NOT_FOUND\"} \t"}`,
			want:      APIError{HTTPStatus: 404, ErrorInfo: &ErrorInfo{Code: "RESOURCE_NOT_FOUND"}},
			sentinels: []string{"ErrNotFound"},
			inText:    []string{"(RESOURCE_NOT_FOUND)"},
		},
		{
			name: "error_info string of broken JSON is ignored", status: 400,
			body:      `{"error_code":"x","error_message":"kept","error_info":"{\"code\":\"ALREADY_EXISTS\""}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "x", ErrorMessage: "kept"},
			sentinels: []string{"ErrInvalidRequest"},
			inText:    []string{"x: kept"},
		},
		{
			name: "error_info string of a list is ignored", status: 400,
			body:      `{"error_code":"x","error_info":"[{\"code\":\"ALREADY_EXISTS\"}]"}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "x"},
			sentinels: []string{"ErrInvalidRequest"},
		},
		{
			name: "error_info string holding a string is ignored", status: 400,
			body:      `{"error_code":"x","error_info":"\"{\\\"code\\\":\\\"ALREADY_EXISTS\\\"}\""}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "x"},
			sentinels: []string{"ErrInvalidRequest"},
		},
		{
			name: "error_info of another type is ignored", status: 400,
			body:      `{"error_code":"x","error_info":[{"code":"ALREADY_EXISTS"}]}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "x"},
			sentinels: []string{"ErrInvalidRequest"},
		},
		{
			name: "error_info null", status: 400, body: `{"error_code":"x","error_info":null}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "x"},
			sentinels: []string{"ErrInvalidRequest"},
		},
		{
			name: "the last error_info wins", status: 400,
			body:      `{"error_code":"x","error_info":{"code":"ALREADY_EXISTS"},"error_info":"not JSON"}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "x"},
			sentinels: []string{"ErrInvalidRequest"},
		},
		{
			// firstFields: "skipping entries that are not objects".
			name: "entries of fields that are not objects are skipped", status: 400,
			body: `{"error_code":"x","error_info":{"fields":[1,"s",null,[],{"field_name":2,"reason":["r"]},{"field_name":"email_address"}]}}`,
			want: APIError{HTTPStatus: 400, ErrorCode: "x", ErrorInfo: &ErrorInfo{
				Fields: []FieldError{{FieldName: "2"}, {FieldName: "email_address"}}}},
			sentinels: []string{"ErrInvalidRequest"},
		},
		{
			name: "fields not a list", status: 400, body: `{"error_code":"x","error_info":{"fields":{"field_name":"a"}}}`,
			want:      APIError{HTTPStatus: 400, ErrorCode: "x", ErrorInfo: &ErrorInfo{}},
			sentinels: []string{"ErrInvalidRequest"},
		},
		{
			name: "429 empty", status: 429, body: "",
			want:      APIError{HTTPStatus: 429, Body: []byte{}},
			sentinels: []string{"ErrRateLimited"}, retryable: true,
			inText: []string{"HTTP 429 Too Many Requests"},
		},
		{
			name: "10 KiB non-JSON body is cut to 4 KiB", status: 504, body: big,
			header:    http.Header{"Content-Type": {"text/html"}},
			want:      APIError{HTTPStatus: 504, Body: []byte(big[:4096])},
			sentinels: []string{"ErrServer"}, retryable: true,
			inText: []string{"HTTP 504", "4096 bytes"},
		},
		{
			name: "307 redirect", status: 307, body: "",
			header:    http.Header{"Location": {"https://elsewhere.example/customers"}},
			want:      APIError{HTTPStatus: 307, Body: []byte{}},
			sentinels: []string{"ErrRedirect"},
			inText:    []string{"HTTP 307", "redirects are not followed"},
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
			assert.Equal(t, header, e.Header)
			got := *e
			got.Header = nil
			assert.Equal(t, tc.want, got)
			requireBounded(t, e)

			// As the client fills it in.
			e.Call, e.Method, e.Path, e.Attempts = "GetCustomer", http.MethodGet, "/customers/{id}", 1
			var err error = e
			assertSentinels(t, err, tc.sentinels...)
			assert.Equal(t, tc.retryable, IsRetryable(err), "IsRetryable")

			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "juspay: GetCustomer GET /customers/{id}: HTTP "), "error text %q", msg)
			for _, s := range tc.inText {
				assert.Contains(t, msg, s)
			}
			assert.NotContains(t, msg, "<html>", "a raw body is not pasted into the error text")
			assert.NotContains(t, msg, " attempts", "one attempt is not counted")
		})
	}
}

func TestNewAPIErrorRequestID(t *testing.T) {
	const body = `{"error_code":"x","error_info":{"request_id":"from-body"}}`
	cases := []struct {
		name   string
		header map[string]string
		body   string
		want   string
	}{
		{"x-response-id wins", map[string]string{"x-response-id": "resp", "x-request-id": "req"}, body, "resp"},
		{"then x-request-id", map[string]string{"x-request-id": "req"}, body, "req"},
		{"then error_info.request_id", nil, body, "from-body"},
		{"none", nil, `{"error_code":"x"}`, ""},
		{"header on a body that is not JSON", map[string]string{"x-response-id": "resp"}, "oops", "resp"},
		{"header value on one line", map[string]string{"x-response-id": "a\r\nb\u2028c"}, body, "a  b c"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.header {
				h.Set(k, v) // canonical, as net/http stores them
			}
			e := newAPIError(400, h, []byte(tc.body))
			assert.Equal(t, tc.want, e.RequestID)
			if tc.want != "" {
				assert.Contains(t, e.Error(), "request_id="+tc.want)
			} else {
				assert.NotContains(t, e.Error(), "request_id")
			}
		})
	}
}

func TestAPIErrorBodyIsACopy(t *testing.T) {
	// The client may reuse the buffer it read into: Body must not alias it.
	buf := []byte(strings.Repeat("<p>x</p>", 10<<10/8))
	e := newAPIError(502, http.Header{}, buf)
	want := string(buf[:4096])
	overwrite(buf)
	assert.Equal(t, want, string(e.Body))
	assert.Equal(t, 4096, cap(e.Body), "Body keeps no more than its 4 KiB alive")
}

func TestAPIErrorErrorText(t *testing.T) {
	e := newAPIError(400, http.Header{}, []byte(bodyDuplicate))
	e.Call, e.Method, e.Path, e.Attempts = "CreateCustomer", http.MethodPost, "/customers", 1
	assert.Equal(t, "juspay: CreateCustomer POST /customers: HTTP 400 Bad Request: unique: "+
		"Customer with given object reference id already exist for your account. (ALREADY_EXISTS)", e.Error())

	e.Attempts = 3
	assert.True(t, strings.HasSuffix(e.Error(), " after 3 attempts"), e.Error())

	fe := newAPIError(400, http.Header{}, []byte(bodyInvalidField))
	fe.Call, fe.Method, fe.Path = "UpdateCustomer", http.MethodPost, "/customers/{id}"
	assert.Equal(t, "juspay: UpdateCustomer POST /customers/{id}: HTTP 400 Bad Request: Invalid Request: "+
		"Wrong value in mobile_number; Invalid request params (INVALID_INPUT) fields: mobile_number", fe.Error())

	// 401 has no error_message: the developer message stands in, and the
	// text says what to check, since Juspay blames the key for any of three.
	ue := newAPIError(401, http.Header{}, []byte(body401))
	ue.Call, ue.Method, ue.Path = "GetCustomer", http.MethodGet, "/customers/{id}"
	assert.Equal(t, "juspay: GetCustomer GET /customers/{id}: HTTP 401 Unauthorized: access_denied: Invalid API Key... (UNAUTHORIZED); "+
		"check the API key, the merchant id and the environment (a sandbox key fails on Production)", ue.Error())

	// 403 has a top-level user_message beside error_message, and says what
	// to check: the IP allow-list. The documented body keeps Juspay's own
	// "IP Verification Failed", which error_message alone would drop.
	be := newAPIError(403, http.Header{}, []byte(`{"user_message":"Bad Origin.","error_info":{"code":"BAD_ORIGIN"}}`))
	assert.Equal(t, "juspay: HTTP 403 Forbidden: Bad Origin. (BAD_ORIGIN)"+forbiddenHint, be.Error())
	be = newAPIError(403, http.Header{}, []byte(`{"error":true,"error_message":"Internal Server error.","user_message":"Bad Origin.",`+
		`"error_info":{"code":"BAD_ORIGIN","developer_message":"IP Verification Failed"}}`))
	assert.Equal(t, "juspay: HTTP 403 Forbidden: Internal Server error.; IP Verification Failed (BAD_ORIGIN); "+
		"check that this server's outbound IP is on the IP allow-list (whitelist) on Juspay's dashboard", be.Error())

	// An unknown status still reads.
	assert.Equal(t, "juspay: HTTP 599", newAPIError(599, http.Header{}, []byte(`{}`)).Error())

	// Every 3xx, and only a 3xx, says that redirects are not followed.
	for code, want := range map[int]string{
		299: "juspay: HTTP 299",
		300: "juspay: HTTP 300 Multiple Choices (redirects are not followed)",
		399: "juspay: HTTP 399 (redirects are not followed)",
		400: "juspay: HTTP 400 Bad Request",
	} {
		assert.Equal(t, want, newAPIError(code, http.Header{}, []byte(`{}`)).Error())
	}
}

func TestAPIErrorIsOneLine(t *testing.T) {
	// Every string that comes from the wire, holding every line breaker.
	var evil strings.Builder
	evil.WriteString("start")
	for _, r := range lineBreakers() {
		evil.WriteRune(r)
		evil.WriteString("x")
	}
	s, err := json.Marshal(evil.String())
	require.NoError(t, err)
	q := string(s)
	body := `{"status":` + q + `,"error_code":` + q + `,"error_message":` + q + `,"user_message":` + q +
		`,"error_info":{"user_message":` + q + `,"developer_message":` + q + `,"code":` + q + `,"category":` + q +
		`,"request_id":` + q + `,"href":` + q + `,"fields":[{"field_name":` + q + `,"reason":` + q + `}]}}`
	e := newAPIError(400, http.Header{}, []byte(body))
	require.NotEmpty(t, e.ErrorMessage)
	requireBounded(t, e)
	assert.Contains(t, e.Error(), "start x")

	h := http.Header{}
	h.Set("X-Response-Id", evil.String())
	h.Set("Content-Type", evil.String())
	raw := newAPIError(502, h, []byte("<html>\n</html>"))
	requireBounded(t, raw)
	assert.Contains(t, raw.Error(), "start x")
}

func TestAPIErrorBounds(t *testing.T) {
	mib := 1 << 20
	t.Run("1 MiB error_message", func(t *testing.T) {
		body := []byte(`{"error_code":"x","error_message":"a` + strings.Repeat("é", mib/2) + `"}`)
		e := newAPIError(400, http.Header{}, body)
		requireBounded(t, e)
		assert.Less(t, len(e.Error()), 4<<10)
		assert.True(t, strings.HasPrefix(e.ErrorMessage, "aéé"))
		assert.Equal(t, 255, len(e.ErrorMessage), "cut before the rune that would cross 256 bytes")
	})
	t.Run("every string long", func(t *testing.T) {
		long := `"` + strings.Repeat("m", 64<<10) + `"`
		longer := `"` + strings.Repeat("f", 1<<10) + `"`
		field := `{"field_name":` + longer + `,"reason":` + longer + `}`
		body := `{"status":` + long + `,"error_code":` + long + `,"error_message":` + long + `,"user_message":` + long +
			`,"error_info":{"user_message":` + long + `,"developer_message":` + long + `,"code":` + long +
			`,"category":` + long + `,"request_id":` + long + `,"href":` + long +
			`,"fields":[` + strings.Repeat(field+",", 20) + field + `]}}`
		h := http.Header{}
		h.Set("X-Response-Id", strings.Repeat("r", 64<<10))
		e := newAPIError(400, h, []byte(body))
		requireBounded(t, e)
		for name, s := range apiErrorStrings(e) {
			assert.Equal(t, maxErrorText, len(s), "%s", name)
		}
		assert.Len(t, e.ErrorInfo.Fields, maxErrorFields)
	})
	t.Run("1 MiB of fields", func(t *testing.T) {
		entry := `{"field_name":"mobile_number","reason":"Invalid value."},`
		body := []byte(`{"error_code":"x","error_info":{"fields":[` + strings.Repeat(entry, mib/len(entry)) + `{}]}}`)
		e := newAPIError(400, http.Header{}, body)
		requireBounded(t, e)
		assert.Len(t, e.ErrorInfo.Fields, maxErrorFields)
		assert.Equal(t, FieldError{FieldName: "mobile_number", Reason: "Invalid value."}, e.ErrorInfo.Fields[15])

		allocated := bytesAllocated(func() { newAPIError(400, http.Header{}, body) })
		assert.Less(t, allocated, uint64(8<<20), "bytes allocated to decode 1 MiB of fields")
	})
	t.Run("1 MiB message allocates little", func(t *testing.T) {
		body := []byte(`{"error_message":"` + strings.Repeat("m", mib) + `"}`)
		allocated := bytesAllocated(func() { newAPIError(400, http.Header{}, body) })
		assert.Less(t, allocated, uint64(8<<20), "bytes allocated to decode a 1 MiB message")
	})
	t.Run("camelCase strings long", func(t *testing.T) {
		long := `"` + strings.Repeat("c", 64<<10) + `"`
		e := newAPIError(400, http.Header{}, []byte(`{"errorCode":`+long+`,"errorMessage":`+long+`,"userMessage":`+long+`}`))
		requireBounded(t, e)
		for _, s := range []string{e.ErrorCode, e.ErrorMessage, e.UserMessage} {
			assert.Equal(t, maxErrorText, len(s))
		}
	})
	t.Run("1 MiB of fields in an error_info string", func(t *testing.T) {
		entry := `{\"field_name\":\"mobile_number\",\"reason\":\"Invalid\\nvalue.\"},`
		long := strings.Repeat("m", 64<<10)
		body := []byte(`{"error_code":"x","error_info":"{\"developer_message\":\"` + long + `\",\"fields\":[` +
			strings.Repeat(entry, mib/len(entry)) + `{}]}"}`)
		e := newAPIError(400, http.Header{}, body)
		requireBounded(t, e)
		require.NotNil(t, e.ErrorInfo)
		assert.Len(t, e.ErrorInfo.Fields, maxErrorFields)
		assert.Equal(t, FieldError{FieldName: "mobile_number", Reason: "Invalid value."}, e.ErrorInfo.Fields[15])
		assert.Equal(t, maxErrorText, len(e.ErrorInfo.DeveloperMessage))

		allocated := bytesAllocated(func() { newAPIError(400, http.Header{}, body) })
		assert.Less(t, allocated, uint64(8<<20), "bytes allocated to decode 1 MiB of fields in a string")
	})
	t.Run("invalid UTF-8 in a header", func(t *testing.T) {
		h := http.Header{}
		h.Set("X-Response-Id", strings.Repeat("\xff", 300))
		h.Set("Content-Type", strings.Repeat("\xfe", 300))
		e := newAPIError(502, h, []byte("oops"))
		requireBounded(t, e)

		// No character starts within the first 256 bytes.
		h.Set("X-Response-Id", strings.Repeat("\x80", 300))
		h.Set("Content-Type", strings.Repeat("\xbf", 300))
		requireBounded(t, newAPIError(502, h, []byte("oops")))
	})
}

// The other spellings Juspay sends decode as the documented ones do:
// camelCase names, and error_info as a string holding its object.
func TestNewAPIErrorOtherSpellings(t *testing.T) {
	camel := map[string]string{"error_code": "errorCode", "error_message": "errorMessage", "user_message": "userMessage"}
	respell := func(t *testing.T, body string, camelCase, infoAsString bool) string {
		t.Helper()
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(body), &m))
		if camelCase {
			for snake, c := range camel {
				if v, ok := m[snake]; ok {
					delete(m, snake)
					m[c] = v
				}
			}
		}
		if info, ok := m["error_info"]; ok && infoAsString {
			b, err := json.Marshal(info)
			require.NoError(t, err)
			m["error_info"] = string(b)
		}
		b, err := json.Marshal(m)
		require.NoError(t, err)
		return string(b)
	}
	bodies := map[string]string{"duplicate": bodyDuplicate, "invalid field": bodyInvalidField, "401": body401, "403": body403,
		"404": body404, "bare 404": body404Bare, "nullable": bodyNullable, "wallet not found": bodyWalletNotFound}
	for name, body := range bodies {
		for _, v := range []struct {
			name                    string
			camelCase, infoAsString bool
		}{{"camelCase", true, false}, {"error_info string", false, true}, {"both", true, true}} {
			t.Run(name+" "+v.name, func(t *testing.T) {
				other := respell(t, body, v.camelCase, v.infoAsString)
				require.NotEqual(t, strings.Join(strings.Fields(body), ""), other, "respelled")
				want := newAPIError(400, http.Header{}, []byte(body))
				got := newAPIError(400, http.Header{}, []byte(other))
				assert.Equal(t, want, got, "%s", other)
			})
		}
	}
}

// Juspay answers 401 "Invalid API Key" for a wrong merchant id or a key of
// the other environment too: the text says to check all three, and names
// none of them.
func TestUnauthorizedSaysWhatToCheck(t *testing.T) {
	const hint = "check the API key, the merchant id and the environment (a sandbox key fails on Production)"
	cases := []struct {
		name   string
		status int
		body   string
		hint   bool
	}{
		{"documented 401", 401, body401, true},
		{"401 with an empty body", 401, "", true},
		{"401 page from a proxy", 401, "<html>401</html>", true},
		{"older missing_authentication", 401, `{"error_code":"missing_authentication","error_message":"Missing authentication."}`, true},
		{"UNAUTHENTICATED on a 400", 400, `{"error_info":{"code":"UNAUTHENTICATED"}}`, true},
		{"camelCase access_denied", 400, `{"errorCode":"access_denied"}`, true},
		{"403", 403, body403, false},
		{"invalid field", 400, bodyInvalidField, false},
		{"404", 404, body404, false},
		{"500", 500, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newAPIError(tc.status, http.Header{}, []byte(tc.body))
			if tc.hint {
				assert.Contains(t, e.Error(), hint)
			} else {
				assert.NotContains(t, e.Error(), "check the API key")
			}
			requireBounded(t, e)
		})
	}

	t.Run("through a client", func(t *testing.T) {
		const key, merchant, customer = "key_Secret4242", "merchant_Secret77", "customer_Secret99"
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(body401))
		}))
		defer srv.Close()
		c, err := NewClient(key, merchant, WithBaseURL(srv.URL))
		require.NoError(t, err)
		_, err = c.GetCustomer(context.Background(), &GetCustomerRequest{CustomerID: customer})
		require.True(t, IsUnauthorized(err), "%v", err)
		msg := err.Error()
		assert.Contains(t, msg, hint)
		requireOneLine(t, "Error()", msg)
		for _, secret := range []string{key, merchant, customer, "Secret"} {
			assert.NotContains(t, msg, secret)
			assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), secret)
		}
	})
}

func TestAPIErrorIsMatrix(t *testing.T) {
	status := func(code int, body string) *APIError { return newAPIError(code, http.Header{}, []byte(body)) }
	cases := []struct {
		name      string
		err       error
		sentinels []string
	}{
		{"duplicate 400", status(400, bodyDuplicate), []string{"ErrAlreadyExists"}},
		{"duplicate as 422", status(422, `{"error_code":"unique"}`), []string{"ErrAlreadyExists"}},
		{"ALREADY_EXISTS code only", status(400, `{"error_info":{"code":"ALREADY_EXISTS"}}`), []string{"ErrAlreadyExists"}},
		{"invalid field 400", status(400, bodyInvalidField), []string{"ErrInvalidRequest"}},
		{"422", status(422, `{}`), []string{"ErrInvalidRequest"}},
		{"400 not JSON", status(400, `Bad Request`), []string{"ErrInvalidRequest"}},
		{"401", status(401, body401), []string{"ErrUnauthorized"}},
		{"UNAUTHENTICATED code", status(400, `{"error_info":{"code":"UNAUTHENTICATED"}}`), []string{"ErrUnauthorized", "ErrInvalidRequest"}},
		{"403", status(403, body403), []string{"ErrForbidden"}},
		{"BAD_ORIGIN code", status(400, `{"error_info":{"code":"BAD_ORIGIN"}}`), []string{"ErrForbidden", "ErrInvalidRequest"}},
		{"404", status(404, body404), []string{"ErrNotFound"}},
		{"bare 404 from a proxy", status(404, `<html></html>`), []string{"ErrNotFound"}},
		{"object_not_found on 400", status(400, `{"error_code":"object_not_found"}`), []string{"ErrNotFound"}},
		{"RESOURCE_NOT_FOUND on 400", status(400, `{"error_info":{"code":"RESOURCE_NOT_FOUND"}}`), []string{"ErrNotFound"}},
		{"wallet null_error 400", status(400, bodyWalletNotFound), []string{"ErrNotFound"}},
		{"null_error not found, any case", status(400, `{"error_code":"null_error","error_message":"Card NOT FOUND"}`), []string{"ErrNotFound"}},
		{"null_error camelCase", status(400, `{"errorCode":"null_error","errorMessage":"Customer not found for given customerId."}`), []string{"ErrNotFound"}},
		{"null_error of another kind", status(400, `{"error_code":"null_error","error_message":"amount is null"}`), []string{"ErrInvalidRequest"}},
		{"not found said by another code", status(400, `{"error_code":"nullable","error_message":"not found"}`), []string{"ErrInvalidRequest"}},
		{"camelCase unique", status(400, `{"errorCode":"unique"}`), []string{"ErrAlreadyExists"}},
		{"camelCase access_denied", status(400, `{"errorCode":"access_denied"}`), []string{"ErrUnauthorized", "ErrInvalidRequest"}},
		{"error_info string ALREADY_EXISTS", status(400, `{"error_info":"{\"code\":\"ALREADY_EXISTS\"}"}`), []string{"ErrAlreadyExists"}},
		{"408", status(408, ``), nil},
		{"409", status(409, `{}`), nil},
		{"429", status(429, ``), []string{"ErrRateLimited"}},
		{"500", status(500, ``), []string{"ErrServer"}},
		{"503", status(503, bodyHTML), []string{"ErrServer"}},
		{"599", status(599, ``), []string{"ErrServer"}},
		{"300", status(300, ``), []string{"ErrRedirect"}},
		{"301", status(301, ``), []string{"ErrRedirect"}},
		{"302", status(302, ``), []string{"ErrRedirect"}},
		{"308", status(308, ``), []string{"ErrRedirect"}},
		{"any 3xx", status(399, ``), []string{"ErrRedirect"}},
		{"299 is no redirect", status(299, ``), nil},
		{"200 is no sentinel", status(200, `{}`), nil},
		{"600 is no sentinel", status(600, `{}`), nil},
		{"ValidationError", &ValidationError{Field: "email_address", Reason: "x"}, []string{"ErrValidation"}},
		{"gateway ValidationError", &ValidationError{Field: "mobile_number", Reason: "x", Gateway: GatewayRazorpay}, []string{"ErrValidation"}},
		{"RequestError refused", &RequestError{Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}, nil},
		{"RequestError timeout", &RequestError{Err: context.DeadlineExceeded}, nil},
		{"RequestError too large", &RequestError{HTTPStatus: 200, Err: ErrResponseTooLarge}, []string{"ErrResponseTooLarge"}},
		{"RequestError unexpected", &RequestError{HTTPStatus: 200, Err: fmt.Errorf("%w: not a customer (no id)", ErrUnexpectedResponse)}, []string{"ErrUnexpectedResponse"}},
		{"RequestError no token", &RequestError{HTTPStatus: 200, Err: ErrNoClientAuthToken}, []string{"ErrNoClientAuthToken"}},
		{"RequestError reference conflict", &RequestError{HTTPStatus: 200, Err: ErrReferenceConflict}, []string{"ErrReferenceConflict"}},
		{"RequestError card not deleted", &RequestError{HTTPStatus: 200, Err: ErrCardNotDeleted}, []string{"ErrCardNotDeleted"}},
		{"plain error", errors.New("juspay: not found"), nil},
		{"nil", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertSentinels(t, tc.err, tc.sentinels...)
			if tc.err != nil {
				assertSentinels(t, fmt.Errorf("handler: %w", fmt.Errorf("lookup: %w", tc.err)), tc.sentinels...)
			}
		})
	}
}

func TestSentinelsAreDistinct(t *testing.T) {
	texts := map[string]string{}
	for _, s := range allSentinels() {
		require.NotNil(t, s.err, s.name)
		for _, other := range allSentinels() {
			assert.Equal(t, s.name == other.name, errors.Is(s.err, other.err), "errors.Is(%s, %s)", s.name, other.name)
		}
		require.NotContains(t, texts, s.err.Error(), "%s and %s share a text", s.name, texts[s.err.Error()])
		texts[s.err.Error()] = s.name
	}
}

func TestAPIErrorThroughWrapping(t *testing.T) {
	e := newAPIError(404, http.Header{}, []byte(body404))
	e.Call, e.Method, e.Path = "GetCustomer", http.MethodGet, "/customers/{id}"
	wrapped := fmt.Errorf("register user: %w", fmt.Errorf("lookup: %w", e))

	var got *APIError
	require.ErrorAs(t, wrapped, &got)
	assert.Same(t, e, got)
	var re *RequestError
	assert.False(t, errors.As(wrapped, &re))
	var ve *ValidationError
	assert.False(t, errors.As(wrapped, &ve))
	assert.False(t, IsRetryable(wrapped))
	assert.Contains(t, wrapped.Error(), e.Error())
	assert.True(t, IsNotFound(errors.Join(errors.New("other"), e)))
}

func TestRequestError(t *testing.T) {
	t.Run("refused after retries", func(t *testing.T) {
		e := &RequestError{Call: "GetCustomer", Method: http.MethodGet, Path: "/customers/{id}", Attempts: 3,
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
		assert.Equal(t, "juspay: GetCustomer GET /customers/{id}: after 3 attempts: dial tcp: connection refused", e.Error())
		assert.ErrorIs(t, e, syscall.ECONNREFUSED)
		assert.True(t, IsRetryable(e))
	})
	t.Run("an answer that could not be used", func(t *testing.T) {
		e := &RequestError{Call: "CreateCustomer", Method: http.MethodPost, Path: "/customers", Attempts: 1,
			HTTPStatus: 200, Err: fmt.Errorf("%w: unexpected end of JSON input", ErrUnexpectedResponse)}
		assert.Equal(t, "juspay: CreateCustomer POST /customers: HTTP 200 answer: unexpected response: unexpected end of JSON input", e.Error())
		assert.False(t, IsRetryable(e), "an answer that came is not retried")
		assert.ErrorIs(t, e, ErrUnexpectedResponse)
	})
	t.Run("timeout", func(t *testing.T) {
		e := &RequestError{Call: "GetCustomer", Method: http.MethodGet, Path: "/customers/{id}", Attempts: 1, Err: context.DeadlineExceeded}
		assert.Equal(t, "juspay: GetCustomer GET /customers/{id}: context deadline exceeded", e.Error())
		assert.Equal(t, context.DeadlineExceeded, e.Unwrap())
		assert.Equal(t, context.DeadlineExceeded, errors.Unwrap(e))
		wrapped := fmt.Errorf("handler: %w", e)
		assert.ErrorIs(t, wrapped, context.DeadlineExceeded)
		var re *RequestError
		require.ErrorAs(t, wrapped, &re)
		assert.Same(t, e, re)
		var ae *APIError
		assert.False(t, errors.As(wrapped, &ae))
		assert.True(t, IsRetryable(wrapped))
	})
	t.Run("cancelled", func(t *testing.T) {
		e := &RequestError{Method: http.MethodGet, Path: "/customers/{id}", Err: context.Canceled}
		assert.Equal(t, "juspay: GET /customers/{id}: context canceled", e.Error())
		assert.ErrorIs(t, e, context.Canceled)
		assert.False(t, IsRetryable(e), "a cancelled call is not worth retrying")
	})
	t.Run("certificate", func(t *testing.T) {
		assert.False(t, IsRetryable(&RequestError{Err: x509.UnknownAuthorityError{}}))
	})
	t.Run("one line", func(t *testing.T) {
		e := &RequestError{Method: http.MethodGet, Path: "/customers/{id}", Err: errors.New("proxy said:\r\nINFO forged\u2028\u202e")}
		requireOneLine(t, "Error()", e.Error())
	})
	t.Run("60 KB cause is cut", func(t *testing.T) {
		cause := fmt.Errorf("proxy answered: %s", strings.Repeat("<p>é\n\u202e</p>", 60<<10/12))
		require.Greater(t, len(cause.Error()), 60_000)
		e := &RequestError{Call: "GetCustomer", Method: http.MethodGet, Path: "/customers/{id}", Err: cause}
		msg := e.Error()
		requireOneLine(t, "Error()", msg)
		const prefix = "juspay: GetCustomer GET /customers/{id}: "
		assert.True(t, strings.HasPrefix(msg, prefix+"proxy answered: <p>é  </p>"), msg)
		assert.True(t, strings.HasSuffix(msg, "…"), "says it was cut: %q", msg)
		assert.LessOrEqual(t, len(msg), len(prefix)+maxCauseText+len("…"))
		assert.ErrorIs(t, e, cause, "the cause itself is whole")
	})
	t.Run("cause at the bound is whole", func(t *testing.T) {
		cause := errors.New(strings.Repeat("x", maxCauseText))
		assert.Equal(t, "juspay: "+cause.Error(), (&RequestError{Err: cause}).Error())
		cause = errors.New(strings.Repeat("x", maxCauseText+1))
		assert.Equal(t, "juspay: "+cause.Error()[:maxCauseText]+"…", (&RequestError{Err: cause}).Error())
		cause = errors.New("x" + strings.Repeat("é", maxCauseText/2))
		assert.Equal(t, "juspay: x"+strings.Repeat("é", maxCauseText/2-1)+"…", (&RequestError{Err: cause}).Error(),
			"cut on a character boundary")
	})
	t.Run("cause of invalid UTF-8", func(t *testing.T) {
		e := &RequestError{Err: errors.New("bad \xff\xfe bytes" + strings.Repeat("\x80", 600))}
		requireOneLine(t, "Error()", e.Error())
		assert.True(t, strings.HasPrefix(e.Error(), "juspay: bad \uFFFD"), e.Error())
	})
	t.Run("empty", func(t *testing.T) {
		assert.Equal(t, "juspay: ", (&RequestError{}).Error())
		assert.Nil(t, (&RequestError{}).Unwrap())
	})
}

func TestValidationError(t *testing.T) {
	ve := &ValidationError{Field: "email_address", Reason: "must be local@domain with exactly one '@'"}
	assert.Equal(t, "juspay: invalid email_address: must be local@domain with exactly one '@'", ve.Error())

	wrapped := fmt.Errorf("signup: %w", ve)
	assert.ErrorIs(t, wrapped, ErrValidation)
	var got *ValidationError
	require.ErrorAs(t, wrapped, &got)
	assert.Same(t, ve, got)
	var ae *APIError
	assert.False(t, errors.As(wrapped, &ae), "a ValidationError is no APIError")
	for _, other := range []error{ErrInvalidRequest, ErrAlreadyExists, ErrNotFound, errors.New(ErrValidation.Error())} {
		assert.NotErrorIs(t, ve, other)
	}
	assert.False(t, IsRetryable(wrapped))
}

func TestShorthands(t *testing.T) {
	notFound := newAPIError(404, http.Header{}, []byte(body404))
	dup := newAPIError(400, http.Header{}, []byte(bodyDuplicate))
	unauth := newAPIError(401, http.Header{}, []byte(body401))
	cases := []struct {
		name                                     string
		err                                      error
		retryable, notFound, unauthorized, exist bool
	}{
		{"404", notFound, false, true, false, false},
		{"duplicate", dup, false, false, false, true},
		{"401", unauth, false, false, true, false},
		{"wrapped 404", fmt.Errorf("x: %w", notFound), false, true, false, false},
		{"408", newAPIError(408, http.Header{}, nil), true, false, false, false},
		{"429", newAPIError(429, http.Header{}, nil), true, false, false, false},
		{"500", newAPIError(500, http.Header{}, nil), true, false, false, false},
		{"501", newAPIError(501, http.Header{}, nil), false, false, false, false},
		{"502", newAPIError(502, http.Header{}, nil), true, false, false, false},
		{"503", newAPIError(503, http.Header{}, nil), true, false, false, false},
		{"504", newAPIError(504, http.Header{}, nil), true, false, false, false},
		{"reset before any answer", &RequestError{Err: syscall.ECONNRESET}, true, false, false, false},
		{"reset with an answer", &RequestError{HTTPStatus: 200, Err: syscall.ECONNRESET}, false, false, false, false},
		{"no such host", &RequestError{Err: &net.DNSError{Err: "no such host", Name: "sandbox.juspay.in", IsNotFound: true}}, false, false, false, false},
		{"validation", &ValidationError{Field: "x", Reason: "y"}, false, false, false, false},
		{"a bare transient error is no call's", syscall.ECONNRESET, false, false, false, false},
		{"nil", nil, false, false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.retryable, IsRetryable(tc.err), "IsRetryable")
			assert.Equal(t, tc.notFound, IsNotFound(tc.err), "IsNotFound")
			assert.Equal(t, tc.unauthorized, IsUnauthorized(tc.err), "IsUnauthorized")
			assert.Equal(t, tc.exist, IsAlreadyExists(tc.err), "IsAlreadyExists")
		})
	}
}

func FuzzNewAPIError(f *testing.F) {
	for _, b := range []string{bodyDuplicate, bodyInvalidField, body401, body403, body404, body404Bare, bodyNullable,
		bodyHTML, "", `{"error_message":"Internal`, `[1,2]`, `"x"`, `{"error_code":12}`, `{"error_info":"x"}`,
		`{"error_info":{"fields":[1,{"field_name":2}]}}`, `{} trailing`, "\xff\xfe{", `{"error_message":"a\u2028\u202eb"}`,
		bodyWalletNotFound, `{"errorCode":"null_error","errorMessage":"Customer not found","userMessage":"\u202e"}`,
		`{"error_code":"a","errorCode":"b","error_message":null,"errorMessage":"m"}`,
		`{"error_info":"{\"code\":\"ALREADY_EXISTS\",\"fields\":[{\"field_name\":\"x\"}]}"}`,
		`{"error_info":" {\"code\":1} "}`, `{"error_info":"{\"code\""}`, `{"error_info":"\"{}\""}`, `{"error_info":"\u0000{"}`,
		`{"error_info":"{\"request_id\":\"r\\n1\"}","error_info":"x"}`} {
		f.Add(400, []byte(b), "resp-1", "", "application/json")
	}
	f.Add(502, []byte(strings.Repeat("x", 5000)), "", "req-1", "text/html")
	f.Add(-1, []byte("{}"), "\n", "\xff", "\u2028")
	f.Fuzz(func(t *testing.T, status int, body []byte, responseID, requestID, contentType string) {
		header := http.Header{}
		if responseID != "" {
			header["X-Response-Id"] = []string{responseID}
		}
		if requestID != "" {
			header["X-Request-Id"] = []string{requestID}
		}
		if contentType != "" {
			header["Content-Type"] = []string{contentType}
		}
		var e *APIError
		require.NotPanics(t, func() { e = newAPIError(status, header, body) })
		require.NotNil(t, e)
		require.Equal(t, status, e.HTTPStatus)
		trimmed := bytes.TrimSpace(body)
		if json.Valid(trimmed) && len(trimmed) > 0 && trimmed[0] == '{' {
			require.Nil(t, e.Body, "a JSON object is decoded, not kept raw")
		} else {
			require.True(t, bytes.Equal(body[:min(len(body), maxRawBody)], e.Body), "Body is the answer's first 4 KiB")
			require.Empty(t, e.ErrorCode, "a raw body decodes no field")
			require.Nil(t, e.ErrorInfo)
		}
		if responseID == "" && requestID == "" && e.ErrorInfo == nil {
			require.Empty(t, e.RequestID)
		}
		e.Call, e.Method, e.Path = "CreateCustomer", http.MethodPost, "/customers"
		requireBounded(t, e)
		require.True(t, strings.HasPrefix(e.Error(), "juspay: CreateCustomer POST /customers: HTTP "))
		for _, s := range allSentinels() {
			_ = errors.Is(e, s.err)
		}
	})
}
