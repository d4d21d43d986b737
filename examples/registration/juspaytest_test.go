package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// juspayID matches the ids Juspay gives customers: "cth_..." from the
// sandbox (and juspaytest), "cst_..." in older answers.
const juspayID = `^(cst|cth)_[A-Za-z0-9]{16}$`

// newFakeJuspay starts a juspaytest server and a client that talks to it,
// with millisecond retry waits to keep the test fast.
func newFakeJuspay(t *testing.T, opts ...juspaytest.Option) (*juspaytest.Server, *juspay.Client) {
	t.Helper()
	s := juspaytest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s, s.Client(juspay.WithRetryBackoff(time.Millisecond, time.Millisecond))
}

// TestSignupAgainstJuspaytest runs the handler end to end: the real client,
// over real HTTP, against juspaytest, an in-memory fake of Juspay that checks
// what it is sent as Juspay does. Choose this by default: it tests what
// reaches Juspay, what Juspay then holds, and how outages surface, with the
// client's own validation and retries in the loop, and no network.
func TestSignupAgainstJuspaytest(t *testing.T) {
	t.Run("creates the customer once", func(t *testing.T) {
		s, client := newFakeJuspay(t)
		h := &SignupHandler{Juspay: client}
		rec := signup(t, h, http.MethodPost, signupBody)
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())

		custs := s.Customers()
		require.Len(t, custs, 1)
		assert.Equal(t, "user-000042", custs[0].ObjectReferenceID)
		assert.Equal(t, testEmail, custs[0].EmailAddress)
		assert.Regexp(t, juspayID, custs[0].ID)
		assert.JSONEq(t, `{"juspay_customer_id":"`+custs[0].ID+`"}`, rec.Body.String())

		// Signing up again (a retried form, a double click) finds the same customer.
		rec = signup(t, h, http.MethodPost, signupBody)
		require.Equal(t, http.StatusCreated, rec.Code)
		assert.JSONEq(t, `{"juspay_customer_id":"`+custs[0].ID+`"}`, rec.Body.String())
		assert.Len(t, s.Customers(), 1)
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 1)
	})

	t.Run("Juspay down beyond the retries", func(t *testing.T) {
		s, client := newFakeJuspay(t)
		h := &SignupHandler{Juspay: client}
		s.FailNext(juspaytest.RouteGet, 1+juspay.DefaultMaxRetries, http.StatusServiceUnavailable, "<html>upstream down</html>")
		rec := signup(t, h, http.MethodPost, signupBody)
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
		assert.Equal(t, "5", rec.Header().Get("Retry-After"))
		assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 1+juspay.DefaultMaxRetries)
		assert.Empty(t, s.Customers())
	})

	t.Run("invalid field: nothing sent", func(t *testing.T) {
		s, client := newFakeJuspay(t)
		h := &SignupHandler{Juspay: client}
		rec := signup(t, h, http.MethodPost, `{"user_id":"user-000042","mobile":"9988776655","email":"not-an-email"}`)
		assert.Equal(t, http.StatusUnprocessableEntity, rec.Code)
		assert.JSONEq(t, `{"error":"invalid_field","field":"email_address"}`, rec.Body.String())
		assert.Empty(t, s.Requests())
	})

	t.Run("wrong API key", func(t *testing.T) {
		s, _ := newFakeJuspay(t)
		client, err := juspay.NewClient("WRONGKEY", s.MerchantID, juspay.WithBaseURL(s.URL))
		require.NoError(t, err)
		rec := signup(t, &SignupHandler{Juspay: client}, http.MethodPost, signupBody)
		assert.Equal(t, http.StatusInternalServerError, rec.Code)
		assert.NotContains(t, rec.Body.String(), "WRONGKEY")
	})
}
