package juspaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// sampleCard is the card of Juspay's list-cards sample
// (card/list-cards/response.json), as asked with
// options.check_cvv_less_support=true.
const sampleCard = `{
    "expired": false,
    "card_issuer_country": "INDIA",
    "name_on_card": "Juspay",
    "card_reference": "token_4149513e22e2e58ead99e1ecdd541f10",
    "card_token": "tkn_1b6fcc1015944fdfb5020a92x4fa1f91",
    "card_issuer": "SBI",
    "card_brand": "VISA",
    "card_number": "XXXX-XXXXXXXX-1449",
    "card_fingerprint": "27po8sn3gehxumesqx9oi6xmv9",
    "extended_card_type": "CREDIT",
    "card_type": "CREDIT",
    "token": {
        "last_four_digits": "5937",
        "card_reference": "token_4149513e22e2e58ead99e1ecdd541f10",
        "card_fingerprint": "27po8sn3gehxumesqx9oi6xmv9",
        "par": "V0010013820031519535347554746",
        "card_isin": "486876061",
        "tokenization_status": "ACTIVE",
        "expiry_year": "2025",
        "expiry_month": "01",
        "cvv_less_support": true,
        "cvv_less_supported_gateways": ["CYBERSOURCE","RAZORPAY","PAYTM_V2","PAYU"]
    },
    "provider_category": "NETWORK",
    "card_isin": "461119",
    "juspay_bank_code": "JP_SBI",
    "metadata": { "origin_merchant_id": "your_merchantID" },
    "tokenize_support": false,
    "nickname": "",
    "card_sub_type": "VISA PLATINUM",
    "card_exp_year": "2025",
    "provider": "VISA",
    "card_exp_month": "01"
}`

// The wallets of Juspay's list-wallets samples: a linked one
// (Wallet/list-wallets/response.json) and an unlinked one (metadata.json),
// in the order the fake answers their keys.
const (
	sampleLinkedWallet = `{
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
}`
	sampleUnlinkedWallet = `{
    "wallet": "PAYTM",
    "token": null,
    "last_refreshed": null,
    "object": "wallet_account",
    "id": "wlt_d10hncoc6xldk",
    "current_balance": null,
    "linked": false,
    "metadata": { "mobile_number": "99999999" },
    "gateway_reference_id": null
}`
)

func compact(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, []byte(s)))
	return b.String()
}

// seedCustomer adds the customer cust_123489 and returns its Juspay id.
func seedCustomer(t *testing.T, s *Server) string {
	t.Helper()
	c, err := s.AddCustomer(Customer{ID: "cth_okEEqCF6Cso8ekHX", ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"})
	require.NoError(t, err)
	return c.ID
}

// TestSampleCardRoundTrips reads Juspay's sample card with encoding/json, as
// a seed file would be read, seeds it, and lists it back byte for byte.
func TestSampleCardRoundTrips(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	var card Card
	require.NoError(t, json.Unmarshal([]byte(sampleCard), &card))
	_, err := s.AddCard("cust_123489", card)
	require.NoError(t, err)

	withCVV := `{"customer_id":"cust_123489","merchantId":"` + s.MerchantID + `","cards":[` + compact(t, sampleCard) + `]}`
	without := strings.Replace(withCVV, `,"cvv_less_support":true,"cvv_less_supported_gateways":["CYBERSOURCE","RAZORPAY","PAYTM_V2","PAYU"]`, "", 1)
	require.NotEqual(t, withCVV, without)
	tests := []struct {
		name, query, want string
	}{
		{"asked for CVV-less support", "&options.check_cvv_less_support=true", withCVV},
		{"not asked", "", without},
		{"asked false", "&options.check_cvv_less_support=false", without},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489"+tt.query, nil))
			require.Equal(t, http.StatusOK, r.status, r.body)
			assert.Equal(t, tt.want, r.body)
		})
	}
}

