package juspaytest

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"sync"
)

// maxBody caps how much of a request body the server reads; a longer one is
// answered 413.
const maxBody = 1 << 20

// handler serves the API: it routes, records, applies faults, checks what
// every call needs, and hands the request to its call.
type handler struct {
	apiKey, merchantID string
	strict             bool
	clock              *clock
	store              *store
	faults             *faultQueue
	rec                *recorder
	extra              *extraRoutes
	closed             chan struct{} // closed by close: ends Delay faults
	closeOnce          sync.Once
}

func (h *handler) close() { h.closeOnce.Do(func() { close(h.closed) }) }

// call is one request on its way through the handler.
type call struct {
	r          *http.Request
	m          match
	handled    *handledRoute // the route added with Handle that serves it, if any
	in         input
	responseID string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := call{r: r, m: routeOf(r.Method, r.URL.EscapedPath()), responseID: newResponseID()}
	w.Header().Set("X-Response-Id", c.responseID)
	switch c.m.route {
	case RouteListCards:
		c.m.id = r.URL.Query().Get("customer_id")
	case "":
		c.handled, c.m = h.extra.match(r, c.m)
	}
	// The key first: a request without it is answered (401, or a fault)
	// without reading its body, so clients without the key cannot make the
	// server hold their bodies.
	keyOK, _ := h.hasKey(r)
	var body []byte
	var err error
	if keyOK && r.Body != nil { // a direct caller's request may have none
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	}
	tooLarge := err != nil
	if keyOK && r.Method == http.MethodPost && !tooLarge {
		c.in = readInput(r, body)
	}
	if keyOK && c.handled != nil {
		r.Body = io.NopCloser(bytes.NewReader(body)) // read again by the route's handler
	}
	f := h.faults.take(c.m.route)
	h.record(c, body, f != nil)
	switch {
	case tooLarge:
		writeAnswer(w, answer{http.StatusRequestEntityTooLarge, invalidRequest("Request body too large.")}, c.responseID)
	case c.m.allow != "":
		w.Header().Set("Allow", c.m.allow)
		writeAnswer(w, answer{c.m.status, invalidRequest("Method not allowed.")}, c.responseID)
	case c.m.status != 0:
		writeAnswer(w, answer{c.m.status, notServed(r.Method, r.URL.EscapedPath())}, c.responseID)
	case f != nil:
		serveFault(w, r, f, h.closed, func(w http.ResponseWriter) { h.serve(w, c) })
	default:
		h.serve(w, c)
	}
}

// serve checks what every call needs (auth, a readable body, the routing
// id) and then runs the route's call, or the handler of a route added with
// Handle.
func (h *handler) serve(w http.ResponseWriter, c call) {
	if refusal := h.check(c); refusal != nil {
		writeAnswer(w, *refusal, c.responseID)
		return
	}
	if c.handled != nil {
		c.handled.h.ServeHTTP(w, c.r)
		return
	}
	writeAnswer(w, h.run(c), c.responseID)
}

// check returns the answer to a call that lacks what every call needs, or
// nil. A route added with Handle reads its body itself.
func (h *handler) check(c call) *answer {
	if ok, _ := h.authorized(c.r, c.m.route); !ok {
		return &answer{http.StatusUnauthorized, unauthorized()}
	}
	if c.in.problem != nil && c.handled == nil {
		return &answer{http.StatusBadRequest, *c.in.problem}
	}
	if h.strict && needsRoutingID(c.m.route) && c.r.Header.Get("x-routing-id") == "" {
		return &answer{http.StatusBadRequest, missingField("x-routing-id")}
	}
	return nil
}

// run runs the route's call.
func (h *handler) run(c call) answer {
	now := h.clock.now()
	switch c.m.route {
	case RouteCreate:
		return createCustomer(h.store, now, c.in.fields)
	case RouteGet:
		return getCustomer(h.store, now, c.m.id, c.r.URL.Query())
	case RouteUpdate:
		return updateCustomer(h.store, now, c.m.id, c.in.fields)
	case RouteListCards:
		return listCards(h.store, h.merchantID, c.r.URL.Query(), now)
	case RouteDeleteCard:
		return deleteCard(h.store, c.in.fields, now)
	default: // RouteListWallets, RouteRefreshWallets
		return listWallets(h.store, c.m.id, c.m.route == RouteRefreshWallets, now)
	}
}

// needsMerchantID tells whether route requires x-merchantid. Update does not
// (Juspay's v3.2 docs: "required only for Create and Get"), nor do Delete
// Card and the wallet lists (their samples send none); on those a header
// that is sent must still match.
func needsMerchantID(route Route) bool {
	switch route {
	case RouteUpdate, RouteDeleteCard, RouteListWallets, RouteRefreshWallets:
		return false
	}
	return true
}

// needsRoutingID tells whether WithStrictRoutingID refuses route without
// x-routing-id: every route but Delete Card, whose sample sends none.
func needsRoutingID(route Route) bool { return route != RouteDeleteCard }

// hasKey reports whether r carries the server's API key as Basic auth user
// name, with the page's trailing colon (empty password) or without it (as
// Juspay's Node SDK sends it); any password refuses it. colon tells whether
// the decoded credentials had the colon.
func (h *handler) hasKey(r *http.Request) (ok, colon bool) {
	scheme, enc, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return false, false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return false, false
	}
	user, colon := bytes.CutSuffix(raw, []byte(":"))
	return subtle.ConstantTimeCompare(user, []byte(h.apiKey)) == 1, colon
}

// authorized reports whether r carries the server's API key (see hasKey)
// and the merchant id route needs.
func (h *handler) authorized(r *http.Request, route Route) (ok, colon bool) {
	keyOK, colon := h.hasKey(r)
	mid := r.Header.Get("x-merchantid")
	midOK := subtle.ConstantTimeCompare([]byte(mid), []byte(h.merchantID)) == 1 ||
		mid == "" && !needsMerchantID(route)
	return keyOK && midOK, colon
}

// record keeps c as a Request.
func (h *handler) record(c call, body []byte, faulted bool) {
	r := c.r
	authorized, colon := h.authorized(r, c.m.route)
	req := Request{
		Route:       c.m.route,
		Method:      r.Method,
		Path:        r.URL.Path,
		EscapedPath: r.URL.EscapedPath(),
		CustomerID:  c.m.id,
		RawQuery:    r.URL.RawQuery,
		Query:       r.URL.Query(),
		Header:      redactAuth(r.Header),
		RoutingID:   r.Header.Get("x-routing-id"),
		Authorized:  authorized,
		AuthColon:   colon,
		Faulted:     faulted,
		ResponseID:  c.responseID,
		Time:        h.clock.now(),
	}
	req.Body, req.BodyTruncated = cutBody(body)
	if !req.BodyTruncated && c.in.problem == nil {
		req.Form = cloneValues(c.in.fields)
	}
	h.rec.add(req)
}
