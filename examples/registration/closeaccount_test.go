package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

const closeBody = `{"user_id":"user-000042"}`

// closeAccount sends one close-account request to h and returns the
// recorded answer.
func closeAccount(t *testing.T, h http.Handler, method, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := call(t, h, method, "/close-account", body)
	assert.NotContains(t, rec.Body.String(), "tkn_", "no card token in an answer")
	return rec
}

// fakeCards is a CardDeleter holding the references of one user's cards.
// The failures each test sets come first; every call is recorded.
type fakeCards struct {
	refs      []string
	listErr   error
	deleteErr map[string]error // by card reference
	bounded   bool             // whether ListCards had a deadline
	lists     []juspay.ListCardsRequest
	deletes   []juspay.DeleteCardRequest
}

func (f *fakeCards) ListCards(ctx context.Context, req *juspay.ListCardsRequest) (*juspay.CardList, error) {
	_, f.bounded = ctx.Deadline()
	f.lists = append(f.lists, *req)
	if f.listErr != nil {
		return nil, f.listErr
	}
	list := &juspay.CardList{CustomerID: req.CustomerID, Cards: []juspay.Card{}}
	for _, ref := range f.refs {
		list.Cards = append(list.Cards, juspay.Card{Token: "tkn_" + ref, Reference: ref, Number: "XXXX-XXXXXXXX-1449"})
	}
	return list, nil
}

func (f *fakeCards) DeleteCard(_ context.Context, req *juspay.DeleteCardRequest) (*juspay.DeletedCard, error) {
	f.deletes = append(f.deletes, *req)
	if err := f.deleteErr[req.CardReference]; err != nil {
		return nil, err
	}
	return &juspay.DeletedCard{CardToken: "tkn_" + req.CardReference, CardReference: req.CardReference, Deleted: true}, nil
}

// TestCloseAccountWithFake tests the handler's own logic, every error
// mapping and the order of its calls, through a fake of CardDeleter.
func TestCloseAccountWithFake(t *testing.T) {
	refs := []string{"ref_1", "ref_2", "ref_3"}
	notFound := &juspay.APIError{HTTPStatus: 400, ErrorCode: "object_not_found", ErrorInfo: &juspay.ErrorInfo{Code: "RESOURCE_NOT_FOUND"}}
	cases := []struct {
		name        string
		refs        []string
		listErr     error
		deleteErr   map[string]error
		wantStatus  int
		wantBody    string
		wantDeletes int // DeleteCard calls made
	}{
		{"no cards", nil, nil, nil, http.StatusOK, `{"deleted_cards":0}`, 0},
		{"three cards", refs, nil, nil, http.StatusOK, `{"deleted_cards":3}`, 3},
		{"a card gone meanwhile", refs, nil, map[string]error{"ref_2": notFound}, http.StatusOK, `{"deleted_cards":2}`, 3},
		{"list: Juspay down", refs, &juspay.APIError{HTTPStatus: 503}, nil,
			http.StatusServiceUnavailable, `{"error":"juspay_unavailable","deleted_cards":0}`, 0},
		{"list: user id refused", refs, &juspay.ValidationError{Field: "customer_id", Reason: "required"}, nil,
			http.StatusUnprocessableEntity, `{"error":"invalid_field","field":"customer_id","deleted_cards":0}`, 0},
		{"list: wrong API key", refs, &juspay.APIError{HTTPStatus: 401, ErrorCode: "access_denied"}, nil,
			http.StatusInternalServerError, `{"error":"internal","deleted_cards":0}`, 0},
		{"second delete slow: stop", refs, nil, map[string]error{"ref_2": &juspay.RequestError{Err: context.DeadlineExceeded}},
			http.StatusServiceUnavailable, `{"error":"juspay_unavailable","deleted_cards":1}`, 2},
		{"third delete rate limited", refs, nil, map[string]error{"ref_3": &juspay.APIError{HTTPStatus: 429}},
			http.StatusServiceUnavailable, `{"error":"juspay_unavailable","deleted_cards":2}`, 3},
		{"third delete refused", refs, nil, map[string]error{"ref_3": &juspay.APIError{HTTPStatus: 400, ErrorCode: "x", ErrorMessage: "card tkn_3"}},
			http.StatusBadGateway, `{"error":"juspay_error","deleted_cards":2}`, 3},
		{"first delete: field refused", refs, nil, map[string]error{"ref_1": &juspay.ValidationError{Field: "card_token", Reason: "required"}},
			http.StatusUnprocessableEntity, `{"error":"invalid_field","field":"card_token","deleted_cards":0}`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := &fakeCards{refs: c.refs, listErr: c.listErr, deleteErr: c.deleteErr}
			var logs bytes.Buffer
			h := &CloseAccountHandler{Juspay: fake, Log: slog.New(slog.NewTextHandler(&logs, nil))}
			rec := closeAccount(t, h, http.MethodPost, closeBody)
			assert.Equal(t, c.wantStatus, rec.Code)
			assert.JSONEq(t, c.wantBody, rec.Body.String())
			if c.wantStatus == http.StatusServiceUnavailable {
				assert.Equal(t, "5", rec.Header().Get("Retry-After"))
			}
			if c.wantStatus == http.StatusInternalServerError {
				assert.Contains(t, logs.String(), "level=ERROR")
			}

			assert.True(t, fake.bounded, "the handler bounds the Juspay calls")
			// One list, by the user id, routed as sign-up routes the customer;
			// then the deletes in the list's order, routed the same way.
			assert.Equal(t, []juspay.ListCardsRequest{{CustomerID: "user-000042", RoutingID: "user-000042"}}, fake.lists)
			var want []juspay.DeleteCardRequest
			for _, ref := range c.refs[:c.wantDeletes] {
				want = append(want, juspay.DeleteCardRequest{CardReference: ref, CustomerID: "user-000042", RoutingID: "user-000042"})
			}
			assert.Equal(t, want, fake.deletes)
		})
	}
}

