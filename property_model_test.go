package juspay_test

// The model of the property tests: what Juspay holds, kept beside the fake
// as plainly as it can be, and the checks that compare the two and that
// look for secrets in what the client wrote.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// propModel is what Juspay holds: the customers in creation order, each
// with its saved cards and wallets.
type propModel struct {
	customers []*modelCustomer
	// fresh: every list issues new card tokens (WithFreshCardTokens).
	fresh bool
	// balances are the balances the next refresh of a linked wallet reads
	// (SetWalletBalance), by wallet id.
	balances map[string]juspay.Decimal
	// secrets are every id, reference, e-mail, mobile number and token the
	// run has used or seen: none may be in an error's text or the log.
	secrets map[string]bool
}

type modelCustomer struct {
	juspaytest.Customer
	cards   []*modelCard
	wallets []juspaytest.Wallet
}

// modelCard is a saved card; Token is the one it was last listed or seeded
// with.
type modelCard struct {
	juspaytest.Card
	// tokens are the tokens known to delete the card, oldest first, and
	// expiry when each stops doing so: the zero time is never (without
	// fresh tokens).
	tokens []string
	expiry map[string]time.Time
}

// hold notes tok as the card's newest token, valid until expiry.
func (c *modelCard) hold(tok string, expiry time.Time) {
	c.Token = tok
	c.tokens = append(c.tokens, tok)
	c.expiry[tok] = expiry
}

func newPropModel(fresh bool) *propModel {
	return &propModel{fresh: fresh, balances: map[string]juspay.Decimal{}, secrets: map[string]bool{}}
}

// secret adds values to the secrets; empty ones and those too short to be
// told from other text (under 8 bytes) are left out.
func (m *propModel) secret(values ...string) {
	for _, v := range values {
		if len(v) >= 8 {
			m.secrets[v] = true
		}
	}
}

// lookup finds a customer as Juspay does: by its id, else by its
// object_reference_id.
func (m *propModel) lookup(id string) *modelCustomer {
	for _, c := range m.customers {
		if c.ID == id {
			return c
		}
	}
	return m.byRef(id)
}

func (m *propModel) byRef(ref string) *modelCustomer {
	for _, c := range m.customers {
		if c.ObjectReferenceID == ref {
			return c
		}
	}
	return nil
}

// add stores a customer as the fake holds it.
func (m *propModel) add(c juspaytest.Customer) *modelCustomer {
	mc := &modelCustomer{Customer: c}
	m.customers = append(m.customers, mc)
	m.secret(c.ID, c.ObjectReferenceID, c.EmailAddress, c.MobileNumber)
	return mc
}

// addCard saves a card as AddCard returned it, at now.
func (mc *modelCustomer) addCard(m *propModel, c juspaytest.Card, now time.Time) {
	card := &modelCard{Card: c, expiry: map[string]time.Time{}}
	card.hold(c.Token, m.tokenExpiry(now))
	mc.cards = append(mc.cards, card)
	m.secret(c.Token)
}

// tokenExpiry is when a card token issued at now stops deleting its card.
func (m *propModel) tokenExpiry(now time.Time) time.Time {
	if !m.fresh {
		return time.Time{}
	}
	return now.UTC().Truncate(time.Second).Add(juspaytest.TokenTTL)
}

// cardOf returns the card tok deletes at now, and its holder.
func (m *propModel) cardOf(tok string, now time.Time) (*modelCustomer, *modelCard) {
	for _, c := range m.customers {
		for _, card := range c.cards {
			if expiry, ok := card.expiry[tok]; ok && (expiry.IsZero() || now.Before(expiry)) {
				return c, card
			}
		}
	}
	return nil, nil
}

// holderOf returns the customer who holds card, nil when it is gone.
func (m *propModel) holderOf(card *modelCard) *modelCustomer {
	for _, c := range m.customers {
		if slices.Contains(c.cards, card) {
			return c
		}
	}
	return nil
}

