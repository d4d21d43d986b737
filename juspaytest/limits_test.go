package juspaytest

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithLimitsKeepsDefaultsForZeroFields(t *testing.T) {
	tests := []struct {
		name string
		in   Limits
		want Limits
	}{
		{"zero", Limits{}, Limits{DefaultMaxCustomers, DefaultMaxCardsPerCustomer, DefaultMaxWalletsPerCustomer, DefaultMaxLiveTokens, DefaultMaxPendingFaults}},
		{"negative", Limits{-1, -1, -1, -1, -1}, Limits{100_000, 1_000, 1_000, 100_000, 10_000}},
		{"every field", Limits{1, 2, 3, 4, 5}, Limits{1, 2, 3, 4, 5}},
		{"one field", Limits{LiveTokens: 7}, Limits{100_000, 1_000, 1_000, 7, 10_000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewUnstartedServer(WithLimits(tt.in))
			defer s.Close()
			assert.Equal(t, tt.want, s.h.store.limits)
			assert.Equal(t, tt.want.LiveTokens, s.h.store.live.max)
			assert.Equal(t, tt.want.PendingFaults, s.h.faults.max)
		})
	}
}

// TestCustomersLimit: a create over Limits.Customers is a 507 in Juspay's
// error shape naming the limit; AddCustomer's error matches ErrLimit; a
// duplicate is still "already exists".
func TestCustomersLimit(t *testing.T) {
	s := start(t, WithLimits(Limits{Customers: 2}))
	_, err := s.AddCustomer(Customer{ObjectReferenceID: "seeded-0001"})
	require.NoError(t, err)
	create(t, s, createForm("object_reference_id", "created-0001"))

	r := serve(t, s, newReq(t, s, http.MethodPost, "/customers", createForm("object_reference_id", "created-0002")))
	assert.Equal(t, http.StatusInsufficientStorage, r.status)
	assert.Equal(t, `{"status":"error","error_code":"limit_exceeded","error_message":"juspaytest: the server holds its limit of 2 customers `+
		`(Limits.Customers): raise it with juspaytest.WithLimits, or juspay-mock's -max-customers flag"}`, r.body)
	assert.Len(t, s.Customers(), 2, "nothing stored")

	r = serve(t, s, newReq(t, s, http.MethodPost, "/customers", createForm("object_reference_id", "created-0001")))
	assert.Equal(t, http.StatusBadRequest, r.status, "a duplicate is a duplicate, limit or not")
	code, _ := errorCode(t, r.body)
	assert.Equal(t, "unique", code)

	_, err = s.AddCustomer(Customer{ObjectReferenceID: "seeded-0002"})
	assert.ErrorIs(t, err, ErrLimit)
	assert.EqualError(t, err, "juspaytest: AddCustomer: the server holds its limit of 2 customers (Limits.Customers): "+
		"raise it with juspaytest.WithLimits, or juspay-mock's -max-customers flag")
	_, err = s.AddCustomer(Customer{ObjectReferenceID: "seeded-0001"})
	assert.NotErrorIs(t, err, ErrLimit, "a taken reference is no limit")

	s.Reset()
	create(t, s, createForm("object_reference_id", "created-0002"))
}

func TestCardsAndWalletsLimits(t *testing.T) {
	s := start(t, WithLimits(Limits{CardsPerCustomer: 2, WalletsPerCustomer: 1}))
	seedCustomer(t, s)
	_, err := s.AddCustomer(Customer{ObjectReferenceID: "other-0001"})
	require.NoError(t, err)
	for range 2 {
		_, err := s.AddCard("cust_123489", Card{})
		require.NoError(t, err)
	}
	_, err = s.AddCard("cust_123489", Card{})
	assert.ErrorIs(t, err, ErrLimit)
	assert.EqualError(t, err, "juspaytest: AddCard: the server holds its limit of 2 saved cards per customer "+
		"(Limits.CardsPerCustomer): raise it with juspaytest.WithLimits, or juspay-mock's -max-cards-per-customer flag")
	_, err = s.AddCard("other-0001", Card{})
	assert.NoError(t, err, "the limit is per customer")
	assert.Len(t, s.Cards("cust_123489"), 2)

	_, err = s.AddWallet("cust_123489", Wallet{Name: "PAYTM"})
	require.NoError(t, err)
	_, err = s.AddWallet("cust_123489", Wallet{Name: "MOBIKWIK"})
	assert.ErrorIs(t, err, ErrLimit)
	assert.EqualError(t, err, "juspaytest: AddWallet: the server holds its limit of 1 wallets per customer "+
		"(Limits.WalletsPerCustomer): raise it with juspaytest.WithLimits, or juspay-mock's -max-wallets-per-customer flag")
	_, err = s.AddWallet("other-0001", Wallet{Name: "MOBIKWIK"})
	assert.NoError(t, err)
	assert.Len(t, s.Wallets("cust_123489"), 1)

	card := s.Cards("cust_123489")[0]
	require.Equal(t, http.StatusOK, deleteByToken(t, s, card.Token).status)
	_, err = s.AddCard("cust_123489", Card{})
	assert.NoError(t, err, "a deleted card makes room")
}

