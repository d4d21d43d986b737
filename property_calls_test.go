package juspay_test

// The calls of the property tests (property_test.go), each a step: the
// call, under the step's faults and context, and the promises its doc makes
// about what it returns and what Juspay then holds. Where a fault leaves the
// outcome open (a request served whose answer was lost), the model takes
// what the fake holds, once it is one of the outcomes the doc allows.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// fakeByRef returns the customer the fake holds under ref; there is at most
// one.
func (p *propRun) fakeByRef(t *rapid.T, ref string) *juspaytest.Customer {
	var out *juspaytest.Customer
	for _, c := range p.h.fake.Customers() {
		if c.ObjectReferenceID == ref {
			require.Nil(t, out, "a second customer for a reference")
			out = &c
		}
	}
	return out
}

// requireCreated requires got, a customer the fake holds, to be want made
// with a new id.
func (p *propRun) requireCreated(t *rapid.T, want, got juspaytest.Customer) {
	require.NotEmpty(t, got.ID)
	require.Nil(t, p.m.lookup(got.ID), "a new customer has an id taken")
	want.ID = got.ID
	require.Equal(t, want, got, "the customer created")
}

// checkToken requires a client auth token exactly when one was asked for,
// valid at the fake's clock, its expiry TokenTTL after now.
func (p *propRun) checkToken(t *rapid.T, asked bool, now time.Time, auth *juspay.ClientAuth) {
	if !asked {
		require.Nil(t, auth, "a token that was not asked for")
		return
	}
	require.NotNil(t, auth, "no token")
	p.m.secret(auth.Token)
	require.True(t, p.h.fake.TokenValid(auth.Token), "the token is not valid at the fake's clock")
	require.True(t, auth.Expiry.Equal(now.UTC().Truncate(time.Second).Add(juspaytest.TokenTTL)), "expiry %v", auth.Expiry)
	require.False(t, auth.Expired(p.h.fake.Now()))
}

// maybeTokenless sometimes makes the fake answer the next get with c as it
// is but without a client auth token, as a cache in front of Juspay might:
// a call that asked for one must then fail.
func (p *propRun) maybeTokenless(t *rapid.T, st *step, c *modelCustomer) {
	if c == nil || rapid.IntRange(0, 5).Draw(t, "answer without token") != 0 {
		return
	}
	body, err := c.MarshalJSON()
	require.NoError(t, err)
	st.inject(p.h, juspaytest.RouteGet, 1, juspaytest.Fault{Status: http.StatusOK, Body: string(body)})
}

// someoneCreates makes someone else create a customer under ref, with one
// of its profiles or another, just before the step's first create reaches
// the fake. It returns that request.
func (p *propRun) someoneCreates(t *rapid.T, st *step, ref string) *juspay.CreateCustomerRequest {
	pr := drawProfile(t, "their profile")
	if rapid.Bool().Draw(t, "theirs is one of ours") {
		pr = rapid.SampledFrom(p.profiles[ref]).Draw(t, "their profile")
	}
	p.m.secret(pr.mobile, pr.email)
	theirs := &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: pr.mobile,
		MobileCountryCode: pr.countryCode, EmailAddress: pr.email, FirstName: pr.first, LastName: pr.last}
	p.h.beforeNext(juspaytest.RouteCreate, func() {
		st.meddled.Store(true)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = p.h.other.CreateCustomer(ctx, theirs) // what it made is read from the fake
	})
	return theirs
}

