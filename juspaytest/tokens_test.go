package juspaytest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// held is how many tokens s holds, valid or not.
func held(s *Server) int {
	s.h.store.mu.Lock()
	defer s.h.store.mu.Unlock()
	return len(s.h.store.live.byToken)
}

// issueToken gets a client auth token for the customer seedCustomer made.
func issueToken(t *testing.T, s *Server) string {
	t.Helper()
	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/cust_123489?options.get_client_auth_token=true", nil))
	require.Equal(t, http.StatusOK, r.status, r.body)
	var got struct {
		Juspay struct {
			Token string `json:"client_auth_token"`
		} `json:"juspay"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &got))
	require.NotEmpty(t, got.Juspay.Token)
	return got.Juspay.Token
}

// TestExpiredTokensAreForgotten: the tokens expired when one more is issued
// are forgotten then; the ones still valid stay.
func TestExpiredTokensAreForgotten(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	seedCustomer(t, s)
	for range 5 {
		issueToken(t, s)
	}
	s.Advance(TokenTTL - time.Second)
	kept := issueToken(t, s)
	assert.Equal(t, 6, held(s), "none expired yet")
	s.Advance(time.Second)
	issueToken(t, s)
	assert.Equal(t, 2, held(s), "the 5 expired are forgotten, the two younger stay")
	assert.True(t, s.TokenValid(kept))
}

// TestLiveTokensCapDropsTheOldest: over Limits.LiveTokens the oldest token
// issued is no longer valid, whether the clock is frozen (nothing expires)
// or runs.
func TestLiveTokensCapDropsTheOldest(t *testing.T) {
	for _, frozen := range []bool{true, false} {
		s := start(t, WithLimits(Limits{LiveTokens: 3}))
		if frozen {
			s.SetNow(created)
		}
		seedCustomer(t, s)
		var toks []string
		for range 5 {
			toks = append(toks, issueToken(t, s))
		}
		assert.Equal(t, 3, held(s), "frozen %v", frozen)
		for i, tok := range toks {
			assert.Equal(t, i >= 2, s.TokenValid(tok), "token %d, frozen %v", i, frozen)
		}
	}
}

// TestLiveTokensCapForgetsExpiredFirst: at the cap an expired token goes
// before the oldest valid one, even when the clock went back between them.
func TestLiveTokensCapForgetsExpiredFirst(t *testing.T) {
	s := start(t, WithLimits(Limits{LiveTokens: 2}))
	seedCustomer(t, s)
	s.SetNow(created.Add(time.Hour))
	oldest := issueToken(t, s) // valid until created + 1h15m
	s.SetNow(created)
	younger := issueToken(t, s) // valid until created + 15m
	s.SetNow(created.Add(TokenTTL))
	require.False(t, s.TokenValid(younger))
	newest := issueToken(t, s)
	assert.True(t, s.TokenValid(oldest), "the expired one made room")
	assert.True(t, s.TokenValid(newest))
	assert.Equal(t, 2, held(s))
}

// listTokens lists the cards of the customer seedCustomer made and returns
// their tokens, in order.
func listTokens(t *testing.T, s *Server) []string {
	t.Helper()
	r := serve(t, s, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil))
	require.Equal(t, http.StatusOK, r.status, r.body)
	var got struct {
		Cards []struct {
			Token string `json:"card_token"`
		} `json:"cards"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &got))
	out := make([]string, len(got.Cards))
	for i, c := range got.Cards {
		out[i] = c.Token
	}
	return out
}

// deleteByToken posts a Delete Card with tok and returns the answer.
func deleteByToken(t *testing.T, s *Server, tok string) reply {
	t.Helper()
	return serve(t, s, newReq(t, s, http.MethodPost, "/card/delete", url.Values{"card_token": {tok}}))
}

func TestCardTokensAreStableByDefault(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	seedCustomer(t, s)
	card, err := s.AddCard("cust_123489", Card{})
	require.NoError(t, err)
	assert.Equal(t, []string{card.Token}, listTokens(t, s))
	assert.Equal(t, []string{card.Token}, listTokens(t, s), "the same token every list")
	s.Advance(24 * time.Hour)
	assert.Equal(t, 0, held(s), "card tokens are not live tokens: they never expire")
	r := deleteByToken(t, s, card.Token)
	assert.Equal(t, http.StatusOK, r.status, r.body)
}

