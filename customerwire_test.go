package juspay

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The contract of customerwire.go: decodeCustomerWire gives what encoding/json
// gives into a zero customerWire, for every input, errors included; the
// fast path (scanCustomer) only says true where it gives exactly that.

// pageCustomerWithToken is the page's options.get_client_auth_token=true sample.
const pageCustomerWithToken = `{
  "id": "cst_afdeuvmfhs3j1acm",
  "object": "customer",
  "object_reference_id": "customer@gmail.com",
  "mobile_country_code": "91",
  "mobile_number": "9988776655",
  "email_address": "customer@gmail.com",
  "first_name": "John",
  "last_name": "Smith",
  "date_created": "2020-03-17T14:13:37Z",
  "last_updated": "2020-03-17T14:13:37Z",
  "juspay": {
    "client_auth_token": "tkn_24543c6a278f45d680d09edb32e78061",
    "client_auth_token_expiry": "2020-03-17T14:28:37Z"
  }
}`

// pageCustomerPlain is the page's options.get_client_auth_token=false sample.
const pageCustomerPlain = `{
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

type customerDecodeCase struct {
	name string
	in   string
	fast bool // whether the fast path takes it
}

func customerDecodeCases() []customerDecodeCase {
	return []customerDecodeCase{
		{"page sample", pageCustomerPlain, true},
		{"page sample with token", pageCustomerWithToken, true},
		{"plus0000", `{"id":"cst_1","date_created":"2016-08-02T08:07:52+0000","juspay":{"client_auth_token":"tkn_1","client_auth_token_expiry":"2016-08-02T08:22:52+0000"}}`, true},
		{"sandbox nulls and trailing space", `{"id":"cth_okEEqCF6Cso8ekHX","first_name":"Aman ","last_name":null,"mobile_country_code":"+65"}`, true},
		{"empty object", `{}`, true},
		{"white space", " \t\r\n{ \t\r\n\"id\" \t\r\n: \t\r\n\"a\" \t\r\n, \"juspay\"\n:\n{\n\"client_auth_token\"\t:\t\"t\"\r\n}\r\n} \t\r\n", true},
		{"every field null", `{"id":null,"object":null,"object_reference_id":null,"mobile_country_code":null,"mobile_number":null,"email_address":null,"first_name":null,"last_name":null,"date_created":null,"last_updated":null,"juspay":null}`, true},
		{"null juspay", `{"id":"a","juspay":null}`, true},
		{"null token", `{"juspay":{"client_auth_token":null,"client_auth_token_expiry":null}}`, true},
		{"empty juspay", `{"juspay":{}}`, true},
		{"empty token", `{"juspay":{"client_auth_token":"","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`, true},
		{"empty strings and empty key", `{"id":"","first_name":"","":""}`, true},
		{"unknown scalars", `{"a":"s","b":0,"c":-1,"d":1.5,"e":1e10,"f":-0.5E-3,"g":12e+3,"h":true,"i":false,"j":null,"id":"x"}`, true},
		{"unknown keys in juspay", `{"juspay":{"n":1,"id":"no","juspay":null,"client_auth_token":"t","b":true}}`, true},
		{"token keys at the top are unknown", `{"client_auth_token":"t","client_auth_token_expiry":"2020-03-17T14:28:37Z"}`, true},
		{"lower-case ASCII keys with punctuation", `{"a-b_c.1":1,"id":"a"}`, true},
		{"numbers in known keys", `{"id":5,"mobile_number":9988776655,"mobile_country_code":-0.5e+3}`, true},
		{"bools in known keys", `{"first_name":true,"last_name":false}`, true},
		{"number token", `{"juspay":{"client_auth_token":5}}`, true},
		{"non-ASCII UTF-8", `{"first_name":"Jöhn","last_name":"李","x":"😀"}`, true},
		{"DEL and line separators", "{\"first_name\":\"a\x7fb\u2028c\u2029\"}", true},
		{"duplicate key", `{"id":"a","id":"b"}`, true},
		{"duplicate key then null", `{"id":"a","id":null}`, true},
		{"second juspay object updates the first", `{"juspay":{"client_auth_token":"t"},"juspay":{"client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`, true},
		{"second juspay object overrides", `{"juspay":{"client_auth_token":"t","client_auth_token_expiry":"x"},"juspay":{"client_auth_token":"u"}}`, true},
		{"juspay then null", `{"juspay":{"client_auth_token":"t"},"juspay":null}`, true},
		{"juspay null then object", `{"juspay":{"client_auth_token":"t"},"juspay":null,"juspay":{"client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`, true},

		{"nested unknown object", `{"id":"a","meta":{"x":{"y":[1,{"z":null}]}}}`, false},
		{"unknown array", `{"id":"a","tags":["x",1]}`, false},
		{"unknown object in juspay", `{"juspay":{"client_auth_token":"t","x":{}}}`, false},
		{"object in known key", `{"id":"a","id":{}}`, false},
		{"array in known key", `{"id":["a"]}`, false},
		{"string juspay", `{"juspay":"t"}`, false},
		{"array juspay", `{"juspay":[]}`, false},
		{"number juspay", `{"juspay":1}`, false},
		{"invalid UTF-8", "{\"first_name\":\"J\xffhn\"}", false},
		{"surrogate bytes", "{\"first_name\":\"\xed\xa0\x80\"}", false},
		{"invalid UTF-8 in unknown value", "{\"x\":\"\xff\",\"id\":\"a\"}", false},
		{"invalid UTF-8 in key", "{\"\xff\":\"a\"}", false},
		{"escapes", `{"first_name":"J\u00f6hn","last_name":"\"Smith\"\\\/\b\f\n\r\t"}`, false},
		{"escaped quote", `{"id":"a\"b"}`, false},
		{"escape in unknown value", `{"x":"\n","id":"a"}`, false},
		{"escape in key", `{"i\u0064":"a"}`, false},
		{"escaped surrogate pair", `{"id":"\ud83d\ude00"}`, false},
		{"lone escaped surrogate", `{"id":"\ud83d"}`, false},
		{"bad escape", `{"id":"\x"}`, false},
		{"upper-case key", `{"ID":"a"}`, false},
		{"mixed-case key", `{"id":"a","Object_Reference_ID":"b"}`, false},
		{"upper-case juspay", `{"JUSPAY":{"Client_Auth_Token":"t"}}`, false},
		{"upper-case key in juspay", `{"juspay":{"Client_auth_token":"t"}}`, false},
		{"upper-case unknown key", `{"Foo":"a"}`, false},
		{"A the only upper-case letter of a known key", `{"id":"a","lAst_name":"Smith"}`, false},
		{"long s folds to s", "{\"email_addre\u017f\u017f\":\"a@b\"}", false},
		{"kelvin sign folds to k", "{\"juspay\":{\"client_auth_to\u212aen\":\"t\"}}", false},
		{"empty body", ``, false},
		{"white space only", " \n", false},
		{"top-level null", `null`, false},
		{"top-level array", `[]`, false},
		{"top-level string", `"x"`, false},
		{"top-level number", `1`, false},
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
		{"control character in a string", "{\"id\":\"a\tb\"}", false},
		{"leading zero", `{"x":01}`, false},
		{"minus alone", `{"x":-}`, false},
		{"bare point", `{"x":1.}`, false},
		{"point first", `{"x":.5}`, false},
		{"empty exponent", `{"x":1e}`, false},
		{"signed exponent only", `{"x":1e+}`, false},
		{"cut after a number", `{"id":"a","x":1`, false},
		{"cut after a fraction", `{"id":"a","x":1.5`, false},
		{"cut after an exponent's e", `{"id":"a","x":1e`, false},
		{"plus sign", `{"x":+1}`, false},
		{"NaN", `{"x":NaN}`, false},
		{"literal typo", `{"x":tru}`, false},
		{"null typo", `{"id":nul}`, false},
		{"literal run-on", `{"x":nullx}`, false},
		{"number run-on", `{"x":1x}`, false},
		{"juspay null run-on", `{"juspay":nullx}`, false},
		{"trailing object", `{} {}`, false},
		{"trailing garbage", `{"id":"a"}x`, false},
		{"trailing brace", `{"id":"a"}}`, false},
		{"trailing NUL", "{\"id\":\"a\"}\x00", false},
		{"vertical tab is no JSON white space", "{\v\"id\":\"a\"}", false},
		{"form feed is no JSON white space", "{\"id\":\"a\"}\f", false},
		{"no-break space is no JSON white space", "{\u00a0\"id\":\"a\"}", false},
	}
}

// checkCustomerDecode compares the fast path and decodeCustomerWire on in
// with encoding/json, each decoding from its own buffer that is
// overwritten before the result is compared. It reports whether the fast
// path took in.
func checkCustomerDecode(t testing.TB, in []byte) (fast bool) {
	t.Helper()
	var want customerWire
	wantErr := json.Unmarshal(in, &want)

	buf := bytes.Clone(in)
	got := customerWire{ID: "stale", Juspay: &juspayWire{ClientAuthToken: "stale"}}
	fast = scanCustomer(buf, &got)
	overwrite(buf)
	if fast {
		require.NoError(t, wantErr, "the fast path took %q, which encoding/json refuses", in)
		require.Equal(t, want, got, "the fast path differs from encoding/json on %q", in)
	}

	buf = bytes.Clone(in)
	got = customerWire{ID: "stale", Object: "stale", Juspay: &juspayWire{ClientAuthToken: "stale"}}
	err := decodeCustomerWire(buf, &got)
	overwrite(buf)
	if wantErr != nil {
		require.Error(t, err, "decodeCustomerWire(%q) succeeds, encoding/json fails: %v", in, wantErr)
		require.Equal(t, wantErr.Error(), err.Error(), "decodeCustomerWire(%q)", in)
		return fast
	}
	require.NoError(t, err, "decodeCustomerWire(%q)", in)
	require.Equal(t, want, got, "decodeCustomerWire(%q) differs from encoding/json (fast path: %v)", in, fast)
	return fast
}

