package juspay

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests in this file check every rule of DESIGN.md "Local validation",
// each value both through the unexported validator and through the exported
// calls, on a client whose transport records every request: a refused value
// must come back as *ValidationError with nothing sent, an accepted one must
// reach the wire exactly once.

// vtCustomerJSON is the page's sample answer with a token, so that
// ClientAuthToken succeeds too.
const vtCustomerJSON = `{"id":"cst_afdeuvmfhs3j1acm","object":"customer","object_reference_id":"customer@gmail.com",
"mobile_country_code":"91","mobile_number":"9988776655","email_address":"customer@gmail.com",
"first_name":"John","last_name":"Smith","date_created":"2020-03-17T14:13:37Z","last_updated":"2020-03-17T14:13:37Z",
"juspay":{"client_auth_token":"tkn_24543c6a278f45d680d09edb32e78061","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`

// vtSeen is one request that reached the transport.
type vtSeen struct {
	method string
	header http.Header
	form   url.Values // the decoded form body (empty for GET)
}

// vtRecorder is an http.RoundTripper that records every request and answers
// the page's customer sample.
type vtRecorder struct {
	mu   sync.Mutex
	seen []vtSeen
}

func (r *vtRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		_ = req.Body.Close()
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		form = url.Values{"!unparseable": {string(body)}}
	}
	r.mu.Lock()
	r.seen = append(r.seen, vtSeen{method: req.Method, header: req.Header.Clone(), form: form})
	r.mu.Unlock()
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(vtCustomerJSON)),
		Request:    req,
	}, nil
}

func (r *vtRecorder) requests() []vtSeen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]vtSeen(nil), r.seen...)
}

// vtNewClient returns a client that sends through a fresh recorder and never retries.
func vtNewClient(t *testing.T) (*Client, *vtRecorder) {
	t.Helper()
	rec := &vtRecorder{}
	c, err := NewClient("test_api_key", "merchant_1",
		WithHTTPClient(&http.Client{Transport: rec}), WithMaxRetries(0))
	require.NoError(t, err)
	return c, rec
}

// vtRequireRefused asserts that err is a *ValidationError for field (matching
// ErrValidation) whose text does not repeat the refused value.
func vtRequireRefused(t *testing.T, err error, field, value string) {
	t.Helper()
	require.Error(t, err)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, field, ve.Field, "Field must be the wire name")
	assert.NotEmpty(t, ve.Reason)
	assert.ErrorIs(t, err, ErrValidation)
	assert.True(t, strings.HasPrefix(err.Error(), "juspay: invalid "+field+": "), "error text %q", err.Error())
	assert.NotContains(t, err.Error(), "\n")
	if len(value) >= 5 { // shorter values may collide with the reason's own words
		assert.NotContains(t, err.Error(), value, "the refused value (maybe personal data) must not be in the error text")
	}
}

// vtCheck reports how a call on a fresh recording client ended: refused
// locally for wantField (nothing sent), or, with wantField "", accepted and
// sent. It returns the requests sent.
func vtCheck(t *testing.T, wantField, value string, call func(context.Context, *Client) error) []vtSeen {
	t.Helper()
	c, rec := vtNewClient(t)
	err := call(context.Background(), c)
	sent := rec.requests()
	if wantField == "" {
		require.NoError(t, err)
		require.NotEmpty(t, sent, "an accepted request must reach the transport")
		return sent
	}
	vtRequireRefused(t, err, wantField, value)
	assert.Empty(t, sent, "a refused request must send nothing")
	return sent
}

// vtValidCreate is a create request that passes every rule.
func vtValidCreate() CreateCustomerRequest {
	return CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com",
		MobileNumber:      "9988776655",
		MobileCountryCode: "91",
		EmailAddress:      "customer@gmail.com",
		FirstName:         "John",
		LastName:          "Smith",
		RoutingID:         "customer_1122",
	}
}

