package juspaytest

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	juspay "github.com/seed276dc779/juspay-go"
)

// TestFakeAgreesWithItsModel drives a fake over HTTP with random requests,
// well-formed and not (bad auth, bodies and routes, odd ids, every call),
// random seeding, clock moves and faults, under random options (fresh card
// tokens or not, strict routing ids or not, small limits so every cap is
// reached), and checks after every step that each answer and the fake's
// state are what a plain model of its documented behaviour says.
//
// In go test ./... it runs a fixed budget of 100 sequences of about 30 steps
// (about a second). Run it long with rapid's flags, after the package:
//
//	go test -run TestFakeAgreesWithItsModel ./juspaytest -rapid.checks=10000
//	go test -run TestFakeAgreesWithItsModel ./juspaytest -rapid.checks=2000 -rapid.steps=200
//
// A failure prints the shrunk sequence and the flag that replays it,
// -rapid.seed=N or -rapid.failfile=testdata/rapid/... (fail files stay in
// juspaytest/testdata/rapid, which git ignores).
func TestFakeAgreesWithItsModel(t *testing.T) {
	shortRapidBudget(t, 100)
	rapid.Check(t, func(rt *rapid.T) {
		m := newPropModel(rt)
		defer m.s.Close()
		rt.Repeat(map[string]func(*rapid.T){
			"":              m.check,
			"create":        m.create,
			"get":           m.get,
			"update":        m.update,
			"listCards":     m.listCards,
			"deleteCard":    m.deleteCard,
			"listWallets":   m.listWallets,
			"unserved":      m.unserved,
			"tooLarge":      m.tooLarge,
			"addCustomer":   m.addCustomer,
			"addCard":       m.addCard,
			"addWallet":     m.addWallet,
			"setBalance":    m.setBalance,
			"clock":         m.moveClock,
			"addFault":      m.addFault,
			"clearFaults":   m.clearFaults,
			"reset":         m.reset,
			"resetRequests": m.resetRequests,
		})
	})
}

// shortRapidBudget sets rapid's number of checks to n unless the command
// line (-rapid.checks) or the environment (RAPID_CHECKS) chose one.
func shortRapidBudget(t *testing.T, n int) {
	t.Helper()
	chosen := false
	flag.Visit(func(f *flag.Flag) { chosen = chosen || f.Name == "rapid.checks" })
	if _, env := os.LookupEnv("RAPID_CHECKS"); chosen || env {
		return
	}
	f := flag.Lookup("rapid.checks")
	require.NotNil(t, f)
	old := f.Value.String()
	require.NoError(t, f.Value.Set(fmt.Sprint(n)))
	t.Cleanup(func() { _ = f.Value.Set(old) })
}

// The model: what the fake holds, written plainly from its documentation.

type mCard struct {
	owner     string // the customer's Juspay id
	reference string
	token     string // the newest token issued
}

type mWallet struct {
	w       Wallet
	pending *juspay.Decimal // the balance the next refresh reads, if set
}

type mToken struct {
	token  string
	expiry time.Time
	card   *mCard // nil: a client auth token
}

type mFault struct {
	left int
	f    Fault
}

const (
	propKey      = "PROPKEY"
	propMerchant = "prop_merchant"
)

type propModel struct {
	s  *Server
	hc *http.Client

	fresh, strict bool
	lim           Limits

	base   time.Time // the WithClock function's time
	frozen bool
	at     time.Time
	offset time.Duration

	customers  []*Customer
	cards      map[string][]*mCard // owner's Juspay id -> cards
	cardTokens map[string]*mCard   // when not fresh
	wallets    map[string][]*mWallet
	walletIDs  map[string]bool
	ledger     []*mToken // live tokens, oldest issued first
	seen       []string  // every client auth token ever answered
	seenCards  []string  // every card token ever answered
	faults     map[Route][]*mFault
	nFaults    int
	requests   int
	bigBodies  int
}

func newPropModel(t *rapid.T) *propModel {
	m := &propModel{
		fresh:  rapid.Bool().Draw(t, "fresh card tokens"),
		strict: rapid.Bool().Draw(t, "strict routing id"),
		lim: Limits{
			Customers:          rapid.IntRange(1, 5).Draw(t, "max customers"),
			CardsPerCustomer:   rapid.IntRange(1, 3).Draw(t, "max cards"),
			WalletsPerCustomer: rapid.IntRange(1, 3).Draw(t, "max wallets"),
			LiveTokens:         rapid.IntRange(1, 4).Draw(t, "max live tokens"),
			PendingFaults:      rapid.IntRange(1, 3).Draw(t, "max pending faults"),
		},
		base: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
		hc:   &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 20 * time.Second},
	}
	opts := []Option{WithCredentials(propKey, propMerchant), WithLimits(m.lim), WithClock(func() time.Time { return m.base })}
	if m.fresh {
		opts = append(opts, WithFreshCardTokens())
	}
	if m.strict {
		opts = append(opts, WithStrictRoutingID())
	}
	m.s = NewServer(opts...)
	m.forget()
	return m
}

