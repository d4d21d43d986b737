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
// that go-querystring reads: these tests prove the two give the same bytes
// for any field values, and that every body decodes back to its fields.

// querystringOf is go-querystring's encoding of a form struct.
func querystringOf(t testing.TB, form any) string {
	t.Helper()
	v, err := query.Values(form)
	require.NoError(t, err)
	return v.Encode()
}

// requireFormFields asserts that body decodes to exactly want, one value a key.
func requireFormFields(t testing.TB, body string, want map[string]string) {
	t.Helper()
	got, err := url.ParseQuery(body)
	require.NoError(t, err, "form %q", body)
	flat := make(map[string]string, len(got))
	for k, vs := range got {
		require.Len(t, vs, 1, "field %s appears more than once in %q", k, body)
		flat[k] = vs[0]
	}
	require.Equal(t, want, flat, "decoded form %q", body)
}

// withOptional adds the non-empty optional fields to m.
func withOptional(m map[string]string, optional map[string]string) map[string]string {
	for k, v := range optional {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// createFields is what a create form must decode to: the required fields
// always (even empty), the optional ones when set.
func createFields(f *createForm) map[string]string {
	m := withOptional(map[string]string{
		"object_reference_id": f.ObjectReferenceID,
		"mobile_number":       f.MobileNumber,
	}, map[string]string{
		"mobile_country_code": f.MobileCountryCode,
		"email_address":       f.EmailAddress,
		"first_name":          f.FirstName,
		"last_name":           f.LastName,
	})
	if f.GetClientAuthToken {
		m["options.get_client_auth_token"] = "true"
	}
	return m
}

// updateFields is what an update form must decode to: the fields set.
func updateFields(f *updateForm) map[string]string {
	return withOptional(map[string]string{}, map[string]string{
		"mobile_number":       f.MobileNumber,
		"mobile_country_code": f.MobileCountryCode,
		"email_address":       f.EmailAddress,
		"first_name":          f.FirstName,
		"last_name":           f.LastName,
	})
}

func TestEncodeCreatePageSample(t *testing.T) {
	// The Create Customer page's curl sample, field for field:
	//   -d "object_reference_id=customer@gmail.com" -d "mobile_number=9988776655"
	//   -d "email_address=customer@gmail.com" -d "first_name=John" -d "last_name=Smith"
	//   -d "mobile_country_code=91" -d"options.get_client_auth_token=true"
	const want = "email_address=customer%40gmail.com&first_name=John&last_name=Smith&mobile_country_code=91" +
		"&mobile_number=9988776655&object_reference_id=customer%40gmail.com&options.get_client_auth_token=true"
	form := &createForm{
		ObjectReferenceID:  "customer@gmail.com",
		MobileNumber:       "9988776655",
		EmailAddress:       "customer@gmail.com",
		FirstName:          "John",
		LastName:           "Smith",
		MobileCountryCode:  "91",
		GetClientAuthToken: true,
	}
	assert.Equal(t, want, string(form.encode()))
	assert.Equal(t, querystringOf(t, form), want)

	// The same request as a caller writes it, through the client's checks:
	// the routing id is a header, never part of the body.
	req := &CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655", MobileCountryCode: "91",
		EmailAddress: "customer@gmail.com", FirstName: "John", LastName: "Smith",
		GetClientAuthToken: true, RoutingID: "customer_1122",
	}
	checked, err := (&Client{}).createForm(req)
	require.NoError(t, err)
	assert.Equal(t, want, string(checked.encode()))
}

func TestEncodeCreateMatchesQuerystring(t *testing.T) {
	cases := []struct {
		name string
		form createForm
		want string // the exact body, when given
	}{
		{
			name: "required fields only",
			form: createForm{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655"},
			want: "mobile_number=9988776655&object_reference_id=cust_123489",
		},
		{
			name: "empty required fields are still sent",
			form: createForm{},
			want: "mobile_number=&object_reference_id=",
		},
		{
			name: "token flag true",
			form: createForm{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655", GetClientAuthToken: true},
			want: "mobile_number=9988776655&object_reference_id=cust_123489&options.get_client_auth_token=true",
		},
		{
			name: "plus in the mobile number",
			form: createForm{ObjectReferenceID: "cust_123489", MobileNumber: "+919912346789", MobileCountryCode: "91"},
			want: "mobile_country_code=91&mobile_number=%2B919912346789&object_reference_id=cust_123489",
		},
		{
			name: "only some optional fields",
			form: createForm{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655", LastName: "Smith"},
			want: "last_name=Smith&mobile_number=9988776655&object_reference_id=cust_123489",
		},
		{
			name: "spaces apostrophes and accents",
			form: createForm{ObjectReferenceID: "cust_123489", MobileNumber: "9988776655", FirstName: "Mary Ann", LastName: "D'Souza José"},
			want: "first_name=Mary+Ann&last_name=D%27Souza+Jos%C3%A9&mobile_number=9988776655&object_reference_id=cust_123489",
		},
		{
			name: "reserved characters",
			form: createForm{ObjectReferenceID: "a&b=c?d#e%f/g+h;i j", MobileNumber: "9988776655"},
			want: "mobile_number=9988776655&object_reference_id=a%26b%3Dc%3Fd%23e%25f%2Fg%2Bh%3Bi+j",
		},
		{
			name: "every allowed e-mail special",
			form: createForm{ObjectReferenceID: "cust_123489", MobileNumber: "1", EmailAddress: "a!#$%&'*+-/=?^_.{|}~z@x.com"},
		},
		{
			name: "multibyte and emoji",
			form: createForm{ObjectReferenceID: "客户😀customer", MobileNumber: "9988776655", FirstName: "Дмитрий", LastName: "王"},
		},
		{
			name: "controls and invalid UTF-8",
			form: createForm{ObjectReferenceID: "a\r\nb\x00\x7f", MobileNumber: "\xff\xfe", FirstName: "\t"},
		},
		{
			name: "every field long",
			form: createForm{ObjectReferenceID: strings.Repeat("é", 128), MobileNumber: "+" + strings.Repeat("9", 16),
				MobileCountryCode: "1684", EmailAddress: strings.Repeat("a", 123) + "@x.io",
				FirstName: strings.Repeat("ü", 64), LastName: strings.Repeat("z", 64), GetClientAuthToken: true},
		},
		// The widest value the rules allow (4-byte characters), one field at a time.
		{name: "widest object_reference_id alone", form: createForm{ObjectReferenceID: strings.Repeat("😀", 128), MobileNumber: "1"}},
		{name: "widest first name alone", form: createForm{ObjectReferenceID: "abcdefgh", MobileNumber: "1", FirstName: strings.Repeat("😀", 64)}},
		{name: "widest last name alone", form: createForm{ObjectReferenceID: "abcdefgh", MobileNumber: "1", LastName: strings.Repeat("😀", 64)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := tc.form
			got := string(form.encode())
			assert.Equal(t, querystringOf(t, &form), got)
			if tc.want != "" {
				assert.Equal(t, tc.want, got)
			}
			requireFormFields(t, got, createFields(&form))
			assert.Equal(t, tc.form, form, "encoding must not modify the form")
		})
	}
}

func TestEncodeUpdateMatchesQuerystring(t *testing.T) {
	cases := []struct {
		name string
		form updateForm
		want string
	}{
		{name: "nothing", form: updateForm{}, want: ""},
		{name: "one field", form: updateForm{EmailAddress: "customer@gmail.com"}, want: "email_address=customer%40gmail.com"},
		{name: "mobile only", form: updateForm{MobileNumber: "9988776655"}, want: "mobile_number=9988776655"},
		{name: "country code only", form: updateForm{MobileCountryCode: "65"}, want: "mobile_country_code=65"},
		{
			name: "every field",
			form: updateForm{MobileNumber: "+919912346789", MobileCountryCode: "91", EmailAddress: "o'brien@x.com",
				FirstName: "Mary Ann", LastName: "José"},
			want: "email_address=o%27brien%40x.com&first_name=Mary+Ann&last_name=Jos%C3%A9&mobile_country_code=91&mobile_number=%2B919912346789",
		},
		{name: "unicode names", form: updateForm{FirstName: "Zoë (Ærø)", LastName: "王"}},
		{name: "reserved characters", form: updateForm{LastName: "a&b=c;d+e f%"}},
		// The widest value the rules allow, one field at a time.
		{name: "longest e-mail alone", form: updateForm{EmailAddress: strings.Repeat("a", 123) + "@x.io"}},
		{name: "widest first name alone", form: updateForm{FirstName: strings.Repeat("😀", 64)}},
		{name: "widest last name alone", form: updateForm{LastName: strings.Repeat("😀", 64)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := tc.form
			got := string(form.encode())
			assert.Equal(t, querystringOf(t, &form), got)
			assert.Equal(t, tc.form == updateForm{}, got == "", "only an empty form encodes to nothing")
			if tc.want != "" {
				assert.Equal(t, tc.want, got)
			}
			requireFormFields(t, got, updateFields(&form))
		})
	}
}

func TestEncodeDeleteCard(t *testing.T) {
	cases := []struct{ name, token, want string }{
		{"sample UUID token", "c75a9fca-1121-418e-973c-47d5c4971456", "card_token=c75a9fca-1121-418e-973c-47d5c4971456"},
		{"tkn_ token", "tkn_1b6fcc1015944fdfb5020a92x4fa1f91", "card_token=tkn_1b6fcc1015944fdfb5020a92x4fa1f91"},
		{"empty is still sent", "", "card_token="},
		{"reserved characters", "a+b/c=d&e f", "card_token=a%2Bb%2Fc%3Dd%26e+f"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := &deleteCardForm{CardToken: tc.token}
			got := string(form.encode())
			assert.Equal(t, tc.want, got)
			assert.Equal(t, querystringOf(t, form), got)
			requireFormFields(t, got, map[string]string{"card_token": tc.token})
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
	for _, s := range []string{"", "customer@gmail.com", "Mary Ann", "a&b=c", "José", "\xff", "%zz+", "\x00\r\n"} {
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
	f.Add("customer@gmail.com", "9988776655", "91", "customer@gmail.com", "John", "Smith", true)
	f.Add("cust_123489", "9988776655", "", "", "", "", false)
	f.Add("", "", "", "", "", "", false)
	f.Add("a&b=c?d#e%f/g+h;i j", "+919912346789", "1684", "a!#$%&'*+-/=?^_.{|}~z@x.com", "José", "O.Brien-Smith (Jr)", false)
	f.Add("客户😀customer", "9988776655", "65", "", "Дмитрий", "王", true)
	f.Add("\xff\x00", "99-88", "abcd", "bad", "Jo+hn", "x\ny", false)
	f.Fuzz(func(t *testing.T, oref, mobile, cc, email, first, last string, token bool) {
		form := &createForm{
			ObjectReferenceID: oref, MobileNumber: mobile, MobileCountryCode: cc, EmailAddress: email,
			FirstName: first, LastName: last, GetClientAuthToken: token,
		}
		orig := *form
		got := string(form.encode())
		require.Equal(t, querystringOf(t, form), got)
		requireFormFields(t, got, createFields(form))
		require.Equal(t, orig, *form, "encoding must not modify the form")
	})
}

func FuzzEncodeUpdate(f *testing.F) {
	f.Add("9988776655", "91", "customer@gmail.com", "John", "Smith")
	f.Add("", "65", "", "", "")
	f.Add("", "", "", "", "")
	f.Add("+919912346789", "91", "o'brien@x.com", "Mary Ann", "D'Souza")
	f.Add("99 88", "+", "@", "Jo=hn", "\x00\xff")
	f.Fuzz(func(t *testing.T, mobile, cc, email, first, last string) {
		form := &updateForm{MobileNumber: mobile, MobileCountryCode: cc, EmailAddress: email, FirstName: first, LastName: last}
		got := string(form.encode())
		require.Equal(t, querystringOf(t, form), got)
		requireFormFields(t, got, updateFields(form))

		// The one-field form, fuzzed with the same values.
		del := &deleteCardForm{CardToken: mobile + email}
		require.Equal(t, querystringOf(t, del), string(del.encode()))
	})
}
