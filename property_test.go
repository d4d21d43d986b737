package juspay_test

// Model-based property tests: random sequences of every call, on a few
// customers and cards, against the fake Juspay, with random faults,
// cancelled contexts, someone else's actions and clock moves between them.
// A plain model of what Juspay holds is kept beside the fake
// (property_model_test.go); after every step each documented promise is
// checked (property_calls_test.go), and the fake's state must equal the
// model's.
//
// In go test each property runs propertyChecks runs of about 30 steps.
// A longer run:
//
//	go test -run TestProperty -rapid.checks=2000 .
//
// A failure prints the seed that replays it, as
//
//	go test -run '^TestPropertyCalls/stableCardTokens$' -rapid.seed=1234567890 .
//
// (and keeps the failing run in testdata/rapid/, replayed by the
// -rapid.failfile=... it names).

import (
	"context"
	"encoding/base64"
	"flag"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// propertyChecks is how many runs each property makes in go test, unless
// -rapid.checks or RAPID_CHECKS says otherwise.
const propertyChecks = 20

// propertyTimeout is the client's WithTimeout in the properties: a delayed
// answer takes that long.
const propertyTimeout = 40 * time.Millisecond

// TestMain gives the properties their short budget when neither
// -rapid.checks nor RAPID_CHECKS sets one.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "rapid.checks" })
	if _, env := os.LookupEnv("RAPID_CHECKS"); !given && !env {
		if err := flag.Set("rapid.checks", strconv.Itoa(propertyChecks)); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// TestPropertyCalls: every documented promise holds after every step of
// any sequence of calls, faults, someone else's actions and clock moves,
// whether the fake issues new card tokens on every list or not.
func TestPropertyCalls(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fresh bool
	}{{"stableCardTokens", false}, {"freshCardTokens", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var opts []juspaytest.Option
			if tc.fresh {
				opts = append(opts, juspaytest.WithFreshCardTokens())
			}
			h := newHarness(t, opts...)
			rapid.Check(t, func(rt *rapid.T) {
				newPropRun(rt, h, tc.fresh).run(rt)
			})
		})
	}
}

// propRun is one run of the property: the client under test, its log and
// the model.
type propRun struct {
	h       *harness
	c       *juspay.Client
	log     *logBuffer
	checked int // how much of the log has been checked
	m       *propModel
	// refs are the references the run creates customers under, each with
	// two profiles a create draws from.
	refs     []string
	profiles map[string][]profile
	gone     []string // tokens of deleted cards
	goneRefs []string // references of deleted cards
}

// profile is what a create sends besides the reference.
type profile struct{ mobile, countryCode, email, first, last string }

func newPropRun(t *rapid.T, h *harness, fresh bool) *propRun {
	h.fake.Reset()
	h.clearBefore()
	start := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	h.fake.SetNow(start.Add(time.Duration(rapid.IntRange(0, 86400*1000).Draw(t, "start ms")) * time.Millisecond))
	p := &propRun{h: h, log: &logBuffer{}, m: newPropModel(fresh), profiles: map[string][]profile{}}
	// A connection per attempt: net/http resends a GET on its own after a
	// dropped connection it had reused, which would make what a fault takes
	// depend on timing, and a failure not replay. The harness dials, to
	// wait for the connections the client gave up on.
	transport := juspay.NewTransport()
	transport.DisableKeepAlives = true
	transport.DialContext = h.dial
	c, err := juspay.NewClient(testAPIKey, testMerchantID, juspay.WithBaseURL(h.front.URL),
		juspay.WithHTTPClient(&http.Client{Transport: transport}),
		juspay.WithRetryBackoff(time.Millisecond, time.Millisecond), juspay.WithTimeout(propertyTimeout),
		juspay.WithLogger(p.log.logger()))
	require.NoError(t, err)
	p.c = c
	t.Cleanup(c.CloseIdleConnections)
	p.refs = rapid.SliceOfNDistinct(referenceGen(), 3, 3, rapid.ID[string]).Draw(t, "refs")
	for _, ref := range p.refs {
		p.profiles[ref] = []profile{drawProfile(t, "profile"), drawProfile(t, "profile")}
		p.m.secret(ref)
		for _, pr := range p.profiles[ref] {
			p.m.secret(pr.mobile, pr.email)
		}
	}
	other := strangerCustomer()
	p.m.secret(other.ID, other.ObjectReferenceID, other.MobileNumber, other.EmailAddress, strangerCardToken,
		testAPIKey, base64.StdEncoding.EncodeToString([]byte(testAPIKey+":")))
	return p
}

