package juspaytest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// A test starts a fake Juspay, calls it through a client wired to it, and
// checks what the server stored and received.
func Example() {
	s := juspaytest.NewServer()
	defer s.Close()

	c := s.Client()
	cust, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID:  "customer@gmail.com",
		MobileNumber:       "9988776655",
		MobileCountryCode:  "91",
		FirstName:          "John",
		GetClientAuthToken: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cust.Object, strings.HasPrefix(cust.ID, "cth_"), strings.HasPrefix(cust.ClientAuth.Token, "tkn_"))

	stored := s.Customers()
	fmt.Println(len(stored), stored[0].FirstName)

	req := s.Requests()[0]
	fmt.Println(req.Route, req.RoutingID, req.Header.Get("Authorization"))
	// Output:
	// customer true true
	// 1 John
	// POST /customers customer@gmail.com Basic [redacted]
}

// An answer lost after the customer was stored: the client's retry must not
// create a second customer.
func ExampleServer_LoseAnswerNext() {
	s := juspaytest.NewServer()
	defer s.Close()
	s.LoseAnswerNext(juspaytest.RouteCreate, 1)

	c := s.Client(juspay.WithRetryBackoff(time.Millisecond, 10*time.Millisecond))
	_, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "cust_123489",
		MobileNumber:      "9988776655",
	})
	fmt.Println(err == nil, len(s.Customers()), len(s.RequestsTo(juspaytest.RouteCreate)))
	// Output: true 1 2
}

// Token expiry without sleeping: move the server's clock.
func ExampleServer_Advance() {
	s := juspaytest.NewServer()
	defer s.Close()

	cust, err := s.Client().CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID:  "cust_123489",
		MobileNumber:       "9988776655",
		GetClientAuthToken: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.TokenValid(cust.ClientAuth.Token))
	s.Advance(juspaytest.TokenTTL)
	fmt.Println(s.TokenValid(cust.ClientAuth.Token))
	// Output:
	// true
	// false
}

// Juspay answering 503 with Retry-After, as a proxy in front of it might.
func ExampleServer_InjectFault() {
	s := juspaytest.NewServer()
	defer s.Close()
	s.InjectFault(juspaytest.RouteGet, 1, juspaytest.Fault{
		Status: 503,
		Body:   "<html>Service Unavailable</html>",
		Header: map[string][]string{"Retry-After": {"0"}},
	})
	_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"})
	if err != nil {
		fmt.Println(err)
		return
	}
	cust, err := s.Client().GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "cust_123489"})
	fmt.Println(err == nil, cust.MobileNumber, len(s.Requests()))
	// Output: true 9988776655 2
}

// The fake mounted under a prefix of a test's own server, next to the
// test's other handlers; it keeps the state of the Server it came from.
func ExampleServer_Handler() {
	s := juspaytest.NewServer()
	defer s.Close()

	mux := http.NewServeMux()
	mux.Handle("/juspay/", http.StripPrefix("/juspay", s.Handler()))
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	app := httptest.NewServer(mux)
	defer app.Close()

	c := s.Client(juspay.WithBaseURL(app.URL + "/juspay"))
	cust, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "cust_123489",
		MobileNumber:      "9988776655",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	stored, _ := s.LookupCustomer("cust_123489")
	fmt.Println(stored.ID == cust.ID, s.Requests()[0].Path)
	// Output: true /customers
}

// get sends an authorized GET to the fake and prints the answer.
func get(s *juspaytest.Server, path string) {
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	req.SetBasicAuth(s.APIKey, "")
	req.Header.Set("x-merchantid", s.MerchantID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, strings.ReplaceAll(string(b), s.MerchantID, "MERCHANT"))
}

// A saved card, seeded for a customer and listed back; an empty card token,
// reference or fingerprint would be made up.
func ExampleServer_AddCard() {
	s := juspaytest.NewServer()
	defer s.Close()
	if _, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "cust_123489"}); err != nil {
		fmt.Println(err)
		return
	}
	_, err := s.AddCard("cust_123489", juspaytest.Card{
		Token:       "tkn_1b6fcc1015944fdfb5020a92a4fa1f91",
		Reference:   "token_4149513e22e2e58ead99e1ecdd541f10",
		Fingerprint: "27po8sn3gehxumesqx9oi6xmv9",
		Number:      "XXXX-XXXXXXXX-1449",
		Brand:       "VISA",
		Type:        "CREDIT",
		ExpYear:     "2030",
		ExpMonth:    "01",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	get(s, "/cards?customer_id="+url.QueryEscape("cust_123489"))
	// Output:
	// 200 {"customer_id":"cust_123489","merchantId":"MERCHANT","cards":[{"expired":false,"card_issuer_country":"","name_on_card":"","card_reference":"token_4149513e22e2e58ead99e1ecdd541f10","card_token":"tkn_1b6fcc1015944fdfb5020a92a4fa1f91","card_issuer":"","card_brand":"VISA","card_number":"XXXX-XXXXXXXX-1449","card_fingerprint":"27po8sn3gehxumesqx9oi6xmv9","extended_card_type":"","card_type":"CREDIT","provider_category":"","card_isin":"","juspay_bank_code":"","tokenize_support":false,"nickname":"","card_sub_type":"","card_exp_year":"2030","provider":"","card_exp_month":"01"}]}
}

// Wallets, one linked with an exact balance and one not, seeded for a
// customer and listed back.
func ExampleServer_AddWallet() {
	s := juspaytest.NewServer()
	defer s.Close()
	if _, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "cust_123489"}); err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range []juspaytest.Wallet{
		{ID: "wlm_1", Name: "MOBIKWIK", Linked: true, Token: "tk_1", CurrentBalance: "100.50", LastRefreshed: time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)},
		{ID: "wlm_2", Name: "PAYTM", Metadata: []byte(`{"mobile_number":"9999999999"}`)},
	} {
		if _, err := s.AddWallet("cust_123489", w); err != nil {
			fmt.Println(err)
			return
		}
	}
	get(s, "/customers/cust_123489/wallets")
	// Output:
	// 200 {"list":[{"wallet":"MOBIKWIK","token":"tk_1","last_refreshed":"2023-09-11T08:29:47Z","object":"wallet_account","id":"wlm_1","current_balance":100.50,"linked":true},{"wallet":"PAYTM","token":null,"last_refreshed":null,"object":"wallet_account","id":"wlm_2","current_balance":null,"linked":false,"metadata":{"mobile_number":"9999999999"},"gateway_reference_id":null}],"offset":0,"count":2,"total":2,"object":"list"}
}

// A route the library does not wrap, added to the fake to test a Do call;
// without it the call meets a 501 that names no id.
func ExampleServer_Handle() {
	s := juspaytest.NewServer()
	defer s.Close()
	c := s.Client(juspay.WithMaxRetries(0))
	ctx := context.Background()
	call := &juspay.RawRequest{Method: "GET", Path: "/customers/{id}/mandates", ID: "user-000042"}

	_, err := c.Do(ctx, call, nil)
	fmt.Println(juspay.IsNotFound(err), strings.Contains(err.Error(), "GET /customers/*/*"))

	s.Handle("GET /customers/{id}/mandates", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"customer_id":%q,"mandates":[]}`, r.PathValue("id"))
	}))
	var mandates struct {
		CustomerID string `json:"customer_id"`
	}
	resp, err := c.Do(ctx, call, &mandates)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, mandates.CustomerID, s.RequestsTo("GET /customers/{id}/mandates")[0].CustomerID)
	// Output:
	// false true
	// 200 user-000042 user-000042
}