func TestDecodeCustomerMatchesEncodingJSON(t *testing.T) {
	for _, tc := range customerDecodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.fast, checkCustomerDecode(t, []byte(tc.in)), "fast path taken")
		})
	}
}

func TestDecodeCustomerPageSample(t *testing.T) {
	var w customerWire
	require.True(t, scanCustomer([]byte(pageCustomerWithToken), &w), "Juspay's answer takes the fast path")
	assert.Equal(t, customerWire{
		ID: "cst_afdeuvmfhs3j1acm", Object: "customer", ObjectReferenceID: "customer@gmail.com",
		MobileCountryCode: "91", MobileNumber: "9988776655", EmailAddress: "customer@gmail.com",
		FirstName: "John", LastName: "Smith",
		DateCreated: "2020-03-17T14:13:37Z", LastUpdated: "2020-03-17T14:13:37Z",
		Juspay: &juspayWire{ClientAuthToken: "tkn_24543c6a278f45d680d09edb32e78061", ClientAuthTokenExpiry: "2020-03-17T14:28:37Z"},
	}, w)
}

func TestDecodeCustomerAllocs(t *testing.T) {
	body := []byte(pageCustomerWithToken)
	n := testing.AllocsPerRun(100, func() {
		var w customerWire
		if err := decodeCustomerWire(body, &w); err != nil || w.Juspay == nil {
			t.Fatal(w, err)
		}
	})
	assert.LessOrEqual(t, n, 4.0, "allocations to decode the page's sample")
}

// stringSpan returns the address range [lo, hi) covering the bytes of the
// non-empty strings ss, and their total length.
func stringSpan(ss []jsonText) (lo, hi uintptr, total int) {
	for _, s := range ss {
		if s == "" {
			continue
		}
		p := uintptr(unsafe.Pointer(unsafe.StringData(string(s))))
		if lo == 0 || p < lo {
			lo = p
		}
		if end := p + uintptr(len(s)); end > hi {
			hi = end
		}
		total += len(s)
	}
	return lo, hi, total
}

func wireStrings(w *customerWire) []jsonText {
	ss := []jsonText{w.ID, w.Object, w.ObjectReferenceID, w.MobileCountryCode, w.MobileNumber,
		w.EmailAddress, w.FirstName, w.LastName, w.DateCreated, w.LastUpdated}
	if w.Juspay != nil {
		ss = append(ss, w.Juspay.ClientAuthToken, w.Juspay.ClientAuthTokenExpiry)
	}
	return ss
}

