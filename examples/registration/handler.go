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
// customer of a new user and answers 201 {"juspay_customer_id": "cth_..."}.
// The user id is the customer's object_reference_id, and so its routing id.
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
	var in signupRequest
	if !readPost(w, r, &in) {
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
		writeJuspayError(w, h.Log, err, map[string]any{})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"juspay_customer_id": cust.ID})
}

// writeJuspayError answers a juspay-go error with body (to which it adds
// "error", and "field" for a refused field), holding no secret: no key, no
// e-mail or mobile number, no text from Juspay. The error goes to log only
// (juspay-go's errors never hold the API key).
func writeJuspayError(w http.ResponseWriter, log *slog.Logger, err error, body map[string]any) {
	if log == nil {
		log = slog.Default()
	}
	var verr *juspay.ValidationError
	var apiErr *juspay.APIError
	var reqErr *juspay.RequestError
	switch {
	case errors.As(err, &verr): // refused locally, nothing was sent
		body["error"], body["field"] = "invalid_field", verr.Field
		writeJSON(w, http.StatusUnprocessableEntity, body)
	case errors.Is(err, juspay.ErrUnauthorized), errors.Is(err, juspay.ErrForbidden):
		// Our configuration is broken (key, merchant id, IP allow-list): not the user's fault.
		log.Error("juspay refused our credentials", "err", err)
		body["error"] = "internal"
		writeJSON(w, http.StatusInternalServerError, body)
	case juspay.IsRetryable(err), errors.As(err, &reqErr): // Juspay down or slow, after the client's retries
		log.Warn("juspay unavailable", "err", err)
		w.Header().Set("Retry-After", "5")
		body["error"] = "juspay_unavailable"
		writeJSON(w, http.StatusServiceUnavailable, body)
	case errors.As(err, &apiErr) && apiErr.ErrorInfo != nil && len(apiErr.ErrorInfo.Fields) > 0:
		// Juspay refused a field our local checks let through.
		body["error"], body["field"] = "invalid_field", apiErr.ErrorInfo.Fields[0].FieldName
		writeJSON(w, http.StatusUnprocessableEntity, body)
	case errors.As(err, &apiErr):
		log.Error("juspay refused the call", "err", err)
		body["error"] = "juspay_error"
		writeJSON(w, http.StatusBadGateway, body)
	default:
		log.Error("juspay call failed", "err", err)
		body["error"] = "internal"
		writeJSON(w, http.StatusInternalServerError, body)
	}
}

// readPost decodes the JSON body of a POST into v. On another method, or a
// body that is not one JSON object of v's shape within 64 KiB, it answers
// 405 or 400 itself and returns false.
func readPost(w http.ResponseWriter, r *http.Request, v any) bool {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method_not_allowed"})
		return false
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_json"})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