func TestListCards(t *testing.T) {
	s := start(t)
	id := seedCustomer(t, s)
	first, err := s.AddCard(id, Card{Brand: "VISA", NetworkToken: &NetworkToken{LastFourDigits: "5937"}})
	require.NoError(t, err)
	second, err := s.AddCard("cust_123489", Card{Brand: "MASTERCARD"})
	require.NoError(t, err)
	tests := []struct {
		name, customerID string
		tokens           []string
	}{
		{"by object_reference_id", "cust_123489", []string{first.Token, second.Token}},
		{"by Juspay id", id, []string{first.Token, second.Token}},
		{"unknown customer: no cards", "nobody", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, http.MethodGet, "/cards?customer_id="+url.QueryEscape(tt.customerID), nil))
			require.Equal(t, http.StatusOK, r.status, r.body)
			var got struct {
				CustomerID string `json:"customer_id"`
				MerchantID string `json:"merchantId"`
				Cards      []Card `json:"cards"`
			}
			require.NoError(t, json.Unmarshal([]byte(r.body), &got))
			assert.Equal(t, tt.customerID, got.CustomerID, "echoed as asked")
			assert.Equal(t, s.MerchantID, got.MerchantID)
			tokens := []string{}
			for _, c := range got.Cards {
				tokens = append(tokens, c.Token)
			}
			assert.Equal(t, tt.tokens, tokens)
			assert.Contains(t, r.body, `"cards":[`, "an array, never null")
		})
	}
	r := serve(t, s, newReq(t, s, http.MethodGet, "/cards", nil))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, r.body, `"error_message":"customer_id is mandatory field."`)
	reqs := s.RequestsTo(RouteListCards)
	require.Len(t, reqs, 4)
	assert.Equal(t, "nobody", reqs[2].CustomerID)
}

func TestDeleteCard(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	tests := []struct {
		name string
		req  func(tok string) *http.Request
	}{
		{"form", func(tok string) *http.Request {
			return newReq(t, s, http.MethodPost, "/card/delete", url.Values{"card_token": {tok}})
		}},
		{"JSON, as juspay-mcp sends it", func(tok string) *http.Request {
			return jsonReq(t, s, http.MethodPost, "/card/delete", `{"card_token":"`+tok+`"}`)
		}},
		{"no x-merchantid, as the sample sends it", func(tok string) *http.Request {
			req := newReq(t, s, http.MethodPost, "/card/delete", url.Values{"card_token": {tok}})
			req.Header.Del("x-merchantid")
			return req
		}},
		{"trailing slash, as the Delete Card page shows it", func(tok string) *http.Request {
			return newReq(t, s, http.MethodPost, "/card/delete/", url.Values{"card_token": {tok}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card, err := s.AddCard("cust_123489", Card{Token: "c75a9fca-1121-418e-973c-47d5c4971456", Reference: "df2c47951a71e4486827039fad7b039a"})
			require.NoError(t, err)
			r := serve(t, s, tt.req(card.Token))
			require.Equal(t, http.StatusOK, r.status, r.body)
			assert.Equal(t, `{"card_token":"c75a9fca-1121-418e-973c-47d5c4971456","card_reference":"df2c47951a71e4486827039fad7b039a","deleted":true}`, r.body)
			list := serve(t, s, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil))
			assert.Contains(t, list.body, `"cards":[]`, "gone from the next list")

			again := serve(t, s, tt.req(card.Token))
			require.Equal(t, http.StatusBadRequest, again.status, "a token no card has")
			assert.Equal(t, `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error",`+
				`"error_code":"object_not_found","error_info":{"user_message":"Card not found.",`+
				`"developer_message":"No saved card has the given card_token.","code":"RESOURCE_NOT_FOUND",`+
				`"category":"USER_ERROR","request_id":"`+again.header.Get("X-Response-Id")+`"}}`, again.body)
		})
	}
	for _, body := range []url.Values{{}, {"card_token": {""}}} {
		r := serve(t, s, newReq(t, s, http.MethodPost, "/card/delete", body))
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Contains(t, r.body, `"error_message":"card_token is mandatory field."`)
	}
	wrong := newReq(t, s, http.MethodPost, "/card/delete", url.Values{"card_token": {"x"}})
	wrong.Header.Set("x-merchantid", "other")
	assert.Equal(t, http.StatusUnauthorized, serve(t, s, wrong).status, "a merchant id that is sent must match")
}

func TestAddCard(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	card, err := s.AddCard("cust_123489", Card{NetworkToken: &NetworkToken{PAR: "V001"}, Metadata: json.RawMessage(` {"a":1} `)})
	require.NoError(t, err)
	assert.Regexp(t, `^tkn_[0-9a-f]{32}$`, card.Token)
	assert.Regexp(t, `^token_[0-9a-f]{32}$`, card.Reference)
	assert.Regexp(t, `^[a-z0-9]{26}$`, card.Fingerprint)
	assert.Equal(t, card.Reference, card.NetworkToken.CardReference, "the network token takes the card's")
	assert.Equal(t, card.Fingerprint, card.NetworkToken.CardFingerprint)

	other, err := s.AddCard("cth_okEEqCF6Cso8ekHX", Card{})
	require.NoError(t, err)
	assert.NotEqual(t, card.Token, other.Token)

	card.NetworkToken.PAR = "changed"
	card.Metadata[2] = 'X'
	r := serve(t, s, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil))
	assert.Contains(t, r.body, `"par":"V001"`, "AddCard returns a copy")
	assert.Contains(t, r.body, `"metadata":{"a":1}`)

	tests := []struct {
		name, customer string
		card           Card
		err            string
	}{
		{"unknown customer", "nobody", Card{}, "juspaytest: AddCard: no customer nobody"},
		{"token taken", "cust_123489", Card{Token: other.Token}, "juspaytest: AddCard: card token already exists"},
		{"metadata not an object", "cust_123489", Card{Metadata: json.RawMessage(`[1]`)}, "juspaytest: AddCard: bad Metadata: not a JSON object"},
		{"metadata not JSON", "cust_123489", Card{Metadata: json.RawMessage(`{`)}, "juspaytest: AddCard: bad Metadata: not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddCard(tt.customer, tt.card)
			assert.EqualError(t, err, tt.err)
		})
	}
}

