package juspay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The spec file's sample wallet answers, verbatim.
const (
	walletListAnswer = `{
  "list": [
      {
          "wallet": "MOBIKWIK",
          "token": "tk_bkc87beikjcnlblc87asa897sb8anisjkl8b",
          "last_refreshed": "2023-09-11T08:29:47Z",
          "juspay_bank_code": "JP_MOBIKWIK",
          "object": "wallet_account",
          "id": "wlm_Giuln7b8Uy78uyhjI",
          "current_balance": 100,
          "sub_details": [
              {
                  "payment_method": "MOBIKWIK",
                  "payment_method_type": "WALLET",
                  "last_refreshed": "2023-09-11T08:29:47Z",
                  "current_balance": 100
              }
          ],
          "linked": true
      }
  ],
  "offset": 0,
  "count": 2,
  "total": 2,
  "object": "list"
}`
	// unlinkedWalletAnswer is the spec's unlinked wallet (metadata.json).
	unlinkedWalletAnswer = `{"list":[{"wallet":"PAYTM","token":null,"linked":false,"current_balance":null,` +
		`"last_refreshed":null,"juspay_bank_code":"JP_PAYTM","object":"wallet_account","id":"wlm_unlinked0001",` +
		`"gateway_reference_id":null,"metadata":{"mobile_number":"9876543210"}}],"offset":0,"count":1,"total":1,"object":"list"}`
)

func TestListWalletsWire(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		req       juspay.ListWalletsRequest
		wantPath  string
		wantRoute string
	}{
		{"a Juspay id", juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"},
			"/customers/cst_pcxaymwoh9vbse97/wallets", "cst_pcxaymwoh9vbse97"},
		{"a plus and an equals sign", juspay.ListWalletsRequest{CustomerID: "a+b=c"}, "/customers/a+b=c/wallets", "a+b=c"},
		{"a comma", juspay.ListWalletsRequest{CustomerID: "a,b"}, "/customers/a%2Cb/wallets", "a,b"},
		{"an e-mail", juspay.ListWalletsRequest{CustomerID: "user@example.com"}, "/customers/user@example.com/wallets", "user@example.com"},
		{"a space", juspay.ListWalletsRequest{CustomerID: "a b"}, "/customers/a%20b/wallets", "a b"},
		{"dots inside", juspay.ListWalletsRequest{CustomerID: "..x"}, "/customers/..x/wallets", "..x"},
		{"a routing id", juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97", RoutingID: "customer_1122"},
			"/customers/cst_pcxaymwoh9vbse97/wallets", "customer_1122"},
		{"refresh", juspay.ListWalletsRequest{CustomerID: "a b", RefreshBalances: true},
			"/customers/a%20b/wallets/refresh-balances", "a b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := echoing(t, http.StatusOK, walletListAnswer)
			req := tc.req
			_, err := c.ListWallets(context.Background(), &req)
			require.NoError(t, err)
			s := rec.only(t)
			assert.Equal(t, http.MethodGet, s.Method)
			assert.Equal(t, tc.wantPath, s.EscapedPath)
			assert.True(t, strings.HasPrefix(s.Path, "/customers/"+tc.req.CustomerID+"/wallets"), "the id is one segment")
			assert.Empty(t, s.RawQuery)
			checkHeaders(t, s)
			route, ok := routingID(s)
			assert.True(t, ok, "no x-routing-id")
			assert.Equal(t, tc.wantRoute, route)
			assert.Empty(t, s.Body)
		})
	}
}

// TestWalletBalanceIsExact: a balance comes back exactly as Juspay wrote
// it, never through a float64.
func TestWalletBalanceIsExact(t *testing.T) {
	t.Parallel()
	for _, balance := range []string{"100", "100.10", "100.5", "1e2", "0.1", "12345678901234567.89", "-0.00"} {
		t.Run(balance, func(t *testing.T) {
			t.Parallel()
			body := fmt.Sprintf(`{"list":[{"id":"wlm_1","wallet":"MOBIKWIK","linked":true,"current_balance":%s,`+
				`"sub_details":[{"payment_method":"MOBIKWIK","current_balance":%s}]}],"offset":0,"count":1,"total":1}`, balance, balance)
			_, c := echoing(t, http.StatusOK, body)
			list, err := c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
			require.NoError(t, err)
			require.Len(t, list.Wallets, 1)
			assert.Equal(t, juspay.Decimal(balance), list.Wallets[0].CurrentBalance)
			require.Len(t, list.Wallets[0].SubDetails, 1)
			assert.Equal(t, juspay.Decimal(balance), list.Wallets[0].SubDetails[0].CurrentBalance)
		})
	}
	t.Run("stringBalance", func(t *testing.T) {
		t.Parallel()
		_, c := echoing(t, http.StatusOK, `{"list":[{"id":"wlm_1","current_balance":"100.10"}]}`)
		list, err := c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
		require.NoError(t, err)
		require.Len(t, list.Wallets, 1)
		assert.Equal(t, juspay.Decimal("100.10"), list.Wallets[0].CurrentBalance)
	})
}