// forget empties the model, as Reset empties the fake.
func (m *propModel) forget() {
	m.customers = nil
	m.cards, m.cardTokens = map[string][]*mCard{}, map[string]*mCard{}
	m.wallets, m.walletIDs = map[string][]*mWallet{}, map[string]bool{}
	m.ledger, m.faults, m.nFaults = nil, map[Route][]*mFault{}, 0
	m.requests, m.bigBodies = 0, 0
}

func (m *propModel) now() time.Time {
	if m.frozen {
		return m.at
	}
	return m.base.Add(m.offset)
}

func mStamp(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// lookup finds a customer by Juspay id, else by object_reference_id.
func (m *propModel) lookup(id string) *Customer {
	if c := m.lookupID(id); c != nil {
		return c
	}
	return m.byRef(id)
}

func (m *propModel) lookupID(id string) *Customer {
	return m.find(func(c *Customer) bool { return c.ID == id })
}

func (m *propModel) byRef(ref string) *Customer {
	return m.find(func(c *Customer) bool { return c.ObjectReferenceID == ref })
}

func (m *propModel) find(match func(*Customer) bool) *Customer {
	if i := slices.IndexFunc(m.customers, match); i >= 0 {
		return m.customers[i]
	}
	return nil
}

// issue holds a new token as the fake's documentation says: the expired
// ones are forgotten, then the oldest while the cap is reached.
func (m *propModel) issue(tok string, card *mCard) *mToken {
	now := m.now()
	kept := m.ledger[:0]
	for _, lt := range m.ledger {
		if now.Before(lt.expiry) {
			kept = append(kept, lt)
		}
	}
	m.ledger = kept
	for len(m.ledger) >= m.lim.LiveTokens {
		m.ledger = m.ledger[1:]
	}
	lt := &mToken{token: tok, expiry: mStamp(now).Add(TokenTTL), card: card}
	m.ledger = append(m.ledger, lt)
	return lt
}

func (m *propModel) held(tok string) *mToken {
	if i := slices.IndexFunc(m.ledger, func(lt *mToken) bool { return lt.token == tok }); i >= 0 {
		return m.ledger[i]
	}
	return nil
}

func (m *propModel) tokenTaken(tok string) bool {
	return m.held(tok) != nil || m.cardTokens[tok] != nil
}

func (m *propModel) validCard(tok string) *mCard {
	if !m.fresh {
		return m.cardTokens[tok]
	}
	if lt := m.held(tok); lt != nil && lt.card != nil && m.now().Before(lt.expiry) {
		return lt.card
	}
	return nil
}

// Drawing requests.

type field struct {
	v  string
	ok bool
}

var (
	refs    = []field{{"user-000001", true}, {"user-000002", true}, {"legacy-000001", true}, {"a/b?c#d%e f", true}, {"José-0001", true}, {"short", false}, {"x\ny-00001", false}, {"", false}}
	mobiles = []field{{"9988776655", true}, {"+919988776655", true}, {"99x", false}, {"12345678901234567", false}, {"", true}}
	ccs     = []field{{"", true}, {"91", true}, {"+65", true}, {"12345", false}, {"9a", false}}
	emails  = []field{{"", true}, {"a@b.co", true}, {"bad", false}, {".a@b.co", false}}
	names   = []field{{"", true}, {"John", true}, {"D'Souza", true}, {"a@b", false}, {"x,y", false}}
	oddIDs  = []string{"nobody00", "a/b?c#d%e f", "é+;:=&$", "legacy-000001", "cth_unknown00000000", ".", "%"}
)

func pick[T any](t *rapid.T, label string, xs ...T) T { return rapid.SampledFrom(xs).Draw(t, label) }

// wellFormed draws true 9 times in 10: most requests are well-formed, so
// that sequences reach deep states (caps, expiries, refreshes), and the
// rest are not.
func wellFormed(t *rapid.T, label string) bool { return rapid.IntRange(0, 9).Draw(t, label) > 0 }

// pickField draws a value of pool: one it accepts, mostly.
func pickField(t *rapid.T, label string, pool []field, emptyOK bool) field {
	if !wellFormed(t, label+" well-formed") {
		return pick(t, label, pool...)
	}
	var good []field
	for _, f := range pool {
		if f.ok && (emptyOK || f.v != "") {
			good = append(good, f)
		}
	}
	return pick(t, label, good...)
}

// someID is a customer id for a path or query: a Juspay id, a reference,
// or an odd or unknown one.
func (m *propModel) someID(t *rapid.T) string {
	ids := append([]string{}, oddIDs...)
	for _, c := range m.customers {
		ids = append(ids, c.ID, c.ObjectReferenceID)
	}
	return pick(t, "customer id", ids...)
}

type authKind string

const (
	authOK            authKind = "ok"
	authNoColon       authKind = "no colon"
	authWrongKey      authKind = "wrong key"
	authNone          authKind = "none"
	authWrongMerchant authKind = "wrong merchant"
	authNoMerchant    authKind = "no merchant"
)

func (a authKind) keyOK() bool { return a != authWrongKey && a != authNone }

func (a authKind) authorized(route Route) bool {
	needs := route == RouteCreate || route == RouteGet || route == RouteListCards
	return a.keyOK() && a != authWrongMerchant && (a != authNoMerchant || !needs)
}

func drawAuth(t *rapid.T) authKind {
	if wellFormed(t, "auth well-formed") {
		return pick(t, "auth", authOK, authNoColon)
	}
	return pick(t, "auth", authWrongKey, authNone, authWrongMerchant, authNoMerchant)
}

// body is a POST body and what reading it gives: its fields, or the 400
// it earns (problem: an error_code, and the field it names).
type body struct {
	raw, contentType string
	problem          string
	problemField     string
}

// encode writes fields (absent when "") as a form or a JSON object, or a
// body the fake cannot read.
func encode(t *rapid.T, fields map[string]string) body {
	choice := pick(t, "body", "form", "json")
	if !wellFormed(t, "body well-formed") {
		choice = pick(t, "body", "json with a bad type", "bad json", "bad form", "text")
	}
	switch choice {
	case "form":
		f := url.Values{}
		for _, k := range slices.Sorted(maps.Keys(fields)) { // draws in a fixed order, so a seed replays
			v := fields[k]
			if v != "" {
				f.Set(k, v)
			}
		}
		return body{raw: f.Encode(), contentType: "application/x-www-form-urlencoded"}
	case "json", "json with a bad type":
		obj := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(fields)) { // draws in a fixed order, so a seed replays
			v := fields[k]
			switch {
			case v != "" && k == tokenOption && rapid.Bool().Draw(t, "token option as a boolean"):
				obj[k] = strings.EqualFold(v, "true")
			case v != "":
				obj[k] = v
			case rapid.Bool().Draw(t, "null for absent"):
				obj[k] = nil
			}
		}
		b := body{contentType: "application/json"}
		if len(obj) > 0 && choice == "json with a bad type" {
			k := pick(t, "bad key", slices.Sorted(maps.Keys(obj))...)
			obj[k] = pick[any](t, "bad value", 7, true, []int{1})
			if isBool(obj[k]) && k == tokenOption {
				obj[k] = 7
			}
			if k == tokenOption || isStringField(k) {
				b.problem, b.problemField = "Invalid Request", k
			}
		}
		raw, err := json.Marshal(obj)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		b.raw = string(raw)
		return b
	case "bad json":
		return body{raw: pick(t, "bad json", `{`, `[]`, `null`, `"x"`), contentType: "application/json", problem: "invalid_request"}
	case "bad form":
		return body{raw: "a=%zz", contentType: "application/x-www-form-urlencoded", problem: "invalid_request"}
	}
	return body{raw: "x", contentType: pick(t, "content type", "text/plain", ""), problem: "invalid_request"}
}

