package juspay

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The field rules of Juspay's Create Customer page
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer)
// and the limits of Juspay's customer model. Where the page is loose, only
// what Juspay documents as refused is refused, so that a real customer is
// never turned away locally.
const (
	minObjectReferenceID = 8
	maxObjectReferenceID = 128
	maxMobileDigits      = 16
	maxCountryCodeDigits = 4
	maxEmail             = 128
	maxName              = 64
	maxRoutingID         = 128
	maxCustomerID        = 128
	maxCardToken         = 256

	// nameForbidden lists the characters Juspay answers Bad Request for in
	// first_name and last_name.
	nameForbidden = "+!<>?;:@%`&*$^{}/\\,="
	// emailSpecials lists the special characters the page allows in an
	// e-mail address besides ASCII letters, digits and the one '@'.
	emailSpecials = "!#$%&'*+-/=?^_.{|}~"
)

// checkText refuses invalid UTF-8, control characters (which could end up
// in a header) and a length outside [min, max] characters.
func checkText(field, s string, min, max int) *ValidationError {
	if !utf8.ValidString(s) {
		return invalid(field, "must be valid UTF-8")
	}
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) {
			return invalid(field, "must not contain control characters")
		}
		n++
	}
	if n < min || n > max {
		if min <= 1 {
			return invalid(field, "must be at most "+strconv.Itoa(max)+" characters")
		}
		return invalid(field, "must be "+strconv.Itoa(min)+" to "+strconv.Itoa(max)+" characters")
	}
	return nil
}

// checkRequired refuses an empty value, then checks it as checkText does.
func checkRequired(field, s string, min, max int) *ValidationError {
	if s == "" {
		return invalid(field, "is required")
	}
	return checkText(field, s, min, max)
}

// checkObjectReferenceID checks a reference to create: one starting with
// "cst_" or "cth_" is refused, since Juspay's lookup takes it as its own
// id and so could reach another customer.
func checkObjectReferenceID(s string) *ValidationError {
	const f = "object_reference_id"
	if isJuspayIDPrefix(s) {
		return invalid(f, "must not start with cst_ or cth_, which Juspay reads as its own customer ids")
	}
	if err := checkRequired(f, s, minObjectReferenceID, maxObjectReferenceID); err != nil {
		return err
	}
	if !pathSafe(s) {
		return invalid(f, "must not hold "+pathUnsafeList+": the customer is looked up by it in a URL path, "+
			"which a proxy or gateway that decodes paths could turn into another customer's")
	}
	return nil
}

// checkMobile checks mobile_number: digits only, at most 16, with one
// leading '+' allowed only when the same request gives countryCode (its
// digits, "" when none), and then not followed by that country code: Juspay
// would store it twice.
func checkMobile(s string, required bool, countryCode string) *ValidationError {
	const f = "mobile_number"
	if s == "" {
		if required {
			return invalid(f, "is required")
		}
		return nil
	}
	if strings.ContainsFunc(s, isSeparator) {
		return invalid(f, "must be digits only, without spaces or separators such as '-', '(' or '.'")
	}
	digits, plus := strings.CutPrefix(s, "+")
	if plus && countryCode == "" {
		return invalid(f, "may start with '+' only when mobile_country_code is given")
	}
	if digits == "" || !allDigits(digits) {
		return invalid(f, "must be digits only (one leading '+' allowed with a country code)")
	}
	if plus && strings.HasPrefix(digits, countryCode) {
		return invalid(f, "repeats mobile_country_code after its '+': send the number without the country code "+
			"(mobile_number 9876543210 with mobile_country_code 91)")
	}
	if len(digits) > maxMobileDigits {
		return invalid(f, "must be at most 16 digits")
	}
	return nil
}

// isSeparator reports what people write between a phone number's digits.
func isSeparator(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("-().", r) }

// normalizeCountryCode checks mobile_country_code (1 to 4 digits, with or
// without one leading '+') and returns it without the '+', as Juspay asks.
func normalizeCountryCode(s string) (string, *ValidationError) {
	if s == "" {
		return "", nil
	}
	d := strings.TrimPrefix(s, "+")
	if d == "" || len(d) > maxCountryCodeDigits || !allDigits(d) {
		return "", invalid("mobile_country_code", "must be 1 to 4 digits, without or with one leading '+'")
	}
	return d, nil
}

func checkEmail(s string) *ValidationError {
	const f = "email_address"
	if s == "" {
		return nil
	}
	if len(s) > maxEmail {
		return invalid(f, "must be at most 128 characters")
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") {
		return invalid(f, "must be local@domain with exactly one '@'")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '@' && !isASCIIAlnum(c) && strings.IndexByte(emailSpecials, c) < 0 {
			return invalid(f, "may hold only ASCII letters, digits and !#$%&'*+-/=?^_.{|}~")
		}
	}
	if edge := local[0]; edge == '_' || edge == '.' {
		return invalid(f, "local part must not start or end with '_' or '.'")
	}
	if edge := local[len(local)-1]; edge == '_' || edge == '.' {
		return invalid(f, "local part must not start or end with '_' or '.'")
	}
	return nil
}

