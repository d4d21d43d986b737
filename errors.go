package juspay

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors, for branching with errors.Is. Every error a call returns
// is an *APIError, a *RequestError or a *ValidationError; each matches the
// sentinels that describe it. The sentinels a *RequestError wraps read as
// the end of its one-line text.
//
//	if errors.Is(err, juspay.ErrNotFound) { ... }
var (
	// ErrAlreadyExists: Juspay refused a create because a customer with that
	// object_reference_id exists (error_code "unique" or code "ALREADY_EXISTS").
	ErrAlreadyExists = errors.New("juspay: customer already exists")
	// ErrNotFound: no such customer or card (HTTP 404, error_code
	// "object_not_found" or code "RESOURCE_NOT_FOUND"), or Juspay's
	// error_code "null_error" with a message that says "not found": the
	// HTTP 400 its wallet pages document for an unknown customer
	// ("Customer not found for given customerId.").
	ErrNotFound = errors.New("juspay: not found")
	// ErrInvalidRequest: Juspay refused the request's content (HTTP 400 or
	// 422), e.g. a field its rules refuse. A 400 that says "already exists"
	// or "not found" matches ErrAlreadyExists or ErrNotFound instead, not
	// this. APIError.ErrorInfo.Fields names the fields when Juspay does.
	ErrInvalidRequest = errors.New("juspay: invalid request")
	// ErrUnauthorized: the credentials were refused (HTTP 401). Juspay
	// answers alike for a wrong API key, a wrong merchant id, and a key of
	// the other environment (a sandbox key on Production): the error text
	// says to check all three.
	ErrUnauthorized = errors.New("juspay: unauthorized")
	// ErrForbidden: the call was refused, e.g. the caller's IP is not
	// whitelisted (HTTP 403, code "BAD_ORIGIN").
	ErrForbidden = errors.New("juspay: forbidden")
	// ErrRateLimited: Juspay answered HTTP 429 on the last attempt.
	ErrRateLimited = errors.New("juspay: rate limited")
	// ErrServer: Juspay, or a proxy before it, answered with a 5xx status.
	ErrServer = errors.New("juspay: server error")
	// ErrRedirect: the answer was a 3xx; redirects are never followed.
	ErrRedirect = errors.New("juspay: redirect not followed")
	// ErrValidation: a request was refused locally (a *ValidationError) and
	// nothing was sent.
	ErrValidation = errors.New("juspay: invalid request, refused locally")
	// ErrResponseTooLarge: a response body was longer than the 1 MiB the
	// client reads; it was cut off and the connection closed.
	ErrResponseTooLarge = errors.New("response body exceeds 1 MiB")
	// ErrUnexpectedResponse: a 2xx answer was not the object the call
	// expects (not JSON, or without its id).
	ErrUnexpectedResponse = errors.New("unexpected response")
	// ErrNoClientAuthToken: a client auth token was asked for and the answer
	// holds none. The customer exists: ClientAuthToken gets a token for it.
	ErrNoClientAuthToken = errors.New("the answer holds no client auth token; the customer exists: get one with ClientAuthToken")
	// ErrReferenceConflict: GetOrCreateCustomer's object_reference_id names
	// another customer: Juspay's lookup resolves its own customer ids too,
	// and the customer whose Juspay id equals the reference was found.
	// Nothing of that customer is returned. Use references that cannot be
	// Juspay ids (which look like "cst_…" or "cth_…").
	ErrReferenceConflict = errors.New("object_reference_id resolves to another customer (one whose Juspay id it equals): use a reference unlike Juspay's ids")
	// ErrCardNotDeleted: Juspay answered a card deletion without
	// "deleted": true; the card was not deleted.
	ErrCardNotDeleted = errors.New("the card was not deleted")
)

// IsAlreadyExists is shorthand for errors.Is(err, ErrAlreadyExists).
func IsAlreadyExists(err error) bool { return errors.Is(err, ErrAlreadyExists) }

// IsNotFound is shorthand for errors.Is(err, ErrNotFound).
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsUnauthorized is shorthand for errors.Is(err, ErrUnauthorized).
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsRetryable reports whether err is worth trying again later: a 408, 429,
// 500, 502, 503 or 504 answer, or a transient failure before any answer (a
// refused or reset connection, a timeout). The client has already
// retried such errors as WithMaxRetries allows before returning them.
func IsRetryable(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return retryableStatus(ae.HTTPStatus)
	}
	var re *RequestError
	return errors.As(err, &re) && re.HTTPStatus == 0 && isTransient(re.Err)
}

