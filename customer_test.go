package juspay_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// The documented error bodies (spec/juspay-api-facts.md).
const (
	bodyUnauthorized = `{"status":"error","error_code":"access_denied",
 "error_info":{"user_message":"Unauthorized.","developer_message":"Invalid API Key...","code":"UNAUTHORIZED","category":"USER_ERROR"}}`
	bodyForbidden = `{"error":true,"error_message":"Internal Server error.","user_message":"Bad Origin.",
 "error_info":{"code":"BAD_ORIGIN","developer_message":"IP Verification Failed"}}`
)

// bodyUpdated is a customer as Update answers it, with the "+0000" form.
const bodyUpdated = `{"id":"cst_pcxaymwoh9vbse97","object":"customer","object_reference_id":"customer@gmail.com",
 "mobile_country_code":"91","mobile_number":"9988776655","email_address":"new@example.com",
 "first_name":"John","last_name":"Smith",
 "date_created":"2016-08-02T08:07:52+0000","last_updated":"2016-08-02T08:10:11+0000"}`

// utc is a shorthand for a UTC time.
func utc(year int, month time.Month, day, hour, min, sec int) time.Time {
	return time.Date(year, month, day, hour, min, sec, 0, time.UTC)
}

func TestCreateCustomerWireFormat(t *testing.T) {
	cases := []struct {
		name        string
		req         juspay.CreateCustomerRequest
		wantForm    url.Values
		wantRouting string
	}{
		{
			name: "the page's curl sample",
			req: juspay.CreateCustomerRequest{
				ObjectReferenceID:  "customer@gmail.com",
				MobileNumber:       "9988776655",
				EmailAddress:       "customer@gmail.com",
				FirstName:          "John",
				LastName:           "Smith",
				MobileCountryCode:  "91",
				GetClientAuthToken: true,
			},
			// -d lines of the curl sample, field for field.
			wantForm: url.Values{
				"object_reference_id":           {"customer@gmail.com"},
				"mobile_number":                 {"9988776655"},
				"email_address":                 {"customer@gmail.com"},
				"first_name":                    {"John"},
				"last_name":                     {"Smith"},
				"mobile_country_code":           {"91"},
				"options.get_client_auth_token": {"true"},
			},
			wantRouting: "customer@gmail.com",
		},
		{
			name: "routingAndPlus91", // RoutingID is sent as x-routing-id, +91 as 91
			req: juspay.CreateCustomerRequest{
				ObjectReferenceID: "customer@gmail.com",
				MobileNumber:      "9988776655",
				MobileCountryCode: "+91",
				RoutingID:         "customer_1122",
			},
			wantForm: url.Values{
				"object_reference_id": {"customer@gmail.com"},
				"mobile_number":       {"9988776655"},
				"mobile_country_code": {"91"},
			},
			wantRouting: "customer_1122",
		},
		{
			name: "token not asked for and empty optional fields are left out",
			req:  juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655"},
			wantForm: url.Values{
				"object_reference_id": {"customer_1122"},
				"mobile_number":       {"9988776655"},
			},
			wantRouting: "customer_1122",
		},
		{
			name: "escaping", // spaces, apostrophes, non-ASCII and a + mobile with a country code
			req: juspay.CreateCustomerRequest{
				ObjectReferenceID: "cust 12345678",
				MobileNumber:      "+9912346789",
				MobileCountryCode: "91",
				FirstName:         "Mary Ann",
				LastName:          "D'Souza José",
				EmailAddress:      "o'brien+shop@example.co.in",
			},
			wantForm: url.Values{
				"object_reference_id": {"cust 12345678"},
				"mobile_number":       {"+9912346789"},
				"mobile_country_code": {"91"},
				"first_name":          {"Mary Ann"},
				"last_name":           {"D'Souza José"},
				"email_address":       {"o'brien+shop@example.co.in"},
			},
			wantRouting: "cust 12345678",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, client := echoing(t, http.StatusOK, sampleCustomerWithToken)
			req := c.req
			_, err := client.CreateCustomer(context.Background(), &req)
			require.NoError(t, err)

			got := rec.only(t)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, "/customers", got.EscapedPath)
			assert.Empty(t, got.RawQuery)

			wantHeaders := map[string]string{
				"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(testAPIKey+":")),
				"X-Merchantid":  testMerchantID,
				"X-Routing-Id":  c.wantRouting,
				"Content-Type":  "application/x-www-form-urlencoded",
				"Accept":        "application/json",
				"User-Agent":    "juspay-go/" + juspay.Version,
			}
			for name, want := range wantHeaders {
				assert.Equal(t, []string{want}, got.Header.Values(name), "header %s", name)
			}
			user, pass, ok := (&http.Request{Header: got.Header}).BasicAuth()
			assert.True(t, ok)
			assert.Equal(t, testAPIKey, user)
			assert.Empty(t, pass)

			// Byte by byte: sorted keys, query-escaped, as url.Values encodes.
			assert.Equal(t, c.wantForm.Encode(), got.Body)
			form, err := url.ParseQuery(got.Body)
			require.NoError(t, err)
			assert.Equal(t, c.wantForm, form)
			assert.Equal(t, int64(len(got.Body)), got.ContentLength, "the body has a Content-Length")
		})
	}
}

