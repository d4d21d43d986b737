package juspay

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// Juspay's JSON, read tolerantly and within bounds. Each result type reads
// and writes its JSON through one struct of pointers to its own fields,
// typed with the helpers below: a scalar of an unexpected JSON type (a
// number where text was expected, "true" as a string) never fails a call,
// and no list or map grows past what a real answer holds.

// Bounds on what one answer may decode into. A 1 MiB body of "{}," is
// 349,515 cards: without a bound they allocate 243 MiB. The request path
// refuses, before decoding, an answer of more than maxValues values in all
// (countValues), whatever its nesting; each list and metadata object is
// capped too, so that no slice grows past a real answer's size. With these,
// no answer allocates more than 32 MiB (TestDecodeBounded). A real answer
// of 1000 cards holds about 36,000 values.
const (
	maxValues  = 50000 // values in one answer: array items and object members, nested included
	maxListLen = 1000  // items of any JSON array: cards, wallets, their details
	maxMapLen  = 256   // members of a metadata object
)

// errTooLong is an answer, list or map over its bound; the request path
// reports it as ErrResponseTooLarge.
var errTooLong = errors.New("the answer holds more than the client reads (" + strconv.Itoa(maxValues) +
	" values in all, " + strconv.Itoa(maxListLen) + " items a list, " + strconv.Itoa(maxMapLen) + " metadata members)")

// countValues counts the array items and object members of a JSON text, at
// any depth, stopping past limit; strings are skipped. It reads the text as
// JSON only as far as counting needs: the decoder checks the rest.
func countValues(b []byte, limit int) int {
	n := 0
	inString := false
	for i := 0; i < len(b) && n <= limit; i++ {
		switch c := b[i]; {
		case inString:
			if c == '\\' {
				i++ // the escaped byte
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ',':
			n++
		case c == '[' || c == '{':
			n++ // the first item or member, if any; an empty one counts as one
		}
	}
	return n
}

// jsonText is a JSON scalar as text: a string unquoted, a number, true or
// false as written. null, an object or an array leave it as it was, so an
// odd value never fails a decode. It marshals as a JSON string.
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	switch b[0] {
	case 'n', '{', '[':
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = jsonText(s)
		return nil
	}
	*t = jsonText(b)
	return nil
}

// jsonBool is true for JSON true or the text "true"; anything else leaves
// it as it was (null) or false.
type jsonBool bool

func (v *jsonBool) UnmarshalJSON(b []byte) error {
	var t jsonText
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	if !isNull(b) {
		*v = t == "true"
	}
	return nil
}

// jsonInt is a JSON number, or text holding one; anything else is 0, and
// null leaves it as it was.
type jsonInt int

func (v *jsonInt) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var t jsonText
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	n, _ := strconv.Atoi(string(t))
	*v = jsonInt(n)
	return nil
}

// jsonTime is a timestamp in either of Juspay's forms (see parseTime); an
// unreadable one is the zero time, which marshals as null.
type jsonTime time.Time

func (v *jsonTime) UnmarshalJSON(b []byte) error {
	var t jsonText
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	*v = jsonTime(parseTime(string(t)))
	return nil
}

func (v jsonTime) MarshalJSON() ([]byte, error) {
	if time.Time(v).IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(formatTime(time.Time(v)))
}

// Decimal is an amount exactly as Juspay wrote it, e.g. "100.10": never
// rounded through a float64. Hand it to a decimal library, or compare it
// as text. Empty means Juspay sent null.
type Decimal string

// MarshalJSON writes the amount as the JSON number Juspay sent, or null
// when it is empty; text that is no JSON number is written as a string.
func (d Decimal) MarshalJSON() ([]byte, error) {
	switch {
	case d == "":
		return []byte("null"), nil
	case json.Valid([]byte(d)) && (d[0] == '-' || '0' <= d[0] && d[0] <= '9'):
		return []byte(d), nil
	}
	return json.Marshal(string(d))
}

// UnmarshalJSON reads a JSON number exactly as written (a string holding
// one is read too); null leaves d as it was.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	return (*jsonText)(d).UnmarshalJSON(b)
}

// textMap is a JSON object of scalars, each read as jsonText, of at most
// maxMapLen members; null leaves it as it was.
type textMap map[string]string

func (m *textMap) UnmarshalJSON(b []byte) error {
	if b[0] != '{' {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // '{'
		return err
	}
	out := textMap{}
	for n := 0; dec.More(); n++ {
		if n == maxMapLen { // members, not keys: a repeated key counts each time
			return errTooLong
		}
		key, err := dec.Token()
		if err != nil {
			return err
		}
		var v jsonText
		if err := dec.Decode(&v); err != nil {
			return err
		}
		out[key.(string)] = string(v)
	}
	*m = out
	return nil
}

// listOf is a JSON array decoded one item at a time, at most maxListLen of
// them, so that its length is bounded before its items are allocated. null
// items are skipped; null leaves the list as it was, and an empty array
// gives an empty, non-nil list.
type listOf[T any] []T

func (l *listOf[T]) UnmarshalJSON(b []byte) error {
	if b[0] != '[' {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // '['
		return err
	}
	out := listOf[T]{}
	for dec.More() {
		if len(out) == maxListLen {
			return errTooLong
		}
		var item *T
		if err := dec.Decode(&item); err != nil {
			return err
		}
		if item != nil {
			out = append(out, *item)
		}
	}
	*l = out
	return nil
}

// textList is a JSON array of scalars, each read as jsonText, bounded as
// listOf is.
type textList []string

func (l *textList) UnmarshalJSON(b []byte) error {
	var items listOf[jsonText]
	if err := items.UnmarshalJSON(b); err != nil || items == nil {
		return err
	}
	out := make(textList, len(items))
	for i, t := range items {
		out[i] = string(t)
	}
	*l = out
	return nil
}

// parseTime reads Juspay's two timestamp forms, "2020-03-17T14:13:37Z" and
// "2016-08-02T08:07:52+0000" (and RFC 3339 offsets such as "+05:30"), as
// UTC. Anything else gives the zero time: a bad timestamp never fails a call.
func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t, err = time.Parse("2006-01-02T15:04:05Z0700", s); err != nil {
			return time.Time{}
		}
	}
	return t.UTC()
}

// formatTime writes t as Juspay does, in UTC ("2020-03-17T14:13:37Z", with
// a fraction only when t has one); "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// isNull reports whether b is the JSON null.
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }
