package juspay_test

// A customer's saved cards and wallets: ListCards, DeleteCard and
// ListWallets against the wire forms and sample answers of
// spec/customer-cards-wallets.md, odd answers, local validation, Juspay's
// error answers, and printing without secrets.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// The spec file's sample answers, verbatim.
const (
	cardListAnswer = `{
    "customer_id": "customer_id",
    "merchantId": "merchant_id",
    "cards": [
        {
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
        }
    ]
}`
	deletedCardAnswer = `{
  "card_token": "c75a9fca-1121-418e-973c-47d5c4971456",
  "card_reference": "df2c47951a71e4486827039fad7b039a",
  "deleted": true
}`
)

// sampleCard is the spec's sample card, decoded.
func sampleCard() juspay.Card {
	return juspay.Card{
		Token:            "tkn_1b6fcc1015944fdfb5020a92x4fa1f91",
		Reference:        "token_4149513e22e2e58ead99e1ecdd541f10",
		Number:           "XXXX-XXXXXXXX-1449",
		Brand:            "VISA",
		Expired:          false,
		ExpMonth:         "01",
		ExpYear:          "2025",
		NameOnCard:       "Juspay",
		Nickname:         "",
		Issuer:           "SBI",
		IssuerCountry:    "INDIA",
		Type:             "CREDIT",
		SubType:          "VISA PLATINUM",
		ExtendedType:     "CREDIT",
		ISIN:             "461119",
		Fingerprint:      "27po8sn3gehxumesqx9oi6xmv9",
		JuspayBankCode:   "JP_SBI",
		Provider:         "VISA",
		ProviderCategory: "NETWORK",
		TokenizeSupport:  false,
		Metadata:         map[string]string{"origin_merchant_id": "your_merchantID"},
		NetworkToken: &juspay.NetworkToken{
			LastFourDigits:           "5937",
			CardReference:            "token_4149513e22e2e58ead99e1ecdd541f10",
			CardFingerprint:          "27po8sn3gehxumesqx9oi6xmv9",
			PAR:                      "V0010013820031519535347554746",
			CardISIN:                 "486876061",
			TokenizationStatus:       "ACTIVE",
			ExpiryMonth:              "01",
			ExpiryYear:               "2025",
			CVVLessSupport:           true,
			CVVLessSupportedGateways: []string{"CYBERSOURCE", "RAZORPAY", "PAYTM_V2", "PAYU"},
		},
	}
}

// checkHeaders asserts the headers every call sends.
func checkHeaders(t *testing.T, s seen) {
	t.Helper()
	assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte(testAPIKey+":")), s.Header.Get("Authorization"))
	assert.Equal(t, testMerchantID, s.Header.Get("X-Merchantid"))
	assert.Equal(t, "application/json", s.Header.Get("Accept"))
	assert.Equal(t, "juspay-go/"+juspay.Version, s.Header.Get("User-Agent"))
}

// routingID returns the x-routing-id a request carried, and whether it
// carried one.
func routingID(s seen) (string, bool) {
	v, ok := s.Header["X-Routing-Id"]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

func TestListCardsWire(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		req       juspay.ListCardsRequest
		wantQuery string
		wantRoute string
	}{
		{"a Juspay id", juspay.ListCardsRequest{CustomerID: "cst_pcxaymwoh9vbse97"},
			"customer_id=cst_pcxaymwoh9vbse97", "cst_pcxaymwoh9vbse97"},
		{"an e-mail", juspay.ListCardsRequest{CustomerID: "customer@gmail.com"},
			"customer_id=customer%40gmail.com", "customer@gmail.com"},
		{"reserved characters", juspay.ListCardsRequest{CustomerID: "a b&c=d+e@f:g$h"},
			"customer_id=a+b%26c%3Dd%2Be%40f%3Ag%24h", "a b&c=d+e@f:g$h"},
		{"non-ASCII", juspay.ListCardsRequest{CustomerID: "José_1122"},
			"customer_id=Jos%C3%A9_1122", "José_1122"},
		{"CVV-less support asked", juspay.ListCardsRequest{CustomerID: "customer_1122", CheckCVVLessSupport: true},
			"customer_id=customer_1122&options.check_cvv_less_support=true", "customer_1122"},
		{"a routing id", juspay.ListCardsRequest{CustomerID: "cst_pcxaymwoh9vbse97", RoutingID: "customer_1122"},
			"customer_id=cst_pcxaymwoh9vbse97", "customer_1122"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := echoing(t, http.StatusOK, cardListAnswer)
			req := tc.req
			list, err := c.ListCards(context.Background(), &req)
			require.NoError(t, err)
			require.NotNil(t, list)
			s := rec.only(t)
			assert.Equal(t, http.MethodGet, s.Method)
			assert.Equal(t, "/cards", s.EscapedPath)
			assert.Equal(t, tc.wantQuery, s.RawQuery)
			checkHeaders(t, s)
			route, ok := routingID(s)
			assert.True(t, ok, "no x-routing-id")
			assert.Equal(t, tc.wantRoute, route)
			assert.Empty(t, s.Header.Get("Content-Type"))
			assert.Empty(t, s.Body)
		})
	}
}

