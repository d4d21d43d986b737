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

// TestWithAPIVersion: the version header goes with every call, and only
// a plain version is taken.
func TestWithAPIVersion(t *testing.T) {
	fake, c := newFake(t, juspay.WithAPIVersion("2019-05-07"))
	ctx := context.Background()
	cust, err := c.CreateCustomer(ctx, minimalRequest())
	require.NoError(t, err)
	_, err = fake.AddCard(cust.ID, juspaytest.Card{})
	require.NoError(t, err)
	id := cust.ObjectReferenceID
	calls := []func() error{
		func() error { _, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: id}); return err },
		func() error {
			_, err := c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: id, FirstName: "Asha"})
			return err
		},
		func() error { _, err := c.GetOrCreateCustomer(ctx, minimalRequest()); return err },
		func() error { _, err := c.ClientAuthToken(ctx, &juspay.GetCustomerRequest{CustomerID: id}); return err },
		func() error { _, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: id}); return err },
		func() error {
			list, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: id})
			if err != nil {
				return err
			}
			_, err = c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: list.Cards[0].Token, CustomerID: id})
			return err
		},
		func() error {
			_, err := c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}", ID: id}, nil)
			return err
		},
	}
	for _, call := range calls {
		require.NoError(t, call())
	}
	reqs := fake.Requests()
	require.Len(t, reqs, 10, "every call, the create and the delete's list included")
	for _, r := range reqs {
		assert.Equal(t, []string{"2019-05-07"}, r.Header.Values("Version"), "%s", r.Route)
	}

	for _, bad := range []string{"", "2019-05-07\r\nX-Evil: 1", "2019 05 07", "\x7f", "v\t1"} {
		_, err := juspay.NewClient("key", "merchant", juspay.WithAPIVersion(bad))
		require.Error(t, err, "%q", bad)
		assert.NotContains(t, err.Error(), "X-Evil")
	}
}
