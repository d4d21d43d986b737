package juspayotel_test

import (
	"context"
	"maps"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// anID stands, in an expected attribute map, for a non-empty
// juspay.request_id.
const anID = "<request id>"

// unset is the status of a span that did not fail.
func unset() sdktrace.Status { return sdktrace.Status{Code: codes.Unset} }

// failed is the status of a span that failed, with its description.
func failed(desc string) sdktrace.Status {
	return sdktrace.Status{Code: codes.Error, Description: desc}
}

// spanAttrs is a span's attributes as a map, with a non-empty
// juspay.request_id replaced by anID.
func spanAttrs(s sdktrace.ReadOnlySpan) map[string]any {
	m := attrs(s.Attributes())
	if id, ok := m["juspay.request_id"].(string); ok && id != "" {
		m["juspay.request_id"] = anID
	}
	return m
}

// with returns base with more added.
func with(base map[string]any, more map[string]any) map[string]any {
	m := maps.Clone(base)
	maps.Copy(m, more)
	return m
}

// TestSpans checks the span tree, names, kinds, attributes and statuses of
// the calls the conventions care about: a plain create, a retried one, a
// get-or-create that creates, failed calls, and Do.
func TestSpans(t *testing.T) {
	t.Parallel()
	const ref = "ref-spans-000001"
	create := func(ctx context.Context, c *juspay.Client) error {
		_, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655"})
		return err
	}
	get := func(ctx context.Context, c *juspay.Client) error {
		_, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: ref})
		return err
	}
	post := map[string]any{"http.request.method": "POST", "url.template": "/customers"}
	lookup := map[string]any{"http.request.method": "GET", "url.template": "/customers/{id}"}
	ok := map[string]any{"http.response.status_code": int64(200), "juspay.request_id": anID}
	cases := []struct {
		name       string
		prepare    func(s *juspaytest.Server)
		opts       []juspay.Option
		run        func(context.Context, *juspay.Client) error
		tree       []string
		call       map[string]any // the call span's attributes but juspay.call
		callStatus sdktrace.Status
		attempts   []map[string]any // each attempt's, but server.address and server.port
		statuses   []sdktrace.Status
	}{{
		name:     "a plain create",
		run:      create,
		tree:     []string{"juspay.CreateCustomer internal", "  POST /customers client"},
		call:     with(ok, map[string]any{"juspay.attempts": int64(1)}),
		attempts: []map[string]any{with(post, ok)},
		statuses: []sdktrace.Status{unset()},
	}, {
		name:    "a create retried after a 503",
		prepare: func(s *juspaytest.Server) { s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "") },
		run:     create,
		tree:    []string{"juspay.CreateCustomer internal", "  POST /customers client", "  POST /customers client"},
		call:    with(ok, map[string]any{"juspay.attempts": int64(2)}),
		attempts: []map[string]any{
			with(post, map[string]any{"http.response.status_code": int64(503), "juspay.request_id": anID, "error.type": "503"}),
			with(post, with(ok, map[string]any{"http.request.resend_count": int64(1)})),
		},
		statuses: []sdktrace.Status{failed(""), unset()},
	}, {
		name: "a get-or-create that creates",
		run: func(ctx context.Context, c *juspay.Client) error {
			_, err := c.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655"})
			return err
		},
		tree: []string{"juspay.GetOrCreateCustomer internal", "  GET /customers/{id} client", "  POST /customers client"},
		call: with(ok, map[string]any{"juspay.attempts": int64(2)}),
		attempts: []map[string]any{
			with(lookup, map[string]any{"http.response.status_code": int64(404), "juspay.request_id": anID, "error.type": "404"}),
			with(post, ok),
		},
		statuses: []sdktrace.Status{failed(""), unset()},
	}, {
		name: "a failed call: not found",
		run:  get,
		tree: []string{"juspay.GetCustomer internal", "  GET /customers/{id} client"},
		call: map[string]any{"juspay.attempts": int64(1), "http.response.status_code": int64(404), "juspay.request_id": anID,
			"error.type": "not_found"},
		callStatus: failed("not_found"),
		attempts:   []map[string]any{with(lookup, map[string]any{"http.response.status_code": int64(404), "juspay.request_id": anID, "error.type": "404"})},
		statuses:   []sdktrace.Status{failed("")},
	}, {
		name:       "a failed call: the connection dropped, every attempt",
		prepare:    func(s *juspaytest.Server) { s.DropNext(juspaytest.RouteGet, 2) },
		opts:       []juspay.Option{juspay.WithMaxRetries(1)},
		run:        get,
		tree:       []string{"juspay.GetCustomer internal", "  GET /customers/{id} client", "  GET /customers/{id} client"},
		call:       map[string]any{"juspay.attempts": int64(2), "error.type": "connection"},
		callStatus: failed("connection"),
		attempts: []map[string]any{
			with(lookup, map[string]any{"error.type": "connection"}),
			with(lookup, map[string]any{"error.type": "connection", "http.request.resend_count": int64(1)}),
		},
		statuses: []sdktrace.Status{failed("connection"), failed("connection")},
	}, {
		name: "a failed call: refused before sending",
		run: func(ctx context.Context, c *juspay.Client) error {
			_, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{})
			return err
		},
		tree:       []string{"juspay.GetCustomer internal"},
		call:       map[string]any{"juspay.attempts": int64(0), "error.type": "validation"},
		callStatus: failed("validation"),
	}, {
		name: "Do",
		prepare: func(s *juspaytest.Server) {
			_, _ = s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: "9988776655"})
		},
		run: func(ctx context.Context, c *juspay.Client) error {
			var v map[string]any
			_, err := c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}", ID: ref}, &v)
			return err
		},
		tree:     []string{"juspay.Do internal", "  GET /customers/{id} client"},
		call:     with(ok, map[string]any{"juspay.attempts": int64(1)}),
		attempts: []map[string]any{with(lookup, ok)},
		statuses: []sdktrace.Status{unset()},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, tc.opts)
			if tc.prepare != nil {
				tc.prepare(r.s)
			}
			err := tc.run(ctx(t), r.c)
			if tc.callStatus.Code == codes.Error {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}

			spans := r.ended()
			require.Equal(t, tc.tree, tree(spans))
			call, tries := spans[0], spans[1:]
			assert.Equal(t, with(tc.call, map[string]any{"juspay.call": call.Name()[len("juspay."):]}), spanAttrs(call))
			assert.Equal(t, tc.callStatus, call.Status())
			host, port := hostPort(t, r.s)
			require.Len(t, tries, len(tc.attempts))
			for i, a := range tries {
				want := with(tc.attempts[i], map[string]any{"server.address": host, "server.port": port})
				assert.Equal(t, want, spanAttrs(a), "attempt %d", i+1)
				assert.Equal(t, tc.statuses[i], a.Status(), "attempt %d", i+1)
				assert.Equal(t, call.SpanContext().TraceID(), a.SpanContext().TraceID())
				assert.False(t, a.StartTime().Before(call.StartTime()), "attempt %d starts in the call", i+1)
				assert.False(t, a.EndTime().After(call.EndTime()), "attempt %d ends in the call", i+1)
				assert.Empty(t, a.Events(), "attempt %d", i+1)
			}
			// Each attempt's request id is the one the server sent it; the
			// call's is its last answer's.
			reqs := r.s.Requests()
			require.Len(t, reqs, len(tries))
			last := ""
			for i, a := range tries {
				if id := attrs(a.Attributes())["juspay.request_id"]; id != nil {
					assert.Equal(t, reqs[i].ResponseID, id, "attempt %d", i+1)
					last = reqs[i].ResponseID
				}
			}
			if last != "" {
				assert.Equal(t, last, attrs(call.Attributes())["juspay.request_id"])
			}
		})
	}
}
