package juspay

import (
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"unicode"
)

// How this package's types print without showing a secret: each type lists
// its fields once, with personal data masked, and both its Format method
// (every fmt verb) and its LogValue method (slog) print that list.

// secret holds a credential inside a closure. fmt and reflection print any
// struct field, even of a copied Client and through an odd verb (%x, %d), but
// a func only ever prints as an address.
type secret func() string

func newSecret(v string) secret { return func() string { return v } }

// redacted stands where a credential would be printed.
const redacted = "[redacted]"

// field is one field of a printed value: its name and its masked value.
type field struct{ name, value string }

// formatFields writes "juspay.typ{Name:value Name:value}", whatever the
// verb, on one line: every value goes through oneLine, so server text (a
// card brand of "VISA\nlevel=ERROR ...") cannot forge or reorder a log line.
func formatFields(f fmt.State, typ string, fs []field) {
	var b strings.Builder
	b.WriteString("juspay.")
	b.WriteString(typ)
	b.WriteByte('{')
	for i, fl := range fs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fl.name)
		b.WriteByte(':')
		b.WriteString(oneLine(fl.value))
	}
	b.WriteByte('}')
	_, _ = io.WriteString(f, b.String())
}

// logFields is fs as a slog group.
func logFields(fs []field) slog.Value {
	attrs := make([]slog.Attr, len(fs))
	for i, fl := range fs {
		attrs[i] = slog.String(fl.name, oneLine(fl.value))
	}
	return slog.GroupValue(attrs...)
}

// The masks keep just enough to tell values apart in a log line.

// maskEmail keeps the first character: "customer@gmail.com" → "c***@***".
func maskEmail(s string) string {
	if s == "" {
		return ""
	}
	return firstRune(s) + "***@***"
}

// maskMobile keeps the last two characters: "9988776655" → "***55".
func maskMobile(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return maskAll(s)
	}
	return "***" + string(r[len(r)-2:])
}

// maskName keeps the first character: "John" → "J***".
func maskName(s string) string {
	if s == "" {
		return ""
	}
	return firstRune(s) + "***"
}

// maskToken keeps a short prefix such as "tkn_": "tkn_2454..." → "tkn_***".
func maskToken(s string) string {
	if i := strings.IndexByte(s, '_'); i > 0 && i <= 4 {
		return s[:i+1] + "***"
	}
	return maskAll(s)
}

// maskID masks an id the merchant chose (an object_reference_id or routing
// id, often an e-mail or a mobile number), keeping its first two
// characters. Juspay's own ids ("cst_…", "cth_…") are no personal data and
// are kept whole.
func maskID(s string) string {
	switch r := []rune(s); {
	case isJuspayID(s):
		return s
	case len(r) < 8:
		return maskAll(s)
	default:
		return string(r[:2]) + "***"
	}
}

// isJuspayID reports the shape of Juspay's customer ids: "cst_" or "cth_"
// and 16 ASCII letters and digits ("cst_pcxaymwoh9vbse97",
// "cth_okEEqCF6Cso8ekHX"). No e-mail address or phone number has it.
func isJuspayID(s string) bool {
	if len(s) != 20 || (s[:4] != "cst_" && s[:4] != "cth_") {
		return false
	}
	for i := 4; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func maskAll(s string) string {
	if s == "" {
		return ""
	}
	return "***"
}

func firstRune(s string) string {
	for i := range s {
		if i > 0 {
			return s[:i]
		}
	}
	return s
}

// maskedMap prints a map's keys, sorted, with every value masked.
func maskedMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("map[")
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
		b.WriteString(":")
		b.WriteString(maskAll(m[k]))
	}
	b.WriteString("]")
	return b.String()
}

// oneLine turns what could break or forge a log line into spaces: control
// characters (CR, LF, NEL, ...), the line and paragraph separators
// U+2028 and U+2029, and the bidi controls that reorder text.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) {
			return ' '
		}
		return r
	}, s)
}