func TestListWallets(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	var linked, unlinked Wallet
	require.NoError(t, json.Unmarshal([]byte(sampleLinkedWallet), &linked))
	require.NoError(t, json.Unmarshal([]byte(sampleUnlinkedWallet), &unlinked))
	assert.Equal(t, juspay.Decimal("100"), linked.CurrentBalance, "read as the number's text")
	for _, w := range []Wallet{linked, unlinked} {
		_, err := s.AddWallet("cust_123489", w)
		require.NoError(t, err)
	}
	want := `{"list":[` + compact(t, sampleLinkedWallet) + `,` + compact(t, sampleUnlinkedWallet) +
		`],"offset":0,"count":2,"total":2,"object":"list"}`
	for _, id := range []string{"cust_123489", "cth_okEEqCF6Cso8ekHX"} {
		r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/"+id+"/wallets", nil))
		require.Equal(t, http.StatusOK, r.status, r.body)
		assert.Equal(t, want, r.body, id)
	}

	empty := start(t)
	seedCustomer(t, empty)
	r := serve(t, empty, newReq(t, empty, http.MethodGet, "/customers/cust_123489/wallets", nil))
	assert.Equal(t, `{"list":[],"offset":0,"count":0,"total":0,"object":"list"}`, r.body)

	r = serve(t, s, newReq(t, s, http.MethodGet, "/customers/nobody/wallets", nil))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, `{"status":"Invalid Request","error_code":"null_error","error_message":"Customer not found for given customerId."}`, r.body)
	assert.Equal(t, "nobody", s.RequestsTo(RouteListWallets)[2].CustomerID)
}

