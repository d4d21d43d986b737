package juspay

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The rules of DESIGN.md "Local validation", on the field-level checks of
// validate.go: each value good or bad, and each bound exactly at and one
// past it. Whether the calls use these checks is customer_test.go's concern.

// fieldCase is a value and whether its check accepts it.
type fieldCase struct {
	name  string
	value string
	ok    bool
}

// requireRefused asserts that verr refuses field, with a reason that does
// not repeat the value (which may be personal data), and matches ErrValidation.
func requireRefused(t *testing.T, verr *ValidationError, field, value string) {
	t.Helper()
	require.NotNil(t, verr, "want %s refused", field)
	assert.Equal(t, field, verr.Field, "Field is the wire name")
	assert.NotEmpty(t, verr.Reason)
	assert.Empty(t, verr.Gateway)
	var err error = verr
	assert.ErrorIs(t, err, ErrValidation)
	msg := err.Error()
	assert.Equal(t, "juspay: invalid "+field+": "+verr.Reason, msg)
	assert.NotContains(t, msg, "\n")
	if len(value) >= 5 { // shorter values may collide with the reason's own words
		assert.NotContains(t, msg, value, "the refused value must not be in the error text")
	}
}

// checkField runs each case through check.
func checkField(t *testing.T, field string, cases []fieldCase, check func(string) *ValidationError) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			verr := check(tc.value)
			if tc.ok {
				require.Nil(t, verr, "want %q accepted", tc.value)
				return
			}
			requireRefused(t, verr, field, tc.value)
		})
	}
}

// controlCases are values with a character that must never pass a text
// field (it could end up in a header or a log line), and invalid UTF-8.
func controlCases(valid string) []fieldCase {
	var cases []fieldCase
	for _, c := range []struct{ name, s string }{
		{"CR", "\r"}, {"LF", "\n"}, {"CRLF", "\r\n"}, {"NUL", "\x00"}, {"tab", "\t"},
		{"DEL", "\x7f"}, {"ESC", "\x1b"}, {"NEL U+0085", "\u0085"}, {"C1 U+009B", "\u009b"},
	} {
		cases = append(cases, fieldCase{c.name + " inside", valid[:4] + c.s + valid[4:], false})
		cases = append(cases, fieldCase{c.name + " at the end", valid + c.s, false})
	}
	return append(cases,
		fieldCase{"invalid UTF-8", valid[:4] + "\xff" + valid[4:], false},
		fieldCase{"truncated UTF-8", valid + "\xc3", false},
		fieldCase{"surrogate bytes", valid + "\xed\xa0\x80", false},
	)
}

func TestCheckObjectReferenceID(t *testing.T) {
	cases := []fieldCase{
		{"page example e-mail", "customer@gmail.com", true},
		{"page example id", "cust_123489", true},
		{"8 characters", "abcdefgh", true},
		{"128 characters", strings.Repeat("r", 128), true},
		{"128 two-byte runes", strings.Repeat("é", 128), true},
		{"8 emoji", strings.Repeat("😀", 8), true},
		{"spaces and symbols", "a b+c@d:e=f&g$h", true},
		{"non-ASCII letters", "josé-müller-1", true},
		{"empty is required", "", false},
		{"page's 'as'", "as", false},
		{"7 characters", "abcdefg", false},
		{"7 runes in 14 bytes", strings.Repeat("é", 7), false},
		{"129 characters", strings.Repeat("r", 129), false},
		{"129 two-byte runes", strings.Repeat("é", 129), false},
	}
	cases = append(cases, pathCases("customer1234")...)
	cases = append(cases, controlCases("customer1234")...)
	checkField(t, "object_reference_id", cases, checkObjectReferenceID)
}

