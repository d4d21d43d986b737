package juspay_test

// Promises the hand-made sample of issue 25 found unpinned: each test is
// named for the behaviour, and fails when the one edit that breaks it is
// made (see the comment of each).

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// juspayCardNotFound is Juspay's 400 for a card_token it does not know.
const juspayCardNotFound = `{"status":"invalid_request_error","error_code":"object_not_found",` +
	`"error_message":"Cannot find what you are looking for","error_info":{"code":"RESOURCE_NOT_FOUND"}}`

// TestDeleteCardConfirmsALostDeletionByTheCardsReference: with CustomerID,
// a deletion whose first attempt may have landed (a 502) and whose retry
// meets Juspay's not found is confirmed only if the card's reference is gone
// from the customer's list. When Juspay issues new card tokens on every
// list, the card still held comes back under a new token: it must still be
// found by its reference, and the not found stands (nothing was deleted).
// Matching the second list by token instead reports a deletion that never
// happened.
func TestDeleteCardConfirmsALostDeletionByTheCardsReference(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts []juspaytest.Option
	}{
		{"stableTokens", nil},
		{"freshTokens", []juspaytest.Option{juspaytest.WithFreshCardTokens()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := juspaytest.NewServer(tc.opts...)
			t.Cleanup(s.Close)
			c := s.Client(fastRetries())
			_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "holder_0001", MobileNumber: "9988776655"})
			require.NoError(t, err)
			card, err := s.AddCard("holder_0001", juspaytest.Card{Brand: "VISA"})
			require.NoError(t, err)
			s.FailNext(juspaytest.RouteDeleteCard, 1, http.StatusBadGateway, "")                 // may have landed
			s.FailNext(juspaytest.RouteDeleteCard, 1, http.StatusBadRequest, juspayCardNotFound) // the retry's not found

			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			got, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: "holder_0001"})
			require.Error(t, err, "the card is still listed: no deletion to report")
			assert.Nil(t, got)
			assert.True(t, juspay.IsNotFound(err), "Juspay's not found stands: %v", err)
			held := s.Cards("holder_0001")
			require.Len(t, held, 1, "nothing was deleted")
			assert.Equal(t, card.Reference, held[0].Reference)
			assert.Len(t, s.RequestsTo(juspaytest.RouteDeleteCard), 2, "the 502, then the not found")
			assert.Len(t, s.RequestsTo(juspaytest.RouteListCards), 2, "the lookup, then the check")
		})
	}
}

// TestTransportErrorsKeepNoIDWhenTheRoutingIDDiffers: a caller's
// RoundTripper that prints the customer id as it decoded it (the unescaped
// path, a query value) puts no id into the error, also when the call gives
// a RoutingID of its own, so that the id is not also the routing id that
// the error's scrubbing hides. Leaving the id itself out of what is
// scrubbed passes TestTransportErrorsKeepNoID (whose calls route by the
// id) and fails here.
func TestTransportErrorsKeepNoIDWhenTheRoutingIDDiffers(t *testing.T) {
	t.Parallel()
	const id, routing = "a b+victim@x.com", "shard-0007"
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("refused %s (customer %q)", r.URL.Path, r.URL.Query().Get("customer_id"))
	})}
	c := newClient(t, "https://api.example.com", juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"get", func() error {
			_, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: id, RoutingID: routing})
			return err
		}},
		{"clientAuthToken", func() error {
			_, err := c.ClientAuthToken(ctx, &juspay.GetCustomerRequest{CustomerID: id, RoutingID: routing})
			return err
		}},
		{"update", func() error {
			_, err := c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: id, FirstName: "John", RoutingID: routing})
			return err
		}},
		{"listCards", func() error {
			_, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: id, RoutingID: routing})
			return err
		}},
		{"deleteCard", func() error { // its list fails first
			_, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: "token_41495", CustomerID: id, RoutingID: routing})
			return err
		}},
		{"wallets", func() error {
			_, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: id, RoutingID: routing})
			return err
		}},
		{"do", func() error {
			_, err := c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}/mandates", ID: id,
				RoutingID: routing, Query: url.Values{"status": {"active"}}}, nil)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "refused", "the RoundTripper's error is kept")
			for _, part := range []string{"victim", url.PathEscape(id), url.QueryEscape(id)} {
				assert.NotContains(t, err.Error(), part)
			}
		})
	}
}
