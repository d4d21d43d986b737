package juspaytest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// Server is a fake Juspay API listening on a loopback port. Start one with
// NewServer and stop it with Close. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, of the form http://127.0.0.1:port,
	// with no trailing slash. Pass it to juspay.WithBaseURL.
	URL string
	// APIKey is the API key the server accepts as the Basic auth user name.
	// By default it is 32 random upper-case hexadecimal characters, new for
	// every server; WithCredentials fixes it. Changing the field after
	// NewServer has no effect on the server.
	APIKey string
	// MerchantID is the value the server expects in the x-merchantid header.
	// By default it is "merchant_" followed by 8 random lower-case
	// alphanumerics, new for every server; WithCredentials fixes it. Changing
	// the field after NewServer has no effect on the server.
	MerchantID string

	h        *handler
	ts       *httptest.Server
	newConns *atomic.Int64
}

// Option configures a Server; pass options to NewServer.
type Option func(*config)

type config struct {
	apiKey, merchantID string
	strict, fresh      bool
	now                func() time.Time
	limits             Limits
}

// WithCredentials fixes the API key and merchant id the server accepts. The
// default is a random pair, new for every server (see Server.APIKey and
// Server.MerchantID); an empty argument keeps the default for that value.
func WithCredentials(apiKey, merchantID string) Option {
	return func(c *config) {
		if apiKey != "" {
			c.apiKey = apiKey
		}
		if merchantID != "" {
			c.merchantID = merchantID
		}
	}
}

// WithStrictRoutingID makes the server refuse, with a 400, a request without
// an x-routing-id header on every route but RouteDeleteCard (whose sample
// sends none). By default a missing header is accepted, as Juspay answers
// its own Node SDK, which never sends one.
func WithStrictRoutingID() Option {
	return func(c *config) { c.strict = true }
}

// WithFreshCardTokens makes every List Cards answer issue new card tokens
// for the customer's cards, as Juspay may: its docs say a card token expires
// 15 minutes after it is made and is not to be cached. A token issued
// earlier stays valid, and deletes its card, until TokenTTL after it was
// issued (at the server's clock; a seeded card's token counts from
// AddCard), or until Limits.LiveTokens drops it as the oldest; then Delete
// Card refuses it as it refuses a token no card has. Deleting a card by any
// valid token of it deletes the card and all its tokens. Server.Cards shows
// each card with the token it was last listed (or seeded) with. By default
// a card keeps its one token, which never expires.
func WithFreshCardTokens() Option {
	return func(c *config) { c.fresh = true }
}

// WithLimits sets the caps of the server's state (see Limits); a zero field
// keeps its default. Without it, every cap is its DefaultMax constant.
func WithLimits(l Limits) Option {
	return func(c *config) {
		for _, f := range []struct {
			dst *int
			v   int
		}{
			{&c.limits.Customers, l.Customers}, {&c.limits.CardsPerCustomer, l.CardsPerCustomer},
			{&c.limits.WalletsPerCustomer, l.WalletsPerCustomer}, {&c.limits.LiveTokens, l.LiveTokens},
			{&c.limits.PendingFaults, l.PendingFaults},
		} {
			if f.v > 0 {
				*f.dst = f.v
			}
		}
	}
}

// WithClock sets the function the server reads the time from (for
// date_created, last_updated, token expiry and Request.Time). The default
// is time.Now; nil keeps the default. Server.SetNow and Server.Advance still
// work on top of it. now must not call the Server's methods.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// NewServer starts a fake Juspay server on a loopback port and returns it.
// Call Close when done, typically with t.Cleanup(s.Close). Like
// httptest.NewServer, it panics if it cannot listen.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a Server that does not listen yet: its URL is
// empty until Start. Serve its Handler from a server of your own (as
// juspay-mock does, on its one listener), or call Start. Call Close when
// done either way.
func NewUnstartedServer(opts ...Option) *Server {
	cfg := config{now: time.Now, limits: defaultLimits()}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.apiKey == "" {
		cfg.apiKey = randomString(hexUpper, 32)
	}
	if cfg.merchantID == "" {
		cfg.merchantID = "merchant_" + randomString(lowerAlnum, 8)
	}
	h := &handler{
		apiKey: cfg.apiKey, merchantID: cfg.merchantID, strict: cfg.strict,
		clock: newClock(cfg.now), store: newStore(cfg.limits, cfg.fresh), faults: newFaultQueue(cfg.limits.PendingFaults),
		rec: &recorder{maxBytes: MaxRecordedBytes}, extra: newExtraRoutes(),
		closed: make(chan struct{}),
	}
	return &Server{APIKey: cfg.apiKey, MerchantID: cfg.merchantID, h: h, newConns: &atomic.Int64{}}
}

