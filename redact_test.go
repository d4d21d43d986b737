package juspay

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The secrets of these tests: none may show up in any printed or logged form.
const (
	rtAPIKey    = "sk_live_SECRETKEY123"
	rtMerchant  = "merchant_1"
	rtToken     = "tkn_24543c6a278f45d680d09edb32e78061"
	rtEmail     = "secret.customer@gmail.com"
	rtMobile    = "9988776655"
	rtObjRef    = "objref.customer@gmail.com"
	rtRoutingID = "routing_customer_1122"
	rtCustID    = "lookup.customer@gmail.com" // an object_reference_id used as {id}
	rtFirstName = "Johnathan"
	rtLastName  = "Smithsonian"
)

// rtSecrets lists every secret in the forms it could leak in: as is,
// hex-encoded (%x), and, for the key, as the Basic credentials.
func rtSecrets() map[string]string {
	m := map[string]string{
		"API key":                    rtAPIKey,
		"Basic credentials":          base64.StdEncoding.EncodeToString([]byte(rtAPIKey + ":")),
		"Basic credentials no colon": base64.StdEncoding.EncodeToString([]byte(rtAPIKey)),
		"token":                      rtToken,
		"token secret part":          strings.TrimPrefix(rtToken, "tkn_"),
		"email":                      rtEmail,
		"mobile":                     rtMobile,
		"object_reference_id":        rtObjRef,
		"routing id":                 rtRoutingID,
		"customer id":                rtCustID,
		"customer id escaped":        "lookup.customer%40gmail.com",
		"first name":                 rtFirstName,
		"last name":                  rtLastName,
	}
	for name, s := range m {
		m[name+" (hex)"] = hex.EncodeToString([]byte(s))
		m[name+" (HEX)"] = strings.ToUpper(hex.EncodeToString([]byte(s)))
	}
	return m
}

// rtAssertNoSecret fails if out holds any secret.
func rtAssertNoSecret(t *testing.T, what, out string) {
	t.Helper()
	for name, s := range rtSecrets() {
		assert.NotContains(t, out, s, "%s leaks the %s: %s", what, name, out)
	}
}

// rtRenderings prints v every way a user might: each fmt verb, Sprint,
// Println, and slog's text handler and (with json) JSON handler, with
// slog.Any, key-value, With and Group.
func rtRenderings(t *testing.T, v any, json bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%T %[1]v"} {
		out["fmt "+verb] = fmt.Sprintf(verb, v)
	}
	out["fmt.Sprint"] = fmt.Sprint(v)
	out["fmt.Sprintln"] = fmt.Sprintln(v)
	var pl bytes.Buffer
	_, err := fmt.Fprintln(&pl, "value:", v)
	require.NoError(t, err)
	out["fmt.Fprintln"] = pl.String()
	handlers := map[string]func(io.Writer) slog.Handler{
		"json": func(w io.Writer) slog.Handler {
			return slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
		"text": func(w io.Writer) slog.Handler {
			return slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
	}
	if !json {
		delete(handlers, "json")
	}
	for name, h := range handlers {
		var buf bytes.Buffer
		l := slog.New(h(&buf))
		l.Info("slog.Any", slog.Any("value", v))
		l.Debug("key-value", "value", v)
		l.With("bound", v).Warn("with")
		l.Info("group", slog.Group("g", slog.Any("value", v)))
		out["slog "+name] = buf.String()
	}
	return out
}

// rtAssertNeverPrinted checks every rendering of v, and that each holds want
// (something harmless that shows the value was printed at all).
func rtAssertNeverPrinted(t *testing.T, v any, want ...string) {
	t.Helper()
	rtAssertRenderings(t, rtRenderings(t, v, true), want...)
}

func rtAssertRenderings(t *testing.T, renderings map[string]string, want ...string) {
	t.Helper()
	for how, s := range renderings {
		rtAssertNoSecret(t, how, s)
		if strings.HasPrefix(how, "fmt %x") || strings.HasPrefix(how, "fmt %X") || how == "fmt %t" {
			continue
		}
		for _, w := range want {
			assert.Contains(t, s, w, "%s output", how)
		}
	}
}

func rtNewClient(t *testing.T, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(rtAPIKey, rtMerchant, opts...)
	require.NoError(t, err)
	return c
}

func rtCustomer() *Customer {
	return &Customer{
		ID:                "cst_afdeuvmfhs3j1acm",
		Object:            "customer",
		ObjectReferenceID: rtObjRef,
		MobileCountryCode: "91",
		MobileNumber:      rtMobile,
		EmailAddress:      rtEmail,
		FirstName:         rtFirstName,
		LastName:          rtLastName,
		DateCreated:       time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC),
		LastUpdated:       time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC),
		ClientAuth:        &ClientAuth{Token: rtToken, Expiry: time.Date(2020, 3, 17, 14, 28, 37, 0, time.UTC)},
	}
}