// createOutcome checks what the fake holds under req's reference after a
// create or get-or-create that did not fail locally, and adds a customer
// made by the step to the model. pre is the customer held before; theirs is
// the request of someone else who created it during the step, if they did.
// It returns the customer held before the step's create (pre, or
// theirs).
func (p *propRun) createOutcome(t *rapid.T, st *step, req, theirs *juspay.CreateCustomerRequest, pre *modelCustomer) *juspaytest.Customer {
	post := p.fakeByRef(t, req.ObjectReferenceID)
	switch {
	case pre != nil:
		require.NotNil(t, post, "a create took away the customer it met")
		require.Equal(t, pre.Customer, *post, "a create changed the customer it met")
		return &pre.Customer
	case st.meddled.Load():
		require.NotNil(t, post, "someone else's customer is gone")
		p.requireCreated(t, created(theirs, st.now), *post)
		p.m.add(*post)
		return post
	case post != nil:
		p.requireCreated(t, created(req, st.now), *post)
		p.m.add(*post)
	}
	return nil
}

func (p *propRun) create(t *rapid.T) {
	req, refused := p.drawCreate(t)
	ref := req.ObjectReferenceID
	pre := p.m.byRef(ref)
	st := p.begin(t, ref, juspaytest.RouteCreate, juspaytest.RouteGet)
	p.maybeTokenless(t, st, pre)
	var theirs *juspay.CreateCustomerRequest
	if pre == nil && refused == "" && st.mode == ctxLive && rapid.IntRange(0, 5).Draw(t, "someone else creates") == 0 {
		theirs = p.someoneCreates(t, st, ref)
	}
	cust, err := p.c.CreateCustomer(st.ctx, req)
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	existing := p.createOutcome(t, st, req, theirs, pre)
	post := p.fakeByRef(t, ref)
	landed := st.mayHaveLanded(juspaytest.RouteCreate)
	if err == nil {
		require.NotNil(t, post, "a create returned a customer the fake does not hold")
		checkCustomer(t, *post, cust)
		require.Equal(t, ref, cust.ObjectReferenceID)
		require.True(t, sentMatches(req, *post), "a create returned a customer that differs from the request")
		require.True(t, existing == nil || landed,
			"a create returned a customer that existed before it, though no attempt of it may have landed")
		p.checkToken(t, req.GetClientAuthToken, st.now, cust.ClientAuth)
	}
	if juspay.IsAlreadyExists(err) {
		require.NotNil(t, existing, "a spurious already exists: the customer is this call's")
		require.False(t, landed && sentMatches(req, *existing),
			"already exists, though an earlier attempt may have landed and the customer is the one asked for")
	}
	switch {
	case !st.settled:
	case existing == nil || landed && sentMatches(req, *existing):
		require.NoError(t, err)
	default:
		require.True(t, juspay.IsAlreadyExists(err), "a duplicate is not ErrAlreadyExists: %v", err)
	}
	p.m.checkErrorText(t, err)
}

func (p *propRun) getOrCreate(t *rapid.T) {
	req, refused := p.drawCreate(t)
	ref := req.ObjectReferenceID
	pre := p.m.byRef(ref)
	st := p.begin(t, ref, juspaytest.RouteGet, juspaytest.RouteCreate)
	p.maybeTokenless(t, st, pre)
	var theirs *juspay.CreateCustomerRequest
	if pre == nil && refused == "" && st.mode == ctxLive && rapid.IntRange(0, 5).Draw(t, "someone else creates") == 0 {
		theirs = p.someoneCreates(t, st, ref)
	}
	cust, err := p.c.GetOrCreateCustomer(st.ctx, req)
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	p.createOutcome(t, st, req, theirs, pre)
	require.False(t, juspay.IsAlreadyExists(err), "GetOrCreateCustomer returned already exists")
	if err == nil {
		post := p.fakeByRef(t, ref)
		require.NotNil(t, post, "GetOrCreateCustomer returned a customer the fake does not hold")
		checkCustomer(t, *post, cust)
		require.Equal(t, ref, cust.ObjectReferenceID)
		p.checkToken(t, req.GetClientAuthToken, st.now, cust.ClientAuth)
	}
	if st.settled {
		require.NoError(t, err)
	}
	p.m.checkErrorText(t, err)
}