// APIError is an answer from Juspay (or a proxy before it) with a status
// outside 2xx, a 3xx included, since redirects are never followed. Every
// documented error-body shape decodes into it, and so do errorCode,
// errorMessage and userMessage (camelCase, read when the snake_case name
// is absent or empty) and an error_info sent as a string holding a JSON
// object. A body that is not JSON leaves the Juspay fields empty and keeps
// its first bytes in Body.
//
// Error() names the call and the path template, never a customer id. The
// text Juspay sends is copied in bounded (256 bytes a string, 16 fields)
// and on one line; Juspay's error_message may still echo what the request
// held, such as a field's value.
type APIError struct {
	HTTPStatus   int    // HTTP status code, e.g. 400
	Status       string // "status", e.g. "invalid_request_error"
	ErrorCode    string // "error_code" or "errorCode", e.g. "unique", "object_not_found", "access_denied"
	ErrorMessage string // "error_message" or "errorMessage"
	UserMessage  string // top-level "user_message" (the 403 shape) or "userMessage"
	ErrorInfo    *ErrorInfo

	Call     string // the SDK call, e.g. "CreateCustomer"
	Method   string // HTTP method
	Path     string // path template, e.g. "/customers/{id}"
	Attempts int    // attempts made, retries included
	// Header is the response's headers. Printing the error shows none of
	// their values, and its JSON leaves them out: they may hold cookies.
	Header http.Header `json:"-"`
	// RequestID identifies the answer for Juspay's support: the
	// x-response-id header, else x-request-id, else error_info.request_id.
	RequestID string
	// Body holds up to 4 KiB of the raw body when it was not JSON (an HTML
	// page from a proxy, say); nil when the body was JSON. Printing the
	// error shows its length only, and its JSON leaves it out.
	Body []byte `json:"-"`
	// notRetried says why a retryable answer was not retried, when it was
	// not for want of attempts.
	notRetried string
}

// ErrorInfo is Juspay's "error_info" object, or the object a string
// "error_info" holds.
type ErrorInfo struct {
	UserMessage      string       // "user_message"
	DeveloperMessage string       // "developer_message"
	Code             string       // "code", e.g. "ALREADY_EXISTS", "INVALID_INPUT"
	Category         string       // "category", e.g. "USER_ERROR"
	RequestID        string       // "request_id"
	Href             string       // "href", a link to Juspay's documentation
	Fields           []FieldError // "fields": the request fields Juspay refused (at most 16)
}

// FieldError is one entry of error_info.fields.
type FieldError struct {
	FieldName string // "field_name", the wire name
	Reason    string // "reason"
}

// unauthorizedHint ends the text of an error matching ErrUnauthorized:
// Juspay says "Invalid API Key" for a wrong merchant id too.
const unauthorizedHint = "; check the API key, the merchant id and the environment (a sandbox key fails on Production)"

// forbiddenHint ends the text of an error matching ErrForbidden: Juspay
// answers 403 BAD_ORIGIN ("IP Verification Failed") to a server whose IP
// is not on the merchant's allow-list.
const forbiddenHint = "; check that this server's outbound IP is on the IP allow-list (whitelist) on Juspay's dashboard"

// Error returns one line, e.g. "juspay: CreateCustomer POST /customers:
// HTTP 400 Bad Request: unique: Customer with given object reference id
// already exist for your account. (ALREADY_EXISTS)". An error matching
// ErrUnauthorized says to check the API key, the merchant id and the
// environment, without printing either.
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
	if msg := e.message(); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if code := e.code(); code != "" {
		b.WriteString(" (")
		b.WriteString(code)
		b.WriteByte(')')
	}
	if e.unauthorized() {
		b.WriteString(unauthorizedHint)
	} else if e.Is(ErrForbidden) {
		b.WriteString(forbiddenHint)
	}
	if e.ErrorInfo != nil {
		for i, f := range e.ErrorInfo.Fields {
			if i == 0 {
				b.WriteString(" fields:")
			}
			b.WriteByte(' ')
			b.WriteString(f.FieldName)
		}
	}
	if e.HTTPStatus >= 300 && e.HTTPStatus < 400 {
		b.WriteString(" (redirects are not followed)")
	}
	if e.Body != nil {
		fmt.Fprintf(&b, " (body is not JSON: %d bytes", len(e.Body))
		if ct := e.Header.Get("Content-Type"); ct != "" {
			b.WriteString(", ")
			b.WriteString(clip(ct))
		}
		b.WriteByte(')')
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.notRetried != "" {
		b.WriteString(" (not retried: ")
		b.WriteString(e.notRetried)
		b.WriteByte(')')
	}
	if e.RequestID != "" {
		b.WriteString(" request_id=")
		b.WriteString(e.RequestID)
	}
	return oneLine(b.String())
}