// Start starts a server from NewUnstartedServer on a loopback port and sets
// its URL. It panics if the server was started already, or, like
// httptest.Server.Start, if it cannot listen.
func (s *Server) Start() {
	if s.ts != nil {
		panic("juspaytest: Server.Start: already started")
	}
	s.ts = httptest.NewUnstartedServer(s.h)
	s.ts.Config.ConnState = func(_ net.Conn, cs http.ConnState) {
		if cs == http.StateNew {
			s.newConns.Add(1)
		}
	}
	s.ts.Start()
	s.URL = s.ts.URL
}

// Handler returns the handler the server serves, so the fake can also be
// mounted in another mux or server, sharing this server's state. Drop and
// Delay faults end the request with panic(http.ErrAbortHandler), which
// net/http servers recover; a caller of ServeHTTP outside one must recover
// it. After Close the handler still answers, but Delay faults end at once.
func (s *Server) Handler() http.Handler { return s.h }

// Close stops the server. Requests held by a Delay fault end at once, also
// those served through Handler elsewhere; Close then waits, as
// httptest.Server.Close does, for requests in flight on its own port to
// finish. Calling Close more than once is safe.
func (s *Server) Close() {
	s.h.close()
	if s.ts != nil {
		s.ts.Close()
	}
}

// Client returns a juspay.Client wired to the server: its API key, merchant
// id and URL (through juspay.WithBaseURL, given first so opts may add to it).
// It panics if juspay.NewClient refuses opts: the other inputs are the
// server's own, so an error there is a programming error in the caller's
// options, as httptest panics on its own failures.
func (s *Server) Client(opts ...juspay.Option) *juspay.Client {
	all := append([]juspay.Option{juspay.WithBaseURL(s.URL)}, opts...)
	c, err := juspay.NewClient(s.APIKey, s.MerchantID, all...)
	if err != nil {
		panic("juspaytest: Server.Client: " + err.Error())
	}
	return c
}

// Handle adds a route to the server: pattern, a net/http ServeMux pattern
// with a method, as "GET /customers/{id}/mandates", served by h behind the
// fake's own checks, as its own routes are: the API key (401 in Juspay's
// shape), the x-merchantid header (required, as on create and get),
// x-routing-id under WithStrictRoutingID; recorded, with Request.Route
// Route(pattern) and Request.CustomerID the {id} wildcard's value, if any;
// and taken by faults injected on Route(pattern). In h, r.PathValue works
// and r.Body holds the body as sent (up to 1 MiB: a longer one is answered
// 413 first).
//
// The fake's own routes match first: a request they serve never reaches
// h, and one they serve on another method reaches h when pattern serves it
// (so "DELETE /customers/{id}" adds a method). A request that neither
// serves answers 501, a path served with another method 405 with Allow.
// A ServeMux redirect (a trailing slash, an unclean path) is not followed:
// such a request is not served either.
//
// Handle panics, as ServeMux.Handle does, if pattern is invalid, has no
// method, conflicts with a pattern added before or with one of the fake's
// own routes, or would serve nothing because the fake's own route serves
// its requests (a pattern as specific as one of them, such as
// "GET /customers/{id}" or "GET /customers/x"); or if h is nil. It is safe
// to call while the server serves. Routes lists only the fake's own routes;
// Faults lists the added ones' after them, in the order added.
func (s *Server) Handle(pattern string, h http.Handler) { s.h.extra.add(pattern, h) }

// NewConnections returns how many TCP connections clients have opened to the
// server's own port so far (connections to the Handler mounted elsewhere are
// not counted). A client that reuses its connections keeps it low.
func (s *Server) NewConnections() int64 { return s.newConns.Load() }

// AddCustomer seeds a customer, as if created earlier, and returns it as
// stored. The fields are taken as given, without the page's field rules, so a
// test can hold data the API would refuse; an empty ID gets a fresh cth_ id,
// a zero DateCreated the server's now, a zero LastUpdated the DateCreated.
// It returns an error if ObjectReferenceID is empty or either id is taken,
// or one matching ErrLimit if the server holds Limits.Customers already.
func (s *Server) AddCustomer(c Customer) (Customer, error) {
	out, err := s.h.store.seedCustomer(c, s.h.clock.now())
	if err != nil {
		return Customer{}, fmt.Errorf("juspaytest: AddCustomer: %w", err)
	}
	return out, nil
}