// lookupOutcome checks the error of a lookup of id that did not fail
// locally: not found exactly when there is no such customer (an answer
// always tells when the step is settled), and returns the customer.
func (p *propRun) lookupOutcome(t *rapid.T, st *step, id string, err error) *modelCustomer {
	target := p.m.lookup(id)
	if juspay.IsNotFound(err) {
		require.Nil(t, target, "not found, but the customer exists")
	}
	if st.settled && target != nil {
		require.NoError(t, err)
	}
	if st.settled && target == nil {
		require.True(t, juspay.IsNotFound(err), "an unknown customer is not ErrNotFound: %v", err)
	}
	p.m.checkErrorText(t, err)
	return target
}

func (p *propRun) get(t *rapid.T) {
	id, refused := p.drawID(t, "customer_id")
	token := rapid.Bool().Draw(t, "token")
	st := p.begin(t, id, juspaytest.RouteGet)
	p.maybeTokenless(t, st, p.m.lookup(id))
	cust, err := p.c.GetCustomer(st.ctx, &juspay.GetCustomerRequest{CustomerID: id, GetClientAuthToken: token})
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	if err == nil {
		p.checkToken(t, token, st.now, cust.ClientAuth)
	}
	target := p.lookupOutcome(t, st, id, err)
	if err == nil {
		require.NotNil(t, target, "a customer that does not exist")
		checkCustomer(t, target.Customer, cust)
		checkNamed(t, id, cust)
	}
}

func (p *propRun) clientAuthToken(t *rapid.T) {
	id, refused := p.drawID(t, "customer_id")
	st := p.begin(t, id, juspaytest.RouteGet)
	p.maybeTokenless(t, st, p.m.lookup(id))
	auth, err := p.c.ClientAuthToken(st.ctx, &juspay.GetCustomerRequest{CustomerID: id})
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	if err == nil {
		p.checkToken(t, true, st.now, auth)
	}
	if target := p.lookupOutcome(t, st, id, err); err == nil {
		require.NotNil(t, target, "a token for a customer that does not exist")
	}
}

func (p *propRun) update(t *rapid.T) {
	id, refused := p.drawID(t, "customer_id")
	pr := drawProfile(t, "update")
	p.m.secret(pr.mobile, pr.email)
	maybe := func(label, v string) string { // a third of the fields, each
		if rapid.IntRange(0, 2).Draw(t, label) == 0 {
			return v
		}
		return ""
	}
	req := &juspay.UpdateCustomerRequest{CustomerID: id, MobileNumber: maybe("mobile?", strings.TrimPrefix(pr.mobile, "+")),
		MobileCountryCode: maybe("country code?", pr.countryCode), EmailAddress: maybe("email?", pr.email),
		FirstName: maybe("first name?", pr.first), LastName: maybe("last name?", pr.last)}
	if refused == "" && rapid.IntRange(0, 9).Draw(t, "bad email") == 0 {
		req.EmailAddress, refused = "not-an-email", "email_address"
	}
	if refused == "" && *req == (juspay.UpdateCustomerRequest{CustomerID: id}) {
		refused = "request"
	}
	st := p.begin(t, id, juspaytest.RouteUpdate)
	cust, err := p.c.UpdateCustomer(st.ctx, req)
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	target := p.lookupOutcome(t, st, id, err)
	if target == nil {
		require.Error(t, err, "an update of a customer that does not exist")
		return
	}
	want := updated(target.Customer, req, st.now)
	post, _ := p.h.fake.LookupCustomer(target.ID)
	require.Contains(t, []juspaytest.Customer{target.Customer, want}, post, "an update was applied in part, or twice differently")
	if err == nil {
		require.Equal(t, want, post, "an update returned, not applied")
		checkCustomer(t, want, cust)
		checkNamed(t, id, cust)
		p.checkResponse(t, st, juspaytest.RouteUpdate, true, cust.LastResponse)
	}
	target.Customer = post
}

