package juspaytest

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// store holds the customers, their cards and wallets, and the tokens
// issued, within its limits. It hands out copies, never its own values.
type store struct {
	mu         sync.Mutex
	limits     Limits
	fresh      bool                    // WithFreshCardTokens
	customers  []*Customer             // in creation order
	byID       map[string]*Customer    // Juspay id -> customer
	byRef      map[string]*Customer    // object_reference_id -> customer
	live       *ledger                 // client auth tokens, and card tokens when fresh
	cards      map[string][]*savedCard // customer's Juspay id -> cards, in the order added
	cardTokens map[string]*savedCard   // card token -> card, when not fresh
	wallets    map[string][]*Wallet    // customer's Juspay id -> wallets, in the order added
	walletIDs  map[string]bool
	balances   map[string]juspay.Decimal // wallet id -> balance a refresh reads
}

// storeError is a refusal of the store that is not a limit.
type storeError string

func (e storeError) Error() string { return string(e) }

// errExists refuses a create whose object_reference_id is taken.
const errExists storeError = "object_reference_id already exists"

func newStore(limits Limits, fresh bool) *store {
	s := &store{limits: limits, fresh: fresh}
	s.reset()
	return s
}

// reset forgets everything but the limits and the token mode.
func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.customers = nil
	s.byID = map[string]*Customer{}
	s.byRef = map[string]*Customer{}
	s.live = newLedger(s.limits.LiveTokens)
	s.cards = map[string][]*savedCard{}
	s.cardTokens = map[string]*savedCard{}
	s.wallets = map[string][]*Wallet{}
	s.walletIDs = map[string]bool{}
	s.balances = map[string]juspay.Decimal{}
}

// stamp is a time as the server keeps it: UTC, whole seconds (the zero
// time stays zero).
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// lookup finds a customer by Juspay id, else by object_reference_id, as Get
// does. s.mu must be held.
func (s *store) lookup(id string) *Customer {
	if c := s.byID[id]; c != nil {
		return c
	}
	return s.byRef[id]
}

// newID makes a customer id no customer has. s.mu must be held.
func (s *store) newID() string {
	for {
		if id := newCustomerID(); s.byID[id] == nil {
			return id
		}
	}
}

// tokenTaken reports whether tok is held as a client auth token or a card
// token. s.mu must be held.
func (s *store) tokenTaken(tok string) bool { return s.live.has(tok) || s.cardTokens[tok] != nil }

// newToken makes a token of make's shape that no one holds. s.mu must be
// held.
func (s *store) newToken(make func() string) string {
	for {
		if tok := make(); !s.tokenTaken(tok) {
			return tok
		}
	}
}

// issue makes a fresh client auth token valid for TokenTTL from now. s.mu
// must be held.
func (s *store) issue(now time.Time) *grant {
	t := s.live.add(s.newToken(newClientAuthToken), stamp(now).Add(TokenTTL), now, nil)
	return &grant{token: t.token, expiry: t.expiry}
}

func (s *store) insert(c *Customer) {
	s.customers = append(s.customers, c)
	s.byID[c.ID] = c
	s.byRef[c.ObjectReferenceID] = c
}

// create stores c (its ObjectReferenceID and contact fields) as a new
// customer made now, with a token when asked. Nothing is stored when the
// object_reference_id is taken (errExists; another customer's Juspay id is
// no matter) or the customers are at their limit (a *limitError).
func (s *store) create(c Customer, now time.Time, token bool) (Customer, *grant, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byRef[c.ObjectReferenceID] != nil {
		return Customer{}, nil, errExists
	}
	if len(s.customers) >= s.limits.Customers {
		return Customer{}, nil, customersLimit(s.limits.Customers)
	}
	c.ID = s.newID()
	c.DateCreated, c.LastUpdated = stamp(now), stamp(now)
	s.insert(&c)
	var g *grant
	if token {
		g = s.issue(now)
	}
	return c, g, nil
}

// get finds the customer id names, with a fresh token when asked.
func (s *store) get(id string, now time.Time, token bool) (Customer, *grant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.lookup(id)
	if c == nil {
		return Customer{}, nil, false
	}
	var g *grant
	if token {
		g = s.issue(now)
	}
	return *c, g, true
}

// update applies change to the customer id names and moves its
// last_updated to now.
func (s *store) update(id string, now time.Time, change func(*Customer)) (Customer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.lookup(id)
	if c == nil {
		return Customer{}, false
	}
	change(c)
	c.LastUpdated = stamp(now)
	return *c, true
}

