package juspay

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// Sentinel errors for branching with errors.Is. An *APIError matches the
// sentinel that fits its status and Juspay's codes; a *ValidationError
// matches ErrValidation.
//
//	if errors.Is(err, juspay.ErrNotFound) { ... }
var (
	// ErrAlreadyExists: Juspay refused a create because a customer with that
	// object_reference_id exists (error_code "unique" or code "ALREADY_EXISTS").
	ErrAlreadyExists = errors.New("juspay: customer already exists")
	// ErrNotFound: no such customer (HTTP 404, error_code "object_not_found"
	// or code "RESOURCE_NOT_FOUND").
	ErrNotFound = errors.New("juspay: customer not found")
	// ErrUnauthorized: the API key or merchant id was refused (HTTP 401).
	ErrUnauthorized = errors.New("juspay: unauthorized")
	// ErrForbidden: the call was refused, e.g. the caller's IP is not
	// whitelisted (HTTP 403, code "BAD_ORIGIN").
	ErrForbidden = errors.New("juspay: forbidden")
	// ErrRateLimited: Juspay answered HTTP 429 on the last attempt.
	ErrRateLimited = errors.New("juspay: rate limited")
	// ErrServer: Juspay (or a proxy before it) answered with a 5xx status.
	ErrServer = errors.New("juspay: server error")
	// ErrValidation: a request was refused locally and nothing was sent.
	ErrValidation = errors.New("juspay: invalid request")
	// ErrResponseTooLarge: a response body was longer than the 1 MiB the
	// client reads; it was cut off and the connection closed.
	ErrResponseTooLarge = errors.New("juspay: response body exceeds 1 MiB")
)

// IsAlreadyExists reports whether err is Juspay's "already exists" answer to
// a create (see ErrAlreadyExists).
func IsAlreadyExists(err error) bool { return errors.Is(err, ErrAlreadyExists) }

// IsNotFound reports whether err is Juspay's "not found" answer (see ErrNotFound).
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsUnauthorized reports whether Juspay refused the credentials (see ErrUnauthorized).
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsRetryable reports whether err is worth trying again later: a rate limit,
// a 408 or 5xx answer, or a transport failure before any answer. The client
// has already retried such errors WithMaxRetries times before returning them.
func IsRetryable(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return retryableStatus(ae.HTTPStatus)
	}
	var re *RequestError
	return errors.As(err, &re) && re.HTTPStatus == 0 && retryableTransportErr(re.Err)
}

// APIError is any answer from Juspay (or a proxy before it) with a status
// outside 2xx, including a 3xx, since redirects are never followed. Every
// documented error-body shape decodes into it; a body that is not JSON leaves
// the Juspay fields empty and keeps the first bytes in Body.
//
// Error() names the call and path template, never a customer id, e-mail or
// mobile number.
type APIError struct {
	HTTPStatus   int    // HTTP status code, e.g. 400
	Status       string // "status", e.g. "invalid_request_error"
	ErrorCode    string // "error_code", e.g. "unique", "object_not_found", "access_denied"
	ErrorMessage string // "error_message"
	UserMessage  string // top-level "user_message" (the 403 shape)
	ErrorInfo    *ErrorInfo

	Call     string      // the SDK call, e.g. "CreateCustomer"
	Method   string      // HTTP method
	Path     string      // path template, e.g. "/customers/{id}"
	Attempts int         // attempts made, retries included
	Header   http.Header // the response headers
	// RequestID is the response's X-Request-Id (or X-Response-Id) header, if any;
	// quote it to Juspay support.
	RequestID string
	// Body holds up to 4 KiB of the raw body when it was not JSON (an HTML
	// page from a proxy, say); nil when the body was JSON.
	Body []byte
}

// ErrorInfo is Juspay's "error_info" object.
type ErrorInfo struct {
	UserMessage      string       // "user_message"
	DeveloperMessage string       // "developer_message"
	Code             string       // "code", e.g. "ALREADY_EXISTS", "INVALID_INPUT"
	Category         string       // "category", e.g. "USER_ERROR"
	Fields           []FieldError // "fields": which request fields Juspay refused
}