func isBool(v any) bool { _, ok := v.(bool); return ok }

// Sending and expecting.

// expect is an answer the model predicts.
type expect struct {
	status int
	code   string                        // error_code, when the body is a JSON error
	field  string                        // error_info.fields[0].field_name, when one is named
	allow  string                        // the Allow header of a 405
	check  func(t *rapid.T, body []byte) // more checks of a normal answer
	drop   bool                          // the connection closes without an answer
	// settle, run once the request was served whatever was answered,
	// learns the random values the call made (an id, tokens) that the
	// model cannot predict, from the answer's check or the fake's state.
	settle func(t *rapid.T)
}

// request is one HTTP request the model sends.
type request struct {
	method, path, query string
	body                body
	auth                authKind
	routingID           bool
	// inMemory sends it through Server.Handler, not the network: for a
	// body the server does not read, which on the network makes it wait
	// half a second before closing the connection (and Close wait too).
	inMemory bool
}

func drawRequest(t *rapid.T, method, path string) request {
	return request{method: method, path: path, auth: drawAuth(t), routingID: wellFormed(t, "x-routing-id")}
}

func (m *propModel) send(t *rapid.T, r request) (status int, header http.Header, b []byte, err error) {
	target := m.s.URL + r.path
	if r.query != "" {
		target += "?" + r.query
	}
	var rd io.Reader
	if r.method == http.MethodPost {
		rd = strings.NewReader(r.body.raw)
	}
	req, err := http.NewRequest(r.method, target, rd)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	if r.body.contentType != "" {
		req.Header.Set("Content-Type", r.body.contentType)
	}
	switch r.auth {
	case authWrongKey:
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("nope:")))
	case authNoColon:
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(propKey)))
	case authNone:
	default:
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(propKey+":")))
	}
	switch r.auth {
	case authWrongMerchant:
		req.Header.Set("x-merchantid", "other")
	case authNoMerchant:
	default:
		req.Header.Set("x-merchantid", propMerchant)
	}
	if r.routingID {
		req.Header.Set("x-routing-id", "routing-1")
	}
	m.requests++
	if r.inMemory {
		return serveInMemory(m.s, req)
	}
	resp, err := m.hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err = io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return resp.StatusCode, resp.Header, b, nil
}

// serveInMemory serves req through s.Handler; a dropped connection (the
// handler's http.ErrAbortHandler) is an error, as on the network.
func serveInMemory(s *Server, req *http.Request) (status int, header http.Header, b []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			err = io.ErrUnexpectedEOF
		}
	}()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.Bytes(), nil
}