// AddCard saves c for the customer customerID names (Juspay id or
// object_reference_id) and returns it as stored: an empty Token gets a fresh
// "tkn_" and 32 hex digits, an empty Reference and Fingerprint fresh values,
// and the NetworkToken's empty CardReference and CardFingerprint the card's.
// The other fields are taken as given. It returns an error for an unknown
// customer, a Token another card (or a client auth token) has, or Metadata
// that is not a JSON object, and one matching ErrLimit if the customer has
// Limits.CardsPerCustomer cards already. Under WithFreshCardTokens the token
// is valid for TokenTTL from the server's now.
func (s *Server) AddCard(customerID string, c Card) (Card, error) {
	out, err := s.h.store.seedCard(customerID, c, s.h.clock.now())
	if err != nil {
		return Card{}, fmt.Errorf("juspaytest: AddCard: %w", err)
	}
	return out, nil
}

// AddWallet saves w for the customer customerID names (Juspay id or
// object_reference_id) and returns it as stored: an empty ID gets a fresh
// "wlm_" id, and a linked wallet's empty Token a fresh "tk_" token. The other
// fields are taken as given. It returns an error for an unknown customer, an
// ID another wallet has, a CurrentBalance that is not a JSON number, or
// Metadata that is not a JSON object, and one matching ErrLimit if the
// customer has Limits.WalletsPerCustomer wallets already.
func (s *Server) AddWallet(customerID string, w Wallet) (Wallet, error) {
	out, err := s.h.store.seedWallet(customerID, w)
	if err != nil {
		return Wallet{}, fmt.Errorf("juspaytest: AddWallet: %w", err)
	}
	return out, nil
}

// SetWalletBalance sets the balance the wallet walletID of the customer
// customerID names (Juspay id or object_reference_id) reads on the next
// refresh (RouteRefreshWallets): until then RouteListWallets answers the
// balance it had. A refresh also moves a linked wallet's LastRefreshed, and
// its sub-details', to the server's now; an unlinked wallet is not
// refreshed. It returns an error for an unknown customer or wallet, or a
// balance that is neither empty (null) nor a JSON number's text.
func (s *Server) SetWalletBalance(customerID, walletID string, balance juspay.Decimal) error {
	if err := s.h.store.setBalance(customerID, walletID, balance); err != nil {
		return errors.New("juspaytest: SetWalletBalance: " + err.Error())
	}
	return nil
}

// Cards returns a copy of the saved cards of the customer customerID names
// (Juspay id or object_reference_id), in the order added; none for an
// unknown customer. Each card's Token is the one it was last listed or
// seeded with (under WithFreshCardTokens it may have expired); Cards issues
// none.
func (s *Server) Cards(customerID string) []Card {
	return s.h.store.cardsOf(customerID, false, time.Time{})
}

// Wallets returns a copy of the wallets of the customer customerID names
// (Juspay id or object_reference_id), in the order added, as
// RouteListWallets answers them (not refreshed); none for an unknown
// customer.
func (s *Server) Wallets(customerID string) []Wallet {
	ws, _ := s.h.store.walletsOf(customerID, false, time.Time{})
	return ws
}

// HasAPIKey reports whether r carries the server's API key as Basic auth
// user name with an empty password, with or without the trailing colon, as
// every call needs. It does not look at x-merchantid: juspay-mock's control
// routes use it.
func (s *Server) HasAPIKey(r *http.Request) bool {
	ok, _ := s.h.hasKey(r)
	return ok
}

// Customers returns a copy of every stored customer, in creation order.
func (s *Server) Customers() []Customer { return s.h.store.all() }

// LookupCustomer returns the customer whose Juspay id, else whose
// object_reference_id, is id, as Get Customer finds it.
func (s *Server) LookupCustomer(id string) (Customer, bool) { return s.h.store.find(id) }

// TokenValid reports whether tok is a client auth token this server issued
// and whose expiry (issue time plus TokenTTL) is still after the server's
// now (see Advance to expire it), and that Limits.LiveTokens has not
// dropped as the oldest.
func (s *Server) TokenValid(tok string) bool { return s.h.store.tokenValid(tok, s.h.clock.now()) }

// Reset forgets every customer, card, wallet (and balance set for a
// refresh), token, recorded request and fault, as on a new server. The URL,
// credentials, options (limits included), clock and routes added with
// Handle stay.
func (s *Server) Reset() {
	s.h.store.reset()
	s.h.rec.reset()
	s.h.faults.clear()
}

// Requests returns a copy of the requests received since the server started
// or since the last ResetRequests, oldest first: at most the newest
// MaxRecordedRequests of them.
func (s *Server) Requests() []Request { return s.h.rec.all() }