// TestCustomerDecodes: a customer answer decodes whatever form its
// timestamps take; asked for by its Juspay id, as the identity check wants.
func TestCustomerDecodes(t *testing.T) {
	cases := []struct {
		name string
		body string
		want juspay.Customer
	}{
		{
			name: "sample",
			body: sampleCustomer,
			want: juspay.Customer{
				ID: "cst_pcxaymwoh9vbse97", Object: "customer", ObjectReferenceID: "customer@gmail.com",
				MobileCountryCode: "91", MobileNumber: "9988776655", EmailAddress: "customer@gmail.com",
				FirstName: "John", LastName: "Smith",
				DateCreated: utc(2020, 3, 17, 14, 16, 31), LastUpdated: utc(2020, 3, 17, 14, 16, 31),
			},
		},
		{
			name: "sampleWithToken",
			body: sampleCustomerWithToken,
			want: juspay.Customer{
				ID: "cst_afdeuvmfhs3j1acm", Object: "customer", ObjectReferenceID: "customer@gmail.com",
				MobileCountryCode: "91", MobileNumber: "9988776655", EmailAddress: "customer@gmail.com",
				FirstName: "John", LastName: "Smith",
				DateCreated: utc(2020, 3, 17, 14, 13, 37), LastUpdated: utc(2020, 3, 17, 14, 13, 37),
				ClientAuth: &juspay.ClientAuth{
					Token:  "tkn_24543c6a278f45d680d09edb32e78061",
					Expiry: utc(2020, 3, 17, 14, 28, 37),
				},
			},
		},
		{
			name: "plus0000", // the +0000 timestamp form
			body: `{"id":"cst_1","date_created":"2016-08-02T08:07:52+0000","last_updated":"2016-08-02T08:10:11+0000",
				"juspay":{"client_auth_token":"tkn_1","client_auth_token_expiry":"2016-08-02T08:22:52+0000"}}`,
			want: juspay.Customer{ID: "cst_1",
				DateCreated: utc(2016, 8, 2, 8, 7, 52), LastUpdated: utc(2016, 8, 2, 8, 10, 11),
				ClientAuth: &juspay.ClientAuth{Token: "tkn_1", Expiry: utc(2016, 8, 2, 8, 22, 52)}},
		},
		{
			name: "an offset is converted to UTC",
			body: `{"id":"cst_1","date_created":"2020-03-17T19:46:31+05:30","last_updated":"2020-03-17T19:46:31+0530"}`,
			want: juspay.Customer{ID: "cst_1", DateCreated: utc(2020, 3, 17, 14, 16, 31), LastUpdated: utc(2020, 3, 17, 14, 16, 31)},
		},
		{
			name: "missing timestamps are zero",
			body: `{"id":"cst_1","object":"customer"}`,
			want: juspay.Customer{ID: "cst_1", Object: "customer"},
		},
		{
			name: "garbage timestamps are zero",
			body: `{"id":"cst_1","date_created":"yesterday","last_updated":"2020-13-45T99:99:99Z",
				"juspay":{"client_auth_token":"tkn_1","client_auth_token_expiry":"soon"}}`,
			want: juspay.Customer{ID: "cst_1", ClientAuth: &juspay.ClientAuth{Token: "tkn_1"}},
		},
		{
			name: "plus65", // the +65 country code kept as sent
			body: `{"id":"cst_1","mobile_country_code":"+65","mobile_number":"81234567"}`,
			want: juspay.Customer{ID: "cst_1", MobileCountryCode: "+65", MobileNumber: "81234567"},
		},
		{
			name: "unknown fields are ignored",
			body: `{"id":"cst_1","object":"customer","new_field":{"nested":[1,2]}}`,
			want: juspay.Customer{ID: "cst_1", Object: "customer"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, client := answering(t, http.StatusOK, c.body)

			got, err := client.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: c.want.ID})
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, c.want, *withoutResponse(got))
			for name, ts := range map[string]time.Time{"DateCreated": got.DateCreated, "LastUpdated": got.LastUpdated} {
				if !ts.IsZero() {
					assert.Equal(t, time.UTC, ts.Location(), name)
				}
			}
			if got.ClientAuth != nil && !got.ClientAuth.Expiry.IsZero() {
				assert.Equal(t, time.UTC, got.ClientAuth.Expiry.Location())
			}
		})
	}
}

func TestCreateCustomerAPIErrors(t *testing.T) {
	sentinels := []error{juspay.ErrAlreadyExists, juspay.ErrNotFound, juspay.ErrUnauthorized,
		juspay.ErrForbidden, juspay.ErrRateLimited, juspay.ErrServer}
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		sentinel    error
		errorCode   string
		infoCode    string
		rawBody     bool // the body is not JSON: kept in APIError.Body
	}{
		{"duplicate", http.StatusBadRequest, "application/json", bodyDuplicate, juspay.ErrAlreadyExists, "unique", "ALREADY_EXISTS", false},
		{"unauthorized", http.StatusUnauthorized, "application/json", bodyUnauthorized, juspay.ErrUnauthorized, "access_denied", "UNAUTHORIZED", false},
		{"forbidden", http.StatusForbidden, "application/json", bodyForbidden, juspay.ErrForbidden, "", "BAD_ORIGIN", false},
		{"not found", http.StatusNotFound, "application/json", bodyNotFound, juspay.ErrNotFound, "object_not_found", "RESOURCE_NOT_FOUND", false},
		{"500 HTML", http.StatusInternalServerError, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>", juspay.ErrServer, "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{}
			_, client := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				w.Header().Set("Content-Type", c.contentType)
				w.WriteHeader(c.status)
				_, _ = w.Write([]byte(c.body))
			}, juspay.WithMaxRetries(0))

			cust, err := client.CreateCustomer(context.Background(), minimalRequest())
			require.Error(t, err)
			assert.Nil(t, cust)
			var apiErr *juspay.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, c.status, apiErr.HTTPStatus)
			assert.Equal(t, c.errorCode, apiErr.ErrorCode)
			if c.infoCode != "" {
				require.NotNil(t, apiErr.ErrorInfo)
				assert.Equal(t, c.infoCode, apiErr.ErrorInfo.Code)
			}
			for _, s := range sentinels {
				assert.Equal(t, s == c.sentinel, errors.Is(err, s), "errors.Is(err, %v)", s)
			}
			if c.rawBody {
				assert.Equal(t, c.body, string(apiErr.Body))
			} else {
				assert.Nil(t, apiErr.Body)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "juspay: CreateCustomer POST /customers: HTTP "), err.Error())
			assert.NotContains(t, err.Error(), "customer_1122", "error text must not hold the object_reference_id")
			assert.Equal(t, 1, len(rec.all()), "WithMaxRetries(0) makes one attempt")
		})
	}
}

