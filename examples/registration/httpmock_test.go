package main

import (
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// Bodies from Juspay's documentation: the 404 of Get Customer and the sample
// answer of Create Customer.
const (
	notFoundBody = `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error",` +
		`"error_code":"object_not_found","error_info":{"code":"RESOURCE_NOT_FOUND"}}`
	createdBody = `{"id":"cst_pcxaymwoh9vbse97","object":"customer","object_reference_id":"user-000042",` +
		`"mobile_country_code":"91","mobile_number":"9988776655","email_address":"asha.rao@example.com",` +
		`"first_name":"Asha","last_name":"Rao","date_created":"2020-03-17T14:16:31Z","last_updated":"2020-03-17T14:16:31Z"}`
)

// TestSignupWithHTTPMock answers the client's HTTP calls from canned
// responses registered for Juspay's real URLs, with no server at all. Choose
// this when your team already uses httpmock, when you want to replay exact
// bodies (one copied from Juspay's docs or a log), or to check the exact
// calls your code makes. You write Juspay's side yourself, so keep the
// bodies true to the docs; juspaytest does that for you.
func TestSignupWithHTTPMock(t *testing.T) {
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc) // before or after NewClient: both work
	t.Cleanup(httpmock.DeactivateAndReset)
	client, err := juspay.NewClient("test_api_key", "test_merchant", // Sandbox, the default environment
		juspay.WithHTTPClient(hc), juspay.WithRetryBackoff(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	h := &SignupHandler{Juspay: client}

	t.Run("new user", func(t *testing.T) {
		httpmock.Reset()
		httpmock.RegisterResponder(http.MethodGet, "https://sandbox.juspay.in/customers/user-000042",
			httpmock.NewStringResponder(http.StatusNotFound, notFoundBody))
		httpmock.RegisterResponder(http.MethodPost, "https://sandbox.juspay.in/customers",
			func(req *http.Request) (*http.Response, error) {
				assert.NoError(t, req.ParseForm())
				assert.Equal(t, "user-000042", req.PostForm.Get("object_reference_id"))
				assert.Equal(t, "9988776655", req.PostForm.Get("mobile_number"))
				return httpmock.NewStringResponse(http.StatusOK, createdBody), nil
			})

		rec := signup(t, h, http.MethodPost, signupBody)
		assert.Equal(t, http.StatusCreated, rec.Code)
		assert.JSONEq(t, `{"juspay_customer_id":"cst_pcxaymwoh9vbse97"}`, rec.Body.String())
		assert.Equal(t, 2, httpmock.GetTotalCallCount())
		assert.Equal(t, map[string]int{
			"GET https://sandbox.juspay.in/customers/user-000042": 1,
			"POST https://sandbox.juspay.in/customers":            1,
		}, httpmock.GetCallCountInfo())
	})

	t.Run("network down", func(t *testing.T) {
		httpmock.Reset()
		httpmock.RegisterResponder(http.MethodGet, "https://sandbox.juspay.in/customers/user-000042",
			httpmock.NewErrorResponder(syscall.ECONNRESET)) // transient: retried; an unknown error would not be

		rec := signup(t, h, http.MethodPost, signupBody)
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
		assert.Equal(t, "5", rec.Header().Get("Retry-After"))
		assert.Equal(t, 1+juspay.DefaultMaxRetries, httpmock.GetTotalCallCount())
	})
}
