package juspay_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

func ExampleNewClient() {
	client, err := juspay.NewClient("your_api_key", "merchant_id",
		juspay.WithEnvironment(juspay.Production),
		juspay.WithTimeout(10*time.Second),
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
	// juspay: base URL "http://example.com": http:// is allowed only for loopback hosts; use https://
}

func ExampleClient_CreateCustomer() {
	// A stand-in for Juspay, so that this example runs offline.
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"id":"cst_afdeuvmfhs3j1acm","object":"customer",
			"object_reference_id":"customer@gmail.com","date_created":"2020-03-17T14:13:37Z",
			"juspay":{"client_auth_token":"tkn_24543c6a278f45d680d09edb32e78061",
			          "client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`)
	}))
	defer fake.Close()

	client, err := juspay.NewClient("your_api_key", "merchant_id", juspay.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
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
	fmt.Println(cust.ID)
	fmt.Println(cust.ClientAuth.Token)
	fmt.Println(cust.ClientAuth.Expiry.Sub(cust.DateCreated))
	// Output:
	// cst_afdeuvmfhs3j1acm
	// tkn_24543c6a278f45d680d09edb32e78061
	// 15m0s
}

func ExampleClient_GetOrCreateCustomer() {
	// A stand-in for Juspay that does not know the customer yet.
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("Juspay got", r.Method, r.URL.Path)
		if r.Method == http.MethodGet {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"status":"invalid_request_error","error_code":"object_not_found"}`)
			return
		}
		fmt.Fprint(w, `{"id":"cst_pcxaymwoh9vbse97","object":"customer","object_reference_id":"customer@gmail.com"}`)
	}))
	defer fake.Close()

	client, err := juspay.NewClient("your_api_key", "merchant_id", juspay.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	// Get by object_reference_id first; create only when Juspay has no such customer.
	cust, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com",
		MobileNumber:      "9988776655",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ID)
	// Output:
	// Juspay got GET /customers/customer@gmail.com
	// Juspay got POST /customers
	// cst_pcxaymwoh9vbse97
}

func ExampleClient_UpdateCustomer() {
	// A stand-in for Juspay that answers with the updated customer.
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		fmt.Println("Juspay got", r.Method, r.URL.Path, r.PostForm.Encode())
		fmt.Fprint(w, `{"id":"cst_pcxaymwoh9vbse97","object":"customer","email_address":"john@example.com",
			"last_updated":"2016-08-02T08:10:11+0000"}`)
	}))
	defer fake.Close()

	client, err := juspay.NewClient("your_api_key", "merchant_id", juspay.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	// Only the fields given are sent; the others stay as they are.
	cust, err := client.UpdateCustomer(context.Background(), &juspay.UpdateCustomerRequest{
		CustomerID:   "cst_pcxaymwoh9vbse97",
		EmailAddress: "john@example.com",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.EmailAddress, cust.LastUpdated)
	// Output:
	// Juspay got POST /customers/cst_pcxaymwoh9vbse97 email_address=john%40example.com
	// john@example.com 2016-08-02 08:10:11 +0000 UTC
}

func ExampleClient_GetCustomer() {
	// A stand-in for Juspay that knows one customer and issues 15-minute tokens.
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/customers/customer@gmail.com" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"status":"invalid_request_error","error_code":"object_not_found"}`)
			return
		}
		expiry := time.Now().Add(15 * time.Minute).UTC().Format(time.RFC3339)
		fmt.Fprintf(w, `{"id":"cst_pcxaymwoh9vbse97","object":"customer",
			"juspay":{"client_auth_token":"tkn_8649cd66d30c47728b8dd2fb6279a4cc","client_auth_token_expiry":%q}}`, expiry)
	}))
	defer fake.Close()

	client, err := juspay.NewClient("your_api_key", "merchant_id", juspay.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// By Juspay's id or your object_reference_id, with a fresh client auth token.
	cust, err := client.GetCustomer(ctx, &juspay.GetCustomerRequest{
		CustomerID:         "customer@gmail.com",
		GetClientAuthToken: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ID, cust.ClientAuth.Expired(time.Now()), cust.ClientAuth.ExpiresIn(time.Now()).Round(time.Minute))

	_, err = client.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "someone@example.com"})
	fmt.Println(juspay.IsNotFound(err))
	// Output:
	// cst_pcxaymwoh9vbse97 false 15m0s
	// true
}

func ExampleAPIError() {
	// A stand-in for Juspay that already has this customer.
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error_message":"Customer with given object reference id already exist for your account.",
			"status":"invalid_request_error","error_code":"unique",
			"error_info":{"user_message":"Already exists.","code":"ALREADY_EXISTS","category":"USER_ERROR"}}`)
	}))
	defer fake.Close()

	client, err := juspay.NewClient("your_api_key", "merchant_id", juspay.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com",
		MobileNumber:      "9988776655",
	})

	var apiErr *juspay.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.HTTPStatus, apiErr.ErrorCode, apiErr.ErrorInfo.Code)
	}
	if errors.Is(err, juspay.ErrAlreadyExists) {
		fmt.Println("already a customer: use GetCustomer or GetOrCreateCustomer")
	}
	// The error text names the call, never the customer's id.
	fmt.Println(err)
	// Output:
	// 400 unique ALREADY_EXISTS
	// already a customer: use GetCustomer or GetOrCreateCustomer
	// juspay: CreateCustomer POST /customers: HTTP 400 Bad Request: unique: Customer with given object reference id already exist for your account. (ALREADY_EXISTS)
}

func ExampleValidationError() {
	// A stand-in for Juspay that counts what reaches it.
	var sent atomic.Int32
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sent.Add(1) }))
	defer fake.Close()

	client, err := juspay.NewClient("your_api_key", "merchant_id", juspay.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer_1122",
		MobileNumber:      "99887-76655",
	})

	var vErr *juspay.ValidationError
	if errors.As(err, &vErr) {
		fmt.Println(vErr.Field)
		fmt.Println(vErr.Reason)
	}
	fmt.Println(errors.Is(err, juspay.ErrValidation), "requests sent:", sent.Load())
	// Output:
	// mobile_number
	// must be digits only (one leading '+' allowed with a country code)
	// true requests sent: 0
}
