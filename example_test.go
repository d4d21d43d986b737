package juspay_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// The examples run against juspaytest, a fake Juspay on a loopback port, so
// they run offline. In your code, build the client with your dashboard's
// key and merchant id, and leave out WithBaseURL.

// The quick start: a client for Juspay's sandbox, and a customer with a
// client auth token for the Express Checkout SDK.
func Example() {
	fake := juspaytest.NewServer() // only for this example
	defer fake.Close()

	client, err := juspay.NewClient(fake.APIKey, fake.MerchantID, // your dashboard's key and merchant id
		juspay.WithEnvironment(juspay.Sandbox), // the default; juspay.Production once live
		juspay.WithBaseURL(fake.URL),           // only for this example
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	cust, err := client.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{
		ObjectReferenceID:  "user-000042", // your id for the customer
		MobileNumber:       "9988776655",
		MobileCountryCode:  "91",
		EmailAddress:       "customer@gmail.com",
		FirstName:          "John",
		LastName:           "Smith",
		GetClientAuthToken: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ObjectReferenceID, cust.EmailAddress)
	fmt.Println(cust.ClientAuth.ExpiresIn(fake.Now()).Round(time.Minute)) // hand cust.ClientAuth.Token to your app
	// Output:
	// user-000042 customer@gmail.com
	// 15m0s
}

func ExampleNewClient() {
	client, err := juspay.NewClient("your_api_key", "merchant_id",
		juspay.WithEnvironment(juspay.Production),
		juspay.WithTimeout(10*time.Second), // per attempt
		juspay.WithMaxRetries(3),
		juspay.WithUserAgent("shop-backend/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	// Printing a client never shows the API key.
	fmt.Println(client)

	// A bad option is an error, never a panic.
	_, err = juspay.NewClient("your_api_key", "merchant_id", juspay.WithBaseURL("http://example.com"))
	fmt.Println(err)
	// Output:
	// juspay.Client{MerchantID:merchant_id BaseURL:https://api.juspay.in APIKey:[redacted]}
	// juspay: base URL http://example.com may use http:// only for a loopback host; use https://
}

func ExampleClient_CreateCustomer() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	fake.SetNow(time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC))
	client := fake.Client()

	cust, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID:  "customer@gmail.com",
		MobileNumber:       "9988776655",
		MobileCountryCode:  "91",
		EmailAddress:       "customer@gmail.com",
		FirstName:          "John",
		LastName:           "Smith",
		GetClientAuthToken: true, // for Juspay's Express Checkout SDK
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.Object, cust.FirstName, cust.LastName)
	fmt.Println(cust.ClientAuth.Expiry.Sub(cust.DateCreated))
	// Printing masks the personal data and the token.
	fmt.Println(cust.ClientAuth)
	// Output:
	// customer John Smith
	// 15m0s
	// juspay.ClientAuth{Token:tkn_*** Expiry:2020-03-17T14:28:37Z}
}

func ExampleClient_GetCustomer() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	client := fake.Client()
	ctx := context.Background()

	// By Juspay's id or your object_reference_id, with a fresh client auth token.
	cust, err := client.GetCustomer(ctx, &juspay.GetCustomerRequest{
		CustomerID:         "customer@gmail.com",
		GetClientAuthToken: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.MobileNumber, cust.ClientAuth.Expired(fake.Now()))

	_, err = client.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "someone@example.com"})
	fmt.Println(errors.Is(err, juspay.ErrNotFound))
	// Output:
	// 9988776655 false
	// true
}

func ExampleClient_UpdateCustomer() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	client := fake.Client()

	// Only the fields given are sent; the others stay as they are.
	cust, err := client.UpdateCustomer(context.Background(), &juspay.UpdateCustomerRequest{
		CustomerID:   "user-000042",
		EmailAddress: "john@example.com",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.EmailAddress, cust.MobileNumber)
	fmt.Println(fake.RequestsTo(juspaytest.RouteUpdate)[0].Body)
	// Output:
	// john@example.com 9988776655
	// email_address=john%40example.com
}

func ExampleClient_GetOrCreateCustomer() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	client := fake.Client()
	req := &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}

	// Get by object_reference_id first; create only when Juspay has no such
	// customer. A second call finds the first one's customer.
	first, err := client.GetOrCreateCustomer(context.Background(), req)
	if err != nil {
		log.Fatal(err)
	}
	second, err := client.GetOrCreateCustomer(context.Background(), req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first.ID == second.ID, len(fake.Customers()))
	for _, r := range fake.Requests() {
		fmt.Println(r.Route, "x-routing-id:", r.RoutingID)
	}
	// Output:
	// true 1
	// GET /customers/{id} x-routing-id: user-000042
	// POST /customers x-routing-id: user-000042
	// GET /customers/{id} x-routing-id: user-000042
}

