package juspaytest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ruleCase is a create form and the field the server should refuse in it.
type ruleCase struct {
	name    string
	kv      []string // overrides of createForm; "" removes a field
	refused string   // the field named in the 400, "" for a 200
	missing bool     // refused as missing rather than invalid
}

// fieldRuleCases are the page's field rules, as create forms.
func fieldRuleCases() []ruleCase {
	tests := []ruleCase{
		{"page sample", nil, "", false},
		{"ref missing", []string{"object_reference_id", ""}, "object_reference_id", true},
		{"ref 7 chars", []string{"object_reference_id", "1234567"}, "object_reference_id", false},
		{"ref 8 chars", []string{"object_reference_id", "12345678"}, "", false},
		{"ref 128 chars", []string{"object_reference_id", strings.Repeat("r", 128)}, "", false},
		{"ref 129 chars", []string{"object_reference_id", strings.Repeat("r", 129)}, "object_reference_id", false},
		{"ref 8 runes of 2 bytes", []string{"object_reference_id", "éééééééé"}, "", false},
		{"ref control char", []string{"object_reference_id", "abc\ndefgh"}, "object_reference_id", false},
		{"ref invalid UTF-8", []string{"object_reference_id", "abcdefg\xff"}, "object_reference_id", false},
		{"mobile missing", []string{"mobile_number", ""}, "mobile_number", true},
		{"mobile 16 digits", []string{"mobile_number", strings.Repeat("9", 16)}, "", false},
		{"mobile 17 digits", []string{"mobile_number", strings.Repeat("9", 17)}, "mobile_number", false},
		{"mobile plus with code", []string{"mobile_number", "+919912346789"}, "", false},
		{"mobile plus without code", []string{"mobile_number", "+919912346789", "mobile_country_code", ""}, "mobile_number", false},
		{"mobile inner plus", []string{"mobile_number", "99+12346789"}, "mobile_number", false},
		{"mobile trailing plus", []string{"mobile_number", "9912346789+"}, "mobile_number", false},
		{"mobile two pluses", []string{"mobile_number", "++9912346789"}, "mobile_number", false},
		{"mobile dash", []string{"mobile_number", "99-12346789"}, "mobile_number", false},
		{"mobile space", []string{"mobile_number", "99 12346789"}, "mobile_number", false},
		{"mobile arabic digits", []string{"mobile_number", "٩٩١٢٣"}, "mobile_number", false},
		{"code absent", []string{"mobile_country_code", ""}, "", false},
		{"code plus", []string{"mobile_country_code", "+65"}, "", false},
		{"code 4 digits", []string{"mobile_country_code", "1234"}, "", false},
		{"code 5 digits", []string{"mobile_country_code", "12345"}, "mobile_country_code", false},
		{"code letters", []string{"mobile_country_code", "abcd"}, "mobile_country_code", false},
		{"code lone plus", []string{"mobile_country_code", "+"}, "mobile_country_code", false},
		{"email specials", []string{"email_address", "a!#$%&'*+-/=?^_.{|}~b@example.com"}, "", false},
		{"email first and last letters and digits", []string{"email_address", "09AZaz@09AZaz.io"}, "", false},
		{"email no at", []string{"email_address", "customer.gmail.com"}, "email_address", false},
		{"email two ats", []string{"email_address", "a@b@c.com"}, "email_address", false},
		{"email empty local", []string{"email_address", "@gmail.com"}, "email_address", false},
		{"email empty domain", []string{"email_address", "a@"}, "email_address", false},
		{"email leading dot", []string{"email_address", ".a@gmail.com"}, "email_address", false},
		{"email trailing underscore", []string{"email_address", "a_@gmail.com"}, "email_address", false},
		{"email space", []string{"email_address", "a b@gmail.com"}, "email_address", false},
		{"email non-ascii", []string{"email_address", "josé@gmail.com"}, "email_address", false},
		{"email 128", []string{"email_address", strings.Repeat("a", 118) + "@gmail.com"}, "", false},
		{"email 129", []string{"email_address", strings.Repeat("a", 119) + "@gmail.com"}, "email_address", false},
		{"name space", []string{"first_name", "Mary Ann"}, "", false},
		{"name apostrophe", []string{"last_name", "D'Souza"}, "", false},
		{"name accents", []string{"first_name", "José"}, "", false},
		{"name page specials", []string{"first_name", "J. (Jr) -_"}, "", false},
		{"name 64 runes", []string{"first_name", strings.Repeat("é", 64)}, "", false},
		{"name 65 runes", []string{"first_name", strings.Repeat("é", 65)}, "first_name", false},
		{"name tab", []string{"last_name", "a\tb"}, "last_name", false},
		{"name invalid UTF-8", []string{"first_name", "Jos\xe9"}, "first_name", false},
		{"name lone continuation byte", []string{"last_name", "\x80"}, "last_name", false},
		{"first checked before last", []string{"first_name", "a=b", "last_name", "c=d"}, "first_name", false},
		{"ref checked first", []string{"object_reference_id", "short", "mobile_number", ""}, "object_reference_id", false},
	}
	for _, c := range nameForbidden {
		tests = append(tests, ruleCase{fmt.Sprintf("name forbidden %q", c), []string{"last_name", "Sm" + string(c) + "th"}, "last_name", false})
	}
	return tests
}