func (p *propRun) run(t *rapid.T) {
	t.Repeat(map[string]func(*rapid.T){
		"":                p.check,
		"create":          p.create,
		"get":             p.get,
		"update":          p.update,
		"getOrCreate":     p.getOrCreate,
		"clientAuthToken": p.clientAuthToken,
		"listCards":       p.listCards,
		"deleteCard":      p.deleteCard,
		"listWallets":     p.listWallets,
		"doGet":           p.doGet,
		"doPost":          p.doPost,
		"addCard":         p.addCard,
		"addWallet":       p.addWallet,
		"setBalance":      p.setBalance,
		"moveClock":       p.moveClock,
	})
}

// check holds after every step: the fake holds what the model does, and
// the log, of which every line is one JSON object, holds no secret.
func (p *propRun) check(t *rapid.T) {
	p.m.checkFake(t, p.h.fake, p.h.fake.Now())
	text, end := p.log.from(p.checked)
	p.checked = end
	logRecords(t, text)
	p.m.checkNoSecret(t, text, "the log")
}

// The values a run draws.

// pick draws one of list by its index, so that a failing run's log names
// the index, not the value (which may hold the fake's random ids).
func pick[T any](t *rapid.T, list []T, label string) T {
	return list[rapid.IntRange(0, len(list)-1).Draw(t, label)]
}

func referenceGen() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.StringMatching(`user-[0-9]{6}`),
		rapid.StringMatching(`[a-z]{3,8}\.[a-z]{2,6}@example\.com`),
		rapid.StringMatching(`9[0-9]{9}`),
		rapid.StringMatching(`ref [a-z]{2,4}&[a-z]=\+[a-z]@ü[0-9]{2}`), // escaped in a path and a query
	)
}

func drawProfile(t *rapid.T, label string) profile {
	p := profile{mobile: rapid.StringMatching(`9[0-9]{9}`).Draw(t, label+" mobile")}
	p.countryCode = rapid.SampledFrom([]string{"", "91", "+91", "65"}).Draw(t, label+" country code")
	// A '+' needs a country code, which must not follow it (Juspay would
	// store it twice).
	if cc := strings.TrimPrefix(p.countryCode, "+"); cc != "" && !strings.HasPrefix(p.mobile, cc) &&
		rapid.Bool().Draw(t, label+" mobile with +") {
		p.mobile = "+" + p.mobile
	}
	p.email = rapid.OneOf(rapid.Just(""), rapid.StringMatching(`[a-z]{4,8}@[a-z]{4,8}\.in`)).Draw(t, label+" email")
	p.first = rapid.OneOf(rapid.Just(""), rapid.StringMatching(`[A-Z][a-z]{2,7}`)).Draw(t, label+" first name")
	p.last = rapid.OneOf(rapid.Just(""), rapid.StringMatching(`[A-Z][a-z]{2,7}`)).Draw(t, label+" last name")
	return p
}

// drawID draws the customer id of a lookup: a reference of the run (which
// may or may not exist yet), a customer's Juspay id, an unknown id or
// reference, or one refused before anything is sent. refused is the
// *ValidationError's field then, given as field.
func (p *propRun) drawID(t *rapid.T, field string) (id, refused string) {
	kinds := []string{"reference", "reference", "juspayID", "juspayID", "unknownID", "unknownReference", "refused"}
	switch rapid.SampledFrom(kinds).Draw(t, "id kind") {
	case "juspayID":
		if len(p.m.customers) > 0 {
			return pick(t, p.m.customers, "customer").ID, ""
		}
	case "unknownID":
		id = "cth_" + rapid.StringMatching(`[A-Za-z0-9]{16}`).Draw(t, "unknown id")
		p.m.secret(id)
		return id, ""
	case "unknownReference":
		id = rapid.StringMatching(`nobody-[0-9]{4}`).Draw(t, "unknown reference")
		p.m.secret(id)
		return id, ""
	case "refused": // what a hop that decodes paths could turn into another path
		id = rapid.OneOf(rapid.SampledFrom([]string{".", ".."}),
			rapid.StringMatching(`user[/\\?#%;][a-z0-9]{4}`)).Draw(t, "refused id")
		p.m.secret(id)
		return id, field
	}
	return rapid.SampledFrom(p.refs).Draw(t, "reference"), ""
}

