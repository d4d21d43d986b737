// Package juspay is a Go client for Juspay's customer API: create, get and
// update the customers of a merchant, get client auth tokens for Juspay's
// Express Checkout SDK, and list or delete a customer's saved cards and
// wallets.
//
// Build one Client per API key and share it; it is safe for concurrent use:
//
//	client, err := juspay.NewClient(apiKey, merchantID, juspay.WithEnvironment(juspay.Sandbox))
//	if err != nil { ... }
//	cust, err := client.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{
//		ObjectReferenceID: "user-000042",
//		MobileNumber:      "9988776655",
//		MobileCountryCode: "91",
//		EmailAddress:      "customer@gmail.com",
//	})
//
// Sandbox is the default; pass juspay.Production once you go live.
//
// Every request is checked locally against the rules of Juspay's Create
// Customer page before anything is sent; a refused one returns a
// *ValidationError naming the field. Juspay's own refusals return an
// *APIError, and failures with no usable answer a *RequestError; find them
// with errors.As, or branch with errors.Is on ErrAlreadyExists, ErrNotFound,
// ErrUnauthorized and the other sentinels.
//
// Calls are retried (twice by default) on transient connection failures
// and on 408, 429, 500, 502, 503 and 504, with jittered backoff and
// Retry-After honoured; a retried create never creates a second customer
// and never returns another one. Redirects are never followed, at most
// 1 MiB of a response is read, and each attempt has a timeout
// (DefaultTimeout) within the caller's context.
//
// Every answer is checked against what the call asked for (the customer,
// the customer of a card list, the card deleted) before it is returned.
// A customer id goes into the URL path, so one holding / \ ? # % or ; is
// refused: a proxy that decodes paths could send the call to another
// customer. Address such a customer by Juspay's id ("cst_...").
//
// WithObserver lets an instrumentation see every call and attempt (its
// name, path template, status, request id, duration and error kind, never
// an id or a value); module github.com/seed276dc779/juspay-go/juspayotel
// turns them into OpenTelemetry traces and metrics.
//
// Nothing the package prints or logs shows the API key, and client auth
// tokens, card and wallet tokens, e-mail addresses, mobile numbers, names
// and the customer ids you choose (object_reference_id, routing id) are
// masked in fmt and slog output.
//
// For tests, package juspaytest runs a fake of the customer API on a
// loopback port, and cmd/juspay-mock runs the same fake as a program.
//
// Juspay's Create Customer page:
// https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer
package juspay