func TestDeleteCardWire(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		req      juspay.DeleteCardRequest
		wantBody string
	}{
		{"a tkn_ token", juspay.DeleteCardRequest{CardToken: "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"},
			"card_token=tkn_1b6fcc1015944fdfb5020a92x4fa1f91"},
		{"a UUID token", juspay.DeleteCardRequest{CardToken: "c75a9fca-1121-418e-973c-47d5c4971456"},
			"card_token=c75a9fca-1121-418e-973c-47d5c4971456"},
		{"reserved characters", juspay.DeleteCardRequest{CardToken: "a+b/c=d&e f%"},
			"card_token=a%2Bb%2Fc%3Dd%26e+f%25"},
		{"a routing id", juspay.DeleteCardRequest{CardToken: "tkn_1b6fcc1015944fdfb5020a92x4fa1f91", RoutingID: "customer_1122"},
			"card_token=tkn_1b6fcc1015944fdfb5020a92x4fa1f91"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := echoing(t, http.StatusOK, deletedCardAnswer)
			req := tc.req
			_, err := c.DeleteCard(context.Background(), &req)
			require.NoError(t, err)
			s := rec.only(t)
			assert.Equal(t, http.MethodPost, s.Method)
			assert.Equal(t, "/card/delete", s.EscapedPath)
			assert.Empty(t, s.RawQuery)
			assert.Equal(t, "application/x-www-form-urlencoded", s.Header.Get("Content-Type"))
			assert.Equal(t, tc.wantBody, s.Body)
			assert.Equal(t, int64(len(tc.wantBody)), s.ContentLength)
			checkHeaders(t, s)
			route, ok := routingID(s)
			if tc.req.RoutingID == "" {
				assert.False(t, ok, "x-routing-id sent without a RoutingID: %q", route)
			} else {
				assert.Equal(t, tc.req.RoutingID, route)
			}
		})
	}
}

func TestCardsSampleAnswers(t *testing.T) {
	t.Parallel()
	t.Run("ListCards", func(t *testing.T) {
		t.Parallel()
		_, c := echoing(t, http.StatusOK, cardListAnswer)
		list, err := c.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: "customer_id", CheckCVVLessSupport: true})
		require.NoError(t, err)
		assert.Equal(t, &juspay.CardList{CustomerID: "customer_id", MerchantID: "merchant_id", Cards: []juspay.Card{sampleCard()}}, withoutResponse(list))
	})

	t.Run("DeleteCard", func(t *testing.T) {
		t.Parallel()
		_, c := echoing(t, http.StatusOK, deletedCardAnswer)
		deleted, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "c75a9fca-1121-418e-973c-47d5c4971456"})
		require.NoError(t, err)
		assert.Equal(t, &juspay.DeletedCard{
			CardToken: "c75a9fca-1121-418e-973c-47d5c4971456", CardReference: "df2c47951a71e4486827039fad7b039a", Deleted: true,
		}, withoutResponse(deleted))
	})

	t.Run("ListWallets", func(t *testing.T) {
		t.Parallel()
		_, c := echoing(t, http.StatusOK, walletListAnswer)
		list, err := c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
		require.NoError(t, err)
		refreshed := time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)
		assert.Equal(t, &juspay.WalletList{
			Wallets: []juspay.Wallet{{
				ID: "wlm_Giuln7b8Uy78uyhjI", Object: "wallet_account", Name: "MOBIKWIK",
				Token: "tk_bkc87beikjcnlblc87asa897sb8anisjkl8b", Linked: true,
				CurrentBalance: juspay.Decimal("100"), LastRefreshed: refreshed, JuspayBankCode: "JP_MOBIKWIK",
				SubDetails: []juspay.WalletDetail{{
					PaymentMethod: "MOBIKWIK", PaymentMethodType: "WALLET", LastRefreshed: refreshed, CurrentBalance: "100",
				}},
			}},
			Offset: 0, Count: 2, Total: 2,
		}, withoutResponse(list))
		require.Len(t, list.Wallets, 1)
		assert.Equal(t, time.UTC, list.Wallets[0].LastRefreshed.Location())
		assert.True(t, list.Wallets[0].LastRefreshed.Equal(refreshed))
	})

	t.Run("unlinkedWallet", func(t *testing.T) {
		t.Parallel()
		_, c := echoing(t, http.StatusOK, unlinkedWalletAnswer)
		list, err := c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
		require.NoError(t, err)
		require.Len(t, list.Wallets, 1)
		w := list.Wallets[0]
		assert.Equal(t, juspay.Wallet{
			ID: "wlm_unlinked0001", Object: "wallet_account", Name: "PAYTM", JuspayBankCode: "JP_PAYTM",
			Metadata: map[string]string{"mobile_number": "9876543210"},
		}, w)
		assert.False(t, w.Linked)
		assert.Empty(t, w.Token)
		assert.Empty(t, w.CurrentBalance)
		assert.True(t, w.LastRefreshed.IsZero())
		assert.Equal(t, 1, list.Count)
		assert.Equal(t, 1, list.Total)
	})
}