func TestCheckMobile(t *testing.T) {
	const separators = "must be digits only, without spaces or separators such as '-', '(' or '.'"
	const repeats = "repeats mobile_country_code after its '+'"
	cases := []struct {
		name        string
		mobile      string
		countryCode string // the country code sent with it, without '+'
		reason      string // a part of the refusal's reason; "" when accepted
	}{
		{"page sample", "9988776655", "91", ""},
		{"no country code", "9988776655", "", ""},
		{"plus with another country code", "+919912346789", "65", ""},
		{"plus without country code", "+919912346789", "", "may start with '+' only when mobile_country_code is given"},
		{"plus and the country code again", "+919876543210", "91", repeats},
		{"plus and a one-digit country code again", "+14155550100", "1", repeats},
		{"country code digits without plus", "919876543210", "91", ""},
		{"one digit", "9", "", ""},
		{"16 digits", strings.Repeat("9", 16), "", ""},
		{"17 digits", strings.Repeat("9", 17), "", "at most 16 digits"},
		{"plus and 16 digits", "+" + strings.Repeat("9", 16), "65", ""},
		{"plus and 17 digits", "+" + strings.Repeat("9", 17), "65", "at most 16 digits"},
		{"plus alone", "+", "65", "digits only"},
		{"two pluses", "++9988776655", "65", "digits only"},
		{"plus in between", "99887+76655", "65", "digits only"},
		{"plus suffix", "9988776655+", "65", "digits only"},
		{"dash", "99-88", "65", separators},
		{"space", "99 88", "65", separators},
		{"spaces after the plus", "+91 98765 43210", "", separators},
		{"non-breaking space", "98765 43210", "", separators},
		{"dots", "98765.43210", "", separators},
		{"parentheses", "(998)8776655", "65", separators},
		{"letters", "99887766ab", "65", "digits only"},
		{"arabic-indic digits", "٩٩٨٨٧٧٦٦٥٥", "65", "digits only"},
		{"fullwidth digits", "９９８８", "65", "digits only"},
		{"newline", "9988776655\n", "65", "digits only"},
		{"CR", "99887\r76655", "65", "digits only"},
		{"NUL", "9988776655\x00", "65", "digits only"},
		{"NEL U+0085", "9988776655\u0085", "65", "digits only"},
		{"invalid UTF-8", "9988776655\xff", "65", "digits only"},
	}
	for _, special := range "?/`~@#%^,&*_=\\{}" { // the page's list, separators apart
		cases = append(cases, struct {
			name        string
			mobile      string
			countryCode string
			reason      string
		}{"page's special " + string(special), "99887" + string(special) + "76655", "65", "digits only"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, required := range []bool{true, false} {
				verr := checkMobile(tc.mobile, required, tc.countryCode)
				if tc.reason == "" {
					assert.Nil(t, verr, "required=%v", required)
				} else {
					requireRefused(t, verr, "mobile_number", tc.mobile)
					assert.Contains(t, verr.Reason, tc.reason)
				}
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		requireRefused(t, checkMobile("", true, "91"), "mobile_number", "")
		requireRefused(t, checkMobile("", true, ""), "mobile_number", "")
		assert.Nil(t, checkMobile("", false, "91"), "an empty number in an update is left unchanged")
		assert.Nil(t, checkMobile("", false, ""))
	})
}

func TestNormalizeCountryCode(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string // the value sent; refused when wantErr
		bad  bool
	}{
		{name: "page example", in: "91", want: "91"},
		{name: "+91 loses its plus", in: "+91", want: "91"},
		{name: "+65 as in Juspay's sample", in: "+65", want: "65"},
		{name: "1 digit", in: "1", want: "1"},
		{name: "4 digits", in: "1684", want: "1684"},
		{name: "+ and 4 digits", in: "+1684", want: "1684"},
		{name: "empty is optional", in: "", want: ""},
		{name: "page's alphanumeric example", in: "abcd", bad: true},
		{name: "5 digits", in: "12345", bad: true},
		{name: "+ and 5 digits", in: "+12345", bad: true},
		{name: "plus alone", in: "+", bad: true},
		{name: "two pluses", in: "++91", bad: true},
		{name: "plus suffix", in: "91+", bad: true},
		{name: "space", in: "9 1", bad: true},
		{name: "dash", in: "1-684", bad: true},
		{name: "newline", in: "91\n", bad: true},
		{name: "NUL", in: "9\x001", bad: true},
		{name: "arabic-indic digits", in: "٩١", bad: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, verr := normalizeCountryCode(tc.in)
			if tc.bad {
				requireRefused(t, verr, "mobile_country_code", tc.in)
				assert.Empty(t, got)
				return
			}
			require.Nil(t, verr)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCheckEmail(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n-len("@x.io")) + "@x.io" }
	cases := []fieldCase{
		{"page example", "customer@gmail.com", true},
		{"dot and plus", "a.b+c@x.io", true},
		{"apostrophe", "o'brien@x.com", true},
		{"every allowed special", "a!#$%&'*+-/=?^_.{|}~z@x.com", true},
		{"the first and last letters and digits", "09AZaz@09AZaz.io", true},
		{"empty is optional", "", true},
		{"one character each side", "a@b", true},
		{"dot and underscore inside", "a._b@x.io", true},
		{"domain may start with a dot", "a@.x", true},
		{"128 characters", long(128), true},
		{"129 characters", long(129), false},
		{"no at", "customergmail.com", false},
		{"two ats", "customer@gmail@com", false},
		{"nothing before at", "@gmail.com", false},
		{"nothing after at", "customer@", false},
		{"at alone", "@", false},
		{"leading dot", ".customer@gmail.com", false},
		{"trailing dot", "customer.@gmail.com", false},
		{"leading underscore", "_customer@gmail.com", false},
		{"trailing underscore", "customer_@gmail.com", false},
		{"local part a lone dot", ".@x.io", false},
		{"space", "cust omer@gmail.com", false},
		{"non-ASCII", "josé.customer@gmail.com", false},
		{"non-ASCII domain", "customer@gmäil.com", false},
		{"comma", "customer,x@gmail.com", false},
		{"angle brackets", "<customer@gmail.com>", false},
		{"parentheses", "customer(x)@gmail.com", false},
		{"quote", `"customer"@gmail.com`, false},
		{"backslash", `cust\omer@gmail.com`, false},
		{"colon", "customer:x@gmail.com", false},
		{"newline", "customer@gmail.com\n", false},
		{"CRLF header injection", "customer@gmail.com\r\nBcc: x@y.z", false},
		{"NUL", "customer@gmail.com\x00", false},
		{"DEL", "customer@gmail\x7f.com", false},
		{"NEL U+0085", "customer@gmail.com\u0085", false},
		{"invalid UTF-8", "customer@gmail.com\xff", false},
	}
	checkField(t, "email_address", cases, checkEmail)
}

func TestCheckEmailSpecialsAreThePages(t *testing.T) {
	// The page: "You are allowed to use alphanumeric characters and the
	// following special characters:`!#$%&'*+-/=?^_.{|}~`@`"
	assert.Equal(t, "!#$%&'*+-/=?^_.{|}~", emailSpecials)
	for i := 0; i < 128; i++ {
		c := byte(i)
		allowed := isASCIIAlnum(c) || strings.IndexByte(emailSpecials, c) >= 0
		if c == '_' || c == '.' {
			continue // allowed, but not at the edge of this local part
		}
		verr := checkEmail("a" + string(c) + "b@x.io")
		assert.Equal(t, allowed, verr == nil, "byte %q in the local part", c)
	}
}

func TestCheckName(t *testing.T) {
	cases := []fieldCase{
		{"plain", "John", true},
		{"space", "Mary Ann", true},
		{"apostrophe", "D'Souza", true},
		{"accented", "José", true},
		{"page's allowed specials", "O.Brien-Smith (Jr)", true},
		{"underscore", "John_Smith", true},
		{"non-Latin script", "Дмитрий", true},
		{"trailing space as Juspay keeps it", "Aman ", true},
		{"empty is optional", "", true},
		{"64 characters", strings.Repeat("a", 64), true},
		{"64 two-byte runes", strings.Repeat("é", 64), true},
		{"65 characters", strings.Repeat("a", 65), false},
		{"65 two-byte runes", strings.Repeat("é", 65), false},
	}
	for _, c := range nameForbidden {
		cases = append(cases, fieldCase{"forbidden " + string(c), "Jo" + string(c) + "hn", false})
	}
	cases = append(cases, controlCases("Johnny")...)
	for _, field := range []string{"first_name", "last_name"} {
		t.Run(field, func(t *testing.T) {
			checkField(t, field, cases, func(s string) *ValidationError { return checkName(field, s) })
		})
	}
}

func TestNameForbiddenListIsThePages(t *testing.T) {
	// The page: "We will throw Bad Request error when the following special
	// characters are used in Firstname.  +!<>?;:@%`&*$^{}/\,="
	assert.Equal(t, "+!<>?;:@%`&*$^{}/\\,=", nameForbidden)
	// Every other printable ASCII character passes.
	for c := byte(0x20); c < 0x7f; c++ {
		forbidden := strings.IndexByte(nameForbidden, c) >= 0
		verr := checkName("first_name", "Jo"+string(c)+"hn")
		assert.Equal(t, forbidden, verr != nil, "character %q", c)
	}
}

func TestCheckRoutingID(t *testing.T) {
	cases := []fieldCase{
		{"page example", "customer_1122", true},
		{"empty means the default", "", true},
		{"short", "r1", true},
		{"128 characters", strings.Repeat("r", 128), true},
		{"128 two-byte runes", strings.Repeat("é", 128), true},
		{"129 characters", strings.Repeat("r", 129), false},
		{"129 two-byte runes", strings.Repeat("é", 129), false},
	}
	cases = append(cases, controlCases("customer_1122")...)
	checkField(t, "x-routing-id", cases, checkRoutingID)
}

// pathCases are ids that a hop decoding paths could turn into another
// path: each of / \ ? # % ; anywhere, and the traversal that uses it.
func pathCases(valid string) []fieldCase {
	var cases []fieldCase
	for _, c := range []string{"/", `\`, "?", "#", "%", ";"} {
		cases = append(cases,
			fieldCase{"'" + c + "' inside", valid[:4] + c + valid[4:], false},
			fieldCase{"'" + c + "' first", c + valid, false},
			fieldCase{"'" + c + "' last", valid + c, false})
	}
	return append(cases,
		fieldCase{"traversal to a victim", "evil/../victim-000001", false},
		fieldCase{"escaped traversal", "evil%2F..%2Fvictim-000001", false},
		fieldCase{"backslash traversal", `evil\..\victim-000001`, false},
		fieldCase{"query", "evil-000001?x=1", false},
		fieldCase{"matrix parameter", "evil;..;victim", false})
}

func TestCheckCustomerID(t *testing.T) {
	cases := []fieldCase{
		{"juspay id", "cst_afdeuvmfhs3j1acm", true},
		{"sandbox id", "cth_okEEqCF6Cso8ekHX", true},
		{"object_reference_id e-mail", "customer@gmail.com", true},
		{"shorter than a create allows", "c1", true},
		{"one character", "c", true},
		{"spaces, plus, at, colon and friends are escaped", "a b+c@d:e=f&g$h", true},
		{"non-ASCII letters", "josé-müller", true},
		{"three dots", "...", true},
		{"dot inside", "a.b", true},
		{"128 characters", strings.Repeat("c", 128), true},
		{"empty", "", false},
		{"dot", ".", false},
		{"dot dot", "..", false},
		{"129 characters", strings.Repeat("c", 129), false},
	}
	cases = append(cases, controlCases("cst_afdeuvmfhs3j1acm")...)
	cases = append(cases, pathCases("evil-000001")...)
	for _, field := range []string{"id", "customer_id"} {
		t.Run(field, func(t *testing.T) {
			checkField(t, field, cases, func(s string) *ValidationError { return checkCustomerID(field, s) })
		})
	}
}

func TestCheckCardToken(t *testing.T) {
	cases := []fieldCase{
		{"tkn_ token", "tkn_1b6fcc1015944fdfb5020a92x4fa1f91", true},
		{"UUID token", "c75a9fca-1121-418e-973c-47d5c4971456", true},
		{"one character", "t", true},
		{"256 characters", strings.Repeat("t", 256), true},
		{"empty is required", "", false},
		{"257 characters", strings.Repeat("t", 257), false},
	}
	cases = append(cases, controlCases("tkn_1b6fcc1015944fdfb5020a92x4fa1f91")...)
	checkField(t, "card_token", cases, checkCardToken)
}

// Each length bound, exactly at it and one past it, as the page and
// Juspay's customer model give them.
func TestValidationBounds(t *testing.T) {
	rep := strings.Repeat
	cases := []struct {
		name      string
		check     func(string) *ValidationError
		unit      string // repeated to make a value of n characters
		prefix    string // prepended, not counted
		suffix    string // appended, counted in bytes
		min, max  int    // the bound in characters (min 0: none)
		wantField string
	}{
		{"object_reference_id", checkObjectReferenceID, "é", "", "", 8, 128, "object_reference_id"},
		{"first_name", func(s string) *ValidationError { return checkName("first_name", s) }, "é", "", "", 0, 64, "first_name"},
		{"last_name", func(s string) *ValidationError { return checkName("last_name", s) }, "a", "", "", 0, 64, "last_name"},
		{"email_address", checkEmail, "a", "", "@x.io", 0, 128, "email_address"},
		{"x-routing-id", checkRoutingID, "é", "", "", 0, 128, "x-routing-id"},
		{"customer_id", func(s string) *ValidationError { return checkCustomerID("customer_id", s) }, "é", "", "", 1, 128, "customer_id"},
		{"card_token", checkCardToken, "t", "", "", 1, 256, "card_token"},
		{"mobile_number", func(s string) *ValidationError { return checkMobile(s, true, "") }, "9", "", "", 1, 16, "mobile_number"},
		{"mobile_number with +", func(s string) *ValidationError { return checkMobile(s, true, "65") }, "9", "+", "", 1, 16, "mobile_number"},
		{"mobile_country_code", func(s string) *ValidationError { _, v := normalizeCountryCode(s); return v }, "9", "", "", 1, 4, "mobile_country_code"},
		{"mobile_country_code with +", func(s string) *ValidationError { _, v := normalizeCountryCode(s); return v }, "9", "+", "", 1, 4, "mobile_country_code"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			value := func(n int) string {
				return tc.prefix + rep(tc.unit, n-utf8.RuneCountInString(tc.suffix)) + tc.suffix
			}
			assert.Nil(t, tc.check(value(tc.max)), "%d characters: at the bound", tc.max)
			requireRefused(t, tc.check(value(tc.max+1)), tc.wantField, value(tc.max+1))
			if tc.min > 1 {
				assert.Nil(t, tc.check(value(tc.min)), "%d characters: at the bound", tc.min)
				requireRefused(t, tc.check(value(tc.min-1)), tc.wantField, value(tc.min-1))
			}
		})
	}
}

func TestCheckText(t *testing.T) {
	cases := []struct {
		name     string
		s        string
		min, max int
		reason   string // "" when accepted
	}{
		{"at min", "abcdefgh", 8, 128, ""},
		{"below min", "abcdefg", 8, 128, "must be 8 to 128 characters"},
		{"at max", strings.Repeat("é", 128), 8, 128, ""},
		{"above max", strings.Repeat("é", 129), 8, 128, "must be 8 to 128 characters"},
		{"at most", strings.Repeat("a", 65), 0, 64, "must be at most 64 characters"},
		{"min 1 reads as at most", strings.Repeat("a", 5), 1, 4, "must be at most 4 characters"},
		{"empty with min 0", "", 0, 4, ""},
		{"empty below min 1", "", 1, 4, "must be at most 4 characters"},
		{"control character", "ab\ncd", 0, 64, "must not contain control characters"},
		{"U+0085", "ab\u0085cd", 0, 64, "must not contain control characters"},
		{"DEL", "ab\x7fcd", 0, 64, "must not contain control characters"},
		{"invalid UTF-8 before its length", strings.Repeat("a", 200) + "\xff", 0, 64, "must be valid UTF-8"},
		{"U+2028 is no control character", "ab\u2028cd", 0, 64, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			verr := checkText("f", tc.s, tc.min, tc.max)
			if tc.reason == "" {
				assert.Nil(t, verr)
				return
			}
			require.NotNil(t, verr)
			assert.Equal(t, ValidationError{Field: "f", Reason: tc.reason}, *verr)
		})
	}
}

func TestCheckContactOrder(t *testing.T) {
	const badMobile, badEmail, badName = "99-88", "a@b@c", "J<hn"
	cases := []struct {
		name                      string
		mobile                    string
		required                  bool
		countryCode               string
		email, first, last, field string // field: the one refused, "" for none
	}{
		{"all good", "9988776655", true, "91", "customer@gmail.com", "John", "Smith", ""},
		{"optional fields empty", "9988776655", true, "", "", "", "", ""},
		{"update with nothing but a name", "", false, "", "", "John", "", ""},
		{"missing mobile on create", "", true, "", "customer@gmail.com", "John", "Smith", "mobile_number"},
		{"plus needs the country code", "+919988776655", true, "", "", "", "", "mobile_number"},
		{"plus with a country code", "+9988776655", true, "91", "", "", "", ""},
		{"plus repeating the country code", "+919988776655", true, "91", "", "", "", "mobile_number"},
		{"mobile first", badMobile, true, "91", badEmail, badName, badName, "mobile_number"},
		{"then e-mail", "9988776655", true, "91", badEmail, badName, badName, "email_address"},
		{"then first name", "9988776655", true, "91", "customer@gmail.com", badName, badName, "first_name"},
		{"then last name", "9988776655", true, "91", "customer@gmail.com", "John", badName, "last_name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			verr := checkContact(tc.mobile, tc.required, tc.countryCode, tc.email, tc.first, tc.last)
			if tc.field == "" {
				assert.Nil(t, verr)
				return
			}
			require.NotNil(t, verr)
			assert.Equal(t, tc.field, verr.Field)
		})
	}
}

// requireGatewayRefusal asserts that verr refuses field for gateway g.
func requireGatewayRefusal(t *testing.T, verr *ValidationError, field string, g Gateway) {
	t.Helper()
	require.NotNil(t, verr, "want %s required by %s", field, g)
	assert.Equal(t, ValidationError{Field: field, Reason: "required by gateway " + string(g), Gateway: g}, *verr)
	var err error = verr
	assert.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, "juspay: invalid "+field+": required by gateway "+string(g), err.Error())
}

func TestCheckGatewayFieldsPerRow(t *testing.T) {
	const mobile, email = "9876543210", "customer@example.com"
	for _, row := range loadGatewayTable(t) {
		t.Run(row.name, func(t *testing.T) {
			g := Gateway(row.name)
			gs := []Gateway{g}
			needs := map[string]bool{}
			for _, f := range row.fields {
				needs[f] = true
			}
			assert.Nil(t, checkGatewayFields(gs, mobile, email), "both fields present")
			if needs["mobile_number"] {
				requireGatewayRefusal(t, checkGatewayFields(gs, "", email), "mobile_number", g)
				requireGatewayRefusal(t, checkGatewayFields(gs, "", ""), "mobile_number", g) // mobile first
			} else {
				assert.Nil(t, checkGatewayFields(gs, "", email), "mobile number not required")
			}
			if needs["email_address"] {
				requireGatewayRefusal(t, checkGatewayFields(gs, mobile, ""), "email_address", g)
				if !needs["mobile_number"] {
					requireGatewayRefusal(t, checkGatewayFields(gs, "", ""), "email_address", g)
				}
			} else {
				assert.Nil(t, checkGatewayFields(gs, mobile, ""), "email address not required")
			}
		})
	}
}

func TestCheckGatewayFieldsOrder(t *testing.T) {
	cases := []struct {
		name        string
		gateways    []Gateway
		mobile      string
		email       string
		wantField   string // "": accepted
		wantGateway Gateway
	}{
		{name: "no gateways", gateways: nil},
		{name: "the first gateway in the given order wins", gateways: []Gateway{GatewayPayPal, GatewayBillDesk},
			wantField: "email_address", wantGateway: GatewayPayPal},
		{name: "the first gateway in the given order wins, reversed", gateways: []Gateway{GatewayBillDesk, GatewayPayPal},
			wantField: "mobile_number", wantGateway: GatewayBillDesk},
		{name: "a later gateway needs what is missing", gateways: []Gateway{GatewayBillDesk, GatewayPayPal},
			mobile: "9876543210", wantField: "email_address", wantGateway: GatewayPayPal},
		{name: "mobile before e-mail within one gateway", gateways: []Gateway{GatewayCyberSource},
			wantField: "mobile_number", wantGateway: GatewayCyberSource},
		{name: "all satisfied", gateways: Gateways(), mobile: "9876543210", email: "a@example.com"},
		{name: "an unknown gateway requires nothing", gateways: []Gateway{"STRIPE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			verr := checkGatewayFields(tc.gateways, tc.mobile, tc.email)
			if tc.wantField == "" {
				assert.Nil(t, verr)
				return
			}
			requireGatewayRefusal(t, verr, tc.wantField, tc.wantGateway)
		})
	}
}

// The reasons name the rule, never the value: a value that may be an
// e-mail or a mobile number must not reach a log through an error.
func TestValidationErrorNeverHoldsTheValue(t *testing.T) {
	const secret = "Secret9988776655"
	checks := map[string]func(string) *ValidationError{
		"object_reference_id": checkObjectReferenceID,
		"mobile_number":       func(s string) *ValidationError { return checkMobile(s, true, "") },
		"mobile_country_code": func(s string) *ValidationError { _, v := normalizeCountryCode(s); return v },
		"email_address":       checkEmail,
		"first_name":          func(s string) *ValidationError { return checkName("first_name", s) },
		"x-routing-id":        checkRoutingID,
		"customer_id":         func(s string) *ValidationError { return checkCustomerID("customer_id", s) },
		"card_token":          checkCardToken,
	}
	for field, check := range checks {
		for _, bad := range []string{secret + "\n", secret + "\x00@<>", strings.Repeat(secret, 20), "+" + secret + "\xff"} {
			verr := check(bad)
			require.NotNil(t, verr, "%s: %q", field, bad)
			assert.Equal(t, field, verr.Field)
			assert.NotContains(t, verr.Error(), secret, "%s", field)
			assert.NotContains(t, fmt.Sprintf("%+v %#v", verr, verr), secret, "%s", field)
		}
	}
}

func FuzzCheckFields(f *testing.F) {
	for _, s := range []string{"customer@gmail.com", "9988776655", "+91", "John", "cust_123489", "", ".", "..",
		"a\r\nb", "\xff", "Jo+hn", "٩٩", strings.Repeat("é", 129)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		noControls := func() bool {
			for _, r := range s {
				if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
					return false
				}
			}
			return utf8.ValidString(s)
		}
		runes := utf8.RuneCountInString(s)
		if checkObjectReferenceID(s) == nil {
			require.True(t, noControls() && runes >= 8 && runes <= 128, "object_reference_id %q", s)
		}
		if checkRoutingID(s) == nil {
			require.True(t, noControls() && runes <= 128, "x-routing-id %q", s)
		}
		if checkCustomerID("customer_id", s) == nil {
			require.True(t, noControls() && runes >= 1 && runes <= 128 && s != "." && s != ".." &&
				!strings.ContainsAny(s, `/\?#%;`), "customer_id %q", s)
		}
		if checkCardToken(s) == nil {
			require.True(t, noControls() && runes >= 1 && runes <= 256, "card_token %q", s)
		}
		if checkName("first_name", s) == nil {
			require.True(t, noControls() && runes <= 64 && !strings.ContainsAny(s, nameForbidden), "name %q", s)
		}
		if checkMobile(s, true, "65") == nil {
			d, plus := strings.CutPrefix(s, "+")
			require.True(t, d != "" && len(d) <= 16 && strings.Trim(d, "0123456789") == "", "mobile %q", s)
			require.False(t, plus && strings.HasPrefix(d, "65"), "mobile %q repeats the country code", s)
		}
		if checkMobile(s, true, "") == nil {
			require.False(t, strings.HasPrefix(s, "+"), "mobile %q: a '+' needs a country code", s)
		}
		if cc, verr := normalizeCountryCode(s); verr == nil {
			require.Equal(t, strings.TrimPrefix(s, "+"), cc)
			require.True(t, len(cc) <= 4 && strings.Trim(cc, "0123456789") == "", "country code %q", s)
		}
		if checkEmail(s) == nil && s != "" {
			local, domain, ok := strings.Cut(s, "@")
			require.True(t, ok && local != "" && domain != "" && !strings.Contains(domain, "@") && len(s) <= 128, "e-mail %q", s)
			require.NotContains(t, "_.", local[:1], "e-mail %q", s)
			require.NotContains(t, "_.", local[len(local)-1:], "e-mail %q", s)
			require.True(t, noControls(), "e-mail %q", s)
		}
	})
}
