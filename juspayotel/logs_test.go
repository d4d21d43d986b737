package juspayotel_test

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// traceLog is a trace-aware slog handler, as a logging bridge is: it
// keeps each record's message with the trace and span its context holds.
type traceLog struct {
	mu  sync.Mutex
	got []logged
}

// logged is one record as traceLog kept it.
type logged struct {
	msg          string
	trace, span  string
	traceSampled bool
}

func (h *traceLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *traceLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *traceLog) WithGroup(string) slog.Handler            { return h }
func (h *traceLog) Handle(ctx context.Context, r slog.Record) error {
	sc := trace.SpanContextFromContext(ctx)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, logged{msg: r.Message, trace: sc.TraceID().String(), span: sc.SpanID().String(), traceSampled: sc.IsSampled()})
	return nil
}

func (h *traceLog) records() []logged {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]logged(nil), h.got...)
}

// TestLogsJoinTraces checks that the client's WithLogger records of a
// retried create land under the spans they are about: each attempt's
// "juspay request" under that attempt's span, the "juspay retry" between
// them under the call's.
func TestLogsJoinTraces(t *testing.T) {
	t.Parallel()
	h := &traceLog{}
	r := newRig(t, []juspay.Option{juspay.WithLogger(slog.New(h))})
	r.s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
	_, err := r.c.CreateCustomer(ctx(t), &juspay.CreateCustomerRequest{ObjectReferenceID: "ref-logs-000001", MobileNumber: "9988776655"})
	require.NoError(t, err)

	spans := r.ended()
	require.Equal(t, []string{"juspay.CreateCustomer internal", "  POST /customers client", "  POST /customers client"}, tree(spans))
	id := func(i int) string { return spans[i].SpanContext().SpanID().String() }
	traceID := spans[0].SpanContext().TraceID().String()
	want := []logged{
		{msg: "juspay request", trace: traceID, span: id(1), traceSampled: true},
		{msg: "juspay retry", trace: traceID, span: id(0), traceSampled: true},
		{msg: "juspay request", trace: traceID, span: id(2), traceSampled: true},
	}
	assert.Equal(t, want, h.records())
}
