package juspaytest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// handlerTransport answers a client's requests by calling a handler in
// memory, with no network in between.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	in := r.Clone(r.Context())
	if in.Body == nil {
		in.Body = http.NoBody
	}
	defer in.Body.Close()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// fuzzCustomer is the customer the update half of the fuzz test changes.
const fuzzCustomer = "fuzz-customer"

// FuzzClientAgreesWithTheFake checks that the juspay client refuses locally
// (a *juspay.ValidationError, nothing sent) exactly the create,
// get-or-create and update requests the fake answers with a 400 naming a
// field, and that what it sends, the fake accepts. The one place the client
// may be stricter is its own documented rules: an object_reference_id that
// goes into a path (see clientMayBeStricter), and a mobile number that
// repeats the country code (repeatedCountryCode); the fake keeps Juspay's
// looser rules.
func FuzzClientAgreesWithTheFake(f *testing.F) {
	for _, seed := range [][6]string{
		{"customer@gmail.com", "9988776655", "91", "customer@gmail.com", "John", "Smith"},
		{"cust_123489", "+919912346789", "+91", "", "José", "D'Souza"},
		{"cust_123489", "+919912346789", "", "", "", ""},
		{"short", "9988776655", "", "", "", ""},
		{"", "9988776655", "", "", "", ""},
		{"cust_123489", "", "", "", "", ""},
		{"abcdefg\xff", "1", "", "", "", ""},
		{"cust_123489", "1", "", "", "Jos\xe9", ""},
		{"cust_123489", "1", "", "a@b\xff", "", "\x80"},
		{"cust_123489", "99+1", "abcd", "", "", ""},
		{"cust_123489", "1", "+", "", "", ""},
		{"cust_123489", "+", "1", "", "", ""},
		{"cust_123489", "12345678901234567", "12345", ".a@b", "a=b", "a\tb"},
		{strings.Repeat("r", 129), "1", "", strings.Repeat("a", 119) + "@gmail.com", strings.Repeat("é", 65), ""},
		{"cust\u2028123", "1", "", "", "Mary Ann", "O\u2029Neil"},
		{"cust\n123489", "1", "", "", "", ""},
		{"cust/123489", "9988776655", "", "", "", ""},
		{"cust\\123489;?#%", "9988776655", "", "", "", ""},
		{"user%2F000042", "9988776655", "", "", "", ""},
		{"cth_12345678", "9988776655", "", "", "", ""},
		{"cst_12345678", "9988776655", "", "", "", ""},
		{"cust/1", "x", "", "", "", ""},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4], seed[5])
	}
	s := juspaytest.NewServer()
	f.Cleanup(s.Close)
	c, err := juspay.NewClient(s.APIKey, s.MerchantID, juspay.WithBaseURL("https://juspay.invalid"),
		juspay.WithHTTPClient(&http.Client{Transport: handlerTransport{s.Handler()}}), juspay.WithMaxRetries(0))
	require.NoError(f, err)
	ctx := context.Background()

	f.Fuzz(func(t *testing.T, ref, mobile, cc, email, first, last string) {
		fields := url.Values{}
		for k, v := range map[string]string{"mobile_number": mobile, "mobile_country_code": cc,
			"email_address": email, "first_name": first, "last_name": last} {
			if v != "" {
				fields.Set(k, v)
			}
		}

		create := cloneWith(fields, "object_reference_id", ref)
		s.Reset()
		refused := fakeRefusal(t, s, "/customers", create)
		s.Reset()
		_, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: mobile,
			MobileCountryCode: cc, EmailAddress: email, FirstName: first, LastName: last})
		stricter := anyOf(clientMayBeStricter("object_reference_id", ref), repeatedCountryCode(create))
		agree(t, s, "create", create, err, refused, stricter)
		s.Reset()
		_, err = c.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: mobile,
			MobileCountryCode: cc, EmailAddress: email, FirstName: first, LastName: last})
		agree(t, s, "get-or-create", create, err, refused, stricter)

		// An update with nothing to change is refused by the client on its
		// own ("request"), not by a field rule; Juspay's answer to one is
		// not documented, and the fake answers the customer unchanged.
		if len(fields) == 0 {
			return
		}
		seed := func() {
			s.Reset()
			_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: fuzzCustomer, MobileCountryCode: "91"})
			require.NoError(t, err)
		}
		seed()
		refused = fakeRefusal(t, s, "/customers/"+fuzzCustomer, fields)
		seed()
		_, err = c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: fuzzCustomer, MobileNumber: mobile,
			MobileCountryCode: cc, EmailAddress: email, FirstName: first, LastName: last})
		agree(t, s, "update", fields, err, refused, repeatedCountryCode(fields))
	})
}

func cloneWith(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	if value != "" {
		out.Set(key, value)
	}
	return out
}