// A customer decoded from a large answer must hold its values only, not
// the answer: the strings share no memory with the body.
func TestDecodeCustomerKeepsOnlyTheValues(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	bodies := map[string]string{
		"fast path": strings.Replace(pageCustomerWithToken, `"object": "customer",`,
			`"object": "customer", "padding": "`+huge+`",`, 1),
		"encoding/json": strings.Replace(pageCustomerWithToken, `"object": "customer",`,
			`"object": "customer", "padding": {"a": "`+huge+`"},`, 1),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			in := []byte(body)
			inLo := uintptr(unsafe.Pointer(unsafe.SliceData(in)))
			inHi := inLo + uintptr(len(in))

			var w customerWire
			require.NoError(t, decodeCustomerWire(in, &w))
			assert.Equal(t, name == "fast path", scanCustomer(in, &customerWire{}))
			ss := wireStrings(&w)
			for _, s := range ss {
				if s == "" {
					continue
				}
				p := uintptr(unsafe.Pointer(unsafe.StringData(string(s))))
				assert.False(t, p >= inLo && p < inHi, "%q points into the body", s)
			}
			lo, hi, total := stringSpan(ss)
			assert.Equal(t, 181, total, "the values' total length")
			if name == "fast path" {
				// One block holding exactly the values, end to end, and no
				// larger block behind it.
				assert.Equal(t, uintptr(total), hi-lo, "the fast path's strings span more than their values")
				allocated := bytesAllocated(func() { require.True(t, scanCustomer(in, &customerWire{})) })
				assert.Less(t, allocated, uint64(64<<10), "bytes allocated to decode a 1 MiB answer")
			}

			overwrite(in)
			assert.Equal(t, jsonText("cst_afdeuvmfhs3j1acm"), w.ID)
			assert.Equal(t, jsonText("tkn_24543c6a278f45d680d09edb32e78061"), w.Juspay.ClientAuthToken)
		})
	}
}

func FuzzDecodeCustomer(f *testing.F) {
	for _, tc := range customerDecodeCases() {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkCustomerDecode(t, in)
		// Also as members of an object, which random bytes rarely make.
		checkCustomerDecode(t, append(append([]byte(`{"juspay":{"client_auth_token":"t"},`), in...), '}'))
		checkCustomerDecode(t, append(append([]byte(`{"id":`), in...), '}'))
	})
}

// withLocalZone sets time.Local to loc for the rest of the test: parsing
// must not depend on it (CI runs in UTC, where a parse in the local zone
// looks right). Tests that use it must not run in parallel.
func withLocalZone(t *testing.T, loc *time.Location) {
	t.Helper()
	saved := time.Local
	time.Local = loc
	t.Cleanup(func() { time.Local = saved })
}

