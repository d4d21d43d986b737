package juspay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// RawRequest is a call to an endpoint this library does not wrap (a
// customer's mandates, a card's nickname, ...), for Client.Do. Printing it
// with fmt or slog masks its id and routing id; its query and form are
// left out.
type RawRequest struct {
	// Method is http.MethodGet or http.MethodPost.
	Method string
	// Path is below the base URL and starts with "/", e.g.
	// "/customers/{id}/mandates". "{id}" is replaced by ID, escaped as one
	// path segment. Errors and logs name Path as written, so put ids in ID,
	// not in Path: of a Path without "{id}" they name only the first
	// segment. A path that could leave the base URL ("." or ".." segments,
	// "//", a backslash, '?', '#', an escaped '.', '/' or '\', control
	// characters) is refused.
	Path string
	// ID replaces "{id}" in Path: a customer's id or object_reference_id,
	// say. x-routing-id defaults to it.
	ID string
	// Query is sent as the URL's query.
	Query url.Values
	// Form is a POST's body, sent as application/x-www-form-urlencoded.
	Form url.Values
	// RoutingID is sent as x-routing-id; empty means ID, and none is sent
	// when both are empty.
	RoutingID string
}

// Do sends a call the library does not wrap, through the same path as
// every call: the same authentication, headers (Juspay's version from
// WithAPIVersion included), routing id, 1 MiB bound, typed errors,
// logging and masking. A 2xx body is decoded into v with encoding/json; v
// must be nil (the body is not read as JSON) or a non-nil pointer, which
// is checked before anything is sent. An empty body leaves v as it is; a
// body that is not JSON or is JSON null fails with ErrUnexpectedResponse,
// whose text names the JSON kind, the Go type and the field at fault but
// never a value of the body.
//
// Decoding stays within 32 MiB whatever v is: besides the bound every
// answer has (at most 50,000 values), Do estimates from v's type the most
// each array item and object member could allocate (a null in a []Card
// becomes a whole Card) and refuses, with ErrResponseTooLarge and before
// decoding, an answer whose estimate is over 32 MiB. The answers Do is for
// pass with room to spare (1000 mandates, into structs or maps); a list of
// hundreds of saved cards decoded into []Card may not: ListCards reads
// cards within exact bounds.
//
// A non-2xx answer is an *APIError, as for every call. Do's answer names
// nothing the client can check, so unlike the wrapped calls it is not
// checked against what was asked.
//
// A GET is retried as every call is. A POST is retried only when its
// attempt surely was not acted on: the connection was never made, or
// Juspay answered 429; Do cannot tell whether a POST it retried took
// effect twice.
//
// The Response is the last attempt's answer: nil when there was none, and
// returned with the error too when the answer was an error.
func (c *Client) Do(ctx context.Context, req *RawRequest, v any) (_ *Response, err error) {
	ctx, call := startCall(ctx, c.obs, "Do")
	defer func() { call.end(ctx, err) }()
	if err := checkNotNil(req); err != nil {
		return nil, err
	}
	if v != nil {
		if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer || rv.IsNil() {
			// Caught before sending: a POST that took effect must not then fail.
			return nil, invalid("v", "must be nil or a non-nil pointer to decode the answer into")
		}
	}
	if err := checkRawRequest(req.Method, req.Path, req.ID, req.Form); err != nil {
		return nil, err
	}
	if req.ID != "" {
		if err := checkCustomerID("id", req.ID); err != nil {
			return nil, err
		}
	}
	if err := checkRoutingID(req.RoutingID); err != nil {
		return nil, err
	}
	r := newRequest("Do", req.Method, req.Path, req.ID, req.RoutingID, anyAnswer())
	r.template = rawTemplate(req.Path)
	r.query = req.Query.Encode()
	for _, vs := range req.Query {
		r.queryValues = append(r.queryValues, vs...)
	}
	if req.Method == http.MethodPost {
		r.form = []byte(req.Form.Encode())
		r.postOnce = true
	}
	var a answer // nil: the body is not read as JSON
	if v != nil {
		a = &rawAnswer{v: v}
	}
	resp, _, err := c.do(ctx, &r, a)
	return resp, err
}

// rawTemplate is how errors and logs name a raw path: as written when it
// holds "{id}", else its first segment only, since the rest may be an id.
func rawTemplate(path string) string {
	if path == "" || strings.Contains(path, "{id}") {
		return path
	}
	if i := strings.IndexByte(path[1:], '/'); i >= 0 {
		return path[:i+1] + "/…"
	}
	return path
}

// rawAnswer is Do's answer: any JSON, decoded into the caller's v.
type rawAnswer struct{ v any }

// UnmarshalJSON decodes b into the caller's value; an empty body (a 204,
// say) leaves it as it is. An answer that could make decoding allocate
// more than maxDecodeBytes is refused first (see decodebound.go), and a
// failure is told without the values that caused it.
func (a *rawAnswer) UnmarshalJSON(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	t := reflect.TypeOf(a.v)
	if !withinDecodeBudget(b, t) {
		return fmt.Errorf("%w; decoding it into %v could allocate more than 32 MiB", errTooLong, t)
	}
	if err := json.Unmarshal(b, a.v); err != nil {
		return decodeFailure(err, t)
	}
	return nil
}

// decodeFailure tells why encoding/json could not decode an answer into a
// value of type t without the answer's values, which its own text may
// hold ("cannot unmarshal number 9988776655", "parsing time \"tkn_...\""):
// by the kind of JSON value, the Go type and the field. The cause stays
// reachable with errors.As.
func decodeFailure(err error, t reflect.Type) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var text string
	switch {
	case errors.As(err, &typeErr):
		kind, _, _ := strings.Cut(typeErr.Value, " ") // "number 9988776655": the kind only
		text = fmt.Sprintf("a JSON %s cannot be decoded into %v", kind, typeErr.Type)
		if typeErr.Field != "" {
			text += fmt.Sprintf(" (field %s of %s)", typeErr.Field, typeErr.Struct)
		}
	case errors.As(err, &syntaxErr):
		text = fmt.Sprintf("the answer is not valid JSON (at byte %d)", syntaxErr.Offset)
	default:
		text = fmt.Sprintf("a value of the answer could not be decoded into %v (%T)", t, err)
	}
	return &scrubbed{text: text, err: err}
}

func (a *rawAnswer) complete() error     { return nil }
func (a *rawAnswer) named(string) string { return "" }
func (a *rawAnswer) answered(*Response)  {}

// Format prints the request with its id and routing id masked and its query
// and form left out (they may hold personal data), whatever the verb.
func (req RawRequest) Format(f fmt.State, _ rune) { formatFields(f, "RawRequest", req.fields()) }

// LogValue logs the request as Format prints it.
func (req RawRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req RawRequest) fields() []field {
	return []field{
		{"Method", req.Method}, {"Path", rawTemplate(req.Path)}, {"ID", maskID(req.ID)},
		{"RoutingID", maskID(req.RoutingID)},
	}
}
