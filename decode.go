package juspay

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// decodeCustomer decodes a customer object as Juspay sends it. body is
// reused after it returns: nothing may alias it.
//
// The answers Juspay sends take a fast path (fastDecoder) that gives
// exactly what encoding/json gives; anything it is not sure of goes to
// encoding/json, which also writes every error.
func decodeCustomer(body []byte) (*Customer, error) {
	if c, ok := decodeCustomerFast(body); ok {
		return c, nil
	}
	var w customerWire
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, err
	}
	return w.customer(), nil
}

// customerWire is the customer as Juspay sends it.
type customerWire struct {
	ID                string      `json:"id"`
	Object            string      `json:"object"`
	ObjectReferenceID string      `json:"object_reference_id"`
	MobileCountryCode string      `json:"mobile_country_code"`
	MobileNumber      string      `json:"mobile_number"`
	EmailAddress      string      `json:"email_address"`
	FirstName         string      `json:"first_name"`
	LastName          string      `json:"last_name"`
	DateCreated       string      `json:"date_created"`
	LastUpdated       string      `json:"last_updated"`
	Juspay            *juspayWire `json:"juspay"`
}

// juspayWire is the "juspay" object: the client auth token.
type juspayWire struct {
	Token  string `json:"client_auth_token"`
	Expiry string `json:"client_auth_token_expiry"`
}

func (w *customerWire) customer() *Customer { return newCustomer(w, w.Juspay) }

// newCustomer builds the Customer of w with the "juspay" object j (nil
// when absent or null); w.Juspay is not read.
func newCustomer(w *customerWire, j *juspayWire) *Customer {
	// One allocation for the customer and its token.
	both := &struct {
		c Customer
		a ClientAuth
	}{}
	c := &both.c
	*c = Customer{
		ID:                w.ID,
		Object:            w.Object,
		ObjectReferenceID: w.ObjectReferenceID,
		MobileCountryCode: w.MobileCountryCode,
		MobileNumber:      w.MobileNumber,
		EmailAddress:      w.EmailAddress,
		FirstName:         w.FirstName,
		LastName:          w.LastName,
		DateCreated:       parseTime(w.DateCreated),
		LastUpdated:       parseTime(w.LastUpdated),
	}
	if j != nil && j.Token != "" {
		both.a = ClientAuth{Token: j.Token, Expiry: parseTime(j.Expiry)}
		c.ClientAuth = &both.a
	}
	return c
}

// decodeCustomerFast decodes body as encoding/json would into a
// customerWire, or reports false. It takes only a JSON object whose values
// are strings or null, or for "juspay" such an object, and whose other
// keys hold strings, numbers, true, false or null; keys must be ASCII
// without upper-case letters (encoding/json matches keys ignoring case),
// strings must be valid UTF-8 without escapes. Duplicate keys work as in
// encoding/json: the last string wins, null leaves a string unchanged and
// makes "juspay" nil, and a second "juspay" object updates the first.
// Fields are slices of one copy of body.
func decodeCustomerFast(body []byte) (*Customer, bool) {
	d := fastDecoder{s: string(body)}
	if !d.object(true) {
		return nil, false
	}
	d.space()
	if d.i != len(d.s) {
		return nil, false
	}
	var j *juspayWire
	if d.juspay {
		j = &d.jw
	}
	return newCustomer(&d.w, j), true
}

type fastDecoder struct {
	s      string // the body
	i      int    // read offset in s
	w      customerWire
	jw     juspayWire
	juspay bool // whether w.Juspay would be non-nil (it holds &jw)
}

// object reads an object: the customer when top is set, else "juspay".
func (d *fastDecoder) object(top bool) bool {
	if !d.consume('{') {
		return false
	}
	for first := true; ; first = false {
		key, more, ok := d.key(first)
		if !ok || !more {
			return ok
		}
		switch {
		case !top:
			ok = d.value(d.jw.field(key))
		case key != "juspay":
			ok = d.value(d.w.field(key))
		case d.literal("null"):
			d.juspay, d.jw = false, juspayWire{}
		default:
			d.juspay = true
			ok = d.object(false)
		}
		if !ok {
			return false
		}
	}
}

