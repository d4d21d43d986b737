package juspaytest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// The recording bounds, whatever clients send: a server keeps the newest
// requests, at most MaxRecordedRequests of them and at most
// MaxRecordedBytes in all (URL, headers and body counted; older ones are
// forgotten as new ones arrive, the newest always kept), and at most
// MaxRecordedBody bytes of each body.
const (
	MaxRecordedRequests = 1000
	MaxRecordedBytes    = 16 << 20
	MaxRecordedBody     = 64 << 10
)

// Request is one request as the server received it, for tests to inspect.
type Request struct {
	// Route is the route the request matched; empty when none did (it was
	// answered 404 or 405).
	Route Route
	// Method is the HTTP method.
	Method string
	// Path is the unescaped path, e.g. "/customers/a/b".
	Path string
	// EscapedPath is the path as sent, e.g. "/customers/a%2Fb".
	EscapedPath string
	// CustomerID is the customer the request names: the unescaped {id} of
	// RouteGet, RouteUpdate and RouteListWallets ("a/b"), or the customer_id
	// query of RouteListCards; empty on other routes.
	CustomerID string
	// RawQuery is the query as sent, without the "?".
	RawQuery string
	// Query is RawQuery parsed.
	Query url.Values
	// Header is a copy of the request headers, with the Authorization value
	// replaced by "Basic [redacted]" (or "[redacted]" for another scheme).
	Header http.Header
	// Body is the request body as sent, cut to its first MaxRecordedBody
	// bytes (64 KiB). Empty for a request without the API key, whose body
	// the server does not read.
	Body string
	// BodyTruncated tells whether Body was cut.
	BodyTruncated bool
	// Form is the body's fields, for a POST whose body the server could
	// read: a form as sent, or a JSON object's values (strings as they
	// are, other values as their JSON text, null left out). Nil otherwise,
	// and when Body was cut.
	Form url.Values
	// RoutingID is the x-routing-id header; empty when it was not sent.
	RoutingID string
	// Authorized tells whether the API key and merchant id were the ones
	// the route needs.
	Authorized bool
	// AuthColon tells whether the Basic credentials, decoded, ended with the
	// ":" of an empty password, as the page shows them; Juspay's Node SDK
	// leaves it out, and the server accepts both.
	AuthColon bool
	// Faulted tells whether an injected fault (see InjectFault) took this
	// request.
	Faulted bool
	// ResponseID is the x-response-id header of the answer (also in an error
	// body's error_info.request_id).
	ResponseID string
	// Time is the server's clock when the request arrived.
	Time time.Time
}

// redacted stands in for the API key in recorded headers.
const redacted = "[redacted]"

// redactAuth returns a copy of h with the Authorization value hidden.
func redactAuth(h http.Header) http.Header {
	h = h.Clone()
	if v := h.Get("Authorization"); v != "" {
		if scheme, _, ok := strings.Cut(v, " "); ok && strings.EqualFold(scheme, "Basic") {
			h.Set("Authorization", scheme+" "+redacted)
		} else {
			h.Set("Authorization", redacted)
		}
	}
	return h
}

// cutBody is body as recorded, and whether it was cut.
func cutBody(body []byte) (string, bool) {
	if len(body) > MaxRecordedBody {
		return string(body[:MaxRecordedBody]), true
	}
	return string(body), false
}

// size is about how many bytes r holds: its strings, header and form, and
// a little for the rest.
func (r *Request) size() int {
	n := 256 + len(r.Path) + len(r.EscapedPath) + len(r.CustomerID) + 2*len(r.RawQuery) +
		len(r.Body) + len(r.RoutingID) + len(r.ResponseID)
	for _, m := range []map[string][]string{r.Header, r.Form} {
		for k, vs := range m {
			n += len(k)
			for _, v := range vs {
				n += len(v) + 16
			}
		}
	}
	return n
}

// recorder keeps the newest requests within the recording bounds.
type recorder struct {
	mu    sync.Mutex
	reqs  []Request // oldest first
	sizes []int     // sizes[i] is reqs[i].size()
	bytes int       // the sum of sizes
}

func (rec *recorder) add(r Request) {
	n := r.size()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reqs, rec.sizes, rec.bytes = append(rec.reqs, r), append(rec.sizes, n), rec.bytes+n
	for len(rec.reqs) > MaxRecordedRequests || rec.bytes > MaxRecordedBytes && len(rec.reqs) > 1 {
		rec.bytes -= rec.sizes[0]
		rec.reqs[0] = Request{} // the array keeps the slot until it is reallocated, not what it held
		rec.reqs, rec.sizes = rec.reqs[1:], rec.sizes[1:]
	}
}

// all returns copies of the requests kept, oldest first.
func (rec *recorder) all() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := slices.Clone(rec.reqs)
	for i := range out {
		out[i].Query = cloneValues(out[i].Query)
		out[i].Form = cloneValues(out[i].Form)
		out[i].Header = out[i].Header.Clone()
	}
	return out
}

func (rec *recorder) reset() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reqs, rec.sizes, rec.bytes = nil, nil, 0
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	return url.Values(http.Header(v).Clone())
}