// fakeRefusal posts form to path as sent, without the client, and returns
// the field a 400 names, or "" for a 200. Any other answer fails the test.
func fakeRefusal(t *testing.T, s *juspaytest.Server, path string, form url.Values) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.SetBasicAuth(s.APIKey, "")
	req.Header.Set("x-merchantid", s.MerchantID)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code == http.StatusOK {
		return ""
	}
	var body struct {
		ErrorInfo struct {
			Fields []struct {
				FieldName string `json:"field_name"`
			} `json:"fields"`
		} `json:"error_info"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
	require.Len(t, body.ErrorInfo.Fields, 1, rec.Body.String())
	require.NotEmpty(t, body.ErrorInfo.Fields[0].FieldName, rec.Body.String())
	return body.ErrorInfo.Fields[0].FieldName
}

// clientMayBeStricter returns the local refusal the client may make
// beyond the fake's rules, of a value id sent as field: the client refuses
// an id holding any of / \ ? # % ; (a hop that decodes paths could turn
// it into another path), and an object_reference_id starting with "cst_"
// or "cth_" (Juspay's lookup takes it as its own id); the fake, as Juspay,
// takes both. Nil when id breaks neither rule.
func clientMayBeStricter(field, id string) func(*juspay.ValidationError) bool {
	pathChars := strings.ContainsAny(id, `/\?#%;`)
	juspayID := field == "object_reference_id" && (strings.HasPrefix(id, "cst_") || strings.HasPrefix(id, "cth_"))
	if !pathChars && !juspayID {
		return nil
	}
	return func(verr *juspay.ValidationError) bool { return verr.Field == field }
}

// repeatedCountryCode allows the client's refusal of a mobile number that
// repeats, after its '+', the country code sent beside it (Juspay would
// store it twice; the fake, as Juspay, takes it).
func repeatedCountryCode(sent url.Values) func(*juspay.ValidationError) bool {
	return func(verr *juspay.ValidationError) bool {
		return verr.Field == "mobile_number" && juspaytest.ClientStricter(sent, verr)
	}
}

// anyOf allows what any of fs allows; nil ones allow nothing.
func anyOf(fs ...func(*juspay.ValidationError) bool) func(*juspay.ValidationError) bool {
	return func(verr *juspay.ValidationError) bool {
		for _, f := range fs {
			if f != nil && f(verr) {
				return true
			}
		}
		return false
	}
}

// agree checks the client's outcome err against the fake's refusal of the
// same fields (see disagreement), and that a local refusal sent nothing.
func agree(t *testing.T, s *juspaytest.Server, call string, sent url.Values, err error, refused string,
	stricter func(*juspay.ValidationError) bool) {
	t.Helper()
	var verr *juspay.ValidationError
	if errors.As(err, &verr) {
		require.Empty(t, s.Requests(), "%s: a refused request sends nothing", call)
	}
	if d := disagreement(call, sent, err, refused, stricter); d != "" {
		t.Fatal(d)
	}
}

// disagreement says how the client's outcome err and the fake's refusal
// (the field its 400 names, "" for a 200) of the same request differ, or
// "" when both refuse or neither does, or when the client alone refuses
// and stricter (when not nil) allows it.
func disagreement(call string, sent url.Values, err error, refused string, stricter func(*juspay.ValidationError) bool) string {
	var verr *juspay.ValidationError
	local := errors.As(err, &verr)
	switch {
	case local && refused == "" && stricter != nil && stricter(verr):
		return ""
	case local != (refused != ""):
		return fmt.Sprintf("%s %q: the fake refuses field %q, the client's error is %v", call, sent, refused, err)
	case !local && err != nil:
		return fmt.Sprintf("%s %q: the fake refused what the client sent: %v", call, sent, err)
	}
	return ""
}

// TestAgreementAllowsOnlyTheClientsOwnRules: the client may refuse alone
// only an object_reference_id that breaks its documented path or Juspay-id
// rule, and only as that field.
func TestAgreementAllowsOnlyTheClientsOwnRules(t *testing.T) {
	refErr := &juspay.ValidationError{Field: "object_reference_id"}
	tests := []struct {
		name     string
		err      error
		refused  string
		stricter func(*juspay.ValidationError) bool
		agree    bool
	}{
		{"a slash in the reference", refErr, "", clientMayBeStricter("object_reference_id", "cust/123489"), true},
		{"a backslash", refErr, "", clientMayBeStricter("object_reference_id", `cust\123489`), true},
		{"a question mark", refErr, "", clientMayBeStricter("object_reference_id", "cust?123489"), true},
		{"a hash", refErr, "", clientMayBeStricter("object_reference_id", "cust#123489"), true},
		{"a percent", refErr, "", clientMayBeStricter("object_reference_id", "cust%123489"), true},
		{"a semicolon", refErr, "", clientMayBeStricter("object_reference_id", "cust;123489"), true},
		{"a Juspay id's prefix", refErr, "", clientMayBeStricter("object_reference_id", "cth_12345678"), true},
		{"cst_ too", refErr, "", clientMayBeStricter("object_reference_id", "cst_12345678"), true},
		{"a customer id with a slash", &juspay.ValidationError{Field: "customer_id"}, "", clientMayBeStricter("customer_id", "a/b"), true},
		{"a plain reference", refErr, "", clientMayBeStricter("object_reference_id", "cust_123489"), false},
		{"a customer id with a Juspay prefix is no path rule", &juspay.ValidationError{Field: "customer_id"}, "",
			clientMayBeStricter("customer_id", "cth_12345678"), false},
		{"another field refused", &juspay.ValidationError{Field: "mobile_number"}, "",
			clientMayBeStricter("object_reference_id", "cust/123489"), false},
		{"no allowance", refErr, "", nil, false},
		{"both refuse", &juspay.ValidationError{Field: "mobile_number"}, "mobile_number", nil, true},
		{"the fake alone refuses", nil, "mobile_number", clientMayBeStricter("object_reference_id", "cust/123489"), false},
		{"neither refuses", nil, "", nil, true},
		{"the fake accepts what failed otherwise", errors.New("HTTP 500"), "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := disagreement("create", url.Values{}, tt.err, tt.refused, tt.stricter)
			require.Equal(t, tt.agree, d == "", d)
		})
	}
}
