package juspayotel_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspayotel"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// scope is juspayotel's instrumentation scope, which tells its spans from
// another instrumentation's.
const scope = "github.com/seed276dc779/juspay-go/juspayotel"

// rig is a juspaytest server and a client instrumented with SDK providers
// that keep every span and metric in memory.
type rig struct {
	s       *juspaytest.Server
	c       *juspay.Client
	spans   *tracetest.SpanRecorder
	metrics *sdkmetric.ManualReader
	tp      *sdktrace.TracerProvider
	mp      *sdkmetric.MeterProvider
}

// newRig starts a server and instruments its client; opts are added to the
// client's (fast retries are always on), otelOpts to Instrument's.
func newRig(t *testing.T, opts []juspay.Option, otelOpts ...juspayotel.Option) *rig {
	t.Helper()
	r := &rig{s: juspaytest.NewServer(), spans: tracetest.NewSpanRecorder(), metrics: sdkmetric.NewManualReader()}
	t.Cleanup(r.s.Close)
	r.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	r.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.metrics))
	otelOpts = append([]juspayotel.Option{juspayotel.WithTracerProvider(r.tp), juspayotel.WithMeterProvider(r.mp)}, otelOpts...)
	opts = append([]juspay.Option{juspay.WithRetryBackoff(time.Millisecond, time.Millisecond), juspayotel.Instrument(otelOpts...)}, opts...)
	r.c = r.s.Client(opts...)
	return r
}

// ctx is a test's context, with a deadline so that no call can hang it.
func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// ended returns the spans ended so far, in the order they started.
func (r *rig) ended() []sdktrace.ReadOnlySpan {
	spans := r.spans.Ended()
	slices.SortStableFunc(spans, func(a, b sdktrace.ReadOnlySpan) int { return a.StartTime().Compare(b.StartTime()) })
	return spans
}

// tree draws the ended spans as an indented tree, one "name kind" line a
// span, children under their parent in the order they started.
func tree(spans []sdktrace.ReadOnlySpan) []string {
	var lines []string
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, s := range spans {
			p := ""
			if s.Parent().IsValid() {
				p = s.Parent().SpanID().String()
			}
			if p == parent || (depth == 0 && !has(spans, p)) {
				lines = append(lines, fmt.Sprintf("%s%s %s", strings.Repeat("  ", depth), s.Name(), s.SpanKind()))
				walk(s.SpanContext().SpanID().String(), depth+1)
			}
		}
	}
	walk("", 0)
	return lines
}

// has reports whether a span of spans has the given span id.
func has(spans []sdktrace.ReadOnlySpan, id string) bool {
	for _, s := range spans {
		if s.SpanContext().SpanID().String() == id {
			return true
		}
	}
	return false
}

// attrs is a span's or data point's attributes as a map, values as Go
// values (string, int64, ...).
func attrs(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

// collect reads the metrics recorded so far.
func (r *rig) collect(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.metrics.Collect(ctx(t), &rm))
	return rm
}

// histogram returns the data points of the named histogram, failing the
// test if it is missing or not a float64 histogram.
func histogram(t *testing.T, rm metricdata.ResourceMetrics, name string) metricdata.Histogram[float64] {
	t.Helper()
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				h, ok := m.Data.(metricdata.Histogram[float64])
				require.True(t, ok, "%s is a %T", name, m.Data)
				return h
			}
		}
	}
	require.Failf(t, "no such metric", "%s", name)
	return metricdata.Histogram[float64]{}
}

// hostPort is the server's address and port, as the spans name them.
func hostPort(t *testing.T, s *juspaytest.Server) (string, int64) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL, nil)
	require.NoError(t, err)
	var port int64
	_, err = fmt.Sscan(req.URL.Port(), &port)
	require.NoError(t, err)
	return req.URL.Hostname(), port
}
