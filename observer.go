package juspay

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// Observer is an instrumentation's view of a Client: it sees every call
// (CreateCustomer, Do, ...) and, inside it, every HTTP attempt, as
// CallEvent and AttemptEvent. They name the call, the method, the path
// template ("/customers/{id}"), the attempt, the status, Juspay's request
// id, the duration and the kind of error; never an id, a query, a header
// or a body, so nothing an Observer records can hold a customer's data or
// a secret. Give one to a Client with WithObserver; the module
// github.com/seed276dc779/juspay-go/juspayotel is one, for OpenTelemetry.
//
// Start methods return the context the call or attempt goes on with (one
// holding a span, say): the attempt's request is sent with it, the
// client's log records are written with it, and the matching End method
// gets it back. A call's attempts start under the context its StartCall
// returned. Methods are called from the goroutine of the call, so calls
// made concurrently reach the Observer concurrently. They must not block.
type Observer interface {
	// StartCall is called when a call begins, before its request is
	// checked. e has Call and Start set.
	StartCall(ctx context.Context, e CallEvent) context.Context
	// EndCall is called once when the call returns, with every field of e
	// set.
	EndCall(ctx context.Context, e CallEvent)
	// StartAttempt is called before each HTTP attempt is sent. e has every
	// field but the outcome's (StatusCode, RequestID, Duration, ErrorKind).
	StartAttempt(ctx context.Context, e AttemptEvent) context.Context
	// EndAttempt is called once the attempt's answer is read and checked,
	// or it failed, with every field of e set.
	EndAttempt(ctx context.Context, e AttemptEvent)
}

// HeaderInjector is an Observer that also adds headers to each attempt's
// request, such as a W3C traceparent. The client calls InjectHeaders after
// StartAttempt, with the context StartAttempt returned. set refuses, by
// ignoring them, the headers the client sets itself (Authorization,
// X-Merchantid, X-Routing-Id, Content-Type, ...) and values holding control
// characters. An Observer that is not a HeaderInjector adds nothing:
// Juspay is a third party, so trace context is not sent unless asked for.
type HeaderInjector interface {
	InjectHeaders(ctx context.Context, set func(name, value string))
}

// CallEvent is one call of a Client, as an Observer sees it.
type CallEvent struct {
	Call  string    // the SDK call: "CreateCustomer", "GetOrCreateCustomer", "Do", ...
	Start time.Time // when the call began
	// ServerAddress and ServerPort are the base URL's host and port, as in
	// AttemptEvent.
	ServerAddress string
	ServerPort    int

	// Set at EndCall:

	// Attempts is how many HTTP attempts the call made, over all its
	// requests (GetOrCreateCustomer may make three requests, DeleteCard
	// two); 0 when it was refused before anything was sent.
	Attempts   int
	StatusCode int           // the last answer's HTTP status; 0 when there was none
	RequestID  string        // the last answer's request id (see Response.RequestID)
	Duration   time.Duration // how long the call took
	ErrorKind  ErrorKind     // why the call failed; "" when it succeeded
}

// AttemptEvent is one HTTP attempt of a call, as an Observer sees it.
type AttemptEvent struct {
	Call     string // the SDK call the attempt is part of, e.g. "CreateCustomer"
	Method   string // "GET" or "POST"
	Template string // the path template, e.g. "/customers/{id}": never the id
	// ServerAddress and ServerPort are the base URL's host and port (443
	// or 80 when the URL names none). The base URL's path is left out: a
	// proxy's may hold a secret.
	ServerAddress string
	ServerPort    int
	// Attempt is 1 for a request's first attempt, 2 for its first retry,
	// and so on; each request of a call counts from 1.
	Attempt int
	Start   time.Time // when the attempt began

	// Set at EndAttempt:

	StatusCode int           // the answer's HTTP status; 0 when there was none
	RequestID  string        // the answer's request id; "" when it had none
	Duration   time.Duration // from building the request to reading and checking the answer
	ErrorKind  ErrorKind     // why the attempt failed; "" when it succeeded
}

// ErrorKind is a low-cardinality name for why a call or attempt failed,
// for metrics and traces ("error.type"). ErrorKindOf gives it.
type ErrorKind string

// The kinds ErrorKindOf gives.
const (
	KindValidation         ErrorKind = "validation"           // refused locally, nothing sent
	KindAlreadyExists      ErrorKind = "already_exists"       // ErrAlreadyExists
	KindNotFound           ErrorKind = "not_found"            // ErrNotFound
	KindInvalidRequest     ErrorKind = "invalid_request"      // ErrInvalidRequest
	KindUnauthorized       ErrorKind = "unauthorized"         // ErrUnauthorized
	KindForbidden          ErrorKind = "forbidden"            // ErrForbidden
	KindRateLimited        ErrorKind = "rate_limited"         // ErrRateLimited
	KindServer             ErrorKind = "server_error"         // ErrServer
	KindRedirect           ErrorKind = "redirect"             // ErrRedirect
	KindHTTP               ErrorKind = "http_error"           // any other non-2xx answer
	KindTimeout            ErrorKind = "timeout"              // an attempt's timeout or the context's deadline
	KindCanceled           ErrorKind = "canceled"             // the context was cancelled
	KindConnection         ErrorKind = "connection"           // a refused, reset or broken connection
	KindTransport          ErrorKind = "transport"            // any other failure before an answer: TLS, DNS, a RoundTripper's error
	KindResponseTooLarge   ErrorKind = "response_too_large"   // ErrResponseTooLarge
	KindUnexpectedResponse ErrorKind = "unexpected_response"  // ErrUnexpectedResponse
	KindNoClientAuthToken  ErrorKind = "no_client_auth_token" // ErrNoClientAuthToken
	KindReferenceConflict  ErrorKind = "reference_conflict"   // ErrReferenceConflict
	KindCardNotDeleted     ErrorKind = "card_not_deleted"     // ErrCardNotDeleted
	KindOther              ErrorKind = "other"                // an error this package did not make
)

