// Command quickstart creates a Juspay customer and prints its id and its
// client auth token, masked:
//
//	go run ./examples/quickstart
//
// With no environment it runs against an in-process juspaytest server: no
// account and no network needed. With JUSPAY_API_KEY and JUSPAY_MERCHANT_ID
// set it calls Juspay's sandbox, or production with JUSPAY_ENV=production.
// JUSPAY_BASE_URL, for testing against a fake or a proxy, sends the calls
// to that URL instead.
//
// It uses GetOrCreateCustomer, so a second run finds the customer the first
// one created.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
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
	client, done, err := newClient(getenv, stderr)
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

// newClient builds the client the environment asks for, and says on stderr
// where its calls go. done releases what it started.
func newClient(getenv func(string) string, stderr io.Writer) (c *juspay.Client, done func(), err error) {
	key, merchant := getenv("JUSPAY_API_KEY"), getenv("JUSPAY_MERCHANT_ID")
	envName, baseURL := getenv("JUSPAY_ENV"), getenv("JUSPAY_BASE_URL")

	env := juspay.Sandbox
	switch envName {
	case "", "sandbox":
	case "production":
		env = juspay.Production
	default: // the value is not echoed: it might be a key pasted in the wrong place
		return nil, nil, errors.New(`JUSPAY_ENV must be "production", "sandbox" or unset`)
	}

	switch {
	case key == "" && merchant == "":
		if envName != "" || baseURL != "" {
			return nil, nil, errors.New("JUSPAY_ENV and JUSPAY_BASE_URL need JUSPAY_API_KEY and JUSPAY_MERCHANT_ID")
		}
		s := juspaytest.NewServer()
		fmt.Fprintln(stderr, "JUSPAY_API_KEY not set: using an in-process juspaytest server (offline)")
		return s.Client(), s.Close, nil
	case key == "":
		return nil, nil, errors.New("JUSPAY_MERCHANT_ID is set but JUSPAY_API_KEY is not: set both to call Juspay, or neither to run offline")
	case merchant == "":
		return nil, nil, errors.New("JUSPAY_API_KEY is set but JUSPAY_MERCHANT_ID is not: set both to call Juspay, or neither to run offline")
	}

	opts := []juspay.Option{juspay.WithEnvironment(env)}
	where := string(env)
	if baseURL != "" {
		opts = append(opts, juspay.WithBaseURL(baseURL))
		where = baseURL
	}
	c, err = juspay.NewClient(key, merchant, opts...)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(stderr, "calling %s as merchant %s\n", where, merchant)
	return c, c.CloseIdleConnections, nil
}