// remove deletes card from its holder.
func (m *propModel) remove(card *modelCard) {
	if c := m.holderOf(card); c != nil {
		c.cards = slices.DeleteFunc(c.cards, func(x *modelCard) bool { return x == card })
	}
}

// anyCard returns every card, in order of holder and saving.
func (m *propModel) anyCard() []*modelCard {
	var out []*modelCard
	for _, c := range m.customers {
		out = append(out, c.cards...)
	}
	return out
}

// checkFake requires the fake to hold what the model does. Card tokens
// issued by a list (with fresh tokens) are taken from the fake, at now.
func (m *propModel) checkFake(t require.TestingT, fake *juspaytest.Server, now time.Time) {
	got := fake.Customers()
	want := make([]juspaytest.Customer, len(m.customers))
	refs := map[string]bool{}
	for i, c := range m.customers {
		want[i] = c.Customer
	}
	for _, c := range got {
		require.False(t, refs[c.ObjectReferenceID], "a second customer for a reference")
		refs[c.ObjectReferenceID] = true
	}
	require.Equal(t, want, got, "the customers")
	for _, c := range m.customers {
		cards := fake.Cards(c.ID)
		require.Len(t, cards, len(c.cards), "the cards of %s", c.ID)
		for i, card := range c.cards {
			fakeCard := cards[i]
			if m.fresh && fakeCard.Token != card.Token {
				_, known := card.expiry[fakeCard.Token]
				require.False(t, known, "a card shows a token it had before")
				card.hold(fakeCard.Token, m.tokenExpiry(now))
				m.secret(card.Token)
			}
			require.Equal(t, card.Card, fakeCard, "card %d of %s", i, c.ID)
		}
		if wallets := fake.Wallets(c.ID); len(wallets)+len(c.wallets) > 0 {
			require.Equal(t, c.wallets, wallets, "the wallets of %s", c.ID)
		}
	}
}

// checkNoSecret requires text to hold no secret, as it is or escaped for a
// URL's path or query or for JSON.
func (m *propModel) checkNoSecret(t require.TestingT, text, what string) {
	for s := range m.secrets {
		quoted, _ := json.Marshal(s)
		for _, form := range []string{s, url.PathEscape(s), url.QueryEscape(s), string(quoted[1 : len(quoted)-1])} {
			if strings.Contains(text, form) {
				require.Failf(t, "a secret is out", "%s holds %q: %s", what, form, text)
			}
		}
	}
}

// checkErrorText requires an error's text, and its %+v, to hold no secret
// and to be one line.
func (m *propModel) checkErrorText(t require.TestingT, err error) {
	if err == nil {
		return
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err)} {
		require.NotContains(t, text, "\n", "an error's text is not one line")
		m.checkNoSecret(t, text, "an error")
	}
}

// checkCustomer requires got, what a call returned, to be want as the fake
// holds it, with Juspay's JSON read back.
func checkCustomer(t require.TestingT, want juspaytest.Customer, got *juspay.Customer) {
	require.NotNil(t, got)
	require.Equal(t, want, juspaytest.Customer{
		ID: got.ID, ObjectReferenceID: got.ObjectReferenceID, MobileCountryCode: got.MobileCountryCode,
		MobileNumber: got.MobileNumber, EmailAddress: got.EmailAddress, FirstName: got.FirstName,
		LastName: got.LastName, DateCreated: got.DateCreated, LastUpdated: got.LastUpdated,
	}, "the customer returned")
	require.Equal(t, "customer", got.Object)
}

// checkNamed requires a customer returned for id to be the one id names:
// Juspay's id when it has the shape of one, else the reference.
func checkNamed(t require.TestingT, id string, got *juspay.Customer) {
	if strings.HasPrefix(id, "cst_") || strings.HasPrefix(id, "cth_") {
		require.Equal(t, id, got.ID, "the customer returned is another than the one named")
		return
	}
	require.Equal(t, id, got.ObjectReferenceID, "the customer returned is another than the one named")
}