// checkResponse requires r to be a 2xx answer to a request to route,
// naming its request id; with post (a POST, which net/http never resends)
// its attempts are at least the requests the fake saw (an attempt may time
// out before its request is read).
func (p *propRun) checkResponse(t *rapid.T, st *step, route juspaytest.Route, post bool, r *juspay.Response) {
	require.NotNil(t, r)
	require.Equal(t, http.StatusOK, r.StatusCode)
	var ids []string
	for _, i := range st.to(route) {
		ids = append(ids, st.reqs[i].ResponseID)
	}
	require.Contains(t, ids, r.RequestID, "the request id is no answer's")
	if post {
		require.GreaterOrEqual(t, r.Attempts, len(ids), "attempts")
	}
}

func (p *propRun) listCards(t *rapid.T) {
	id, refused := p.drawID(t, "customer_id")
	st := p.begin(t, id, juspaytest.RouteListCards)
	list, err := p.c.ListCards(st.ctx, &juspay.ListCardsRequest{CustomerID: id, CheckCVVLessSupport: rapid.Bool().Draw(t, "cvv-less")})
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	if err == nil {
		for _, card := range list.Cards {
			p.m.secret(card.Token)
		}
		require.Equal(t, id, list.CustomerID, "a list of another customer's cards")
		var want []juspaytest.Card
		if target := p.m.lookup(id); target != nil {
			want = p.h.fake.Cards(target.ID) // with the tokens this list issued
		}
		checkCards(t, want, list.Cards)
	}
	if st.settled {
		require.NoError(t, err)
	}
	p.m.checkErrorText(t, err)
}

// drawToken draws the card token of a deletion: mostly one that deletes a
// card now, else an older one of a card, a deleted card's, or one no card
// ever had. card is the card it deletes, nil for none.
func (p *propRun) drawToken(t *rapid.T, now time.Time) (tok string, card *modelCard) {
	cards := p.m.anyCard()
	switch kind := rapid.IntRange(0, 9).Draw(t, "token kind"); {
	case kind < 6 && len(cards) > 0:
		tok = pick(t, cards, "card").Token
	case kind < 8 && len(cards) > 0:
		tok = pick(t, pick(t, cards, "card").tokens, "token")
	case kind < 9 && len(p.gone) > 0:
		tok = pick(t, p.gone, "deleted card's token")
	default:
		tok = "tkn_" + rapid.StringMatching(`[0-9a-f]{32}`).Draw(t, "unknown token")
		p.m.secret(tok)
	}
	_, card = p.m.cardOf(tok, now)
	return tok, card
}

// someoneDeletes makes someone else delete card, listing its holder's
// cards for a token of it, just before the step's first deletion reaches
// the fake.
func (p *propRun) someoneDeletes(st *step, holder *modelCustomer, card *modelCard) {
	id, ref := holder.ID, card.Reference
	p.h.beforeNext(juspaytest.RouteDeleteCard, func() {
		st.meddled.Store(true)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		list, err := p.h.other.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: id})
		if err != nil {
			return // then nothing was deleted, which the fake shows
		}
		for _, c := range list.Cards {
			if c.Reference == ref {
				_, _ = p.h.other.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: c.Token})
			}
		}
	})
}

// drawReference draws the card reference of a deletion: mostly a card's,
// else a deleted card's, or one no card ever had. card is the card it
// names, nil for none.
func (p *propRun) drawReference(t *rapid.T) (ref string, card *modelCard) {
	cards := p.m.anyCard()
	switch kind := rapid.IntRange(0, 7).Draw(t, "reference kind"); {
	case kind < 6 && len(cards) > 0:
		card = pick(t, cards, "card")
		return card.Reference, card
	case kind < 7 && len(p.goneRefs) > 0:
		return pick(t, p.goneRefs, "deleted card's reference"), nil
	}
	return "token_" + rapid.StringMatching(`[0-9a-f]{32}`).Draw(t, "unknown reference"), nil
}

