package juspayotel

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
	"go.opentelemetry.io/otel/trace"

	juspay "github.com/seed276dc779/juspay-go"
)

// scope is the instrumentation scope of the spans and metrics: the
// package's import path, as OpenTelemetry asks.
const scope = "github.com/seed276dc779/juspay-go/juspayotel"

// Instrument returns the juspay.Option that instruments a Client with
// OpenTelemetry:
//
//	client, err := juspay.NewClient(apiKey, merchantID, juspayotel.Instrument())
//
// With no options it uses OpenTelemetry's global tracer and meter
// providers, read now: the global ones forward to providers set later
// with otel.SetTracerProvider and otel.SetMeterProvider, so a client built
// before the application sets them reports to them. It sends no trace
// context to Juspay unless WithPropagators is given. The scope of its
// spans and metrics is this package's import path, at version
// juspay.Version. It is juspay.WithObserver with this package's Observer:
// a client has one Observer, so the last of Instrument and WithObserver
// given to NewClient is the one used.
func Instrument(opts ...Option) juspay.Option {
	var c config
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	o := newObserver(c.tp, c.mp)
	if c.prop == nil {
		return juspay.WithObserver(o)
	}
	return juspay.WithObserver(injector{o, c.prop})
}

// newObserver makes the tracer and the two histograms. An instrument the
// meter refuses is reported to otel.Handle and replaced by a no-op one:
// metrics failing never fail a call.
func newObserver(tp trace.TracerProvider, mp metric.MeterProvider) *observer {
	tracer := tp.Tracer(scope, trace.WithInstrumentationVersion(juspay.Version), trace.WithSchemaURL(semconv.SchemaURL))
	meter := mp.Meter(scope, metric.WithInstrumentationVersion(juspay.Version), metric.WithSchemaURL(semconv.SchemaURL))
	attempts, err := httpconv.NewClientRequestDuration(meter)
	if err != nil {
		otel.Handle(err) // attempts is a no-op histogram
	}
	calls, err := meter.Float64Histogram("juspay.client.call.duration",
		metric.WithDescription("Duration of juspay-go calls, all their attempts and waits included."),
		metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(durationBuckets()...))
	if err != nil {
		otel.Handle(err)
		calls = noop.Float64Histogram{}
	}
	return &observer{tracer: tracer, attempts: attempts.Inst(), calls: calls,
		internal: trace.WithSpanKind(trace.SpanKindInternal), client: trace.WithSpanKind(trace.SpanKindClient)}
}

// durationBuckets are the bucket boundaries, in seconds, that the HTTP
// semantic conventions give http.client.request.duration.
func durationBuckets() []float64 {
	return []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
}
