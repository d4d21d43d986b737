package juspay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// decodeCustomerRef is the contract decodeCustomer must keep for every
// input: encoding/json into customerWire.
func decodeCustomerRef(b []byte) (*Customer, error) {
	var w customerWire
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	return w.customer(), nil
}

// customerDiff describes how a and b differ, "" if they do not.
func customerDiff(a, b *Customer) string {
	if a == nil || b == nil {
		if a != b {
			return fmt.Sprintf("%v vs %v", a == nil, b == nil)
		}
		return ""
	}
	strs := [][2]string{{a.ID, b.ID}, {a.Object, b.Object}, {a.ObjectReferenceID, b.ObjectReferenceID},
		{a.MobileCountryCode, b.MobileCountryCode}, {a.MobileNumber, b.MobileNumber},
		{a.EmailAddress, b.EmailAddress}, {a.FirstName, b.FirstName}, {a.LastName, b.LastName}}
	for i, s := range strs {
		if s[0] != s[1] {
			return fmt.Sprintf("string field %d: %q vs %q", i, s[0], s[1])
		}
	}
	if !a.DateCreated.Equal(b.DateCreated) || !a.LastUpdated.Equal(b.LastUpdated) {
		return fmt.Sprintf("times: %v %v vs %v %v", a.DateCreated, a.LastUpdated, b.DateCreated, b.LastUpdated)
	}
	if (a.ClientAuth == nil) != (b.ClientAuth == nil) {
		return fmt.Sprintf("ClientAuth: %v vs %v", a.ClientAuth, b.ClientAuth)
	}
	if a.ClientAuth != nil && (a.ClientAuth.Token != b.ClientAuth.Token || !a.ClientAuth.Expiry.Equal(b.ClientAuth.Expiry)) {
		return fmt.Sprintf("ClientAuth: %q %v vs %q %v", a.ClientAuth.Token, a.ClientAuth.Expiry, b.ClientAuth.Token, b.ClientAuth.Expiry)
	}
	return ""
}

// checkDecode compares decodeCustomer(in) with the reference, decoding from
// a buffer that is then overwritten, as client.go reuses it. It reports
// whether the fast path took in.
func checkDecode(t *testing.T, in []byte) (fast bool) {
	t.Helper()
	want, wantErr := decodeCustomerRef(in)
	_, fast = decodeCustomerFast(bytes.Clone(in))
	if fast && wantErr != nil {
		t.Fatalf("fast path took %q, encoding/json fails: %v", in, wantErr)
	}
	buf := bytes.Clone(in)
	got, err := decodeCustomer(buf)
	for i := range buf {
		buf[i] = 'X'
	}
	switch {
	case (err == nil) != (wantErr == nil):
		t.Fatalf("decodeCustomer(%q): error %v, encoding/json %v", in, err, wantErr)
	case err != nil && err.Error() != wantErr.Error():
		t.Fatalf("decodeCustomer(%q): error %q, encoding/json %q", in, err, wantErr)
	case err == nil && got == nil:
		t.Fatalf("decodeCustomer(%q): nil customer", in)
	}
	if d := customerDiff(got, want); d != "" {
		t.Fatalf("decodeCustomer(%q) differs from encoding/json (fast %v): %s", in, fast, d)
	}
	return fast
}

const samplePlain = `{
  "id": "cst_pcxaymwoh9vbse97",
  "object": "customer",
  "object_reference_id": "customer@gmail.com",
  "mobile_country_code": "91",
  "mobile_number": "9988776655",
  "email_address": "customer@gmail.com",
  "first_name": "John",
  "last_name": "Smith",
  "date_created": "2020-03-17T14:16:31Z",
  "last_updated": "2020-03-17T14:16:31Z"
}`

