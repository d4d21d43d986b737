package juspay_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// Another customer's data, as a hostile or mistaken server would answer it.
// None of it may leave a call that did not ask for it.
const (
	otherID    = "cst_victim0000000001"
	otherRef   = "victim@example.com"
	otherEmail = "victim.mail@example.com"
	otherPhone = "9000000001"
	otherToken = "tkn_victimsecret0001"
	otherCard  = "tkn_victimcard0001"
)

var otherCustomer = `{"id":"` + otherID + `","object":"customer","object_reference_id":"` + otherRef +
	`","mobile_number":"` + otherPhone + `","email_address":"` + otherEmail +
	`","juspay":{"client_auth_token":"` + otherToken + `","client_auth_token_expiry":"2030-01-01T00:00:00Z"}}`

var otherCards = `{"customer_id":"` + otherRef + `","merchantId":"m","cards":[{"card_token":"` + otherCard +
	`","name_on_card":"` + otherEmail + `"}]}`

// The ids the calls below ask about.
const (
	myRef   = "user_00001"
	myID    = "cst_mine000000000001"
	myCard  = "tkn_mycard0001"
	notMine = `{"error_code":"object_not_found","status":"invalid_request_error"}`
	exists  = `{"status":"invalid_request_error","error_code":"unique","error_info":{"code":"ALREADY_EXISTS"}}`
)

// script answers the n-th request with replies[n] ("STATUS BODY"), and
// counts the requests to each "METHOD /path".
type script struct {
	mu      sync.Mutex
	replies []string
	seen    []string
}

func (s *script) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.seen)
	s.seen = append(s.seen, r.Method+" "+r.URL.Path)
	s.mu.Unlock()
	var status int
	var body string
	if n < len(s.replies) {
		_, _ = fmt.Sscanf(s.replies[n], "%d", &status)
		body = strings.SplitN(s.replies[n], " ", 2)[1]
	} else {
		status, body = http.StatusTeapot, "{}"
	}
	write(w, status, body)
}