// takeFault is the fault that takes the next request to route, used.
func (m *propModel) takeFault(route Route) *Fault {
	q := m.faults[route]
	if len(q) == 0 {
		return nil
	}
	head := q[0]
	if head.left > 0 {
		head.left--
		if head.left == 0 {
			m.faults[route] = q[1:]
			m.nFaults--
		}
	}
	f := head.f
	return &f
}

// call sends r to route and checks the answer: faults, the checks every
// call makes in the documented order, then serve, the route's own
// behaviour, which changes the model and predicts the answer.
func (m *propModel) call(t *rapid.T, route Route, r request, serve func() expect) {
	f := m.takeFault(route)
	normal := func() expect {
		switch {
		case !r.auth.authorized(route):
			return expect{status: 401, code: "access_denied"}
		case r.body.problem != "":
			return expect{status: 400, code: r.body.problem, field: r.body.problemField}
		case m.strict && route != RouteDeleteCard && !r.routingID:
			return expect{status: 400, code: "nullable", field: "x-routing-id"}
		}
		return serve()
	}
	var want expect
	switch {
	case f == nil:
		want = normal()
	case f.AfterStore:
		want = expect{status: f.Status, drop: f.Drop, settle: normal().settle}
	default:
		want = expect{status: f.Status, drop: f.Drop}
	}
	m.checkAnswer(t, r, want)
	last := m.s.Requests()
	require.NotEmpty(t, last)
	got := last[len(last)-1]
	require.Equal(t, route, got.Route)
	require.Equal(t, f != nil, got.Faulted)
	require.Equal(t, r.auth.authorized(route), got.Authorized)
}

func (m *propModel) checkAnswer(t *rapid.T, r request, want expect) {
	status, header, b, err := m.send(t, r)
	if want.settle != nil {
		want.settle(t)
	}
	if want.drop {
		require.Error(t, err, "a dropped connection: %d %s", status, b)
		return
	}
	require.NoError(t, err)
	require.Equal(t, want.status, status, "%s %s: %s", r.method, r.path, b)
	require.Regexp(t, uuidRE, header.Get("X-Response-Id"))
	require.Equal(t, want.allow, header.Get("Allow"))
	if want.code != "" {
		var e struct {
			ErrorCode string `json:"error_code"`
			ErrorInfo struct {
				Fields []struct {
					FieldName string `json:"field_name"`
				} `json:"fields"`
			} `json:"error_info"`
		}
		require.NoError(t, json.Unmarshal(b, &e), "%s", b)
		require.Equal(t, want.code, e.ErrorCode, "%s", b)
		if want.field != "" {
			require.Len(t, e.ErrorInfo.Fields, 1, "%s", b)
			require.Equal(t, want.field, e.ErrorInfo.Fields[0].FieldName, "%s", b)
		}
	}
	if want.check != nil {
		want.check(t, b)
	}
}

// The calls.

var (
	cthRE   = regexp.MustCompile(`^cth_[A-Za-z0-9]{16}$`)
	tknRE   = regexp.MustCompile(`^tkn_[0-9a-f]{32}$`)
	cardRef = regexp.MustCompile(`^token_[0-9a-f]{32}$`)
)

// fieldProblemOf is the first field a create (or an update, when !create)
// is refused for, as the page's rules go.
func fieldProblemOf(create bool, f map[string]field) *expect {
	if create {
		switch ref := f["object_reference_id"]; {
		case ref.v == "":
			return &expect{status: 400, code: "nullable", field: "object_reference_id"}
		case !ref.ok:
			return &expect{status: 400, code: "Invalid Request", field: "object_reference_id"}
		case f["mobile_number"].v == "":
			return &expect{status: 400, code: "nullable", field: "mobile_number"}
		}
	}
	cc := f["mobile_country_code"].v != ""
	for _, k := range []string{"mobile_number", "mobile_country_code", "email_address", "first_name", "last_name"} {
		v := f[k]
		ok := v.ok && !(k == "mobile_number" && strings.HasPrefix(v.v, "+") && !cc)
		if v.v != "" && !ok {
			return &expect{status: 400, code: "Invalid Request", field: k}
		}
	}
	return nil
}

func drawFields(t *rapid.T, create bool) map[string]field {
	f := map[string]field{
		"mobile_number":       pickField(t, "mobile", mobiles, !create),
		"mobile_country_code": pickField(t, "country code", ccs, true),
		"email_address":       pickField(t, "email", emails, true),
		"first_name":          pickField(t, "first name", names, true),
		"last_name":           pickField(t, "last name", names, true),
	}
	if create {
		f["object_reference_id"] = pickField(t, "reference", refs, false)
	}
	return f
}

func values(f map[string]field) map[string]string {
	out := map[string]string{}
	for k, v := range f {
		out[k] = v.v
	}
	return out
}

// checkCustomer checks an answer is c, with the client auth token lt
// (issued by the model, its value learnt here) exactly when lt is not nil.
func (m *propModel) checkCustomer(c *Customer, lt *mToken) func(*rapid.T, []byte) {
	return func(t *rapid.T, b []byte) {
		var got struct {
			Object string `json:"object"`
			Juspay *struct {
				Token  string `json:"client_auth_token"`
				Expiry string `json:"client_auth_token_expiry"`
			} `json:"juspay"`
		}
		var cust Customer
		require.NoError(t, json.Unmarshal(b, &cust), "%s", b)
		require.NoError(t, json.Unmarshal(b, &got), "%s", b)
		require.Equal(t, *c, cust)
		require.Equal(t, "customer", got.Object)
		require.Equal(t, lt != nil, got.Juspay != nil, "%s", b)
		if lt != nil {
			require.Regexp(t, tknRE, got.Juspay.Token)
			require.NotContains(t, m.seen, got.Juspay.Token, "a new token")
			require.Equal(t, formatStamp(lt.expiry), got.Juspay.Expiry)
			lt.token = got.Juspay.Token
			m.seen = append(m.seen, lt.token)
		}
	}
}

// maybeIssue issues a client auth token (its value learnt from the
// answer) when asked.
func (m *propModel) maybeIssue(option string) *mToken {
	if !strings.EqualFold(option, "true") {
		return nil
	}
	return m.issue("", nil)
}

func (m *propModel) create(t *rapid.T) {
	f := drawFields(t, true)
	fields := values(f)
	token := pick(t, "token option", "", "true", "TRUE", "false")
	fields[tokenOption] = token
	r := drawRequest(t, http.MethodPost, "/customers")
	r.body = encode(t, fields)
	m.call(t, RouteCreate, r, func() expect {
		if p := fieldProblemOf(true, f); p != nil {
			return *p
		}
		if m.byRef(fields["object_reference_id"]) != nil {
			return expect{status: 400, code: "unique"}
		}
		if len(m.customers) >= m.lim.Customers {
			return expect{status: 507, code: "limit_exceeded"}
		}
		now := mStamp(m.now())
		c := &Customer{ObjectReferenceID: fields["object_reference_id"], MobileNumber: fields["mobile_number"],
			MobileCountryCode: fields["mobile_country_code"], EmailAddress: fields["email_address"],
			FirstName: fields["first_name"], LastName: fields["last_name"], DateCreated: now, LastUpdated: now}
		m.customers = append(m.customers, c)
		lt := m.maybeIssue(token)
		return expect{status: 200, check: m.checkCustomer(c, lt), settle: func(t *rapid.T) {
			all := m.s.Customers()
			require.NotEmpty(t, all)
			id := all[len(all)-1].ID
			require.Regexp(t, cthRE, id)
			require.Nil(t, m.lookupID(id), "a new id")
			c.ID = id
		}}
	})
}

func (m *propModel) get(t *rapid.T) {
	id := m.someID(t)
	r := drawRequest(t, http.MethodGet, "/customers/"+url.PathEscape(id))
	token := pick(t, "token option", "", "true", "True", "false")
	if token != "" {
		r.query = tokenOption + "=" + token
	}
	m.call(t, RouteGet, r, func() expect {
		c := m.lookup(id)
		if c == nil {
			return expect{status: 404, code: "object_not_found"}
		}
		return expect{status: 200, check: m.checkCustomer(c, m.maybeIssue(token))}
	})
}

func (m *propModel) update(t *rapid.T) {
	id := m.someID(t)
	f := drawFields(t, false)
	for _, k := range slices.Sorted(maps.Keys(f)) {
		if rapid.Bool().Draw(t, "leave out "+k) {
			f[k] = field{"", true}
		}
	}
	r := drawRequest(t, http.MethodPost, "/customers/"+url.PathEscape(id))
	r.body = encode(t, values(f))
	m.call(t, RouteUpdate, r, func() expect {
		c := m.lookup(id)
		if c == nil {
			return expect{status: 404, code: "object_not_found"}
		}
		if p := fieldProblemOf(false, f); p != nil {
			return *p
		}
		for k, dst := range map[string]*string{"mobile_number": &c.MobileNumber, "mobile_country_code": &c.MobileCountryCode,
			"email_address": &c.EmailAddress, "first_name": &c.FirstName, "last_name": &c.LastName} {
			if v := f[k].v; v != "" {
				*dst = v
			}
		}
		c.LastUpdated = mStamp(m.now())
		return expect{status: 200, check: m.checkCustomer(c, nil)}
	})
}

func (m *propModel) listCards(t *rapid.T) {
	id := pick(t, "customer_id", m.someID(t), "")
	r := drawRequest(t, http.MethodGet, "/cards")
	if id != "" || rapid.Bool().Draw(t, "an empty customer_id") {
		r.query = url.Values{"customer_id": {id}}.Encode()
	}
	m.call(t, RouteListCards, r, func() expect {
		if id == "" {
			return expect{status: 400, code: "nullable", field: "customer_id"}
		}
		owner := m.lookup(id)
		var cards []*mCard
		if owner != nil {
			cards = m.cards[owner.ID]
		}
		var issued []*mToken
		for _, c := range cards {
			if m.fresh {
				c.token = ""
				issued = append(issued, m.issue("", c))
			}
		}
		settle := func(t *rapid.T) {
			if len(issued) == 0 {
				return
			}
			fake := m.s.Cards(owner.ID)
			require.Len(t, fake, len(cards))
			for i, c := range cards {
				require.Regexp(t, tknRE, fake[i].Token)
				require.NotContains(t, m.seenCards, fake[i].Token, "a new token every list")
				c.token, issued[i].token = fake[i].Token, fake[i].Token
				m.seenCards = append(m.seenCards, c.token)
			}
		}
		return expect{status: 200, settle: settle, check: func(t *rapid.T, b []byte) {
			var got struct {
				CustomerID string `json:"customer_id"`
				MerchantID string `json:"merchantId"`
				Cards      []struct {
					Token     string `json:"card_token"`
					Reference string `json:"card_reference"`
				} `json:"cards"`
			}
			require.NoError(t, json.Unmarshal(b, &got), "%s", b)
			require.Equal(t, id, got.CustomerID)
			require.Equal(t, propMerchant, got.MerchantID)
			require.Len(t, got.Cards, len(cards))
			for i, c := range cards {
				require.Equal(t, []string{c.reference, c.token}, []string{got.Cards[i].Reference, got.Cards[i].Token})
			}
		}}
	})
}

