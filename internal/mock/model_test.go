package mock

// A model-based property test of the control routes and the API over HTTP
// (issue 25): random requests, well-formed and not, against a plain model
// of what the manual documents, checked after every step.
//
// In go test ./... it runs rapid's default budget (100 sequences of up to
// 30 steps, about a second). To run it long:
//
//	go test -run TestAdminModel ./internal/mock -rapid.checks=20000 -rapid.steps=100
//
// A failure prints the seed that replays it: go test -run TestAdminModel
// ./internal/mock -rapid.seed=N.

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/seed276dc779/juspay-go/juspaytest"
)

// modelLimits are the server's caps here, small so that sequences reach
// them.
func modelLimits() juspaytest.Limits {
	return juspaytest.Limits{Customers: 4, CardsPerCustomer: 2, WalletsPerCustomer: 2, PendingFaults: 3}
}

// modelCustomer is a customer as the model holds it; an empty id, card
// token or wallet id is one the server made up, learnt at the next check.
type modelCustomer struct {
	id, ref string
	cards   []string // card tokens
	wallets []string // wallet ids
}

// modelFault is a pending fault.
type modelFault struct {
	route      juspaytest.Route
	left       int // juspaytest.Always for every request
	status     int
	drop       bool
	afterStore bool
}

// model is what the manual says the mock holds.
type model struct {
	customers []*modelCustomer
	faults    []*modelFault // in the order injected
	frozen    *time.Time    // the clock, when frozen at a known time
	recorded  []string      // routes of the API requests recorded, oldest first
}

func (m *model) find(id string) *modelCustomer {
	for _, c := range m.customers {
		if c.ref == id || c.id != "" && c.id == id {
			return c
		}
	}
	return nil
}

func (m *model) cardTaken(tok string) bool {
	for _, c := range m.customers {
		if slices.Contains(c.cards, tok) {
			return true
		}
	}
	return false
}

func (m *model) walletTaken(id string) bool {
	for _, c := range m.customers {
		if slices.Contains(c.wallets, id) {
			return true
		}
	}
	return false
}

// take is the fault that takes the next request to route, counted used.
func (m *model) take(route juspaytest.Route) *modelFault {
	for i, f := range m.faults {
		if f.route != route {
			continue
		}
		taken := *f
		if f.left > 0 {
			if f.left--; f.left == 0 {
				m.faults = slices.Delete(m.faults, i, i+1)
			}
		}
		return &taken
	}
	return nil
}

// harness drives one server and its model.
type harness struct {
	s     *juspaytest.Server
	base  string
	api   *http.Client // a new connection per request: Go's transport never resends on a drop
	admin *http.Client // kept-alive connections: no fault reaches a control route
	m     model
}

func TestAdminModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s := juspaytest.NewServer(juspaytest.WithLimits(modelLimits()))
		defer s.Close()
		ts := httptest.NewServer(newHandler(s, log.New(io.Discard, "", 0), DefaultReadTimeout))
		defer ts.Close()
		adminTransport := &http.Transport{}
		defer adminTransport.CloseIdleConnections()
		h := &harness{s: s, base: ts.URL,
			api:   &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: waitLimit},
			admin: &http.Client{Transport: adminTransport, Timeout: waitLimit}}
		rt.Repeat(map[string]func(*rapid.T){
			"seed":        h.seed,
			"add cards":   h.addCards,
			"add wallets": h.addWallets,
			"fault":       h.injectFault,
			"clear":       h.clearFaults,
			"clock":       h.clock,
			"reset":       h.reset,
			"create":      h.create,
			"get":         h.get,
			"list cards":  h.listCards,
			"requests":    h.requests,
			"junk":        h.junk,
			"":            h.check,
		})
	})
}

// do sends a request through hc and returns its status and body; status 0
// when the connection ended without an answer.
func (h *harness) do(rt *rapid.T, hc *http.Client, key, method, path, contentType, body string, header ...string) (int, string) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.base+path, r)
	require.NoError(rt, err)
	if key != "" {
		req.SetBasicAuth(key, "")
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(rt, err)
	return resp.StatusCode, string(b)
}

// control sends a control request with the key and checks the shape of an
// error: one line of JSON with "error".
func (h *harness) control(rt *rapid.T, method, path, body string) (int, string) {
	status, got := h.do(rt, h.admin, h.s.APIKey, method, path, "", body)
	if status >= 400 {
		var e map[string]any
		require.NoError(rt, json.Unmarshal([]byte(got), &e), got)
		require.NotEmpty(rt, e["error"], got)
		require.Equal(rt, 1, strings.Count(got, "\n"), got)
	}
	return status, got
}

