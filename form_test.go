package juspay

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-querystring/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The form bodies are written by hand (form.go) but defined by the url tags
// that go-querystring reads: these tests prove the two give the same bytes,
// and that every form decodes back to the request's fields.

// ftQuerystringCreate is go-querystring's encoding of r as sent: with the
// normalized country code (no leading '+').
func ftQuerystringCreate(t *testing.T, r *CreateCustomerRequest, cc string) string {
	t.Helper()
	normalized := *r
	normalized.MobileCountryCode = cc
	v, err := query.Values(normalized)
	require.NoError(t, err)
	return v.Encode()
}

// ftQuerystringUpdate is go-querystring's encoding of r as sent.
func ftQuerystringUpdate(t *testing.T, r *UpdateCustomerRequest, cc string) string {
	t.Helper()
	normalized := *r
	normalized.MobileCountryCode = cc
	v, err := query.Values(normalized)
	require.NoError(t, err)
	return v.Encode()
}

// ftRequireForm asserts that body decodes to exactly the fields in want, one
// value each.
func ftRequireForm(t *testing.T, body string, want map[string]string) {
	t.Helper()
	got, err := url.ParseQuery(body)
	require.NoError(t, err, "form %q", body)
	flat := make(map[string]string, len(got))
	for k, vs := range got {
		require.Len(t, vs, 1, "field %s appears more than once in %q", k, body)
		flat[k] = vs[0]
	}
	assert.Equal(t, want, flat, "decoded form %q", body)
}

// ftCreateFields is the form a create request should decode to: the required
// fields always, the optional ones only when set.
func ftCreateFields(r *CreateCustomerRequest, cc string) map[string]string {
	m := map[string]string{
		"object_reference_id": r.ObjectReferenceID,
		"mobile_number":       r.MobileNumber,
	}
	for k, v := range map[string]string{
		"mobile_country_code": cc,
		"email_address":       r.EmailAddress,
		"first_name":          r.FirstName,
		"last_name":           r.LastName,
	} {
		if v != "" {
			m[k] = v
		}
	}
	if r.GetClientAuthToken {
		m["options.get_client_auth_token"] = "true"
	}
	return m
}