func TestFieldRulesOnTheWire(t *testing.T) {
	s := start(t)
	for i, tt := range fieldRuleCases() {
		t.Run(tt.name, func(t *testing.T) {
			form := createForm(tt.kv...)
			if form.Get("object_reference_id") == "customer@gmail.com" {
				form.Set("object_reference_id", fmt.Sprintf("rule-case-%03d", i))
			}
			r := serve(t, s, newReq(t, s, http.MethodPost, "/customers", form))
			if tt.refused == "" {
				require.Equal(t, http.StatusOK, r.status, r.body)
				return
			}
			require.Equal(t, http.StatusBadRequest, r.status, r.body)
			want := invalidFieldBody(tt.refused)
			if tt.missing {
				want = missingFieldBody(tt.refused)
			}
			assert.Equal(t, want, mask(r.body))
		})
	}
}

// invalidFieldBody and missingFieldBody spell the bodies out, independently
// of the server's own error bodies.
func invalidFieldBody(f string) string {
	return `{"error_message":"Wrong value in ` + f + `","status":"Invalid Request","error_code":"Invalid Request",` +
		`"error_info":{"user_message":"Invalid value provided for ` + f + `.","fields":[{"field_name":"` + f +
		`","reason":"Invalid value."}],"developer_message":"Invalid request params","code":"INVALID_INPUT","category":"USER_ERROR",` +
		`"request_id":"X"}}`
}

func missingFieldBody(f string) string {
	return `{"error_message":"` + f + ` is mandatory field.","status":"Bad Request","error_code":"nullable",` +
		`"error_info":{"user_message":"Mandatory fields are missing.","fields":[{"field_name":"` + f +
		`","reason":"Mandatory field missing."}],"developer_message":"` + f +
		` is mandatory field.","code":"MISSING_MANDATORY_PARAMETER","category":"USER_ERROR","request_id":"X"}}`
}

func TestErrorBodiesMatchTheDocs(t *testing.T) {
	tests := []struct {
		name string
		body any
		want string
	}{
		{"invalid field", invalidField("mobile_number").withRequestID("rid"),
			`{"error_message":"Wrong value in mobile_number","status":"Invalid Request","error_code":"Invalid Request",` +
				`"error_info":{"user_message":"Invalid value provided for mobile_number.","fields":[{"field_name":"mobile_number",` +
				`"reason":"Invalid value."}],"developer_message":"Invalid request params","code":"INVALID_INPUT","category":"USER_ERROR",` +
				`"request_id":"rid"}}`},
		{"not served", notServed("GET", "/customers/cth_x/mandates"), `{"status":"error","error_code":"not_implemented",` +
			`"error_message":"juspaytest does not serve GET /customers/*/*: add the route with Server.Handle"}`},
		{"limit reached", limitReached("a message"), `{"status":"error","error_code":"limit_exceeded","error_message":"juspaytest: a message"}`},
		{"customer not found", customerNotFound(),
			`{"status":"invalid_request_error","error_code":"object_not_found","error_message":"Cannot find what you are looking for"}`},
		{"wallet customer not found", walletCustomerNotFound(),
			`{"status":"Invalid Request","error_code":"null_error","error_message":"Customer not found for given customerId."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(encodeJSON(tt.body)))
		})
	}
	shared := unauthorized()
	_ = shared.withRequestID("one")
	assert.Empty(t, shared.ErrorInfo.RequestID, "withRequestID leaves the original alone")
}