// vtCheckCreate runs req through CreateCustomer and GetOrCreateCustomer.
func vtCheckCreate(t *testing.T, req CreateCustomerRequest, wantField, value string) {
	t.Helper()
	t.Run("CreateCustomer", func(t *testing.T) {
		r := req
		sent := vtCheck(t, wantField, value, func(ctx context.Context, c *Client) error {
			_, err := c.CreateCustomer(ctx, &r)
			return err
		})
		if wantField == "" {
			assert.Len(t, sent, 1)
		}
	})
	t.Run("GetOrCreateCustomer", func(t *testing.T) {
		r := req
		vtCheck(t, wantField, value, func(ctx context.Context, c *Client) error {
			_, err := c.GetOrCreateCustomer(ctx, &r)
			return err
		})
	})
}

// vtCheckUpdate runs req through UpdateCustomer.
func vtCheckUpdate(t *testing.T, req UpdateCustomerRequest, wantField, value string) []vtSeen {
	t.Helper()
	return vtCheck(t, wantField, value, func(ctx context.Context, c *Client) error {
		_, err := c.UpdateCustomer(ctx, &req)
		return err
	})
}

// vtCheckGet runs req through GetCustomer and ClientAuthToken.
func vtCheckGet(t *testing.T, req GetCustomerRequest, wantField, value string) {
	t.Helper()
	t.Run("GetCustomer", func(t *testing.T) {
		r := req
		vtCheck(t, wantField, value, func(ctx context.Context, c *Client) error {
			_, err := c.GetCustomer(ctx, &r)
			return err
		})
	})
	t.Run("ClientAuthToken", func(t *testing.T) {
		r := req
		vtCheck(t, wantField, value, func(ctx context.Context, c *Client) error {
			_, err := c.ClientAuthToken(ctx, &r)
			return err
		})
	})
}

// vtDirect asserts an unexported validator's verdict.
func vtDirect(t *testing.T, got *ValidationError, wantField, value string) {
	t.Helper()
	if wantField == "" {
		assert.Nil(t, got, "value %q must be accepted", value)
		return
	}
	require.NotNil(t, got, "value %q must be refused", value)
	vtRequireRefused(t, got, wantField, value)
}

// vtCase is one value of one field and the expected verdict: ok, or refused
// with the ValidationError.Field of the field.
type vtCase struct {
	name  string
	value string
	ok    bool
}

func TestValidateObjectReferenceID(t *testing.T) {
	const field = "object_reference_id"
	cases := []vtCase{
		{"page example email", "customer@gmail.com", true},
		{"page example id", "cust_123489", true},
		{"empty is required", "", false},
		{"7 chars", "1234567", false},
		{"8 chars", "12345678", true},
		{"128 chars", strings.Repeat("a", 128), true},
		{"129 chars", strings.Repeat("a", 129), false},
		{"7 two-byte runes (14 bytes)", strings.Repeat("é", 7), false},
		{"8 two-byte runes", strings.Repeat("é", 8), true},
		{"128 two-byte runes (256 bytes)", strings.Repeat("é", 128), true},
		{"129 two-byte runes", strings.Repeat("é", 129), false},
		{"8 four-byte runes", strings.Repeat("😀", 8), true},
		{"reserved chars", "a&b=c?d#e%f/g+h", true},
		{"newline", "customer\n1234", false},
		{"carriage return", "customer\r1234", false},
		{"CRLF header injection", "customer1234\r\nX-Evil: 1", false},
		{"tab", "customer\t1234", false},
		{"NUL", "customer\x001234", false},
		{"DEL", "customer\x7f1234", false},
		{"NEL U+0085", "customer\u00851234", false},
		{"invalid UTF-8", "customer\xff1234", false},
		{"truncated UTF-8", "customer1234\xc3", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := field
			if tc.ok {
				want = ""
			}
			vtDirect(t, validateObjectReferenceID(tc.value), want, tc.value)
			req := vtValidCreate()
			req.ObjectReferenceID = tc.value
			req.RoutingID = "" // the routing id defaults to the object_reference_id
			vtCheckCreate(t, req, want, tc.value)
		})
	}
}

