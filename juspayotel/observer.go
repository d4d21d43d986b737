package juspayotel

import (
	"context"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	juspay "github.com/seed276dc779/juspay-go"
)

// The attributes of this package; the others are the semantic
// conventions'.
const (
	callKey      = attribute.Key("juspay.call")       // "CreateCustomer"
	attemptsKey  = attribute.Key("juspay.attempts")   // the call's HTTP attempts
	requestIDKey = attribute.Key("juspay.request_id") // Juspay's id of an answer, for its support
)

// observer is the juspay.Observer that Instrument gives a Client: it
// turns calls and attempts into spans and durations.
type observer struct {
	tracer   trace.Tracer
	attempts metric.Float64Histogram // http.client.request.duration
	calls    metric.Float64Histogram // juspay.client.call.duration

	// The span kinds as options, made once: an option is an allocation.
	internal, client trace.SpanStartOption
}

// StartCall starts the call's INTERNAL span, juspay.<Call>. Spans start
// and end as the events come, moments after the events' own times:
// passing those would cost an allocation each.
func (o *observer) StartCall(ctx context.Context, e juspay.CallEvent) context.Context {
	ctx, _ = o.tracer.Start(ctx, "juspay."+e.Call, o.internal, trace.WithAttributes(callKey.String(e.Call)))
	return ctx
}

// EndCall ends the call's span with its outcome and records its duration.
func (o *observer) EndCall(ctx context.Context, e juspay.CallEvent) {
	span := trace.SpanFromContext(ctx)
	if span.IsRecording() {
		attrs := make([]attribute.KeyValue, 1, 4)
		attrs[0] = attemptsKey.Int(e.Attempts)
		if e.StatusCode != 0 {
			attrs = append(attrs, semconv.HTTPResponseStatusCode(e.StatusCode))
		}
		if e.RequestID != "" {
			attrs = append(attrs, requestIDKey.String(e.RequestID))
		}
		if e.ErrorKind != "" {
			attrs = append(attrs, semconv.ErrorTypeKey.String(string(e.ErrorKind)))
			span.SetStatus(codes.Error, string(e.ErrorKind))
		}
		span.SetAttributes(attrs...)
	}
	span.End()

	if !o.calls.Enabled(ctx) {
		return
	}
	attrs := make([]attribute.KeyValue, 3, 4)
	attrs[0] = callKey.String(e.Call)
	attrs[1] = semconv.ServerAddress(e.ServerAddress)
	attrs[2] = semconv.ServerPort(e.ServerPort)
	if e.ErrorKind != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(string(e.ErrorKind)))
	}
	o.calls.Record(ctx, e.Duration.Seconds(), metric.WithAttributes(attrs...))
}

// StartAttempt starts the attempt's CLIENT span, "{METHOD} {template}",
// with the attributes a sampler may use.
func (o *observer) StartAttempt(ctx context.Context, e juspay.AttemptEvent) context.Context {
	attrs := make([]attribute.KeyValue, 4, 5)
	attrs[0] = semconv.HTTPRequestMethodKey.String(e.Method)
	attrs[1] = semconv.URLTemplate(e.Template)
	attrs[2] = semconv.ServerAddress(e.ServerAddress)
	attrs[3] = semconv.ServerPort(e.ServerPort)
	if e.Attempt > 1 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(e.Attempt-1))
	}
	ctx, _ = o.tracer.Start(ctx, e.Method+" "+e.Template, o.client, trace.WithAttributes(attrs...))
	return ctx
}

// EndAttempt ends the attempt's span with its outcome and records its
// duration.
func (o *observer) EndAttempt(ctx context.Context, e juspay.AttemptEvent) {
	errType := attemptErrorType(e)
	span := trace.SpanFromContext(ctx)
	if span.IsRecording() {
		attrs := make([]attribute.KeyValue, 0, 3)
		if e.StatusCode != 0 {
			attrs = append(attrs, semconv.HTTPResponseStatusCode(e.StatusCode))
		}
		if e.RequestID != "" {
			attrs = append(attrs, requestIDKey.String(e.RequestID))
		}
		if errType != "" {
			attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
			// The conventions: no description where the status code
			// says it all.
			desc := string(e.ErrorKind)
			if e.StatusCode >= 400 {
				desc = ""
			}
			span.SetStatus(codes.Error, desc)
		}
		span.SetAttributes(attrs...)
	}
	span.End()

	if !o.attempts.Enabled(ctx) {
		return
	}
	attrs := make([]attribute.KeyValue, 4, 6)
	attrs[0] = semconv.HTTPRequestMethodKey.String(e.Method)
	attrs[1] = semconv.URLTemplate(e.Template)
	attrs[2] = semconv.ServerAddress(e.ServerAddress)
	attrs[3] = semconv.ServerPort(e.ServerPort)
	if e.StatusCode != 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCode(e.StatusCode))
	}
	if errType != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
	}
	o.attempts.Record(ctx, e.Duration.Seconds(), metric.WithAttributes(attrs...))
}

// attemptErrorType is an attempt's error.type, as the HTTP conventions
// give it: the status code as text for an answer of 400 or more, else the
// kind of error (a connection error, a timeout, an answer about someone
// else); "" when the attempt succeeded.
func attemptErrorType(e juspay.AttemptEvent) string {
	if e.StatusCode >= 400 {
		return strconv.Itoa(e.StatusCode)
	}
	return string(e.ErrorKind)
}