// drawCreate draws a create request: mostly for a reference of the run
// with one of its profiles, sometimes one refused before anything is sent
// (refused is the field then).
func (p *propRun) drawCreate(t *rapid.T) (req *juspay.CreateCustomerRequest, refused string) {
	ref := rapid.SampledFrom(p.refs).Draw(t, "reference")
	switch rapid.IntRange(0, 11).Draw(t, "reference kind") {
	case 0:
		ref, refused = "cth_"+rapid.StringMatching(`[a-z0-9]{8}`).Draw(t, "reference like an id"), "object_reference_id"
	case 1:
		ref, refused = rapid.StringMatching(`[a-z]{1,7}`).Draw(t, "short reference"), "object_reference_id"
	case 2:
		ref, refused = rapid.StringMatching(`user-[0-9]{2}[/\\?#%;][0-9]{2}`).Draw(t, "reference a path would split"), "object_reference_id"
	}
	p.m.secret(ref)
	var pr profile
	if profiles := p.profiles[ref]; profiles != nil {
		pr = rapid.SampledFrom(profiles).Draw(t, "profile")
	} else {
		pr = drawProfile(t, "profile")
		p.m.secret(pr.mobile, pr.email)
	}
	return &juspay.CreateCustomerRequest{
		ObjectReferenceID: ref, MobileNumber: pr.mobile, MobileCountryCode: pr.countryCode,
		EmailAddress: pr.email, FirstName: pr.first, LastName: pr.last,
		GetClientAuthToken: rapid.Bool().Draw(t, "token"),
	}, refused
}

// The steps.

// ctxMode is how a step's context ends.
type ctxMode int

const (
	ctxLive      ctxMode = iota // it outlives the call
	ctxCancelled                // cancelled before the call
	ctxDeadline                 // its deadline passes while the first request waits
	ctxCancel                   // cancelled as the first request arrives, which then waits
)

// step is one call of a run: its faults and context, and what it met.
type step struct {
	*trial
	ctx     context.Context
	mode    ctxMode
	now     time.Time   // the fake's clock, frozen through the step
	routing string      // the x-routing-id of every request: one per customer
	meddled atomic.Bool // someone else acted just before a request
	// settled: the outcome must be as if nothing had failed. The context
	// lived, nobody else acted, no attempt failed but by a fault, and the
	// client's retries absorb every fault: at most DefaultMaxRetries a
	// route, each retryable, none a 200 about someone else or a
	// Retry-After beyond MaxRetryAfter.
	settled bool
	end     func()
}

// begin starts a step of a call that may send to routes, the first one
// first, every request with x-routing-id routing (none when empty): it
// draws the context and the faults, and injects them.
func (p *propRun) begin(t *rapid.T, routing string, routes ...juspaytest.Route) *step {
	return p.beginStep(t, routing, true, routes...)
}

// beginRaw is begin for Do, which checks no answer's identity: no answer
// is about someone else.
func (p *propRun) beginRaw(t *rapid.T, routing string, routes ...juspaytest.Route) *step {
	return p.beginStep(t, routing, false, routes...)
}

func (p *propRun) beginStep(t *rapid.T, routing string, misdirect bool, routes ...juspaytest.Route) *step {
	p.h.fake.ResetRequests()
	st := &step{trial: newTrial(), now: p.h.fake.Now(), routing: routing}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	st.ctx, st.end = ctx, cancel
	st.mode = rapid.SampledFrom([]ctxMode{ctxLive, ctxLive, ctxLive, ctxLive, ctxLive, ctxLive, ctxLive,
		ctxLive, ctxLive, ctxLive, ctxLive, ctxLive, ctxCancelled, ctxDeadline, ctxCancel}).Draw(t, "context")
	switch st.mode {
	case ctxCancelled:
		cancel()
	case ctxDeadline:
		st.inject(p.h, routes[0], 1, juspaytest.Fault{Delay: time.Second})
		var cancelSoon context.CancelFunc
		st.ctx, cancelSoon = context.WithTimeout(ctx, 5*time.Millisecond)
		st.end = func() { cancelSoon(); cancel() }
	case ctxCancel: // as the first request arrives, which then waits
		st.inject(p.h, routes[0], 1, juspaytest.Fault{Delay: time.Second})
		p.h.beforeNext(routes[0], cancel)
	}
	// Each route gets a script: what happens to each of its next requests,
	// up to the client's three attempts; the first route's, more often.
	for i, route := range routes {
		lengths := []int{0, 0, 1, 1, 2, 2, 3} // two faults, then an answer: where attempts interact
		if i > 0 {
			lengths = []int{0, 0, 0, 0, 0, 1, 2}
		}
		for k := range rapid.SampledFrom(lengths).Draw(t, "faults") {
			st.inject(p.h, route, 1, drawFault(t, route, misdirect, k > 0))
		}
	}
	return st
}