func TestValidateObjectReferenceIDIsRoutingIDByDefault(t *testing.T) {
	req := vtValidCreate()
	req.RoutingID = ""
	sent := vtCheck(t, "", "", func(ctx context.Context, c *Client) error {
		_, err := c.CreateCustomer(ctx, &req)
		return err
	})
	require.Len(t, sent, 1)
	assert.Equal(t, []string{"customer@gmail.com"}, sent[0].header.Values("X-Routing-Id"))
}

func TestValidateMobileNumber(t *testing.T) {
	const field = "mobile_number"
	cases := []struct {
		name       string
		mobile, cc string
		ok         bool
	}{
		{name: "page sample", mobile: "9988776655", cc: "91", ok: true},
		{name: "no country code", mobile: "9988776655", cc: "", ok: true},
		{name: "plus with country code", mobile: "+919912346789", cc: "91", ok: true},
		{name: "plus with +country code", mobile: "+919912346789", cc: "+91", ok: true},
		{name: "plus without country code", mobile: "+919912346789", cc: "", ok: false},
		{name: "dash", mobile: "99-88", cc: "91", ok: false},
		{name: "space", mobile: "99 88", cc: "91", ok: false},
		{name: "16 digits", mobile: strings.Repeat("9", 16), cc: "91", ok: true},
		{name: "17 digits", mobile: strings.Repeat("9", 17), cc: "91", ok: false},
		{name: "plus and 16 digits", mobile: "+" + strings.Repeat("9", 16), cc: "91", ok: true},
		{name: "plus and 17 digits", mobile: "+" + strings.Repeat("9", 17), cc: "91", ok: false},
		{name: "plus alone", mobile: "+", cc: "91", ok: false},
		{name: "plus alone no country code", mobile: "+", cc: "", ok: false},
		{name: "two pluses", mobile: "++9988776655", cc: "91", ok: false},
		{name: "plus in between", mobile: "99887+76655", cc: "91", ok: false},
		{name: "plus suffix", mobile: "9988776655+", cc: "91", ok: false},
		{name: "empty is required", mobile: "", cc: "91", ok: false},
		{name: "parentheses", mobile: "(998)8776655", cc: "91", ok: false},
		{name: "letters", mobile: "99887766ab", cc: "91", ok: false},
		{name: "arabic-indic digits", mobile: "٩٩٨٨٧٧٦٦٥٥", cc: "91", ok: false},
		{name: "newline", mobile: "9988776655\n", cc: "91", ok: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := field
			if tc.ok {
				want = ""
			}
			cc, ccErr := normalizeCountryCode(tc.cc)
			require.Nil(t, ccErr)
			vtDirect(t, validateMobile(tc.mobile, true, cc != ""), want, tc.mobile)

			req := vtValidCreate()
			req.MobileNumber, req.MobileCountryCode = tc.mobile, tc.cc
			vtCheckCreate(t, req, want, tc.mobile)
			if tc.ok {
				c, rec := vtNewClient(t)
				_, err := c.CreateCustomer(context.Background(), &req)
				require.NoError(t, err)
				require.Len(t, rec.requests(), 1)
				assert.Equal(t, tc.mobile, rec.requests()[0].form.Get("mobile_number"), "the number is sent as given")
			}

			// Update: the same rules, but an empty number means "unchanged".
			if tc.mobile == "" {
				want = ""
			}
			vtDirect(t, validateMobile(tc.mobile, false, cc != ""), want, tc.mobile)
			vtCheckUpdate(t, UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", MobileNumber: tc.mobile,
				MobileCountryCode: tc.cc, FirstName: "John"}, want, tc.mobile)
		})
	}
}

