package juspay_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// twoHolders seeds two customers with a card each and returns the fake,
// a client, and the two cards' tokens.
func twoHolders(t *testing.T) (fake *juspaytest.Server, c *juspay.Client, mine, theirs string) {
	t.Helper()
	fake, c = newFake(t)
	for _, ref := range []string{"holder_0001", "holder_0002"} {
		_, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: "9988776655"})
		require.NoError(t, err)
	}
	a, err := fake.AddCard("holder_0001", juspaytest.Card{Brand: "VISA"})
	require.NoError(t, err)
	b, err := fake.AddCard("holder_0002", juspaytest.Card{Brand: "VISA"})
	require.NoError(t, err)
	return fake, c, a.Token, b.Token
}

// tokens lists the tokens of customerID's saved cards through c.
func tokens(t *testing.T, c *juspay.Client, customerID string) []string {
	t.Helper()
	list, err := c.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: customerID})
	require.NoError(t, err)
	var out []string
	for _, card := range list.Cards {
		out = append(out, card.Token)
	}
	return out
}

// TestDeleteCardOfAnotherCustomer: with CustomerID, a token the customer
// does not hold fails with ErrNotFound before anything is deleted, and the
// list and the deletion go with x-routing-id = CustomerID.
func TestDeleteCardOfAnotherCustomer(t *testing.T) {
	fake, c, mine, theirs := twoHolders(t)
	ctx := context.Background()

	got, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: theirs, CustomerID: "holder_0001"})
	require.ErrorIs(t, err, juspay.ErrNotFound)
	assert.Nil(t, got)
	re := requestError(t, err)
	assert.Equal(t, "GET", re.Method)
	assert.NotContains(t, err.Error(), theirs)
	assert.Empty(t, fake.RequestsTo(juspaytest.RouteDeleteCard), "nothing was deleted")
	assert.Equal(t, []string{theirs}, tokens(t, c, "holder_0002"))

	fake.ResetRequests()
	got, err = c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: mine, CustomerID: "holder_0001"})
	require.NoError(t, err)
	assert.Equal(t, mine, got.CardToken)
	require.Len(t, fake.Requests(), 2)
	for _, r := range fake.Requests() {
		if r.Route == juspaytest.RouteListCards || r.Route == juspaytest.RouteDeleteCard {
			assert.Equal(t, "holder_0001", r.Header.Get("X-Routing-Id"), "%s", r.Route)
		}
	}
	assert.Empty(t, tokens(t, c, "holder_0001"))
}

// TestDeleteCardLostAnswer: a deletion whose answer was lost is confirmed
// by the customer's list when CustomerID is given, and is not reported
// without it.
func TestDeleteCardLostAnswer(t *testing.T) {
	t.Run("withCustomer", func(t *testing.T) {
		fake, c, mine, _ := twoHolders(t)
		fake.LoseAnswerNext(juspaytest.RouteDeleteCard, 1)
		got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: mine, CustomerID: "holder_0001"})
		require.NoError(t, err)
		assert.Equal(t, &juspay.DeletedCard{CardToken: mine, Deleted: true, LastResponse: got.LastResponse}, got)
		require.NotNil(t, got.LastResponse)
		assert.Equal(t, 2, got.LastResponse.Attempts)
		assert.Len(t, fake.RequestsTo(juspaytest.RouteListCards), 2, "listed before, and again to confirm")
		assert.Empty(t, tokens(t, c, "holder_0001"))
	})
	t.Run("withoutCustomer", func(t *testing.T) {
		fake, c, mine, _ := twoHolders(t)
		fake.LoseAnswerNext(juspaytest.RouteDeleteCard, 1)
		got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: mine})
		require.Error(t, err)
		assert.True(t, juspay.IsNotFound(err))
		assert.Nil(t, got)
	})
}

// TestDeleteCardNeverExisted: a token that never existed is not reported
// deleted after a first attempt that failed in any retried way.
func TestDeleteCardNeverExisted(t *testing.T) {
	faults := map[string]func(*juspaytest.Server){
		"503": func(s *juspaytest.Server) {
			s.FailNext(juspaytest.RouteDeleteCard, 1, http.StatusServiceUnavailable, "")
		},
		"408":  func(s *juspaytest.Server) { s.FailNext(juspaytest.RouteDeleteCard, 1, http.StatusRequestTimeout, "") },
		"drop": func(s *juspaytest.Server) { s.DropNext(juspaytest.RouteDeleteCard, 1) },
	}
	for name, fault := range faults {
		t.Run(name, func(t *testing.T) {
			fake, c, _, _ := twoHolders(t)
			fault(fake)
			got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "tkn_neverexisted"})
			require.Error(t, err)
			assert.True(t, juspay.IsNotFound(err))
			assert.Nil(t, got)
			assert.Len(t, fake.RequestsTo(juspaytest.RouteDeleteCard), 2)

			fault(fake)
			got, err = c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "tkn_neverexisted", CustomerID: "holder_0001"})
			require.ErrorIs(t, err, juspay.ErrNotFound)
			assert.Nil(t, got)
			assert.Len(t, fake.RequestsTo(juspaytest.RouteDeleteCard), 2, "not sent: the customer holds no such card")
		})
	}
}

// TestDeleteCardBareNotFound: a 404 that is not Juspay's object_not_found
// (a proxy's page) after a failed attempt is never taken as a deletion,
// with or without CustomerID.
func TestDeleteCardBareNotFound(t *testing.T) {
	list := `{"customer_id":"holder_0001","cards":[{"card_token":"tkn_mycard"}]}`
	for _, customer := range []string{"", "holder_0001"} {
		t.Run("customer="+customer, func(t *testing.T) {
			replies := []string{"502 <html>bad gateway</html>", "404 <html>not found</html>"}
			if customer != "" {
				replies = append([]string{"200 " + list}, replies...)
			}
			s := &script{replies: replies}
			_, c := newServer(t, s.serve)
			got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "tkn_mycard", CustomerID: customer})
			require.Error(t, err)
			assert.Equal(t, http.StatusNotFound, apiError(t, err).HTTPStatus)
			assert.Nil(t, got)
			assert.Len(t, s.requests(), len(replies), "no list to confirm a bare 404")
		})
	}
}

// TestDeleteCardStillListed: Juspay's not-found after a lost answer, while
// the list still holds the card, is not a deletion.
func TestDeleteCardStillListed(t *testing.T) {
	list := `{"customer_id":"holder_0001","cards":[{"card_token":"tkn_mycard"}]}`
	s := &script{replies: []string{"200 " + list, "502 {}", "400 " + notMine, "200 " + list}}
	_, c := newServer(t, s.serve)
	got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "tkn_mycard", CustomerID: "holder_0001"})
	require.Error(t, err)
	assert.True(t, juspay.IsNotFound(err))
	assert.Nil(t, got)
	assert.Equal(t, []string{"GET /cards", "POST /card/delete", "POST /card/delete", "GET /cards"}, s.requests())
}
