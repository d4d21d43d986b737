package juspay_test

// DeleteCard by CardReference: the card is found in its customer's fresh
// list, so the deletion works whether Juspay keeps card tokens or issues
// new ones on every list.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestDeleteCardByReference(t *testing.T) {
	t.Parallel()
	fake, c, mine, theirs := twoHolders(t)
	ctx := context.Background()
	myRef, theirRef := fake.Cards("holder_0001")[0].Reference, fake.Cards("holder_0002")[0].Reference

	got, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: theirRef, CustomerID: "holder_0001"})
	require.ErrorIs(t, err, juspay.ErrNotFound, "another customer's card")
	assert.Nil(t, got)
	assert.Contains(t, err.Error(), "no saved card with that card_reference; nothing was deleted")
	assert.NotContains(t, err.Error(), theirRef)
	assert.Empty(t, fake.RequestsTo(juspaytest.RouteDeleteCard), "nothing was deleted")
	assert.Equal(t, []string{theirs}, tokens(t, c, "holder_0002"))

	fake.ResetRequests()
	got, err = c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: myRef, CustomerID: "holder_0001"})
	require.NoError(t, err)
	assert.Equal(t, &juspay.DeletedCard{CardToken: mine, CardReference: myRef, Deleted: true, LastResponse: got.LastResponse}, got)
	deletes := fake.RequestsTo(juspaytest.RouteDeleteCard)
	require.Len(t, deletes, 1)
	assert.Equal(t, mine, deletes[0].Form.Get("card_token"), "deleted by the token the list gave")
	assert.Equal(t, "holder_0001", deletes[0].Header.Get("X-Routing-Id"))
	assert.Empty(t, tokens(t, c, "holder_0001"))
	assert.Equal(t, []string{theirs}, tokens(t, c, "holder_0002"), "the other customer's card stays")
}

func TestDeleteCardByReferenceLostAnswer(t *testing.T) {
	t.Parallel()
	fake, c, mine, _ := twoHolders(t)
	ref := fake.Cards("holder_0001")[0].Reference
	fake.LoseAnswerNext(juspaytest.RouteDeleteCard, 1)

	got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardReference: ref, CustomerID: "holder_0001"})
	require.NoError(t, err)
	assert.Equal(t, &juspay.DeletedCard{CardToken: mine, CardReference: ref, Deleted: true, LastResponse: got.LastResponse}, got)
	assert.Len(t, fake.RequestsTo(juspaytest.RouteDeleteCard), 2)
	assert.Len(t, fake.RequestsTo(juspaytest.RouteListCards), 2, "the lost answer was confirmed by a second list")
}

func TestDeleteCardRequestRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		req   juspay.DeleteCardRequest
		field string
	}{
		{"neither", juspay.DeleteCardRequest{CustomerID: "holder_0001"}, "card_token"},
		{"both", juspay.DeleteCardRequest{CardToken: "tkn_1", CardReference: "ref_1", CustomerID: "holder_0001"}, "card_reference"},
		{"reference without customer", juspay.DeleteCardRequest{CardReference: "ref_1"}, "customer_id"},
		{"reference with a control character", juspay.DeleteCardRequest{CardReference: "ref\n1", CustomerID: "holder_0001"}, "card_reference"},
		{"reference too long", juspay.DeleteCardRequest{CardReference: strings.Repeat("r", 257), CustomerID: "holder_0001"}, "card_reference"},
		{"customer id a proxy could decode", juspay.DeleteCardRequest{CardReference: "ref_1", CustomerID: "a/../holder_0002"}, "customer_id"},
		{"routing id with a control character", juspay.DeleteCardRequest{CardReference: "ref_1", CustomerID: "holder_0001", RoutingID: "a\rb"}, "x-routing-id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake, c := newFake(t)
			req := tc.req
			got, err := c.DeleteCard(context.Background(), &req)
			validationError(t, err, tc.field)
			assert.Nil(t, got)
			assert.Empty(t, fake.Requests(), "nothing sent")
		})
	}
}

// freshTokens is a server that issues new card tokens on every list, as
// Juspay may: earlier tokens stay valid, and a deletion by any of a card's
// tokens deletes it.
type freshTokens struct {
	mu     sync.Mutex
	cards  map[string]bool   // references of the cards held
	tokens map[string]string // every token issued, to its card's reference
	n      int
}

