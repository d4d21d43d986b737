package juspay

import (
	"fmt"
	"strings"
)

// A call returns only what it asked for. Each call declares, when it builds
// its request, what the answer must name; the request path checks every
// decoded answer against it before the call can return it, so a call added
// later cannot forget the check. An answer about anything else fails as a
// *RequestError matching ErrUnexpectedResponse (or the identity's own
// sentinel), and nothing of it leaves the call: its text names the field,
// never a value.

// named is what an answer says it is about: the value it holds for a wire
// field that identifies it ("id", "customer_id", ...); "" when absent.
type named interface{ named(field string) string }

// identity is what an answer must name: the value of one wire field. The
// zero identity is an answer that names nothing checkable (a wallet list,
// a raw call); calls declare it with anyAnswer so that it is a choice.
type identity struct {
	field    string // wire field, e.g. "object_reference_id"
	value    string // what it must equal; an answer without the field names another
	mismatch error  // the sentinel a mismatch matches; nil: ErrUnexpectedResponse
}

// anyAnswer is the identity of a call whose answer names nothing to check.
func anyAnswer() identity { return identity{} }

// theCustomer is the customer a call names by customerID: an id starting
// with "cst_" or "cth_" is Juspay's, which the answer's id must equal; any
// other is an object_reference_id, which the answer's must equal.
func theCustomer(customerID string) identity {
	if isJuspayIDPrefix(customerID) {
		return identity{field: "id", value: customerID}
	}
	return referenceOf(customerID)
}

// referenceOf is the customer whose object_reference_id is ref.
func referenceOf(ref string) identity {
	return identity{field: "object_reference_id", value: ref}
}

// cardsOf is the customer whose cards are listed: Juspay echoes the
// customer_id it was given, and an answer without it is about no one.
func cardsOf(customerID string) identity {
	return identity{field: "customer_id", value: customerID}
}

// theCard is the card a deletion names.
func theCard(token string) identity { return identity{field: "card_token", value: token} }

// orConflict makes a mismatch match ErrReferenceConflict: GetOrCreate's
// lookups, where a reference may resolve to another customer's Juspay id.
func (id identity) orConflict() identity {
	id.mismatch = ErrReferenceConflict
	return id
}

// check reports whether a names what id says.
func (id identity) check(a named) error {
	if id.field == "" {
		return nil
	}
	got := a.named(id.field)
	if got == id.value {
		return nil
	}
	if id.mismatch != nil {
		return id.mismatch
	}
	return fmt.Errorf("%w: the answer is about another %s than the one asked for", ErrUnexpectedResponse, id.field)
}

// isJuspayIDPrefix reports an id that Juspay's lookup takes as its own:
// one starting with "cst_" or "cth_".
func isJuspayIDPrefix(s string) bool {
	return strings.HasPrefix(s, "cst_") || strings.HasPrefix(s, "cth_")
}