// drawFault draws what the fake does to a request to route instead of, or
// besides, answering it; a 429 more often after another fault (later, an
// attempt after a 429 must still count the one before it).
func drawFault(t *rapid.T, route juspaytest.Route, misdirect, later bool) juspaytest.Fault {
	kinds := []string{"lostAnswer", "lostAnswer", "lostAnswer", "lostAnswerDropped", "throttled", "throttled",
		"throttled", "failed", "failed", "dropped", "delayed"}
	if later {
		kinds = append(kinds, "throttled", "throttled", "throttled", "throttled")
	}
	if misdirect && misdirected(route) != "" {
		kinds = append(kinds, "misdirected")
	}
	switch rapid.SampledFrom(kinds).Draw(t, "fault") {
	case "lostAnswer":
		return juspaytest.Fault{AfterStore: true, Status: http.StatusBadGateway}
	case "lostAnswerDropped":
		return juspaytest.Fault{AfterStore: true, Drop: true}
	case "throttled":
		f := juspaytest.Fault{Status: http.StatusTooManyRequests}
		// No Retry-After, a wait of none, a date past, one beyond
		// MaxRetryAfter (the call ends at once), and one unreadable.
		after := rapid.SampledFrom([]string{"", "0", "Sun, 06 Nov 1994 08:49:37 GMT", "3600", "soon"}).Draw(t, "Retry-After")
		if after != "" {
			f.Header = http.Header{"Retry-After": {after}}
		}
		return f
	case "failed":
		return juspaytest.Fault{Status: rapid.SampledFrom([]int{500, 502, 503, 504}).Draw(t, "status")}
	case "dropped":
		return juspaytest.Fault{Drop: true}
	case "delayed": // past the client's WithTimeout
		return juspaytest.Fault{Delay: time.Second}
	}
	// A 200 about someone else (a cache, a proxy), sometimes after the
	// request was served.
	body := misdirected(route)
	if route == juspaytest.RouteListCards && rapid.Bool().Draw(t, "no one's") {
		body = misdirected(routeListCardsOfNoOne)
	}
	return juspaytest.Fault{Status: http.StatusOK, Body: body, AfterStore: rapid.Bool().Draw(t, "served")}
}

// retried reports whether the client retries a request that met f.
func retried(f *juspaytest.Fault) bool {
	switch f.Status {
	case http.StatusOK:
		return false
	case http.StatusTooManyRequests:
		return f.Header.Get("Retry-After") != "3600"
	}
	return true // 5xx, a dropped connection, or a delay past WithTimeout
}

// routeListCardsOfNoOne stands for a card list that names no customer.
const routeListCardsOfNoOne juspaytest.Route = "GET /cards (no customer_id)"

// strangerCustomer and strangerCardToken are someone else's, whom misdirected
// answers are about.
func strangerCustomer() juspaytest.Customer {
	return juspaytest.Customer{
		ID: "cth_SomeoneElse12345", ObjectReferenceID: "someone-else-0001", MobileNumber: "9000000001",
		EmailAddress: "someone.else@example.org",
	}
}

const strangerCardToken = "tkn_0123456789abcdef0123456789abcdef"

// misdirected is a 200 answer to route about someone else; "" for a route
// whose answer names nothing the client can check.
func misdirected(route juspaytest.Route) string {
	switch route {
	case juspaytest.RouteCreate, juspaytest.RouteGet, juspaytest.RouteUpdate:
		b, _ := strangerCustomer().MarshalJSON()
		return string(b)
	case juspaytest.RouteListCards: // another's, or no one's
		return `{"customer_id":"` + strangerCustomer().ObjectReferenceID + `","merchantId":"` + testMerchantID + `","cards":[]}`
	case routeListCardsOfNoOne:
		return `{"merchantId":"` + testMerchantID + `","cards":[]}`
	case juspaytest.RouteDeleteCard:
		return `{"card_token":"` + strangerCardToken + `","card_reference":"token_other","deleted":true}`
	}
	return ""
}