// seedCustomer stores c as given, filling an empty ID and zero timestamps.
func (s *store) seedCustomer(c Customer, now time.Time) (Customer, error) {
	if c.ObjectReferenceID == "" {
		return Customer{}, errors.New("empty ObjectReferenceID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byRef[c.ObjectReferenceID] != nil {
		return Customer{}, errExists
	}
	if len(s.customers) >= s.limits.Customers {
		return Customer{}, customersLimit(s.limits.Customers)
	}
	if c.ID == "" {
		c.ID = s.newID()
	} else if s.byID[c.ID] != nil {
		return Customer{}, errors.New("id already exists")
	}
	if c.DateCreated.IsZero() {
		c.DateCreated = now
	}
	if c.LastUpdated.IsZero() {
		c.LastUpdated = c.DateCreated
	}
	c.DateCreated, c.LastUpdated = stamp(c.DateCreated), stamp(c.LastUpdated)
	s.insert(&c)
	return c, nil
}

// all returns a copy of every customer, in creation order.
func (s *store) all() []Customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Customer, len(s.customers))
	for i, c := range s.customers {
		out[i] = *c
	}
	return out
}

// find returns a copy of the customer id names.
func (s *store) find(id string) (Customer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.lookup(id); c != nil {
		return *c, true
	}
	return Customer{}, false
}

// tokenValid reports whether tok is a client auth token held and expiring
// after now.
func (s *store) tokenValid(tok string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.live.valid(tok, now)
	return t != nil && t.card == nil
}