func (m *propModel) deleteCard(t *rapid.T) {
	toks := append([]string{"", "tkn_00000000000000000000000000000000"}, m.seenCards...)
	toks = append(toks, m.seen...)
	tok := pick(t, "card token", toks...)
	r := drawRequest(t, http.MethodPost, pick(t, "delete path", "/card/delete", "/card/delete/"))
	r.body = encode(t, map[string]string{"card_token": tok})
	m.call(t, RouteDeleteCard, r, func() expect {
		if tok == "" {
			return expect{status: 400, code: "nullable", field: "card_token"}
		}
		c := m.validCard(tok)
		if c == nil {
			return expect{status: 400, code: "object_not_found"}
		}
		cards := m.cards[c.owner]
		for i := range cards {
			if cards[i] == c {
				m.cards[c.owner] = append(cards[:i:i], cards[i+1:]...)
				break
			}
		}
		delete(m.cardTokens, c.token)
		kept := m.ledger[:0]
		for _, lt := range m.ledger {
			if lt.card != c {
				kept = append(kept, lt)
			}
		}
		m.ledger = kept
		want := fmt.Sprintf(`{"card_token":%q,"card_reference":%q,"deleted":true}`, tok, c.reference)
		return expect{status: 200, check: func(t *rapid.T, b []byte) { require.JSONEq(t, want, string(b)) }}
	})
}

func (m *propModel) listWallets(t *rapid.T) {
	id := m.someID(t)
	refresh := rapid.Bool().Draw(t, "refresh")
	route, path := RouteListWallets, "/customers/"+url.PathEscape(id)+"/wallets"
	if refresh {
		route, path = RouteRefreshWallets, path+"/refresh-balances"
	}
	m.call(t, route, drawRequest(t, http.MethodGet, path), func() expect {
		c := m.lookup(id)
		if c == nil {
			return expect{status: 400, code: "null_error"}
		}
		ws := m.wallets[c.ID]
		if refresh {
			now := mStamp(m.now())
			for _, w := range ws {
				if !w.w.Linked {
					continue
				}
				if w.pending != nil {
					w.w.CurrentBalance, w.pending = *w.pending, nil
				}
				w.w.LastRefreshed = now
				for i := range w.w.SubDetails {
					w.w.SubDetails[i].LastRefreshed = now
				}
			}
		}
		return expect{status: 200, check: func(t *rapid.T, b []byte) {
			var got struct {
				List  []Wallet `json:"list"`
				Count int      `json:"count"`
			}
			require.NoError(t, json.Unmarshal(b, &got), "%s", b)
			require.Len(t, got.List, len(ws))
			require.Equal(t, len(ws), got.Count)
			for i, w := range ws {
				want := cloneWallet(w.w)
				if !want.Linked && len(want.Metadata) == 0 {
					want.Metadata = json.RawMessage("{}")
				}
				require.Equal(t, want, got.List[i])
			}
		}}
	})
}

// unserved sends a request no route serves: 501, or 405 on a known path.
func (m *propModel) unserved(t *rapid.T) {
	cases := []struct {
		method, path string
		want         expect
	}{
		{"GET", "/orders", expect{status: 501, code: "not_implemented"}},
		{"GET", "/customers/a/b", expect{status: 501, code: "not_implemented"}},
		{"GET", "/customers/", expect{status: 501, code: "not_implemented"}},
		{"GET", "/customers/x/mandates", expect{status: 501, code: "not_implemented"}},
		{"PUT", "/customers/" + url.PathEscape(m.someID(t)), expect{status: 405, code: "invalid_request", allow: "GET, POST"}},
		{"GET", "/customers", expect{status: 405, code: "invalid_request", allow: "POST"}},
		{"POST", "/cards", expect{status: 405, code: "invalid_request", allow: "GET"}},
		{"GET", "/card/delete", expect{status: 405, code: "invalid_request", allow: "POST"}},
	}
	c := pick(t, "unserved", cases...)
	r := drawRequest(t, c.method, c.path)
	r.body = body{raw: "x=1", contentType: "application/x-www-form-urlencoded"}
	m.checkAnswer(t, r, c.want)
}

