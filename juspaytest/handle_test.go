package juspaytest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

const mandates = Route("GET /customers/{id}/mandates")

// mandatesHandler answers the {id} it was asked for and counts its calls.
func mandatesHandler(calls *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"customer_id":%q,"list":[]}`, r.PathValue("id"))
	})
}

// TestHandleServesADoCall: a route added with Handle serves the client's Do,
// with its path values, and is recorded under its pattern.
func TestHandleServesADoCall(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s := start(t)
	calls := &atomic.Int64{}
	s.Handle(string(mandates), mandatesHandler(calls))

	var got struct {
		CustomerID string `json:"customer_id"`
	}
	resp, err := s.Client().Do(ctx, &juspay.RawRequest{Method: "GET", Path: "/customers/{id}/mandates", ID: "user 42@x"}, &got)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "user 42@x", got.CustomerID, "r.PathValue unescapes the id")
	reqs := s.RequestsTo(mandates)
	require.Len(t, reqs, 1)
	assert.Equal(t, "user 42@x", reqs[0].CustomerID)
	assert.True(t, reqs[0].Authorized)
	assert.Regexp(t, uuidRE, resp.RequestID, "the fake's x-response-id")
	assert.Equal(t, int64(1), calls.Load())
}

// TestHandleIsBehindTheChecks: a handled route needs the API key and the
// merchant id (and the routing id when strict), as the fake's own do.
func TestHandleIsBehindTheChecks(t *testing.T) {
	tests := []struct {
		name   string
		strict bool
		edit   func(*http.Request)
		want   int
	}{
		{"all there", false, func(*http.Request) {}, http.StatusOK},
		{"no key", false, func(r *http.Request) { r.Header.Del("Authorization") }, http.StatusUnauthorized},
		{"another merchant", false, func(r *http.Request) { r.Header.Set("x-merchantid", "other") }, http.StatusUnauthorized},
		{"no merchant id", false, func(r *http.Request) { r.Header.Del("x-merchantid") }, http.StatusUnauthorized},
		{"strict, no routing id", true, func(*http.Request) {}, http.StatusBadRequest},
		{"strict, a routing id", true, func(r *http.Request) { r.Header.Set("x-routing-id", "r") }, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.strict {
				opts = append(opts, WithStrictRoutingID())
			}
			s := start(t, opts...)
			calls := &atomic.Int64{}
			s.Handle(string(mandates), mandatesHandler(calls))
			req := newReq(t, s, http.MethodGet, "/customers/cth_x/mandates", nil)
			tt.edit(req)
			r := serve(t, s, req)
			require.Equal(t, tt.want, r.status, r.body)
			assert.Equal(t, tt.want == http.StatusOK, calls.Load() == 1, "the handler runs only when the checks pass")
			if tt.want == http.StatusUnauthorized {
				code, info := errorCode(t, r.body)
				assert.Equal(t, []string{"access_denied", "UNAUTHORIZED"}, []string{code, info})
			}
		})
	}
}

func TestHandleTakesFaults(t *testing.T) {
	s := start(t)
	calls := &atomic.Int64{}
	assert.ErrorContains(t, s.AddFault(mandates, 1, Fault{Status: 503}), "unknown route", "not before Handle")
	s.Handle(string(mandates), mandatesHandler(calls))
	s.FailNext(mandates, 1, http.StatusServiceUnavailable, "")
	require.NoError(t, s.AddFault(mandates, 1, Fault{AfterStore: true, Status: http.StatusBadGateway}))
	s.FailNext(RouteGet, 1, http.StatusInternalServerError, "")
	assert.Equal(t, []PendingFault{
		{Route: RouteGet, Left: 1, Fault: Fault{Status: 500}},
		{Route: mandates, Left: 1, Fault: Fault{Status: 503}},
		{Route: mandates, Left: 1, Fault: Fault{AfterStore: true, Status: 502}},
	}, s.Faults(), "the added routes' faults after the fake's own")

	get := func() int {
		return serve(t, s, newReq(t, s, http.MethodGet, "/customers/cth_x/mandates", nil)).status
	}
	assert.Equal(t, http.StatusServiceUnavailable, get())
	assert.Equal(t, int64(0), calls.Load(), "a fault before the handler")
	assert.Equal(t, http.StatusBadGateway, get())
	assert.Equal(t, int64(1), calls.Load(), "served, then the answer lost")
	assert.Equal(t, http.StatusOK, get())
	faulted := s.RequestsTo(mandates)
	require.Len(t, faulted, 3)
	assert.Equal(t, []bool{true, true, false}, []bool{faulted[0].Faulted, faulted[1].Faulted, faulted[2].Faulted})
}

// TestHandleGetsTheBody: a POST's body reaches the handler as sent, the
// fake's own content rules aside, and is recorded; over 1 MiB is a 413.
func TestHandleGetsTheBody(t *testing.T) {
	s := start(t)
	var got []string
	var mu sync.Mutex
	s.Handle("POST /customers/{id}/mandates", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	form := url.Values{"amount": {"10"}}
	r := serve(t, s, newReq(t, s, http.MethodPost, "/customers/cth_x/mandates", form))
	assert.Equal(t, http.StatusCreated, r.status, r.body)
	r = serve(t, s, jsonReq(t, s, http.MethodPost, "/customers/cth_x/mandates", `{"first_name":7}`))
	assert.Equal(t, http.StatusCreated, r.status, "no field rule of the fake's own: %s", r.body)
	text := newReq(t, s, http.MethodPost, "/customers/cth_x/mandates", nil)
	text.Body = io.NopCloser(strings.NewReader("plain"))
	text.Header.Set("Content-Type", "text/plain")
	r = serve(t, s, text)
	assert.Equal(t, http.StatusCreated, r.status, "nor content type: %s", r.body)
	assert.Equal(t, []string{"amount=10", `{"first_name":7}`, "plain"}, got)
	reqs := s.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, form, reqs[0].Form)
	assert.Equal(t, "plain", reqs[2].Body)

	big := newReq(t, s, http.MethodPost, "/customers/cth_x/mandates", nil)
	big.Body = io.NopCloser(strings.NewReader(strings.Repeat("a", maxBody+1)))
	assert.Equal(t, http.StatusRequestEntityTooLarge, serve(t, s, big).status)
	assert.Len(t, got, 3, "the handler does not see it")
}

// TestHandleAllowsHEADWithGET: a GET pattern serves HEAD too, as ServeMux
// does, and a 405 says so.
func TestHandleAllowsHEADWithGET(t *testing.T) {
	s := start(t)
	s.Handle("GET /mandates/{id}", http.NotFoundHandler())
	s.Handle("DELETE /orders/{id}", http.NotFoundHandler())
	r := serve(t, s, newReq(t, s, http.MethodPost, "/mandates/x", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, "GET, HEAD", r.header.Get("Allow"))
	assert.Equal(t, http.StatusNotFound, serve(t, s, newReq(t, s, http.MethodHead, "/mandates/x", nil)).status, "served by the GET route's handler")
	r = serve(t, s, newReq(t, s, http.MethodPost, "/orders/x", nil))
	assert.Equal(t, "DELETE", r.header.Get("Allow"), "no HEAD with another method")

	only := start(t)
	only.Handle("GET /mandates/{id}", http.NotFoundHandler())
	r = serve(t, only, newReq(t, only, http.MethodPost, "/mandates/x", nil))
	assert.Equal(t, "GET, HEAD", r.header.Get("Allow"), "HEAD probed for the GET pattern alone")
}

// TestHandleRouting: the fake's own routes first, then the added ones;
// 405 with the methods of both on a known path, 501 elsewhere, and no
// ServeMux redirect.
func TestHandleRouting(t *testing.T) {
	s := start(t)
	served := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, name) })
	}
	s.Handle("GET /customers/{id}/{rest...}", served("rest"))
	s.Handle("DELETE /customers/{id}", served("delete"))
	s.Handle("HEAD /cards", served("head"))
	s.Handle("GET /mandates/", served("subtree"))
	s.Handle("POST /card/delete/", served("below delete"))
	tests := []struct {
		method, path string
		want         int
		body, allow  string
	}{
		{"GET", "/customers/x/mandates/1", 200, "rest", ""},
		{"GET", "/customers/x/wallets", 400, "", ""},
		{"DELETE", "/customers/x", 200, "delete", ""},
		{"PUT", "/customers/x", 405, "", "GET, POST, DELETE"},
		{"HEAD", "/cards", 200, "", ""},
		{"PUT", "/cards", 405, "", "GET, HEAD"},
		{"POST", "/customers/x/mandates", 405, "", "GET, HEAD"},
		{"GET", "/mandates/x", 200, "subtree", ""},
		{"GET", "/mandates", 501, "", ""},
		{"GET", "/mandates/../mandates/x", 501, "", ""},
		{"POST", "/card/delete/x", 200, "below delete", ""},
		{"GET", "/orders", 501, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, tt.method, tt.path, nil))
			assert.Equal(t, tt.want, r.status, r.body)
			assert.Equal(t, tt.allow, r.header.Get("Allow"))
			if tt.body != "" {
				assert.Equal(t, tt.body, r.body)
			}
			if tt.want == http.StatusNotImplemented {
				code, _ := errorCode(t, r.body)
				assert.Equal(t, "not_implemented", code)
			}
		})
	}
}

func TestHandlePanics(t *testing.T) {
	s := start(t)
	s.Handle(string(mandates), http.NotFoundHandler())
	tests := []struct{ pattern, why string }{
		{"GET /customers/{id}", "the fake's own route GET /customers/{id} serves its requests"},
		{"GET /customers/{cid}", "the fake's own route GET /customers/{id} serves its requests"},
		{"POST /customers", "the fake's own route POST /customers serves its requests"},
		{"POST /card/delete", "the fake's own route POST /card/delete serves its requests"},
		{"POST /card/delete/{$}", "the fake's own route POST /card/delete serves its requests"},
		{"GET /customers/{id}/wallets", "the fake's own route GET /customers/{id}/wallets serves its requests"},
		{"GET /customers/x", "the fake's own route GET /customers/{id} serves its requests"},
		{"GET /customers/x/wallets/refresh-balances", "the fake's own route GET /customers/{id}/wallets/refresh-balances serves"},
		{"GET example.com/cards", "the fake's own route GET /cards serves its requests"},
		{"GET /{a}/x", "conflicts with"},
		{"GET /{a}/x/wallets", "conflicts with"},
		{"GET /customers/{cid}/mandates", "conflicts with"},
		{string(mandates), "conflicts with"},
		{"/customers/{id}/mandates", "needs a method and a path"},
		{"GET/x /y", "needs a method and a path"},
		{"GET /a /b", "needs a method and a path"},
		{"GET", "needs a method and a path"},
		{"GET /customers/{id", "bad wildcard"},
		{"GET customers", "host/path missing /"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p, "no panic")
				msg := fmt.Sprint(p)
				assert.True(t, strings.HasPrefix(msg, "juspaytest: Server.Handle("+tt.pattern+"): "), msg)
				assert.Contains(t, msg, tt.why)
			}()
			s.Handle(tt.pattern, http.NotFoundHandler())
		})
	}
	assert.PanicsWithValue(t, "juspaytest: Server.Handle(GET /x): nil handler", func() { s.Handle("GET /x", nil) })
	assert.NotPanics(t, func() { s.Handle(" GET\t/spaced ", http.NotFoundHandler()) }, "spaces around and between, as ServeMux takes them")
	assert.Equal(t, []Route{mandates, " GET\t/spaced "}, s.h.extra.routes(), "nothing added by a refusal")
	assert.NotPanics(t, func() { s.Handle("GET /customers/{id}/x", http.NotFoundHandler()) },
		"a refused pattern left nothing behind to conflict with")
}

// TestHandleWhileServing: routes added while requests are served (go test
// -race checks the locking).
func TestHandleWhileServing(t *testing.T) {
	s := start(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				s.Handle(fmt.Sprintf("GET /r%d/%d/{id}", g, i), http.NotFoundHandler())
				s.InjectFault(Route(fmt.Sprintf("GET /r%d/%d/{id}", g, i)), 1, Fault{Status: 503})
				_ = s.Faults()
			}
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				req := newReq(t, s, http.MethodGet, fmt.Sprintf("/r%d/%d/x", g, i), nil)
				r := serve(t, s, req)
				assert.Contains(t, []int{501, 503, 404}, r.status)
			}
		}()
	}
	wg.Wait()
	assert.Len(t, s.h.extra.routes(), 100)
}

// TestNotServedNamesNoID: the 501 names the method and the path's first
// segment when it is a plain word, every later segment as "*".
func TestNotServedNamesNoID(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", "/customers/cth_x/mandates", "GET /customers/*/*"},
		{"GET", "/", "GET /"},
		{"GET", "/orders", "GET /orders"},
		{"POST", "/customers/", "POST /customers/"},
		{"GET", "/victim@example.com", "GET /*"},
		{"GET", "/Orders", "GET /*"},
		{"GET", "/" + strings.Repeat("a", 33), "GET /*"},
		{"GET", "/" + strings.Repeat("a", 32), "GET /" + strings.Repeat("a", 32)},
		{"GET", "/a-b_1/x//y", "GET /a-b_1/*//*"},
		{strings.Repeat("M", 40), "/x", strings.Repeat("M", 32) + " /x"},
		{strings.Repeat("M", 32), "/x", strings.Repeat("M", 32) + " /x"},
		{strings.Repeat("M", 33), "/x", strings.Repeat("M", 32) + " /x"},
		{"GET", "/az09-_/x", "GET /az09-_/*"},
		{"GET", "/a", "GET /a"},
		{"GET", "/z", "GET /z"},
		{"GET", "/0", "GET /0"},
		{"GET", "/9", "GET /9"},
		{"GET", "/`", "GET /*"},
		{"GET", "/{", "GET /*"},
		{"GET", "/:", "GET /*"},
		{"GET", "/.", "GET /*"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, plainError{Status: "error", ErrorCode: "not_implemented",
				ErrorMessage: "juspaytest does not serve " + tt.want + ": add the route with Server.Handle"}, notServed(tt.method, tt.path))
		})
	}
	s := start(t)
	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/victim@example.com/mandates", nil))
	assert.Equal(t, http.StatusNotImplemented, r.status)
	assert.Equal(t, `{"status":"error","error_code":"not_implemented","error_message":"juspaytest does not serve GET /customers/*/*: add the route with Server.Handle"}`, r.body)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
}