func (p *propRun) deleteCard(t *rapid.T) {
	req := &juspay.DeleteCardRequest{}
	var card *modelCard // the card req names, nil for none
	byReference := rapid.Bool().Draw(t, "by reference")
	if byReference {
		req.CardReference, card = p.drawReference(t)
	} else {
		req.CardToken, card = p.drawToken(t, p.h.fake.Now())
	}
	var holder *modelCustomer
	if card != nil {
		holder = p.m.holderOf(card)
	}
	var refused string
	switch rapid.IntRange(0, 3).Draw(t, "customer kind") {
	case 0: // none, which a reference needs
		if byReference {
			refused = "customer_id"
		}
	case 1, 2:
		if holder != nil {
			req.CustomerID = rapid.SampledFrom([]string{holder.ID, holder.ObjectReferenceID}).Draw(t, "holder's id")
			break
		}
		fallthrough
	case 3:
		req.CustomerID, refused = p.drawID(t, "customer_id")
	}
	if refused == "" && rapid.IntRange(0, 19).Draw(t, "token and reference") == 0 {
		req.CardToken, req.CardReference, refused = "tkn_1", "token_1", "card_reference"
	}
	named := p.m.lookup(req.CustomerID)
	// With a customer, DeleteCard deletes only a card the customer's list
	// holds: by a token, never one of fresh tokens, since the list issues
	// new ones.
	held := card != nil && (req.CustomerID == "" || named == holder && (byReference || !p.m.fresh))
	routes := []juspaytest.Route{juspaytest.RouteDeleteCard}
	if req.CustomerID != "" {
		routes = []juspaytest.Route{juspaytest.RouteListCards, juspaytest.RouteDeleteCard}
	}
	st := p.begin(t, req.CustomerID, routes...)
	if held && refused == "" && st.mode == ctxLive && rapid.IntRange(0, 5).Draw(t, "someone else deletes") == 0 {
		p.someoneDeletes(st, holder, card)
	}
	deleted, err := p.c.DeleteCard(st.ctx, req)
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	gone := card != nil && !slices.ContainsFunc(p.h.fake.Cards(holder.ID), func(c juspaytest.Card) bool {
		return c.Reference == card.Reference
	})
	if req.CustomerID != "" && !held {
		require.False(t, gone, "a card the customer does not hold was deleted")
		require.Empty(t, st.to(juspaytest.RouteDeleteCard), "a deletion was sent for a card the customer does not hold")
	}
	if err == nil {
		require.True(t, held, "a deletion reported of a card that was not the customer's, or not there")
		require.Equal(t, card.Reference, deleted.CardReference, "a deletion of another card")
		switch {
		case !byReference:
			require.Equal(t, req.CardToken, deleted.CardToken, "a deletion of another card")
		case p.m.fresh: // the token the list issued
			require.NotEmpty(t, deleted.CardToken)
			p.m.secret(deleted.CardToken)
		default:
			require.Equal(t, card.Token, deleted.CardToken, "a deletion of another card")
		}
		require.True(t, deleted.Deleted)
		require.True(t, gone, "a deletion reported, but the card is there")
		require.True(t, !st.meddled.Load() || st.mayHaveLanded(juspaytest.RouteDeleteCard),
			"a deletion reported of a card someone else deleted, though no attempt of this call may have landed")
	}
	if juspay.IsNotFound(err) && req.CustomerID != "" && held && gone {
		require.True(t, st.meddled.Load(), "not found, though this call deleted the card")
	}
	// Without a customer, a deletion whose answer was lost is not found on
	// the retry, as documented.
	lost := slices.ContainsFunc(st.faults, func(f *juspaytest.Fault) bool { return f != nil && f.AfterStore })
	settled := st.settled && !(req.CustomerID == "" && lost)
	if settled && held {
		require.NoError(t, err)
	}
	if settled && !held {
		require.True(t, juspay.IsNotFound(err), "a card not held is not ErrNotFound: %v", err)
	}
	if gone {
		p.m.remove(card)
		p.gone = append(p.gone, card.tokens...)
		p.goneRefs = append(p.goneRefs, card.Reference)
	}
	p.m.checkErrorText(t, err)
}