// TestCardsOddAnswers: answers not quite the sample still decode.
func TestCardsOddAnswers(t *testing.T) {
	t.Parallel()
	cards := []struct {
		name string
		body string
		want *juspay.CardList
	}{
		{"missingFields", `{"customer_id":"cst_1","cards":[{"card_token":"tkn_1"}]}`,
			&juspay.CardList{CustomerID: "cst_1", Cards: []juspay.Card{{Token: "tkn_1"}}}},
		{"nulls", `{"customer_id":"cst_1","merchantId":null,"cards":[{"card_token":"tkn_1","card_number":null,"expired":null,` +
			`"token":null,"metadata":null,"name_on_card":null,"card_exp_year":null}]}`,
			&juspay.CardList{CustomerID: "cst_1", Cards: []juspay.Card{{Token: "tkn_1"}}}},
		{"none", `{"customer_id":"cst_pcxaymwoh9vbse97","merchantId":"m","cards":[]}`,
			&juspay.CardList{CustomerID: "cst_pcxaymwoh9vbse97", MerchantID: "m", Cards: []juspay.Card{}}},
		{"nullElement", `{"customer_id":"cst_1","cards":[null,{"card_token":"tkn_2"},null]}`,
			&juspay.CardList{CustomerID: "cst_1", Cards: []juspay.Card{{Token: "tkn_2"}}}},
		// Numbers and bools where strings were expected.
		{"looseTypes", `{"customer_id":42,"cards":[{"card_token":"tkn_3","card_exp_year":2025,` +
			`"card_exp_month":1,"card_isin":461119,"expired":true,"tokenize_support":true,"metadata":{"n":5,"b":true,"s":"x"},` +
			`"token":{"expiry_year":2025,"last_four_digits":5937,"cvv_less_support":true,"cvv_less_supported_gateways":["PAYU"]}}]}`,
			&juspay.CardList{CustomerID: "42", Cards: []juspay.Card{{
				Token: "tkn_3", ExpYear: "2025", ExpMonth: "1", ISIN: "461119", Expired: true, TokenizeSupport: true,
				Metadata:     map[string]string{"n": "5", "b": "true", "s": "x"},
				NetworkToken: &juspay.NetworkToken{ExpiryYear: "2025", LastFourDigits: "5937", CVVLessSupport: true, CVVLessSupportedGateways: []string{"PAYU"}},
			}}}},
		// A network token without CVV-less fields.
		{"noCVVLess", `{"customer_id":"cst_1","cards":[{"card_token":"tkn_4","token":{"par":"P1"}}]}`,
			&juspay.CardList{CustomerID: "cst_1", Cards: []juspay.Card{{Token: "tkn_4", NetworkToken: &juspay.NetworkToken{PAR: "P1"}}}}},
		{"unknownMembers", `{"customer_id":"cst_1","cards":[{"card_token":"tkn_5","new_field":{"a":[1,2]}}],"next":null,"extra":[1]}`,
			&juspay.CardList{CustomerID: "cst_1", Cards: []juspay.Card{{Token: "tkn_5"}}}},
	}
	for _, tc := range cards {
		t.Run("cards_"+tc.name, func(t *testing.T) {
			t.Parallel()
			_, c := answering(t, http.StatusOK, tc.body)
			list, err := c.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: tc.want.CustomerID})
			require.NoError(t, err)
			assert.Equal(t, tc.want, withoutResponse(list))
			assert.NotNil(t, list.Cards)
		})
	}

	refreshed := time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)
	wallets := []struct {
		name string
		body string
		want *juspay.WalletList
	}{
		{"none", `{"list":[]}`, &juspay.WalletList{Wallets: []juspay.Wallet{}}},
		// A null element and numbers as strings.
		{"nullElement", `{"list":[null,{"id":"wlm_1"}],"offset":"0","count":"1","total":1}`,
			&juspay.WalletList{Wallets: []juspay.Wallet{{ID: "wlm_1"}}, Count: 1, Total: 1}},
		// The +0000 timestamp form.
		{"plus0000", `{"list":[{"id":"wlm_1","last_refreshed":"2023-09-11T08:29:47+0000",` +
			`"sub_details":[null,{"payment_method":"MOBIKWIK","last_refreshed":"2023-09-11T08:29:47+0000","current_balance":null}]}]}`,
			&juspay.WalletList{Wallets: []juspay.Wallet{{ID: "wlm_1", LastRefreshed: refreshed,
				SubDetails: []juspay.WalletDetail{{PaymentMethod: "MOBIKWIK", LastRefreshed: refreshed}}}}}},
		{"badTime", `{"list":[{"id":"wlm_1","last_refreshed":"yesterday"}]}`,
			&juspay.WalletList{Wallets: []juspay.Wallet{{ID: "wlm_1"}}}},
		{"numberMetadata", `{"list":[{"id":"wlm_1","metadata":{"mobile_number":9876543210,"x":null}}]}`,
			&juspay.WalletList{Wallets: []juspay.Wallet{{ID: "wlm_1", Metadata: map[string]string{"mobile_number": "9876543210", "x": ""}}}}},
	}
	for _, tc := range wallets {
		t.Run("wallets_"+tc.name, func(t *testing.T) {
			t.Parallel()
			_, c := echoing(t, http.StatusOK, tc.body)
			list, err := c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
			require.NoError(t, err)
			assert.Equal(t, tc.want, withoutResponse(list))
			assert.NotNil(t, list.Wallets)
		})
	}
}

