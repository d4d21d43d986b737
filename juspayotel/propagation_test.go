package juspayotel_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/propagation"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspayotel"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestTraceContextIsSentOnlyWhenAsked checks that requests to Juspay carry
// no trace headers by default, and with WithPropagators carry each
// attempt's own span as the parent; and that a call's span is a child of
// the caller's.
func TestTraceContextIsSentOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		opts []juspayotel.Option
		sent bool
	}{
		{"by default", nil, false},
		{"with a nil propagator", []juspayotel.Option{juspayotel.WithPropagators(nil)}, false},
		{"with W3C trace context", []juspayotel.Option{juspayotel.WithPropagators(propagation.TraceContext{})}, true},
		{"with trace context and baggage", []juspayotel.Option{juspayotel.WithPropagators(
			propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, nil, tc.opts...)
			r.s.FailNext(juspaytest.RouteCreate, 1, http.StatusBadGateway, "")
			parent, span := r.tp.Tracer("caller").Start(ctx(t), "handler")
			_, err := r.c.CreateCustomer(parent, &juspay.CreateCustomerRequest{ObjectReferenceID: "ref-propagate-01", MobileNumber: "9988776655"})
			require.NoError(t, err)
			span.End()

			spans := r.ended()
			require.Equal(t, []string{"handler internal", "  juspay.CreateCustomer internal", "    POST /customers client", "    POST /customers client"}, tree(spans))
			reqs := r.s.RequestsTo(juspaytest.RouteCreate)
			require.Len(t, reqs, 2)
			for i, req := range reqs {
				got := req.Header.Get("Traceparent")
				if !tc.sent {
					assert.Empty(t, got, "attempt %d", i+1)
					continue
				}
				sc := spans[2+i].SpanContext()
				assert.Equal(t, fmt.Sprintf("00-%s-%s-01", sc.TraceID(), sc.SpanID()), got, "attempt %d", i+1)
			}
		})
	}
}
