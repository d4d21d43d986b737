package juspaytest

import (
	"math/bits"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// The recording bounds, whatever clients send: a server keeps the newest
// requests, at most MaxRecordedRequests of them and at most
// MaxRecordedBytes of heap in all (older ones are forgotten as new ones
// arrive, the newest always kept), and at most MaxRecordedBody bytes of
// each body. A request's bytes are what it holds as Go lays it out: every
// string (URL, body, each header key and value, the query and form), the
// header, query and form maps with their slots and slices, and the Request
// itself; so the heap the recording holds stays under MaxRecordedBytes,
// whatever shape the requests have (thousands of tiny headers included).
const (
	MaxRecordedRequests = 1000
	MaxRecordedBytes    = 16 << 20
	MaxRecordedBody     = 64 << 10
)

// Request is one request as the server received it, for tests to inspect.
type Request struct {
	// Route is the route the request matched: a Route constant, or the
	// pattern of a route added with Server.Handle; empty when none did (it
	// was answered 405 or 501).
	Route Route
	// Method is the HTTP method.
	Method string
	// Path is the unescaped path, e.g. "/customers/a/b".
	Path string
	// EscapedPath is the path as sent, e.g. "/customers/a%2Fb".
	EscapedPath string
	// CustomerID is the customer the request names: the unescaped {id} of
	// RouteGet, RouteUpdate, the wallet routes ("a/b") and a route added
	// with Server.Handle whose pattern has an {id}, or the customer_id query
	// of RouteListCards; empty on other routes.
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

// size is how many bytes of heap r holds, counted as Go lays them out:
// the Request itself, each string's bytes in their allocation, and each
// map (Header, Query, Form) with its slots, slices and strings. Strings
// shared with another field are counted in each, so size is at or above
// what r holds.
func (r *Request) size() int {
	n := int(unsafe.Sizeof(*r))
	for _, s := range [...]string{string(r.Route), r.Method, r.Path, r.EscapedPath, r.CustomerID,
		r.RawQuery, r.Body, r.RoutingID, r.ResponseID} {
		n += stringCost(s)
	}
	return n + valuesCost(r.Header) + valuesCost(r.Query) + valuesCost(r.Form)
}

// stringCost is the heap a string of s's length takes: its bytes rounded
// up as the allocator's size classes round them (to an eighth of the
// largest power of two not above it; 16 bytes at least), nothing for "".
func stringCost(s string) int { return allocCost(len(s)) }

func allocCost(n int) int {
	if n == 0 {
		return 0
	}
	step := max(16, 1<<bits.Len(uint(n))>>4)
	return (n + step - 1) / step * step
}

// The heap of a map[string][]string, as Go's maps lay it out: a header, and
// groups of 8 slots (a string header and a slice header each, 40 bytes) with
// 8 control bytes, kept at most 7/8 full and doubled when full, so at worst
// 7/16 full: 94 bytes a key, rounded up. A map of up to 8 keys is one group.
const (
	mapHeader     = 48
	mapSmallGroup = 8*40 + 8
	mapSlotShare  = 96
)

// valuesCost is the heap a header map, url.Values included, takes: the map,
// each key, each key's slice of values, and each value.
func valuesCost(m map[string][]string) int {
	if m == nil {
		return 0
	}
	n := mapHeader
	if len(m) <= 8 {
		n += allocCost(mapSmallGroup)
	} else {
		n += mapSlotShare * len(m)
	}
	for k, vs := range m {
		n += stringCost(k) + allocCost(len(vs)*int(unsafe.Sizeof("")))
		for _, v := range vs {
			n += stringCost(v)
		}
	}
	return n
}

// recorder keeps the newest requests within the recording bounds: at most
// MaxRecordedRequests of them, and maxBytes (MaxRecordedBytes on a Server).
type recorder struct {
	maxBytes int
	mu       sync.Mutex
	reqs     []Request // oldest first
	sizes    []int     // sizes[i] is reqs[i].size()
	bytes    int       // the sum of sizes
}

func (rec *recorder) add(r Request) {
	n := r.size()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reqs, rec.sizes, rec.bytes = append(rec.reqs, r), append(rec.sizes, n), rec.bytes+n
	for len(rec.reqs) > MaxRecordedRequests || rec.bytes > rec.maxBytes && len(rec.reqs) > 1 {
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
