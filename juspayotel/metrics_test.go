package juspayotel_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestMetrics checks both histograms after a retried create, a failed
// get and a refused one: their units, the conventions' buckets, one data
// point per set of low-cardinality attributes, and exemplars that point at
// the attempt's span.
func TestMetrics(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
	_, err := r.c.CreateCustomer(ctx(t), &juspay.CreateCustomerRequest{ObjectReferenceID: "ref-metrics-0001", MobileNumber: "9988776655"})
	require.NoError(t, err)
	_, err = r.c.GetCustomer(ctx(t), &juspay.GetCustomerRequest{CustomerID: "ref-metrics-0002"})
	require.ErrorIs(t, err, juspay.ErrNotFound)
	_, err = r.c.GetCustomer(ctx(t), &juspay.GetCustomerRequest{})
	require.ErrorIs(t, err, juspay.ErrValidation)

	host, port := hostPort(t, r.s)
	server := map[string]any{"server.address": host, "server.port": port}
	buckets := []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
	rm := r.collect(t)
	require.Len(t, rm.ScopeMetrics, 1)
	assert.Equal(t, scope, rm.ScopeMetrics[0].Scope.Name)
	assert.Equal(t, juspay.Version, rm.ScopeMetrics[0].Scope.Version)
	for _, m := range rm.ScopeMetrics[0].Metrics {
		assert.Equal(t, "s", m.Unit, m.Name)
	}

	cases := []struct {
		metric string
		points []map[string]any
	}{
		{"http.client.request.duration", []map[string]any{
			with(server, map[string]any{"http.request.method": "POST", "url.template": "/customers", "http.response.status_code": int64(503), "error.type": "503"}),
			with(server, map[string]any{"http.request.method": "POST", "url.template": "/customers", "http.response.status_code": int64(200)}),
			with(server, map[string]any{"http.request.method": "GET", "url.template": "/customers/{id}", "http.response.status_code": int64(404), "error.type": "404"}),
		}},
		{"juspay.client.call.duration", []map[string]any{
			with(server, map[string]any{"juspay.call": "CreateCustomer"}),
			with(server, map[string]any{"juspay.call": "GetCustomer", "error.type": "not_found"}),
			with(server, map[string]any{"juspay.call": "GetCustomer", "error.type": "validation"}), // refused before sending: the server it was for
		}},
	}
	for _, tc := range cases {
		t.Run(tc.metric, func(t *testing.T) {
			h := histogram(t, rm, tc.metric)
			assert.Equal(t, metricdata.CumulativeTemporality, h.Temporality)
			var got []map[string]any
			for _, dp := range h.DataPoints {
				got = append(got, attrs(dp.Attributes.ToSlice()))
				assert.Equal(t, uint64(1), dp.Count, "%v", dp.Attributes)
				assert.Equal(t, buckets, dp.Bounds)
				assert.Positive(t, dp.Sum)
			}
			assert.ElementsMatch(t, tc.points, got)
		})
	}

	// A data point's exemplar is the span it was recorded in: the 503's is
	// the first attempt's.
	spans := r.ended()
	require.Equal(t, "POST /customers", spans[1].Name())
	for _, dp := range histogram(t, rm, "http.client.request.duration").DataPoints {
		if v, _ := dp.Attributes.Value("http.response.status_code"); v.AsInt64() == 503 {
			require.NotEmpty(t, dp.Exemplars)
			sid := spans[1].SpanContext().SpanID()
			assert.Equal(t, sid[:], dp.Exemplars[0].SpanID)
		}
	}
}