// ftUpdateFields is the form an update request should decode to: only the
// fields given.
func ftUpdateFields(r *UpdateCustomerRequest, cc string) map[string]string {
	m := map[string]string{}
	for k, v := range map[string]string{
		"mobile_number":       r.MobileNumber,
		"mobile_country_code": cc,
		"email_address":       r.EmailAddress,
		"first_name":          r.FirstName,
		"last_name":           r.LastName,
	} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

func TestEncodeCreatePageSample(t *testing.T) {
	// The page's curl sample, field for field.
	req := &CreateCustomerRequest{
		ObjectReferenceID:  "customer@gmail.com",
		MobileNumber:       "9988776655",
		EmailAddress:       "customer@gmail.com",
		FirstName:          "John",
		LastName:           "Smith",
		MobileCountryCode:  "91",
		GetClientAuthToken: true,
		RoutingID:          "customer_1122",
	}
	cc, verr := validateCreate(req)
	require.Nil(t, verr)
	body := string(encodeCreate(req, cc))

	ftRequireForm(t, body, map[string]string{
		"object_reference_id":           "customer@gmail.com",
		"mobile_number":                 "9988776655",
		"email_address":                 "customer@gmail.com",
		"first_name":                    "John",
		"last_name":                     "Smith",
		"mobile_country_code":           "91",
		"options.get_client_auth_token": "true",
	})
	assert.Equal(t, "email_address=customer%40gmail.com&first_name=John&last_name=Smith&mobile_country_code=91"+
		"&mobile_number=9988776655&object_reference_id=customer%40gmail.com&options.get_client_auth_token=true", body)
	assert.Equal(t, ftQuerystringCreate(t, req, cc), body)
	assert.NotContains(t, body, "customer_1122", "the routing id is a header, never in the form")
}

func TestEncodeCreateMatchesQuerystring(t *testing.T) {
	cases := []struct {
		name string
		req  CreateCustomerRequest
		want string // the exact body, when given
	}{
		{
			name: "required fields only",
			req:  CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"},
			want: "mobile_number=9988776655&object_reference_id=cust_123489",
		},
		{
			name: "token flag false is left out",
			req:  CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655", GetClientAuthToken: false},
			want: "mobile_number=9988776655&object_reference_id=cust_123489",
		},
		{
			name: "token flag true",
			req:  CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655", GetClientAuthToken: true},
			want: "mobile_number=9988776655&object_reference_id=cust_123489&options.get_client_auth_token=true",
		},
		{
			name: "plus country code is sent without plus",
			req:  CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "+919912346789", MobileCountryCode: "+91"},
			want: "mobile_country_code=91&mobile_number=%2B919912346789&object_reference_id=cust_123489",
		},
		{
			name: "only some optional fields",
			req:  CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655", LastName: "Smith"},
			want: "last_name=Smith&mobile_number=9988776655&object_reference_id=cust_123489",
		},
		{
			name: "spaces apostrophes and accents",
			req: CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655",
				FirstName: "Mary Ann", LastName: "D'Souza José"},
			want: "first_name=Mary+Ann&last_name=D%27Souza+Jos%C3%A9&mobile_number=9988776655&object_reference_id=cust_123489",
		},
		{
			name: "name with allowed specials",
			req: CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655",
				FirstName: "O.Brien-Smith (Jr)", LastName: "a_b~c"},
		},
		{
			name: "reserved characters in the object_reference_id",
			req:  CreateCustomerRequest{ObjectReferenceID: "a&b=c?d#e%f/g+h;i j", MobileNumber: "9988776655"},
			want: "mobile_number=9988776655&object_reference_id=a%26b%3Dc%3Fd%23e%25f%2Fg%2Bh%3Bi+j",
		},
		{
			name: "every allowed e-mail special",
			req: CreateCustomerRequest{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655",
				EmailAddress: "a!#$%&'*+-/=?^_.{|}~z@x.com"},
		},
		{
			name: "multibyte and emoji",
			req: CreateCustomerRequest{ObjectReferenceID: "客户😀customer", MobileNumber: "9988776655",
				FirstName: "Дмитрий", LastName: "王"},
		},
		{
			name: "every field at its maximum",
			req: CreateCustomerRequest{ObjectReferenceID: strings.Repeat("é", 128), MobileNumber: "+" + strings.Repeat("9", 16),
				MobileCountryCode: "+1684", EmailAddress: strings.Repeat("a", 123) + "@x.io",
				FirstName: strings.Repeat("ü", 64), LastName: strings.Repeat("z", 64), GetClientAuthToken: true},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			cc, verr := validateCreate(&req)
			require.Nil(t, verr, "test case must be a valid request")
			got := string(encodeCreate(&req, cc))
			assert.Equal(t, ftQuerystringCreate(t, &req, cc), got)
			if tc.want != "" {
				assert.Equal(t, tc.want, got)
			}
			ftRequireForm(t, got, ftCreateFields(&req, cc))
			assert.Equal(t, tc.req, req, "encoding must not modify the request")
		})
	}
}

func TestEncodeUpdateMatchesQuerystring(t *testing.T) {
	cases := []struct {
		name string
		req  UpdateCustomerRequest
		want string
	}{
		{
			name: "one field",
			req:  UpdateCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", EmailAddress: "customer@gmail.com"},
			want: "email_address=customer%40gmail.com",
		},
		{
			name: "mobile only",
			req:  UpdateCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", MobileNumber: "9988776655"},
			want: "mobile_number=9988776655",
		},
		{
			name: "country code only, plus removed",
			req:  UpdateCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", MobileCountryCode: "+65"},
			want: "mobile_country_code=65",
		},
		{
			name: "every field",
			req: UpdateCustomerRequest{CustomerID: "customer@gmail.com", MobileNumber: "+919912346789", MobileCountryCode: "91",
				EmailAddress: "o'brien@x.com", FirstName: "Mary Ann", LastName: "José", RoutingID: "customer_1122"},
			want: "email_address=o%27brien%40x.com&first_name=Mary+Ann&last_name=Jos%C3%A9&mobile_country_code=91&mobile_number=%2B919912346789",
		},
		{
			name: "unicode names",
			req:  UpdateCustomerRequest{CustomerID: "cst_1", FirstName: "Zoë (Ærø)", LastName: "王"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			cc, verr := validateUpdate(&req)
			require.Nil(t, verr, "test case must be a valid request")
			got := string(encodeUpdate(&req, cc))
			assert.Equal(t, ftQuerystringUpdate(t, &req, cc), got)
			if tc.want != "" {
				assert.Equal(t, tc.want, got)
			}
			ftRequireForm(t, got, ftUpdateFields(&req, cc))
			assert.NotContains(t, got, url.QueryEscape(req.CustomerID), "the customer id is in the path, not the form")
		})
	}
}