// TestCustomerInvalidSendsNothing: customer requests are checked before
// any I/O.
func TestCustomerInvalidSendsNothing(t *testing.T) {
	create, get, update := (*juspay.Client).CreateCustomer, (*juspay.Client).GetCustomer, (*juspay.Client).UpdateCustomer
	checkRefusals(t, sampleCustomer, []refusal{
		{"create_nil", "request", bind(create, nil)},
		{"create_shortReference", "object_reference_id", bind(create, &juspay.CreateCustomerRequest{ObjectReferenceID: "cust_1", MobileNumber: "9988776655"})},
		{"create_noMobile", "mobile_number", bind(create, &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122"})},
		{"create_lettersInCountryCode", "mobile_country_code", bind(create, &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655", MobileCountryCode: "abcd"})},
		{"create_routingIDWithLF", "x-routing-id", bind(create, &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655", RoutingID: "a\nb"})},
		{"get_nil", "request", bind(get, nil)},
		{"get_emptyID", "customer_id", bind(get, &juspay.GetCustomerRequest{})},
		{"get_dot", "customer_id", bind(get, &juspay.GetCustomerRequest{CustomerID: "."})},
		{"get_dotDot", "customer_id", bind(get, &juspay.GetCustomerRequest{CustomerID: ".."})},
		{"get_idWithLF", "customer_id", bind(get, &juspay.GetCustomerRequest{CustomerID: "a\nb"})},
		{"get_routingIDWithCR", "x-routing-id", bind(get, &juspay.GetCustomerRequest{CustomerID: "cst_1", RoutingID: "a\rb"})},
		{"update_nil", "request", bind(update, nil)},
		{"update_noID", "customer_id", bind(update, &juspay.UpdateCustomerRequest{EmailAddress: "new@example.com"})},
		{"update_nothingToChange", "request", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1"})},
		{"update_onlyRoutingID", "request", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1", RoutingID: "customer_1122"})},
		{"update_badEmail", "email_address", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1", EmailAddress: ".john@example.com"})},
		{"update_badFirstName", "first_name", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1", FirstName: "John<script>"})},
		{"update_badLastName", "last_name", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1", LastName: "Smith;"})},
		{"update_badMobile", "mobile_number", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1", MobileNumber: "99887-76655"})},
		{"update_plusWithoutCountryCode", "mobile_number", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1", MobileNumber: "+919912346789"})},
		{"update_badCountryCode", "mobile_country_code", bind(update, &juspay.UpdateCustomerRequest{CustomerID: "cst_1", MobileCountryCode: "abcd"})},
	})
}

func TestGetCustomerPathEscaping(t *testing.T) {
	cases := []struct {
		name     string
		id       string
		wantPath string
	}{
		{"Juspay id", "cst_pcxaymwoh9vbse97", "/customers/cst_pcxaymwoh9vbse97"},
		{"e-mail", "customer@gmail.com", "/customers/customer@gmail.com"},
		{"space", "Mary Ann", "/customers/Mary%20Ann"},
		{"non-ASCII", "José", "/customers/Jos%C3%A9"},
		{"comma and apostrophe", "a,b'c", "/customers/a%2Cb%27c"},
		{"plus, colon, equals, ampersand, dollar", "a+b:c=d&e$f", "/customers/a+b:c=d&e$f"},
		{"dots inside", "a..b", "/customers/a..b"},
		{"all at once", "a+b@c d:e=f&g,h", "/customers/a+b@c%20d:e=f&g%2Ch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, client := echoing(t, http.StatusOK, sampleCustomer)

			_, err := client.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: c.id})
			require.NoError(t, err)
			got := rec.only(t)
			assert.Equal(t, http.MethodGet, got.Method)
			assert.Equal(t, c.wantPath, got.EscapedPath)
			assert.Equal(t, "/customers/"+c.id, got.Path, "the id is one path segment")
			assert.Empty(t, got.RawQuery, "the id must not add a query")
			assert.Empty(t, got.Body)
			assert.Empty(t, got.Header.Get("Content-Type"), "a GET has no body to type")
		})
	}
}

func TestGetCustomerRequest(t *testing.T) {
	cases := []struct {
		name        string
		req         juspay.GetCustomerRequest
		wantQuery   string
		wantRouting string
	}{
		{"plain", juspay.GetCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97"}, "", "cst_pcxaymwoh9vbse97"},
		{"with token", juspay.GetCustomerRequest{CustomerID: "customer@gmail.com", GetClientAuthToken: true},
			"options.get_client_auth_token=true", "customer@gmail.com"},
		{"routing id given", juspay.GetCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", RoutingID: "customer@gmail.com"},
			"", "customer@gmail.com"},
		{"id with query-like text and token", juspay.GetCustomerRequest{CustomerID: "x&options.get_client_auth_token=false", GetClientAuthToken: true},
			"options.get_client_auth_token=true", "x&options.get_client_auth_token=false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, client := echoing(t, http.StatusOK, sampleCustomerWithToken)
			req := c.req

			cust, err := client.GetCustomer(context.Background(), &req)
			require.NoError(t, err)
			assert.Contains(t, []string{cust.ID, cust.ObjectReferenceID}, req.CustomerID, "the customer asked for")
			got := rec.only(t)
			assert.Equal(t, c.wantQuery, got.RawQuery)
			assert.Equal(t, []string{c.wantRouting}, got.Header.Values("X-Routing-Id"))
			assert.Equal(t, []string{testMerchantID}, got.Header.Values("X-Merchantid"))
		})
	}
}

func TestGetCustomerNotFound(t *testing.T) {
	rec, client := answering(t, http.StatusNotFound, bodyNotFound)

	cust, err := client.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
	assert.Nil(t, cust)
	assert.True(t, juspay.IsNotFound(err), "IsNotFound(%v)", err)
	assert.False(t, juspay.IsAlreadyExists(err))
	assert.Contains(t, err.Error(), "GetCustomer GET /customers/{id}")
	assert.NotContains(t, err.Error(), "customer@gmail.com")
	assert.Equal(t, 1, len(rec.all()), "a 404 is not retried")
}

func TestUpdateCustomerWire(t *testing.T) {
	cases := []struct {
		name        string
		req         juspay.UpdateCustomerRequest
		wantPath    string
		wantForm    url.Values
		wantRouting string
	}{
		{
			name:        "e-mail only",
			req:         juspay.UpdateCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", EmailAddress: "new@example.com"},
			wantPath:    "/customers/cst_pcxaymwoh9vbse97",
			wantForm:    url.Values{"email_address": {"new@example.com"}},
			wantRouting: "cst_pcxaymwoh9vbse97",
		},
		{
			name:        "namesAndRoutingID",
			req:         juspay.UpdateCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", FirstName: "Mary Ann", LastName: "D'Souza", RoutingID: "customer@gmail.com"},
			wantPath:    "/customers/cst_pcxaymwoh9vbse97",
			wantForm:    url.Values{"first_name": {"Mary Ann"}, "last_name": {"D'Souza"}},
			wantRouting: "customer@gmail.com",
		},
		{
			name:        "plus91ByReference", // mobile with +91, by object_reference_id
			req:         juspay.UpdateCustomerRequest{CustomerID: "customer 1122", MobileNumber: "9912346789", MobileCountryCode: "+91"},
			wantPath:    "/customers/customer%201122",
			wantForm:    url.Values{"mobile_number": {"9912346789"}, "mobile_country_code": {"91"}},
			wantRouting: "customer 1122",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, client := echoing(t, http.StatusOK, bodyUpdated)
			req := c.req

			cust, err := client.UpdateCustomer(context.Background(), &req)
			require.NoError(t, err)
			assert.Equal(t, "new@example.com", cust.EmailAddress)
			assert.Equal(t, utc(2016, 8, 2, 8, 7, 52), cust.DateCreated)
			assert.Equal(t, utc(2016, 8, 2, 8, 10, 11), cust.LastUpdated)

			got := rec.only(t)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, c.wantPath, got.EscapedPath)
			assert.Empty(t, got.RawQuery)
			assert.Equal(t, []string{"application/x-www-form-urlencoded"}, got.Header.Values("Content-Type"))
			assert.Equal(t, []string{c.wantRouting}, got.Header.Values("X-Routing-Id"))
			assert.Equal(t, c.wantForm.Encode(), got.Body)
			form, err := url.ParseQuery(got.Body)
			require.NoError(t, err)
			assert.Equal(t, c.wantForm, form, "only the given fields are sent")
		})
	}
}

func TestClientAuthToken(t *testing.T) {
	rec, client := echoing(t, http.StatusOK, sampleCustomerWithToken)

	auth, err := client.ClientAuthToken(context.Background(), &juspay.GetCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm"})
	require.NoError(t, err)
	require.NotNil(t, auth)
	assert.Equal(t, "tkn_24543c6a278f45d680d09edb32e78061", auth.Token)
	assert.Equal(t, utc(2020, 3, 17, 14, 28, 37), auth.Expiry)

	got := rec.only(t)
	assert.Equal(t, http.MethodGet, got.Method)
	assert.Equal(t, "/customers/cst_afdeuvmfhs3j1acm", got.EscapedPath)
	assert.Equal(t, "options.get_client_auth_token=true", got.RawQuery, "a token is asked for though the request did not")
	assert.Equal(t, "cst_afdeuvmfhs3j1acm", got.Header.Get("X-Routing-Id"))
}

func TestClientAuthExpiry(t *testing.T) {
	expiry := utc(2020, 3, 17, 14, 28, 37)
	cases := []struct {
		name        string
		auth        *juspay.ClientAuth
		now         time.Time
		wantExpired bool
		wantIn      time.Duration
	}{
		{"nil", nil, expiry.Add(-time.Minute), true, 0},
		{"empty token", &juspay.ClientAuth{Expiry: expiry}, expiry.Add(-time.Minute), true, 0},
		{"zero expiry", &juspay.ClientAuth{Token: "tkn_1"}, expiry.Add(-time.Minute), true, 0},
		{"15 minutes before", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry.Add(-15 * time.Minute), false, 15 * time.Minute},
		{"1ns before", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry.Add(-time.Nanosecond), false, time.Nanosecond},
		{"at expiry", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry, true, 0},
		{"after expiry", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry.Add(time.Hour), true, 0},
		{"now in another zone", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry},
			expiry.Add(-time.Minute).In(time.FixedZone("IST", 5*3600+1800)), false, time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.wantExpired, c.auth.Expired(c.now))
			assert.Equal(t, c.wantIn, c.auth.ExpiresIn(c.now))
		})
	}
}

func TestRequiredFieldsForGateway(t *testing.T) {
	noEmail := func() *juspay.CreateCustomerRequest {
		return &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655"}
	}
	calls := []struct {
		name string
		do   func(*juspay.Client) error
	}{
		{"CreateCustomer", func(c *juspay.Client) error {
			_, err := c.CreateCustomer(context.Background(), noEmail())
			return err
		}},
		{"GetOrCreateCustomer", func(c *juspay.Client) error {
			_, err := c.GetOrCreateCustomer(context.Background(), noEmail())
			return err
		}},
	}
	for _, call := range calls {
		t.Run(call.name, func(t *testing.T) { // refuses a request without e-mail
			rec, client := echoing(t, http.StatusOK, sampleCustomer, juspay.WithRequiredFieldsFor(juspay.GatewayPayPal))

			err := call.do(client)
			var vErr *juspay.ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, "email_address", vErr.Field)
			assert.Equal(t, juspay.Gateway("PAYPAL"), vErr.Gateway)
			assert.ErrorIs(t, err, juspay.ErrValidation)
			assert.Zero(t, len(rec.all()), "nothing may be sent")
		})
	}

	t.Run("withEmail", func(t *testing.T) { // a create with an e-mail is sent
		rec, client := echoing(t, http.StatusOK, sampleCustomer, juspay.WithRequiredFieldsFor(juspay.GatewayPayPal))
		req := noEmail()
		req.EmailAddress = "customer@gmail.com"
		_, err := client.CreateCustomer(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, 1, len(rec.all()))
	})

	t.Run("updateUnchecked", func(t *testing.T) {
		rec, client := echoing(t, http.StatusOK, bodyUpdated, juspay.WithRequiredFieldsFor(juspay.GatewayPayPal))
		_, err := client.UpdateCustomer(context.Background(), &juspay.UpdateCustomerRequest{CustomerID: "cst_1", FirstName: "John"})
		require.NoError(t, err)
		assert.Equal(t, 1, len(rec.all()))
	})
}

func TestGetOrCreateCustomer(t *testing.T) {
	const ref = "customer@gmail.com"
	cases := []struct {
		name      string
		existing  bool
		token     bool
		wantCalls []juspaytest.Route
		wantQuery []string // RawQuery of each call
	}{
		{"found", true, false, []juspaytest.Route{juspaytest.RouteGet}, []string{""}},
		{"foundWithToken", true, true, []juspaytest.Route{juspaytest.RouteGet}, []string{"options.get_client_auth_token=true"}},
		{"created", false, false,
			[]juspaytest.Route{juspaytest.RouteGet, juspaytest.RouteCreate}, []string{"", ""}},
		{"createdWithToken", false, true,
			[]juspaytest.Route{juspaytest.RouteGet, juspaytest.RouteCreate}, []string{"options.get_client_auth_token=true", ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, client := newFake(t)
			var existing juspaytest.Customer
			if c.existing {
				var err error
				existing, err = s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: "9988776655"})
				require.NoError(t, err)
			}

			cust, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: ref, MobileNumber: "9988776655", EmailAddress: "customer@gmail.com",
				GetClientAuthToken: c.token,
			})
			require.NoError(t, err)
			require.NotNil(t, cust)
			assert.Equal(t, ref, cust.ObjectReferenceID)
			if c.existing {
				assert.Equal(t, existing.ID, cust.ID)
			}
			assert.Len(t, s.Customers(), 1, "exactly one customer exists")
			if c.token {
				require.NotNil(t, cust.ClientAuth)
				assert.True(t, s.TokenValid(cust.ClientAuth.Token))
			} else {
				assert.Nil(t, cust.ClientAuth)
			}

			reqs := s.Requests()
			require.Len(t, reqs, len(c.wantCalls))
			for i, r := range reqs {
				assert.Equal(t, c.wantCalls[i], r.Route)
				assert.Equal(t, ref, r.RoutingID, "x-routing-id of %s", r.Route)
				assert.Equal(t, c.wantQuery[i], r.RawQuery, "query of %s", r.Route)
				if r.Route == juspaytest.RouteCreate {
					assert.Equal(t, c.token, r.Form.Get("options.get_client_auth_token") == "true")
				}
			}
		})
	}
}

func TestGetOrCreateCustomerUsesRoutingID(t *testing.T) {
	s, client := newFake(t)
	_, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655", RoutingID: "cart_42",
	})
	require.NoError(t, err)
	reqs := s.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, "cart_42", r.RoutingID, "x-routing-id of %s", r.Route)
	}
}

