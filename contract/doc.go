// Package contract is the contract suite: one test per behaviour of Juspay's
// customer API that juspay-go relies on, each named for it, ending with a
// table of each assumption and whether it held, broke or was skipped.
//
// In go test ./... it runs against juspaytest, in process, whatever else is
// set in the environment: credentials in the shell are never used, and no
// customer is created anywhere. JUSPAY_CONTRACT=live runs it against a real
// server instead:
//
//	JUSPAY_CONTRACT=live                  the switch; any other value but empty is an error
//	JUSPAY_API_KEY, JUSPAY_MERCHANT_ID    the account (both required when live)
//	JUSPAY_BASE_URL                       a juspay-mock (or a proxy); without it, Juspay itself:
//	JUSPAY_ENV                            "sandbox" (the default) or "production"
//	JUSPAY_CONTRACT_CARD_CUSTOMER         a customer with a saved card, for the card tests
//	JUSPAY_CONTRACT_DELETE_CARD=1         lets the suite delete one saved card of that customer
//	JUSPAY_CONTRACT_STABLE_TOKENS=1       card tokens must not change between two lists
//
// Against a juspay-mock without JUSPAY_CONTRACT_CARD_CUSTOMER, the suite
// saves cards and a wallet on its own customer through the mock's /__admin/
// routes. Against Juspay, the card tests skip without
// JUSPAY_CONTRACT_CARD_CUSTOMER (Juspay's customer API cannot save a card),
// and the deletion also needs JUSPAY_CONTRACT_DELETE_CARD=1.
//
// Against a real account the suite creates one customer of its own per run,
// whose object_reference_id starts with "JuspayGoContract-" followed by a
// random part (Juspay has no call that deletes a customer: it stays), sends
// fewer than 40 requests, one at a time, and waits as a 429 asks.
//
//	JUSPAY_CONTRACT=live JUSPAY_API_KEY=... JUSPAY_MERCHANT_ID=... go test ./contract -run '^TestContract$' -v
package contract
