package juspaytest

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	created = time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC)
	idRE    = regexp.MustCompile(`"id":"(cst_[a-z0-9]{16})"`)
	tokenRE = regexp.MustCompile(`"client_auth_token":"(tkn_[0-9a-f]{32})"`)
)

// mask replaces the random id and token of a body, so it can be compared
// byte for byte with the page's samples.
func mask(body string) string {
	body = idRE.ReplaceAllString(body, `"id":"cst_X"`)
	return tokenRE.ReplaceAllString(body, `"client_auth_token":"tkn_X"`)
}

func TestCreateMatchesThePageSamples(t *testing.T) {
	s := start(t)
	s.SetNow(created.Add(400 * time.Millisecond)) // cut to the second
	base := `{"id":"cst_X","object":"customer","object_reference_id":"customer@gmail.com",` +
		`"mobile_country_code":"91","mobile_number":"9988776655","email_address":"customer@gmail.com",` +
		`"first_name":"John","last_name":"Smith","date_created":"2020-03-17T14:13:37Z","last_updated":"2020-03-17T14:13:37Z"`
	tests := []struct {
		name, ref, option, want string
	}{
		{"no token", "customer@gmail.com", "", base + `}`},
		{"token false", "customer@gmail.com", "false", base + `}`},
		{"token true", "customer@gmail.com", "true",
			base + `,"juspay":{"client_auth_token":"tkn_X","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.Reset()
			r := do(t, newReq(t, s, http.MethodPost, "/customers",
				createForm("options.get_client_auth_token", tt.option)))
			require.Equal(t, http.StatusOK, r.status, r.body)
			assert.Equal(t, tt.want, mask(r.body))
		})
	}
}

func TestCreateOmitsAbsentFields(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	r := do(t, newReq(t, s, http.MethodPost, "/customers", url.Values{
		"object_reference_id": {"cust_123489"}, "mobile_number": {"9988776655"},
	}))
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, `{"id":"cst_X","object":"customer","object_reference_id":"cust_123489",`+
		`"mobile_number":"9988776655","date_created":"2020-03-17T14:13:37Z","last_updated":"2020-03-17T14:13:37Z"}`,
		mask(r.body))
}

func TestCreateDuplicate(t *testing.T) {
	s := start(t)
	create(t, s, createForm())
	r := do(t, newReq(t, s, http.MethodPost, "/customers", createForm("mobile_number", "9000000000")))
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, `{"error_message":"Customer with given object reference id already exist for your account.",`+
		`"status":"invalid_request_error","error_code":"unique","error_info":{"user_message":"Already exists.",`+
		`"developer_message":"Customer with given object reference id already exists.","code":"ALREADY_EXISTS",`+
		`"category":"USER_ERROR"}}`, r.body)
	require.Len(t, s.Customers(), 1)
	assert.Equal(t, "9988776655", s.Customers()[0].MobileNumber, "the first one is kept")
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
			r := do(t, newReq(t, s, http.MethodGet, tt.path+tt.query, nil))
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

func TestGetGivesAFreshTokenEachTime(t *testing.T) {
	s := start(t)
	id := create(t, s, createForm())["id"].(string)
	path := "/customers/" + id + "?options.get_client_auth_token=true"
	first := decode(t, do(t, newReq(t, s, http.MethodGet, path, nil)).body)["juspay"].(map[string]any)
	s.Advance(10 * time.Minute)
	second := decode(t, do(t, newReq(t, s, http.MethodGet, path, nil)).body)["juspay"].(map[string]any)
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
		{"plus allowed with a stored country code", url.Values{"mobile_number": {"+6591234567"}, "mobile_country_code": {"+65"}},
			map[string]any{"mobile_number": "+6591234567", "mobile_country_code": "+65"}},
		{"nothing sent", url.Values{}, map[string]any{"first_name": "Jane"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, newReq(t, s, http.MethodPost, "/customers/"+id, tt.form))
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
	id := create(t, s, createForm("mobile_country_code", ""))["id"].(string)
	r := do(t, newReq(t, s, http.MethodPost, "/customers/cst_unknown0000000", url.Values{"first_name": {"A"}}))
	assert.Equal(t, http.StatusNotFound, r.status)
	r = do(t, newReq(t, s, http.MethodPost, "/customers/"+id, url.Values{"mobile_number": {"+919988776655"}}))
	assert.Equal(t, http.StatusBadRequest, r.status, "a plus needs a country code")
	assert.Contains(t, r.body, `"error_message":"Wrong value in mobile_number"`)
	r = do(t, newReq(t, s, http.MethodPost, "/customers/"+id, url.Values{"first_name": {"<script>"}}))
	assert.Equal(t, http.StatusBadRequest, r.status)
	c, _ := s.LookupCustomer(id)
	assert.Equal(t, "John", c.FirstName, "a refused update changes nothing")
}

func TestAddCustomer(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	seeded, err := s.AddCustomer(Customer{ObjectReferenceID: "seed-0001", MobileNumber: "123"})
	require.NoError(t, err)
	assert.Regexp(t, `^cst_[a-z0-9]{16}$`, seeded.ID)
	assert.Equal(t, created, seeded.DateCreated)
	assert.Equal(t, created, seeded.LastUpdated)

	own, err := s.AddCustomer(Customer{ID: "cst_fixed", ObjectReferenceID: "x", // short: seeds skip field rules
		DateCreated: created.Add(-time.Hour), LastUpdated: created.Add(1500 * time.Millisecond)})
	require.NoError(t, err)
	assert.Equal(t, created.Add(time.Second), own.LastUpdated, "cut to the second")

	for _, bad := range []Customer{{}, {ObjectReferenceID: "seed-0001"}, {ID: "cst_fixed", ObjectReferenceID: "y"}} {
		_, err := s.AddCustomer(bad)
		assert.Error(t, err, "%+v", bad)
	}
	all := s.Customers()
	require.Len(t, all, 2)
	assert.Equal(t, []string{"seed-0001", "x"}, []string{all[0].ObjectReferenceID, all[1].ObjectReferenceID})

	r := do(t, newReq(t, s, http.MethodGet, "/customers/x", nil))
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, r.body, `"id":"cst_fixed"`)

	all[0].FirstName = "changed"
	again, _ := s.LookupCustomer(seeded.ID)
	assert.Empty(t, again.FirstName, "Customers returns copies")
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