// finish ends a step: it waits for the front to serve nothing, drops what
// is left of the faults and of someone else's actions, and reads what the
// client sent and met. A request refused locally (refused is the field)
// must be refused so, with nothing sent; else a context the step
// cancelled must be what err says, and a cancelled one sends nothing.
func (p *propRun) finish(t *rapid.T, st *step, err error, refused string) {
	st.end()
	p.h.settle(t)
	p.h.clearBefore()
	p.h.fake.ClearFaults()
	st.read(p.h)
	for _, r := range st.reqs {
		require.Equal(t, st.routing, r.RoutingID, "the x-routing-id of a request to %s", r.Route)
	}
	text, _ := p.log.from(p.checked)
	st.records = logRecords(t, text)
	unanswered := 0 // attempts that met no answer
	for _, rec := range st.records {
		if rec["msg"] == "juspay request" && rec["status"] == float64(0) {
			unanswered++
		}
	}
	absorbed := true
	perRoute := map[juspaytest.Route]int{}
	for i, f := range st.faults {
		if f == nil {
			continue
		}
		perRoute[st.reqs[i].Route]++
		if f.Drop || f.Delay > 0 {
			unanswered--
		}
		absorbed = absorbed && retried(f) && perRoute[st.reqs[i].Route] <= juspay.DefaultMaxRetries
	}
	st.settled = st.mode == ctxLive && !st.meddled.Load() && unanswered <= 0 && absorbed
	if refused != "" {
		var ve *juspay.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, refused, ve.Field, "the field refused (%s)", ve.Reason)
		require.Empty(t, st.reqs, "a refused request was sent")
		p.m.checkErrorText(t, err)
		return
	}
	switch st.mode {
	case ctxCancelled:
		require.ErrorIs(t, err, context.Canceled)
		require.Empty(t, st.reqs, "a cancelled context sent a request")
	case ctxDeadline:
		require.ErrorIs(t, err, context.DeadlineExceeded)
	case ctxCancel:
		require.ErrorIs(t, err, context.Canceled)
	}
}

// The steps that are not calls: seeding what the API cannot create, and
// moving the clock.

func (p *propRun) addCard(t *rapid.T) {
	if len(p.m.customers) == 0 {
		t.Skip("no customer")
	}
	c := pick(t, p.m.customers, "holder")
	card, err := p.h.fake.AddCard(c.ID, juspaytest.Card{
		Number: rapid.StringMatching(`XXXX-XXXXXXXX-[0-9]{4}`).Draw(t, "number"),
		Brand:  rapid.SampledFrom([]string{"VISA", "MASTERCARD", "RUPAY"}).Draw(t, "brand"),
	})
	require.NoError(t, err)
	c.addCard(p.m, card, p.h.fake.Now())
}

func (p *propRun) addWallet(t *rapid.T) {
	if len(p.m.customers) == 0 {
		t.Skip("no customer")
	}
	c := pick(t, p.m.customers, "holder")
	w := juspaytest.Wallet{
		Name:   rapid.SampledFrom([]string{"MOBIKWIK", "PAYTM", "AMAZONPAY"}).Draw(t, "wallet"),
		Linked: rapid.Bool().Draw(t, "linked"),
	}
	if w.Linked {
		w.CurrentBalance = rapid.SampledFrom([]juspay.Decimal{"100", "100.50", "0.01"}).Draw(t, "balance")
		w.LastRefreshed = p.h.fake.Now().Add(-time.Hour)
		w.SubDetails = []juspaytest.WalletDetail{{PaymentMethod: w.Name, PaymentMethodType: "WALLET", CurrentBalance: w.CurrentBalance}}
	}
	w, err := p.h.fake.AddWallet(c.ID, w)
	require.NoError(t, err)
	c.wallets = append(c.wallets, w)
	p.m.secret(w.Token)
}

func (p *propRun) setBalance(t *rapid.T) {
	var holders []*modelCustomer
	for _, c := range p.m.customers {
		if len(c.wallets) > 0 {
			holders = append(holders, c)
		}
	}
	if len(holders) == 0 {
		t.Skip("no wallet")
	}
	c := pick(t, holders, "holder")
	w := pick(t, c.wallets, "wallet")
	balance := rapid.SampledFrom([]juspay.Decimal{"42.50", "0", "7", ""}).Draw(t, "balance")
	require.NoError(t, p.h.fake.SetWalletBalance(c.ID, w.ID, balance))
	p.m.balances[w.ID] = balance
}

// moveClock moves the fake's clock forward: back, a token the fake forgot
// once expired (as issuing another does) would be valid again by its
// expiry alone.
func (p *propRun) moveClock(t *rapid.T) {
	if rapid.Bool().Draw(t, "set") {
		p.h.fake.SetNow(p.h.fake.Now().Add(time.Duration(rapid.IntRange(0, 3600*1000).Draw(t, "forward ms")) * time.Millisecond))
		return
	}
	p.h.fake.Advance(rapid.SampledFrom([]time.Duration{
		time.Second, time.Minute, juspaytest.TokenTTL - time.Second, juspaytest.TokenTTL, juspaytest.TokenTTL + time.Second,
	}).Draw(t, "advance"))
}