// FieldError is one entry of error_info.fields.
type FieldError struct {
	FieldName string // "field_name", the wire name
	Reason    string // "reason"
}

// Error returns one log-friendly line, e.g.
// `juspay: CreateCustomer POST /customers: HTTP 400 Bad Request: unique: Customer with given object reference id already exist for your account. (ALREADY_EXISTS)`.
func (e *APIError) Error() string {
	var b strings.Builder
	writeOp(&b, e.Call, e.Method, e.Path)
	b.WriteString("HTTP ")
	b.WriteString(strconv.Itoa(e.HTTPStatus))
	if t := http.StatusText(e.HTTPStatus); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.ErrorCode != "" {
		b.WriteString(": ")
		b.WriteString(e.ErrorCode)
	}
	msg := e.ErrorMessage
	if msg == "" {
		msg = e.UserMessage
	}
	if msg == "" && e.ErrorInfo != nil {
		msg = firstNonEmpty(e.ErrorInfo.DeveloperMessage, e.ErrorInfo.UserMessage)
	}
	if msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if e.ErrorInfo != nil && e.ErrorInfo.Code != "" {
		b.WriteString(" (")
		b.WriteString(e.ErrorInfo.Code)
		b.WriteByte(')')
	}
	for i, f := range e.fields() {
		if i == 0 {
			b.WriteString(" fields:")
		}
		b.WriteByte(' ')
		b.WriteString(f.FieldName)
	}
	if e.HTTPStatus >= 300 && e.HTTPStatus < 400 {
		b.WriteString(" (redirects are not followed)")
	}
	if e.Body != nil {
		fmt.Fprintf(&b, " (body is not JSON: %d bytes", len(e.Body))
		if ct := e.Header.Get("Content-Type"); ct != "" {
			b.WriteString(", ")
			b.WriteString(ct)
		}
		b.WriteByte(')')
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.RequestID != "" {
		b.WriteString(" request_id=")
		b.WriteString(e.RequestID)
	}
	return oneLine(b.String())
}

// oneLine turns control characters (CR, LF, ...) from the server's text into
// spaces, so an error is always one log line and cannot forge another.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// writeOp writes "juspay: Call METHOD /path: ", leaving out what is empty.
func writeOp(b *strings.Builder, call, method, path string) {
	b.WriteString("juspay: ")
	n := b.Len()
	for _, s := range [...]string{call, method, path} {
		if s != "" {
			if b.Len() > n {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
	}
	if b.Len() > n {
		b.WriteString(": ")
	}
}

func (e *APIError) fields() []FieldError {
	if e.ErrorInfo == nil {
		return nil
	}
	return e.ErrorInfo.Fields
}

func (e *APIError) code() string {
	if e.ErrorInfo == nil {
		return ""
	}
	return e.ErrorInfo.Code
}

// Is lets errors.Is match the sentinels: ErrAlreadyExists, ErrNotFound,
// ErrUnauthorized, ErrForbidden, ErrRateLimited and ErrServer.
func (e *APIError) Is(target error) bool {
	code := e.code()
	switch target {
	case ErrAlreadyExists:
		return e.ErrorCode == "unique" || code == "ALREADY_EXISTS"
	case ErrNotFound:
		return e.HTTPStatus == http.StatusNotFound || e.ErrorCode == "object_not_found" || code == "RESOURCE_NOT_FOUND"
	case ErrUnauthorized:
		return e.HTTPStatus == http.StatusUnauthorized || code == "UNAUTHORIZED" || code == "UNAUTHENTICATED" ||
			e.ErrorCode == "access_denied" || e.ErrorCode == "missing_authentication"
	case ErrForbidden:
		return e.HTTPStatus == http.StatusForbidden || code == "BAD_ORIGIN"
	case ErrRateLimited:
		return e.HTTPStatus == http.StatusTooManyRequests
	case ErrServer:
		return e.HTTPStatus >= 500 && e.HTTPStatus <= 599
	}
	return false
}

// ValidationError is a request refused locally, before anything was sent.
// Field is the wire name ("email_address", "x-routing-id", "id" for a
// customer id); the value itself is never included, since it may be personal data.
type ValidationError struct {
	Field  string // wire name of the refused field; "request" for a nil or empty request
	Reason string // what is wrong, e.g. "must be 8 to 128 characters"
	// Gateway is set when the field is required by a gateway named with
	// WithRequiredFieldsFor, and empty otherwise.
	Gateway Gateway
}

// Error returns e.g. `juspay: invalid email_address: must be local@domain`.
func (e *ValidationError) Error() string {
	return "juspay: invalid " + e.Field + ": " + e.Reason
}

// Is reports whether target is ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// RequestError is a call that got no usable answer: a transport failure
// (connection refused or reset, timeout, cancelled context, TLS), or a 2xx
// answer whose body could not be read or decoded. It wraps the cause, so
// errors.Is(err, context.DeadlineExceeded) holds after a timeout. The
// request URL is never part of it (it may hold a customer id).
type RequestError struct {
	Call       string // the SDK call, e.g. "GetCustomer"
	Method     string // HTTP method
	Path       string // path template, e.g. "/customers/{id}"
	Attempts   int    // attempts made, retries included
	HTTPStatus int    // status of the answer whose body failed; 0 when there was no answer
	Err        error  // the cause
}

// Error returns e.g. `juspay: GetCustomer GET /customers/{id}: after 3 attempts: dial tcp 127.0.0.1:9: connect: connection refused`.
func (e *RequestError) Error() string {
	var b strings.Builder
	writeOp(&b, e.Call, e.Method, e.Path)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "after %d attempts: ", e.Attempts)
	}
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, "reading HTTP %d response: ", e.HTTPStatus)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return oneLine(b.String())
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// errorBody is every documented error-body shape at once. flexString fields
// accept a string, number, bool or null, so an odd body never fails decoding.
type errorBody struct {
	Status       flexString `json:"status"`
	ErrorCode    flexString `json:"error_code"`
	ErrorMessage flexString `json:"error_message"`
	UserMessage  flexString `json:"user_message"`
	ErrorInfo    *struct {
		UserMessage      flexString `json:"user_message"`
		DeveloperMessage flexString `json:"developer_message"`
		Code             flexString `json:"code"`
		Category         flexString `json:"category"`
		Fields           []struct {
			FieldName flexString `json:"field_name"`
			Reason    flexString `json:"reason"`
		} `json:"fields"`
	} `json:"error_info"`
}

// flexString decodes any JSON scalar as its text; objects and arrays are ignored.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] == '{' || b[0] == '[' || string(b) == "null" {
		return nil
	}
	if b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	}
	*s = flexString(b)
	return nil
}