func TestCloseAccountBadRequests(t *testing.T) {
	fake := &fakeCards{}
	h := &CloseAccountHandler{Juspay: fake}

	rec := closeAccount(t, h, http.MethodGet, "")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, http.MethodPost, rec.Header().Get("Allow"))

	for _, body := range []string{"", "{", "[]", `{"user_id":42}`} {
		rec = closeAccount(t, h, http.MethodPost, body)
		assert.Equal(t, http.StatusBadRequest, rec.Code, "body %q", body)
		assert.JSONEq(t, `{"error":"bad_json"}`, rec.Body.String())
	}
	assert.Empty(t, fake.lists, "Juspay must not be called")
}

// seedCards seeds juspaytest with the user of closeBody and three saved
// cards, and another user with one card, and returns the user's card
// references.
func seedCards(t *testing.T, s *juspaytest.Server) []string {
	t.Helper()
	var refs []string
	for user, last4s := range map[string][]string{"user-000042": {"1449", "0007", "4242"}, "user-000043": {"5555"}} {
		cust, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: user, MobileNumber: testMobile, EmailAddress: testEmail})
		require.NoError(t, err)
		for _, last4 := range last4s {
			card, err := s.AddCard(cust.ID, juspaytest.Card{Brand: "VISA", Number: "XXXX-XXXXXXXX-" + last4, Type: "CREDIT"})
			require.NoError(t, err)
			if user == "user-000042" {
				refs = append(refs, card.Reference)
			}
		}
	}
	return refs
}

// cardsOf lists a user's saved cards through the client.
func cardsOf(t *testing.T, client *juspay.Client, user string) []juspay.Card {
	t.Helper()
	list, err := client.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: user})
	require.NoError(t, err)
	return list.Cards
}