var decodeCases = []struct {
	name string
	in   string
	fast bool // the fast path must take it
}{
	{"page sample", samplePlain, true},
	{"page sample with token", string(benchResponse), true},
	{"+0000 form", `{"id":"cst_1","date_created":"2016-08-02T08:07:52+0000","last_updated":"2016-08-02T08:07:52+0530","juspay":{"client_auth_token":"tkn_1","client_auth_token_expiry":"2016-08-02T08:22:52+0000"}}`, true},
	{"offset form", `{"date_created":"2020-03-17T19:43:37+05:30","last_updated":"garbage"}`, true},
	{"empty object", `{}`, true},
	{"white space", " \t\r\n{ \t\r\n\"id\" \t\r\n: \t\r\n\"a\" \t\r\n, \"juspay\"\n:\n{\n\"client_auth_token\"\t:\t\"t\"\r\n}\r\n} \t\r\n", true},
	{"nulls", `{"id":null,"object":null,"object_reference_id":null,"mobile_country_code":null,"mobile_number":null,"email_address":null,"first_name":null,"last_name":null,"date_created":null,"last_updated":null,"juspay":null}`, true},
	{"null token", `{"juspay":{"client_auth_token":null,"client_auth_token_expiry":null}}`, true},
	{"empty juspay", `{"juspay":{}}`, true},
	{"empty token", `{"juspay":{"client_auth_token":"","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`, true},
	{"empty strings", `{"id":"","first_name":"","":""}`, true},
	{"unknown scalars", `{"a":"s","b":0,"c":-1,"d":1.5,"e":1e10,"f":-0.5E-3,"g":12e+3,"h":true,"i":false,"j":null,"id":"x"}`, true},
	{"unknown keys in juspay", `{"juspay":{"n":1,"id":"no","juspay":null,"client_auth_token":"t","b":true}}`, true},
	{"top-level token keys are unknown", `{"client_auth_token":"t","client_auth_token_expiry":"2020-03-17T14:28:37Z"}`, true},
	{"unknown object", `{"id":"a","meta":{"x":1}}`, false},
	{"unknown array", `{"id":"a","tags":["x",1]}`, false},
	{"unknown object in juspay", `{"juspay":{"client_auth_token":"t","x":{}}}`, false},
	{"non-ASCII UTF-8", `{"first_name":"Jöhn","last_name":"李","x":"😀"}`, true},
	{"invalid UTF-8", "{\"first_name\":\"J\xffhn\"}", false},
	{"surrogate bytes", "{\"first_name\":\"\xed\xa0\x80\"}", false},
	{"invalid UTF-8 in unknown value", "{\"x\":\"\xff\",\"id\":\"a\"}", false},
	{"invalid UTF-8 in key", "{\"\xff\":\"a\"}", false},
	{"escapes", `{"first_name":"J\u00f6hn","last_name":"\"Smith\"\\\/\b\f\n\r\t"}`, false},
	{"escaped quote", `{"id":"a\"b"}`, false},
	{"escape in unknown value", `{"x":"\n","id":"a"}`, false},
	{"escape in key", `{"i\u0064":"a"}`, false},
	{"bad escape", `{"id":"\x"}`, false},
	{"duplicate key", `{"id":"a","id":"b"}`, true},
	{"duplicate key then null", `{"id":"a","id":null}`, true},
	{"juspay merged", `{"juspay":{"client_auth_token":"t"},"juspay":{"client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`, true},
	{"juspay then null", `{"juspay":{"client_auth_token":"t"},"juspay":null}`, true},
	{"juspay null then object", `{"juspay":{"client_auth_token":"t"},"juspay":null,"juspay":{"client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`, true},
	{"upper-case key", `{"ID":"a"}`, false},
	{"mixed-case key", `{"id":"a","Object_Reference_ID":"b"}`, false},
	{"upper-case juspay", `{"JUSPAY":{"Client_Auth_Token":"t"}}`, false},
	{"upper-case unknown key", `{"Foo":"a"}`, false},
	{"long s folds to s", "{\"email_addre\u017f\u017f\":\"a@b\"}", false},
	{"kelvin sign folds to k", "{\"juspay\":{\"client_auth_to\u212aen\":\"t\"}}", false},
	{"number in known key", `{"id":5}`, false},
	{"bool in known key", `{"first_name":true}`, false},
	{"object in known key", `{"id":{}}`, false},
	{"string juspay", `{"juspay":"t"}`, false},
	{"array juspay", `{"juspay":[]}`, false},
	{"number token", `{"juspay":{"client_auth_token":5}}`, false},
	{"empty body", ``, false},
	{"white space only", " \n", false},
	{"top-level null", `null`, false},
	{"top-level array", `[]`, false},
	{"top-level string", `"x"`, false},
	{"byte order mark", "\ufeff{}", false},
	{"open brace", `{`, false},
	{"close brace", `}`, false},
	{"unterminated object", `{"id":"a"`, false},
	{"unterminated string", `{"id":"a}`, false},
	{"trailing comma", `{"id":"a",}`, false},
	{"leading comma", `{,"id":"a"}`, false},
	{"lone comma", `{,}`, false},
	{"missing colon", `{"id" "a"}`, false},
	{"missing comma", `{"id":"a" "object":"b"}`, false},
	{"missing value", `{"id":}`, false},
	{"unquoted key", `{id:"a"}`, false},
	{"control character", "{\"id\":\"a\tb\"}", false},
	{"leading zero", `{"x":01}`, false},
	{"minus alone", `{"x":-}`, false},
	{"bare point", `{"x":1.}`, false},
	{"point first", `{"x":.5}`, false},
	{"empty exponent", `{"x":1e}`, false},
	{"signed exponent only", `{"x":1e+}`, false},
	{"plus sign", `{"x":+1}`, false},
	{"NaN", `{"x":NaN}`, false},
	{"literal typo", `{"x":tru}`, false},
	{"null typo", `{"id":nul}`, false},
	{"literal run-on", `{"x":nullx}`, false},
	{"number run-on", `{"x":1x}`, false},
	{"trailing object", `{} {}`, false},
	{"trailing garbage", `{"id":"a"}x`, false},
	{"trailing brace", `{"id":"a"}}`, false},
}