// want checks an answer's status.
func want(rt *rapid.T, wantStatus, status int, body string) {
	require.Equal(rt, wantStatus, status, "answer: %s", body)
}

// Pools small enough that values meet (duplicates, unknown ids); "" is a
// value the server makes up.
func refGen() *rapid.Generator[string] {
	return rapid.SampledFrom([]string{"user-000001", "user-000002", "user-000003", "user-000004", "user-000005"})
}

func idGen() *rapid.Generator[string] {
	return rapid.SampledFrom([]string{"", "", "cth_m1", "cth_m2", "cth_m3"})
}

func tokenGen() *rapid.Generator[string] {
	return rapid.SampledFrom([]string{"", "tkn_p1", "tkn_p2", "tkn_p3"})
}

func walletGen() *rapid.Generator[string] {
	return rapid.SampledFrom([]string{"", "wlm_p1", "wlm_p2", "wlm_p3"})
}

// customerPath is the path's {id}: a known ref or id, or one nobody has.
func (h *harness) customerPath(rt *rapid.T) string {
	var ids []string
	for _, c := range h.m.customers {
		ids = append(ids, c.ref)
		if c.id != "" {
			ids = append(ids, c.id)
		}
	}
	return rapid.SampledFrom(append(ids, "nobody", "user-000001")).Draw(rt, "customer")
}

// cardsJSON is a JSON array of cards with tokens ("" for one made up).
func cardsJSON(tokens []string) string {
	return arrayJSON(tokens, `{"card_brand":"VISA"}`, `{"card_token":%q}`)
}

// walletsJSON is a JSON array of wallets with ids ("" for one made up).
func walletsJSON(ids []string) string {
	return arrayJSON(ids, `{"wallet":"PAYTM"}`, `{"wallet":"PAYTM","id":%q}`)
}

