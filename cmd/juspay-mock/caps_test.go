package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinaryStateCaps: each cap is a flag; over it a create or an
// injection is a 507 in Juspay's error shape naming the flag.
func TestBinaryStateCaps(t *testing.T) {
	p := startMock(t, "-max-customers", "3", "-max-pending-faults", "2")
	for i := range 3 {
		assert.Equal(t, http.StatusOK, p.create(t, nil, p.ready.APIKey, "user-00000"+string(rune('1'+i))).status)
	}
	rep := p.create(t, nil, p.ready.APIKey, "user-000004")
	assert.Equal(t, http.StatusInsufficientStorage, rep.status)
	got := jsonObject(t, rep.body)
	assert.Equal(t, "limit_exceeded", got["error_code"])
	assert.Contains(t, got["error_message"], "-max-customers")

	for range 2 {
		p.admin(t, nil, "POST", "/__admin/faults", `{"route":"GET /cards","status":503}`)
	}
	rep = call(t, nil, http.MethodPost, p.ready.URL+"/__admin/faults", p.ready.APIKey, `{"route":"GET /cards","status":503}`)
	assert.Equal(t, http.StatusInsufficientStorage, rep.status)
	assert.Contains(t, jsonObject(t, rep.body)["error_message"], "-max-pending-faults")
}

// TestBinaryLiveTokensCapped: past -max-live-tokens the oldest token is
// dropped first, the clock frozen or not: here a card token, which then
// deletes nothing.
func TestBinaryLiveTokensCapped(t *testing.T) {
	p := startMock(t, "-fresh-card-tokens", "-max-live-tokens", "2")
	p.admin(t, nil, "POST", "/__admin/clock", `{"now":"2025-01-02T10:00:00Z"}`)
	p.admin(t, nil, "POST", "/__admin/seed", `[{"object_reference_id":"user-000001","cards":[{"card_brand":"VISA"}]}]`)
	var tokens []string
	for range 3 {
		rep := call(t, nil, http.MethodGet, p.ready.URL+"/cards?customer_id=user-000001", p.ready.APIKey, "", "x-merchantid", p.ready.MerchantID)
		require.Equal(t, http.StatusOK, rep.status, rep.body)
		tokens = append(tokens, jsonObject(t, rep.body)["cards"].([]any)[0].(map[string]any)["card_token"].(string))
	}
	del := func(tok string) int {
		return call(t, nil, http.MethodPost, p.ready.URL+"/card/delete", p.ready.APIKey, "card_token="+tok).status
	}
	assert.Equal(t, http.StatusBadRequest, del(tokens[0]), "the oldest was dropped")
	assert.Equal(t, http.StatusOK, del(tokens[2]), "the newest deletes the card")
}