func TestDecodeCustomerMatchesEncodingJSON(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			if fast := checkDecode(t, []byte(tc.in)); fast != tc.fast {
				t.Errorf("fast path took it: %v, want %v", fast, tc.fast)
			}
		})
	}
}

func TestDecodeCustomerSample(t *testing.T) {
	c, err := decodeCustomer(bytes.Clone(benchResponse))
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "cst_afdeuvmfhs3j1acm" || c.LastName != "Smith" || c.ClientAuth == nil ||
		c.ClientAuth.Token != "tkn_24543c6a278f45d680d09edb32e78061" ||
		c.ClientAuth.Expiry.Format("2006-01-02T15:04:05Z07:00") != "2020-03-17T14:28:37Z" ||
		c.DateCreated.Format("2006-01-02T15:04:05Z07:00") != "2020-03-17T14:13:37Z" {
		t.Fatalf("decoded %#v %#v", *c, c.ClientAuth)
	}
}

// The buffer is reused once decode returns: no string may alias it.
func TestDecodeCustomerDoesNotAlias(t *testing.T) {
	buf := bytes.Clone(benchResponse)
	c, err := decodeCustomer(buf)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := decodeCustomerRef(benchResponse)
	for i := range buf {
		buf[i] = '#'
	}
	if d := customerDiff(c, want); d != "" {
		t.Fatalf("changed with the buffer: %s", d)
	}
}

func TestDecodeCustomerAllocs(t *testing.T) {
	n := testing.AllocsPerRun(100, func() {
		if _, err := decodeCustomer(benchResponse); err != nil {
			t.Fatal(err)
		}
	})
	if n > 2 { // the copy of the body, the Customer with its ClientAuth
		t.Errorf("%v allocations, want 2", n)
	}
}

func FuzzDecodeCustomer(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkDecode(t, in)
		// Also as members of an object, which random bytes rarely make.
		checkDecode(t, append(append([]byte(`{"juspay":{"client_auth_token":"t"},`), in...), '}'))
	})
}

// BenchmarkDecodeCustomerFunc is decodeCustomer on the page's sample with
// a token (BenchmarkDecodeCustomer is encoding/json alone).
func BenchmarkDecodeCustomerFunc(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if c, err := decodeCustomer(benchResponse); err != nil || c.ClientAuth == nil {
			b.Fatal(c, err)
		}
	}
}

// BenchmarkDecodeCustomerFallback is an answer the fast path leaves to
// encoding/json (an escape), to show what falling back costs.
func BenchmarkDecodeCustomerFallback(b *testing.B) {
	body := bytes.Replace(benchResponse, []byte(`"John"`), []byte(`"J\u00f6hn"`), 1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if c, err := decodeCustomer(body); err != nil || c.ClientAuth == nil {
			b.Fatal(c, err)
		}
	}
}