// Format prints the error's one line (Error) with every verb but %#v,
// which prints its fields: its headers by name only and its raw body by
// length, since they may hold cookies or a page that echoes the request.
func (e APIError) Format(f fmt.State, verb rune) {
	if verb != 'v' || !f.Flag('#') {
		writeText(f, verb, e.Error())
		return
	}
	fs := []field{
		{"HTTPStatus", strconv.Itoa(e.HTTPStatus)}, {"Status", e.Status}, {"ErrorCode", e.ErrorCode},
		{"ErrorMessage", e.ErrorMessage}, {"UserMessage", e.UserMessage},
		{"Call", e.Call}, {"Method", e.Method}, {"Path", e.Path}, {"Attempts", strconv.Itoa(e.Attempts)},
		{"RequestID", e.RequestID}, {"Header", headerNames(e.Header)}, {"Body", strconv.Itoa(len(e.Body)) + " bytes"},
	}
	if ei := e.ErrorInfo; ei != nil {
		fs = append(fs, field{"ErrorInfo.Code", ei.Code}, field{"ErrorInfo.DeveloperMessage", ei.DeveloperMessage},
			field{"ErrorInfo.UserMessage", ei.UserMessage})
	}
	formatFields(f, "APIError", fs)
}

// writeText writes an error's text for verb: quoted for %q, as it is
// otherwise.
func writeText(f fmt.State, verb rune, text string) {
	if verb == 'q' {
		text = strconv.Quote(text)
	}
	_, _ = io.WriteString(f, text)
}

// headerNames lists a header's names, sorted, without their values.
func headerNames(h http.Header) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	return "[" + strings.Join(names, " ") + "]"
}

// message is Juspay's words about the error: its error message (else its
// user message, else error_info's messages), and error_info's developer
// message when it adds something ("Internal Server error.; IP Verification
// Failed" for a 403 BAD_ORIGIN).
func (e *APIError) message() string {
	var msg, dev string
	if e.ErrorInfo != nil {
		dev = e.ErrorInfo.DeveloperMessage
		msg = cmp.Or(e.ErrorMessage, e.UserMessage, dev, e.ErrorInfo.UserMessage)
	} else {
		msg = cmp.Or(e.ErrorMessage, e.UserMessage)
	}
	if dev != "" && dev != msg && strings.Trim(dev, ". ") != "" {
		return msg + "; " + dev
	}
	return msg
}

func (e *APIError) code() string {
	if e.ErrorInfo == nil {
		return ""
	}
	return e.ErrorInfo.Code
}

func (e *APIError) alreadyExists() bool {
	return e.ErrorCode == "unique" || e.code() == "ALREADY_EXISTS"
}

// isObjectNotFound reports Juspay's own "no such customer" or "no such
// card" (see notFound). A bare 404, from a proxy or a wrong base URL, is not
// one: it must not lead to a create, nor be read as a deletion.
func isObjectNotFound(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.notFound()
}

// notFound reports whether Juspay's body says not found, whatever the
// status; null_error is read as not-found only when its message says so.
func (e *APIError) notFound() bool {
	return e.ErrorCode == "object_not_found" || e.code() == "RESOURCE_NOT_FOUND" ||
		e.ErrorCode == "null_error" && strings.Contains(strings.ToLower(e.ErrorMessage), "not found")
}

func (e *APIError) unauthorized() bool {
	code := e.code()
	return e.HTTPStatus == http.StatusUnauthorized || code == "UNAUTHORIZED" || code == "UNAUTHENTICATED" ||
		e.ErrorCode == "access_denied" || e.ErrorCode == "missing_authentication"
}