// sentMatches reports whether stored holds every field req sends, as
// CreateCustomer's doc compares them: a '+' on the mobile number or
// country code aside, and e-mail addresses without regard to case.
func sentMatches(req *juspay.CreateCustomerRequest, stored juspaytest.Customer) bool {
	plain := func(s string) string { return strings.TrimPrefix(s, "+") }
	same := func(sent, got string) bool { return sent == "" || sent == got }
	return stored.ObjectReferenceID == req.ObjectReferenceID &&
		plain(stored.MobileNumber) == plain(req.MobileNumber) &&
		same(plain(req.MobileCountryCode), plain(stored.MobileCountryCode)) &&
		(req.EmailAddress == "" || strings.EqualFold(req.EmailAddress, stored.EmailAddress)) &&
		same(req.FirstName, stored.FirstName) && same(req.LastName, stored.LastName)
}

// created is the customer the fake makes of req at now, its id aside.
func created(req *juspay.CreateCustomerRequest, now time.Time) juspaytest.Customer {
	at := now.UTC().Truncate(time.Second)
	return juspaytest.Customer{
		ObjectReferenceID: req.ObjectReferenceID, MobileNumber: req.MobileNumber,
		MobileCountryCode: strings.TrimPrefix(req.MobileCountryCode, "+"), EmailAddress: req.EmailAddress,
		FirstName: req.FirstName, LastName: req.LastName, DateCreated: at, LastUpdated: at,
	}
}

// updated is c after req at now.
func updated(c juspaytest.Customer, req *juspay.UpdateCustomerRequest, now time.Time) juspaytest.Customer {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&c.MobileNumber, req.MobileNumber)
	set(&c.MobileCountryCode, strings.TrimPrefix(req.MobileCountryCode, "+"))
	set(&c.EmailAddress, req.EmailAddress)
	set(&c.FirstName, req.FirstName)
	set(&c.LastName, req.LastName)
	c.LastUpdated = now.UTC().Truncate(time.Second)
	return c
}

// refreshed is ws after a refresh at now, reading balances.
func refreshed(ws []juspaytest.Wallet, balances map[string]juspay.Decimal, now time.Time) []juspaytest.Wallet {
	out := slices.Clone(ws)
	at := now.UTC().Truncate(time.Second)
	for i, w := range out {
		if !w.Linked {
			continue
		}
		if b, ok := balances[w.ID]; ok {
			w.CurrentBalance = b
		}
		w.LastRefreshed = at
		w.SubDetails = slices.Clone(w.SubDetails)
		for k := range w.SubDetails {
			w.SubDetails[k].LastRefreshed = at
		}
		out[i] = w
	}
	return out
}

// checkCards requires the cards a list returned to be the customer's, as
// the fake now holds them.
func checkCards(t require.TestingT, want []juspaytest.Card, got []juspay.Card) {
	require.Len(t, got, len(want), "the cards listed")
	for i, w := range want {
		g := got[i]
		require.Equal(t, []string{w.Token, w.Reference, w.Number, w.Brand, w.Fingerprint},
			[]string{g.Token, g.Reference, g.Number, g.Brand, g.Fingerprint}, "card %d listed", i)
	}
}

// checkWallets requires the wallets a list returned to be want.
func checkWallets(t require.TestingT, want []juspaytest.Wallet, got []juspay.Wallet) {
	require.Len(t, got, len(want), "the wallets listed")
	for i, w := range want {
		g := got[i]
		require.Equal(t, []any{w.ID, w.Name, w.Token, w.Linked, w.CurrentBalance},
			[]any{g.ID, g.Name, g.Token, g.Linked, g.CurrentBalance}, "wallet %d listed", i)
		require.True(t, w.LastRefreshed.Equal(g.LastRefreshed), "wallet %d refreshed at %v, not %v", i, g.LastRefreshed, w.LastRefreshed)
	}
}