func (s *script) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// TestAnswersAboutAnotherAreRefused runs every call against a server that
// answers about another customer, card or token than the one asked for.
// Each fails as a *RequestError matching its sentinel, returns no result,
// and neither its error text nor the client's log holds anything of what
// the server sent.
func TestAnswersAboutAnotherAreRefused(t *testing.T) {
	create := &juspay.CreateCustomerRequest{ObjectReferenceID: myRef, MobileNumber: "9988776655", GetClientAuthToken: true}
	cases := []struct {
		name    string
		replies []string
		want    error
		sent    []string // the requests the server must see
		call    func(context.Context, *juspay.Client) (any, error)
	}{
		{"create", []string{"200 " + otherCustomer}, juspay.ErrUnexpectedResponse, []string{"POST /customers"},
			func(ctx context.Context, c *juspay.Client) (any, error) { return c.CreateCustomer(ctx, create) }},
		{"createRecovery", []string{"502 {}", "400 " + exists, "200 " + otherCustomer}, juspay.ErrUnexpectedResponse,
			[]string{"POST /customers", "POST /customers", "GET /customers/" + myRef},
			func(ctx context.Context, c *juspay.Client) (any, error) { return c.CreateCustomer(ctx, create) }},
		{"getByRef", []string{"200 " + otherCustomer}, juspay.ErrUnexpectedResponse, []string{"GET /customers/" + myRef},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: myRef})
			}},
		{"getByID", []string{"200 " + strings.Replace(otherCustomer, otherRef, myID, 1)}, juspay.ErrUnexpectedResponse,
			[]string{"GET /customers/" + myID},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: myID})
			}},
		{"update", []string{"200 " + otherCustomer}, juspay.ErrUnexpectedResponse, []string{"POST /customers/" + myRef},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: myRef, FirstName: "Asha"})
			}},
		{"token", []string{"200 " + otherCustomer}, juspay.ErrUnexpectedResponse, []string{"GET /customers/" + myRef},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.ClientAuthToken(ctx, &juspay.GetCustomerRequest{CustomerID: myRef})
			}},
		{"getOrCreateLookup", []string{"200 " + otherCustomer}, juspay.ErrReferenceConflict, []string{"GET /customers/" + myRef},
			func(ctx context.Context, c *juspay.Client) (any, error) { return c.GetOrCreateCustomer(ctx, create) }},
		{"getOrCreateCreate", []string{"404 " + notMine, "200 " + otherCustomer}, juspay.ErrUnexpectedResponse,
			[]string{"GET /customers/" + myRef, "POST /customers"},
			func(ctx context.Context, c *juspay.Client) (any, error) { return c.GetOrCreateCustomer(ctx, create) }},
		{"getOrCreateSecondLookup", []string{"404 " + notMine, "400 " + exists, "200 " + otherCustomer}, juspay.ErrReferenceConflict,
			[]string{"GET /customers/" + myRef, "POST /customers", "GET /customers/" + myRef},
			func(ctx context.Context, c *juspay.Client) (any, error) { return c.GetOrCreateCustomer(ctx, create) }},
		{"listCards", []string{"200 " + otherCards}, juspay.ErrUnexpectedResponse, []string{"GET /cards"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: myRef})
			}},
		{"listCardsNoEcho", []string{"200 " + strings.Replace(otherCards, `"customer_id":"`+otherRef+`",`, "", 1)},
			juspay.ErrUnexpectedResponse, []string{"GET /cards"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: myRef})
			}},
		{"listCardsNullEcho", []string{"200 " + strings.Replace(otherCards, `"`+otherRef+`"`, "null", 1)},
			juspay.ErrUnexpectedResponse, []string{"GET /cards"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: myRef})
			}},
		{"listCardsEmptyEcho", []string{"200 " + strings.Replace(otherCards, `"`+otherRef+`"`, `""`, 1)},
			juspay.ErrUnexpectedResponse, []string{"GET /cards"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: myRef})
			}},
		{"deleteCardListWithoutEcho", []string{"200 " + strings.Replace(otherCards, `"customer_id":"`+otherRef+`",`, "", 1)},
			juspay.ErrUnexpectedResponse, []string{"GET /cards"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: otherCard, CustomerID: myRef})
			}},
		{"deleteCard", []string{`200 {"card_token":"` + otherCard + `","deleted":true}`}, juspay.ErrUnexpectedResponse,
			[]string{"POST /card/delete"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: myCard})
			}},
		{"deleteCardUnnamed", []string{`200 {"deleted":true}`}, juspay.ErrUnexpectedResponse, []string{"POST /card/delete"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: myCard})
			}},
		{"deleteCardListsAnother", []string{"200 " + otherCards}, juspay.ErrUnexpectedResponse, []string{"GET /cards"},
			func(ctx context.Context, c *juspay.Client) (any, error) {
				return c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: otherCard, CustomerID: myRef})
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &script{replies: tc.replies}
			var logs bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			_, c := newServer(t, s.serve, juspay.WithLogger(logger))

			got, err := tc.call(context.Background(), c)

			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			re := requestError(t, err)
			assert.Equal(t, http.StatusOK, re.HTTPStatus)
			assert.True(t, reflect.ValueOf(got).IsNil(), "a result came back: %v", got)
			assert.Equal(t, tc.sent, s.requests())
			post := strings.HasPrefix(tc.sent[len(tc.sent)-1], "POST")
			assert.Equal(t, post, strings.Contains(err.Error(), "Juspay may have applied the request to it"),
				"a refused answer to a POST says the request may have taken effect: %v", err)
			for _, leaked := range []string{otherID, otherRef, otherEmail, otherPhone, otherToken, otherCard, "victim"} {
				assert.NotContains(t, err.Error(), leaked)
				assert.NotContains(t, logs.String(), leaked)
			}
		})
	}
}

