package juspaytest

import (
	"errors"
	"fmt"
)

// The limits a Server has unless WithLimits changes them: enough for any
// test, and a bound on the memory of a juspay-mock that untrusted clients
// reach.
const (
	// DefaultMaxCustomers is the default Limits.Customers: 100,000.
	DefaultMaxCustomers = 100_000
	// DefaultMaxCardsPerCustomer is the default Limits.CardsPerCustomer:
	// 1,000.
	DefaultMaxCardsPerCustomer = 1_000
	// DefaultMaxWalletsPerCustomer is the default
	// Limits.WalletsPerCustomer: 1,000.
	DefaultMaxWalletsPerCustomer = 1_000
	// DefaultMaxLiveTokens is the default Limits.LiveTokens: 100,000.
	DefaultMaxLiveTokens = 100_000
	// DefaultMaxPendingFaults is the default Limits.PendingFaults: 10,000.
	DefaultMaxPendingFaults = 10_000
)

// Limits caps what a Server holds, so that its memory stays bounded whatever
// its clients do, also while SetNow holds its clock still. A field that is
// zero (or negative) keeps its default, the DefaultMax constant of its name.
type Limits struct {
	// Customers caps the customers stored, created or seeded: a create
	// over it answers 507 Insufficient Storage, in Juspay's error shape
	// ({"status":"error","error_code":"limit_exceeded",...}, the message
	// naming the limit), and AddCustomer returns an error matching
	// ErrLimit. Default DefaultMaxCustomers.
	Customers int
	// CardsPerCustomer caps the saved cards of one customer: AddCard over
	// it returns an error matching ErrLimit. Default
	// DefaultMaxCardsPerCustomer.
	CardsPerCustomer int
	// WalletsPerCustomer caps the wallets of one customer: AddWallet over
	// it returns an error matching ErrLimit. Default
	// DefaultMaxWalletsPerCustomer.
	WalletsPerCustomer int
	// LiveTokens caps the tokens held at once: client auth tokens, and card
	// tokens under WithFreshCardTokens. Issuing one more first forgets the
	// expired ones and then, if the cap is still reached, the oldest issued
	// (it is no longer valid), whether the clock runs or is frozen. Default
	// DefaultMaxLiveTokens.
	LiveTokens int
	// PendingFaults caps the faults not yet used up, on every route
	// together; a fault injected with n = Always counts as one. AddFault
	// over it returns an error matching ErrLimit, InjectFault and its
	// shorthands panic. Default DefaultMaxPendingFaults.
	PendingFaults int
}

// defaultLimits is every cap at its default.
func defaultLimits() Limits {
	return Limits{
		Customers: DefaultMaxCustomers, CardsPerCustomer: DefaultMaxCardsPerCustomer,
		WalletsPerCustomer: DefaultMaxWalletsPerCustomer, LiveTokens: DefaultMaxLiveTokens,
		PendingFaults: DefaultMaxPendingFaults,
	}
}

// ErrLimit is matched (errors.Is) by the error AddCustomer, AddCard,
// AddWallet or AddFault returns when the server holds as many as its Limits
// allow.
var ErrLimit = errors.New("juspaytest: limit reached")

// limitError is a cap reached: its text names the cap, its value, and how to
// raise it.
type limitError struct {
	what  string // "customers", "saved cards of one customer", ...
	field string // the Limits field
	flag  string // juspay-mock's flag for it
	max   int
}

func (e *limitError) Error() string {
	return fmt.Sprintf("the server holds its limit of %d %s (Limits.%s): raise it with juspaytest.WithLimits, or juspay-mock's -%s flag",
		e.max, e.what, e.field, e.flag)
}

func (e *limitError) Is(target error) bool { return target == ErrLimit }

func customersLimit(max int) *limitError {
	return &limitError{what: "customers", field: "Customers", flag: "max-customers", max: max}
}

func cardsLimit(max int) *limitError {
	return &limitError{what: "saved cards per customer", field: "CardsPerCustomer", flag: "max-cards-per-customer", max: max}
}

func walletsLimit(max int) *limitError {
	return &limitError{what: "wallets per customer", field: "WalletsPerCustomer", flag: "max-wallets-per-customer", max: max}
}

func faultsLimit(max int) *limitError {
	return &limitError{what: "pending faults", field: "PendingFaults", flag: "max-pending-faults", max: max}
}