func TestAppendQueryEscapeEveryByte(t *testing.T) {
	for b := 0; b < 256; b++ {
		s := string([]byte{byte(b)})
		assert.Equal(t, url.QueryEscape(s), string(appendQueryEscape(nil, s)), "byte %#02x", b)
	}
}

func TestAppendQueryEscape(t *testing.T) {
	cases := []struct{ name, in string }{
		{"empty", ""},
		{"unreserved", "AZaz09-_.~"},
		{"space", "a b"},
		{"reserved", "$&+,/:;=?@#[]!'()*%"},
		{"utf-8", "José 王 😀"},
		{"invalid utf-8", "\xff\xfe\xc3"},
		{"controls", "\x00\r\n\t\x7f"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, url.QueryEscape(tc.in), string(appendQueryEscape(nil, tc.in)))
			got := appendQueryEscape([]byte("k="), tc.in)
			assert.Equal(t, "k="+url.QueryEscape(tc.in), string(got), "appends after what is there")
		})
	}
}

func FuzzAppendQueryEscape(f *testing.F) {
	for _, s := range []string{"", "customer@gmail.com", "Mary Ann", "a&b=c", "José", "\xff", "%zz+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := string(appendQueryEscape(nil, s))
		require.Equal(t, url.QueryEscape(s), got)
		back, err := url.QueryUnescape(got)
		require.NoError(t, err)
		require.Equal(t, s, back)
	})
}

func FuzzEncodeCreate(f *testing.F) {
	f.Add("customer@gmail.com", "9988776655", "91", "customer@gmail.com", "John", "Smith", "customer_1122", true)
	f.Add("cust_123489", "9988776655", "", "", "", "", "", false)
	f.Add("cust_123489", "+919912346789", "+91", "o'brien@x.com", "Mary Ann", "D'Souza", "", true)
	f.Add("a&b=c?d#e%f/g+h;i j", "1", "+1684", "a!#$%&'*+-/=?^_.{|}~z@x.com", "José", "O.Brien-Smith (Jr)", "r", false)
	f.Add("客户😀customer", "9988776655", "65", "", "Дмитрий", "王", "", false)
	f.Add("short", "99-88", "abcd", "bad", "Jo+hn", "x\ny", "a\r\nb", false)
	f.Fuzz(func(t *testing.T, oref, mobile, cc, email, first, last, routing string, token bool) {
		req := &CreateCustomerRequest{
			ObjectReferenceID: oref, MobileNumber: mobile, MobileCountryCode: cc, EmailAddress: email,
			FirstName: first, LastName: last, GetClientAuthToken: token, RoutingID: routing,
		}
		orig := *req
		ncc, verr := validateCreate(req)
		if verr != nil {
			require.NotEmpty(t, verr.Field)
			return
		}
		require.Equal(t, strings.TrimPrefix(cc, "+"), ncc)
		got := string(encodeCreate(req, ncc))
		require.Equal(t, ftQuerystringCreate(t, req, ncc), got)
		ftRequireForm(t, got, ftCreateFields(req, ncc))
		require.Equal(t, orig, *req, "validation and encoding must not modify the request")
	})
}

func FuzzEncodeUpdate(f *testing.F) {
	f.Add("cst_pcxaymwoh9vbse97", "9988776655", "91", "customer@gmail.com", "John", "Smith", "customer_1122")
	f.Add("customer@gmail.com", "", "+65", "", "", "", "")
	f.Add("cst_1", "+919912346789", "+91", "o'brien@x.com", "Mary Ann", "D'Souza", "")
	f.Add("a/b", "", "", "", "Zoë (Ærø)", "王", "r")
	f.Add("..", "99 88", "+", "@", "Jo=hn", "\x00", "\n")
	f.Fuzz(func(t *testing.T, id, mobile, cc, email, first, last, routing string) {
		req := &UpdateCustomerRequest{
			CustomerID: id, MobileNumber: mobile, MobileCountryCode: cc, EmailAddress: email,
			FirstName: first, LastName: last, RoutingID: routing,
		}
		orig := *req
		ncc, verr := validateUpdate(req)
		if verr != nil {
			require.NotEmpty(t, verr.Field)
			return
		}
		require.Equal(t, strings.TrimPrefix(cc, "+"), ncc)
		got := string(encodeUpdate(req, ncc))
		require.NotEmpty(t, got, "a valid update sends at least one field")
		require.Equal(t, ftQuerystringUpdate(t, req, ncc), got)
		ftRequireForm(t, got, ftUpdateFields(req, ncc))
		require.Equal(t, orig, *req, "validation and encoding must not modify the request")
	})
}