func TestValidateMobileCountryCode(t *testing.T) {
	const field = "mobile_country_code"
	cases := []struct {
		name   string
		cc     string
		ok     bool
		onWire string // the value sent ("" means the field is left out)
	}{
		{name: "91", cc: "91", ok: true, onWire: "91"},
		{name: "+91 loses its plus", cc: "+91", ok: true, onWire: "91"},
		{name: "+65 as in Juspay's sample", cc: "+65", ok: true, onWire: "65"},
		{name: "1 digit", cc: "1", ok: true, onWire: "1"},
		{name: "4 digits", cc: "1684", ok: true, onWire: "1684"},
		{name: "+ and 4 digits", cc: "+1684", ok: true, onWire: "1684"},
		{name: "empty is optional", cc: "", ok: true, onWire: ""},
		{name: "alphanumeric (page example)", cc: "abcd", ok: false},
		{name: "5 digits", cc: "12345", ok: false},
		{name: "+ and 5 digits", cc: "+12345", ok: false},
		{name: "plus alone", cc: "+", ok: false},
		{name: "two pluses", cc: "++91", ok: false},
		{name: "plus suffix", cc: "91+", ok: false},
		{name: "space", cc: "9 1", ok: false},
		{name: "dash", cc: "1-684", ok: false},
		{name: "newline", cc: "91\n", ok: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, verr := normalizeCountryCode(tc.cc)
			if tc.ok {
				require.Nil(t, verr)
				assert.Equal(t, tc.onWire, got)
			} else {
				vtDirect(t, verr, field, tc.cc)
				assert.Empty(t, got)
			}
			want := field
			if tc.ok {
				want = ""
			}

			req := vtValidCreate()
			req.MobileCountryCode = tc.cc
			vtCheckCreate(t, req, want, tc.cc)
			upd := UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", MobileCountryCode: tc.cc, MobileNumber: "9988776655"}
			sentUpd := vtCheckUpdate(t, upd, want, tc.cc)
			if !tc.ok {
				return
			}
			c, rec := vtNewClient(t)
			_, err := c.CreateCustomer(context.Background(), &req)
			require.NoError(t, err)
			for _, sent := range [][]vtSeen{rec.requests(), sentUpd} {
				require.Len(t, sent, 1)
				assert.Equal(t, tc.onWire != "", sent[0].form.Has("mobile_country_code"), "an empty country code is left out")
				assert.Equal(t, tc.onWire, sent[0].form.Get("mobile_country_code"))
			}
			assert.Equal(t, tc.cc, req.MobileCountryCode, "the caller's request is not modified")
		})
	}
}

func TestValidateEmailAddress(t *testing.T) {
	const field = "email_address"
	long := func(n int) string { return strings.Repeat("a", n-len("@x.io")) + "@x.io" }
	cases := []vtCase{
		{"page example", "customer@gmail.com", true},
		{"dot and plus", "a.b+c@x.io", true},
		{"apostrophe", "o'brien@x.com", true},
		{"every allowed special", "a!#$%&'*+-/=?^_.{|}~z@x.com", true},
		{"empty is optional", "", true},
		{"128 chars", long(128), true},
		{"129 chars", long(129), false},
		{"no at", "customergmail.com", false},
		{"two ats", "customer@gmail@com", false},
		{"nothing before at", "@gmail.com", false},
		{"nothing after at", "customer@", false},
		{"leading dot", ".customer@gmail.com", false},
		{"trailing dot", "customer.@gmail.com", false},
		{"leading underscore", "_customer@gmail.com", false},
		{"trailing underscore", "customer_@gmail.com", false},
		{"space", "cust omer@gmail.com", false},
		{"non-ASCII", "josé.customer@gmail.com", false},
		{"non-ASCII domain", "customer@gmäil.com", false},
		{"comma", "customer,x@gmail.com", false},
		{"angle brackets", "<customer@gmail.com>", false},
		{"newline", "customer@gmail.com\n", false},
		{"CRLF", "customer@gmail.com\r\nBcc: x@y.z", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := field
			if tc.ok {
				want = ""
			}
			vtDirect(t, validateEmail(tc.value), want, tc.value)
			req := vtValidCreate()
			req.EmailAddress = tc.value
			vtCheckCreate(t, req, want, tc.value)
			if tc.value != "" {
				vtCheckUpdate(t, UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", EmailAddress: tc.value}, want, tc.value)
			}
		})
	}
}