// arrayJSON is a JSON array of one object per value: made for "", given
// (a format taking the value) for the others.
func arrayJSON(values []string, made, given string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = made
		if v != "" {
			parts[i] = fmt.Sprintf(given, v)
		}
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// applyCards adds tokens to c as juspaytest does, in order, and returns the
// status: 400 at a token taken, 507 at the cap.
func (h *harness) applyCards(c *modelCustomer, tokens []string) int {
	return addEach(&c.cards, tokens, h.m.cardTaken, modelLimits().CardsPerCustomer)
}

// applyWallets adds wallets as juspaytest does; see applyCards.
func (h *harness) applyWallets(c *modelCustomer, ids []string) int {
	return addEach(&c.wallets, ids, h.m.walletTaken, modelLimits().WalletsPerCustomer)
}

// addEach appends items to list in order, as juspaytest adds cards or
// wallets: an item given ("" is made up) that is taken is a 400, one past
// max a 507; the ones before stay.
func addEach(list *[]string, items []string, taken func(string) bool, max int) int {
	for _, item := range items {
		switch {
		case item != "" && taken(item):
			return http.StatusBadRequest
		case len(*list) >= max:
			return http.StatusInsufficientStorage
		}
		*list = append(*list, item)
	}
	return http.StatusOK
}

func (h *harness) seed(rt *rapid.T) {
	type entry struct {
		id, ref string
		cards   []string
		wallets []string
	}
	n := rapid.IntRange(0, 3).Draw(rt, "customers")
	entries := make([]entry, n)
	var parts []string
	valid := true
	for i := range entries {
		e := entry{id: idGen().Draw(rt, "id"), ref: refGen().Draw(rt, "ref"),
			cards:   rapid.SliceOfN(tokenGen(), 0, 2).Draw(rt, "cards"),
			wallets: rapid.SliceOfN(walletGen(), 0, 2).Draw(rt, "wallets")}
		if rapid.IntRange(0, 9).Draw(rt, "no ref") == 0 {
			e.ref, valid = "", false
		}
		entries[i] = e
		parts = append(parts, fmt.Sprintf(`{"id":%q,"object_reference_id":%q,"cards":%s,"wallets":%s}`, e.id, e.ref, cardsJSON(e.cards), walletsJSON(e.wallets)))
	}
	body := "[" + strings.Join(parts, ",") + "]"
	if rapid.Bool().Draw(rt, "object form") {
		body = `{"customers":` + body + `}`
	}
	if rapid.IntRange(0, 9).Draw(rt, "broken") == 0 {
		body, valid = body[:len(body)/2], false
	}
	status, got := h.control(rt, "POST", "/__admin/seed", body)
	if !valid {
		want(rt, http.StatusBadRequest, status, got)
		return
	}
	wantStatus := http.StatusOK
	for _, e := range entries {
		if wantStatus = h.seedOne(e.id, e.ref, e.cards, e.wallets); wantStatus != http.StatusOK {
			break
		}
	}
	want(rt, wantStatus, status, got)
}

// seedOne stores one seed entry as juspaytest does and returns the status
// its refusal would give, or 200.
func (h *harness) seedOne(id, ref string, cards, wallets []string) int {
	switch {
	case h.m.find(ref) != nil && h.m.find(ref).ref == ref:
		return http.StatusBadRequest
	case len(h.m.customers) >= modelLimits().Customers:
		return http.StatusInsufficientStorage
	case id != "" && h.m.find(id) != nil:
		return http.StatusBadRequest
	}
	c := &modelCustomer{id: id, ref: ref}
	h.m.customers = append(h.m.customers, c)
	if status := h.applyCards(c, cards); status != http.StatusOK {
		return status
	}
	return h.applyWallets(c, wallets)
}

func (h *harness) addCards(rt *rapid.T) { h.addItems(rt, "cards", tokenGen(), cardsJSON, h.applyCards) }

func (h *harness) addWallets(rt *rapid.T) {
	h.addItems(rt, "wallets", walletGen(), walletsJSON, h.applyWallets)
}

// addItems posts items of kind (cards or wallets) drawn from gen to a
// customer, known or not, and checks the answer against apply.
func (h *harness) addItems(rt *rapid.T, kind string, gen *rapid.Generator[string], body func([]string) string, apply func(*modelCustomer, []string) int) {
	who := h.customerPath(rt)
	items := rapid.SliceOfN(gen, 0, 3).Draw(rt, kind)
	status, got := h.control(rt, "POST", "/__admin/customers/"+who+"/"+kind, body(items))
	c := h.m.find(who)
	if c == nil {
		want(rt, http.StatusNotFound, status, got)
		return
	}
	want(rt, apply(c, items), status, got)
}

// faultRoutes are the routes faults are put on: those driven here, and
// one never driven, whose faults stay pending.
func faultRoutes() []juspaytest.Route {
	return []juspaytest.Route{juspaytest.RouteCreate, juspaytest.RouteGet, juspaytest.RouteListCards, juspaytest.RouteDeleteCard}
}

func (h *harness) injectFault(rt *rapid.T) {
	f := modelFault{
		route:  rapid.SampledFrom(faultRoutes()).Draw(rt, "route"),
		left:   rapid.SampledFrom([]int{1, 2, juspaytest.Always}).Draw(rt, "count"),
		status: rapid.SampledFrom([]int{0, 429, 500, 503}).Draw(rt, "status"),
	}
	f.drop = f.status == 0
	f.afterStore = rapid.Bool().Draw(rt, "after store")
	spec := map[string]any{"route": f.route, "after_store": f.afterStore}
	if f.left == juspaytest.Always {
		spec["count"] = "always"
	} else {
		spec["count"] = f.left
	}
	if f.drop {
		spec["drop"] = true
	} else {
		spec["status"] = f.status
	}
	valid := true
	switch rapid.IntRange(0, 9).Draw(rt, "broken") {
	case 0:
		spec["route"], valid = "GET /nowhere", false
	case 1:
		spec["count"], valid = 0, false
	case 2:
		spec["status"], valid = 1000, false
	case 3:
		delete(spec, "status")
		delete(spec, "drop")
		valid = false
	}
	body, err := json.Marshal(spec)
	require.NoError(rt, err)
	status, got := h.control(rt, "POST", "/__admin/faults", string(body))
	switch {
	case !valid:
		want(rt, http.StatusBadRequest, status, got)
	case len(h.m.faults) >= modelLimits().PendingFaults:
		want(rt, http.StatusInsufficientStorage, status, got)
		require.Contains(rt, got, "-max-pending-faults")
	default:
		want(rt, http.StatusOK, status, got)
		h.m.faults = append(h.m.faults, &f)
	}
}

func (h *harness) clearFaults(rt *rapid.T) {
	status, got := h.control(rt, "DELETE", "/__admin/faults", "")
	want(rt, http.StatusOK, status, got)
	h.m.faults = nil
}

// clockBase is a time the clock is frozen near.
func clockBase() time.Time { return time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC) }

