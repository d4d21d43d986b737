package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// CardDeleter is the two calls CloseAccountHandler needs from juspay-go.
// *juspay.Client satisfies it; a test can pass a fake.
type CardDeleter interface {
	ListCards(ctx context.Context, req *juspay.ListCardsRequest) (*juspay.CardList, error)
	DeleteCard(ctx context.Context, req *juspay.DeleteCardRequest) (*juspay.DeletedCard, error)
}

var _ CardDeleter = (*juspay.Client)(nil) // the real client satisfies it

// CloseAccountHandler serves POST /close-account {"user_id": ...}: it
// deletes every card the user saved with Juspay and answers 200
// {"deleted_cards": n}. Juspay has no call that deletes a customer:
// deleting their saved cards is how a backend forgets them. (A real backend
// takes the user id from the session, never from the body.)
//
// It lists the cards first, then deletes them one by one, and stops at the
// first failure: the answer is then the error sign-up would give (503 with
// Retry-After when Juspay is down or slow, 502 when it refused) with the
// number deleted so far, {"error": ..., "deleted_cards": n}. A retry lists
// again, so it deletes only the cards left and finishes the job; closing
// a closed account answers {"deleted_cards": 0}. A card that is gone by the
// time it is deleted (a concurrent close) counts as done, not as deleted.
type CloseAccountHandler struct {
	Juspay  CardDeleter
	Log     *slog.Logger  // nil: slog.Default()
	Timeout time.Duration // for all the Juspay calls of one closing; 0: 30s
}

type closeAccountRequest struct {
	UserID string `json:"user_id"`
}

func (h *CloseAccountHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in closeAccountRequest
	if !readPost(w, r, &in) {
		return
	}

	timeout := h.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	// The customer's routing id is the user id, as sign-up's GetOrCreateCustomer
	// sends it: Juspay wants one routing id per customer, on every call.
	list, err := h.Juspay.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: in.UserID, RoutingID: in.UserID})
	if err != nil {
		writeJuspayError(w, h.Log, err, map[string]any{"deleted_cards": 0})
		return
	}
	deleted := 0
	for _, card := range list.Cards {
		// By reference, which does not change: Juspay's card tokens are
		// short-lived and may be new on every list, and DeleteCard takes the
		// card's token from the customer's fresh list.
		_, err := h.Juspay.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: in.UserID, RoutingID: in.UserID})
		switch {
		case err == nil:
			deleted++
		case errors.Is(err, juspay.ErrNotFound): // already deleted by a concurrent close
		default:
			writeJuspayError(w, h.Log, err, map[string]any{"deleted_cards": deleted})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]int{"deleted_cards": deleted})
}
