package juspaytest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

var created = time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)

func TestCreateMatchesThePageSamples(t *testing.T) {
	s := start(t)
	s.SetNow(created.Add(400 * time.Millisecond)) // cut to the second
	base := `{"id":"cth_X","object":"customer","object_reference_id":"customer@gmail.com",` +
		`"mobile_country_code":"91","mobile_number":"9988776655","email_address":"customer@gmail.com",` +
		`"first_name":"John","last_name":"Smith","date_created":"2020-03-17T14:13:37Z","last_updated":"2020-03-17T14:13:37Z"`
	tests := []struct {
		name, option, want string
	}{
		{"no token", "", base + `}`},
		{"token false", "false", base + `}`},
		{"token true", "true",
			base + `,"juspay":{"client_auth_token":"tkn_X","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`},
		{"token TRUE", "TRUE",
			base + `,"juspay":{"client_auth_token":"tkn_X","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.Reset()
			r := serve(t, s, newReq(t, s, http.MethodPost, "/customers",
				createForm("options.get_client_auth_token", tt.option)))
			require.Equal(t, http.StatusOK, r.status, r.body)
			assert.Equal(t, tt.want, mask(r.body))
		})
	}
}

func TestCreateAnswersAbsentFieldsAsNull(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	r := serve(t, s, newReq(t, s, http.MethodPost, "/customers", url.Values{
		"object_reference_id": {"cust_123489"}, "mobile_number": {"9988776655"},
	}))
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, `{"id":"cth_X","object":"customer","object_reference_id":"cust_123489",`+
		`"mobile_country_code":null,"mobile_number":"9988776655","email_address":null,"first_name":null,`+
		`"last_name":null,"date_created":"2020-03-17T14:13:37Z","last_updated":"2020-03-17T14:13:37Z"}`,
		mask(r.body))
}

func TestCreateDuplicate(t *testing.T) {
	s := start(t)
	create(t, s, createForm())
	r := serve(t, s, newReq(t, s, http.MethodPost, "/customers", createForm("mobile_number", "9000000000")))
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, `{"error_message":"Customer with given object reference id already exist for your account.",`+
		`"status":"invalid_request_error","error_code":"unique","error_info":{"user_message":"Already exists.",`+
		`"developer_message":"Customer with given object reference id already exists.","code":"ALREADY_EXISTS",`+
		`"category":"USER_ERROR","request_id":"`+r.header.Get("X-Response-Id")+`"}}`, r.body)
	require.Len(t, s.Customers(), 1)
	assert.Equal(t, "9988776655", s.Customers()[0].MobileNumber, "the first one is kept")
}

func TestCreateTakesJSON(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
		token      bool
		refused    string // the field a 400 names
	}{
		{"strings", `{"object_reference_id":"json-0001","mobile_number":"9988776655","first_name":"José"}`, 200, false, ""},
		{"token as bool", `{"object_reference_id":"json-0002","mobile_number":"1","options.get_client_auth_token":true}`, 200, true, ""},
		{"token as string", `{"object_reference_id":"json-0003","mobile_number":"1","options.get_client_auth_token":"true"}`, 200, true, ""},
		{"token false", `{"object_reference_id":"json-0004","mobile_number":"1","options.get_client_auth_token":false}`, 200, false, ""},
		{"juspay-mcp extras", `{"object_reference_id":"json-0005","mobile_number":"1","routing_id":"r","get_client_auth_token":true}`, 200, false, ""},
		{"null is absent", `{"object_reference_id":"json-0006","mobile_number":"1","last_name":null}`, 200, false, ""},
		{"number for a field", `{"object_reference_id":"json-0007","mobile_number":9988776655}`, 400, false, "mobile_number"},
		{"number for the option", `{"object_reference_id":"json-0008","mobile_number":"1","options.get_client_auth_token":1}`, 400, false, "options.get_client_auth_token"},
		{"field rules apply", `{"object_reference_id":"short","mobile_number":"1"}`, 400, false, "object_reference_id"},
		{"not an object", `["object_reference_id"]`, 400, false, ""},
		{"malformed", `{"object_reference_id":`, 400, false, ""},
	}
	s := start(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, jsonReq(t, s, http.MethodPost, "/customers", tt.body))
			require.Equal(t, tt.want, r.status, r.body)
			got := decode(t, r.body)
			switch {
			case tt.want == http.StatusOK:
				assert.Equal(t, tt.token, got["juspay"] != nil, "token")
			case tt.refused != "":
				assert.Equal(t, "Wrong value in "+tt.refused, got["error_message"])
			default:
				code, _ := errorCode(t, r.body)
				assert.Equal(t, "invalid_request", code)
			}
		})
	}
	c, ok := s.LookupCustomer("json-0001")
	require.True(t, ok)
	assert.Equal(t, "José", c.FirstName)
	c, _ = s.LookupCustomer("json-0006")
	assert.Empty(t, c.LastName)
}

func TestGet(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	c := create(t, s, createForm("object_reference_id", "user#42 / a@b"))
	id := c["id"].(string)
	tests := []struct {
		name, path, query string
		token             bool
	}{
		{"by juspay id", "/customers/" + id, "", false},
		{"by object_reference_id", "/customers/" + url.PathEscape("user#42 / a@b"), "", false},
		{"with a token", "/customers/" + id, "?options.get_client_auth_token=true", true},
		{"token false", "/customers/" + id, "?options.get_client_auth_token=false", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, http.MethodGet, tt.path+tt.query, nil))
			require.Equal(t, http.StatusOK, r.status, r.body)
			got := decode(t, r.body)
			assert.Equal(t, id, got["id"])
			assert.Equal(t, "user#42 / a@b", got["object_reference_id"])
			if !tt.token {
				assert.NotContains(t, got, "juspay")
				return
			}
			tok := got["juspay"].(map[string]any)
			assert.Regexp(t, `^tkn_[0-9a-f]{32}$`, tok["client_auth_token"])
			assert.Equal(t, "2020-03-17T14:28:37Z", tok["client_auth_token_expiry"])
		})
	}
}

func TestUnknownCustomerIs404WithoutErrorInfo(t *testing.T) {
	s := start(t)
	const want = `{"status":"invalid_request_error","error_code":"object_not_found","error_message":"Cannot find what you are looking for"}`
	for _, req := range []*http.Request{
		newReq(t, s, http.MethodGet, "/customers/cth_nobody0000000000", nil),
		newReq(t, s, http.MethodPost, "/customers/cth_nobody0000000000", url.Values{"first_name": {"A"}}),
		newReq(t, s, http.MethodPost, "/customers/cth_nobody0000000000", url.Values{"first_name": {"<bad>"}}),
	} {
		r := serve(t, s, req)
		assert.Equal(t, http.StatusNotFound, r.status, req.Method)
		assert.Equal(t, want, r.body, "not found comes before the field rules")
		assert.NotEmpty(t, r.header.Get("X-Response-Id"))
	}
}

func TestGetGivesAFreshTokenEachTime(t *testing.T) {
	s := start(t)
	id := create(t, s, createForm())["id"].(string)
	path := "/customers/" + id + "?options.get_client_auth_token=true"
	first := decode(t, serve(t, s, newReq(t, s, http.MethodGet, path, nil)).body)["juspay"].(map[string]any)
	s.Advance(10 * time.Minute)
	second := decode(t, serve(t, s, newReq(t, s, http.MethodGet, path, nil)).body)["juspay"].(map[string]any)
	tok1, tok2 := first["client_auth_token"].(string), second["client_auth_token"].(string)
	assert.NotEqual(t, tok1, tok2)
	assert.True(t, s.TokenValid(tok1))
	s.Advance(5*time.Minute + time.Second)
	assert.False(t, s.TokenValid(tok1), "15 minutes after issue")
	assert.True(t, s.TokenValid(tok2))
	assert.False(t, s.TokenValid("tkn_unknown"))
}

func TestUpdate(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	id := create(t, s, createForm())["id"].(string)
	s.Advance(time.Hour)
	tests := []struct {
		name string
		form url.Values
		want map[string]any
	}{
		{"one field", url.Values{"first_name": {"Jane"}},
			map[string]any{"first_name": "Jane", "last_name": "Smith", "mobile_number": "9988776655"}},
		{"empty value is no change", url.Values{"last_name": {""}, "email_address": {"jane@example.com"}},
			map[string]any{"first_name": "Jane", "last_name": "Smith", "email_address": "jane@example.com"}},
		{"object_reference_id stays", url.Values{"object_reference_id": {"someone-else"}},
			map[string]any{"object_reference_id": "customer@gmail.com"}},
		{"plus with a country code in the request", url.Values{"mobile_number": {"+6591234567"}, "mobile_country_code": {"+65"}},
			map[string]any{"mobile_number": "+6591234567", "mobile_country_code": "+65"}},
		{"nothing sent", url.Values{}, map[string]any{"first_name": "Jane"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, http.MethodPost, "/customers/"+id, tt.form))
			require.Equal(t, http.StatusOK, r.status, r.body)
			got := decode(t, r.body)
			for k, v := range tt.want {
				assert.Equal(t, v, got[k], k)
			}
			assert.Equal(t, "2020-03-17T14:13:37Z", got["date_created"])
			assert.Equal(t, "2020-03-17T15:13:37Z", got["last_updated"])
			assert.NotContains(t, got, "juspay")
		})
	}
	stored, ok := s.LookupCustomer(id)
	require.True(t, ok)
	assert.Equal(t, "jane@example.com", stored.EmailAddress)
	assert.Equal(t, created.Add(time.Hour), stored.LastUpdated)
}

func TestUpdateRefusals(t *testing.T) {
	s := start(t)
	id := create(t, s, createForm())["id"].(string) // stored with mobile_country_code 91
	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"a plus needs a country code in the same request", url.Values{"mobile_number": {"+919988776655"}}, "mobile_number"},
		{"forbidden character", url.Values{"first_name": {"<script>"}}, "first_name"},
		{"invalid UTF-8", url.Values{"last_name": {"Sm\xffth"}}, "last_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, http.MethodPost, "/customers/"+id, tt.form))
			assert.Equal(t, http.StatusBadRequest, r.status)
			assert.Contains(t, r.body, `"error_message":"Wrong value in `+tt.field+`"`)
		})
	}
	c, _ := s.LookupCustomer(id)
	assert.Equal(t, "John", c.FirstName, "a refused update changes nothing")
	assert.Equal(t, "9988776655", c.MobileNumber)
}

func TestUpdateMerchantIDIsOptional(t *testing.T) {
	s := start(t)
	id := create(t, s, createForm())["id"].(string)
	tests := []struct {
		name, merchant string
		want           int
	}{
		{"absent", "", http.StatusOK},
		{"right", s.MerchantID, http.StatusOK},
		{"wrong", "other", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := jsonReq(t, s, http.MethodPost, "/customers/"+id, `{"first_name":"Jane"}`)
			req.Header.Del("x-merchantid")
			if tt.merchant != "" {
				req.Header.Set("x-merchantid", tt.merchant)
			}
			r := serve(t, s, req)
			assert.Equal(t, tt.want, r.status, r.body)
		})
	}
	get := newReq(t, s, http.MethodGet, "/customers/"+id, nil)
	get.Header.Del("x-merchantid")
	assert.Equal(t, http.StatusUnauthorized, serve(t, s, get).status, "Get still needs it")
}

func TestAddCustomer(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	seeded, err := s.AddCustomer(Customer{ObjectReferenceID: "seed-0001", MobileNumber: "123"})
	require.NoError(t, err)
	assert.Regexp(t, `^cth_[A-Za-z0-9]{16}$`, seeded.ID)
	assert.Equal(t, created, seeded.DateCreated)
	assert.Equal(t, created, seeded.LastUpdated)

	own, err := s.AddCustomer(Customer{ID: "cst_pcxaymwoh9vbse97", ObjectReferenceID: "x", // short: seeds skip field rules
		DateCreated: created.Add(-time.Hour), LastUpdated: created.Add(1500 * time.Millisecond)})
	require.NoError(t, err)
	assert.Equal(t, created.Add(time.Second), own.LastUpdated, "cut to the second")

	for _, bad := range []Customer{{}, {ObjectReferenceID: "seed-0001"}, {ID: "cst_pcxaymwoh9vbse97", ObjectReferenceID: "y"}} {
		_, err := s.AddCustomer(bad)
		assert.Error(t, err, "%+v", bad)
	}
	all := s.Customers()
	require.Len(t, all, 2)
	assert.Equal(t, []string{"seed-0001", "x"}, []string{all[0].ObjectReferenceID, all[1].ObjectReferenceID})

	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/x", nil))
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, r.body, `"id":"cst_pcxaymwoh9vbse97"`)

	all[0].FirstName = "changed"
	again, _ := s.LookupCustomer(seeded.ID)
	assert.Empty(t, again.FirstName, "Customers returns copies")
}

func TestCustomerReadsJuspayJSON(t *testing.T) {
	tests := []struct {
		name, json string
		want       Customer
		wantErr    bool
	}{
		{"update sample, +0000 and nulls",
			`{"id":"cth_okEEqCF6Cso8ekHX","object":"customer","object_reference_id":"customer_1122",` +
				`"mobile_country_code":"+65","mobile_number":"91234567","email_address":null,"first_name":"Aman ",` +
				`"last_name":null,"date_created":"2016-08-02T08:07:52+0000","last_updated":"2016-08-02T08:07:52+0530"}`,
			Customer{ID: "cth_okEEqCF6Cso8ekHX", ObjectReferenceID: "customer_1122", MobileCountryCode: "+65",
				MobileNumber: "91234567", FirstName: "Aman ",
				DateCreated: time.Date(2016, 8, 2, 8, 7, 52, 0, time.UTC),
				LastUpdated: time.Date(2016, 8, 2, 2, 37, 52, 0, time.UTC)}, false},
		{"page sample with a token", `{"id":"cst_afdeuvmfhs3j1acm","object_reference_id":"customer@gmail.com",` +
			`"date_created":"2020-03-17T14:13:37Z","juspay":{"client_auth_token":"tkn_1"}}`,
			Customer{ID: "cst_afdeuvmfhs3j1acm", ObjectReferenceID: "customer@gmail.com", DateCreated: created}, false},
		{"no timestamps", `{"object_reference_id":"seed-0001"}`, Customer{ObjectReferenceID: "seed-0001"}, false},
		{"bad timestamp", `{"object_reference_id":"seed-0001","date_created":"yesterday"}`, Customer{}, true},
		{"name not a string", `{"object_reference_id":"seed-0001","first_name":7}`, Customer{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Customer
			err := json.Unmarshal([]byte(tt.json), &c)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c)
		})
	}
}

func TestClock(t *testing.T) {
	base := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	s := start(t, WithClock(func() time.Time { return base }))
	assert.Equal(t, base, s.Now())
	s.Advance(time.Minute)
	assert.Equal(t, base.Add(time.Minute), s.Now(), "a running clock keeps an offset")
	s.SetNow(created)
	s.Advance(time.Second)
	assert.Equal(t, created.Add(time.Second), s.Now(), "a frozen clock moves only by Advance")
	live := start(t)
	assert.WithinDuration(t, time.Now(), live.Now(), time.Second)
}

func TestResetClock(t *testing.T) {
	base := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	s := start(t, WithClock(func() time.Time { return base }))
	s.SetNow(created)
	s.ResetClock()
	assert.Equal(t, base, s.Now(), "unfrozen, back on the clock's time")
	s.Advance(time.Hour)
	s.ResetClock()
	assert.Equal(t, base, s.Now(), "no offset left")
}

// TestTokenExpiresAtItsExpiry: at its exact expiry a token is expired, as
// juspay.ClientAuth.Expired says.
func TestTokenExpiresAtItsExpiry(t *testing.T) {
	s := start(t)
	s.SetNow(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)) // a whole second: expiry is exactly now + TokenTTL
	seedCustomer(t, s)
	r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/cust_123489?options.get_client_auth_token=true", nil))
	require.Equal(t, http.StatusOK, r.status, r.body)
	var got struct {
		Juspay struct {
			Token  string `json:"client_auth_token"`
			Expiry string `json:"client_auth_token_expiry"`
		} `json:"juspay"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &got))
	assert.Equal(t, "2030-01-02T03:19:05Z", got.Juspay.Expiry)
	auth := juspay.ClientAuth{Token: got.Juspay.Token, Expiry: time.Date(2030, 1, 2, 3, 19, 5, 0, time.UTC)}

	s.Advance(TokenTTL - time.Nanosecond)
	assert.True(t, s.TokenValid(got.Juspay.Token), "valid until its expiry")
	assert.False(t, auth.Expired(s.Now()))
	s.Advance(time.Nanosecond)
	assert.False(t, s.TokenValid(got.Juspay.Token), "expired at its expiry")
	assert.True(t, auth.Expired(s.Now()), "as the client says")
	assert.False(t, s.TokenValid("tkn_never_issued"))
}

// TestReferenceLengthCountsCharacters: 8 to 128 characters, not bytes.
func TestReferenceLengthCountsCharacters(t *testing.T) {
	s := start(t)
	tests := []struct {
		name, ref string
		want      int
	}{
		{"100 two-byte characters", strings.Repeat("é", 100), http.StatusOK},
		{"128 two-byte characters", strings.Repeat("ü", 128), http.StatusOK},
		{"129 characters", strings.Repeat("ü", 129), http.StatusBadRequest},
		{"4 two-byte characters (8 bytes)", "éééé", http.StatusBadRequest},
		{"7 characters", "abcdefg", http.StatusBadRequest},
		{"8 characters", "abcdefgh", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := serve(t, s, newReq(t, s, http.MethodPost, "/customers", createForm("object_reference_id", tt.ref)))
			assert.Equal(t, tt.want, r.status, r.body)
		})
	}
}

func TestCustomerJSONIsJuspays(t *testing.T) {
	b, err := json.Marshal(Customer{ID: "cth_1", ObjectReferenceID: "user-000001", MobileNumber: "9988776655", DateCreated: created, LastUpdated: created})
	require.NoError(t, err)
	assert.Equal(t, `{"id":"cth_1","object":"customer","object_reference_id":"user-000001","mobile_country_code":null,"mobile_number":"9988776655",`+
		`"email_address":null,"first_name":null,"last_name":null,"date_created":"`+created.Format(time.RFC3339)+`","last_updated":"`+created.Format(time.RFC3339)+`"}`, string(b))
	var back Customer
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, Customer{ID: "cth_1", ObjectReferenceID: "user-000001", MobileNumber: "9988776655", DateCreated: created, LastUpdated: created}, back)
}