func (h *harness) clock(rt *rapid.T) {
	minutes := time.Duration(rapid.IntRange(-90, 90).Draw(rt, "minutes")) * time.Minute
	switch rapid.IntRange(0, 4).Draw(rt, "how") {
	case 0:
		at := clockBase().Add(minutes)
		status, got := h.control(rt, "POST", "/__admin/clock", `{"now":"`+at.Format(time.RFC3339)+`"}`)
		want(rt, http.StatusOK, status, got)
		h.m.frozen = &at
	case 1:
		status, got := h.control(rt, "POST", "/__admin/clock", `{"advance":"`+minutes.String()+`"}`)
		want(rt, http.StatusOK, status, got)
		if h.m.frozen != nil {
			at := h.m.frozen.Add(minutes)
			h.m.frozen = &at
		}
	case 2:
		status, got := h.control(rt, "DELETE", "/__admin/clock", "")
		want(rt, http.StatusOK, status, got)
		h.m.frozen = nil
	case 3:
		status, got := h.control(rt, "POST", "/__admin/clock", `{"advance":"soon"}`)
		want(rt, http.StatusBadRequest, status, got)
	default:
		status, got := h.control(rt, "POST", "/__admin/clock", `{}`)
		want(rt, http.StatusBadRequest, status, got)
	}
}

func (h *harness) reset(rt *rapid.T) {
	status, got := h.control(rt, "POST", "/__admin/reset", "")
	want(rt, http.StatusOK, status, got)
	h.m.customers, h.m.faults, h.m.recorded = nil, nil, nil // the clock stays
}

// call sends an API request, with the key or not, and checks its answer
// against the model: a fault first (before any check), else serve, which
// returns the normal status and stores what the call stores.
func (h *harness) call(rt *rapid.T, route juspaytest.Route, method, path, form string, serve func(withKey bool) int) {
	withKey := rapid.IntRange(0, 5).Draw(rt, "key") > 0
	key, contentType := "", ""
	if withKey {
		key = h.s.APIKey
	}
	if form != "" {
		contentType = "application/x-www-form-urlencoded"
	}
	status, got := h.do(rt, h.api, key, method, path, contentType, form, "x-merchantid", h.s.MerchantID)
	h.m.recorded = append(h.m.recorded, string(route))
	f := h.m.take(route)
	wantStatus := 0
	switch {
	case f == nil:
		wantStatus = serve(withKey)
	case f.afterStore:
		serve(withKey)
		wantStatus = f.status
	default:
		wantStatus = f.status
	}
	want(rt, wantStatus, status, got)
}

func (h *harness) create(rt *rapid.T) {
	ref := refGen().Draw(rt, "ref")
	form := url.Values{"object_reference_id": {ref}, "mobile_number": {"9988776655"}}
	valid := rapid.IntRange(0, 5).Draw(rt, "valid") > 0
	if !valid {
		form.Del("mobile_number")
	}
	var stored *modelCustomer
	h.call(rt, juspaytest.RouteCreate, "POST", "/customers", form.Encode(), func(withKey bool) int {
		switch {
		case !withKey:
			return http.StatusUnauthorized
		case !valid, h.m.find(ref) != nil && h.m.find(ref).ref == ref:
			return http.StatusBadRequest
		case len(h.m.customers) >= modelLimits().Customers:
			return http.StatusInsufficientStorage
		}
		stored = &modelCustomer{ref: ref}
		h.m.customers = append(h.m.customers, stored)
		return http.StatusOK
	})
}

func (h *harness) get(rt *rapid.T) {
	who := h.customerPath(rt)
	h.call(rt, juspaytest.RouteGet, "GET", "/customers/"+who, "", func(withKey bool) int {
		switch {
		case !withKey:
			return http.StatusUnauthorized
		case h.m.find(who) == nil:
			return http.StatusNotFound
		}
		return http.StatusOK
	})
}

func (h *harness) listCards(rt *rapid.T) {
	who := h.customerPath(rt)
	h.call(rt, juspaytest.RouteListCards, "GET", "/cards?customer_id="+who, "", func(withKey bool) int {
		if !withKey {
			return http.StatusUnauthorized
		}
		return http.StatusOK
	})
}

// requests checks the recorded requests: the API's, in order, never the
// control routes'.
func (h *harness) requests(rt *rapid.T) {
	var list struct {
		Requests []struct {
			Route string `json:"route"`
		} `json:"requests"`
	}
	h.list(rt, "/__admin/requests", &list)
	routes := []string{}
	for _, r := range list.Requests {
		routes = append(routes, r.Route)
	}
	require.Equal(rt, append([]string{}, h.m.recorded...), routes)
}