func ExampleClient_ClientAuthToken() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	fake.SetNow(time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC))
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	client := fake.Client()

	// At checkout: reuse the token while it is valid, else get a fresh one.
	// auth was kept from sign-up; here there is none. Expired is nil-safe,
	// and a minute of margin leaves time to use the token.
	var auth *juspay.ClientAuth
	if auth.Expired(fake.Now().Add(time.Minute)) {
		var err error
		auth, err = client.ClientAuthToken(context.Background(), &juspay.GetCustomerRequest{CustomerID: "user-000042"})
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(auth.ExpiresIn(fake.Now()), fake.TokenValid(auth.Token))
	// Output:
	// 15m0s true
}

func ExampleClientAuth_Expired() {
	issued := time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)
	auth := &juspay.ClientAuth{Token: "tkn_24543c6a278f45d680d09edb32e78061", Expiry: issued.Add(15 * time.Minute)}

	fmt.Println(auth.Expired(issued.Add(10*time.Minute)), auth.ExpiresIn(issued.Add(10*time.Minute)))
	fmt.Println(auth.Expired(issued.Add(15*time.Minute)), auth.ExpiresIn(issued.Add(15*time.Minute)))
	var none *juspay.ClientAuth
	fmt.Println(none.Expired(issued)) // no token: renew rather than trust
	// Output:
	// false 5m0s
	// true 0s
	// true
}

func ExampleWithRequiredFieldsFor() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	client := fake.Client(juspay.WithRequiredFieldsFor(juspay.GatewayRazorpay, juspay.GatewayPayPal))

	_, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "user-000042",
		MobileNumber:      "9988776655",
	})
	var verr *juspay.ValidationError
	if errors.As(err, &verr) {
		fmt.Println(verr.Field, verr.Gateway)
	}
	fmt.Println(juspay.GatewayPayPal.RequiredFields(), len(fake.Requests()))
	// Output:
	// email_address RAZORPAY
	// [email_address] 0
}

func ExampleIsRetryable() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	client := fake.Client(juspay.WithRetryBackoff(time.Millisecond, time.Millisecond))

	// Juspay is down for longer than the client's own retries (2 by default).
	fake.FailNext(juspaytest.RouteCreate, 3, http.StatusServiceUnavailable, "")
	_, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "user-000042",
		MobileNumber:      "9988776655",
	})
	fmt.Println(juspay.IsRetryable(err), errors.Is(err, juspay.ErrServer))
	var apiErr *juspay.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.HTTPStatus, "after", apiErr.Attempts, "attempts")
	}

	// The next try succeeds.
	_, err = client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "user-000042",
		MobileNumber:      "9988776655",
	})
	fmt.Println(err)
	// Output:
	// true true
	// 503 after 3 attempts
	// <nil>
}

// Branching on errors: each case a handler maps has a sentinel for
// errors.Is, and the three error types carry the details.
func Example_errors() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	client := fake.Client(juspay.WithMaxRetries(0))
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	fake.FailNext(juspaytest.RouteCreate, 1, http.StatusTooManyRequests, "")

	for _, req := range []*juspay.CreateCustomerRequest{
		{ObjectReferenceID: "user-000043", MobileNumber: "99887-76655"}, // refused locally
		{ObjectReferenceID: "user-000043", MobileNumber: "9988776655"},  // 429
		{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"},  // taken
	} {
		_, err := client.CreateCustomer(context.Background(), req)
		var verr *juspay.ValidationError
		var apiErr *juspay.APIError
		switch {
		case errors.As(err, &verr): // nothing was sent: answer 422 with verr.Field
			fmt.Println("invalid field:", verr.Field)
		case errors.Is(err, juspay.ErrAlreadyExists):
			fmt.Println("already a customer: use GetOrCreateCustomer")
		case errors.Is(err, juspay.ErrUnauthorized), errors.Is(err, juspay.ErrForbidden):
			fmt.Println("our key, merchant id or IP is refused")
		case juspay.IsRetryable(err): // 408, 429, 5xx, connection failures
			fmt.Println("try again later")
		case errors.As(err, &apiErr):
			fmt.Println("Juspay refused:", apiErr.HTTPStatus, apiErr.ErrorCode)
		}
	}
	// Output:
	// invalid field: mobile_number
	// try again later
	// already a customer: use GetOrCreateCustomer
}

func ExampleAPIError() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	client := fake.Client()

	_, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com",
		MobileNumber:      "9988776655",
	})
	var apiErr *juspay.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.HTTPStatus, apiErr.ErrorCode, apiErr.ErrorInfo.Code, apiErr.RequestID != "")
	}
	fmt.Println(errors.Is(err, juspay.ErrAlreadyExists))
	// Output:
	// 400 unique ALREADY_EXISTS true
	// true
}

func ExampleValidationError() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	client := fake.Client()

	_, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer_1122",
		MobileNumber:      "99887-76655",
	})
	var verr *juspay.ValidationError
	if errors.As(err, &verr) {
		fmt.Println(verr.Field)
		fmt.Println(verr.Reason)
	}
	fmt.Println(errors.Is(err, juspay.ErrValidation), "requests sent:", len(fake.Requests()))
	// Output:
	// mobile_number
	// must be digits only, without spaces or separators such as '-', '(' or '.'
	// true requests sent: 0
}

