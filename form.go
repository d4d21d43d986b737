package juspay

// The form bodies. The url tags on CreateCustomerRequest and
// UpdateCustomerRequest define them, as go-querystring reads them; these
// hand-written encoders produce the same bytes as
// query.Values(req).Encode() (keys sorted, values escaped as
// url.QueryEscape does) without reflection, and form_test.go proves the two
// equal by fuzzing.

// encodeCreate returns the create form for a validated request; cc is the
// country code without '+'.
func encodeCreate(r *CreateCustomerRequest, cc string) []byte {
	b := make([]byte, 0, 160+len(r.ObjectReferenceID)+len(r.EmailAddress)+len(r.FirstName)+len(r.LastName))
	b = appendField(b, "email_address", r.EmailAddress, true)
	b = appendField(b, "first_name", r.FirstName, true)
	b = appendField(b, "last_name", r.LastName, true)
	b = appendField(b, "mobile_country_code", cc, true)
	b = appendField(b, "mobile_number", r.MobileNumber, false)
	b = appendField(b, "object_reference_id", r.ObjectReferenceID, false)
	if r.GetClientAuthToken {
		b = appendField(b, "options.get_client_auth_token", "true", false)
	}
	return b
}

// encodeUpdate returns the update form: only the fields given.
func encodeUpdate(r *UpdateCustomerRequest, cc string) []byte {
	b := make([]byte, 0, 96+len(r.EmailAddress)+len(r.FirstName)+len(r.LastName))
	b = appendField(b, "email_address", r.EmailAddress, true)
	b = appendField(b, "first_name", r.FirstName, true)
	b = appendField(b, "last_name", r.LastName, true)
	b = appendField(b, "mobile_country_code", cc, true)
	b = appendField(b, "mobile_number", r.MobileNumber, true)
	return b
}

// appendField appends "&key=value" (no '&' first); keys need no escaping.
func appendField(b []byte, key, val string, omitEmpty bool) []byte {
	if omitEmpty && val == "" {
		return b
	}
	if len(b) > 0 {
		b = append(b, '&')
	}
	b = append(b, key...)
	b = append(b, '=')
	return appendQueryEscape(b, val)
}

// appendQueryEscape appends s escaped exactly as url.QueryEscape does.
func appendQueryEscape(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isASCIIAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~':
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}
