package juspaytest_test

import (
	"context"
	"fmt"
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
	fmt.Println(cust.Object, strings.HasPrefix(cust.ID, "cst_"), strings.HasPrefix(cust.ClientAuth.Token, "tkn_"))

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