func TestRedactClient(t *testing.T) {
	c := rtNewClient(t)
	t.Run("pointer", func(t *testing.T) {
		rtAssertNeverPrinted(t, c, rtMerchant)
	})
	t.Run("copied value", func(t *testing.T) {
		// A Client value copied out of the pointer has none of its methods:
		// fmt and slog walk its fields by reflection.
		copied := reflect.ValueOf(c).Elem().Interface()
		require.IsType(t, Client{}, copied)
		rtAssertNeverPrinted(t, copied)
	})
	t.Run("inside a user's struct", func(t *testing.T) {
		type service struct {
			Juspay *Client
			name   string
			client *Client
		}
		rtAssertNeverPrinted(t, service{Juspay: c, name: "svc", client: c})
		rtAssertNeverPrinted(t, &service{Juspay: c, name: "svc", client: c})
	})
	t.Run("nil", func(t *testing.T) {
		var nc *Client
		assert.NotPanics(t, func() { _ = fmt.Sprintf("%v %+v %#v %s", nc, nc, nc, nc) })
	})
	t.Run("with options", func(t *testing.T) {
		rtAssertNeverPrinted(t, rtNewClient(t, WithEnvironment(Production), WithUserAgent("shop/1.0"), WithMaxRetries(0)), rtMerchant)
	})
}

func TestRedactCustomer(t *testing.T) {
	cust := rtCustomer()
	orig := *cust
	origAuth := *cust.ClientAuth

	rtAssertNeverPrinted(t, cust, "cst_afdeuvmfhs3j1acm")
	rtAssertNeverPrinted(t, *cust, "cst_afdeuvmfhs3j1acm")
	rtAssertNeverPrinted(t, cust.ClientAuth, "tkn_")
	rtAssertNeverPrinted(t, *cust.ClientAuth, "tkn_")
	// In containers, slog cannot resolve LogValue: its JSON handler then
	// uses encoding/json, which the library leaves alone so that users can
	// still serialize customers. fmt and the text handler mask.
	rtAssertRenderings(t, rtRenderings(t, []*Customer{cust, cust}, false), "cst_afdeuvmfhs3j1acm")
	rtAssertRenderings(t, rtRenderings(t, map[string]Customer{"c": *cust}, false), "cst_afdeuvmfhs3j1acm")

	noToken := *cust
	noToken.ClientAuth = nil
	rtAssertNeverPrinted(t, noToken, "cst_afdeuvmfhs3j1acm")

	// The fields themselves stay readable.
	assert.Equal(t, rtEmail, cust.EmailAddress)
	assert.Equal(t, rtMobile, cust.MobileNumber)
	assert.Equal(t, rtObjRef, cust.ObjectReferenceID)
	assert.Equal(t, rtToken, cust.ClientAuth.Token)
	assert.Equal(t, orig, *cust)
	assert.Equal(t, origAuth, *cust.ClientAuth)

	var nilCust *Customer
	assert.NotPanics(t, func() { _ = fmt.Sprintf("%v %+v %#v", nilCust, nilCust, nilCust) })
}

func TestRedactCustomerKeepsEnoughToTellApart(t *testing.T) {
	s := fmt.Sprint(rtCustomer())
	for _, want := range []string{"cst_afdeuvmfhs3j1acm", "91", "***55", "s***@***", "tkn_***", "2020-03-17T14:13:37Z"} {
		assert.Contains(t, s, want)
	}
}

func TestRedactCustomerInUsersStruct(t *testing.T) {
	cust := rtCustomer()
	type byPointerField struct {
		Customer *Customer
		Plan     string
	}
	type byValueField struct {
		Customer Customer
		Plan     string
	}
	type embedsPointer struct {
		*Customer
		Plan string
	}
	type embedsValue struct {
		Customer
		Plan string
	}
	values := map[string]any{
		"pointer field":       byPointerField{Customer: cust, Plan: "gold"},
		"value field":         byValueField{Customer: *cust, Plan: "gold"},
		"embedded pointer":    embedsPointer{Customer: cust, Plan: "gold"},
		"embedded value":      embedsValue{Customer: *cust, Plan: "gold"},
		"pointer to embedder": &embedsValue{Customer: *cust, Plan: "gold"},
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
				out := fmt.Sprintf(verb, v)
				assert.NotContains(t, out, rtEmail, "%s of %s", verb, name)
				assert.NotContains(t, out, rtMobile, "%s of %s", verb, name)
				assert.NotContains(t, out, rtToken, "%s of %s", verb, name)
			}
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, nil)).Info("order", "order", v)
			assert.NotContains(t, buf.String(), rtEmail)
			assert.NotContains(t, buf.String(), rtToken)
		})
	}
}

