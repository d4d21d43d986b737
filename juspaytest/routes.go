package juspaytest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Route names one call of the API, for faults and for recorded requests. Its
// value is the method and path template.
type Route string

// The routes the server serves.
const (
	// RouteCreate is Create Customer: POST /customers.
	RouteCreate Route = "POST /customers"
	// RouteGet is Get Customer: GET /customers/{id}, {id} being the Juspay id
	// or the object_reference_id, path-escaped.
	RouteGet Route = "GET /customers/{id}"
	// RouteUpdate is Update Customer: POST /customers/{id}.
	RouteUpdate Route = "POST /customers/{id}"
	// RouteListCards is List Stored Cards: GET /cards?customer_id={id}.
	RouteListCards Route = "GET /cards"
	// RouteDeleteCard is Delete Card: POST /card/delete with card_token.
	RouteDeleteCard Route = "POST /card/delete"
	// RouteListWallets is List Wallets: GET /customers/{id}/wallets.
	RouteListWallets Route = "GET /customers/{id}/wallets"
	// RouteRefreshWallets is Refresh All Wallets: GET
	// /customers/{id}/wallets/refresh-balances, the same answer as
	// RouteListWallets after each linked wallet read its balance (see
	// Server.SetWalletBalance).
	RouteRefreshWallets Route = "GET /customers/{id}/wallets/refresh-balances"
)

// Routes returns every Route constant, in the order above: a new slice
// each call.
func Routes() []Route {
	return []Route{RouteCreate, RouteGet, RouteUpdate, RouteListCards, RouteDeleteCard, RouteListWallets, RouteRefreshWallets}
}

// knownRoute reports whether r is one of the routes above.
func knownRoute(r Route) bool { return slices.Contains(Routes(), r) }

// RouteOf returns the fake's own route that serves r, or "" when none does
// (the server then answers 405 or 501, or serves a route added with
// Server.Handle). It reads only r's method and path, so a log can name the
// route's template instead of a path holding an id.
func RouteOf(r *http.Request) Route { return routeOf(r.Method, r.URL.EscapedPath()).route }

// match is where a request is routed: a route and the unescaped {id} of the
// path, or an error status (501, or 405 with the methods allowed).
type match struct {
	route  Route
	id     string
	status int
	allow  string
}

// routeOf routes on the escaped path, so that "a%2Fb" is the single id "a/b"
// and not a sub-path.
func routeOf(method, escapedPath string) match {
	switch escapedPath {
	case "/customers":
		return only(method, http.MethodPost, RouteCreate, "")
	case "/cards":
		return only(method, http.MethodGet, RouteListCards, "")
	case "/card/delete", "/card/delete/": // Juspay's Delete Card page shows the slash
		return only(method, http.MethodPost, RouteDeleteCard, "")
	}
	rest, ok := strings.CutPrefix(escapedPath, "/customers/")
	if !ok {
		return match{status: http.StatusNotImplemented}
	}
	seg, sub, nested := strings.Cut(rest, "/")
	id, err := url.PathUnescape(seg)
	if seg == "" || err != nil {
		return match{status: http.StatusNotImplemented}
	}
	switch {
	case !nested && method == http.MethodGet:
		return match{route: RouteGet, id: id}
	case !nested && method == http.MethodPost:
		return match{route: RouteUpdate, id: id}
	case !nested:
		return match{status: http.StatusMethodNotAllowed, allow: "GET, POST"}
	case sub == "wallets":
		return only(method, http.MethodGet, RouteListWallets, id)
	case sub == "wallets/refresh-balances":
		return only(method, http.MethodGet, RouteRefreshWallets, id)
	}
	return match{status: http.StatusNotImplemented}
}

// only routes a path served for one method.
func only(method, want string, route Route, id string) match {
	if method == want {
		return match{route: route, id: id}
	}
	return match{status: http.StatusMethodNotAllowed, allow: want}
}