func TestValidateNames(t *testing.T) {
	cases := []vtCase{
		{"plain", "John", true},
		{"space", "Mary Ann", true},
		{"apostrophe", "D'Souza", true},
		{"accented", "José", true},
		{"allowed specials", "O.Brien-Smith (Jr)", true},
		{"underscore", "John_Smith", true},
		{"non-Latin script", "Дмитрий", true},
		{"empty is optional", "", true},
		{"64 runes", strings.Repeat("é", 64), true},
		{"65 runes", strings.Repeat("é", 65), false},
		{"65 ASCII", strings.Repeat("a", 65), false},
		{"newline", "John\nSmith", false},
		{"carriage return", "John\rSmith", false},
		{"tab", "John\tSmith", false},
		{"NUL", "John\x00", false},
		{"NEL U+0085", "John\u0085", false},
		{"invalid UTF-8", "Jos\xe9", false},
	}
	for _, c := range "+!<>?;:@%`&*$^{}/\\,=" {
		cases = append(cases, vtCase{"forbidden " + string(c), "Jo" + string(c) + "hn", false})
	}
	for _, field := range []string{"first_name", "last_name"} {
		for _, tc := range cases {
			t.Run(field+"/"+tc.name, func(t *testing.T) {
				want := field
				if tc.ok {
					want = ""
				}
				vtDirect(t, validateName(field, tc.value), want, tc.value)
				req := vtValidCreate()
				upd := UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", EmailAddress: "customer@gmail.com"}
				if field == "first_name" {
					req.FirstName, upd.FirstName = tc.value, tc.value
				} else {
					req.LastName, upd.LastName = tc.value, tc.value
				}
				vtCheckCreate(t, req, want, tc.value)
				vtCheckUpdate(t, upd, want, tc.value)
			})
		}
	}
}

func TestValidateNameForbiddenListIsThePages(t *testing.T) {
	// The page: "We will throw Bad Request error when the following special
	// characters are used in Firstname.  +!<>?;:@%`&*$^{}/\,="
	assert.Equal(t, "+!<>?;:@%`&*$^{}/\\,=", nameForbidden)
}

func TestValidateRoutingID(t *testing.T) {
	const field = "x-routing-id"
	cases := []vtCase{
		{"page example", "customer_1122", true},
		{"empty means default", "", true},
		{"short", "r1", true},
		{"128 chars", strings.Repeat("r", 128), true},
		{"128 two-byte runes", strings.Repeat("é", 128), true},
		{"129 chars", strings.Repeat("r", 129), false},
		{"CR LF", "customer_1122\r\nX-Evil: 1", false},
		{"LF", "customer_1122\n", false},
		{"CR", "customer_1122\r", false},
		{"NUL", "customer\x001122", false},
		{"tab", "customer\t1122", false},
		{"NEL U+0085", "customer\u00851122", false},
		{"invalid UTF-8", "customer\xff1122", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := field
			if tc.ok {
				want = ""
			}
			vtDirect(t, validateRoutingID(tc.value), want, tc.value)

			req := vtValidCreate()
			req.RoutingID = tc.value
			vtCheckCreate(t, req, want, tc.value)
			vtCheckGet(t, GetCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", RoutingID: tc.value}, want, tc.value)
			sent := vtCheckUpdate(t, UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", FirstName: "John", RoutingID: tc.value}, want, tc.value)
			if tc.ok {
				require.Len(t, sent, 1)
				wantHeader := tc.value
				if wantHeader == "" {
					wantHeader = "cst_afdeuvmfhs3j1acm" // update defaults to its CustomerID
				}
				assert.Equal(t, []string{wantHeader}, sent[0].header.Values("X-Routing-Id"))
			}
		})
	}
}

func TestValidateCustomerID(t *testing.T) {
	const field = "id"
	cases := []vtCase{
		{"juspay id", "cst_afdeuvmfhs3j1acm", true},
		{"object_reference_id email", "customer@gmail.com", true},
		{"short", "c1", true},
		{"slash is escaped, not refused", "a/b", true},
		{"three dots", "...", true},
		{"128 chars", strings.Repeat("c", 128), true},
		{"empty", "", false},
		{"dot", ".", false},
		{"dot dot", "..", false},
		{"129 chars", strings.Repeat("c", 129), false},
		{"newline", "cst_1\n", false},
		{"CRLF", "cst_1\r\nX-Evil: 1", false},
		{"NUL", "cst\x00_1", false},
		{"NEL U+0085", "cst\u0085_1", false},
		{"invalid UTF-8", "cst\xff_1", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := field
			if tc.ok {
				want = ""
			}
			vtDirect(t, validateCustomerID(tc.value), want, tc.value)
			// With no RoutingID, the id is also the x-routing-id: the id's
			// own check must catch what would break the header.
			vtCheckGet(t, GetCustomerRequest{CustomerID: tc.value}, want, tc.value)
			vtCheckUpdate(t, UpdateCustomerRequest{CustomerID: tc.value, FirstName: "John"}, want, tc.value)
		})
	}
}