// seedCard saves c for the customer customerID names, filling an empty
// token, reference and fingerprint. When fresh, its token is valid for
// TokenTTL from now.
func (s *store) seedCard(customerID string, c Card, now time.Time) (Card, error) {
	if err := checkObject(c.Metadata); err != nil {
		return Card{}, errors.New("bad Metadata: " + err.Error())
	}
	c = cloneCard(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	owner := s.lookup(customerID)
	if owner == nil {
		return Card{}, errors.New("no customer " + customerID)
	}
	if c.Token != "" && s.tokenTaken(c.Token) {
		return Card{}, errors.New("card token already exists")
	}
	if len(s.cards[owner.ID]) >= s.limits.CardsPerCustomer {
		return Card{}, cardsLimit(s.limits.CardsPerCustomer)
	}
	if c.Token == "" {
		c.Token = s.newToken(newCardToken)
	}
	if c.Reference == "" {
		c.Reference = newCardReference()
	}
	if c.Fingerprint == "" {
		c.Fingerprint = newCardFingerprint()
	}
	if t := c.NetworkToken; t != nil {
		if t.CardReference == "" {
			t.CardReference = c.Reference
		}
		if t.CardFingerprint == "" {
			t.CardFingerprint = c.Fingerprint
		}
	}
	sc := &savedCard{card: c, owner: owner.ID}
	s.cards[owner.ID] = append(s.cards[owner.ID], sc)
	s.holdCardToken(sc, c.Token, now)
	return cloneCard(c), nil
}

// holdCardToken makes tok delete sc: until the card is deleted, or when
// fresh until TokenTTL from now. s.mu must be held.
func (s *store) holdCardToken(sc *savedCard, tok string, now time.Time) {
	sc.card.Token = tok
	if !s.fresh {
		s.cardTokens[tok] = sc
		return
	}
	if sc.tokens == nil {
		sc.tokens = map[string]*liveToken{}
	}
	s.live.add(tok, stamp(now).Add(TokenTTL), now, sc)
}

// cardsOf returns copies of the cards of the customer id names, in the
// order added; none when there is no such customer. With issue and when
// fresh, each card first gets a new token, as List Cards gives.
func (s *store) cardsOf(id string, issue bool, now time.Time) []Card {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.lookup(id)
	if c == nil {
		return nil
	}
	out := make([]Card, len(s.cards[c.ID]))
	for i, sc := range s.cards[c.ID] {
		if issue && s.fresh {
			s.holdCardToken(sc, s.newToken(newCardToken), now)
		}
		out[i] = cloneCard(sc.card)
	}
	return out
}

// deleteCard removes the card tok deletes, with every token it has, and
// returns it with tok as its Token.
func (s *store) deleteCard(tok string, now time.Time) (Card, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.cardTokens[tok]
	if t := s.live.valid(tok, now); s.fresh && t != nil {
		sc = t.card
	}
	if sc == nil {
		return Card{}, false
	}
	delete(s.cardTokens, sc.card.Token)
	for _, t := range sc.tokens {
		s.live.drop(t)
	}
	cards := s.cards[sc.owner]
	i := slices.Index(cards, sc)
	s.cards[sc.owner] = slices.Delete(cards, i, i+1)
	gone := sc.card
	gone.Token = tok
	return gone, true
}

// seedWallet saves w for the customer customerID names, filling an empty
// id, and an empty token on a linked wallet.
func (s *store) seedWallet(customerID string, w Wallet) (Wallet, error) {
	if err := checkObject(w.Metadata); err != nil {
		return Wallet{}, errors.New("bad Metadata: " + err.Error())
	}
	if err := checkNumber(w.CurrentBalance); err != nil {
		return Wallet{}, errors.New("bad CurrentBalance: " + err.Error())
	}
	for _, d := range w.SubDetails {
		if err := checkNumber(d.CurrentBalance); err != nil {
			return Wallet{}, errors.New("bad SubDetails CurrentBalance: " + err.Error())
		}
	}
	w = cloneWallet(w)
	s.mu.Lock()
	defer s.mu.Unlock()
	owner := s.lookup(customerID)
	if owner == nil {
		return Wallet{}, errors.New("no customer " + customerID)
	}
	if w.ID != "" && s.walletIDs[w.ID] {
		return Wallet{}, errors.New("wallet id already exists")
	}
	if len(s.wallets[owner.ID]) >= s.limits.WalletsPerCustomer {
		return Wallet{}, walletsLimit(s.limits.WalletsPerCustomer)
	}
	for w.ID == "" || s.walletIDs[w.ID] {
		w.ID = newWalletID()
	}
	if w.Linked && w.Token == "" {
		w.Token = newWalletToken()
	}
	w.LastRefreshed = stamp(w.LastRefreshed)
	for i := range w.SubDetails {
		w.SubDetails[i].LastRefreshed = stamp(w.SubDetails[i].LastRefreshed)
	}
	s.walletIDs[w.ID] = true
	s.wallets[owner.ID] = append(s.wallets[owner.ID], &w)
	return cloneWallet(w), nil
}

// setBalance notes the balance the next refresh reads for the wallet
// walletID of the customer customerID names.
func (s *store) setBalance(customerID, walletID string, balance juspay.Decimal) error {
	if err := checkNumber(balance); err != nil {
		return errors.New("bad balance: " + err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.lookup(customerID)
	if c == nil {
		return errors.New("no customer " + customerID)
	}
	if !slices.ContainsFunc(s.wallets[c.ID], func(w *Wallet) bool { return w.ID == walletID }) {
		return errors.New("the customer has no wallet " + walletID)
	}
	s.balances[walletID] = balance
	return nil
}

// walletsOf returns copies of the wallets of the customer id names; ok is
// false when there is no such customer. With refresh, each linked wallet
// first reads its balance, as the provider would: the one setBalance noted,
// if any, and last_refreshed (the wallet's and its sub-details') moves to
// now.
func (s *store) walletsOf(id string, refresh bool, now time.Time) (out []Wallet, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.lookup(id)
	if c == nil {
		return nil, false
	}
	for _, w := range s.wallets[c.ID] {
		if !refresh || !w.Linked {
			continue
		}
		if b, set := s.balances[w.ID]; set {
			w.CurrentBalance = b
			delete(s.balances, w.ID)
		}
		w.LastRefreshed = stamp(now)
		for i := range w.SubDetails {
			w.SubDetails[i].LastRefreshed = stamp(now)
		}
	}
	out = make([]Wallet, len(s.wallets[c.ID]))
	for i, w := range s.wallets[c.ID] {
		out[i] = cloneWallet(*w)
	}
	return out, true
}

// checkObject accepts empty metadata or a JSON object.
func checkObject(raw json.RawMessage) error {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return nil
	}
	if t[0] != '{' || !json.Valid(t) {
		return errors.New("not a JSON object")
	}
	return nil
}

// checkNumber accepts an empty balance (null) or a JSON number's text.
func checkNumber(n juspay.Decimal) error {
	s := string(n)
	if s == "" {
		return nil
	}
	if s != strings.TrimSpace(s) || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') || !json.Valid([]byte(s)) {
		return errors.New("not a JSON number: " + s)
	}
	return nil
}

func cloneCard(c Card) Card {
	c.Metadata = bytes.Clone(c.Metadata)
	if c.NetworkToken != nil {
		t := *c.NetworkToken
		t.CVVLessSupportedGateways = slices.Clone(t.CVVLessSupportedGateways)
		c.NetworkToken = &t
	}
	return c
}

func cloneWallet(w Wallet) Wallet {
	w.Metadata = bytes.Clone(w.Metadata)
	w.SubDetails = slices.Clone(w.SubDetails)
	return w
}