func (p *propRun) listWallets(t *rapid.T) {
	id, refused := p.drawID(t, "customer_id")
	refresh := rapid.Bool().Draw(t, "refresh")
	route := juspaytest.RouteListWallets
	if refresh {
		route = juspaytest.RouteRefreshWallets
	}
	st := p.begin(t, id, route)
	list, err := p.c.ListWallets(st.ctx, &juspay.ListWalletsRequest{CustomerID: id, RefreshBalances: refresh})
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	target := p.lookupOutcome(t, st, id, err)
	if target == nil {
		require.Error(t, err, "the wallets of a customer that does not exist")
		return
	}
	want := target.wallets
	if refresh {
		want = refreshed(target.wallets, p.m.balances, st.now)
	}
	post := p.h.fake.Wallets(target.ID)
	switch {
	case sameWallets(want, post):
		if refresh {
			for _, w := range target.wallets {
				if w.Linked {
					delete(p.m.balances, w.ID)
				}
			}
		}
	case err == nil:
		require.Fail(t, "wallets listed but not refreshed", "%v", post)
	default:
		require.True(t, sameWallets(target.wallets, post), "the wallets changed otherwise than by a refresh")
	}
	target.wallets = post
	if err == nil {
		checkWallets(t, want, list.Wallets)
	}
}

// sameWallets reports whether a and b are the same wallets, nil and empty
// alike.
func sameWallets(a, b []juspaytest.Wallet) bool {
	return len(a) == len(b) && (len(a) == 0 || assert.ObjectsAreEqual(a, b))
}

func (p *propRun) doGet(t *rapid.T) {
	id, refused := p.drawID(t, "id")
	st := p.beginRaw(t, id, juspaytest.RouteGet)
	var got juspay.Customer
	resp, err := p.c.Do(st.ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}", ID: id}, &got)
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	target := p.lookupOutcome(t, st, id, err)
	if err == nil {
		require.NotNil(t, target, "a customer that does not exist")
		checkCustomer(t, target.Customer, &got)
		checkNamed(t, id, &got)
		p.checkResponse(t, st, juspaytest.RouteGet, false, resp)
	}
}

func (p *propRun) doPost(t *rapid.T) {
	id, refused := p.drawID(t, "id")
	first := rapid.StringMatching(`[A-Z][a-z]{2,7}`).Draw(t, "first name")
	st := p.beginRaw(t, id, juspaytest.RouteUpdate)
	resp, err := p.c.Do(st.ctx, &juspay.RawRequest{Method: http.MethodPost, Path: "/customers/{id}", ID: id,
		Form: url.Values{"first_name": {first}}}, nil)
	p.finish(t, st, err, refused)
	if refused != "" {
		return
	}
	idx := st.to(juspaytest.RouteUpdate)
	throttledOnly := true // no attempt may have been acted on
	for k, i := range idx {
		f := st.faults[i]
		onlyThrottled := f != nil && f.Status == http.StatusTooManyRequests && !f.AfterStore
		require.True(t, onlyThrottled || k == len(idx)-1, "Do resent a POST whose attempt may have been acted on")
		throttledOnly = throttledOnly && (f == nil || onlyThrottled)
	}
	st.settled = st.settled && throttledOnly // a POST that may have been acted on is not retried
	target := p.lookupOutcome(t, st, id, err)
	if target == nil {
		require.Error(t, err, "an update of a customer that does not exist")
		return
	}
	want := updated(target.Customer, &juspay.UpdateCustomerRequest{FirstName: first}, st.now)
	post, _ := p.h.fake.LookupCustomer(target.ID)
	require.Contains(t, []juspaytest.Customer{target.Customer, want}, post, "a raw update was applied otherwise")
	if err == nil {
		require.Equal(t, want, post, "a raw update returned, not applied")
		p.checkResponse(t, st, juspaytest.RouteUpdate, true, resp)
	}
	target.Customer = post
}