func TestGetOrCreateCustomerGetRefused(t *testing.T) {
	s, client := newFake(t)
	s.FailNext(juspaytest.RouteGet, 1, http.StatusUnauthorized, `{"status":"error","error_code":"access_denied"}`)

	cust, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655",
	})
	assert.Nil(t, cust)
	assert.True(t, juspay.IsUnauthorized(err), "IsUnauthorized(%v)", err)
	assert.Empty(t, s.RequestsTo(juspaytest.RouteCreate), "no create after a refused get")
	assert.Empty(t, s.Customers())
}

// TestGetOrCreateCustomerBareNotFound: a 404 that is not Juspay's
// object_not_found (a proxy's page, a wrong base URL) is returned as it is,
// and nothing is created.
func TestGetOrCreateCustomerBareNotFound(t *testing.T) {
	for name, body := range map[string]string{"html": "<html><body>404 Not Found</body></html>", "object": "{}", "empty": ""} {
		t.Run(name, func(t *testing.T) {
			rec, client := answering(t, http.StatusNotFound, body)
			cust, err := client.GetOrCreateCustomer(context.Background(), minimalRequest())
			assert.Nil(t, cust)
			assert.True(t, juspay.IsNotFound(err), "IsNotFound(%v)", err)
			assert.Equal(t, http.StatusNotFound, apiError(t, err).HTTPStatus)
			reqs := rec.all()
			require.Len(t, reqs, 1, "only the get is sent")
			assert.Equal(t, http.MethodGet, reqs[0].Method)
		})
	}
}