// ErrorKindOf returns the kind of an error a call returned; "" for nil.
func ErrorKindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return KindValidation
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return apiErrorKind(ae)
	}
	for _, k := range [...]struct {
		err  error
		kind ErrorKind
	}{
		{context.Canceled, KindCanceled},
		{context.DeadlineExceeded, KindTimeout},
		{ErrReferenceConflict, KindReferenceConflict},
		{ErrNoClientAuthToken, KindNoClientAuthToken},
		{ErrCardNotDeleted, KindCardNotDeleted},
		{ErrResponseTooLarge, KindResponseTooLarge},
		{ErrUnexpectedResponse, KindUnexpectedResponse},
		{ErrNotFound, KindNotFound},
	} {
		if errors.Is(err, k.err) {
			return k.kind
		}
	}
	var re *RequestError
	switch {
	case !errors.As(err, &re):
		return KindOther
	case isTransient(re.Err):
		return KindConnection
	}
	return KindTransport
}

// apiErrorKind is the kind of an answer outside 2xx, in the order its
// sentinels are documented.
func apiErrorKind(e *APIError) ErrorKind {
	for _, k := range [...]struct {
		err  error
		kind ErrorKind
	}{
		{ErrAlreadyExists, KindAlreadyExists},
		{ErrNotFound, KindNotFound},
		{ErrUnauthorized, KindUnauthorized},
		{ErrForbidden, KindForbidden},
		{ErrRateLimited, KindRateLimited},
		{ErrServer, KindServer},
		{ErrRedirect, KindRedirect},
		{ErrInvalidRequest, KindInvalidRequest},
	} {
		if e.Is(k.err) {
			return k.kind
		}
	}
	return KindHTTP
}

// callKey is the context key of the call being observed.
type callKey struct{}

// observing is a Client's Observer and the server its events name.
type observing struct {
	o    Observer // nil: nothing is observed
	host string   // the base URL's host
	port int      // the base URL's port
}

// observedCall is a call an Observer is watching: its event, completed as
// its attempts end.
type observedCall struct {
	o  Observer
	ev CallEvent
}

// startCall tells the Observer that call begins and returns the context
// the call goes on with. With no Observer (or a nil context, which the
// call refuses) it does nothing and returns nil: an unobserved call costs
// a nil check.
func startCall(ctx context.Context, obs observing, call string) (context.Context, *observedCall) {
	if obs.o == nil || ctx == nil {
		return ctx, nil
	}
	oc := &observedCall{o: obs.o, ev: CallEvent{Call: call, Start: time.Now(), ServerAddress: obs.host, ServerPort: obs.port}}
	ctx = obs.o.StartCall(ctx, oc.ev)
	return context.WithValue(ctx, callKey{}, oc), oc
}

// end tells the Observer that the call returned err.
func (oc *observedCall) end(ctx context.Context, err error) {
	if oc == nil {
		return
	}
	oc.ev.Duration = time.Since(oc.ev.Start)
	oc.ev.ErrorKind = ErrorKindOf(err)
	oc.o.EndCall(ctx, oc.ev)
}

// observedAttempt is an attempt an Observer is watching.
type observedAttempt struct {
	o    Observer
	call *observedCall // nil when the attempt's call was not started (a test's direct do)
	ev   AttemptEvent
}

// startAttempt tells the Observer that attempt n of a request of call
// (method and path template) begins, and returns the context the attempt
// goes on with.
func startAttempt(ctx context.Context, obs observing, call, method, template string, n int) (context.Context, *observedAttempt) {
	oc, _ := ctx.Value(callKey{}).(*observedCall)
	a := &observedAttempt{o: obs.o, call: oc, ev: AttemptEvent{
		Call: call, Method: method, Template: template, ServerAddress: obs.host, ServerPort: obs.port,
		Attempt: n, Start: time.Now(),
	}}
	return obs.o.StartAttempt(ctx, a.ev), a
}

// inject adds o's headers to h, if o injects any.
func (a *observedAttempt) inject(ctx context.Context, h http.Header) {
	inj, ok := a.o.(HeaderInjector)
	if !ok {
		return
	}
	inj.InjectHeaders(ctx, func(name, value string) {
		name = http.CanonicalHeaderKey(name)
		if ownHeader(name) || !validHeaderName(name) || strings.ContainsFunc(value, isControl) {
			return
		}
		h.Set(name, value)
	})
}

// end tells the Observer how the attempt came out (the answer's status
// and request id, 0 and "" without one, and its error), and counts it in
// its call.
func (a *observedAttempt) end(ctx context.Context, status int, requestID string, err error) {
	a.ev.StatusCode, a.ev.RequestID = status, requestID
	a.ev.Duration = time.Since(a.ev.Start)
	a.ev.ErrorKind = ErrorKindOf(err)
	if c := a.call; c != nil {
		c.ev.Attempts++
		if status != 0 {
			c.ev.StatusCode, c.ev.RequestID = a.ev.StatusCode, a.ev.RequestID
		}
	}
	a.o.EndAttempt(ctx, a.ev)
}

// ownHeader reports a header the client sets itself, which an Observer
// may not set.
func ownHeader(name string) bool {
	switch name {
	case "Authorization", "X-Merchantid", "X-Routing-Id", "Accept", "User-Agent", "Version",
		"Content-Type", "Content-Length", "Host", "Cookie", "Transfer-Encoding", "Connection":
		return true
	}
	return false
}

// validHeaderName reports a header name of RFC 9110 token characters.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isASCIIAlnum(c) && !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
