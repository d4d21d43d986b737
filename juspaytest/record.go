package juspaytest

import (
	"net/http"
	"net/url"
	"strings"
	"time"
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
	// CustomerID is the {id} of RouteGet and RouteUpdate, unescaped ("a/b");
	// empty on other routes.
	CustomerID string
	// RawQuery is the query as sent, without the "?".
	RawQuery string
	// Query is RawQuery parsed.
	Query url.Values
	// Header is a copy of the request headers, with the Authorization value
	// replaced by "Basic [redacted]" (or "[redacted]" for another scheme).
	Header http.Header
	// Body is the request body as sent (at most 1 MiB).
	Body string
	// Form is Body parsed, for a POST whose Content-Type is
	// application/x-www-form-urlencoded; nil otherwise.
	Form url.Values
	// RoutingID is the x-routing-id header; empty when it was not sent.
	RoutingID string
	// Authorized tells whether the API key and merchant id were the server's.
	Authorized bool
	// AuthColon tells whether the Basic credentials, decoded, ended with the
	// ":" of an empty password, as the page shows them; Juspay's Node SDK
	// leaves it out, and the server accepts both.
	AuthColon bool
	// Faulted tells whether an injected fault (see InjectFault) took this
	// request.
	Faulted bool
	// Time is the server's clock when the request arrived.
	Time time.Time
}

// record appends r to the recorded requests.
func (st *state) record(r *http.Request, m match, body []byte, form url.Values, faulted bool) {
	h := r.Header.Clone()
	if v := h.Get("Authorization"); v != "" {
		if scheme, _, ok := strings.Cut(v, " "); ok && strings.EqualFold(scheme, "Basic") {
			h.Set("Authorization", scheme+" "+redacted)
		} else {
			h.Set("Authorization", redacted)
		}
	}
	authorized, colon := st.authorized(r)
	req := Request{
		Route:       m.route,
		Method:      r.Method,
		Path:        r.URL.Path,
		EscapedPath: r.URL.EscapedPath(),
		CustomerID:  m.id,
		RawQuery:    r.URL.RawQuery,
		Query:       r.URL.Query(),
		Header:      h,
		Body:        string(body),
		Form:        form,
		RoutingID:   r.Header.Get("x-routing-id"),
		Authorized:  authorized,
		AuthColon:   colon,
		Faulted:     faulted,
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	req.Time = st.clock.now()
	st.requests = append(st.requests, req)
}

// Requests returns a copy of every request received since the server started
// or since the last ResetRequests, in arrival order.
func (s *Server) Requests() []Request {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	out := make([]Request, len(s.st.requests))
	for i, r := range s.st.requests {
		r.Query = cloneValues(r.Query)
		r.Form = cloneValues(r.Form)
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// RequestsTo returns the recorded requests that matched route, in arrival
// order.
func (s *Server) RequestsTo(route Route) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

// ResetRequests forgets the recorded requests. Customers and faults stay.
func (s *Server) ResetRequests() {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.requests = nil
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	return url.Values(http.Header(v).Clone())
}