func ExampleClient_ListCards() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	if _, err := fake.AddCard("user-000042", juspaytest.Card{
		Number: "XXXX-XXXXXXXX-1449", Brand: "VISA", Type: "CREDIT", Issuer: "SBI", ExpMonth: "01", ExpYear: "2030",
	}); err != nil {
		log.Fatal(err)
	}
	client := fake.Client()

	list, err := client.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: "user-000042"})
	if err != nil {
		log.Fatal(err)
	}
	for _, card := range list.Cards {
		// card.Token pays with or deletes the card; printing masks it.
		fmt.Println(card.Number, card.Brand, card.Issuer, card.ExpMonth+"/"+card.ExpYear, card.Expired)
	}
	// Output:
	// XXXX-XXXXXXXX-1449 VISA SBI 01/2030 false
}

func ExampleClient_DeleteCard() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	for _, last4 := range []string{"1449", "0005"} {
		if _, err := fake.AddCard("user-000042", juspaytest.Card{Number: "XXXX-XXXXXXXX-" + last4, Brand: "VISA"}); err != nil {
			log.Fatal(err)
		}
	}
	client := fake.Client()
	ctx := context.Background()

	// Closing an account: Juspay has no delete-customer call, so forget the
	// customer's saved cards.
	list, err := client.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "user-000042"})
	if err != nil {
		log.Fatal(err)
	}
	for _, card := range list.Cards {
		// CustomerID: the card must be this customer's; it also confirms a
		// deletion whose answer was lost.
		deleted, err := client.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: card.Token, CustomerID: "user-000042"})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(card.Number, deleted.Deleted)
	}
	list, err = client.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "user-000042"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(list.Cards), "cards left")
	// Output:
	// XXXX-XXXXXXXX-1449 true
	// XXXX-XXXXXXXX-0005 true
	// 0 cards left
}

func ExampleClient_ListWallets() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	if _, err := fake.AddWallet("user-000042", juspaytest.Wallet{Name: "MOBIKWIK", Linked: true, CurrentBalance: "100.10"}); err != nil {
		log.Fatal(err)
	}
	if _, err := fake.AddWallet("user-000042", juspaytest.Wallet{Name: "PAYTM"}); err != nil {
		log.Fatal(err)
	}
	client := fake.Client()

	list, err := client.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "user-000042"})
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range list.Wallets {
		// An exact decimal, never a float64; empty for an unlinked wallet.
		fmt.Printf("%s linked=%v balance=%q\n", w.Name, w.Linked, w.CurrentBalance)
	}
	fmt.Println(list.Total)
	// Output:
	// MOBIKWIK linked=true balance="100.10"
	// PAYTM linked=false balance=""
	// 2
}

func ExampleClient_Do() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	if _, err := fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"}); err != nil {
		log.Fatal(err)
	}
	client := fake.Client()

	// A call the library does not wrap goes through the same path: auth,
	// routing id, retries, bounds, typed errors. Put ids in ID, so that
	// errors and logs name the path as written.
	var out struct {
		Reference string `json:"object_reference_id"`
		Mobile    string `json:"mobile_number"`
	}
	resp, err := client.Do(context.Background(), &juspay.RawRequest{
		Method: http.MethodGet, Path: "/customers/{id}", ID: "user-000042",
	}, &out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, out.Reference, out.Mobile)

	_, err = client.Do(context.Background(), &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/../admin"}, nil)
	fmt.Println(err)
	// Output:
	// 200 user-000042 9988776655
	// juspay: invalid path: must not hold an empty, "." or ".." segment
}

func ExampleNewTransport() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	srv := httptest.NewTLSServer(fake.Handler()) // a server whose CA is not in the system pool
	defer srv.Close()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())

	// One tuned transport, with the custom CA, shared by a Client per merchant.
	t := juspay.NewTransport()
	t.TLSClientConfig.RootCAs = pool
	hc := &http.Client{Transport: t}
	client, err := juspay.NewClient(fake.APIKey, fake.MerchantID, juspay.WithBaseURL(srv.URL), juspay.WithHTTPClient(hc))
	if err != nil {
		log.Fatal(err)
	}
	cust, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "user-000042", MobileNumber: "9988776655"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ObjectReferenceID, t.TLSClientConfig.MinVersion == tls.VersionTLS12)
	// Output:
	// user-000042 true
}

func ExampleResponse() {
	fake := juspaytest.NewServer()
	defer fake.Close()
	client := fake.Client()
	fake.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")

	cust, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "user-000042", MobileNumber: "9988776655"})
	if err != nil {
		log.Fatal(err)
	}
	// The answer the customer came in: for a support ticket, quote RequestID.
	r := cust.LastResponse
	fmt.Println(r.StatusCode, r.Attempts, r.RequestID != "")
	// Output:
	// 200 2 true
}
