package juspayotel_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspayotel"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestGlobalProvidersSetLaterAreUsed checks the default: a client
// instrumented before the application sets OpenTelemetry's global
// providers reports to them once they are set. It sets the globals, so it
// does not run in parallel.
func TestGlobalProvidersSetLaterAreUsed(t *testing.T) {
	s := juspaytest.NewServer()
	t.Cleanup(s.Close)
	c := s.Client(juspayotel.Instrument(nil)) // a nil Option is skipped

	spans := tracetest.NewSpanRecorder()
	reader := sdkmetric.NewManualReader()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans)))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	t.Cleanup(func() {
		otel.SetTracerProvider(tracenoop.NewTracerProvider())
		otel.SetMeterProvider(metricnoop.NewMeterProvider())
	})

	_, err := c.CreateCustomer(ctx(t), &juspay.CreateCustomerRequest{ObjectReferenceID: "ref-globals-0001", MobileNumber: "9988776655"})
	require.NoError(t, err)
	var names []string
	for _, s := range spans.Ended() {
		names = append(names, s.Name())
	}
	assert.Equal(t, []string{"POST /customers", "juspay.CreateCustomer"}, names)
	r := &rig{metrics: reader}
	assert.Len(t, histogram(t, r.collect(t), "juspay.client.call.duration").DataPoints, 1)
}

// refusingMeter is a meter that refuses to make any histogram.
type refusingMeter struct{ metricnoop.Meter }

func (refusingMeter) Float64Histogram(string, ...metric.Float64HistogramOption) (metric.Float64Histogram, error) {
	return nil, errors.New("refused")
}

type refusingMeterProvider struct{ metricnoop.MeterProvider }

func (refusingMeterProvider) Meter(string, ...metric.MeterOption) metric.Meter {
	return refusingMeter{}
}

// TestARefusingMeterBreaksNothing checks that instruments a meter refuses
// are reported to OpenTelemetry's error handler and calls go on, traced.
// It sets the global error handler, so it does not run in parallel.
func TestARefusingMeterBreaksNothing(t *testing.T) {
	var mu sync.Mutex
	var handled []error
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		handled = append(handled, err)
	}))
	t.Cleanup(func() { otel.SetErrorHandler(otel.ErrorHandlerFunc(func(error) {})) })

	r := newRig(t, nil, juspayotel.WithMeterProvider(refusingMeterProvider{}))
	_, err := r.c.CreateCustomer(ctx(t), &juspay.CreateCustomerRequest{ObjectReferenceID: "ref-refusing-001", MobileNumber: "9988776655"})
	require.NoError(t, err)
	assert.Equal(t, []string{"juspay.CreateCustomer internal", "  POST /customers client"}, tree(r.ended()))
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, handled, 2, "both histograms were refused")
	for _, err := range handled {
		assert.ErrorContains(t, err, "refused")
	}
}
