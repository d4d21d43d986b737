package juspaytest

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"sort"
)

// input is a POST body read into string fields: a form as sent, or a JSON
// object whose string values are taken as they are, true/false as "true" and
// "false", and null as absent.
type input struct {
	fields url.Values // first value of a key is the one used
	// problem, when not nil, is the 400 the body earns before any field
	// rule: it cannot be read, or a known field is not a string.
	problem *errorBody
}

// readInput reads a POST body by its Content-Type.
func readInput(r *http.Request, body []byte) input {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return refused(invalidRequest("Malformed form body."))
		}
		return input{fields: form}
	case "application/json":
		return readJSON(body)
	}
	return refused(invalidRequest("Content-Type must be application/x-www-form-urlencoded or application/json."))
}

func refused(e errorBody) input { return input{problem: &e} }

const tokenOption = "options.get_client_auth_token"

func readJSON(body []byte) input {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return refused(invalidRequest("Malformed JSON body: an object is expected."))
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first bad field in key order is the one named
	fields := url.Values{}
	for _, k := range keys {
		raw := obj[k]
		var s string
		switch {
		case bytes.Equal(raw, []byte("null")):
			continue
		case json.Unmarshal(raw, &s) == nil:
			fields.Set(k, s)
			continue
		}
		isBool := bytes.Equal(raw, []byte("true")) || bytes.Equal(raw, []byte("false"))
		if isStringField(k) || k == tokenOption && !isBool {
			return refused(invalidField(k))
		}
		fields.Set(k, string(raw)) // true, false, or another key's JSON text
	}
	return input{fields: fields}
}

// isStringField reports whether a JSON body's key k must hold a string (or
// null).
func isStringField(k string) bool {
	switch k {
	case "object_reference_id", "mobile_number", "mobile_country_code",
		"email_address", "first_name", "last_name", "card_token":
		return true
	}
	return false
}