// RequestsTo returns the recorded requests that matched route, oldest first.
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
func (s *Server) ResetRequests() { s.h.rec.reset() }

// InjectFault makes f take the next n requests to route (every one if n is
// Always; nothing happens if n is 0). Faults for one route queue up in the
// order injected: the first one takes its n requests, then the next. It
// panics if route is neither one of the Route constants nor the pattern of
// a route added with Handle, if f.Status is neither 0 nor 100 to 999, if
// f.Delay is negative, or over Limits.PendingFaults: where AddFault
// returns an error.
//
// Go's http.Transport may itself resend a request that met a dropped
// connection it had reused (a GET, or any request with an Idempotency-Key
// header); such a resend takes the next fault in turn.
func (s *Server) InjectFault(route Route, n int, f Fault) {
	if err := s.addFault("InjectFault", route, n, f); err != nil {
		panic(err.Error())
	}
}

// AddFault is InjectFault returning an error instead of panicking: for a
// route that is neither a Route constant nor one added with Handle, an
// invalid f (Status neither 0 nor 100 to 999, negative Delay), or, matching
// ErrLimit, when Limits.PendingFaults faults are pending already (one
// injected with Always counts as one). n = 0 adds nothing and is no error.
func (s *Server) AddFault(route Route, n int, f Fault) error {
	return s.addFault("AddFault", route, n, f)
}

func (s *Server) addFault(name string, route Route, n int, f Fault) error {
	if !knownRoute(route) && !s.h.extra.has(route) {
		return errors.New("juspaytest: " + name + ": unknown route " + string(route))
	}
	if err := f.check(); err != nil {
		return errors.New("juspaytest: " + name + ": " + err.Error())
	}
	if err := s.h.faults.push(route, n, f); err != nil {
		return fmt.Errorf("juspaytest: %s: %w", name, err)
	}
	return nil
}

// FailNext makes the next n requests to route answer status with body
// (empty: the status text) without being served.
func (s *Server) FailNext(route Route, n, status int, body string) {
	s.InjectFault(route, n, Fault{Status: status, Body: body})
}

// ThrottleNext makes the next n requests to route answer 429 Too Many
// Requests with the header Retry-After: retryAfter (seconds or an HTTP date;
// empty sends no Retry-After).
func (s *Server) ThrottleNext(route Route, n int, retryAfter string) {
	f := Fault{Status: http.StatusTooManyRequests}
	if retryAfter != "" {
		f.Header = http.Header{"Retry-After": {retryAfter}}
	}
	s.InjectFault(route, n, f)
}

// DropNext makes the server close the connection of the next n requests to
// route without answering them.
func (s *Server) DropNext(route Route, n int) {
	s.InjectFault(route, n, Fault{Drop: true})
}

// DelayNext makes the next n requests to route wait d before being served
// normally.
func (s *Server) DelayNext(route Route, n int, d time.Duration) {
	s.InjectFault(route, n, Fault{Delay: d})
}

// LoseAnswerNext makes the next n requests to route be served (a create is
// stored) and then answered 502 Bad Gateway instead: the case of an answer
// lost on its way back.
func (s *Server) LoseAnswerNext(route Route, n int) {
	s.InjectFault(route, n, Fault{AfterStore: true, Status: http.StatusBadGateway})
}

// Faults returns the faults not yet used up, route by route in the order of
// Routes, each route's in the order they take requests.
func (s *Server) Faults() []PendingFault {
	return s.h.faults.pending(append(Routes(), s.h.extra.routes()...))
}

// ClearFaults removes every fault not yet used up, on every route.
func (s *Server) ClearFaults() { s.h.faults.clear() }

// Now returns the server's current time: the one it stamps on date_created,
// last_updated and token expiries (which it then cuts to whole seconds, UTC).
// By default it is time.Now; see WithClock, SetNow and Advance.
func (s *Server) Now() time.Time { return s.h.clock.now() }

// SetNow freezes the server's clock at t: it stays there until the next
// SetNow, Advance or ResetClock. By default the clock runs (time.Now, or
// WithClock's).
func (s *Server) SetNow(t time.Time) { s.h.clock.set(t) }

// Advance moves the server's clock forward by d (backward if d is negative):
// a frozen clock (see SetNow) stays frozen at its time plus d, and a running
// one keeps running d ahead. Use it to expire client auth tokens (15 minutes)
// without sleeping. By default no offset applies.
func (s *Server) Advance(d time.Duration) { s.h.clock.advance(d) }

// ResetClock puts the server's clock back on time.Now (or WithClock's
// function): unfrozen, with no offset from Advance.
func (s *Server) ResetClock() { s.h.clock.reset() }
