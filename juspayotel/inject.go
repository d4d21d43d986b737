package juspayotel

import (
	"context"

	"go.opentelemetry.io/otel/propagation"
)

// injector is the observer of a client that sends trace context: a
// juspay.HeaderInjector.
type injector struct {
	*observer
	prop propagation.TextMapPropagator
}

// InjectHeaders writes the attempt's trace context with the propagator.
func (i injector) InjectHeaders(ctx context.Context, set func(name, value string)) {
	i.prop.Inject(ctx, headerSetter(set))
}

// headerSetter is the client's set function as a propagation carrier: it
// only writes.
type headerSetter func(name, value string)

func (s headerSetter) Set(name, value string) { s(name, value) }
func (headerSetter) Get(string) string        { return "" }
func (headerSetter) Keys() []string           { return nil }
