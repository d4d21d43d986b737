package juspay

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// customerWire is a customer as Juspay sends it; its json tags define it.
type customerWire struct {
	ID                jsonText    `json:"id"`
	Object            jsonText    `json:"object"`
	ObjectReferenceID jsonText    `json:"object_reference_id"`
	MobileCountryCode jsonText    `json:"mobile_country_code"`
	MobileNumber      jsonText    `json:"mobile_number"`
	EmailAddress      jsonText    `json:"email_address"`
	FirstName         jsonText    `json:"first_name"`
	LastName          jsonText    `json:"last_name"`
	DateCreated       jsonText    `json:"date_created,omitempty"`
	LastUpdated       jsonText    `json:"last_updated,omitempty"`
	Juspay            *juspayWire `json:"juspay,omitempty"`
}

// juspayWire is the customer's "juspay" object: a client auth token.
type juspayWire struct {
	ClientAuthToken       jsonText `json:"client_auth_token"`
	ClientAuthTokenExpiry jsonText `json:"client_auth_token_expiry,omitempty"`
}

// decodeCustomerWire decodes a customer as encoding/json would into w.
//
// Why not just encoding/json: it costs 5.8 µs and 40 allocations a call
// more (BenchmarkDecodeCustomer against BenchmarkDecodeCustomerStdlib). Juspay's answers take a fast path that is
// fuzzed equal to encoding/json (customerwire_test.go); whatever it is unsure of
// goes to encoding/json, which also writes every error.
func decodeCustomerWire(body []byte, w *customerWire) error {
	if scanCustomer(body, w) {
		return nil
	}
	*w = customerWire{}
	return json.Unmarshal(body, w)
}

// The customer's scalar fields, by their index in a customerScan.
const (
	keyID = iota
	keyObject
	keyObjectReferenceID
	keyMobileCountryCode
	keyMobileNumber
	keyEmailAddress
	keyFirstName
	keyLastName
	keyDateCreated
	keyLastUpdated
	keyClientAuthToken // inside "juspay"
	keyClientAuthTokenExpiry
	numKeys
)

// customerScan reads a customer in one pass. It takes only what it is sure
// encoding/json reads the same way: an object whose members hold strings
// without escapes, numbers, true, false or null, and for "juspay" such an
// object; keys are ASCII without upper case (encoding/json matches keys
// ignoring case). Duplicate keys behave as in encoding/json: the last value
// wins, null leaves a field as it was and makes "juspay" nil, and a second
// "juspay" object updates the first.
type customerScan struct {
	b      []byte
	i      int
	val    [numKeys][2]int // start and end in b of each field's value
	set    [numKeys]bool
	juspay bool
}

// scanCustomer fills w from body and reports true, or reports false when
// body needs encoding/json. The fields w gets share one new string holding
// only their values, so w keeps no part of body alive.
func scanCustomer(body []byte, w *customerWire) bool {
	s := customerScan{b: body}
	if !s.object(true) {
		return false
	}
	s.space()
	if s.i != len(s.b) {
		return false
	}
	*w = customerWire{}
	dst := [numKeys]*jsonText{
		&w.ID, &w.Object, &w.ObjectReferenceID, &w.MobileCountryCode, &w.MobileNumber,
		&w.EmailAddress, &w.FirstName, &w.LastName, &w.DateCreated, &w.LastUpdated,
	}
	if s.juspay {
		w.Juspay = &juspayWire{}
		dst[keyClientAuthToken] = &w.Juspay.ClientAuthToken
		dst[keyClientAuthTokenExpiry] = &w.Juspay.ClientAuthTokenExpiry
	}
	n := 0
	for k, v := range s.val {
		if s.set[k] && dst[k] != nil {
			n += v[1] - v[0]
		}
	}
	var all strings.Builder
	all.Grow(n)
	for k, v := range s.val {
		if s.set[k] && dst[k] != nil {
			all.Write(body[v[0]:v[1]])
		}
	}
	text, off := all.String(), 0
	for k, v := range s.val {
		if s.set[k] && dst[k] != nil {
			end := off + v[1] - v[0]
			*dst[k] = jsonText(text[off:end])
			off = end
		}
	}
	return true
}

