package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClient(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}

	// No environment: a working client on an in-process fake.
	client, done, err := newClient(env(nil))
	require.NoError(t, err)
	defer done()
	rec := signup(t, &SignupHandler{Juspay: client}, http.MethodPost, signupBody)
	assert.Equal(t, http.StatusCreated, rec.Code)

	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"JUSPAY_API_KEY": "SECRETKEY", "JUSPAY_MERCHANT_ID": "m", "JUSPAY_ENV": "prod"}, "JUSPAY_ENV must be"},
		{map[string]string{"JUSPAY_API_KEY": "SECRETKEY"}, "merchant id is empty"},
		{map[string]string{"JUSPAY_MERCHANT_ID": "m"}, "API key is empty"},
	} {
		_, _, err := newClient(env(c.vars))
		require.Error(t, err)
		assert.Contains(t, err.Error(), c.want)
		assert.NotContains(t, err.Error(), "SECRETKEY")
	}
}
