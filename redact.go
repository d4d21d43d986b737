package juspay

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Printing a Client, a Customer, a ClientAuth or a request with any fmt verb
// or with slog shows no secret: the API key never, and the client auth
// token, e-mail, mobile number, names, object_reference_id and routing id
// masked (see mask). The fields themselves stay readable.

// secret holds a credential inside a closure. fmt and reflection can print
// any struct field, even of a copied Client and even through a bad verb
// (%t, %d), but a func only ever prints as an address.
type secret func() string

func newSecret(v string) secret { return func() string { return v } }

// String returns a summary without the API key.
func (c *Client) String() string { return c.describe() }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.describe() }

// Format prints the String form for every verb.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.describe())) }

// LogValue logs the merchant id and base URL, never the key.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("merchant_id", c.merchantID),
		slog.String("base_url", c.baseURL.String()),
		slog.String("api_key", redacted),
	)
}

func (c *Client) describe() string {
	if c == nil {
		return "juspay.Client(nil)"
	}
	return "juspay.Client{MerchantID:" + c.merchantID + " BaseURL:" + c.baseURL.String() + " APIKey:" + redacted + "}"
}

const redacted = "[redacted]"

// field is one name and masked value of a printed struct.
type field struct{ name, value string }

func printFields(typ string, fs []field) string {
	var b strings.Builder
	b.WriteString("juspay.")
	b.WriteString(typ)
	b.WriteByte('{')
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.name)
		b.WriteByte(':')
		b.WriteString(f.value)
	}
	b.WriteByte('}')
	return b.String()
}

func logFields(fs []field) slog.Value {
	attrs := make([]slog.Attr, 0, len(fs))
	for _, f := range fs {
		attrs = append(attrs, slog.String(f.name, f.value))
	}
	return slog.GroupValue(attrs...)
}

func (c Customer) fields() []field {
	fs := []field{
		{"ID", c.ID}, {"Object", c.Object},
		{"ObjectReferenceID", maskID(c.ObjectReferenceID)},
		{"MobileCountryCode", c.MobileCountryCode},
		{"MobileNumber", maskMobile(c.MobileNumber)},
		{"EmailAddress", maskEmail(c.EmailAddress)},
		{"FirstName", maskName(c.FirstName)},
		{"LastName", maskName(c.LastName)},
		{"DateCreated", formatTime(c.DateCreated)},
		{"LastUpdated", formatTime(c.LastUpdated)},
	}
	if c.ClientAuth != nil {
		fs = append(fs, field{"ClientAuth", c.ClientAuth.String()})
	}
	return fs
}

// String returns the customer with its personal data masked.
func (c Customer) String() string { return printFields("Customer", c.fields()) }

// GoString is String, for %#v.
func (c Customer) GoString() string { return c.String() }

// Format prints the String form for every verb.
func (c Customer) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue logs the customer with its personal data masked.
func (c Customer) LogValue() slog.Value { return logFields(c.fields()) }

func (a ClientAuth) fields() []field {
	return []field{{"Token", maskToken(a.Token)}, {"Expiry", formatTime(a.Expiry)}}
}

// String returns the token masked, with its expiry.
func (a ClientAuth) String() string { return printFields("ClientAuth", a.fields()) }

// GoString is String, for %#v.
func (a ClientAuth) GoString() string { return a.String() }

// Format prints the String form for every verb.
func (a ClientAuth) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(a.String())) }

// LogValue logs the token masked, with its expiry.
func (a ClientAuth) LogValue() slog.Value { return logFields(a.fields()) }

func (r CreateCustomerRequest) fields() []field {
	return []field{
		{"ObjectReferenceID", maskID(r.ObjectReferenceID)},
		{"MobileNumber", maskMobile(r.MobileNumber)},
		{"MobileCountryCode", r.MobileCountryCode},
		{"EmailAddress", maskEmail(r.EmailAddress)},
		{"FirstName", maskName(r.FirstName)},
		{"LastName", maskName(r.LastName)},
		{"GetClientAuthToken", fmt.Sprint(r.GetClientAuthToken)},
		{"RoutingID", maskID(r.RoutingID)},
	}
}

// String returns the request with its personal data masked.
func (r CreateCustomerRequest) String() string {
	return printFields("CreateCustomerRequest", r.fields())
}

// GoString is String, for %#v.
func (r CreateCustomerRequest) GoString() string { return r.String() }

// Format prints the String form for every verb.
func (r CreateCustomerRequest) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(r.String())) }

// LogValue logs the request with its personal data masked.
func (r CreateCustomerRequest) LogValue() slog.Value { return logFields(r.fields()) }

func (r UpdateCustomerRequest) fields() []field {
	return []field{
		{"CustomerID", maskID(r.CustomerID)},
		{"MobileNumber", maskMobile(r.MobileNumber)},
		{"MobileCountryCode", r.MobileCountryCode},
		{"EmailAddress", maskEmail(r.EmailAddress)},
		{"FirstName", maskName(r.FirstName)},
		{"LastName", maskName(r.LastName)},
		{"RoutingID", maskID(r.RoutingID)},
	}
}

// String returns the request with its personal data masked.
func (r UpdateCustomerRequest) String() string {
	return printFields("UpdateCustomerRequest", r.fields())
}

// GoString is String, for %#v.
func (r UpdateCustomerRequest) GoString() string { return r.String() }

// Format prints the String form for every verb.
func (r UpdateCustomerRequest) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(r.String())) }

// LogValue logs the request with its personal data masked.
func (r UpdateCustomerRequest) LogValue() slog.Value { return logFields(r.fields()) }

func (r GetCustomerRequest) fields() []field {
	return []field{
		{"CustomerID", maskID(r.CustomerID)},
		{"GetClientAuthToken", fmt.Sprint(r.GetClientAuthToken)},
		{"RoutingID", maskID(r.RoutingID)},
	}
}

// String returns the request with its ids masked.
func (r GetCustomerRequest) String() string { return printFields("GetCustomerRequest", r.fields()) }

// GoString is String, for %#v.
func (r GetCustomerRequest) GoString() string { return r.String() }

// Format prints the String form for every verb.
func (r GetCustomerRequest) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(r.String())) }

// LogValue logs the request with its ids masked.
func (r GetCustomerRequest) LogValue() slog.Value { return logFields(r.fields()) }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// The masks keep just enough to tell values apart in a log line.

// maskEmail keeps the first character: "customer@gmail.com" → "c***@***".
func maskEmail(s string) string {
	if s == "" {
		return ""
	}
	return firstRune(s) + "***@***"
}

// maskMobile keeps the last two digits: "9988776655" → "***55".
func maskMobile(s string) string {
	if len(s) <= 4 {
		return maskAll(s)
	}
	return "***" + s[len(s)-2:]
}

// maskToken keeps a "tkn_" style prefix: "tkn_2454..." → "tkn_***".
func maskToken(s string) string {
	if i := strings.IndexByte(s, '_'); i > 0 && i <= 4 {
		return s[:i+1] + "***"
	}
	return maskAll(s)
}

// maskID keeps the first two characters of ids of 8 or more: an
// object_reference_id or routing id is often an e-mail or mobile number.
// Juspay's own "cst_" ids are kept whole.
func maskID(s string) string {
	if strings.HasPrefix(s, "cst_") {
		return s
	}
	if len(s) < 8 {
		return maskAll(s)
	}
	return s[:2] + "***"
}

// maskName keeps the first character: "John" → "J***".
func maskName(s string) string {
	if s == "" {
		return ""
	}
	return firstRune(s) + "***"
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