// TestCardsUnexpectedAnswers: a 2xx that is not the expected object is a
// *RequestError, never an empty value, and is not retried.
func TestCardsUnexpectedAnswers(t *testing.T) {
	t.Parallel()
	const email = "priya.sharma@example.org"
	notObjects := []string{
		`{}`, `null`, `[]`, `"x"`, `42`, ``, `<html><body>OK</body></html>`,
		`{"status":"error","error_code":"object_not_found","error_message":"Cannot find what you are looking for"}`,
	}
	deleteCard := bind((*juspay.Client).DeleteCard, &juspay.DeleteCardRequest{CardToken: "tkn_1b6fcc1015944fdfb5020a92x4fa1f91", RoutingID: email})
	type call struct {
		name, op string
		bodies   []string
		sentinel error
		do       func(c *juspay.Client) (any, error)
	}
	calls := []call{
		{"ListCards", "ListCards GET /cards",
			append([]string{`{"cards":null}`, `{"cards":{}}`, `{"cards":"x"}`, `{"customer_id":"c","merchantId":"m"}`}, notObjects...),
			juspay.ErrUnexpectedResponse,
			bind((*juspay.Client).ListCards, &juspay.ListCardsRequest{CustomerID: email})},
		{"ListWallets", "ListWallets GET /customers/{id}/wallets",
			append([]string{`{"list":null}`, `{"list":{}}`, `{"offset":0,"count":0,"total":0}`}, notObjects...),
			juspay.ErrUnexpectedResponse,
			bind((*juspay.Client).ListWallets, &juspay.ListWalletsRequest{CustomerID: email})},
		{"DeleteCard", "DeleteCard POST /card/delete",
			[]string{`null`, `[]`, `"x"`, ``, `<html><body>OK</body></html>`},
			juspay.ErrUnexpectedResponse,
			deleteCard},
		{"NotDeleted", "DeleteCard POST /card/delete",
			[]string{
				`{"card_token":"tkn_1b6fcc1015944fdfb5020a92x4fa1f91","card_reference":"r","deleted":false}`,
				`{"card_token":"tkn_1b6fcc1015944fdfb5020a92x4fa1f91","card_reference":"r"}`,
				`{"deleted":null}`, `{"deleted":"no"}`, `{}`,
				`{"status":"error","error_code":"object_not_found","error_message":"Cannot find what you are looking for"}`,
			},
			juspay.ErrCardNotDeleted,
			deleteCard},
	}
	for _, cl := range calls {
		for i, body := range cl.bodies {
			t.Run(fmt.Sprintf("%s_%d", cl.name, i), func(t *testing.T) { // the body: cl.bodies[i]
				t.Parallel()
				rec, c := echoing(t, http.StatusOK, body)
				got, err := cl.do(c)
				assert.True(t, isNilResult(got), "a value came back: %v", got)
				checkFailed200(t, err, rec, cl.sentinel, cl.op)
				assert.NotContains(t, err.Error(), "tkn_1b6fcc1015944fdfb5020a92x4fa1f91")
			})
		}
	}
}