// TestFreshCardTokensEveryList: under WithFreshCardTokens each list issues
// new tokens; the earlier ones still delete the card, and a deletion by any
// of them takes all.
func TestFreshCardTokensEveryList(t *testing.T) {
	s := start(t, WithFreshCardTokens())
	s.SetNow(created)
	seedCustomer(t, s)
	a, err := s.AddCard("cust_123489", Card{Reference: "ref-a"})
	require.NoError(t, err)
	b, err := s.AddCard("cust_123489", Card{Reference: "ref-b"})
	require.NoError(t, err)

	first := listTokens(t, s)
	second := listTokens(t, s)
	require.Len(t, first, 2)
	require.Len(t, second, 2)
	for _, tok := range append(first, second...) {
		assert.Regexp(t, `^tkn_[0-9a-f]{32}$`, tok)
		assert.NotContains(t, []string{a.Token, b.Token}, tok, "new tokens, not the seeded ones")
	}
	assert.NotEqual(t, first[0], second[0])
	assert.NotEqual(t, first[1], second[1])
	assert.Equal(t, second, []string{s.Cards("cust_123489")[0].Token, s.Cards("cust_123489")[1].Token},
		"Cards shows the tokens last listed")
	assert.Equal(t, second[0], s.Cards("cust_123489")[0].Token, "and issues none")

	r := deleteByToken(t, s, a.Token)
	require.Equal(t, http.StatusOK, r.status, "the seeded token is still valid: %s", r.body)
	assert.Equal(t, `{"card_token":"`+a.Token+`","card_reference":"ref-a","deleted":true}`, r.body, "the token sent is answered")
	for _, tok := range []string{first[0], second[0], a.Token} {
		assert.Equal(t, http.StatusBadRequest, deleteByToken(t, s, tok).status, "every token of the deleted card goes")
	}
	assert.Equal(t, 1, len(listTokens(t, s)))
	r = deleteByToken(t, s, first[1])
	assert.Equal(t, http.StatusOK, r.status, "a token of the first list deletes the other card: %s", r.body)
	assert.Empty(t, s.Cards("cust_123489"))
	assert.Equal(t, 0, held(s), "a deleted card's tokens are forgotten")
}

// TestFreshCardTokensExpire: a card token is valid for TokenTTL after it is
// issued (a seeded one after AddCard); then Delete Card refuses it as an
// unknown one and the card stays.
func TestFreshCardTokensExpire(t *testing.T) {
	s := start(t, WithFreshCardTokens())
	s.SetNow(created)
	seedCustomer(t, s)
	card, err := s.AddCard("cust_123489", Card{})
	require.NoError(t, err)
	s.Advance(time.Minute)
	listed := listTokens(t, s)[0]
	s.Advance(TokenTTL - time.Minute)
	r := deleteByToken(t, s, card.Token)
	assert.Equal(t, http.StatusBadRequest, r.status)
	code, info := errorCode(t, r.body)
	assert.Equal(t, []string{"object_not_found", "RESOURCE_NOT_FOUND"}, []string{code, info}, "as a token no card has")
	require.Len(t, s.Cards("cust_123489"), 1, "the card stays")

	r = deleteByToken(t, s, listed)
	assert.Equal(t, http.StatusOK, r.status, "the listed token has a minute left: %s", r.body)
}

// TestFreshCardTokensAreLiveTokens: card tokens count against
// Limits.LiveTokens with client auth tokens, and a client auth token
// deletes no card.
func TestFreshCardTokensAreLiveTokens(t *testing.T) {
	s := start(t, WithFreshCardTokens(), WithLimits(Limits{LiveTokens: 2}))
	s.SetNow(created)
	seedCustomer(t, s)
	seeded, err := s.AddCard("cust_123489", Card{})
	require.NoError(t, err)
	listed := listTokens(t, s)[0]
	auth := issueToken(t, s)
	assert.Equal(t, http.StatusBadRequest, deleteByToken(t, s, seeded.Token).status, "dropped as the oldest")
	assert.Equal(t, http.StatusBadRequest, deleteByToken(t, s, auth).status, "a client auth token is no card token")
	assert.True(t, s.TokenValid(auth), "and stays valid")
	assert.False(t, s.TokenValid(listed), "a card token is no client auth token")
	assert.Equal(t, http.StatusOK, deleteByToken(t, s, listed).status)
}

// TestFreshCardTokensAreNotRecorded: the tokens a list issues appear in its
// answer only, not in what the server records.
func TestFreshCardTokensAreNotRecorded(t *testing.T) {
	s := start(t, WithFreshCardTokens())
	seedCustomer(t, s)
	_, err := s.AddCard("cust_123489", Card{})
	require.NoError(t, err)
	tok := listTokens(t, s)[0]
	reqs := s.Requests()
	require.Len(t, reqs, 1)
	b, err := json.Marshal(reqs)
	require.NoError(t, err)
	assert.False(t, strings.Contains(string(b), tok))
}

// TestAddCardRefusesATokenHeld: a seeded card token may be neither another
// card's nor a client auth token.
func TestAddCardRefusesATokenHeld(t *testing.T) {
	for _, fresh := range []bool{false, true} {
		opts := []Option{}
		if fresh {
			opts = append(opts, WithFreshCardTokens())
		}
		s := start(t, opts...)
		seedCustomer(t, s)
		auth := issueToken(t, s)
		_, err := s.AddCard("cust_123489", Card{Token: auth})
		assert.ErrorContains(t, err, "card token already exists", "fresh %v", fresh)
		card, err := s.AddCard("cust_123489", Card{})
		require.NoError(t, err)
		_, err = s.AddCard("cust_123489", Card{Token: card.Token})
		assert.ErrorContains(t, err, "card token already exists", "fresh %v", fresh)
	}
}
