package juspay_test

// Promises that only show across a sequence of attempts, or with someone
// else acting between them: each pinned by the sequence that breaks it.

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestCreateReturnsTheCustomerAnEarlierAttemptMayHaveMadeThrough429: a
// create whose earlier attempt may have landed returns the customer when a
// later attempt meets "already exists", even when an attempt in between was
// answered 429 (which, alone, says nothing was done): "may have landed" is
// carried across every attempt, not taken from the one before the last.
func TestCreateReturnsTheCustomerAnEarlierAttemptMayHaveMadeThrough429(t *testing.T) {
	t.Parallel()
	const ref = "user-000042"
	req := func() *juspay.CreateCustomerRequest {
		return &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655", EmailAddress: "user42@example.com"}
	}
	for _, tc := range []struct {
		name  string
		stage func(t *testing.T, s *juspaytest.Server)
	}{
		{"lostAnswer", func(_ *testing.T, s *juspaytest.Server) { // stored, answered 502
			s.LoseAnswerNext(juspaytest.RouteCreate, 1)
		}},
		{"droppedAfterStore", func(_ *testing.T, s *juspaytest.Server) {
			s.InjectFault(juspaytest.RouteCreate, 1, juspaytest.Fault{AfterStore: true, Drop: true})
		}},
		{"503OnTheSameCustomer", func(t *testing.T, s *juspaytest.Server) { // indistinguishable from the cases above
			_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: "9988776655",
				EmailAddress: "user42@example.com"})
			require.NoError(t, err)
			s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, c := newFake(t)
			tc.stage(t, s)
			s.ThrottleNext(juspaytest.RouteCreate, 1, "")
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cust, err := c.CreateCustomer(ctx, req())
			require.NoError(t, err, "the third attempt's already exists is the first attempt's customer")
			all := s.Customers()
			require.Len(t, all, 1, "one customer for the reference")
			assert.Equal(t, all[0].ID, cust.ID)
			assert.Equal(t, ref, cust.ObjectReferenceID)
			assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 3, "landed, 429, already exists")
			assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 1, "the customer is fetched once")
		})
	}
}

// TestDeleteCardOfACardSomeoneElseDeletedStaysAnError: with CustomerID,
// when the card is gone by the time the deletion reaches Juspay (someone
// else deleted it after DeleteCard's list), and no attempt of this call
// may have landed (the first, or one after a 429), Juspay's not found
// stands: no deletion is reported that this call did not make.
func TestDeleteCardOfACardSomeoneElseDeletedStaysAnError(t *testing.T) {
	t.Parallel()
	const holder = "holder_0001"
	for _, tc := range []struct {
		name     string
		request  func(card juspaytest.Card) *juspay.DeleteCardRequest
		throttle bool // the first attempt is answered 429
	}{
		{"byToken", func(card juspaytest.Card) *juspay.DeleteCardRequest {
			return &juspay.DeleteCardRequest{CardToken: card.Token, CustomerID: holder}
		}, false},
		{"byReference", func(card juspaytest.Card) *juspay.DeleteCardRequest {
			return &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: holder}
		}, false},
		{"byTokenAfter429", func(card juspaytest.Card) *juspay.DeleteCardRequest {
			return &juspay.DeleteCardRequest{CardToken: card.Token, CustomerID: holder}
		}, true},
		{"byReferenceAfter429", func(card juspaytest.Card) *juspay.DeleteCardRequest {
			return &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: holder}
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			_, err := h.fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: holder, MobileNumber: "9988776655"})
			require.NoError(t, err)
			card, err := h.fake.AddCard(holder, juspaytest.Card{Brand: "VISA"})
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			h.beforeNext(juspaytest.RouteDeleteCard, func() { // after DeleteCard's list, before its deletion
				_, err := h.other.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: card.Token})
				assert.NoError(t, err, "someone else's deletion")
			})
			if tc.throttle {
				h.fake.ThrottleNext(juspaytest.RouteDeleteCard, 1, "0")
			}
			deleted, err := h.client(t).DeleteCard(ctx, tc.request(card))
			assert.Nil(t, deleted, "a deletion this call did not make was reported")
			require.Error(t, err)
			assert.True(t, juspay.IsNotFound(err), "Juspay's not found stands: %v", err)
			apiError(t, err)
			assert.Empty(t, h.fake.Cards(holder), "someone else deleted it")
			attempts := 1
			if tc.throttle {
				attempts = 2
			}
			var deletions int
			for _, r := range h.ownRequests() {
				if r.Route == juspaytest.RouteDeleteCard {
					deletions++
				}
			}
			assert.Equal(t, attempts, deletions)
		})
	}
}
