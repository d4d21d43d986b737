package juspay

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field rules from Juspay's Create Customer page
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer)
// and the limits of Juspay's customer model. Where the page is loose, only
// what Juspay documents as refused is refused, so a real customer is never
// turned away locally.
const (
	minObjectReferenceID = 8
	maxObjectReferenceID = 128
	maxMobileDigits      = 16
	maxCountryCodeDigits = 4
	maxEmail             = 128
	maxName              = 64
	maxRoutingID         = 128
	maxCustomerID        = 128

	// nameForbidden lists the characters Juspay answers Bad Request for in
	// first_name and last_name.
	nameForbidden = "+!<>?;:@%`&*$^{}/\\,="
	// emailSpecials lists the special characters the page allows in an
	// e-mail address besides ASCII letters, digits and the one '@'.
	emailSpecials = "!#$%&'*+-/=?^_.{|}~"
)

func invalid(field, reason string) *ValidationError {
	return &ValidationError{Field: field, Reason: reason}
}

// checkText refuses invalid UTF-8 and control characters (which could end up
// in a header) and a rune count outside [min, max].
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

func validateObjectReferenceID(s string) *ValidationError {
	if s == "" {
		return invalid("object_reference_id", "is required")
	}
	return checkText("object_reference_id", s, minObjectReferenceID, maxObjectReferenceID)
}

// validateMobile checks mobile_number: digits only, at most 16, with one
// leading '+' allowed only when a country code is given. An empty value is
// refused only when required.
func validateMobile(s string, required, hasCountryCode bool) *ValidationError {
	const f = "mobile_number"
	if s == "" {
		if required {
			return invalid(f, "is required")
		}
		return nil
	}
	digits := s
	if strings.HasPrefix(s, "+") {
		if !hasCountryCode {
			return invalid(f, "may start with '+' only when mobile_country_code is given")
		}
		digits = s[1:]
	}
	if digits == "" || !allDigits(digits) {
		return invalid(f, "must be digits only (one leading '+' allowed with a country code)")
	}
	if len(digits) > maxMobileDigits {
		return invalid(f, "must be at most 16 digits")
	}
	return nil
}

// normalizeCountryCode checks mobile_country_code (1 to 4 digits, optional
// leading '+') and returns it without the '+', as Juspay asks.
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

func validateEmail(s string) *ValidationError {
	const f = "email_address"
	if s == "" {
		return nil
	}
	if len(s) > maxEmail {
		return invalid(f, "must be at most 128 characters")
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.IndexByte(s[at+1:], '@') >= 0 {
		return invalid(f, "must be local@domain with exactly one '@'")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '@' && !isASCIIAlnum(c) && strings.IndexByte(emailSpecials, c) < 0 {
			return invalid(f, "may hold only ASCII letters, digits and !#$%&'*+-/=?^_.{|}~")
		}
	}
	local := s[:at]
	if first, last := local[0], local[len(local)-1]; first == '_' || first == '.' || last == '_' || last == '.' {
		return invalid(f, "local part must not start or end with '_' or '.'")
	}
	return nil
}

func validateName(field, s string) *ValidationError {
	if s == "" {
		return nil
	}
	if err := checkText(field, s, 0, maxName); err != nil {
		return err
	}
	if strings.ContainsAny(s, nameForbidden) {
		return invalid(field, "must not contain any of "+nameForbidden)
	}
	return nil
}

func validateRoutingID(s string) *ValidationError {
	if s == "" {
		return nil
	}
	return checkText("x-routing-id", s, 0, maxRoutingID)
}

// validateCustomerID checks the {id} of /customers/{id}: a Juspay id or an
// object_reference_id. It is path-escaped when sent; "." and ".." are refused
// because a proxy could resolve them to another path.
func validateCustomerID(s string) *ValidationError {
	if s == "" {
		return invalid("id", "is required")
	}
	if s == "." || s == ".." {
		return invalid("id", "must not be '.' or '..'")
	}
	return checkText("id", s, 1, maxCustomerID)
}

// validateCreate checks a create request and returns the country code to
// send (without '+').
func validateCreate(r *CreateCustomerRequest) (countryCode string, err *ValidationError) {
	if r == nil {
		return "", invalid("request", "must not be nil")
	}
	if err := validateObjectReferenceID(r.ObjectReferenceID); err != nil {
		return "", err
	}
	cc, err := normalizeCountryCode(r.MobileCountryCode)
	if err != nil {
		return "", err
	}
	if err := validateContact(r.MobileNumber, true, cc != "", r.EmailAddress, r.FirstName, r.LastName); err != nil {
		return "", err
	}
	return cc, validateRoutingID(r.RoutingID)
}

// validateContact checks the fields create and update share.
func validateContact(mobile string, mobileRequired, hasCountryCode bool, email, first, last string) *ValidationError {
	if err := validateMobile(mobile, mobileRequired, hasCountryCode); err != nil {
		return err
	}
	if err := validateEmail(email); err != nil {
		return err
	}
	if err := validateName("first_name", first); err != nil {
		return err
	}
	return validateName("last_name", last)
}

// validateUpdate checks an update request: a customer id, at least one field
// to change, and each given field by the create rules. It returns the
// country code to send (without '+').
func validateUpdate(r *UpdateCustomerRequest) (countryCode string, err *ValidationError) {
	if r == nil {
		return "", invalid("request", "must not be nil")
	}
	if err := validateCustomerID(r.CustomerID); err != nil {
		return "", err
	}
	if r.MobileNumber == "" && r.MobileCountryCode == "" && r.EmailAddress == "" && r.FirstName == "" && r.LastName == "" {
		return "", invalid("request", "has no field to update")
	}
	cc, err := normalizeCountryCode(r.MobileCountryCode)
	if err != nil {
		return "", err
	}
	if err := validateContact(r.MobileNumber, false, cc != "", r.EmailAddress, r.FirstName, r.LastName); err != nil {
		return "", err
	}
	return cc, validateRoutingID(r.RoutingID)
}

func validateGet(r *GetCustomerRequest) *ValidationError {
	if r == nil {
		return invalid("request", "must not be nil")
	}
	if err := validateCustomerID(r.CustomerID); err != nil {
		return err
	}
	return validateRoutingID(r.RoutingID)
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
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