// TestCloseAccountAgainstJuspaytest closes an account end to end, against
// juspaytest seeded with saved cards: every card of the user goes, none of
// another user's, and a close cut short by Juspay finishes on retry. It
// runs with stable card tokens and with juspaytest.WithFreshCardTokens,
// which issues new tokens on every list, as Juspay may: deleting by
// reference works either way.
func TestCloseAccountAgainstJuspaytest(t *testing.T) {
	for name, opts := range map[string][]juspaytest.Option{"stable tokens": nil, "fresh tokens": {juspaytest.WithFreshCardTokens()}} {
		t.Run(name, func(t *testing.T) { testCloseAccountAgainstJuspaytest(t, opts...) })
	}
}

func testCloseAccountAgainstJuspaytest(t *testing.T, opts ...juspaytest.Option) {
	cases := []struct {
		name       string
		fault      func(s *juspaytest.Server)
		wantStatus int
		wantBody   string
		retryBody  string // the answer to a second close; "" skips it
	}{
		{"deletes every card", nil, http.StatusOK, `{"deleted_cards":3}`, `{"deleted_cards":0}`},
		{"Juspay down on the first delete, then a retry", func(s *juspaytest.Server) {
			s.FailNext(juspaytest.RouteDeleteCard, 1+juspay.DefaultMaxRetries, http.StatusServiceUnavailable, "")
		}, http.StatusServiceUnavailable, `{"error":"juspay_unavailable","deleted_cards":0}`, `{"deleted_cards":3}`},
		{"Juspay down after one delete, then a retry", func(s *juspaytest.Server) {
			s.InjectFault(juspaytest.RouteDeleteCard, 1, juspaytest.Fault{AfterStore: true}) // served as usual
			s.FailNext(juspaytest.RouteDeleteCard, 1+juspay.DefaultMaxRetries, http.StatusServiceUnavailable, "")
		}, http.StatusServiceUnavailable, `{"error":"juspay_unavailable","deleted_cards":1}`, `{"deleted_cards":2}`},
		{"Juspay down on the list", func(s *juspaytest.Server) {
			s.FailNext(juspaytest.RouteListCards, 1+juspay.DefaultMaxRetries, http.StatusBadGateway, "<html>bad gateway</html>")
		}, http.StatusServiceUnavailable, `{"error":"juspay_unavailable","deleted_cards":0}`, `{"deleted_cards":3}`},
		{"a delete's answer lost: the client's retry sees it done", func(s *juspaytest.Server) {
			s.LoseAnswerNext(juspaytest.RouteDeleteCard, 1)
		}, http.StatusOK, `{"deleted_cards":3}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, client := newFakeJuspay(t, opts...)
			refs := seedCards(t, s)
			if c.fault != nil {
				c.fault(s)
			}
			h := &CloseAccountHandler{Juspay: client}

			rec := closeAccount(t, h, http.MethodPost, closeBody)
			assert.Equal(t, c.wantStatus, rec.Code)
			assert.JSONEq(t, c.wantBody, rec.Body.String())
			if c.retryBody != "" {
				rec = closeAccount(t, h, http.MethodPost, closeBody)
				assert.Equal(t, http.StatusOK, rec.Code)
				assert.JSONEq(t, c.retryBody, rec.Body.String())
			}

			assert.Empty(t, cardsOf(t, client, "user-000042"), "every card of the user is gone")
			assert.Len(t, cardsOf(t, client, "user-000043"), 1, "another user's card stays")
			deletes := s.RequestsTo(juspaytest.RouteDeleteCard)
			assert.GreaterOrEqual(t, len(deletes), len(refs))
			for _, r := range deletes {
				assert.Equal(t, "user-000042", r.RoutingID, "routed as sign-up routes the customer")
			}
			lists := s.RequestsTo(juspaytest.RouteListCards) // the handler's first
			require.NotEmpty(t, lists)
			assert.Equal(t, "user-000042", lists[0].CustomerID)
			assert.Equal(t, "user-000042", lists[0].RoutingID, "routed as sign-up routes the customer")
		})
	}
}