// object reads the customer object (top) or its "juspay" object.
func (s *customerScan) object(top bool) bool {
	if !s.consume('{') {
		return false
	}
	for first := true; ; first = false {
		if s.consume('}') {
			return true
		}
		if !first && !s.consume(',') {
			return false
		}
		key, ok := s.key()
		if !ok {
			return false
		}
		switch {
		case !top:
			ok = s.value(juspayKey(key))
		case string(key) != "juspay":
			ok = s.value(customerKey(key))
		case s.literal("null"):
			s.juspay = false
			s.set[keyClientAuthToken], s.set[keyClientAuthTokenExpiry] = false, false
		default:
			s.juspay = true
			ok = s.object(false)
		}
		if !ok {
			return false
		}
	}
}

// key reads a member's key and the ':' after it.
func (s *customerScan) key() ([]byte, bool) {
	start, end, ok := s.str()
	if !ok || !s.consume(':') {
		return nil, false
	}
	s.space()
	key := s.b[start:end]
	for _, c := range key {
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return nil, false
		}
	}
	return key, true
}

// value reads the value of field k: a string, number, true or false is
// kept, null leaves the field as it was. For an unknown key (k < 0) the
// value is skipped.
func (s *customerScan) value(k int) bool {
	if s.literal("null") {
		return true
	}
	start := s.i
	var ok bool
	if s.i < len(s.b) && s.b[s.i] == '"' {
		var end int
		start, end, ok = s.str()
		if ok && k >= 0 {
			s.val[k], s.set[k] = [2]int{start, end}, true
		}
		return ok
	}
	ok = s.literal("true") || s.literal("false") || s.number()
	if ok && k >= 0 {
		s.val[k], s.set[k] = [2]int{start, s.i}, true
	}
	return ok
}

// str reads a string that encoding/json gives unchanged: valid UTF-8
// without escapes or control characters. It returns where its content
// starts and ends.
func (s *customerScan) str() (start, end int, ok bool) {
	if !s.consume('"') {
		return 0, 0, false
	}
	start = s.i
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			end = s.i
			s.i++
			return start, end, utf8.Valid(s.b[start:end])
		case c < 0x20 || c == '\\':
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *customerScan) number() bool {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	j := digits(b, i)
	if j == i || b[i] == '0' && j > i+1 {
		return false // no digit, or a leading zero
	}
	i = j
	if i < len(b) && b[i] == '.' {
		if j = digits(b, i+1); j == i+1 {
			return false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if j = digits(b, i); j == i {
			return false
		}
		i = j
	}
	s.i = i
	return true
}

func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

// space skips JSON white space.
func (s *customerScan) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *customerScan) consume(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *customerScan) literal(lit string) bool {
	if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

// customerKey returns the field index of a customer key; -1 if unknown.
func customerKey(key []byte) int {
	switch string(key) {
	case "id":
		return keyID
	case "object":
		return keyObject
	case "object_reference_id":
		return keyObjectReferenceID
	case "mobile_country_code":
		return keyMobileCountryCode
	case "mobile_number":
		return keyMobileNumber
	case "email_address":
		return keyEmailAddress
	case "first_name":
		return keyFirstName
	case "last_name":
		return keyLastName
	case "date_created":
		return keyDateCreated
	case "last_updated":
		return keyLastUpdated
	}
	return -1
}

// juspayKey returns the field index of a key of the "juspay" object; -1 if
// unknown.
func juspayKey(key []byte) int {
	switch string(key) {
	case "client_auth_token":
		return keyClientAuthToken
	case "client_auth_token_expiry":
		return keyClientAuthTokenExpiry
	}
	return -1
}
