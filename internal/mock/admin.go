package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// adminPrefix is the start of the control routes' paths; Juspay has no
// path there, so they never hide one of its routes.
const adminPrefix = "/__admin/"

// admin serves the control routes over s, through its exported methods
// only. Every answer is JSON; an error is {"error": "one line"}.
type admin struct {
	s   *juspaytest.Server
	mux *http.ServeMux
}

// newAdmin returns the control routes, behind the server's API key.
func newAdmin(s *juspaytest.Server) admin {
	a := admin{s: s, mux: http.NewServeMux()}
	a.mux.Handle(adminPrefix+"reset", on{http.MethodPost: a.reset})
	a.mux.Handle(adminPrefix+"seed", on{http.MethodPost: a.seed})
	a.mux.Handle(adminPrefix+"customers", on{http.MethodGet: a.customers})
	a.mux.Handle(adminPrefix+"customers/{id}/cards", on{http.MethodPost: a.addCards})
	a.mux.Handle(adminPrefix+"customers/{id}/wallets", on{http.MethodPost: a.addWallets})
	a.mux.Handle(adminPrefix+"customers/{id}/wallets/{wallet}/balance", on{http.MethodPost: a.setBalance})
	a.mux.Handle(adminPrefix+"faults", on{http.MethodGet: a.faults, http.MethodPost: a.injectFault, http.MethodDelete: a.clearFaults})
	a.mux.Handle(adminPrefix+"clock", on{http.MethodGet: a.clock, http.MethodPost: a.setClock, http.MethodDelete: a.resetClock})
	a.mux.Handle(adminPrefix+"requests", on{http.MethodGet: a.requests, http.MethodDelete: a.clearRequests})
	a.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no admin route "+r.URL.Path)
	})
	return a
}