// TestPendingFaultsLimit: AddFault refuses a fault over
// Limits.PendingFaults with an error matching ErrLimit, InjectFault and its
// shorthands panic; Always counts as one, and a fault used up makes room.
func TestPendingFaultsLimit(t *testing.T) {
	s := start(t, WithLimits(Limits{PendingFaults: 2}))
	require.NoError(t, s.AddFault(RouteGet, Always, Fault{Status: 503}))
	require.NoError(t, s.AddFault(RouteCreate, 1, Fault{Status: 502}))
	require.NoError(t, s.AddFault(RouteCreate, 0, Fault{Status: 502}), "n = 0 adds nothing")

	err := s.AddFault(RouteUpdate, 1, Fault{Status: 500})
	assert.ErrorIs(t, err, ErrLimit)
	assert.EqualError(t, err, "juspaytest: AddFault: the server holds its limit of 2 pending faults (Limits.PendingFaults): "+
		"raise it with juspaytest.WithLimits, or juspay-mock's -max-pending-faults flag")
	assert.PanicsWithValue(t, "juspaytest: InjectFault: the server holds its limit of 2 pending faults (Limits.PendingFaults): "+
		"raise it with juspaytest.WithLimits, or juspay-mock's -max-pending-faults flag",
		func() { s.InjectFault(RouteUpdate, 1, Fault{Status: 500}) })
	for name, f := range map[string]func(){
		"FailNext":       func() { s.FailNext(RouteUpdate, 1, 500, "") },
		"ThrottleNext":   func() { s.ThrottleNext(RouteUpdate, 1, "1") },
		"DropNext":       func() { s.DropNext(RouteUpdate, 1) },
		"DelayNext":      func() { s.DelayNext(RouteUpdate, 1, 1) },
		"LoseAnswerNext": func() { s.LoseAnswerNext(RouteUpdate, 1) },
	} {
		assert.Panics(t, f, name)
	}
	assert.Len(t, s.Faults(), 2)

	r := serve(t, s, newReq(t, s, http.MethodPost, "/customers", createForm()))
	require.Equal(t, http.StatusBadGateway, r.status)
	assert.NoError(t, s.AddFault(RouteUpdate, 1, Fault{Status: 500}), "the used-up fault made room")
	assert.ErrorIs(t, s.AddFault(RouteUpdate, 1, Fault{Status: 500}), ErrLimit)
	s.ClearFaults()
	for i := range 2 {
		assert.NoError(t, s.AddFault(RouteUpdate, 1, Fault{Status: 500}), "cleared: room for %d", i+1)
	}
}

func TestAddFaultRefusals(t *testing.T) {
	s := start(t)
	tests := []struct {
		route Route
		f     Fault
		want  string
	}{
		{"GET /nowhere", Fault{Status: 500}, "juspaytest: AddFault: unknown route GET /nowhere"},
		{RouteGet, Fault{Status: 99}, "juspaytest: AddFault: Fault.Status 99 is neither 0 nor 100 to 999"},
		{RouteGet, Fault{Status: 1000}, "juspaytest: AddFault: Fault.Status 1000 is neither 0 nor 100 to 999"},
		{RouteGet, Fault{Delay: -1}, "juspaytest: AddFault: Fault.Delay -1ns is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			err := s.AddFault(tt.route, 1, tt.f)
			assert.EqualError(t, err, tt.want)
			assert.False(t, errors.Is(err, ErrLimit))
		})
	}
	assert.Empty(t, s.Faults())
	require.NoError(t, s.AddFault(RouteGet, 2, Fault{Status: 503}))
	assert.Equal(t, []PendingFault{{Route: RouteGet, Left: 2, Fault: Fault{Status: 503}}}, s.Faults())
	assert.Equal(t, http.StatusServiceUnavailable, serve(t, s, newReq(t, s, http.MethodGet, "/customers/x", nil)).status)
}
