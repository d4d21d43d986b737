package juspaytest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The field rules of the Create Customer page, written here independently of
// the juspay package so that the fake is a separate witness of them. Where
// the page is loose, only what Juspay documents as refused is refused.

// fieldProblem is a refused field: missing (mandatory) or invalid.
type fieldProblem struct {
	field   string
	missing bool
}

func (p *fieldProblem) body() errorBody {
	if p.missing {
		return missingField(p.field)
	}
	return invalidField(p.field)
}

// fields holds the customer fields of a create or update form.
type fields struct {
	ref, mobile, countryCode, email, firstName, lastName string
}

func fieldsOf(get func(string) string) fields {
	return fields{
		ref:         get("object_reference_id"),
		mobile:      get("mobile_number"),
		countryCode: get("mobile_country_code"),
		email:       get("email_address"),
		firstName:   get("first_name"),
		lastName:    get("last_name"),
	}
}

// validateCreate checks a create: object_reference_id and mobile_number are
// mandatory, the rest optional; the first problem in wire order is returned.
func validateCreate(f fields) *fieldProblem {
	switch {
	case f.ref == "":
		return &fieldProblem{field: "object_reference_id", missing: true}
	case !validRef(f.ref):
		return &fieldProblem{field: "object_reference_id"}
	case f.mobile == "":
		return &fieldProblem{field: "mobile_number", missing: true}
	}
	return validateOptional(f, f.countryCode != "")
}

// validateUpdate checks the fields an update sends (empty ones are not
// sent). As for create, a leading "+" on mobile_number needs a
// mobile_country_code in the same request: one stored on the customer does
// not count, as the juspay client sees only the request.
func validateUpdate(f fields) *fieldProblem {
	return validateOptional(f, f.countryCode != "")
}

func validateOptional(f fields, countryCode bool) *fieldProblem {
	checks := []struct {
		field, value string
		ok           func(string) bool
	}{
		{"mobile_number", f.mobile, func(v string) bool { return validMobile(v, countryCode) }},
		{"mobile_country_code", f.countryCode, validCountryCode},
		{"email_address", f.email, validEmail},
		{"first_name", f.firstName, validName},
		{"last_name", f.lastName, validName},
	}
	for _, c := range checks {
		if c.value != "" && !c.ok(c.value) {
			return &fieldProblem{field: c.field}
		}
	}
	return nil
}

// validRef: valid UTF-8, 8 to 128 characters, no control characters.
func validRef(s string) bool {
	n := utf8.RuneCountInString(s)
	return utf8.ValidString(s) && n >= 8 && n <= 128 && !strings.ContainsFunc(s, unicode.IsControl)
}

// validMobile: 1 to 16 ASCII digits, with one leading "+" only when a country
// code is given.
func validMobile(s string, countryCode bool) bool {
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		if !countryCode {
			return false
		}
		s = rest
	}
	return len(s) <= 16 && allDigits(s)
}

// validCountryCode: 1 to 4 ASCII digits, one leading "+" accepted.
func validCountryCode(s string) bool {
	s = strings.TrimPrefix(s, "+")
	return len(s) <= 4 && allDigits(s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// emailSpecials are the page's allowed special characters besides "@".
const emailSpecials = "!#$%&'*+-/=?^_.{|}~"

// validEmail: at most 128 characters, local@domain, ASCII alphanumerics and
// the page's special characters only; "_" and "." neither start nor end the
// local part.
func validEmail(s string) bool {
	if len(s) > 128 {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") {
		return false
	}
	for _, r := range local + domain {
		if !isASCIIAlnum(r) && !strings.ContainsRune(emailSpecials, r) {
			return false
		}
	}
	edge := func(b byte) bool { return b == '_' || b == '.' }
	return !edge(local[0]) && !edge(local[len(local)-1])
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// nameForbidden is the page's list of characters refused in first_name and
// last_name.
const nameForbidden = "+!<>?;:@%`&*$^{}/\\,="

// validName: valid UTF-8, at most 64 characters, none of the page's forbidden
// ones and no control characters. Spaces, apostrophes and non-ASCII letters
// are allowed.
func validName(s string) bool {
	return utf8.ValidString(s) && utf8.RuneCountInString(s) <= 64 &&
		!strings.ContainsAny(s, nameForbidden) &&
		!strings.ContainsFunc(s, unicode.IsControl)
}
