package juspayotel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspayotel"
)

// benchCustomer is the answer of the benchmarks' loopback server: the Get
// Customer page's sample, for the reference asked for.
const benchCustomer = `{"id":"cst_afdeuvmfhs3j1acm","object":"customer","object_reference_id":"user-000042",` +
	`"mobile_country_code":"91","mobile_number":"9988776655","email_address":"customer@gmail.com",` +
	`"first_name":"John","last_name":"Smith","date_created":"2020-03-17T14:13:37Z","last_updated":"2020-03-17T14:13:37Z"}`

// BenchmarkGetCustomer measures what instrumenting costs a call: the same
// GetCustomer against an in-process loopback server, uninstrumented,
// instrumented with no-op providers (OpenTelemetry's default until an
// application sets its own), and with the SDK's as a service sets them up:
// spans batched to an exporter (here in memory), metrics aggregated for a
// reader (here a manual one).
//
//	go test -run '^$' -bench . -benchmem ./...
func BenchmarkGetCustomer(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(benchCustomer))
	}))
	b.Cleanup(srv.Close)
	spans := tracetest.NewInMemoryExporter()
	sdk := juspayotel.Instrument(
		juspayotel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(spans))),
		juspayotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))))
	noop := juspayotel.Instrument(
		juspayotel.WithTracerProvider(tracenoop.NewTracerProvider()),
		juspayotel.WithMeterProvider(metricnoop.NewMeterProvider()))

	cases := []struct {
		name string
		opts []juspay.Option
	}{
		{"Uninstrumented", nil},
		{"NoopProviders", []juspay.Option{noop}},
		{"SDKProviders", []juspay.Option{sdk}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			c, err := juspay.NewClient("key", "merchant", append([]juspay.Option{juspay.WithBaseURL(srv.URL)}, tc.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			defer c.CloseIdleConnections()
			ctx := context.Background()
			req := &juspay.GetCustomerRequest{CustomerID: "user-000042"}
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := c.GetCustomer(ctx, req); err != nil {
					b.Fatal(err)
				}
				if n++; n%1024 == 0 {
					spans.Reset() // keep the exporter's memory bounded
				}
			}
		})
	}
}