// maxRawErrorBody caps APIError.Body.
const maxRawErrorBody = 4 << 10

// newAPIError decodes a non-2xx answer. It never fails: a body that is not
// a JSON object is kept (capped) in Body.
func newAPIError(status int, header http.Header, body []byte) *APIError {
	e := &APIError{HTTPStatus: status, Header: header}
	e.RequestID = firstNonEmpty(header.Get("X-Request-Id"), header.Get("X-Response-Id"))
	var eb errorBody
	isObject := strings.HasPrefix(strings.TrimSpace(string(body)), "{")
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal(body, &eb); !isObject || (err != nil && !errors.As(err, &typeErr)) {
		// Not a JSON object (or broken JSON): keep the raw text. A JSON object
		// with one field of an unexpected type still yields the others.
		if len(body) > maxRawErrorBody {
			body = body[:maxRawErrorBody]
		}
		e.Body = append([]byte{}, body...)
		return e
	}
	e.Status = string(eb.Status)
	e.ErrorCode = string(eb.ErrorCode)
	e.ErrorMessage = string(eb.ErrorMessage)
	e.UserMessage = string(eb.UserMessage)
	if ei := eb.ErrorInfo; ei != nil {
		e.ErrorInfo = &ErrorInfo{
			UserMessage:      string(ei.UserMessage),
			DeveloperMessage: string(ei.DeveloperMessage),
			Code:             string(ei.Code),
			Category:         string(ei.Category),
		}
		for _, f := range ei.Fields {
			e.ErrorInfo.Fields = append(e.ErrorInfo.Fields, FieldError{FieldName: string(f.FieldName), Reason: string(f.Reason)})
		}
	}
	return e
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