// TestCardsValidation: requests are checked before any I/O.
func TestCardsValidation(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 129)
	listCards, deleteCard, listWallets := (*juspay.Client).ListCards, (*juspay.Client).DeleteCard, (*juspay.Client).ListWallets
	checkRefusals(t, cardListAnswer, []refusal{
		{"ListCards nil", "request", bind(listCards, nil)},
		{"ListCards empty id", "customer_id", bind(listCards, &juspay.ListCardsRequest{})},
		{"ListCards id with LF", "customer_id", bind(listCards, &juspay.ListCardsRequest{CustomerID: "cst_1\nx"})},
		{"ListCards id with NUL", "customer_id", bind(listCards, &juspay.ListCardsRequest{CustomerID: "cst_1\x00"})},
		{"ListCards id of invalid UTF-8", "customer_id", bind(listCards, &juspay.ListCardsRequest{CustomerID: "cst_\xff\xfe"})},
		{"ListCards id too long", "customer_id", bind(listCards, &juspay.ListCardsRequest{CustomerID: long})},
		{"ListCards routing id with CR LF", "x-routing-id", bind(listCards, &juspay.ListCardsRequest{CustomerID: "cst_1", RoutingID: "r\r\nX-Evil: 1"})},
		{"ListCards routing id too long", "x-routing-id", bind(listCards, &juspay.ListCardsRequest{CustomerID: "cst_1", RoutingID: long})},
		{"DeleteCard nil", "request", bind(deleteCard, nil)},
		{"DeleteCard empty token", "card_token", bind(deleteCard, &juspay.DeleteCardRequest{})},
		{"DeleteCard token with LF", "card_token", bind(deleteCard, &juspay.DeleteCardRequest{CardToken: "tkn_1\n"})},
		{"DeleteCard token of invalid UTF-8", "card_token", bind(deleteCard, &juspay.DeleteCardRequest{CardToken: "tkn_\xff"})},
		{"DeleteCard routing id with a control character", "x-routing-id", bind(deleteCard, &juspay.DeleteCardRequest{CardToken: "tkn_1", RoutingID: "r\x7f"})},
		{"ListWallets nil", "request", bind(listWallets, nil)},
		{"ListWallets empty id", "customer_id", bind(listWallets, &juspay.ListWalletsRequest{})},
		{"ListWallets id .", "customer_id", bind(listWallets, &juspay.ListWalletsRequest{CustomerID: "."})},
		{"ListWallets id ..", "customer_id", bind(listWallets, &juspay.ListWalletsRequest{CustomerID: ".."})},
		{"ListWallets id with a tab", "customer_id", bind(listWallets, &juspay.ListWalletsRequest{CustomerID: "cst\t1"})},
		{"ListWallets id of invalid UTF-8", "customer_id", bind(listWallets, &juspay.ListWalletsRequest{CustomerID: "\xc3"})},
		{"ListWallets routing id with LF", "x-routing-id", bind(listWallets, &juspay.ListWalletsRequest{CustomerID: "cst_1", RoutingID: "a\nb"})},
	})
}

// TestCardsErrorAnswers: Juspay's error answers come back as *APIError;
// a 503 is retried.
func TestCardsErrorAnswers(t *testing.T) {
	t.Parallel()
	unauthorized := `{"status":"error","error_code":"access_denied","error_info":{"user_message":"Unauthorized.",` +
		`"developer_message":"Invalid API Key","code":"UNAUTHORIZED","category":"USER_ERROR"}}`
	calls := []struct {
		name, op, answer string
		do               func(c *juspay.Client) (any, error)
	}{
		{"ListCards", "ListCards GET /cards", cardListAnswer, bind((*juspay.Client).ListCards, &juspay.ListCardsRequest{CustomerID: faultCustomerID})},
		{"DeleteCard", "DeleteCard POST /card/delete", deletedCardAnswer, bind((*juspay.Client).DeleteCard, &juspay.DeleteCardRequest{CardToken: "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"})},
		{"ListWallets", "ListWallets GET /customers/{id}/wallets", walletListAnswer, bind((*juspay.Client).ListWallets, &juspay.ListWalletsRequest{CustomerID: faultCustomerID})},
	}
	for _, cl := range calls {
		for _, tc := range []struct {
			status   int
			body     string
			sentinel error
			code     string
		}{
			{404, bodyNotFound, juspay.ErrNotFound, "object_not_found"},
			{404, `{"status":"error","error_code":"object_not_found","error_message":"Object not found"}`, juspay.ErrNotFound, "object_not_found"},
			{401, unauthorized, juspay.ErrUnauthorized, "access_denied"},
		} {
			t.Run(fmt.Sprintf("%s_%d_%s", cl.name, tc.status, tc.code), func(t *testing.T) {
				t.Parallel()
				rec, c := replies(t, nil, reply{status: tc.status, body: tc.body}, reply{status: 200, body: cl.answer})
				got, err := cl.do(c)
				assert.True(t, isNilResult(got), "a value came back")
				ae := apiError(t, err)
				assert.Equal(t, tc.status, ae.HTTPStatus)
				assert.Equal(t, tc.code, ae.ErrorCode)
				assert.Equal(t, cl.name, ae.Call)
				assert.ErrorIs(t, err, tc.sentinel)
				assert.Equal(t, 1, ae.Attempts)
				assert.Len(t, rec.all(), 1, "not retried")
				checkErrorText(t, err, cl.op)
			})
		}
		t.Run(cl.name+"_503_200", func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, nil, reply{status: 503, body: `<html>Service Unavailable</html>`}, reply{status: 200, body: cl.answer})
			got, err := cl.do(c)
			require.NoError(t, err)
			assert.NotNil(t, got)
			assert.Len(t, rec.all(), 2)
		})
	}
}

