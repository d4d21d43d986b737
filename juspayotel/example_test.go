package juspayotel_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspayotel"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// A create retried after a 503, as a trace backend shows it: the call's
// span, and under it one CLIENT span per attempt. In production,
// juspay.NewClient(key, merchant, juspayotel.Instrument()) uses the
// global providers.
func ExampleInstrument() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	s := juspaytest.NewServer()
	defer s.Close()
	client := s.Client(juspayotel.Instrument(juspayotel.WithTracerProvider(tp)),
		juspay.WithRetryBackoff(time.Millisecond, time.Millisecond))

	s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
	_, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "jane.doe@example.com", MobileNumber: "9988776655"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, span := range spans.Ended() { // in the order they ended
		var shown []string
		for _, kv := range span.Attributes() {
			switch kv.Key {
			case "juspay.attempts", "url.template", "http.response.status_code", "http.request.resend_count", "error.type":
				shown = append(shown, fmt.Sprintf("%s=%s", kv.Key, kv.Value.String()))
			}
		}
		fmt.Printf("%s (%s) %s\n", span.Name(), span.SpanKind(), strings.Join(shown, " "))
	}
	// Output:
	// POST /customers (client) url.template=/customers http.response.status_code=503 error.type=503
	// POST /customers (client) url.template=/customers http.request.resend_count=1 http.response.status_code=200
	// juspay.CreateCustomer (internal) juspay.attempts=2 http.response.status_code=200
}

// Trace context goes to Juspay only when asked: here W3C traceparent,
// naming each attempt's span.
func ExampleWithPropagators() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	s := juspaytest.NewServer()
	defer s.Close()
	client := s.Client(juspayotel.Instrument(juspayotel.WithTracerProvider(tp),
		juspayotel.WithPropagators(propagation.TraceContext{})))

	_, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "user-000042", MobileNumber: "9988776655"})
	if err != nil {
		fmt.Println(err)
		return
	}
	sent := s.RequestsTo(juspaytest.RouteCreate)[0].Header.Get("Traceparent")
	attempt := spans.Ended()[0].SpanContext()
	fmt.Println(sent == fmt.Sprintf("00-%s-%s-01", attempt.TraceID(), attempt.SpanID()))
	// Output:
	// true
}

// The two histograms, read with a manual reader: one data point per set of
// attributes, none of them an id.
func ExampleWithMeterProvider() {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	s := juspaytest.NewServer()
	defer s.Close()
	client := s.Client(juspayotel.Instrument(juspayotel.WithMeterProvider(mp)))

	ctx := context.Background()
	_, err := client.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "jane.doe@example.com"})
	fmt.Println(err != nil) // not found

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range rm.ScopeMetrics[0].Metrics {
		for _, dp := range m.Data.(metricdata.Histogram[float64]).DataPoints {
			var shown []string
			for _, kv := range dp.Attributes.ToSlice() { // sorted by key
				if kv.Key != "server.address" && kv.Key != "server.port" {
					shown = append(shown, fmt.Sprintf("%s=%s", kv.Key, kv.Value.String()))
				}
			}
			fmt.Printf("%s (%s) count=%d %s\n", m.Name, m.Unit, dp.Count, strings.Join(shown, " "))
		}
	}
	// Output:
	// true
	// http.client.request.duration (s) count=1 error.type=404 http.request.method=GET http.response.status_code=404 url.template=/customers/{id}
	// juspay.client.call.duration (s) count=1 error.type=not_found juspay.call=GetCustomer
}