// TestGetOrCreateCustomerRace: two calls for one new customer both see "not
// found" before either creates it; one create wins, the other meets "already
// exists". Both must return the one customer.
func TestGetOrCreateCustomerRace(t *testing.T) {
	const ref = "customer@gmail.com"
	var (
		mu       sync.Mutex
		created  bool
		posts    atomic.Int32
		gets     atomic.Int32
		arrived  sync.WaitGroup
		bothSeen = make(chan struct{})
	)
	arrived.Add(2)
	go func() { arrived.Wait(); close(bothSeen) }()
	customer := `{"id":"cst_racewinner00001","object":"customer","object_reference_id":"` + ref + `"}`
	rec := &recorder{}
	_, client := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		switch r.Method {
		case http.MethodGet:
			if gets.Add(1) <= 2 { // hold both first gets until both arrived
				arrived.Done()
				select {
				case <-bothSeen:
				case <-time.After(5 * time.Second):
					t.Error("the second GetOrCreate's get never arrived")
				}
				write(w, http.StatusNotFound, bodyNotFound)
				return
			}
			write(w, http.StatusOK, customer)
		case http.MethodPost:
			posts.Add(1)
			mu.Lock()
			defer mu.Unlock()
			if created {
				write(w, http.StatusBadRequest, bodyDuplicate)
				return
			}
			created = true
			write(w, http.StatusOK, customer)
		}
	})

	var (
		wg    sync.WaitGroup
		custs [2]*juspay.Customer
		errs  [2]error
	)
	for i := range custs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			custs[i], errs[i] = client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: ref, MobileNumber: "9988776655",
			})
		}(i)
	}
	wg.Wait()

	for i := range custs {
		require.NoError(t, errs[i], "call %d", i)
		require.NotNil(t, custs[i])
		assert.Equal(t, "cst_racewinner00001", custs[i].ID, "call %d", i)
	}
	assert.Equal(t, int32(2), posts.Load(), "both created")
	assert.Len(t, rec.all(), 5, "2 gets, 2 creates, 1 get after the duplicate")
	for _, r := range rec.all() {
		assert.Equal(t, ref, r.Header.Get("X-Routing-Id"))
	}
}