// TestCardsPrintNoSecrets: printing what the calls return, and their
// requests, with any fmt verb or slog never shows a card or wallet token,
// the name on a card, a PAR, metadata values, or a customer id that is an
// e-mail.
func TestCardsPrintNoSecrets(t *testing.T) {
	t.Parallel()
	const (
		email      = "priya.sharma@example.org"
		cardToken  = "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"
		uuidToken  = "c75a9fca-1121-418e-973c-47d5c4971456"
		walletTok  = "tk_bkc87beikjcnlblc87asa897sb8anisjkl8b"
		nameOnCard = "Priyanka Sharma"
		nickname   = "Salary card"
		par        = "V0010013820031519535347554746"
		cardMeta   = "origin_secret_merchant_77"
		walletMeta = "9876543210"
	)
	secrets := []string{email, "priya.sharma", "example.org", cardToken, "1b6fcc1015944fdfb5020a92x4fa1f91",
		uuidToken, "47d5c4971456", walletTok, "bkc87beikjcnlblc87asa897sb8anisjkl8b",
		nameOnCard, "Priyanka", "Sharma", nickname, "Salary", par, cardMeta, walletMeta}

	cardBody := strings.NewReplacer(
		`"customer_id": "customer_id"`, `"customer_id": "`+email+`"`,
		`"name_on_card": "Juspay"`, `"name_on_card": "`+nameOnCard+`"`,
		`"nickname": ""`, `"nickname": "`+nickname+`"`,
		`"your_merchantID"`, `"`+cardMeta+`"`,
	).Replace(cardListAnswer)
	require.Contains(t, cardBody, nameOnCard)
	require.Contains(t, cardBody, email)
	walletBody := strings.Replace(walletListAnswer, `"linked": true`,
		`"linked": true, "metadata": {"mobile_number": "`+walletMeta+`"}`, 1)
	require.Contains(t, walletBody, walletMeta)

	_, cardsClient := echoing(t, http.StatusOK, cardBody)
	cardList, err := cardsClient.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: email})
	require.NoError(t, err)
	require.Len(t, cardList.Cards, 1)
	require.Equal(t, nameOnCard, cardList.Cards[0].NameOnCard)
	_, walletsClient := echoing(t, http.StatusOK, walletBody)
	walletList, err := walletsClient.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: email})
	require.NoError(t, err)
	require.Len(t, walletList.Wallets, 1)
	require.Equal(t, walletMeta, walletList.Wallets[0].Metadata["mobile_number"])
	_, deleteClient := echoing(t, http.StatusOK, deletedCardAnswer)
	deleted, err := deleteClient.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: uuidToken})
	require.NoError(t, err)

	listCardsReq := juspay.ListCardsRequest{CustomerID: email, RoutingID: email, CheckCVVLessSupport: true}
	deleteReq := juspay.DeleteCardRequest{CardToken: cardToken, RoutingID: email}
	listWalletsReq := juspay.ListWalletsRequest{CustomerID: email, RoutingID: email}
	values := []struct {
		name string
		v    any
	}{
		{"&CardList", cardList}, {"CardList", *cardList},
		{"Card", cardList.Cards[0]}, {"&Card", &cardList.Cards[0]},
		{"NetworkToken", *cardList.Cards[0].NetworkToken}, {"&NetworkToken", cardList.Cards[0].NetworkToken},
		{"Cards", cardList.Cards}, {"Wallets", walletList.Wallets},
		{"&WalletList", walletList}, {"WalletList", *walletList},
		{"Wallet", walletList.Wallets[0]}, {"&Wallet", &walletList.Wallets[0]},
		{"&DeletedCard", deleted}, {"DeletedCard", *deleted},
		{"ListCardsRequest", listCardsReq}, {"&ListCardsRequest", &listCardsReq},
		{"DeleteCardRequest", deleteReq}, {"&DeleteCardRequest", &deleteReq},
		{"ListWalletsRequest", listWalletsReq}, {"&ListWalletsRequest", &listWalletsReq},
	}
	for _, v := range values {
		t.Run(v.name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				out := fmt.Sprintf(verb, v.v)
				assert.Empty(t, leaked(out, secrets), "%s of %s shows secrets: %s", verb, v.name, out)
			}
			for name, h := range map[string]func(io.Writer) slog.Handler{
				"JSON": func(w io.Writer) slog.Handler { return slog.NewJSONHandler(w, nil) },
				"text": func(w io.Writer) slog.Handler { return slog.NewTextHandler(w, nil) },
			} {
				if name == "JSON" && (v.name == "Cards" || v.name == "Wallets") {
					continue // slog's JSON handler marshals a slice with encoding/json, not LogValue: the README's documented limit
				}
				var buf bytes.Buffer
				slog.New(h(&buf)).Info("value", "v", v.v)
				assert.Empty(t, leaked(buf.String(), secrets), "slog %s of %s shows secrets: %s", name, v.name, buf.String())
			}
		})
	}
}