func TestParseTime(t *testing.T) {
	withLocalZone(t, time.FixedZone("IST", 19800))
	cases := []struct {
		in   string
		want time.Time // zero: unreadable
	}{
		{"2020-03-17T14:13:37Z", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2016-08-02T08:07:52+0000", time.Date(2016, 8, 2, 8, 7, 52, 0, time.UTC)},
		{"2020-03-17T19:43:37+05:30", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2020-03-17T19:43:37+0530", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2020-03-17T09:13:37-05:00", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2020-03-17T14:13:37+00:00", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)},
		{"2020-03-17T14:13:37.123Z", time.Date(2020, 3, 17, 14, 13, 37, 123000000, time.UTC)},
		{"2020-03-17T14:13:37.123456789+0000", time.Date(2020, 3, 17, 14, 13, 37, 123456789, time.UTC)},
		{"2020-03-17T19:43:37.5+05:30", time.Date(2020, 3, 17, 14, 13, 37, 500000000, time.UTC)},
		{"", time.Time{}},
		{"garbage", time.Time{}},
		{"2020-13-45T99:00:00Z", time.Time{}},
		{"2020-03-17", time.Time{}},
		{"2020-03-17 14:13:37", time.Time{}},
		{"1584454417", time.Time{}},
		{"2020-03-17T14:13:37", time.Time{}},
		{"2020-03-17T14:13:37+05", time.Time{}},
		{"2020-03-17T14:13:37 +0000", time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := parseTime(tc.in)
			if tc.want.IsZero() {
				assert.True(t, got.IsZero(), "parseTime(%q) = %v, want zero", tc.in, got)
				return
			}
			assert.True(t, tc.want.Equal(got), "parseTime(%q) = %v, want %v", tc.in, got, tc.want)
			assert.Equal(t, time.UTC, got.Location(), "parseTime(%q) must be UTC", tc.in)
		})
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2020-03-17T14:13:37Z", "2016-08-02T08:07:52+0000", "2020-03-17T19:43:37+05:30",
		"2020-03-17T14:13:37.123456789-0800", "", "garbage", "2020-03-17T14:13:37"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := parseTime(s)
		if got.IsZero() {
			return
		}
		require.Equal(t, time.UTC, got.Location(), "parseTime(%q) must be UTC", s)
		rfc, rfcErr := time.Parse(time.RFC3339, s)
		hhmm, hhmmErr := time.Parse("2006-01-02T15:04:05Z0700", s)
		switch {
		case rfcErr == nil:
			require.True(t, rfc.Equal(got), "parseTime(%q) = %v, RFC 3339 reads %v", s, got, rfc)
		case hhmmErr == nil:
			require.True(t, hhmm.Equal(got), "parseTime(%q) = %v, the +hhmm form reads %v", s, got, hhmm)
		default:
			require.Failf(t, "parseTime read what neither form reads", "%q = %v", s, got)
		}
	})
}

func TestFormatTime(t *testing.T) {
	ist := time.FixedZone("IST", 19800)
	withLocalZone(t, ist)
	cases := []struct {
		name string
		in   time.Time
		want string
	}{
		{"zero", time.Time{}, ""},
		{"UTC", time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC), "2020-03-17T14:13:37Z"},
		{"another zone is written in UTC", time.Date(2020, 3, 17, 19, 43, 37, 0, ist), "2020-03-17T14:13:37Z"},
		{"local", time.Date(2020, 3, 17, 19, 43, 37, 0, time.Local), "2020-03-17T14:13:37Z"},
		{"fraction kept", time.Date(2020, 3, 17, 14, 13, 37, 500000000, time.UTC), "2020-03-17T14:13:37.5Z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := formatTime(tc.in)
			assert.Equal(t, tc.want, got)
			assert.True(t, tc.in.Equal(parseTime(got)), "parseTime reads back what formatTime writes")
		})
	}
}

func TestIsNull(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"null", true},
		{" \t\r\nnull\n ", true},
		{"", false},
		{"nul", false},
		{"nullx", false},
		{"Null", false},
		{`"null"`, false},
		{"{}", false},
		{"[null]", false},
		{"0", false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, isNull([]byte(tc.in)), "isNull(%q)", tc.in)
	}
}

func TestJSONText(t *testing.T) {
	cases := []struct {
		name, in string
		want     jsonText
	}{
		{"string", `"abc"`, "abc"},
		{"escaped string", `"a\n\u00e9\"b"`, "a\né\"b"},
		{"empty string", `""`, ""},
		{"integer", `9988776655`, "9988776655"},
		{"negative float with exponent", `-1.5e3`, "-1.5e3"},
		{"true", `true`, "true"},
		{"false", `false`, "false"},
		{"null leaves the value", `null`, "keep"},
		{"object leaves the value", `{"a":"b"}`, "keep"},
		{"array leaves the value", `["a"]`, "keep"},
		{"white space around", " \"abc\" ", "abc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := struct {
				V jsonText `json:"v"`
			}{V: "keep"}
			require.NoError(t, json.Unmarshal([]byte(`{"v":`+tc.in+`}`), &v))
			assert.Equal(t, tc.want, v.V)
		})
	}
	t.Run("invalid string", func(t *testing.T) {
		v := jsonText("keep")
		assert.Error(t, v.UnmarshalJSON([]byte(`"\q"`)))
	})
}