// key reads the ',' before a member unless first, its key and ':'; or the
// closing '}' (more is false).
func (d *fastDecoder) key(first bool) (key string, more, ok bool) {
	if d.consume('}') {
		return "", false, true
	}
	if !first && !d.consume(',') {
		return "", false, false
	}
	key, ok = d.str()
	if !ok || !d.consume(':') {
		return "", false, false
	}
	d.space() // up to the value
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return "", false, false
		}
	}
	return key, true, true
}

// value reads a string or null into dst (null leaves it as it is) or, when
// dst is nil (an unknown key), skips a string, number, true, false or null.
func (d *fastDecoder) value(dst *string) bool {
	switch {
	case d.literal("null"):
		return true
	case d.i < len(d.s) && d.s[d.i] == '"':
		v, ok := d.str()
		if ok && dst != nil {
			*dst = v
		}
		return ok
	}
	return dst == nil && (d.literal("true") || d.literal("false") || d.number())
}

// str reads a string that is valid UTF-8 without escapes or control
// characters: encoding/json gives its bytes unchanged.
func (d *fastDecoder) str() (string, bool) {
	if !d.consume('"') {
		return "", false
	}
	n := strings.IndexByte(d.s[d.i:], '"')
	if n < 0 {
		return "", false
	}
	v := d.s[d.i : d.i+n]
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] == '\\' {
			return "", false
		}
	}
	d.i += n + 1
	return v, utf8.ValidString(v)
}

// number skips a number, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *fastDecoder) number() bool {
	s, i := d.s, d.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	j := digits(s, i)
	if j == i || s[i] == '0' && j > i+1 { // no digit, or a leading zero
		return false
	}
	i = j
	if i < len(s) && s[i] == '.' {
		if j = digits(s, i+1); j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		if i++; i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if j = digits(s, i); j == i {
			return false
		}
		i = j
	}
	d.i = i
	return true
}

func digits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// space skips JSON white space.
func (d *fastDecoder) space() {
	for d.i < len(d.s) && (d.s[d.i] == ' ' || d.s[d.i] == '\t' || d.s[d.i] == '\n' || d.s[d.i] == '\r') {
		d.i++
	}
}

func (d *fastDecoder) consume(c byte) bool {
	d.space()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *fastDecoder) literal(lit string) bool {
	if strings.HasPrefix(d.s[d.i:], lit) {
		d.i += len(lit)
		return true
	}
	return false
}

// field returns the field of key, nil for an unknown key.
func (w *customerWire) field(key string) *string {
	switch key {
	case "id":
		return &w.ID
	case "object":
		return &w.Object
	case "object_reference_id":
		return &w.ObjectReferenceID
	case "mobile_country_code":
		return &w.MobileCountryCode
	case "mobile_number":
		return &w.MobileNumber
	case "email_address":
		return &w.EmailAddress
	case "first_name":
		return &w.FirstName
	case "last_name":
		return &w.LastName
	case "date_created":
		return &w.DateCreated
	case "last_updated":
		return &w.LastUpdated
	}
	return nil
}

func (j *juspayWire) field(key string) *string {
	switch key {
	case "client_auth_token":
		return &j.Token
	case "client_auth_token_expiry":
		return &j.Expiry
	}
	return nil
}

// parseTime reads Juspay's two timestamp forms, "2020-03-17T14:13:37Z" and
// "2016-08-02T08:07:52+0000" (and RFC 3339 offsets such as "+05:30"), as
// UTC. Anything else gives the zero time: a bad timestamp never fails a call.
func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	// RFC 3339 first: the time package has a fast path for it.
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t, err = time.Parse("2006-01-02T15:04:05Z0700", s); err != nil {
			return time.Time{}
		}
	}
	return t.UTC()
}
