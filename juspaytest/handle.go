package juspaytest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// ownPatterns are the fake's own routes as ServeMux patterns, against which
// a pattern given to Handle is checked for conflicts.
func ownPatterns() []string {
	return []string{
		"POST /customers", "GET /customers/{id}", "POST /customers/{id}", "GET /cards",
		"POST /card/delete", "POST /card/delete/{$}",
		"GET /customers/{id}/wallets", "GET /customers/{id}/wallets/refresh-balances",
	}
}

// handledRoute is a route added with Server.Handle.
type handledRoute struct {
	route Route
	h     http.Handler
}

// ServeHTTP serves the route, or, asked by extraRoutes.match, only says it
// was matched.
func (hr *handledRoute) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if lw, ok := w.(*lookupWriter); ok {
		lw.found = hr
		return
	}
	hr.h.ServeHTTP(w, r)
}

// lookupWriter drops what a ServeMux answers a request none of its routes
// serves (404, 405, a redirect), and takes the route that matched, if any.
type lookupWriter struct {
	header http.Header
	found  *handledRoute
}

func (w *lookupWriter) Header() http.Header         { return w.header }
func (w *lookupWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *lookupWriter) WriteHeader(int)             {}

// extraRoutes are the routes added with Server.Handle. check holds the
// fake's own patterns too, so that a conflict panics as ServeMux does;
// serve holds the added ones only.
type extraRoutes struct {
	mu      sync.Mutex
	check   *http.ServeMux
	serve   *http.ServeMux
	order   []Route  // in the order added
	methods []string // the methods they serve (HEAD with GET), sorted
}

func newExtraRoutes() *extraRoutes {
	x := &extraRoutes{check: http.NewServeMux(), serve: http.NewServeMux()}
	for _, p := range ownPatterns() {
		x.check.Handle(p, http.NotFoundHandler())
	}
	return x
}

// add adds pattern, served by h; it panics as Server.Handle documents.
func (x *extraRoutes) add(pattern string, h http.Handler) {
	fail := func(why string) { panic("juspaytest: Server.Handle(" + pattern + "): " + why) }
	if h == nil {
		fail("nil handler")
	}
	parts := strings.Fields(pattern) // a method and a path: neither holds a space
	if len(parts) != 2 || strings.Contains(parts[0], "/") {
		fail(`needs a method and a path, as "GET /customers/{id}/mandates"`)
	}
	if err := register(http.NewServeMux(), pattern, http.NotFoundHandler()); err != nil {
		fail(err.Error())
	}
	method := parts[0]
	if m := routeOf(method, samplePath(parts[1])); m.route != "" {
		fail("the fake's own route " + string(m.route) + " serves its requests")
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := register(x.check, pattern, http.NotFoundHandler()); err != nil {
		fail(err.Error())
	}
	hr := &handledRoute{route: Route(pattern), h: h}
	x.serve.Handle(pattern, hr)
	x.order = append(x.order, hr.route)
	serves := []string{method}
	if method == http.MethodGet {
		serves = append(serves, http.MethodHead) // as ServeMux serves a GET pattern
	}
	for _, m := range serves {
		if !slices.Contains(x.methods, m) {
			x.methods = append(x.methods, m)
		}
	}
	slices.Sort(x.methods)
}

// register adds pattern to mux, returning ServeMux's panic (an invalid
// pattern, a conflict) as an error.
func register(mux *http.ServeMux, pattern string, h http.Handler) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	mux.Handle(pattern, h)
	return nil
}

// samplePath is an escaped path that a valid pattern's path (after the
// method; a host is dropped) matches: each wildcard "x" ("x/x" for a
// {name...} one), {$} nothing, a trailing slash "/x", literal segments as
// written (escaped, as routeOf takes them).
func samplePath(pattern string) string {
	segs := strings.Split(pattern[strings.Index(pattern, "/"):], "/")
	for i, seg := range segs {
		switch {
		case seg == "{$}":
			segs[i] = ""
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "...}"):
			segs[i] = "x/x"
		case strings.HasPrefix(seg, "{"):
			segs[i] = "x"
		case i == len(segs)-1 && seg == "":
			segs[i] = "x"
		}
	}
	return strings.Join(segs, "/")
}

// routes lists the added routes, in the order added.
func (x *extraRoutes) routes() []Route {
	x.mu.Lock()
	defer x.mu.Unlock()
	return slices.Clone(x.order)
}

// has reports whether route was added.
func (x *extraRoutes) has(route Route) bool { return slices.Contains(x.routes(), route) }

// match routes r, which the fake's own routes do not serve (own is how
// routeOf answered it), among the added routes: the route that serves it,
// its path values set on r; or own, with the methods the added routes
// serve on r's path added to its Allow (and its status then 405).
//
// It holds x.mu throughout, so that a Handle running meanwhile cannot add
// between the lookup and the probes (and make a 405 allow r's own method).
func (x *extraRoutes) match(r *http.Request, own match) (*handledRoute, match) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(x.methods) == 0 {
		return nil, own
	}
	if hr := x.lookup(r); hr != nil {
		return hr, match{route: hr.route, id: r.PathValue("id")}
	}
	allow := strings.Split(own.allow, ", ")
	if own.allow == "" {
		allow = nil
	}
	for _, m := range x.methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if x.lookup(probe) != nil && !slices.Contains(allow, m) {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		own.status, own.allow = http.StatusMethodNotAllowed, strings.Join(allow, ", ")
	}
	return nil, own
}

// lookup returns the added route that serves r, setting r's path values,
// or nil (a ServeMux's 404, 405 or redirect). x.mu must be held.
func (x *extraRoutes) lookup(r *http.Request) *handledRoute {
	lw := &lookupWriter{header: http.Header{}}
	x.serve.ServeHTTP(lw, r)
	return lw.found
}
