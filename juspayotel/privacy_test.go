package juspayotel_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestNothingPersonalIsRecorded runs every call of the Client, failures
// and retries included, and checks that no span name, attribute, event,
// status or metric data point holds any id, reference, e-mail, mobile
// number, token or key the calls used or got back, as written or escaped.
// A method taking a context that is missing from the table fails the
// test, so a new call cannot go unchecked.
func TestNothingPersonalIsRecorded(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	const (
		ref    = "jane.doe@example.com" // a reference that is an e-mail, as users choose
		mobile = "9876501234"
		email  = "jane.private@example.com"
		ref2   = "+919876509999" // one that is a mobile number
		ref3   = "gocreate.person@example.com"
		ghost  = "ghost.person@example.com"
	)
	created, err := r.s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: mobile, EmailAddress: email, FirstName: "Janaki"})
	require.NoError(t, err)
	card, err := r.s.AddCard(ref, juspaytest.Card{})
	require.NoError(t, err)
	wallet, err := r.s.AddWallet(ref, juspaytest.Wallet{Name: "MOBIKWIK", Linked: true})
	require.NoError(t, err)
	secrets := []string{ref, mobile, email, ref2, ref3, ghost, created.ID, card.Token, card.Reference, card.Fingerprint,
		wallet.ID, wallet.Token, r.s.APIKey, r.s.MerchantID, "Janaki", "9876509999", "new.person@example.com"}
	got := func(v string) { secrets = append(secrets, v) } // tokens the calls return
	ctx := ctx(t)

	calls := []struct {
		name string
		run  func() error
	}{
		{"CreateCustomer", func() error {
			c, err := r.c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: ref2, MobileNumber: "9876509999",
				MobileCountryCode: "91", EmailAddress: "new.person@example.com", GetClientAuthToken: true})
			if c != nil {
				got(c.ID)
				got(c.ClientAuth.Token)
			}
			return err
		}},
		{"GetCustomer", func() error {
			r.s.FailNext(juspaytest.RouteGet, 1, http.StatusBadGateway, "")
			_, err := r.c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: ref, GetClientAuthToken: true})
			return err
		}},
		{"UpdateCustomer", func() error {
			_, err := r.c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: created.ID, EmailAddress: email, FirstName: "Janaki"})
			return err
		}},
		{"GetOrCreateCustomer", func() error {
			found, err := r.c.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: mobile, GetClientAuthToken: true})
			if err != nil {
				return err
			}
			got(found.ClientAuth.Token)
			made, err := r.c.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: ref3, MobileNumber: mobile, GetClientAuthToken: true})
			if made != nil {
				got(made.ID)
				got(made.ClientAuth.Token)
			}
			return err
		}},
		{"ClientAuthToken", func() error {
			a, err := r.c.ClientAuthToken(ctx, &juspay.GetCustomerRequest{CustomerID: ref})
			if a != nil {
				got(a.Token)
			}
			return err
		}},
		{"ListCards", func() error {
			_, err := r.c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: ref, CheckCVVLessSupport: true})
			return err
		}},
		{"ListWallets", func() error {
			if _, err := r.c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: ref}); err != nil {
				return err
			}
			_, err := r.c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: ref, RefreshBalances: true})
			return err
		}},
		{"DeleteCard", func() error {
			_, err := r.c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: card.Token, CustomerID: ref})
			return err
		}},
		{"Do", func() error {
			var v map[string]any
			_, err := r.c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}", ID: ref}, &v)
			return err
		}},
	}
	covered := map[string]bool{}
	for _, call := range calls {
		covered[call.name] = true
		require.NoError(t, call.run(), call.name)
	}
	// Failures: an unknown customer, and paths written with the id in them.
	_, err = r.c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: ghost})
	require.ErrorIs(t, err, juspay.ErrNotFound)
	_, err = r.c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/" + ref + "/mandates"}, nil)
	require.Error(t, err)
	_, err = r.c.Do(ctx, &juspay.RawRequest{Method: http.MethodPost, Path: "/card/update",
		Form: url.Values{"card_token": {card.Token}, "customer_id": {ref}, "nickname": {"Salary"}}}, nil)
	require.Error(t, err)

	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	ct := reflect.TypeOf(r.c)
	for i := 0; i < ct.NumMethod(); i++ {
		m := ct.Method(i)
		if m.Type.NumIn() > 1 && m.Type.In(1) == ctxType {
			assert.True(t, covered[m.Name], "%s takes a context but is not in this test", m.Name)
		}
	}

	spans := r.ended()
	names := map[string]bool{}
	for _, s := range spans {
		names[s.Name()] = true
	}
	for name := range covered {
		assert.True(t, names["juspay."+name], "no span for %s", name)
	}
	texts := spanTexts(spans)
	texts = append(texts, metricTexts(t, r.collect(t))...)
	require.Greater(t, len(texts), 3*len(spans), "the spans and metrics have attributes to scan")
	for _, s := range secrets {
		require.NotEmpty(t, s)
		forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
		if strings.HasPrefix(s, "cth_") || strings.HasPrefix(s, "cst_") || strings.HasPrefix(s, "tkn_") {
			forms = append(forms, s[4:])
		}
		for _, text := range texts {
			for _, f := range forms {
				require.NotContains(t, strings.ToLower(text), strings.ToLower(f), "a recorded value holds %q", s)
			}
		}
	}
}

// spanTexts is every text the spans hold: names, attribute values,
// events, links and statuses.
func spanTexts(spans []sdktrace.ReadOnlySpan) []string {
	var texts []string
	kvs := func(kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			texts = append(texts, string(kv.Key), kv.Value.String())
		}
	}
	for _, s := range spans {
		texts = append(texts, s.Name(), s.Status().Description)
		kvs(s.Attributes())
		for _, e := range s.Events() {
			texts = append(texts, e.Name)
			kvs(e.Attributes)
		}
		for _, l := range s.Links() {
			kvs(l.Attributes)
		}
	}
	return texts
}

// metricTexts is every text the metrics hold: names, units and each data
// point's and exemplar's attributes. A kind of metric it does not know
// fails the test, so that nothing goes unscanned.
func metricTexts(t *testing.T, rm metricdata.ResourceMetrics) []string {
	t.Helper()
	var texts []string
	kvs := func(kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			texts = append(texts, string(kv.Key), kv.Value.String())
		}
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			texts = append(texts, m.Name, m.Description, m.Unit)
			h, ok := m.Data.(metricdata.Histogram[float64])
			require.True(t, ok, "%s is a %T: scan it too", m.Name, m.Data)
			require.NotEmpty(t, h.DataPoints, m.Name)
			for _, dp := range h.DataPoints {
				kvs(dp.Attributes.ToSlice())
				for _, ex := range dp.Exemplars {
					kvs(ex.FilteredAttributes)
				}
			}
		}
	}
	return texts
}