func TestWalletBalanceStaysExact(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	const balance = "12345678901234567890.05" // no float64 holds it
	_, err := s.AddWallet("cust_123489", Wallet{Name: "PAYTM", Linked: true, CurrentBalance: balance,
		SubDetails: []WalletDetail{{PaymentMethod: "PAYTM", CurrentBalance: "0.10"}}})
	require.NoError(t, err)
	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/cust_123489/wallets", nil))
	assert.Contains(t, r.body, `"current_balance":`+balance+`,`)
	assert.Contains(t, r.body, `"last_refreshed":null,"current_balance":0.10}`)
	assert.Regexp(t, `"token":"tk_[a-z0-9]{36}"`, r.body, "a linked wallet gets a token")
	assert.Regexp(t, `"id":"wlm_[A-Za-z0-9]{16}"`, r.body)
	assert.NotContains(t, r.body, "metadata", "a linked wallet without metadata has none")
	assert.NotContains(t, r.body, "gateway_reference_id")

	// Every JSON number is a balance: negative, or starting with any digit.
	for _, n := range []string{"-0.5", "9", "0"} {
		w, err := s.AddWallet("cust_123489", Wallet{Name: "PAYTM", CurrentBalance: juspay.Decimal(n)})
		require.NoError(t, err, n)
		assert.Equal(t, juspay.Decimal(n), w.CurrentBalance)
	}
}

func TestAddWalletRefusals(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	_, err := s.AddWallet("cust_123489", Wallet{ID: "wlm_taken"})
	require.NoError(t, err)
	tests := []struct {
		name, customer string
		wallet         Wallet
		err            string
	}{
		{"unknown customer", "nobody", Wallet{}, "juspaytest: AddWallet: no customer nobody"},
		{"id taken", "cust_123489", Wallet{ID: "wlm_taken"}, "juspaytest: AddWallet: wallet id already exists"},
		{"balance not a number", "cust_123489", Wallet{CurrentBalance: "abc"}, "juspaytest: AddWallet: bad CurrentBalance: not a JSON number: abc"},
		{"balance with spaces", "cust_123489", Wallet{CurrentBalance: " 1"}, "juspaytest: AddWallet: bad CurrentBalance: not a JSON number:  1"},
		{"balance half a number", "cust_123489", Wallet{CurrentBalance: "1e"}, "juspaytest: AddWallet: bad CurrentBalance: not a JSON number: 1e"},
		{"sub-detail balance", "cust_123489", Wallet{SubDetails: []WalletDetail{{CurrentBalance: "1,5"}}},
			"juspaytest: AddWallet: bad SubDetails CurrentBalance: not a JSON number: 1,5"},
		{"metadata", "cust_123489", Wallet{Metadata: json.RawMessage(`"x"`)}, "juspaytest: AddWallet: bad Metadata: not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddWallet(tt.customer, tt.wallet)
			assert.EqualError(t, err, tt.err)
		})
	}
	ws := decode(t, serve(t, s, newReq(t, s, http.MethodGet, "/customers/cust_123489/wallets", nil)).body)
	assert.EqualValues(t, 1, ws["total"], "refused wallets are not stored")
}

func TestResetForgetsCardsAndWallets(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	card, err := s.AddCard("cust_123489", Card{})
	require.NoError(t, err)
	_, err = s.AddWallet("cust_123489", Wallet{ID: "wlm_one"})
	require.NoError(t, err)
	s.Reset()
	seedCustomer(t, s)
	r := serve(t, s, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil))
	assert.Contains(t, r.body, `"cards":[]`)
	r = serve(t, s, newReq(t, s, http.MethodGet, "/customers/cust_123489/wallets", nil))
	assert.Contains(t, r.body, `"total":0`)
	_, err = s.AddCard("cust_123489", Card{Token: card.Token})
	assert.NoError(t, err, "the token is free again")
	_, err = s.AddWallet("cust_123489", Wallet{ID: "wlm_one"})
	assert.NoError(t, err, "and the wallet id")
}