// leaked returns the secrets found in out.
func leaked(out string, secrets []string) []string {
	var found []string
	for _, s := range secrets {
		if strings.Contains(out, s) {
			found = append(found, s)
		}
	}
	return found
}

// answerWith is an in-memory transport that answers 200 with body.
func answerWith(body []byte) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: int64(len(body)),
			Body: io.NopCloser(bytes.NewReader(body)), Request: r,
		}, nil
	})
}

// fuzzClient is a client whose every call is answered body, in memory.
func fuzzClient(t *testing.T, body []byte) *juspay.Client {
	t.Helper()
	c, err := juspay.NewClient(testAPIKey, testMerchantID,
		juspay.WithHTTPClient(&http.Client{Transport: answerWith(body)}), juspay.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

// checkFuzzFailure asserts what any failed decode must be.
func checkFuzzFailure(t *testing.T, err error) {
	t.Helper()
	re := requestError(t, err)
	assert.Equal(t, http.StatusOK, re.HTTPStatus)
	assert.True(t, errors.Is(err, juspay.ErrUnexpectedResponse) || errors.Is(err, juspay.ErrResponseTooLarge), "%v", err)
	assert.NotContains(t, err.Error(), "\n")
}

func FuzzCardListAnswer(f *testing.F) {
	for _, seed := range []string{
		cardListAnswer, `{"cards":[]}`, `{"cards":[null]}`, `{}`, `null`, `[]`, `"x"`, ``,
		`{"cards":[{"card_exp_year":2025,"token":{"cvv_less_supported_gateways":[1,null,"P"]},"metadata":{"a":{}}}]}`,
		`{"cards":[{"token":[]}],"customer_id":{}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		list, err := fuzzClient(t, body).ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
		if err != nil {
			assert.Nil(t, list)
			checkFuzzFailure(t, err)
			return
		}
		require.NotNil(t, list)
		require.NotNil(t, list.Cards, "a success without a cards slice")
		_ = fmt.Sprintf("%+v", list)
	})
}

func FuzzDeleteCardAnswer(f *testing.F) {
	for _, seed := range []string{
		deletedCardAnswer, `{"deleted":false}`, `{"deleted":"true"}`, `{}`, `null`, `[]`, `"x"`, ``,
		`{"card_token":1,"card_reference":{},"deleted":true}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		deleted, err := fuzzClient(t, body).DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"})
		if err != nil {
			assert.Nil(t, deleted)
			if !errors.Is(err, juspay.ErrCardNotDeleted) {
				checkFuzzFailure(t, err)
			}
			return
		}
		require.NotNil(t, deleted)
		assert.True(t, deleted.Deleted, "a success is a deleted card")
	})
}

// TestDeleteCardRecovery: a "not found" on a retry of DeleteCard, after an
// attempt that may have reached Juspay, is a deletion only when the
// customer's list (CustomerID) confirms it; without CustomerID it is the
// error it says, as a "not found" on the first attempt is.
func TestDeleteCardRecovery(t *testing.T) {
	t.Parallel()
	const token = "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"

	t.Run("lostAnswer", func(t *testing.T) { // the card is deleted once and reported deleted
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: faultCustomerID})
		require.NoError(t, err)
		card, err := s.AddCard(faultCustomerID, juspaytest.Card{Token: token})
		require.NoError(t, err)
		s.LoseAnswerNext(juspaytest.RouteDeleteCard, 1)
		deleted, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: token, CustomerID: faultCustomerID})
		require.NoError(t, err)
		assert.Equal(t, &juspay.DeletedCard{CardToken: token, CardReference: card.Reference, Deleted: true}, withoutResponse(deleted))
		assert.Len(t, s.RequestsTo(juspaytest.RouteDeleteCard), 2)
		list, err := c.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: faultCustomerID})
		require.NoError(t, err)
		assert.Empty(t, list.Cards, "the card is gone")
	})

	for _, tc := range []struct {
		name     string
		replies  []reply
		attempts int
	}{
		{"notFoundOnRetry", // 503 then not found: without CustomerID, not a deletion
			[]reply{{status: 503, body: "Service Unavailable"}, {status: 400, body: bodyNotFound}}, 2},
		{"notFoundAtOnce", // an unknown token
			[]reply{{status: 400, body: bodyNotFound}}, 1},
		{"unauthorizedOnRetry", // 503 then 401: the error stands
			[]reply{{status: 503, body: "Service Unavailable"}, {status: 401, body: `{"error_code":"access_denied"}`}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, c := replies(t, nil, tc.replies...)
			deleted, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: token})
			assert.Len(t, rec.all(), tc.attempts)
			assert.Nil(t, deleted)
			ae := apiError(t, err)
			assert.Equal(t, tc.replies[len(tc.replies)-1].status, ae.HTTPStatus)
		})
	}
}

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
		ref := fake.Cards("holder_0001")[0].Reference
		fake.LoseAnswerNext(juspaytest.RouteDeleteCard, 1)
		got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: mine, CustomerID: "holder_0001"})
		require.NoError(t, err)
		assert.Equal(t, &juspay.DeletedCard{CardToken: mine, CardReference: ref, Deleted: true, LastResponse: got.LastResponse}, got)
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

