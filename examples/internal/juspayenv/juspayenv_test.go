package juspayenv

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// env returns a getenv that sees only vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestNewClientOffline(t *testing.T) {
	var w bytes.Buffer
	c, done, err := NewClient(env(nil), &w, juspay.WithUserAgent("juspayenv-test"))
	require.NoError(t, err)
	defer done()
	assert.Equal(t, Offline+"\n", w.String())

	// The client works, against the fake, with no network.
	cust, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"})
	require.NoError(t, err)
	assert.Regexp(t, `^(cst|cth)_[A-Za-z0-9]{16}$`, cust.ID)
}

// The environment picks the host; with the network out of reach, check the
// client's target rather than calling it.
func TestNewClientEnvironment(t *testing.T) {
	cases := []struct {
		envName, baseURL string
		want             string
	}{
		{"", "", string(juspay.Sandbox)},
		{"sandbox", "", string(juspay.Sandbox)},
		{"production", "", string(juspay.Production)},
		{"production", "https://proxy.example.com/t0ken/juspay", "https://proxy.example.com"},
	}
	for _, c := range cases {
		t.Run(c.envName+" "+c.baseURL, func(t *testing.T) {
			var w bytes.Buffer
			vars := map[string]string{"JUSPAY_API_KEY": "SECRETKEY", "JUSPAY_MERCHANT_ID": "m", "JUSPAY_ENV": c.envName, "JUSPAY_BASE_URL": c.baseURL}
			client, done, err := NewClient(env(vars), &w)
			require.NoError(t, err)
			done()
			assert.Contains(t, fmt.Sprint(client), "BaseURL:"+c.want)
			assert.Equal(t, "calling "+c.want+" as merchant m\n", w.String())
			assert.NotContains(t, fmt.Sprintf("%+v", client)+w.String(), "SECRETKEY")
			assert.NotContains(t, fmt.Sprintf("%+v", client)+w.String(), "t0ken", "a base URL's path is not printed")
		})
	}
}

// JUSPAY_BASE_URL reaches a server the test owns, with the caller's options.
func TestNewClientBaseURL(t *testing.T) {
	s := juspaytest.NewServer()
	t.Cleanup(s.Close)
	var w bytes.Buffer
	vars := map[string]string{"JUSPAY_API_KEY": s.APIKey, "JUSPAY_MERCHANT_ID": s.MerchantID, "JUSPAY_BASE_URL": s.URL}
	c, done, err := NewClient(env(vars), &w, juspay.WithUserAgent("juspayenv-test"))
	require.NoError(t, err)
	defer done()
	assert.Equal(t, "calling "+s.URL+" as merchant "+s.MerchantID+"\n", w.String())

	_, err = c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000042", MobileNumber: "9988776655"})
	require.NoError(t, err)
	reqs := s.RequestsTo(juspaytest.RouteCreate)
	require.Len(t, reqs, 1)
	assert.Contains(t, reqs[0].Header.Get("User-Agent"), "juspayenv-test")
	assert.NotContains(t, w.String(), s.APIKey)
}

func TestNewClientErrors(t *testing.T) {
	cases := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"bogus JUSPAY_ENV", map[string]string{"JUSPAY_ENV": "prod"}, `JUSPAY_ENV must be "production", "sandbox" or unset`},
		{"bogus env with creds", map[string]string{"JUSPAY_API_KEY": "k", "JUSPAY_MERCHANT_ID": "m", "JUSPAY_ENV": "SECRETKEY"}, "JUSPAY_ENV must be"},
		{"key only", map[string]string{"JUSPAY_API_KEY": "SECRETKEY"}, "JUSPAY_API_KEY is set but JUSPAY_MERCHANT_ID is not"},
		{"merchant only", map[string]string{"JUSPAY_MERCHANT_ID": "m"}, "JUSPAY_MERCHANT_ID is set but JUSPAY_API_KEY is not"},
		{"env without creds", map[string]string{"JUSPAY_ENV": "production"}, "need JUSPAY_API_KEY and JUSPAY_MERCHANT_ID"},
		{"base URL without creds", map[string]string{"JUSPAY_BASE_URL": "https://proxy.example.com"}, "need JUSPAY_API_KEY and JUSPAY_MERCHANT_ID"},
		{"key with a newline", map[string]string{"JUSPAY_API_KEY": "SECRETKEY\n", "JUSPAY_MERCHANT_ID": "m"}, "API key holds a control character"},
		{"plain http base URL", map[string]string{"JUSPAY_API_KEY": "SECRETKEY", "JUSPAY_MERCHANT_ID": "m", "JUSPAY_BASE_URL": "http://example.com"}, "https://"},
		{"key as base URL", map[string]string{"JUSPAY_API_KEY": "k", "JUSPAY_MERCHANT_ID": "m", "JUSPAY_BASE_URL": "SECRETKEY"}, "base URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var w bytes.Buffer
			_, _, err := NewClient(env(c.vars), &w)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), "SECRETKEY")
			assert.Empty(t, w.String(), "nothing is started on a config error")
		})
	}
}