// ServeHTTP serves the control routes to a request with the API key as
// Basic auth user name and an empty password, with or without the colon,
// as the API takes it.
func (a admin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !a.s.HasAPIKey(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="juspay-mock"`)
		writeError(w, http.StatusUnauthorized, "admin routes need Basic auth with the API key as user name and no password")
		return
	}
	a.mux.ServeHTTP(w, r)
}

// template is the control route r reaches, as the log names it: its method
// and path template, e.g. "POST /__admin/customers/{id}/cards".
func (a admin) template(r *http.Request) string {
	if _, pattern := a.mux.Handler(r); pattern != "/" && pattern != "" {
		return r.Method + " " + pattern
	}
	return r.Method + " " + unknownPath
}

// on serves a path by method, answering 405 with Allow for the others.
type on map[string]http.HandlerFunc

func (o on) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := o[r.Method]; h != nil {
		h(w, r)
		return
	}
	allow := make([]string, 0, len(o))
	for m := range o {
		allow = append(allow, m)
	}
	sort.Strings(allow)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, http.StatusMethodNotAllowed, r.Method+" not allowed here: "+strings.Join(allow, ", "))
}

func (a admin) reset(w http.ResponseWriter, _ *http.Request) {
	a.s.Reset()
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// seed stores the customers of a seed (the -seed file's format).
func (a admin) seed(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	entries, err := parseSeed(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	out, err := applySeed(a.s, entries)
	if err != nil {
		writeRefusal(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string][]seeded{"customers": out})
}

// customers lists every customer with its cards and wallets, in the seed's
// shape: the answer can be seeded again.
func (a admin) customers(w http.ResponseWriter, _ *http.Request) {
	out := []seeded{}
	for _, c := range a.s.Customers() {
		out = append(out, seeded{Customer: c, Cards: orEmpty(a.s.Cards(c.ID)), Wallets: orEmpty(a.s.Wallets(c.ID))})
	}
	writeJSON(w, http.StatusOK, map[string][]seeded{"customers": out})
}

// orEmpty is list, or [] rather than null when it is empty.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// addCards saves cards (a JSON array, or a List Cards answer) for an
// existing customer.
func (a admin) addCards(w http.ResponseWriter, r *http.Request) {
	c, body, ok := a.customerAndBody(w, r)
	if !ok {
		return
	}
	cards, err := parseCards(body)
	if err == nil {
		cards, err = addCards(a.s, c.ID, cards)
	}
	if err != nil {
		writeRefusal(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string][]juspaytest.Card{"cards": cards})
}

// addWallets saves wallets (a JSON array, or a List Wallets answer) for an
// existing customer.
func (a admin) addWallets(w http.ResponseWriter, r *http.Request) {
	c, body, ok := a.customerAndBody(w, r)
	if !ok {
		return
	}
	var out []juspaytest.Wallet
	wallets, err := parseWallets(body)
	if err == nil {
		out, err = addWallets(a.s, c.ID, wallets)
	}
	if err != nil {
		writeRefusal(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string][]juspaytest.Wallet{"wallets": out})
}

// setBalance sets the balance a wallet reads on the next refresh:
// {"current_balance": 250.75}.
func (a admin) setBalance(w http.ResponseWriter, r *http.Request) {
	c, body, ok := a.customerAndBody(w, r)
	if !ok {
		return
	}
	var spec struct {
		CurrentBalance json.Number `json:"current_balance"`
	}
	err := decodeStrict(body, &spec)
	if err == nil {
		err = a.s.SetWalletBalance(c.ID, r.PathValue("wallet"), juspay.Decimal(spec.CurrentBalance))
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// customerAndBody finds the customer the path's {id} names and reads the
// body; it answers the error itself when ok is false.
func (a admin) customerAndBody(w http.ResponseWriter, r *http.Request) (c juspaytest.Customer, body []byte, ok bool) {
	c, found := a.s.LookupCustomer(r.PathValue("id"))
	if !found {
		writeError(w, http.StatusNotFound, "no customer with that id or object_reference_id")
		return c, nil, false
	}
	body, ok = readBody(w, r)
	return c, body, ok
}

func (a admin) injectFault(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var spec faultSpec
	if err := decodeStrict(body, &spec); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	n, f, err := spec.fault()
	if err == nil {
		err = a.s.AddFault(spec.Route, n, f)
	}
	if err != nil {
		writeRefusal(w, err)
		return
	}
	if spec.Count == nil {
		spec.Count = json.RawMessage("1")
	}
	writeJSON(w, http.StatusOK, spec)
}

// faults lists the faults not yet used up, in the shape they are injected,
// count being how many requests each still takes.
func (a admin) faults(w http.ResponseWriter, _ *http.Request) {
	out := []faultSpec{}
	for _, p := range a.s.Faults() {
		spec := faultSpec{
			Route: p.Route, Count: json.RawMessage(strconv.Itoa(p.Left)), Status: p.Fault.Status, Body: p.Fault.Body,
			Drop: p.Fault.Drop, AfterStore: p.Fault.AfterStore,
		}
		if p.Left == juspaytest.Always {
			spec.Count = json.RawMessage(`"always"`)
		}
		if p.Fault.Delay > 0 {
			spec.Delay = p.Fault.Delay.String()
		}
		for k := range p.Fault.Header {
			if spec.Headers == nil {
				spec.Headers = map[string]string{}
			}
			spec.Headers[k] = p.Fault.Header.Get(k)
		}
		out = append(out, spec)
	}
	writeJSON(w, http.StatusOK, map[string][]faultSpec{"faults": out})
}

func (a admin) clearFaults(w http.ResponseWriter, _ *http.Request) {
	a.s.ClearFaults()
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (a admin) clock(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]time.Time{"now": a.s.Now().UTC()})
}

// resetClock puts the clock back on real time.
func (a admin) resetClock(w http.ResponseWriter, r *http.Request) {
	a.s.ResetClock()
	a.clock(w, r)
}

// setClock freezes the clock at "now" (RFC 3339), or moves it by "advance"
// (a Go duration such as "15m" or "-1h").
func (a admin) setClock(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var spec struct {
		Now     *time.Time `json:"now"`
		Advance string     `json:"advance"`
	}
	err := decodeStrict(body, &spec)
	var d time.Duration
	if err == nil && (spec.Now == nil) == (spec.Advance == "") {
		err = errors.New(`give either "now" (RFC 3339) or "advance" (a duration such as "15m")`)
	} else if err == nil && spec.Advance != "" {
		d, err = time.ParseDuration(spec.Advance)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if spec.Now != nil {
		a.s.SetNow(*spec.Now)
	} else {
		a.s.Advance(d)
	}
	a.clock(w, r)
}

// requests lists the recorded requests, oldest first; ?route= keeps those
// of one route. The answer is written one request at a time, so it is never
// held whole in memory.
func (a admin) requests(w http.ResponseWriter, r *http.Request) {
	var recorded []juspaytest.Request
	if route := juspaytest.Route(r.URL.Query().Get("route")); route == "" {
		recorded = a.s.Requests()
	} else if slices.Contains(juspaytest.Routes(), route) {
		recorded = a.s.RequestsTo(route)
	} else {
		writeError(w, http.StatusBadRequest, unknownRoute(route).Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	_, _ = io.WriteString(w, `{"requests":[`)
	for i, req := range recorded {
		if i > 0 {
			_, _ = io.WriteString(w, ",")
		}
		recorded[i] = juspaytest.Request{} // let it go once written
		if enc.Encode(requestJSON(req)) != nil {
			return // the client left
		}
	}
	_, _ = io.WriteString(w, "]}\n")
}

func (a admin) clearRequests(w http.ResponseWriter, _ *http.Request) {
	a.s.ResetRequests()
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// requestJSON is a juspaytest.Request with snake_case names. Its Header
// comes from juspaytest with the Authorization value already redacted.
type requestJSON struct {
	Route         juspaytest.Route `json:"route"`
	Method        string           `json:"method"`
	Path          string           `json:"path"`
	EscapedPath   string           `json:"escaped_path"`
	CustomerID    string           `json:"customer_id"`
	RawQuery      string           `json:"raw_query"`
	Query         url.Values       `json:"query"`
	Header        http.Header      `json:"header"`
	Body          string           `json:"body"`
	BodyTruncated bool             `json:"body_truncated"`
	Form          url.Values       `json:"form"`
	RoutingID     string           `json:"routing_id"`
	Authorized    bool             `json:"authorized"`
	AuthColon     bool             `json:"auth_colon"`
	Faulted       bool             `json:"faulted"`
	ResponseID    string           `json:"response_id"`
	Time          time.Time        `json:"time"`
}

// faultSpec is a juspaytest.Fault as JSON, with its route and count.
type faultSpec struct {
	Route      juspaytest.Route  `json:"route"`
	Count      json.RawMessage   `json:"count,omitempty"` // a positive integer or "always"; default 1
	Status     int               `json:"status,omitempty"`
	Body       string            `json:"body,omitempty"`
	Headers    map[string]string `json:"headers,omitempty"`
	Delay      string            `json:"delay,omitempty"` // a Go duration, e.g. "1.5s"
	Drop       bool              `json:"drop,omitempty"`
	AfterStore bool              `json:"after_store,omitempty"`
}

// fault checks spec and returns what to pass to AddFault, in words of the
// control route's own.
func (spec faultSpec) fault() (n int, f juspaytest.Fault, err error) {
	if !slices.Contains(juspaytest.Routes(), spec.Route) {
		return 0, f, unknownRoute(spec.Route)
	}
	n = 1
	if spec.Count != nil {
		var always string
		if json.Unmarshal(spec.Count, &always) == nil && always == "always" {
			n = juspaytest.Always
		} else if json.Unmarshal(spec.Count, &n) != nil || n < 1 {
			return 0, f, errors.New(`count must be a positive integer or "always"`)
		}
	}
	f = juspaytest.Fault{Status: spec.Status, Body: spec.Body, Drop: spec.Drop, AfterStore: spec.AfterStore}
	if spec.Delay != "" {
		if f.Delay, err = time.ParseDuration(spec.Delay); err != nil {
			return 0, f, fmt.Errorf("delay: %w", err)
		}
	}
	if len(spec.Headers) > 0 {
		f.Header = http.Header{}
	}
	for k, v := range spec.Headers {
		if k == "" || strings.ContainsFunc(k, func(c rune) bool { return c <= ' ' || c == ':' || c >= 0x7f }) ||
			strings.ContainsFunc(v, func(c rune) bool { return c < ' ' && c != '\t' || c == 0x7f }) {
			return 0, f, fmt.Errorf("headers: %q: %q is not a valid header", k, v)
		}
		f.Header.Set(k, v)
	}
	for _, rule := range []struct {
		broken bool
		msg    string
	}{
		{f.Status != 0 && (f.Status < 100 || f.Status > 999), "status must be 100 to 999"},
		{f.Delay < 0, "delay must not be negative"},
		{f.Status == 0 && !f.Drop && f.Delay == 0, "a fault needs a status, drop or a delay"},
		{f.Drop && (f.Status != 0 || f.Body != "" || f.Header != nil), "drop answers nothing: it takes no status, body or headers"},
		{f.Status == 0 && (f.Body != "" || f.Header != nil), "body and headers need a status"},
	} {
		if rule.broken {
			return n, f, errors.New(rule.msg)
		}
	}
	return n, f, nil
}

func unknownRoute(r juspaytest.Route) error {
	routes := juspaytest.Routes()
	names := make([]string, len(routes))
	for i, known := range routes {
		names[i] = strconv.Quote(string(known))
	}
	return fmt.Errorf("unknown route %q: it is one of %s", r, strings.Join(names, ", "))
}

// readBody reads the request body, up to maxBody; it answers the error
// itself when ok is false: 413 for a longer body, at once when its
// Content-Length says so.
func readBody(w http.ResponseWriter, r *http.Request) (body []byte, ok bool) {
	var err error
	if r.ContentLength > maxBody {
		err = &http.MaxBytesError{Limit: maxBody}
	} else {
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes", maxBody))
		return nil, false
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return nil, false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		writeError(w, http.StatusBadRequest, "the body is empty: JSON is expected")
		return nil, false
	}
	return body, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeError answers {"error": msg}: one line, since encoding/json escapes
// line breaks.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writeRefusal answers what juspaytest refused: a 507 in Juspay's error
// shape when a cap of the server's state is reached (its message names the
// cap and the flag that raises it; "error" holds it too, as in every
// control route's error), else a 400.
func writeRefusal(w http.ResponseWriter, err error) {
	if !errors.Is(err, juspaytest.ErrLimit) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusInsufficientStorage, limitAnswer{
		Status: "error", ErrorCode: "limit_exceeded", ErrorMessage: err.Error(), Error: err.Error(),
	})
}

// limitAnswer is a cap reached, in the shape of Juspay's errors.
type limitAnswer struct {
	Status       string `json:"status"`
	ErrorCode    string `json:"error_code"`
	ErrorMessage string `json:"error_message"`
	Error        string `json:"error"`
}