// Is lets errors.Is match the sentinels: ErrAlreadyExists, ErrNotFound,
// ErrInvalidRequest, ErrUnauthorized, ErrForbidden, ErrRateLimited,
// ErrServer and ErrRedirect.
func (e *APIError) Is(target error) bool {
	code, status := e.code(), e.HTTPStatus
	switch target {
	case ErrAlreadyExists:
		return e.alreadyExists()
	case ErrNotFound:
		return status == http.StatusNotFound || e.notFound()
	case ErrInvalidRequest:
		return (status == http.StatusBadRequest || status == http.StatusUnprocessableEntity) && !e.alreadyExists() && !e.notFound()
	case ErrUnauthorized:
		return e.unauthorized()
	case ErrForbidden:
		return status == http.StatusForbidden || code == "BAD_ORIGIN"
	case ErrRateLimited:
		return status == http.StatusTooManyRequests
	case ErrServer:
		return status >= 500 && status <= 599
	case ErrRedirect:
		return status >= 300 && status <= 399
	}
	return false
}

// RequestError is a call that got no usable answer: a failure before any
// answer (connection refused or reset, timeout, cancelled context, TLS), or
// a 2xx answer that could not be read or was not what the call expects. It
// wraps the cause, so errors.Is(err, context.DeadlineExceeded) holds after
// a timeout. The request URL is never part of it: it may hold a customer id.
type RequestError struct {
	Call       string // the SDK call, e.g. "GetCustomer"
	Method     string // HTTP method
	Path       string // path template, e.g. "/customers/{id}"
	Attempts   int    // attempts made, retries included
	HTTPStatus int    // status of the answer that could not be used; 0 when there was no answer
	Err        error  // the cause
}

// Error returns one line, e.g. "juspay: GetCustomer GET /customers/{id}:
// after 3 attempts: dial tcp 127.0.0.1:9: connect: connection refused".
// The cause's text is cut to 512 bytes, ending in "…" when cut: a proxy
// or a caller's RoundTripper can put a whole page into an error.
func (e *RequestError) Error() string {
	var b strings.Builder
	writeOp(&b, e.Call, e.Method, e.Path)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "after %d attempts: ", e.Attempts)
	}
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, "HTTP %d answer: ", e.HTTPStatus)
	}
	if e.Err != nil {
		cause := e.Err.Error()
		b.WriteString(clipTo(cause, maxCauseText))
		if len(cause) > maxCauseText {
			b.WriteString("…")
		}
	}
	return oneLine(b.String())
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// Format prints the error's one line (Error) with every verb, %#v and a
// dereferenced value included, so that its cause prints as scrubbed.
func (e RequestError) Format(f fmt.State, verb rune) { writeText(f, verb, e.Error()) }

// ValidationError is a request refused locally, before anything was sent.
// The value itself is never part of it, since it may be personal data.
type ValidationError struct {
	// Field is the wire name of the refused field: "email_address",
	// "x-routing-id", "customer_id" for a request's CustomerID, "id" for
	// RawRequest.ID, "card_token", "card_reference", or "request" for a nil
	// request or an update with nothing to change.
	Field string
	// Reason says what is wrong, e.g. "must be 8 to 128 characters".
	Reason string
	// Gateway is the gateway that requires Field, when the request lacks a
	// field one of the gateways named with WithRequiredFieldsFor needs;
	// empty otherwise.
	Gateway Gateway
}

// Error returns e.g. "juspay: invalid email_address: must be local@domain with exactly one '@'".
func (e *ValidationError) Error() string {
	return "juspay: invalid " + e.Field + ": " + e.Reason
}

// Is reports whether target is ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// invalid returns the refusal of field for reason.
func invalid(field, reason string) *ValidationError {
	return &ValidationError{Field: field, Reason: reason}
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

// Bounds on what an error copies from an answer or a cause.
const (
	maxErrorText   = 256     // bytes of each string of an APIError
	maxErrorFields = 16      // entries of error_info.fields
	maxRawBody     = 4 << 10 // bytes of a body that is not JSON
	maxCauseText   = 512     // bytes of a RequestError's cause in its text
)

// errorBody is every documented error-body shape at once. The camelCase
// names are those Juspay's Node SDK also reads (its Payout API sends
// them); when both spellings come, the snake_case one wins unless empty.
type errorBody struct {
	Status            jsonText      `json:"status"`
	ErrorCode         jsonText      `json:"error_code"`
	ErrorMessage      jsonText      `json:"error_message"`
	UserMessage       jsonText      `json:"user_message"`
	ErrorCodeCamel    jsonText      `json:"errorCode"`
	ErrorMessageCamel jsonText      `json:"errorMessage"`
	UserMessageCamel  jsonText      `json:"userMessage"`
	ErrorInfo         errorInfoWire `json:"error_info"`
}

// errorInfoWire is "error_info": an object, or a string holding one (the
// Node SDK parses such a string). Any other value, a string that is not a
// JSON object included, is ignored and leaves ok false.
type errorInfoWire struct {
	UserMessage      jsonText        `json:"user_message"`
	DeveloperMessage jsonText        `json:"developer_message"`
	Code             jsonText        `json:"code"`
	Category         jsonText        `json:"category"`
	RequestID        jsonText        `json:"request_id"`
	Href             jsonText        `json:"href"`
	Fields           json.RawMessage `json:"fields"` // read by firstFields, so that a huge list costs nothing
	ok               bool
}

// UnmarshalJSON never fails: what is not an object, nor a string holding
// one, leaves w empty.
func (w *errorInfoWire) UnmarshalJSON(b []byte) error {
	*w = errorInfoWire{} // the last "error_info" wins, as with any member
	if b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) != nil {
			return nil
		}
		b = bytes.TrimSpace([]byte(s))
	}
	type plain errorInfoWire // without this method
	var p plain
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &p) != nil {
		return nil
	}
	*w = errorInfoWire(p)
	w.ok = true
	return nil
}

