package juspay

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// Response is what the last attempt of a call was answered: its status,
// headers, Juspay's request id and how many attempts the call made. The
// results of the calls carry it as LastResponse; Client.Do returns it.
// Printing it with fmt or slog shows only its status, request id and
// attempts: headers may hold cookies.
type Response struct {
	StatusCode int
	Header     http.Header
	// RequestID is the x-response-id header, else x-request-id: what
	// Juspay's support asks for.
	RequestID string
	// Attempts is how many attempts the call made, retries included.
	Attempts int
}

// Format prints the status, request id and attempts, whatever the verb.
func (r Response) Format(f fmt.State, _ rune) { formatFields(f, "Response", r.fields()) }

// LogValue logs the status, request id and attempts.
func (r Response) LogValue() slog.Value { return logFields(r.fields()) }

func (r Response) fields() []field {
	return []field{
		{"StatusCode", strconv.Itoa(r.StatusCode)}, {"RequestID", r.RequestID},
		{"Attempts", strconv.Itoa(r.Attempts)},
	}
}

// requestID is the answer's request id: x-response-id, else x-request-id,
// bounded and on one line as server text in errors is (see clip), without
// a copy when it already is.
func requestID(h http.Header) string {
	id := cmp.Or(h.Get("X-Response-Id"), h.Get("X-Request-Id"))
	if len(id) <= maxErrorText && utf8.ValidString(id) && oneLine(id) == id {
		return id
	}
	return clip(id)
}
