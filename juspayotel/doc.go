// Package juspayotel instruments a juspay-go Client with OpenTelemetry:
// a span per call, a CLIENT span per HTTP attempt under it, and the
// duration of both as metrics, following OpenTelemetry's HTTP semantic
// conventions. It is the core's juspay.Observer hook, seen through
// OpenTelemetry, and so records only what that hook gives: the call, the
// method, the path template, the status, Juspay's request id, the
// duration and the kind of error. No attribute, event or metric holds a
// customer id, a reference, an e-mail, a mobile number, a token, the API
// key or a query value.
//
//	client, err := juspay.NewClient(apiKey, merchantID, juspayotel.Instrument())
//
// A retried create is recorded as:
//
//	juspay.CreateCustomer    INTERNAL  juspay.attempts=2 http.response.status_code=200 juspay.request_id=...
//	├── POST /customers      CLIENT    http.response.status_code=503 error.type=503 (status Error)
//	└── POST /customers      CLIENT    http.response.status_code=200 http.request.resend_count=1
//
// The call span is INTERNAL: it is the SDK's operation, not a request to
// Juspay. Each attempt is a request, so each is the CLIENT span the
// conventions ask for; a CLIENT span around them would make trace
// backends that pair CLIENT spans with the server's (service graphs,
// dependency maps) count every call twice.
//
// Metrics: http.client.request.duration (seconds, per attempt, with
// http.request.method, url.template, server.address, server.port,
// http.response.status_code and error.type) and juspay.client.call.duration
// (seconds, per call, with juspay.call, server.address, server.port and
// error.type). Both use the conventions' bucket boundaries.
//
// With juspay.WithLogger, the client writes each log record with the
// context of the attempt or call it is about, so a trace-aware slog
// handler puts it under that span.
//
// Trace context (traceparent) is not sent to Juspay, a third party, unless
// WithPropagators asks for it.
//
// url.full is not recorded: the hook gives no scheme, and leaves out the
// base URL's path, which for a proxy may hold a secret; url.template,
// server.address and server.port say where each request went.
//
// Do not wrap the transport a Juspay client uses in otelhttp.NewTransport:
// otelhttp records url.full, and Juspay's paths and queries hold the
// customer's id (often an e-mail or a mobile number). juspayotel's attempt
// spans are the client spans of those requests. An application that
// replaces http.DefaultTransport with otelhttp's gives the Juspay client a
// transport of its own, since a client built without juspay.WithHTTPClient
// follows http.DefaultTransport:
//
//	juspay.NewClient(apiKey, merchantID, juspayotel.Instrument(),
//		juspay.WithHTTPClient(&http.Client{Transport: juspay.NewTransport()}))
package juspayotel