// TestGetOrCreateCustomerReferenceConflict: Juspay's get also resolves its
// own ids, so a reference equal to another customer's id finds that
// customer. GetOrCreate must not return it, its data or a token for it.
// (A reference shaped like Juspay's ids is refused before anything is sent;
// the victim here has an id of another shape, which only the answer's
// check can catch.)
func TestGetOrCreateCustomerReferenceConflict(t *testing.T) {
	for _, token := range []bool{false, true} {
		t.Run(fmt.Sprintf("token=%v", token), func(t *testing.T) {
			s, client := newFake(t)
			victim, err := s.AddCustomer(juspaytest.Customer{ID: "legacy-victim-0001",
				ObjectReferenceID: "victim-user-1", EmailAddress: "victim@example.com", MobileNumber: "9876543210",
			})
			require.NoError(t, err)

			cust, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: victim.ID, MobileNumber: "9999999999", GetClientAuthToken: token,
			})
			assert.Nil(t, cust, "the victim is never returned")
			require.ErrorIs(t, err, juspay.ErrReferenceConflict)
			re := requestError(t, err)
			assert.Equal(t, "GetOrCreateCustomer", re.Call)
			assert.Equal(t, http.StatusOK, re.HTTPStatus)
			for _, s := range []string{"victim", "9876543210", victim.ID} {
				assert.NotContains(t, err.Error(), s)
				assert.NotContains(t, fmt.Sprintf("%+v", err), s)
			}
			assert.Len(t, s.Customers(), 1, "nothing was created")
			assert.Empty(t, s.RequestsTo(juspaytest.RouteCreate))
		})
	}
}

// TestCustomerCallsRefuseNonCustomers: a 2xx whose body is not a customer
// is an error, never an empty *Customer.
func TestCustomerCallsRefuseNonCustomers(t *testing.T) {
	bodies := map[string]string{
		"empty object":     `{}`,
		"null":             `null`,
		"array":            `[]`,
		"no id":            `{"object":"customer","object_reference_id":"customer_1122"}`,
		"error shape":      bodyNotFound,
		"empty":            ``,
		"HTML":             `<html>OK</html>`,
		"truncated":        `{"id":"cst_1","object":`,
		"string":           `"cst_1"`,
		"id is an object":  `{"id":{"value":"cst_1"}}`,
		"trailing garbage": `{"id":"cst_1"} x`,
	}
	calls := map[string]func(*juspay.Client) (*juspay.Customer, error){
		"CreateCustomer": func(c *juspay.Client) (*juspay.Customer, error) {
			return c.CreateCustomer(context.Background(), minimalRequest())
		},
		"GetCustomer": func(c *juspay.Client) (*juspay.Customer, error) {
			return c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer_1122"})
		},
		"UpdateCustomer": func(c *juspay.Client) (*juspay.Customer, error) {
			return c.UpdateCustomer(context.Background(), &juspay.UpdateCustomerRequest{CustomerID: "customer_1122", FirstName: "John"})
		},
		"GetOrCreateCustomer": func(c *juspay.Client) (*juspay.Customer, error) {
			return c.GetOrCreateCustomer(context.Background(), minimalRequest())
		},
	}
	for name, body := range bodies {
		for call, do := range calls {
			t.Run(name+"/"+call, func(t *testing.T) {
				rec, client := echoing(t, http.StatusOK, body)
				var (
					cust *juspay.Customer
					err  error
				)
				require.NotPanics(t, func() { cust, err = do(client) })
				assert.Nil(t, cust)
				require.ErrorIs(t, err, juspay.ErrUnexpectedResponse)
				re := requestError(t, err)
				assert.Equal(t, http.StatusOK, re.HTTPStatus)
				assert.Equal(t, call, re.Call)
				var ae *juspay.APIError
				assert.False(t, errors.As(err, &ae), "a 2xx is no *APIError")
				assert.Len(t, rec.all(), 1, "not retried")
			})
		}
	}
}

// TestMissingClientAuthToken: whichever call was asked for a token, an
// answer without one fails the same way.
func TestMissingClientAuthToken(t *testing.T) {
	withToken := func(r *juspay.CreateCustomerRequest) *juspay.CreateCustomerRequest {
		r.GetClientAuthToken = true
		return r
	}
	calls := map[string]func(*juspay.Client) (any, error){
		"CreateCustomer":      bind((*juspay.Client).CreateCustomer, withToken(minimalRequest())),
		"GetCustomer":         bind((*juspay.Client).GetCustomer, &juspay.GetCustomerRequest{CustomerID: "cst_1", GetClientAuthToken: true}),
		"GetOrCreateCustomer": bind((*juspay.Client).GetOrCreateCustomer, withToken(minimalRequest())),
		"ClientAuthToken":     bind((*juspay.Client).ClientAuthToken, &juspay.GetCustomerRequest{CustomerID: "cst_1"}),
	}
	bodies := map[string]string{
		"no juspay object": `{"id":"cst_1","object":"customer","object_reference_id":"customer_1122"}`,
		"empty token":      `{"id":"cst_1","object_reference_id":"customer_1122","juspay":{"client_auth_token":"","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}`,
		"null juspay":      `{"id":"cst_1","object_reference_id":"customer_1122","juspay":null}`,
		"empty juspay":     `{"id":"cst_1","object_reference_id":"customer_1122","juspay":{}}`,
		"null token":       `{"id":"cst_1","object_reference_id":"customer_1122","juspay":{"client_auth_token":null}}`,
	}
	for name, body := range bodies {
		for call, do := range calls {
			t.Run(name+"/"+call, func(t *testing.T) {
				_, client := echoing(t, http.StatusOK, body)
				got, err := do(client)
				assert.Nil(t, got)
				require.ErrorIs(t, err, juspay.ErrNoClientAuthToken)
				re := requestError(t, err)
				assert.Equal(t, call, re.Call)
				assert.Equal(t, http.StatusOK, re.HTTPStatus)
				assert.Contains(t, err.Error(), "ClientAuthToken", "the error says how to get a token")
			})
		}
	}

	t.Run("notAsked", func(t *testing.T) { // none needed
		_, client := echoing(t, http.StatusOK, sampleCustomer)
		cust, err := client.CreateCustomer(context.Background(), minimalRequest())
		require.NoError(t, err)
		assert.Nil(t, cust.ClientAuth)
	})
}

