package juspay_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// The two sample responses of the Create Customer page, verbatim.
const (
	pageSampleNoToken = `{
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
	pageSampleWithToken = `{
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
)

// The documented error bodies (spec/juspay-api-facts.md).
const (
	bodyDuplicate = `{"error_message":"Customer with given object reference id already exist for your account.",
 "status":"invalid_request_error","error_code":"unique",
 "error_info":{"user_message":"Already exists.","developer_message":"...","code":"ALREADY_EXISTS","category":"USER_ERROR"}}`
	bodyUnauthorized = `{"status":"error","error_code":"access_denied",
 "error_info":{"user_message":"Unauthorized.","developer_message":"Invalid API Key...","code":"UNAUTHORIZED","category":"USER_ERROR"}}`
	bodyForbidden = `{"error":true,"error_message":"Internal Server error.","user_message":"Bad Origin.",
 "error_info":{"code":"BAD_ORIGIN","developer_message":"IP Verification Failed"}}`
	bodyNotFound = `{"error_message":"Cannot find what you are looking for","status":"invalid_request_error","error_code":"object_not_found",
 "error_info":{"code":"RESOURCE_NOT_FOUND"}}`
)

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
			name: "RoutingID is sent as x-routing-id, +91 as 91",
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
			name: "spaces, apostrophes, non-ASCII and a + mobile with a country code",
			req: juspay.CreateCustomerRequest{
				ObjectReferenceID: "cust 12345678",
				MobileNumber:      "+919912346789",
				MobileCountryCode: "91",
				FirstName:         "Mary Ann",
				LastName:          "D'Souza José",
				EmailAddress:      "o'brien+shop@example.co.in",
			},
			wantForm: url.Values{
				"object_reference_id": {"cust 12345678"},
				"mobile_number":       {"+919912346789"},
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
			srv, rec := newRecordingServer(t, http.StatusOK, pageSampleNoToken)
			client := newClientFor(t, srv.URL)
			req := c.req
			_, err := client.CreateCustomer(context.Background(), &req)
			require.NoError(t, err)

			got := rec.only(t)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, "/customers", got.EscapedPath)
			assert.Empty(t, got.RawQuery)

			wantHeaders := map[string]string{
				"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(sampleAPIKey+":")),
				"X-Merchantid":  sampleMerchantID,
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
			assert.Equal(t, sampleAPIKey, user)
			assert.Empty(t, pass)

			// Byte by byte: sorted keys, query-escaped, as url.Values encodes.
			assert.Equal(t, c.wantForm.Encode(), string(got.Body))
			form, err := url.ParseQuery(string(got.Body))
			require.NoError(t, err)
			assert.Equal(t, c.wantForm, form)
			assert.Equal(t, int64(len(got.Body)), got.ContentLength, "the body has a Content-Length")
			assert.Empty(t, got.TransferEncoding, "the body is not chunked")
		})
	}
}

func TestCreateCustomerDecodes(t *testing.T) {
	cases := []struct {
		name string
		body string
		want juspay.Customer
	}{
		{
			name: "page sample without token",
			body: pageSampleNoToken,
			want: juspay.Customer{
				ID: "cst_pcxaymwoh9vbse97", Object: "customer", ObjectReferenceID: "customer@gmail.com",
				MobileCountryCode: "91", MobileNumber: "9988776655", EmailAddress: "customer@gmail.com",
				FirstName: "John", LastName: "Smith",
				DateCreated: utc(2020, 3, 17, 14, 16, 31), LastUpdated: utc(2020, 3, 17, 14, 16, 31),
			},
		},
		{
			name: "page sample with token",
			body: pageSampleWithToken,
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
			name: "+0000 timestamps",
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
			name: "+65 country code kept as sent",
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
			srv, _ := newRecordingServer(t, http.StatusOK, c.body)
			client := newClientFor(t, srv.URL)

			got, err := client.CreateCustomer(context.Background(), minimalCreate())
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, c.want, *got)
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
			srv := newServerFunc(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				w.Header().Set("Content-Type", c.contentType)
				w.WriteHeader(c.status)
				_, _ = w.Write([]byte(c.body))
			})
			client := newClientFor(t, srv.URL, juspay.WithMaxRetries(0))

			cust, err := client.CreateCustomer(context.Background(), minimalCreate())
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
			assert.Equal(t, 1, rec.count(), "WithMaxRetries(0) makes one attempt")
		})
	}
}

func TestCreateCustomerUnreadable200(t *testing.T) {
	cases := []struct {
		name string
		body string
	}{
		{"HTML", "<html>OK</html>"},
		{"empty", ""},
		{"truncated JSON", `{"id":"cst_1","object":`},
		{"JSON array", `[1,2,3]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, _ := newRecordingServer(t, http.StatusOK, c.body)
			client := newClientFor(t, srv.URL)

			var (
				cust *juspay.Customer
				err  error
			)
			require.NotPanics(t, func() { cust, err = client.CreateCustomer(context.Background(), minimalCreate()) })
			require.Error(t, err)
			assert.Nil(t, cust)
			var reqErr *juspay.RequestError
			require.ErrorAs(t, err, &reqErr)
			assert.Equal(t, http.StatusOK, reqErr.HTTPStatus)
			var apiErr *juspay.APIError
			assert.False(t, errors.As(err, &apiErr), "a 2xx is no *APIError")
			assert.True(t, strings.HasPrefix(err.Error(), "juspay: CreateCustomer POST /customers: "), err.Error())
		})
	}
}

func TestCreateCustomerUnreadable200WrapsJSONError(t *testing.T) {
	srv, _ := newRecordingServer(t, http.StatusOK, "<html>OK</html>")
	client := newClientFor(t, srv.URL)
	_, err := client.CreateCustomer(context.Background(), minimalCreate())
	var syntaxErr *json.SyntaxError
	assert.ErrorAs(t, err, &syntaxErr)
}

func TestCreateCustomerInvalidSendsNothing(t *testing.T) {
	cases := []struct {
		name  string
		req   *juspay.CreateCustomerRequest
		field string
	}{
		{"nil request", nil, "request"},
		{"object_reference_id too short", &juspay.CreateCustomerRequest{ObjectReferenceID: "cust_1", MobileNumber: "9988776655"}, "object_reference_id"},
		{"no mobile number", &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122"}, "mobile_number"},
		{"country code with letters", &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655", MobileCountryCode: "abcd"}, "mobile_country_code"},
		{"routing id with LF", &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655", RoutingID: "a\nb"}, "x-routing-id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, rec := newRecordingServer(t, http.StatusOK, pageSampleNoToken)
			client := newClientFor(t, srv.URL)

			cust, err := client.CreateCustomer(context.Background(), c.req)
			assert.Nil(t, cust)
			var vErr *juspay.ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, c.field, vErr.Field)
			assert.ErrorIs(t, err, juspay.ErrValidation)
			assert.Zero(t, rec.count(), "nothing may be sent")
		})
	}
}
