package juspaytest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Behaviours a single-point bug once broke without any test failing (issue
// 25), each pinned here by a test named for it.

// TestCreateTakesAReferenceThatIsAnotherCustomersJuspayID: the duplicate
// check is on object_reference_id alone; a reference equal to another
// customer's Juspay id (a seeded legacy-000001) is a new customer.
func TestCreateTakesAReferenceThatIsAnotherCustomersJuspayID(t *testing.T) {
	s := start(t)
	legacy, err := s.AddCustomer(Customer{ID: "legacy-000001", ObjectReferenceID: "user-000001"})
	require.NoError(t, err)

	got := create(t, s, createForm("object_reference_id", "legacy-000001"))
	assert.Equal(t, "legacy-000001", got["object_reference_id"])
	assert.NotEqual(t, legacy.ID, got["id"])
	require.Len(t, s.Customers(), 2)

	_, err = s.AddCustomer(Customer{ObjectReferenceID: got["id"].(string)})
	require.NoError(t, err, "AddCustomer too: a reference equal to a Juspay id")
	assert.Len(t, s.Customers(), 3)
	found, ok := s.LookupCustomer("legacy-000001")
	require.True(t, ok)
	assert.Equal(t, legacy.ID, found.ID, "a lookup takes the Juspay id first")
}

// TestRefreshLeavesAnUnlinkedWalletAlone: a refresh reads no balance for
// an unlinked wallet, also one SetWalletBalance was called on, and leaves
// its last_refreshed.
func TestRefreshLeavesAnUnlinkedWalletAlone(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	seedCustomer(t, s)
	old := time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)
	w, err := s.AddWallet("cust_123489", Wallet{Name: "PAYTM", CurrentBalance: "5", LastRefreshed: old,
		SubDetails: []WalletDetail{{PaymentMethod: "PAYTM", LastRefreshed: old}}})
	require.NoError(t, err)
	require.NoError(t, s.SetWalletBalance("cust_123489", w.ID, "42"))
	s.Advance(time.Hour)

	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/cust_123489/wallets/refresh-balances", nil))
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Contains(t, r.body, `"last_refreshed":"2023-09-11T08:29:47Z","object":"wallet_account","id":"`+w.ID+`","current_balance":5,`)
	assert.Contains(t, r.body, `"payment_method":"PAYTM","payment_method_type":"","last_refreshed":"2023-09-11T08:29:47Z"`)
	got := s.Wallets("cust_123489")
	require.Len(t, got, 1)
	assert.Equal(t, w, got[0], "stored as seeded")
}

// TestJSONCreateWithABooleanNameIsRefused: a JSON create whose first_name
// (or another string field) is true or false is a 400 naming it, as a
// number is; only options.get_client_auth_token takes a boolean.
func TestJSONCreateWithABooleanNameIsRefused(t *testing.T) {
	tests := []struct{ name, body, field string }{
		{"first_name true", `{"object_reference_id":"json-0001","mobile_number":"1","first_name":true}`, "first_name"},
		{"first_name false", `{"object_reference_id":"json-0001","mobile_number":"1","first_name":false}`, "first_name"},
		{"first_name a number", `{"object_reference_id":"json-0001","mobile_number":"1","first_name":7}`, "first_name"},
		{"email_address true", `{"object_reference_id":"json-0001","mobile_number":"1","email_address":true}`, "email_address"},
		{"the token option a string", `{"object_reference_id":"json-0001","mobile_number":"1","options.get_client_auth_token":1}`,
			"options.get_client_auth_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t)
			s.SetNow(created)
			r := serve(t, s, jsonReq(t, s, http.MethodPost, "/customers", tt.body))
			require.Equal(t, http.StatusBadRequest, r.status, r.body)
			assert.Equal(t, invalidFieldBody(tt.field), mask(r.body))
			assert.Empty(t, s.Customers())
		})
	}
	s := start(t)
	r := serve(t, s, jsonReq(t, s, http.MethodPost, "/customers",
		`{"object_reference_id":"json-0001","mobile_number":"1","options.get_client_auth_token":false}`))
	assert.Equal(t, http.StatusOK, r.status, "a boolean where one belongs: %s", r.body)
}

// TestFaultHeaderReplacesTheServersOwn: a fault's header replaces the
// server's own header of that name (X-Response-Id here), not a second value
// beside it.
func TestFaultHeaderReplacesTheServersOwn(t *testing.T) {
	s := start(t)
	s.InjectFault(RouteGet, 1, Fault{Status: http.StatusServiceUnavailable,
		Header: http.Header{"X-Response-Id": {"fixed"}, "Content-Type": {"text/html"}}})
	r := do(t, newReq(t, s, http.MethodGet, "/customers/x", nil))
	require.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, []string{"fixed"}, r.header.Values("X-Response-Id"))
	assert.Equal(t, []string{"text/html"}, r.header.Values("Content-Type"))
}