// TestCustomerJSON: a handler can return a Customer (or hand its token to
// an app) as it is: it marshals with Juspay's wire names, reads Juspay's
// own answers, and round-trips.
func TestCustomerJSON(t *testing.T) {
	t.Run("unmarshal", func(t *testing.T) { // Juspay's answers
		var withToken, plain, updated juspay.Customer
		require.NoError(t, json.Unmarshal([]byte(sampleCustomerWithToken), &withToken))
		require.NoError(t, json.Unmarshal([]byte(sampleCustomer), &plain))
		require.NoError(t, json.Unmarshal([]byte(bodyUpdated), &updated))
		assert.Equal(t, juspay.Customer{
			ID: "cst_afdeuvmfhs3j1acm", Object: "customer", ObjectReferenceID: "customer@gmail.com",
			MobileCountryCode: "91", MobileNumber: "9988776655", EmailAddress: "customer@gmail.com",
			FirstName: "John", LastName: "Smith",
			DateCreated: utc(2020, 3, 17, 14, 13, 37), LastUpdated: utc(2020, 3, 17, 14, 13, 37),
			ClientAuth: &juspay.ClientAuth{Token: "tkn_24543c6a278f45d680d09edb32e78061", Expiry: utc(2020, 3, 17, 14, 28, 37)},
		}, withToken)
		assert.Nil(t, plain.ClientAuth)
		assert.Equal(t, utc(2020, 3, 17, 14, 16, 31), plain.DateCreated)
		assert.Equal(t, utc(2016, 8, 2, 8, 7, 52), updated.DateCreated, "the +0000 form")
		assert.Equal(t, utc(2016, 8, 2, 8, 10, 11), updated.LastUpdated)
	})

	t.Run("marshal", func(t *testing.T) { // with the wire names
		var c juspay.Customer
		require.NoError(t, json.Unmarshal([]byte(sampleCustomerWithToken), &c))
		b, err := json.Marshal(c)
		require.NoError(t, err)
		var got, want map[string]any
		require.NoError(t, json.Unmarshal(b, &got))
		require.NoError(t, json.Unmarshal([]byte(sampleCustomerWithToken), &want))
		assert.Equal(t, want, got, "the same JSON as Juspay's answer")

		b, err = json.Marshal(c.ClientAuth)
		require.NoError(t, err)
		assert.JSONEq(t, `{"client_auth_token":"tkn_24543c6a278f45d680d09edb32e78061","client_auth_token_expiry":"2020-03-17T14:28:37Z"}`, string(b))
	})

	t.Run("roundTrip", func(t *testing.T) {
		for _, c := range []juspay.Customer{
			{},
			{ID: "cst_1", Object: "customer", ObjectReferenceID: "a \"quoted\" <ref> ✓", FirstName: "José"},
			{ID: "cst_1", DateCreated: time.Date(2020, 3, 17, 14, 13, 37, 123456789, time.UTC),
				ClientAuth: &juspay.ClientAuth{Token: "tkn_1"}},
			{ID: "cst_1", ClientAuth: &juspay.ClientAuth{}},
		} {
			b, err := json.Marshal(c)
			require.NoError(t, err)
			var back juspay.Customer
			require.NoError(t, json.Unmarshal(b, &back), "%s", b)
			assert.Equal(t, c, back, "%s", b)
		}
	})

	t.Run("embedded", func(t *testing.T) { // inside a handler's own answer
		type answer struct {
			Customer *juspay.Customer   `json:"customer"`
			Auth     *juspay.ClientAuth `json:"auth"`
		}
		var c juspay.Customer
		require.NoError(t, json.Unmarshal([]byte(sampleCustomerWithToken), &c))
		b, err := json.Marshal(answer{Customer: &c, Auth: c.ClientAuth})
		require.NoError(t, err)
		assert.Contains(t, string(b), `"auth":{"client_auth_token":"tkn_24543c6a278f45d680d09edb32e78061"`)
		var back answer
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, c, *back.Customer)
		assert.Equal(t, c.ClientAuth, back.Auth, "a ClientAuth unmarshals on its own")

		require.NoError(t, json.Unmarshal([]byte(`{"customer":null,"auth":null}`), &back))
		assert.Nil(t, back.Customer)
	})
}