func TestRefreshWallets(t *testing.T) {
	s := start(t)
	s.SetNow(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	seedCustomer(t, s)
	old := time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)
	linked, err := s.AddWallet("cust_123489", Wallet{Name: "MOBIKWIK", Linked: true, CurrentBalance: "100", LastRefreshed: old,
		SubDetails: []WalletDetail{{PaymentMethod: "MOBIKWIK", CurrentBalance: "100", LastRefreshed: old}}})
	require.NoError(t, err)
	unlinked, err := s.AddWallet("cust_123489", Wallet{Name: "PAYTM"})
	require.NoError(t, err)
	require.NoError(t, s.SetWalletBalance("cth_okEEqCF6Cso8ekHX", linked.ID, "250.75"))

	list := func(path string) string {
		r := serve(t, s, newReq(t, s, http.MethodGet, path, nil))
		require.Equal(t, http.StatusOK, r.status, r.body)
		return r.body
	}
	before := list("/customers/cust_123489/wallets")
	assert.Contains(t, before, `"last_refreshed":"2023-09-11T08:29:47Z","object":"wallet_account","id":"`+linked.ID+`","current_balance":100,`,
		"the list shows the balance a set balance waits for a refresh")
	s.Advance(time.Minute)
	refreshed := list("/customers/cust_123489/wallets/refresh-balances")
	assert.Contains(t, refreshed, `"last_refreshed":"2030-01-02T03:05:05Z","object":"wallet_account","id":"`+linked.ID+`","current_balance":250.75,`)
	assert.Contains(t, refreshed, `"payment_method":"MOBIKWIK","payment_method_type":"","last_refreshed":"2030-01-02T03:05:05Z","current_balance":100}`,
		"a sub-detail's time moves, its balance stays")
	assert.Contains(t, refreshed, `"id":"`+unlinked.ID+`","current_balance":null,`, "an unlinked wallet is not refreshed")
	assert.Equal(t, refreshed, list("/customers/cust_123489/wallets"), "the list now shows what the refresh read")
	assert.Regexp(t, `^\{"list":\[.*\],"offset":0,"count":2,"total":2,"object":"list"\}$`, refreshed, "the list's shape")

	s.Advance(time.Minute)
	again := list("/customers/cth_okEEqCF6Cso8ekHX/wallets/refresh-balances")
	assert.Contains(t, again, `"last_refreshed":"2030-01-02T03:06:05Z","object":"wallet_account","id":"`+linked.ID+`","current_balance":250.75,`,
		"a balance is read once; the next refresh keeps it")

	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/nobody/wallets/refresh-balances", nil))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, `{"status":"Invalid Request","error_code":"null_error","error_message":"Customer not found for given customerId."}`, r.body)
	reqs := s.RequestsTo(RouteRefreshWallets)
	require.Len(t, reqs, 3)
	assert.Equal(t, "nobody", reqs[2].CustomerID)
	r = serve(t, s, newReq(t, s, http.MethodPost, "/customers/cust_123489/wallets/refresh-balances", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, http.MethodGet, r.header.Get("Allow"))
}

func TestSetWalletBalanceRefusals(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	w, err := s.AddWallet("cust_123489", Wallet{Name: "PAYTM", Linked: true})
	require.NoError(t, err)
	tests := []struct {
		name, customer, wallet string
		balance                juspay.Decimal
		err                    string
	}{
		{"no customer", "nobody", w.ID, "1", "juspaytest: SetWalletBalance: no customer nobody"},
		{"no wallet", "cust_123489", "wlm_nothere", "1", "juspaytest: SetWalletBalance: the customer has no wallet wlm_nothere"},
		{"another customer's wallet", "other-customer", w.ID, "1", "juspaytest: SetWalletBalance: the customer has no wallet " + w.ID},
		{"not a number", "cust_123489", w.ID, "lots", "juspaytest: SetWalletBalance: bad balance: not a JSON number: lots"},
	}
	_, err = s.AddCustomer(Customer{ObjectReferenceID: "other-customer"})
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.EqualError(t, s.SetWalletBalance(tt.customer, tt.wallet, tt.balance), tt.err)
		})
	}
	require.NoError(t, s.SetWalletBalance("cust_123489", w.ID, ""), "null is a balance")
	require.NoError(t, s.SetWalletBalance("cust_123489", w.ID, "5"), "the last one set wins")
	s.Reset()
	seedCustomer(t, s)
	_, err = s.AddWallet("cust_123489", Wallet{ID: w.ID, Name: "PAYTM", Linked: true, CurrentBalance: "1"})
	require.NoError(t, err)
	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/cust_123489/wallets/refresh-balances", nil))
	assert.Contains(t, r.body, `"current_balance":1,`, "Reset forgot the balance set")
}

