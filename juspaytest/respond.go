package juspaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// answer is what a call answers: a status and a value encoded as JSON.
type answer struct {
	status int
	body   any
}

// encodeJSON encodes v compactly, in struct field order, without HTML
// escaping and without a trailing newline.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("juspaytest: encoding an answer: " + err.Error()) // our own types: cannot happen
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// writeAnswer writes a as JSON; an error body gets responseID as its
// error_info.request_id.
func writeAnswer(w http.ResponseWriter, a answer, responseID string) {
	body := a.body
	if e, ok := body.(errorBody); ok {
		body = e.withRequestID(responseID)
	}
	writeBody(w, a.status, "application/json", encodeJSON(body))
}

func writeBody(w http.ResponseWriter, status int, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
