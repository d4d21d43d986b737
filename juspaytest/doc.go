// Package juspaytest provides a fake of Juspay's customer API for tests, in
// the style of net/http/httptest: NewServer starts it on a loopback address,
// Server.Client returns a juspay.Client wired to it, and Close stops it.
//
//	s := juspaytest.NewServer()
//	defer s.Close()
//	c := s.Client()
//	cust, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{...})
//
// # What it serves
//
// The three calls Juspay documents, with the field rules of its Create
// Customer page enforced server-side:
//
//   - POST /customers creates (form body: object_reference_id, mobile_number,
//     mobile_country_code, email_address, first_name, last_name,
//     options.get_client_auth_token).
//   - GET /customers/{id} finds a customer by Juspay id or, failing that, by
//     object_reference_id; the query options.get_client_auth_token=true adds a
//     fresh client auth token.
//   - POST /customers/{id} updates: the form fields mobile_number,
//     mobile_country_code, email_address, first_name and last_name that are
//     sent with a non-empty value change, the others stay, and last_updated
//     moves to the server's now.
//
// {id} is one path segment, unescaped once: "/customers/a%2Fb" is the id
// "a/b". Any other path answers 404, a known path with another method 405.
//
// Every call needs Basic auth with the server's APIKey as user name and an
// empty password, with or without the trailing colon (Juspay's Node SDK
// omits it and Juspay accepts that), and the header x-merchantid set to
// MerchantID; else it answers 401. A POST needs Content-Type
// application/x-www-form-urlencoded; else 400. The x-routing-id header is
// recorded; a missing one is refused (400) only with WithStrictRoutingID.
//
// # Its answers
//
// A customer is JSON with the keys in the order of the page's samples: id,
// object ("customer"), object_reference_id, mobile_country_code,
// mobile_number, email_address, first_name, last_name, date_created,
// last_updated, and "juspay" {client_auth_token, client_auth_token_expiry}
// only when a token was asked for. Optional fields the customer lacks are
// left out (not sent as null). Ids are "cst_" and 16 lower-case
// alphanumerics, tokens "tkn_" and 32 lower-case hex digits valid for
// TokenTTL (15 minutes), timestamps UTC to the second in the form
// 2020-03-17T14:16:31Z. Values are stored and returned as sent (a "+" on
// mobile_country_code included).
//
// Errors use the bodies Juspay documents: 401 access_denied; 400 "Invalid
// Request" naming the field for a refused value; 400 nullable ("mobile_number
// is mandatory field.") for a missing mandatory one; 400 unique for a
// duplicate object_reference_id; 404 object_not_found. Only the first
// problem found is reported, in the order of the form fields above.
//
// # Tests
//
// A Server records every request (Requests, RequestsTo, ResetRequests) with
// the Authorization value redacted; lists and seeds customers (Customers,
// LookupCustomer, AddCustomer); runs on a clock tests can set (WithClock,
// SetNow, Advance, Now, TokenValid); counts the connections opened to it
// (NewConnections); and injects faults per route (InjectFault, FailNext,
// ThrottleNext, DropNext, DelayNext, LoseAnswerNext, ClearFaults): a status
// and body, extra headers such as Retry-After, a delay, a dropped
// connection, or a create that is stored and then answered 502.
//
// The API key and merchant id are random per server unless WithCredentials
// fixes them; printing a Server never shows the key. Each Server holds its
// own state and is safe for concurrent use; the package has no global state.
package juspaytest