func FuzzWalletListAnswer(f *testing.F) {
	for _, seed := range []string{
		walletListAnswer, unlinkedWalletAnswer, `{"list":[]}`, `{"list":[null]}`, `{}`, `null`, `[]`, `"x"`, ``,
		`{"list":[{"current_balance":1e400,"last_refreshed":12,"sub_details":[null,{}],"metadata":{"a":[]}}],"offset":"x"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		list, err := fuzzClient(t, body).ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
		if err != nil {
			assert.Nil(t, list)
			checkFuzzFailure(t, err)
			return
		}
		require.NotNil(t, list)
		require.NotNil(t, list.Wallets, "a success without a wallets slice")
		_ = fmt.Sprintf("%+v", list)
	})
}

// TestWalletJSON: json.Unmarshal of Juspay's sample answers gives the value
// the call gives, and a list marshals back to JSON that reads the same.
func TestWalletJSON(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{"linked": walletListAnswer, "unlinked": unlinkedWalletAnswer} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, c := answering(t, http.StatusOK, body)
			got, err := c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
			require.NoError(t, err)
			var read juspay.WalletList
			require.NoError(t, json.Unmarshal([]byte(body), &read))
			assert.Equal(t, withoutResponse(got), &read)

			out, err := json.Marshal(read)
			require.NoError(t, err)
			var again juspay.WalletList
			require.NoError(t, json.Unmarshal(out, &again))
			assert.Equal(t, read, again)
			assert.NotContains(t, string(out), "LastResponse")
		})
	}
	t.Run("wireNames", func(t *testing.T) {
		out, err := json.Marshal(juspay.Wallet{ID: "wlm_1", Name: "MOBIKWIK", CurrentBalance: "100.10", Linked: true,
			SubDetails: []juspay.WalletDetail{{PaymentMethod: "MOBIKWIK", CurrentBalance: "7"}}})
		require.NoError(t, err)
		assert.JSONEq(t, `{"id":"wlm_1","object":"","wallet":"MOBIKWIK","token":"","linked":true,"current_balance":100.10,`+
			`"last_refreshed":null,"juspay_bank_code":"","gateway_reference_id":"","metadata":null,`+
			`"sub_details":[{"payment_method":"MOBIKWIK","payment_method_type":"","last_refreshed":null,"current_balance":7}]}`, string(out))
		assert.Contains(t, string(out), `"current_balance":100.10`, "the balance's exact text")
	})
}

// TestRefreshBalances: against juspaytest, a balance Juspay's provider
// moved shows only once the list asks for a refresh, which goes to its own
// route.
func TestRefreshBalances(t *testing.T) {
	fake, c := newFake(t)
	_, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"})
	require.NoError(t, err)
	w, err := fake.AddWallet("user-000042", juspaytest.Wallet{Name: "MOBIKWIK", Linked: true, CurrentBalance: "100.10"})
	require.NoError(t, err)
	require.NoError(t, fake.SetWalletBalance("user-000042", w.ID, "42.50"))
	ctx := context.Background()

	list, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: "user-000042"})
	require.NoError(t, err)
	assert.Equal(t, juspay.Decimal("100.10"), list.Wallets[0].CurrentBalance, "not refreshed yet")

	list, err = c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: "user-000042", RefreshBalances: true})
	require.NoError(t, err)
	assert.Equal(t, juspay.Decimal("42.50"), list.Wallets[0].CurrentBalance)
	assert.Len(t, fake.RequestsTo(juspaytest.RouteRefreshWallets), 1)
	assert.Len(t, fake.RequestsTo(juspaytest.RouteListWallets), 1)

	_, err = c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: "nobody_0001", RefreshBalances: true})
	assert.True(t, juspay.IsNotFound(err), "Juspay's null_error for an unknown customer: %v", err)
}