func (f *freshTokens) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case "/cards":
		type card struct {
			Token     string `json:"card_token"`
			Reference string `json:"card_reference"`
		}
		out := struct {
			CustomerID string `json:"customer_id"`
			Cards      []card `json:"cards"`
		}{CustomerID: r.URL.Query().Get("customer_id"), Cards: []card{}}
		for ref := range f.cards {
			f.n++
			tok := fmt.Sprintf("tkn_fresh%04d", f.n)
			f.tokens[tok] = ref
			out.Cards = append(out.Cards, card{tok, ref})
		}
		b, _ := json.Marshal(out)
		write(w, http.StatusOK, string(b))
	case "/card/delete":
		_ = r.ParseForm()
		tok := r.PostForm.Get("card_token")
		ref, ok := f.tokens[tok]
		if !ok || !f.cards[ref] {
			write(w, http.StatusBadRequest, `{"status":"invalid_request_error","error_code":"object_not_found"}`)
			return
		}
		delete(f.cards, ref)
		write(w, http.StatusOK, `{"card_token":"`+tok+`","card_reference":"`+ref+`","deleted":true}`)
	default:
		write(w, http.StatusNotImplemented, `{}`)
	}
}

func TestDeleteCardWithFreshTokens(t *testing.T) {
	t.Parallel()
	f := &freshTokens{cards: map[string]bool{"ref_a": true, "ref_b": true}, tokens: map[string]string{}}
	_, c := newServer(t, f.serve)
	ctx := context.Background()

	list, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "holder_0001"})
	require.NoError(t, err)
	require.Len(t, list.Cards, 2)
	byToken := list.Cards[0]

	// A token from an earlier list is not in the fresh one: refused, and
	// the error says what to do instead.
	_, err = c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: byToken.Token, CustomerID: "holder_0001"})
	require.ErrorIs(t, err, juspay.ErrNotFound)
	assert.Contains(t, err.Error(), "delete by CardReference")
	f.mu.Lock()
	assert.Len(t, f.cards, 2, "nothing was deleted")
	f.mu.Unlock()

	// By reference, every card is deleted.
	for _, card := range list.Cards {
		got, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: "holder_0001"})
		require.NoError(t, err, card.Reference)
		assert.Equal(t, card.Reference, got.CardReference)
		assert.NotEqual(t, card.Token, got.CardToken, "deleted by the fresh list's token")
	}
	f.mu.Lock()
	assert.Empty(t, f.cards)
	f.mu.Unlock()
}

func TestDeleteCardRequestPrinting(t *testing.T) {
	t.Parallel()
	req := juspay.DeleteCardRequest{CardToken: "tkn_secretcard0001", CardReference: "token_41495", CustomerID: "person@example.com", RoutingID: "9988776655"}
	for _, s := range []string{fmt.Sprint(req), fmt.Sprintf("%+v", &req), fmt.Sprintf("%#v", req)} {
		assert.Contains(t, s, "CardReference:token_41495", "a reference is no secret")
		for _, secret := range []string{"secretcard", "person@example.com", "9988776655"} {
			assert.NotContains(t, s, secret)
		}
	}
}

// TestDeleteCardByReferenceWithJuspaytestsFreshTokens: against juspaytest
// issuing new tokens on every list, a deletion by reference deletes the
// card, and one by a token from an earlier list is refused, saying to
// delete by reference.
func TestDeleteCardByReferenceWithJuspaytestsFreshTokens(t *testing.T) {
	t.Parallel()
	s := juspaytest.NewServer(juspaytest.WithFreshCardTokens())
	t.Cleanup(s.Close)
	c := s.Client(fastRetries())
	ctx := context.Background()
	_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "holder_0001"})
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		_, err = s.AddCard("holder_0001", juspaytest.Card{Brand: "VISA"})
		require.NoError(t, err)
	}
	list, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "holder_0001"})
	require.NoError(t, err)
	require.Len(t, list.Cards, 2)

	_, err = c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: list.Cards[0].Token, CustomerID: "holder_0001"})
	require.ErrorIs(t, err, juspay.ErrNotFound)
	assert.Contains(t, err.Error(), "delete by CardReference")
	assert.Empty(t, s.RequestsTo(juspaytest.RouteDeleteCard), "nothing was deleted")

	for _, card := range list.Cards {
		got, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: "holder_0001"})
		require.NoError(t, err)
		assert.Equal(t, card.Reference, got.CardReference)
	}
	assert.Empty(t, s.Cards("holder_0001"))
}
