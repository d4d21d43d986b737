// Package juspaytest provides a fake of Juspay's customer API for tests, in
// the style of net/http/httptest: NewServer starts it on a loopback port,
// Server.Client returns a juspay.Client wired to it, and Close stops it.
// Server.Handler serves the same fake from another mux or server;
// NewUnstartedServer makes one that listens nowhere until Start, for a
// server of your own to serve (juspay-mock serves it on its one listener).
//
//	s := juspaytest.NewServer()
//	defer s.Close()
//	c := s.Client()
//	cust, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{...})
//
// # What it serves
//
//   - POST /customers creates a customer (object_reference_id,
//     mobile_number, mobile_country_code, email_address, first_name,
//     last_name, options.get_client_auth_token).
//   - GET /customers/{id} finds a customer by Juspay id or, failing that, by
//     object_reference_id; the query options.get_client_auth_token=true adds
//     a fresh client auth token.
//   - POST /customers/{id} updates: the fields mobile_number,
//     mobile_country_code, email_address, first_name and last_name that are
//     sent with a non-empty value change, the others stay, and last_updated
//     moves to the server's now.
//   - GET /cards?customer_id={id} lists a customer's saved cards, all in one
//     answer; options.check_cvv_less_support=true adds cvv_less_support and
//     cvv_less_supported_gateways to each card's "token" object.
//   - POST /card/delete (also /card/delete/) deletes the card whose
//     card_token is sent; the next list no longer has it.
//
// A card keeps its one card_token, which never expires, unless
// WithFreshCardTokens makes every list issue new ones, as Juspay may (its
// docs say card tokens expire 15 minutes after they are made and are not to
// be cached): each token then deletes its card until TokenTTL after it was
// issued, and a deletion by any of them takes the card and all its tokens.
//   - GET /customers/{id}/wallets lists a customer's wallets, linked or not.
//   - GET /customers/{id}/wallets/refresh-balances answers the same list
//     after each linked wallet read its balance: the one set with
//     SetWalletBalance, if any (the plain list shows it only after a
//     refresh), and last_refreshed (its sub-details' too) moves to the
//     server's now. An unlinked wallet is not refreshed.
//
// {id} may be Juspay's id or the object_reference_id, on every route. It is
// one path segment, unescaped once: "/customers/a%2Fb" is the id "a/b".
//
// Server.Handle adds a route (a ServeMux pattern, "GET
// /customers/{id}/mandates") behind the same auth, recording and faults, to
// test a juspay.Client.Do call. A route the server does not serve answers
// 501 {"status":"error","error_code":"not_implemented","error_message":...},
// never Juspay's not-found (which would read as "no such customer"): the
// message names the method and the path with every segment after the
// first as "*" (the first too unless it is a plain word), so no id is
// echoed into the caller's error text. A served path with another method
// answers 405 with Allow.
//
// POST bodies may be a form (application/x-www-form-urlencoded, as Juspay's
// pages show) or a JSON object (as Juspay's own MCP server and Haskell client
// send): its values must be strings or null, except
// options.get_client_auth_token, which may also be true or false; other keys
// are ignored. Any other Content-Type, or a body that cannot be read, is a
// 400 invalid_request. A body over 1 MiB is a 413.
//
// Every call needs Basic auth with the server's APIKey as user name and an
// empty password, with or without the trailing colon (Juspay's Node SDK
// omits it and Juspay accepts that); else 401. The key is checked before
// the body is read: a request without it is answered without its body
// being read (so it cannot make the server hold one), and recorded without
// it. x-merchantid must be
// MerchantID on create, get and list cards; update, delete card and the two
// wallet lists accept a request without it (Juspay's docs and samples send
// none there), but one that is sent must match. The x-routing-id header is
// recorded; a missing one is refused (400) only with WithStrictRoutingID,
// and never on delete card, whose sample sends none.
//
// Create and update enforce the field rules of Juspay's Create Customer
// page, as the juspay client does (the two are fuzzed against each other):
// object_reference_id 8 to 128 characters, mobile_number digits only, at
// most 16, with one leading "+" only when the same request carries
// mobile_country_code; mobile_country_code 1 to 4 digits, one leading "+"
// allowed; email_address at most 128, local@domain; names at most 64, none
// of +!<>?;:@%`&*$^{}/\,= ; no control characters and valid UTF-8
// throughout. Only the first problem is reported, in that order.
//
// # Its answers
//
// Every answer, error or fault status included, carries an x-response-id
// header: a random UUID, new for every answer. An error body with an
// error_info object carries the same value as error_info.request_id.
//
// A customer is JSON with the keys in the order of the page's samples: id,
// object ("customer"), object_reference_id, mobile_country_code,
// mobile_number, email_address, first_name, last_name, date_created,
// last_updated, and "juspay" {client_auth_token, client_auth_token_expiry}
// only when a token was asked for. A field the customer lacks is null, as
// the sandbox sends it. The server makes ids like the sandbox's, "cth_" and
// 16 mixed-case alphanumerics (a seeded customer may have any id, "cst_..."
// included); client auth tokens are "tkn_" and 32 hex digits, valid for
// TokenTTL (15 minutes); timestamps are UTC to the second, as
// 2020-03-17T14:16:31Z. Values are stored and returned as sent.
//
// The card list is {"customer_id" (as asked), "merchantId", "cards"}, cards
// in the key order of Juspay's list-cards sample and [] when there are none.
// A delete answers {"card_token", "card_reference", "deleted": true}. The
// wallet list is {"list", "offset": 0, "count", "total", "object": "list"}
// with every wallet: linked ones as the 2023 sample shows them, unlinked
// ones with token, current_balance, last_refreshed and gateway_reference_id
// null and a metadata object. Balances are sent as the exact decimal they
// were seeded with. Customer, Card and Wallet marshal with encoding/json to
// these same shapes, absent values null, and read them back.
//
// Errors use the bodies Juspay documents: 401 access_denied; 400 "Invalid
// Request" naming the field for a refused value; 400 nullable ("mobile_number
// is mandatory field.") for a missing mandatory one; 400 unique for a
// duplicate object_reference_id.
//
// # Choices where Juspay's answer is not documented
//
// An unknown customer on get or update answers 404
// {"status":"invalid_request_error","error_code":"object_not_found",
// "error_message":"Cannot find what you are looking for"}, with no
// error_info: the body Juspay's MCP server documents for Get Customer and
// its v2 error-code page lists.
//
// An unknown customer on either wallet list answers 400 {"status":"Invalid
// Request","error_code":"null_error","error_message":"Customer not found for
// given customerId."}: Juspay's List Wallets page documents only a 400, and
// its Refresh All Wallets page, the same list under
// /customers/{id}/wallets/refresh-balances, documents this body for an
// unknown customer.
//
// An unknown customer on list cards answers 200 with "cards": []. Juspay's
// card locker keys cards by the customer id given: its PHP SDK's tests save
// and list cards under ids never created with /customers, and no page
// documents an error for it.
//
// An unknown card_token on delete answers 400 object_not_found with
// error_info.code RESOURCE_NOT_FOUND: Juspay's Delete Card page documents a
// 400 with status, error_code and error_info, and its error-code list names
// RESOURCE_NOT_FOUND for an identifier that is not present.
//
// # Tests
//
// A Server records requests (Requests, RequestsTo, ResetRequests) with
// every header (Juspay's "version" included) and the Authorization value
// redacted, authorized or not: the newest MaxRecordedRequests (1000) and
// MaxRecordedBytes (16 MiB of heap: every string, map and slice a request
// holds is counted as Go lays it out), each body cut to
// MaxRecordedBody (64 KiB, Request.BodyTruncated tells). It seeds and
// lists data (AddCustomer, AddCard, AddWallet, SetWalletBalance,
// Customers, LookupCustomer, Cards, Wallets); Customer, Card and Wallet
// read and write Juspay's JSON, so seed files can be written in it. It
// runs on a clock tests can set (WithClock, SetNow, Advance, ResetClock,
// Now, TokenValid; expired tokens are forgotten); counts the connections
// opened to its port (NewConnections); and injects faults per route
// (InjectFault, FailNext, ThrottleNext, DropNext, DelayNext,
// LoseAnswerNext, Faults, ClearFaults; AddFault returns an error where
// InjectFault panics): a status and body, extra headers
// such as Retry-After, a delay, a dropped connection, or a call that is
// served (a create stored, a card deleted) and then answered 502. Routes
// lists the fake's own routes, RouteOf names the one a request reaches (for a log
// that must not print ids), HasAPIKey checks a request's Basic auth as
// every call does.
//
// # Limits
//
// A Server's state is capped, so its memory stays bounded whatever clients
// send (juspay-mock serves it to clients it does not trust): customers,
// saved cards and wallets per customer, live tokens and pending faults (see
// Limits; WithLimits changes them, the DefaultMax constants are the
// defaults). A create over the customers' cap answers 507 in Juspay's error
// shape, naming the cap; AddCustomer, AddCard, AddWallet and AddFault return
// an error matching ErrLimit (InjectFault and its shorthands panic). Over the
// live tokens' cap the expired tokens are forgotten, then the oldest issued:
// it is no longer valid, whether the clock runs or SetNow froze it.
//
// The API key and merchant id are random per server unless WithCredentials
// fixes them; they are test data, not secrets. Each Server holds its own
// state and is safe for concurrent use; the package has no global state.
package juspaytest