// tooLarge posts a body over 1 MiB: with the key, a 413 (a pending fault
// on the route is used all the same); without, a 401 or the fault.
func (m *propModel) tooLarge(t *rapid.T) {
	r := drawRequest(t, http.MethodPost, "/customers")
	r.body = body{raw: strings.Repeat("a", maxBody+1), contentType: "application/x-www-form-urlencoded"}
	r.inMemory = true
	m.bigBodies++
	f := m.takeFault(RouteCreate)
	switch {
	case r.auth.keyOK():
		m.checkAnswer(t, r, expect{status: 413, code: "invalid_request"})
	case f != nil:
		m.checkAnswer(t, r, expect{status: f.Status, drop: f.Drop})
	default:
		m.checkAnswer(t, r, expect{status: 401, code: "access_denied"})
	}
}

// Seeding and control.

// seedRefused checks a seeding error that is not a limit.
func seedRefused(t *rapid.T, err error, text string) {
	t.Helper()
	require.ErrorContains(t, err, text)
	require.NotErrorIs(t, err, ErrLimit, "only a limit matches ErrLimit")
}

func (m *propModel) addCustomer(t *rapid.T) {
	c := Customer{
		ObjectReferenceID: pick(t, "seed reference", "user-000001", "user-000003", "legacy-000001", "", "cth_seededref0000000"),
		ID:                pick(t, "seed id", "", "", "legacy-000001", "cst_seeded", "user-000001"),
		FirstName:         pick(t, "seed name", "", "Any <name>"),
	}
	got, err := m.s.AddCustomer(c)
	switch {
	case c.ObjectReferenceID == "":
		seedRefused(t, err, "empty ObjectReferenceID")
	case m.byRef(c.ObjectReferenceID) != nil:
		seedRefused(t, err, "object_reference_id already exists")
	case len(m.customers) >= m.lim.Customers:
		require.ErrorIs(t, err, ErrLimit)
	case c.ID != "" && m.lookupID(c.ID) != nil:
		seedRefused(t, err, "id already exists")
	default:
		require.NoError(t, err)
		if c.ID == "" {
			require.Regexp(t, cthRE, got.ID)
			require.Nil(t, m.lookupID(got.ID))
			c.ID = got.ID
		}
		c.DateCreated, c.LastUpdated = mStamp(m.now()), mStamp(m.now())
		require.Equal(t, c, got)
		m.customers = append(m.customers, &c)
		return
	}
}

func (m *propModel) addCard(t *rapid.T) {
	id := m.someID(t)
	toks := append([]string{"", "", "tkn_seeded_1", "tkn_seeded_2"}, m.seenCards...)
	toks = append(toks, m.seen...)
	card := Card{Token: pick(t, "seed card token", toks...), Reference: pick(t, "seed card reference", "", "ref-1", "ref-2")}
	got, err := m.s.AddCard(id, card)
	owner := m.lookup(id)
	switch {
	case owner == nil:
		seedRefused(t, err, "no customer")
	case card.Token != "" && m.tokenTaken(card.Token):
		seedRefused(t, err, "card token already exists")
	case len(m.cards[owner.ID]) >= m.lim.CardsPerCustomer:
		require.ErrorIs(t, err, ErrLimit)
	default:
		require.NoError(t, err)
		if card.Token == "" {
			require.Regexp(t, tknRE, got.Token)
			require.False(t, m.tokenTaken(got.Token))
		} else {
			require.Equal(t, card.Token, got.Token)
		}
		if card.Reference == "" {
			require.Regexp(t, cardRef, got.Reference)
		} else {
			require.Equal(t, card.Reference, got.Reference)
		}
		c := &mCard{owner: owner.ID, reference: got.Reference, token: got.Token}
		m.cards[owner.ID] = append(m.cards[owner.ID], c)
		m.seenCards = append(m.seenCards, got.Token)
		if m.fresh {
			m.issue(got.Token, c)
		} else {
			m.cardTokens[got.Token] = c
		}
		return
	}
}

func (m *propModel) addWallet(t *rapid.T) {
	id := m.someID(t)
	old := time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)
	w := Wallet{
		ID:             pick(t, "seed wallet id", "", "", "wlm_fixed"),
		Name:           "MOBIKWIK",
		Linked:         rapid.Bool().Draw(t, "linked"),
		CurrentBalance: pick[juspay.Decimal](t, "seed balance", "", "100", "100.50", "abc"),
		LastRefreshed:  pick(t, "seed last refreshed", time.Time{}, old),
	}
	if rapid.Bool().Draw(t, "sub details") {
		w.SubDetails = []WalletDetail{{PaymentMethod: "MOBIKWIK", PaymentMethodType: "WALLET", LastRefreshed: old, CurrentBalance: "1"}}
	}
	got, err := m.s.AddWallet(id, w)
	owner := m.lookup(id)
	switch {
	case w.CurrentBalance == "abc":
		seedRefused(t, err, "bad CurrentBalance")
	case owner == nil:
		seedRefused(t, err, "no customer")
	case w.ID != "" && m.walletIDs[w.ID]:
		seedRefused(t, err, "wallet id already exists")
	case len(m.wallets[owner.ID]) >= m.lim.WalletsPerCustomer:
		require.ErrorIs(t, err, ErrLimit)
	default:
		require.NoError(t, err)
		if w.ID == "" {
			require.Regexp(t, `^wlm_[A-Za-z0-9]{16}$`, got.ID)
			require.False(t, m.walletIDs[got.ID])
			w.ID = got.ID
		}
		if w.Linked {
			require.Regexp(t, `^tk_[a-z0-9]{36}$`, got.Token)
			w.Token = got.Token
		}
		require.Equal(t, w, got)
		m.walletIDs[w.ID] = true
		m.wallets[owner.ID] = append(m.wallets[owner.ID], &mWallet{w: w})
		return
	}
}

