package juspayotel

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Option configures Instrument.
type Option func(*config)

// config is what the options set; nil fields take the defaults.
type config struct {
	tp   trace.TracerProvider
	mp   metric.MeterProvider
	prop propagation.TextMapPropagator
}

// WithTracerProvider makes Instrument create its spans with tp. The
// default (and what a nil tp means) is OpenTelemetry's global provider,
// otel.GetTracerProvider(), read when Instrument is called; a provider
// set with otel.SetTracerProvider after that is still used, since the
// global one forwards to it.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider makes Instrument record its metrics with mp. The
// default (and what a nil mp means) is OpenTelemetry's global provider,
// otel.GetMeterProvider(), read when Instrument is called; a provider set
// with otel.SetMeterProvider after that is still used, since the global
// one forwards to it.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithPropagators makes each attempt's request carry the trace context,
// written by p (for W3C Trace Context: propagation.TraceContext{}; for the
// application's own: otel.GetTextMapPropagator()), so that a server that
// reads it can join the trace. The default is none: Juspay is a third
// party, and nothing of the caller's tracing is sent to it unless asked.
// The client refuses, by ignoring them, headers it sets itself (see
// juspay.HeaderInjector).
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.prop = p }
}
