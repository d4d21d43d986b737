package juspayotel_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspayotel"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// The neighbour the docs warn about: otelhttp around a Juspay client's
// transport records url.full, and Juspay's paths and queries hold the
// customer's id. These tests show the leak and that the fixes the README
// gives stop it while juspayotel's spans stay.

// ref is the customer's reference in these tests: an e-mail, as users
// choose.
const otelhttpRef = "jane.doe@example.com"

// callByReference makes a get and a list-cards call for otelhttpRef, the
// two ways an id reaches a URL (a path and a query).
func callByReference(t *testing.T, r *rig) {
	t.Helper()
	_, err := r.s.AddCustomer(juspaytest.Customer{ObjectReferenceID: otelhttpRef, MobileNumber: "9988776655"})
	require.NoError(t, err)
	_, err = r.c.GetCustomer(ctx(t), &juspay.GetCustomerRequest{CustomerID: otelhttpRef})
	require.NoError(t, err)
	_, err = r.c.ListCards(ctx(t), &juspay.ListCardsRequest{CustomerID: otelhttpRef})
	require.NoError(t, err)
}

// holdsRef reports whether text holds otelhttpRef, as written or escaped.
func holdsRef(text string) bool {
	return strings.Contains(text, otelhttpRef) || strings.Contains(text, url.QueryEscape(otelhttpRef))
}

// leaks returns, as "key=value", each attribute of otelhttp's spans that
// holds the reference, and each text of juspayotel's spans that does.
func leaks(spans []sdktrace.ReadOnlySpan) (theirs, ours []string) {
	for _, s := range spans {
		if s.InstrumentationScope().Name == scope {
			for _, text := range spanTexts([]sdktrace.ReadOnlySpan{s}) {
				if holdsRef(text) {
					ours = append(ours, text)
				}
			}
			continue
		}
		for _, kv := range s.Attributes() {
			if holdsRef(kv.Value.String()) {
				theirs = append(theirs, string(kv.Key)+"="+kv.Value.String())
			}
		}
	}
	return theirs, ours
}

func TestOtelhttpAroundTheTransportRecordsTheCustomer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		transport  func(r *rig, host string) http.RoundTripper
		otelhttpOn bool // whether otelhttp makes spans for Juspay's requests
	}{
		{"otelhttp around juspay.NewTransport()", func(r *rig, _ string) http.RoundTripper {
			return otelhttp.NewTransport(juspay.NewTransport(), otelhttp.WithTracerProvider(r.tp), otelhttp.WithMeterProvider(r.mp))
		}, true},
		{"the fix: juspay.NewTransport() alone", func(*rig, string) http.RoundTripper { return juspay.NewTransport() }, false},
		{"the fix for a shared transport: otelhttp filtering Juspay's host out", func(r *rig, host string) http.RoundTripper {
			return otelhttp.NewTransport(juspay.NewTransport(), otelhttp.WithTracerProvider(r.tp), otelhttp.WithMeterProvider(r.mp),
				otelhttp.WithFilter(func(req *http.Request) bool { return req.URL.Host != host }))
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hc := &http.Client{}
			r := newRig(t, []juspay.Option{juspay.WithHTTPClient(hc)})
			u, err := url.Parse(r.s.URL)
			require.NoError(t, err)
			hc.Transport = tc.transport(r, u.Host)
			callByReference(t, r)
			checkLeaks(t, r, tc.otelhttpOn)
		})
	}
}

// checkLeaks checks that juspayotel's spans never hold the reference, and
// that otelhttp's, when on, hold it in both url.full.
func checkLeaks(t *testing.T, r *rig, otelhttpOn bool) {
	t.Helper()
	spans := r.ended()
	theirs, ours := leaks(spans)
	assert.Empty(t, ours, "juspayotel's spans")
	if !otelhttpOn {
		assert.Empty(t, theirs)
		assert.Equal(t, []string{
			"juspay.GetCustomer internal", "  GET /customers/{id} client",
			"juspay.ListCards internal", "  GET /cards client",
		}, tree(spans))
		return
	}
	assert.Equal(t, []string{
		"juspay.GetCustomer internal", "  GET /customers/{id} client", "    HTTP GET client",
		"juspay.ListCards internal", "  GET /cards client", "    HTTP GET client",
	}, tree(spans), "otelhttp's span under each attempt's")
	require.Len(t, theirs, 2, "otelhttp's url.full of both requests")
	assert.Equal(t, "url.full="+r.s.URL+"/customers/"+otelhttpRef, theirs[0])
	assert.True(t, strings.HasPrefix(theirs[1], "url.full="+r.s.URL+"/cards?"), theirs[1])
	assert.Contains(t, theirs[1], "customer_id="+url.QueryEscape(otelhttpRef))
}

// TestOtelhttpAsTheDefaultTransport: an application that replaces
// http.DefaultTransport with otelhttp also instruments a Juspay client
// built without WithHTTPClient, which follows the replacement (so that
// httpmock.Activate works); the fix is a transport of its own. It sets
// http.DefaultTransport, so it does not run in parallel.
func TestOtelhttpAsTheDefaultTransport(t *testing.T) {
	cases := []struct {
		name       string
		opts       []juspay.Option
		otelhttpOn bool
	}{
		{"no WithHTTPClient: the client follows http.DefaultTransport", nil, true},
		{"the fix: a transport of its own", []juspay.Option{juspay.WithHTTPClient(&http.Client{Transport: juspay.NewTransport()})}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, nil)
			old := http.DefaultTransport
			http.DefaultTransport = otelhttp.NewTransport(old, otelhttp.WithTracerProvider(r.tp), otelhttp.WithMeterProvider(r.mp))
			t.Cleanup(func() { http.DefaultTransport = old })
			r.c = r.s.Client(append(tc.opts, juspayotel.Instrument(juspayotel.WithTracerProvider(r.tp), juspayotel.WithMeterProvider(r.mp)))...)
			callByReference(t, r)
			checkLeaks(t, r, tc.otelhttpOn)
		})
	}
}
