// Command quickstart creates a Juspay customer and prints its id and its
// client auth token, masked:
//
//	go run ./examples/quickstart
//
// With no environment it runs against an in-process juspaytest server: no
// account and no network needed. With JUSPAY_API_KEY and JUSPAY_MERCHANT_ID
// set it calls Juspay's sandbox, or production with JUSPAY_ENV=production.
// JUSPAY_BASE_URL, for testing against a fake or a proxy, sends the calls
// to that URL instead. Its first line, on stderr, says which of these it
// does (package examples/internal/juspayenv reads the environment, for
// every example).
//
// It uses GetOrCreateCustomer, so a second run finds the customer the first
// one created.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/examples/internal/juspayenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		stop()
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own environment.
func run(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	client, done, err := juspayenv.NewClient(getenv, stderr) // says on stderr where the calls go
	if err != nil {
		return err
	}
	defer done()

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cust, err := client.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{
		ObjectReferenceID:  "quickstart-user-0001", // your id for the customer
		MobileNumber:       "9988776655",
		MobileCountryCode:  "91",
		EmailAddress:       "customer@example.com",
		FirstName:          "John",
		LastName:           "Smith",
		GetClientAuthToken: true, // for Juspay's Express Checkout SDK
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "customer id:", cust.ID)
	fmt.Fprintln(stdout, "client auth:", cust.ClientAuth) // prints the token masked: tkn_***
	return nil
}