// TestCardJSON: json.Unmarshal of Juspay's sample answers gives the value
// the call gives, and each marshals back to JSON that reads the same.
func TestCardJSON(t *testing.T) {
	t.Parallel()
	t.Run("list", func(t *testing.T) {
		_, c := answering(t, http.StatusOK, cardListAnswer)
		got, err := c.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: "customer_id"})
		require.NoError(t, err)
		var read juspay.CardList
		require.NoError(t, json.Unmarshal([]byte(cardListAnswer), &read))
		assert.Equal(t, withoutResponse(got), &read)
		out, err := json.Marshal(read)
		require.NoError(t, err)
		assert.JSONEq(t, cardListAnswer, string(out), "every member of the sample, with its type")
	})
	t.Run("deleted", func(t *testing.T) {
		_, c := answering(t, http.StatusOK, deletedCardAnswer)
		got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "c75a9fca-1121-418e-973c-47d5c4971456"})
		require.NoError(t, err)
		var read juspay.DeletedCard
		require.NoError(t, json.Unmarshal([]byte(deletedCardAnswer), &read))
		assert.Equal(t, withoutResponse(got), &read)
		out, err := json.Marshal(read)
		require.NoError(t, err)
		assert.JSONEq(t, deletedCardAnswer, string(out))
	})
	t.Run("insideAStruct", func(t *testing.T) { // as a handler embeds it
		var v struct {
			Cards []juspay.Card `json:"cards"`
		}
		require.NoError(t, json.Unmarshal([]byte(cardListAnswer), &v))
		assert.Equal(t, []juspay.Card{sampleCard()}, v.Cards)
	})
}

// TestDeleteCardUnconfirmed: when the list that would confirm a lost
// deletion fails, the error says so and is not a not-found, which a caller
// could read as done.
func TestDeleteCardUnconfirmed(t *testing.T) {
	list := `{"customer_id":"holder_0001","cards":[{"card_token":"tkn_mycard"}]}`
	s := &script{replies: []string{"200 " + list, "502 {}", "400 " + notMine, "503 {}", "503 {}", "503 {}"}}
	_, c := newServer(t, s.serve)
	got, err := c.DeleteCard(context.Background(), &juspay.DeleteCardRequest{CardToken: "tkn_mycard", CustomerID: "holder_0001"})
	require.Error(t, err)
	assert.Nil(t, got)
	assert.False(t, juspay.IsNotFound(err), "%v", err)
	assert.True(t, juspay.IsRetryable(err), "the list's 503 is worth another try")
	assert.Contains(t, err.Error(), "unconfirmed")
	assert.Equal(t, "DeleteCard", requestError(t, err).Call)
}