func checkName(field, s string) *ValidationError {
	if err := checkText(field, s, 0, maxName); err != nil {
		return err
	}
	if strings.ContainsAny(s, nameForbidden) {
		return invalid(field, "must not contain any of "+nameForbidden)
	}
	return nil
}

// checkContact checks the fields create and update share; an empty optional
// field is not sent and passes. countryCode is the country code sent,
// without its '+'.
func checkContact(mobile string, mobileRequired bool, countryCode, email, first, last string) *ValidationError {
	if err := checkMobile(mobile, mobileRequired, countryCode); err != nil {
		return err
	}
	if err := checkEmail(email); err != nil {
		return err
	}
	if err := checkName("first_name", first); err != nil {
		return err
	}
	return checkName("last_name", last)
}

// checkRoutingID checks the x-routing-id header value; empty is allowed
// (each call then sends its default).
func checkRoutingID(s string) *ValidationError {
	return checkText("x-routing-id", s, 0, maxRoutingID)
}

// checkCustomerID checks a customer id, Juspay's or an
// object_reference_id, refused as field ("customer_id"; "id" for Do's ID).
// It goes into a URL path or query, escaped; what a hop that decodes paths
// (a gateway, a proxy) could turn into another path is refused: "." and
// "..", and any of pathUnsafeList. Such a customer is addressed by Juspay's
// id, which never holds them.
func checkCustomerID(field, s string) *ValidationError {
	if s == "." || s == ".." {
		return invalid(field, "must not be '.' or '..'")
	}
	if err := checkRequired(field, s, 1, maxCustomerID); err != nil {
		return err
	}
	if !pathSafe(s) {
		return invalid(field, "must not hold "+pathUnsafeList+", which a proxy or gateway that decodes paths "+
			"could turn into another customer's path: address this customer by Juspay's id (cst_...)")
	}
	return nil
}

// pathUnsafeList names what an id in a path may not hold.
const pathUnsafeList = `'/', '\', '?', '#', '%' or ';'`

// pathSafe reports an id that stays one path segment, however often a hop
// decodes it: none of / \ ? # % ; (some servers read "/..;/" as "/../").
func pathSafe(s string) bool { return !strings.ContainsAny(s, `/\?#%;`) }

// checkLookup checks the customer id and the routing id of a call that
// reads a customer's data.
func checkLookup(customerID, routingID string) error {
	if err := checkCustomerID("customer_id", customerID); err != nil {
		return err
	}
	if err := checkRoutingID(routingID); err != nil {
		return err
	}
	return nil
}

// checkCardToken checks the card_token of a saved card.
func checkCardToken(s string) *ValidationError {
	return checkRequired("card_token", s, 1, maxCardToken)
}

// checkCardReference checks the card_reference of a saved card.
func checkCardReference(s string) *ValidationError {
	return checkRequired("card_reference", s, 1, maxCardToken)
}

// checkGatewayFields returns the refusal for the first of gateways, in the
// given order, whose required field is empty (mobile_number is checked
// before email_address), or nil when every gateway has what it needs.
func checkGatewayFields(gateways []Gateway, mobileNumber, emailAddress string) *ValidationError {
	for _, g := range gateways {
		mobile, email, _ := gatewayNeeds(g)
		if mobile && mobileNumber == "" {
			return &ValidationError{Field: "mobile_number", Reason: "required by gateway " + string(g), Gateway: g}
		}
		if email && emailAddress == "" {
			return &ValidationError{Field: "email_address", Reason: "required by gateway " + string(g), Gateway: g}
		}
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// checkNotNil refuses a nil request.
func checkNotNil[T any](req *T) *ValidationError {
	if req == nil {
		return invalid("request", "must not be nil")
	}
	return nil
}

// checkRawRequest checks what Client.Do sends: GET or POST, a form only
// with POST, and a path that stays below the base URL whatever a server or
// proxy makes of it. "{id}" stands once in the path exactly when id is
// given.
func checkRawRequest(method, path, id string, form url.Values) *ValidationError {
	switch {
	case method != http.MethodGet && method != http.MethodPost:
		return invalid("method", "must be GET or POST")
	case form != nil && method != http.MethodPost:
		return invalid("form", "is sent only with POST")
	case !strings.HasPrefix(path, "/"):
		return invalid("path", `must start with "/"`)
	case strings.Count(path, "{id}") != min(len(id), 1):
		return invalid("path", `must hold "{id}" once when ID is given, and not otherwise`)
	}
	p := strings.Replace(path, "{id}", "id", 1)
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return invalid("path", `must not hold an empty, "." or ".." segment`)
		}
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%':
			if i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
				return invalid("path", "holds a '%' that starts no escape")
			}
			if e := strings.ToLower(p[i+1 : i+3]); e == "2e" || e == "2f" || e == "5c" || e == "25" {
				return invalid("path", `must not hold an escaped '.', '/', '\' or '%' (a proxy may decode twice)`)
			}
		case !isASCIIAlnum(c) && !strings.ContainsRune("-._~!$&'()*+,=:@/", rune(c)):
			// ';' is left out too: some servers read "/..;/" as "/../".
			return invalid("path", "holds a character a path may not: escape it, or put the id in ID")
		}
	}
	return nil
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