func TestCardsAndWalletsOfACustomer(t *testing.T) {
	s := start(t)
	seedCustomer(t, s)
	c1, err := s.AddCard("cust_123489", Card{Brand: "VISA"})
	require.NoError(t, err)
	c2, err := s.AddCard("cth_okEEqCF6Cso8ekHX", Card{Brand: "MASTERCARD"})
	require.NoError(t, err)
	w, err := s.AddWallet("cust_123489", Wallet{Name: "PAYTM"})
	require.NoError(t, err)
	assert.Equal(t, []Card{c1, c2}, s.Cards("cust_123489"), "in the order added")
	assert.Equal(t, []Wallet{w}, s.Wallets("cth_okEEqCF6Cso8ekHX"))
	assert.Empty(t, s.Cards("nobody"))
	assert.Empty(t, s.Wallets("nobody"))
	got := s.Cards("cust_123489")
	got[0].Brand = "changed"
	assert.Equal(t, "VISA", s.Cards("cust_123489")[0].Brand, "a copy")
}

func TestWalletJSONIsJuspays(t *testing.T) {
	refreshed := time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)
	tests := []struct {
		name string
		w    Wallet
		want string
	}{
		{"linked", Wallet{ID: "wlm_1", Name: "MOBIKWIK", Token: "tk_1", Linked: true, CurrentBalance: "100.50", LastRefreshed: refreshed,
			JuspayBankCode: "JP_MOBIKWIK", SubDetails: []WalletDetail{{PaymentMethod: "MOBIKWIK", PaymentMethodType: "WALLET"}}},
			`{"wallet":"MOBIKWIK","token":"tk_1","last_refreshed":"2023-09-11T08:29:47Z","juspay_bank_code":"JP_MOBIKWIK","object":"wallet_account",` +
				`"id":"wlm_1","current_balance":100.50,"sub_details":[{"payment_method":"MOBIKWIK","payment_method_type":"WALLET",` +
				`"last_refreshed":null,"current_balance":null}],"linked":true}`},
		{"unlinked, nulls and not zeros", Wallet{ID: "wlm_2", Name: "PAYTM"},
			`{"wallet":"PAYTM","token":null,"last_refreshed":null,"object":"wallet_account","id":"wlm_2","current_balance":null,` +
				`"linked":false,"metadata":{},"gateway_reference_id":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.w)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
			var back Wallet
			require.NoError(t, json.Unmarshal(b, &back))
			again, err := json.Marshal(back)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(again), "it reads back as it was")
		})
	}
	var w Wallet
	require.NoError(t, json.Unmarshal([]byte(`{"current_balance":"7.25","last_refreshed":"2016-08-02T08:07:52+0000",`+
		`"sub_details":[{"last_refreshed":"2016-08-02T08:07:52Z"}]}`), &w))
	assert.Equal(t, juspay.Decimal("7.25"), w.CurrentBalance, "a balance sent as a string")
	assert.Equal(t, time.Date(2016, 8, 2, 8, 7, 52, 0, time.UTC), w.LastRefreshed, "Juspay's +0000 form")
	assert.Equal(t, time.Date(2016, 8, 2, 8, 7, 52, 0, time.UTC), w.SubDetails[0].LastRefreshed)
	for _, bad := range []string{`{"last_refreshed":"yesterday"}`, `{"sub_details":[{"last_refreshed":"soon"}]}`, `{"linked":"yes"}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &w), bad)
	}
}