func (m *propModel) setBalance(t *rapid.T) {
	id := m.someID(t)
	walletIDs := append([]string{"wlm_nope"}, slices.Sorted(maps.Keys(m.walletIDs))...)
	wid := pick(t, "wallet id", walletIDs...)
	balance := pick[juspay.Decimal](t, "balance", "42.50", "0", "", "abc")
	err := m.s.SetWalletBalance(id, wid, balance)
	owner := m.lookup(id)
	switch {
	case balance == "abc":
		seedRefused(t, err, "bad balance")
	case owner == nil:
		seedRefused(t, err, "no customer")
	default:
		for _, w := range m.wallets[owner.ID] {
			if w.w.ID == wid {
				require.NoError(t, err)
				w.pending = &balance
				return
			}
		}
		seedRefused(t, err, "the customer has no wallet")
	}
}

func (m *propModel) moveClock(t *rapid.T) {
	d := pick(t, "duration", time.Second, 500*time.Millisecond, time.Minute, TokenTTL-time.Second, TokenTTL, time.Hour, -time.Minute, -TokenTTL)
	switch pick(t, "clock", "advance", "set", "reset") {
	case "advance":
		m.s.Advance(d)
		if m.frozen {
			m.at = m.at.Add(d)
		} else {
			m.offset += d
		}
	case "set":
		m.s.SetNow(m.base.Add(d))
		m.frozen, m.at = true, m.base.Add(d)
	default:
		m.s.ResetClock()
		m.frozen, m.offset = false, 0
	}
}

func (m *propModel) addFault(t *rapid.T) {
	route := pick(t, "fault route", append(Routes(), "GET /nowhere")...)
	n := pick(t, "fault count", 0, 1, 2, Always)
	f := pick(t, "fault",
		Fault{Status: 503},
		Fault{Status: 429, Header: http.Header{"Retry-After": {"1"}}},
		Fault{AfterStore: true, Status: 502},
		Fault{Drop: true},
		Fault{AfterStore: true, Drop: true},
		Fault{Status: 42},
	)
	err := m.s.AddFault(route, n, f)
	switch {
	case route == "GET /nowhere":
		seedRefused(t, err, "unknown route")
	case f.Status == 42:
		seedRefused(t, err, "Fault.Status 42")
	case n == 0:
		require.NoError(t, err)
	case m.nFaults >= m.lim.PendingFaults:
		require.ErrorIs(t, err, ErrLimit)
	default:
		require.NoError(t, err)
		m.faults[route] = append(m.faults[route], &mFault{left: n, f: f})
		m.nFaults++
	}
}

func (m *propModel) clearFaults(*rapid.T) {
	m.s.ClearFaults()
	m.faults, m.nFaults = map[Route][]*mFault{}, 0
}

func (m *propModel) reset(*rapid.T) {
	m.s.Reset()
	m.forget()
}

func (m *propModel) resetRequests(*rapid.T) {
	m.s.ResetRequests()
	m.requests, m.bigBodies = 0, 0
}

// check compares the fake's state with the model's.
func (m *propModel) check(t *rapid.T) {
	require.Equal(t, m.now(), m.s.Now())
	want := make([]Customer, len(m.customers))
	for i, c := range m.customers {
		want[i] = *c
	}
	require.Equal(t, want, append([]Customer{}, m.s.Customers()...))
	for _, c := range m.customers {
		cards := m.s.Cards(c.ID)
		require.Len(t, cards, len(m.cards[c.ID]))
		for i, mc := range m.cards[c.ID] {
			require.Equal(t, []string{mc.reference, mc.token}, []string{cards[i].Reference, cards[i].Token})
		}
		ws := m.s.Wallets(c.ID)
		require.Len(t, ws, len(m.wallets[c.ID]))
		for i, w := range m.wallets[c.ID] {
			require.Equal(t, w.w, ws[i])
		}
	}
	var faults []PendingFault
	for _, route := range Routes() {
		for _, f := range m.faults[route] {
			faults = append(faults, PendingFault{Route: route, Left: f.left, Fault: f.f})
		}
	}
	require.Equal(t, faults, m.s.Faults())
	for _, tok := range m.seen {
		lt := m.held(tok)
		valid := lt != nil && lt.card == nil && m.now().Before(lt.expiry) // a card may have been seeded with its value since
		require.Equal(t, valid, m.s.TokenValid(tok), "client auth token %s", tok)
	}
	if m.bigBodies < MaxRecordedBytes/MaxRecordedBody/2 {
		require.Len(t, m.s.Requests(), min(m.requests, MaxRecordedRequests))
	}
}
