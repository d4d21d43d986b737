package juspay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLastResponse: every result carries the answer it came in: status,
// headers, request id and attempts; none of it is in the JSON, and it
// prints only its status, request id and attempts.
func TestLastResponse(t *testing.T) {
	var n atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-9")
		w.Header().Set("Set-Cookie", "session=secret-cookie")
		if n.Add(1)%2 == 1 {
			write(w, http.StatusServiceUnavailable, "")
			return
		}
		w.Header().Set("X-Response-Id", "resp-7")
		switch {
		case r.URL.Path == "/cards":
			write(w, http.StatusOK, `{"customer_id":"customer@gmail.com","cards":[]}`)
		case r.URL.Path == "/card/delete":
			write(w, http.StatusOK, `{"card_token":"tkn_1","deleted":true}`)
		case strings.HasSuffix(r.URL.Path, "/wallets"):
			write(w, http.StatusOK, `{"list":[]}`)
		default:
			write(w, http.StatusOK, sampleCustomer)
		}
	})
	ctx := context.Background()
	cust, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	cards, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	deleted, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: "tkn_1"})
	require.NoError(t, err)
	wallets, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	for _, r := range []*juspay.Response{cust.LastResponse, cards.LastResponse, deleted.LastResponse, wallets.LastResponse} {
		require.NotNil(t, r)
		assert.Equal(t, 200, r.StatusCode)
		assert.Equal(t, "resp-7", r.RequestID, "x-response-id wins over x-request-id")
		assert.Equal(t, 2, r.Attempts)
		assert.Equal(t, "session=secret-cookie", r.Header.Get("Set-Cookie"))
		assert.Equal(t, "juspay.Response{StatusCode:200 RequestID:resp-7 Attempts:2}", fmt.Sprintf("%+v", *r))
	}
	for _, v := range []any{cust, cards, deleted, wallets} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		assert.NotContains(t, string(b), "resp-7")
		assert.NotContains(t, string(b), "StatusCode")
	}
}