func TestRedactRequests(t *testing.T) {
	create := &CreateCustomerRequest{
		ObjectReferenceID: rtObjRef, MobileNumber: rtMobile, MobileCountryCode: "91", EmailAddress: rtEmail,
		FirstName: rtFirstName, LastName: rtLastName, GetClientAuthToken: true, RoutingID: rtRoutingID,
	}
	createWithPlus := *create
	createWithPlus.MobileNumber = "+91" + rtMobile
	update := &UpdateCustomerRequest{
		CustomerID: rtCustID, MobileNumber: rtMobile, MobileCountryCode: "+91", EmailAddress: rtEmail,
		FirstName: rtFirstName, LastName: rtLastName, RoutingID: rtRoutingID,
	}
	get := &GetCustomerRequest{CustomerID: rtCustID, GetClientAuthToken: true, RoutingID: rtRoutingID}
	before := []any{*create, *update, *get}

	cases := []struct {
		name string
		v    any
		want string // a harmless part of every rendering
	}{
		{"*CreateCustomerRequest", create, "ObjectReferenceID"},
		{"CreateCustomerRequest", *create, "ObjectReferenceID"},
		{"CreateCustomerRequest with plus", createWithPlus, "ObjectReferenceID"},
		{"*UpdateCustomerRequest", update, "CustomerID"},
		{"UpdateCustomerRequest", *update, "CustomerID"},
		{"*GetCustomerRequest", get, "CustomerID"},
		{"GetCustomerRequest", *get, "CustomerID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rtAssertNeverPrinted(t, tc.v, tc.want)
		})
	}
	assert.Equal(t, before, []any{*create, *update, *get}, "printing must not change the requests")
}

// rtTransport answers with a fixed status and body, or fails with err.
type rtTransport struct {
	status int
	body   string
	err    error
	block  bool // wait for the request's context to end
}

func (rt rtTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt.block {
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	if rt.err != nil {
		return nil, rt.err
	}
	return &http.Response{StatusCode: rt.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(rt.body)), Request: req}, nil
}

func TestRedactErrorsFromCalls(t *testing.T) {
	cases := []struct {
		name string
		rt   rtTransport
	}{
		{"401", rtTransport{status: 401, body: `{"status":"error","error_code":"access_denied","error_info":{"developer_message":"Invalid API Key...","code":"UNAUTHORIZED"}}`}},
		{"duplicate", rtTransport{status: 400, body: `{"error_message":"Customer with given object reference id already exist for your account.","status":"invalid_request_error","error_code":"unique","error_info":{"code":"ALREADY_EXISTS"}}`}},
		{"HTML 502", rtTransport{status: 502, body: "<html><body>502 Bad Gateway</body></html>"}},
		{"redirect", rtTransport{status: 302, body: ""}},
		{"transport failure", rtTransport{err: errors.New("connection reset by peer")}},
		{"timeout", rtTransport{block: true}},
		{"bad JSON on 200", rtTransport{status: 200, body: `{"id":`}},
	}
	calls := map[string]func(context.Context, *Client) error{
		"CreateCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.CreateCustomer(ctx, &CreateCustomerRequest{ObjectReferenceID: rtObjRef, MobileNumber: rtMobile,
				EmailAddress: rtEmail, RoutingID: rtRoutingID, GetClientAuthToken: true})
			return err
		},
		"GetCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.GetCustomer(ctx, &GetCustomerRequest{CustomerID: rtCustID})
			return err
		},
		"UpdateCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.UpdateCustomer(ctx, &UpdateCustomerRequest{CustomerID: rtCustID, EmailAddress: rtEmail, MobileNumber: rtMobile})
			return err
		},
		"ClientAuthToken": func(ctx context.Context, c *Client) error {
			_, err := c.ClientAuthToken(ctx, &GetCustomerRequest{CustomerID: rtCustID, RoutingID: rtRoutingID})
			return err
		},
	}
	for _, tc := range cases {
		for callName, call := range calls {
			t.Run(tc.name+"/"+callName, func(t *testing.T) {
				c := rtNewClient(t, WithHTTPClient(&http.Client{Transport: tc.rt}), WithMaxRetries(0))
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				if tc.rt.block {
					ctx, cancel = context.WithTimeout(ctx, 20*time.Millisecond)
					defer cancel()
				}
				err := call(ctx, c)
				require.Error(t, err)
				var ae *APIError
				var re *RequestError
				require.True(t, errors.As(err, &ae) || errors.As(err, &re), "got %T: %v", err, err)
				rtAssertNeverPrinted(t, err, callName)
			})
		}
	}
}

func TestRedactMasks(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"email", maskEmail, "customer@gmail.com", "c***@***"},
		{"email multibyte first rune", maskEmail, "élise@x.com", "é***@***"},
		{"email empty", maskEmail, "", ""},
		{"mobile", maskMobile, "9988776655", "***55"},
		{"mobile short", maskMobile, "9988", "***"},
		{"mobile empty", maskMobile, "", ""},
		{"token", maskToken, "tkn_24543c6a278f45d680d09edb32e78061", "tkn_***"},
		{"token without prefix", maskToken, "24543c6a278f45d680d09edb32e78061", "***"},
		{"id", maskID, "customer@gmail.com", "cu***"},
		{"juspay id kept", maskID, "cst_afdeuvmfhs3j1acm", "cst_afdeuvmfhs3j1acm"},
		{"short id", maskID, "c1", "***"},
		{"name", maskName, "José", "J***"},
		{"name multibyte first rune", maskName, "Élodie", "É***"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.fn(tc.in))
		})
	}
}