// junk sends a control request the manual says is refused; nothing
// changes (the check after it sees to that).
func (h *harness) junk(rt *rapid.T) {
	tests := []struct {
		key, method, path, body string
		status                  int
	}{
		{"WRONG", "GET", "/__admin/customers", "", http.StatusUnauthorized},
		{"", "POST", "/__admin/reset", "", http.StatusUnauthorized},
		{h.s.APIKey + ":pw", "DELETE", "/__admin/faults", "", http.StatusUnauthorized},
		{h.s.APIKey, "PUT", "/__admin/faults", "", http.StatusMethodNotAllowed},
		{h.s.APIKey, "GET", "/__admin/reset", "", http.StatusMethodNotAllowed},
		{h.s.APIKey, "GET", "/__admin/nothing", "", http.StatusNotFound},
		{h.s.APIKey, "POST", "/__admin/seed", "", http.StatusBadRequest},
		{h.s.APIKey, "POST", "/__admin/seed", "{", http.StatusBadRequest},
		{h.s.APIKey, "POST", "/__admin/faults", `{"route":"POST /customers","status":503,"times":2}`, http.StatusBadRequest},
		{h.s.APIKey, "GET", "/__admin/requests?route=nowhere", "", http.StatusBadRequest},
	}
	tt := rapid.SampledFrom(tests).Draw(rt, "junk")
	status, got := h.do(rt, h.admin, tt.key, tt.method, tt.path, "", tt.body)
	want(rt, tt.status, status, got)
	var e map[string]any
	require.NoError(rt, json.Unmarshal([]byte(got), &e), got)
	require.NotEmpty(rt, e["error"])
}

// check compares what the control routes list with the model: customers
// with their cards and wallets, pending faults, a frozen clock.
func (h *harness) check(rt *rapid.T) {
	var list struct {
		Customers []struct {
			ID    string `json:"id"`
			Ref   string `json:"object_reference_id"`
			Cards []struct {
				Token string `json:"card_token"`
			}
			Wallets []struct {
				ID string `json:"id"`
			}
		} `json:"customers"`
	}
	got := h.list(rt, "/__admin/customers", &list)
	require.Len(rt, list.Customers, len(h.m.customers), got)
	for i, c := range list.Customers {
		mc := h.m.customers[i]
		require.Equal(rt, mc.ref, c.Ref)
		mc.id = learn(rt, mc.id, c.ID)
		require.Len(rt, c.Cards, len(mc.cards), "cards of %s", c.Ref)
		for j, card := range c.Cards {
			mc.cards[j] = learn(rt, mc.cards[j], card.Token)
		}
		require.Len(rt, c.Wallets, len(mc.wallets), "wallets of %s", c.Ref)
		for j, w := range c.Wallets {
			mc.wallets[j] = learn(rt, mc.wallets[j], w.ID)
		}
	}

	var faults struct {
		Faults []faultSpec `json:"faults"`
	}
	h.list(rt, "/__admin/faults", &faults)
	var wantFaults []string
	for _, route := range juspaytest.Routes() { // listed route by route
		for _, f := range h.m.faults {
			if f.route == route {
				wantFaults = append(wantFaults, fmt.Sprintf("%s left=%d status=%d drop=%v after=%v", f.route, f.left, f.status, f.drop, f.afterStore))
			}
		}
	}
	var gotFaults []string
	for _, f := range faults.Faults {
		left := juspaytest.Always
		if string(f.Count) != `"always"` {
			require.NoError(rt, json.Unmarshal(f.Count, &left))
		}
		gotFaults = append(gotFaults, fmt.Sprintf("%s left=%d status=%d drop=%v after=%v", f.Route, left, f.Status, f.Drop, f.AfterStore))
	}
	require.Equal(rt, wantFaults, gotFaults)

	if h.m.frozen != nil {
		var clock struct {
			Now time.Time `json:"now"`
		}
		h.list(rt, "/__admin/clock", &clock)
		require.Equal(rt, h.m.frozen.Format(time.RFC3339), clock.Now.Format(time.RFC3339))
	}
}

// list GETs a control route, which must answer 200, into v, and returns
// the body.
func (h *harness) list(rt *rapid.T, path string, v any) string {
	status, got := h.control(rt, "GET", path, "")
	want(rt, http.StatusOK, status, got)
	require.NoError(rt, json.Unmarshal([]byte(got), v), got)
	return got
}

// learn is the model's value, or, when the server made it up, the
// server's.
func learn(rt *rapid.T, model, server string) string {
	if model == "" {
		require.NotEmpty(rt, server)
		return server
	}
	require.Equal(rt, model, server)
	return model
}