func TestValidateUpdateNeedsAField(t *testing.T) {
	cases := []struct {
		name  string
		req   UpdateCustomerRequest
		field string
	}{
		{"no field", UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm"}, "request"},
		{"routing id is no field", UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", RoutingID: "customer_1122"}, "request"},
		{"missing id wins", UpdateCustomerRequest{}, "id"},
		{"mobile only", UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", MobileNumber: "9988776655"}, ""},
		{"country code only", UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", MobileCountryCode: "+65"}, ""},
		{"email only", UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", EmailAddress: "customer@gmail.com"}, ""},
		{"first name only", UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", FirstName: "John"}, ""},
		{"last name only", UpdateCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm", LastName: "Smith"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.req
			_, verr := validateUpdate(&r)
			vtDirect(t, verr, tc.field, "")
			sent := vtCheckUpdate(t, tc.req, tc.field, "")
			if tc.field == "" {
				require.Len(t, sent, 1)
				assert.Equal(t, http.MethodPost, sent[0].method)
				assert.NotEmpty(t, sent[0].form, "the given field is sent")
			}
		})
	}
}

func TestValidateNilRequests(t *testing.T) {
	calls := map[string]func(context.Context, *Client) error{
		"CreateCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.CreateCustomer(ctx, nil)
			return err
		},
		"GetOrCreateCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.GetOrCreateCustomer(ctx, nil)
			return err
		},
		"UpdateCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.UpdateCustomer(ctx, nil)
			return err
		},
		"GetCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.GetCustomer(ctx, nil)
			return err
		},
		"ClientAuthToken": func(ctx context.Context, c *Client) error {
			_, err := c.ClientAuthToken(ctx, nil)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			require.NotPanics(t, func() { vtCheck(t, "request", "", call) })
		})
	}
	t.Run("validators", func(t *testing.T) {
		_, err := validateCreate(nil)
		vtDirect(t, err, "request", "")
		_, err = validateUpdate(nil)
		vtDirect(t, err, "request", "")
		vtDirect(t, validateGet(nil), "request", "")
	})
}

func TestValidateCreateReturnsNormalizedCountryCode(t *testing.T) {
	req := vtValidCreate()
	req.MobileCountryCode = "+65"
	cc, verr := validateCreate(&req)
	require.Nil(t, verr)
	assert.Equal(t, "65", cc)
	assert.Equal(t, "+65", req.MobileCountryCode, "validation must not modify the request")

	upd := UpdateCustomerRequest{CustomerID: "cst_1", MobileCountryCode: "+91"}
	cc, verr = validateUpdate(&upd)
	require.Nil(t, verr)
	assert.Equal(t, "91", cc)
}

func TestValidateAcceptsThePageSample(t *testing.T) {
	req := vtValidCreate()
	req.GetClientAuthToken = true
	sent := vtCheck(t, "", "", func(ctx context.Context, c *Client) error {
		cust, err := c.CreateCustomer(ctx, &req)
		if err == nil && cust.ClientAuth == nil {
			return errors.New("no token")
		}
		return err
	})
	require.Len(t, sent, 1)
}