// TestCreateRecovery: a create whose earlier attempt may have landed and
// that then meets "already exists" returns the stored customer only when
// it is the one the request describes.
func TestCreateRecovery(t *testing.T) {
	t.Parallel()
	const ref = "user-000042"
	full := func(token bool) *juspay.CreateCustomerRequest {
		return &juspay.CreateCustomerRequest{
			ObjectReferenceID: ref, MobileNumber: "9988776655", MobileCountryCode: "91",
			EmailAddress: "user42@example.com", FirstName: "Asha", LastName: "Rao",
			GetClientAuthToken: token,
		}
	}
	stored := func() juspaytest.Customer {
		return juspaytest.Customer{
			ObjectReferenceID: ref, MobileNumber: "9988776655", MobileCountryCode: "91",
			EmailAddress: "user42@example.com", FirstName: "Asha", LastName: "Rao",
		}
	}

	t.Run("someoneElse", func(t *testing.T) { // the page's case: someone else's customer under the reference
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: "1111111111"})
		require.NoError(t, err)
		s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
		cust, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655"})
		assert.Nil(t, cust, "someone else's customer was returned")
		ae := apiError(t, err)
		assert.True(t, juspay.IsAlreadyExists(err))
		assert.Equal(t, http.StatusBadRequest, ae.HTTPStatus)
		assert.Equal(t, "unique", ae.ErrorCode)
		checkErrorText(t, err, opCreate)
		all := s.Customers()
		require.Len(t, all, 1)
		assert.Equal(t, "1111111111", all[0].MobileNumber, "the stored customer was changed")
	})

	for _, token := range []bool{false, true} {
		t.Run(fmt.Sprintf("lostAnswer_token=%v", token), func(t *testing.T) { // the one customer is returned
			t.Parallel()
			s, c := newFake(t)
			s.LoseAnswerNext(juspaytest.RouteCreate, 1)
			cust, err := c.CreateCustomer(context.Background(), full(token))
			require.NoError(t, err)
			all := s.Customers()
			require.Len(t, all, 1, "exactly one customer exists")
			assert.Equal(t, all[0].ID, cust.ID)
			assert.Equal(t, ref, cust.ObjectReferenceID)
			assert.Equal(t, "user42@example.com", cust.EmailAddress)
			assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
			gets := s.RequestsTo(juspaytest.RouteGet)
			require.Len(t, gets, 1, "the customer is fetched once")
			assert.Equal(t, ref, gets[0].RoutingID, "the fetch is routed as the create")
			if token {
				require.NotNil(t, cust.ClientAuth, "the token asked for is carried")
				assert.True(t, s.TokenValid(cust.ClientAuth.Token))
				assert.Equal(t, "true", gets[0].Query.Get("options.get_client_auth_token"))
			} else {
				assert.Nil(t, cust.ClientAuth)
			}
		})
	}

	for _, tc := range []struct {
		name    string
		change  func(*juspaytest.Customer)
		recover bool
	}{
		{"otherEmail", func(c *juspaytest.Customer) { c.EmailAddress = "other@example.com" }, false},
		{"noEmail", func(c *juspaytest.Customer) { c.EmailAddress = "" }, false},
		{"otherFirstName", func(c *juspaytest.Customer) { c.FirstName = "Ashok" }, false},
		{"otherLastName", func(c *juspaytest.Customer) { c.LastName = "Roy" }, false},
		{"otherCountryCode", func(c *juspaytest.Customer) { c.MobileCountryCode = "65" }, false},
		{"otherMobile", func(c *juspaytest.Customer) { c.MobileNumber = "9988776600" }, false},
		{"same", func(*juspaytest.Customer) {}, true},
		{"emailCase", func(c *juspaytest.Customer) { c.EmailAddress = "User42@Example.com" }, true},
		{"plusCountryCode", func(c *juspaytest.Customer) { c.MobileCountryCode = "+91" }, true},
	} {
		t.Run("stored_"+tc.name, func(t *testing.T) { // 503, then already exists
			t.Parallel()
			s, c := newFake(t)
			seed := stored()
			tc.change(&seed)
			_, err := s.AddCustomer(seed)
			require.NoError(t, err)
			s.FailNext(juspaytest.RouteCreate, 1, http.StatusServiceUnavailable, "")
			cust, err := c.CreateCustomer(context.Background(), full(false))
			assert.Len(t, s.Customers(), 1)
			if tc.recover {
				require.NoError(t, err)
				assert.Equal(t, s.Customers()[0].ID, cust.ID)
				return
			}
			assert.Nil(t, cust)
			assert.True(t, juspay.IsAlreadyExists(err), "got %v", err)
			apiError(t, err)
			checkErrorText(t, err, opCreate)
		})
	}

	t.Run("fewerFields", func(t *testing.T) { // than stored: recovers
		t.Parallel()
		s, c := newFake(t)
		s.LoseAnswerNext(juspaytest.RouteCreate, 1)
		req := &juspay.CreateCustomerRequest{ObjectReferenceID: ref, MobileNumber: "9988776655"}
		cust, err := c.CreateCustomer(context.Background(), req)
		require.NoError(t, err)
		require.Len(t, s.Customers(), 1)
		assert.Equal(t, s.Customers()[0].ID, cust.ID)
	})

	t.Run("throttled", func(t *testing.T) { // 429, then already exists: stays an error
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(stored()) // the very customer asked for: only the 429 tells it was not ours
		require.NoError(t, err)
		s.ThrottleNext(juspaytest.RouteCreate, 1, "0")
		cust, err := c.CreateCustomer(context.Background(), full(false))
		assert.Nil(t, cust)
		ae := apiError(t, err)
		assert.Equal(t, http.StatusBadRequest, ae.HTTPStatus)
		assert.Equal(t, 2, ae.Attempts)
		assert.True(t, juspay.IsAlreadyExists(err))
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
		assert.Empty(t, s.RequestsTo(juspaytest.RouteGet), "a 429 never landed: nothing to recover")
		checkErrorText(t, err, opCreate)
	})

	t.Run("firstAttempt", func(t *testing.T) { // a duplicate on the first attempt stays an error
		t.Parallel()
		s, c := newFake(t)
		_, err := s.AddCustomer(stored())
		require.NoError(t, err)
		cust, err := c.CreateCustomer(context.Background(), full(true))
		assert.Nil(t, cust)
		ae := apiError(t, err)
		assert.Equal(t, 1, ae.Attempts)
		assert.True(t, juspay.IsAlreadyExists(err))
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 1)
		assert.Empty(t, s.RequestsTo(juspaytest.RouteGet), "no fetch for the caller's own duplicate")
		assert.Len(t, s.Customers(), 1)
	})

	t.Run("dropBeforeStore", func(t *testing.T) { // the retry creates
		t.Parallel()
		s, c := newFake(t)
		s.DropNext(juspaytest.RouteCreate, 1)
		cust, err := c.CreateCustomer(context.Background(), full(true))
		require.NoError(t, err)
		require.Len(t, s.Customers(), 1)
		assert.Equal(t, s.Customers()[0].ID, cust.ID)
		require.NotNil(t, cust.ClientAuth)
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
	})

	t.Run("dropAfterStore", func(t *testing.T) { // then already exists: recovered
		t.Parallel()
		s, c := newFake(t)
		s.InjectFault(juspaytest.RouteCreate, 1, juspaytest.Fault{Drop: true, AfterStore: true})
		cust, err := c.CreateCustomer(context.Background(), full(true))
		require.NoError(t, err)
		all := s.Customers()
		require.Len(t, all, 1)
		assert.Equal(t, all[0].ID, cust.ID)
		require.NotNil(t, cust.ClientAuth)
		assert.True(t, s.TokenValid(cust.ClientAuth.Token))
		assert.Len(t, s.RequestsTo(juspaytest.RouteCreate), 2)
		assert.Len(t, s.RequestsTo(juspaytest.RouteGet), 1)
	})

	t.Run("timedOut", func(t *testing.T) { // stored, then the attempt timed out: recovered
		t.Parallel()
		// Juspay stores the customer but the answer never comes; the
		// attempt times out, the retry meets "already exists".
		var (
			mu      sync.Mutex
			created bool
			posts   atomic.Int32
			release = make(chan struct{})
		)
		_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				write(w, 200, `{"id":"cst_stored0001","object":"customer","object_reference_id":"user-000042",`+
					`"mobile_number":"9988776655","mobile_country_code":"91","email_address":"user42@example.com",`+
					`"first_name":"Asha","last_name":"Rao"}`)
				return
			}
			posts.Add(1)
			_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leave
			mu.Lock()
			dup := created
			created = true
			mu.Unlock()
			if dup {
				write(w, 400, bodyDuplicate)
				return
			}
			select { // the client gives up: the answer is lost
			case <-r.Context().Done():
			case <-release:
			}
		}, juspay.WithTimeout(150*time.Millisecond))
		t.Cleanup(func() { close(release) }) // runs before the server closes
		cust, err := c.CreateCustomer(context.Background(), full(false))
		require.NoError(t, err)
		assert.Equal(t, "cst_stored0001", cust.ID)
		assert.Equal(t, int32(2), posts.Load())
	})
}
