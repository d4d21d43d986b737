package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// CustomerCreator is the one call the handler needs from juspay-go.
// *juspay.Client satisfies it; a test can pass a fake.
type CustomerCreator interface {
	GetOrCreateCustomer(ctx context.Context, req *juspay.CreateCustomerRequest) (*juspay.Customer, error)
}

var _ CustomerCreator = (*juspay.Client)(nil) // the real client satisfies it

// SignupHandler serves POST /signup: it creates (or finds) the Juspay
// customer of a new user and answers 201 {"juspay_customer_id": "cst_..."}.
type SignupHandler struct {
	Juspay  CustomerCreator
	Log     *slog.Logger  // nil: slog.Default()
	Timeout time.Duration // for the Juspay calls of one sign-up; 0: 10s
}

type signupRequest struct {
	UserID      string `json:"user_id"`
	Email       string `json:"email"`
	Mobile      string `json:"mobile"`
	CountryCode string `json:"country_code"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
}

func (h *SignupHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method_not_allowed"})
		return
	}
	var in signupRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_json"})
		return
	}

	timeout := h.Timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	cust, err := h.Juspay.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{
		ObjectReferenceID: in.UserID,
		MobileNumber:      in.Mobile,
		MobileCountryCode: in.CountryCode,
		EmailAddress:      in.Email,
		FirstName:         in.FirstName,
		LastName:          in.LastName,
	})
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"juspay_customer_id": cust.ID})
}

// fail maps a juspay-go error to an answer that holds no secret: no key, no
// e-mail or mobile number, no text from Juspay.
func (h *SignupHandler) fail(w http.ResponseWriter, err error) {
	log := h.Log
	if log == nil {
		log = slog.Default()
	}
	var verr *juspay.ValidationError
	var apiErr *juspay.APIError
	var reqErr *juspay.RequestError
	switch {
	case errors.As(err, &verr): // refused locally, nothing was sent
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "invalid_field", "field": verr.Field})
	case errors.Is(err, juspay.ErrUnauthorized), errors.Is(err, juspay.ErrForbidden):
		// Our configuration is broken (key, merchant id, IP allow-list): not the user's fault.
		log.Error("juspay refused our credentials", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal"})
	case juspay.IsRetryable(err), errors.As(err, &reqErr): // Juspay down or slow, after the client's retries
		log.Warn("juspay unavailable", "err", err)
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "juspay_unavailable"})
	case errors.As(err, &apiErr) && apiErr.ErrorInfo != nil && len(apiErr.ErrorInfo.Fields) > 0:
		// Juspay refused a field our local checks let through.
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "invalid_field", "field": apiErr.ErrorInfo.Fields[0].FieldName})
	case errors.As(err, &apiErr):
		log.Error("juspay refused the sign-up", "err", err)
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": "juspay_error"})
	default:
		log.Error("sign-up failed", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
