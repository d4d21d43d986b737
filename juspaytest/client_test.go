package juspaytest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// These tests drive the server with the juspay client: they check that the
// two agree, where the wire tests above check the server alone.

// fastRetries keeps retry waits short.
var fastRetries = juspay.WithRetryBackoff(time.Millisecond, 5*time.Millisecond)

func apiError(t *testing.T, err error) *juspay.APIError {
	t.Helper()
	var e *juspay.APIError
	require.ErrorAs(t, err, &e)
	return e
}

func TestClientRoundTrip(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	ctx := context.Background()
	c := s.Client()
	ref := "a+b@c d:e=f&g,h" // characters the path escapes or keeps, that the client allows
	cust, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{
		ObjectReferenceID: ref, MobileNumber: "9988776655", MobileCountryCode: "91",
		EmailAddress: "customer@gmail.com", FirstName: "José", LastName: "D'Souza", GetClientAuthToken: true,
	})
	require.NoError(t, err)
	stored, ok := s.LookupCustomer(ref)
	require.True(t, ok)
	assert.Equal(t, stored.ID, cust.ID)
	assert.Equal(t, "customer", cust.Object)
	assert.Equal(t, "José", cust.FirstName)
	assert.Equal(t, created, cust.DateCreated)
	require.NotNil(t, cust.ClientAuth)
	assert.Equal(t, created.Add(TokenTTL), cust.ClientAuth.Expiry)
	assert.True(t, s.TokenValid(cust.ClientAuth.Token))

	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.True(t, reqs[0].AuthColon, "the client sends the page's form")
	assert.Equal(t, ref, reqs[0].RoutingID, "x-routing-id defaults to object_reference_id")

	for _, id := range []string{cust.ID, ref} {
		got, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: id})
		require.NoError(t, err, id)
		assert.Equal(t, cust.ID, got.ID)
		assert.Nil(t, got.ClientAuth)
	}
	assert.Equal(t, ref, s.RequestsTo(RouteGet)[1].CustomerID)

	s.Advance(time.Minute)
	upd, err := c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: ref, LastName: "Smith"})
	require.NoError(t, err)
	assert.Equal(t, "Smith", upd.LastName)
	assert.Equal(t, "José", upd.FirstName)
	assert.Equal(t, created.Add(time.Minute), upd.LastUpdated)
}

func TestClientErrors(t *testing.T) {
	s := start(t)
	ctx := context.Background()
	c := s.Client()
	req := &juspay.CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"}
	_, err := c.CreateCustomer(ctx, req)
	require.NoError(t, err)

	_, err = c.CreateCustomer(ctx, req)
	e := apiError(t, err)
	assert.Equal(t, http.StatusBadRequest, e.HTTPStatus)
	assert.Equal(t, "unique", e.ErrorCode)
	assert.Equal(t, "invalid_request_error", e.Status)

	_, err = c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "cst_nobody000000000"})
	e = apiError(t, err)
	assert.Equal(t, http.StatusNotFound, e.HTTPStatus)
	assert.Equal(t, "object_not_found", e.ErrorCode)

	wrong, err := juspay.NewClient("WRONGKEY", s.MerchantID, juspay.WithBaseURL(s.URL))
	require.NoError(t, err)
	_, err = wrong.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "cust_123489"})
	e = apiError(t, err)
	assert.Equal(t, http.StatusUnauthorized, e.HTTPStatus)
	assert.Equal(t, "access_denied", e.ErrorCode)
	assert.NotContains(t, err.Error(), s.APIKey)
}

func TestClientWithStrictRoutingID(t *testing.T) {
	s := start(t, WithStrictRoutingID())
	_, err := s.Client().CreateCustomer(context.Background(),
		&juspay.CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655", RoutingID: "cart-7"})
	require.NoError(t, err)
	assert.Equal(t, "cart-7", s.Requests()[0].RoutingID)
}

func TestClientPanicsOnBadOption(t *testing.T) {
	s := start(t)
	assert.Panics(t, func() { s.Client(nil) })
	assert.NotPanics(t, func() { s.Client(juspay.WithMaxRetries(0)) })
}

func TestClientRetryAgainstFaults(t *testing.T) {
	tests := []struct {
		name       string
		inject     func(s *Server)
		creates    int // requests to RouteCreate
		gets       int // requests to RouteGet
		wantStored int
	}{
		{"503 then success", func(s *Server) { s.FailNext(RouteCreate, 1, 503, "") }, 2, 0, 1},
		{"429 with Retry-After 0", func(s *Server) { s.ThrottleNext(RouteCreate, 1, "0") }, 2, 0, 1},
		{"answer lost: one customer, fetched back", func(s *Server) { s.LoseAnswerNext(RouteCreate, 1) }, 2, 1, 1},
		{"connection dropped before storing", func(s *Server) { s.DropNext(RouteCreate, 1) }, 2, 0, 1},
		{"connection dropped after storing", func(s *Server) {
			s.InjectFault(RouteCreate, 1, Fault{AfterStore: true, Drop: true})
		}, 2, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t)
			tt.inject(s)
			cust, err := s.Client(fastRetries).CreateCustomer(context.Background(),
				&juspay.CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"})
			require.NoError(t, err)
			all := s.Customers()
			require.Len(t, all, tt.wantStored)
			assert.Equal(t, all[0].ID, cust.ID)
			assert.Len(t, s.RequestsTo(RouteCreate), tt.creates)
			assert.Len(t, s.RequestsTo(RouteGet), tt.gets)
		})
	}
}