// newAPIError decodes a non-2xx answer. It never fails: a body that is not
// a JSON object is kept, cut to 4 KiB, in Body.
func newAPIError(status int, header http.Header, body []byte) *APIError {
	e := &APIError{HTTPStatus: status, Header: header}
	var eb errorBody
	var typeErr *json.UnmarshalTypeError
	trimmed := bytes.TrimSpace(body)
	if err := json.Unmarshal(trimmed, &eb); len(trimmed) == 0 || trimmed[0] != '{' || (err != nil && !errors.As(err, &typeErr)) {
		// Not a JSON object, or broken JSON: keep the raw text. An object
		// with one member of an unexpected type still gives the others.
		e.Body = bytes.Clone(body[:min(len(body), maxRawBody)])
	} else {
		e.Status = clip(string(eb.Status))
		e.ErrorCode = clip(string(cmp.Or(eb.ErrorCode, eb.ErrorCodeCamel)))
		e.ErrorMessage = clip(string(cmp.Or(eb.ErrorMessage, eb.ErrorMessageCamel)))
		e.UserMessage = clip(string(cmp.Or(eb.UserMessage, eb.UserMessageCamel)))
		if ei := &eb.ErrorInfo; ei.ok {
			e.ErrorInfo = &ErrorInfo{
				UserMessage:      clip(string(ei.UserMessage)),
				DeveloperMessage: clip(string(ei.DeveloperMessage)),
				Code:             clip(string(ei.Code)),
				Category:         clip(string(ei.Category)),
				RequestID:        clip(string(ei.RequestID)),
				Href:             clip(string(ei.Href)),
				Fields:           firstFields(ei.Fields),
			}
		}
	}
	for _, h := range [...]string{"X-Response-Id", "X-Request-Id"} {
		if v := header.Get(h); v != "" {
			e.RequestID = clip(v)
			return e
		}
	}
	if e.ErrorInfo != nil {
		e.RequestID = e.ErrorInfo.RequestID
	}
	return e
}

// firstFields decodes the first maxErrorFields entries of an
// error_info.fields array, skipping entries that are not objects.
func firstFields(raw json.RawMessage) []FieldError {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil
	}
	var out []FieldError
	for len(out) < maxErrorFields && dec.More() {
		var entry json.RawMessage
		if err := dec.Decode(&entry); err != nil {
			break
		}
		var f struct {
			FieldName jsonText `json:"field_name"`
			Reason    jsonText `json:"reason"`
		}
		if entry[0] != '{' || json.Unmarshal(entry, &f) != nil {
			continue
		}
		out = append(out, FieldError{FieldName: clip(string(f.FieldName)), Reason: clip(string(f.Reason))})
	}
	return out
}

// clip makes server text safe to put in an error: valid UTF-8 on one line
// (see oneLine) of at most maxErrorText bytes, cut on a character boundary,
// and a copy, so that it keeps no large body alive.
func clip(s string) string { return clipTo(s, maxErrorText) }

// clipTo is clip with a bound of n bytes.
func clipTo(s string, n int) string {
	s = oneLine(strings.ToValidUTF8(truncate(s, n), "\uFFFD"))
	return strings.Clone(truncate(s, n)) // invalid bytes grew into U+FFFD
}

// truncate cuts s to at most n bytes, on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