// TestAnswersAboutWhatWasAskedPass is the other side of the check: an
// answer naming what was asked passes, whichever way the customer was
// named.
func TestAnswersAboutWhatWasAskedPass(t *testing.T) {
	mine := strings.NewReplacer(otherID, myID, otherRef, myRef).Replace(otherCustomer)
	cases := []struct {
		name  string
		reply string
		call  func(context.Context, *juspay.Client) (any, error)
	}{
		{"getByRef", mine, func(ctx context.Context, c *juspay.Client) (any, error) {
			return c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: myRef})
		}},
		{"getByID", mine, func(ctx context.Context, c *juspay.Client) (any, error) {
			return c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: myID})
		}},
		{"cthID", strings.Replace(mine, myID, "cth_mine000000000001", 1), func(ctx context.Context, c *juspay.Client) (any, error) {
			return c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "cth_mine000000000001"})
		}},
		{"listCardsEcho", strings.Replace(otherCards, otherRef, myRef, 1), func(ctx context.Context, c *juspay.Client) (any, error) {
			return c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: myRef})
		}},
		{"deleteCard", `{"card_token":"` + myCard + `","deleted":true}`, func(ctx context.Context, c *juspay.Client) (any, error) {
			return c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: myCard})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := answering(t, http.StatusOK, tc.reply)
			got, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			assert.False(t, reflect.ValueOf(got).IsNil())
		})
	}
}

// TestJuspayIDAsReferenceRefused: Juspay's lookup resolves its own ids
// first, so a reference equal to another customer's id would reach that
// customer on every later call. Create and get-or-create refuse it before
// anything is sent.
func TestJuspayIDAsReferenceRefused(t *testing.T) {
	fake, c := newFake(t)
	victim, err := fake.AddCustomer(juspaytest.Customer{ID: "cst_victim0000000001", ObjectReferenceID: "victim_0001", MobileNumber: "9000000001"})
	require.NoError(t, err)
	for _, ref := range []string{victim.ID, "cth_okEEqCF6Cso8ekHX", "cst_anything_else"} {
		req := &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655"}
		_, err := c.CreateCustomer(context.Background(), req)
		validationError(t, err, "object_reference_id")
		_, err = c.GetOrCreateCustomer(context.Background(), req)
		validationError(t, err, "object_reference_id")
	}
	assert.Empty(t, fake.Requests())
	// A reference that merely contains the prefix is a reference like any other.
	_, err = c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: "user_cst_0001", MobileNumber: "9988776655"})
	require.NoError(t, err)
}

// TestLookupResolvingToAnotherIsRefused plays the attack on juspaytest,
// whose lookup resolves Juspay ids before references, as Juspay's does:
// a customer whose reference equals another customer's id (a seeded id
// without Juspay's prefix, which the local check cannot see) is asked for
// by that reference. Every call gets the other customer's answer and
// refuses it, and nothing of it is logged.
func TestLookupResolvingToAnotherIsRefused(t *testing.T) {
	fake, _ := newFake(t)
	victim, err := fake.AddCustomer(juspaytest.Customer{ID: "legacy_victim_0001", ObjectReferenceID: "victim_ref_0001",
		MobileNumber: otherPhone, EmailAddress: otherEmail})
	require.NoError(t, err)
	_, err = fake.AddCustomer(juspaytest.Customer{ObjectReferenceID: victim.ID, MobileNumber: "9988776655"})
	require.NoError(t, err)
	var logs bytes.Buffer
	c := fake.Client(fastRetries(), juspay.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	ctx := context.Background()
	byRef := &juspay.GetCustomerRequest{CustomerID: victim.ID}

	cust, err := c.GetCustomer(ctx, byRef)
	assert.ErrorIs(t, err, juspay.ErrUnexpectedResponse)
	assert.Nil(t, cust)
	auth, err := c.ClientAuthToken(ctx, byRef)
	assert.ErrorIs(t, err, juspay.ErrUnexpectedResponse)
	assert.Nil(t, auth)
	cust, err = c.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: victim.ID, MobileNumber: "9988776655"})
	assert.ErrorIs(t, err, juspay.ErrReferenceConflict)
	assert.Nil(t, cust)
	assert.Len(t, fake.Customers(), 2, "nothing was created")
	for _, leaked := range []string{otherEmail, otherPhone, "victim_ref"} {
		assert.NotContains(t, logs.String(), leaked)
	}
}

// TestIdentityErrorsAreNotRetried: an answer about another customer is not
// a transient failure.
func TestIdentityErrorsAreNotRetried(t *testing.T) {
	rec, c := answering(t, http.StatusOK, otherCustomer)
	_, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: myRef})
	require.ErrorIs(t, err, juspay.ErrUnexpectedResponse)
	assert.Len(t, rec.all(), 1)
	assert.False(t, juspay.IsRetryable(err))
}