func TestClientDoesNotRetryBadRequest(t *testing.T) {
	s := start(t)
	s.FailNext(RouteCreate, 1, http.StatusBadRequest, `{"status":"Bad Request","error_code":"x"}`)
	_, err := s.Client(fastRetries).CreateCustomer(context.Background(),
		&juspay.CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"})
	assert.Equal(t, http.StatusBadRequest, apiError(t, err).HTTPStatus)
	assert.Len(t, s.Requests(), 1)
}

// TestConcurrentClients runs 64 clients at once against one server; run it
// with -race.
func TestConcurrentClients(t *testing.T) {
	s := start(t)
	ctx := context.Background()
	const n = 64
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := s.Client()
			ref := fmt.Sprintf("concurrent-%03d", i)
			cust, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{
				ObjectReferenceID: ref, MobileNumber: "9988776655", GetClientAuthToken: i%2 == 0})
			if err != nil {
				errs <- err
				return
			}
			ids[i] = cust.ID
			if _, err := c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: cust.ID, FirstName: "N"}); err != nil {
				errs <- err
				return
			}
			got, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: ref, GetClientAuthToken: true})
			if err != nil {
				errs <- err
				return
			}
			if got.ID != cust.ID || got.FirstName != "N" || got.ClientAuth == nil {
				errs <- errors.New("get returned another state for " + ref)
			}
			_ = s.Customers() // readers race with writers too
			_ = s.Requests()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.Len(t, s.Customers(), n)
	seen := map[string]bool{}
	for _, id := range ids {
		assert.False(t, seen[id], "duplicate id %s", id)
		seen[id] = true
	}
	assert.Len(t, s.Requests(), 3*n)
}

// TestClientAgreesOnFieldRules runs the wire rule table through the client:
// what the server refuses, the client must refuse locally (sending nothing),
// naming the same field; what the server takes, the client must send.
func TestClientAgreesOnFieldRules(t *testing.T) {
	s := start(t)
	c := s.Client(juspay.WithMaxRetries(0))
	for i, tt := range fieldRuleCases() {
		t.Run(tt.name, func(t *testing.T) {
			f := createForm(tt.kv...)
			if f.Get("object_reference_id") == "customer@gmail.com" {
				f.Set("object_reference_id", fmt.Sprintf("client-rule-%03d", i))
			}
			s.ResetRequests()
			_, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: f.Get("object_reference_id"), MobileNumber: f.Get("mobile_number"),
				MobileCountryCode: f.Get("mobile_country_code"), EmailAddress: f.Get("email_address"),
				FirstName: f.Get("first_name"), LastName: f.Get("last_name"),
			})
			var verr *juspay.ValidationError
			if tt.refused == "" {
				if errors.As(err, &verr) && ClientStricter(f, verr) {
					assert.Empty(t, s.Requests(), "nothing sent")
					return
				}
				assert.NoError(t, err)
				return
			}
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tt.refused, verr.Field)
			assert.Empty(t, s.Requests(), "nothing sent")
		})
	}
}

// TestClientReadsNullFields: the fake answers absent names as null, as the
// sandbox does; the client must read them as empty.
func TestClientReadsNullFields(t *testing.T) {
	s := start(t)
	c := s.Client()
	ctx := context.Background()
	cust, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"})
	require.NoError(t, err)
	assert.Regexp(t, `^cth_[A-Za-z0-9]{16}$`, cust.ID)
	assert.Empty(t, cust.FirstName)
	assert.Empty(t, cust.EmailAddress)
	assert.Empty(t, cust.MobileCountryCode)
	got, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: cust.ID})
	require.NoError(t, err)
	assert.Equal(t, cust.ID, got.ID)
	assert.Empty(t, got.LastName)
}

// ClientStricter (exported for the external tests of this package only)
// reports a refusal by the client of what Juspay, and so
// the fake, accepts: an object_reference_id that a hop decoding paths
// could turn into another path, and a mobile number that repeats the
// country code after its '+' (Juspay would store it twice).
func ClientStricter(sent url.Values, verr *juspay.ValidationError) bool {
	switch verr.Field {
	case "object_reference_id":
		return strings.ContainsAny(sent.Get("object_reference_id"), `/\?#%;`)
	case "mobile_number":
		digits, plus := strings.CutPrefix(sent.Get("mobile_number"), "+")
		cc := strings.TrimPrefix(sent.Get("mobile_country_code"), "+")
		return plus && cc != "" && strings.HasPrefix(digits, cc)
	}
	return false
}
