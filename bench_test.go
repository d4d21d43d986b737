package juspay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-querystring/query"
)

// Benchmarks of the create path, so a regression shows in
// `go test -bench . -benchmem`. The comparison with resty, stripe-go and a
// loopback server lives in bench/ (its own module).

// benchRequest is the curl sample of the Create Customer page.
func benchRequest() *CreateCustomerRequest {
	return &CreateCustomerRequest{
		ObjectReferenceID:  "customer@gmail.com",
		MobileNumber:       "9988776655",
		MobileCountryCode:  "91",
		EmailAddress:       "customer@gmail.com",
		FirstName:          "John",
		LastName:           "Smith",
		GetClientAuthToken: true,
		RoutingID:          "customer_1122",
	}
}

// benchResponse is the page's options.get_client_auth_token=true sample.
var benchResponse = []byte(`{
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
}`)

var benchRespHeader = http.Header{
	"Content-Type":   {"application/json"},
	"Content-Length": {strconv.Itoa(len(benchResponse))},
}

// benchTransport answers every request with benchResponse, reading and
// closing the request body as a real transport does.
type benchTransport struct{}

func (benchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        benchRespHeader,
		Body:          io.NopCloser(bytes.NewReader(benchResponse)),
		ContentLength: int64(len(benchResponse)),
		Request:       req,
	}, nil
}

func benchClient(b *testing.B) *Client {
	c, err := NewClient("your_api_key", "merchant_id", WithHTTPClient(&http.Client{Transport: benchTransport{}}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// benchForm is benchRequest's form, as createForm makes it.
func benchForm(b *testing.B) *createForm {
	f, err := benchClient(b).createForm(benchRequest())
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkEncodeCreate is the hand-written form encoder; compare
// BenchmarkEncodeCreateQuerystring.
func BenchmarkEncodeCreate(b *testing.B) {
	f := benchForm(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if body := f.encode(); len(body) == 0 {
			b.Fatal("empty form")
		}
	}
}

// BenchmarkEncodeCreateQuerystring is go-querystring, whose reading of the
// url tags defines the form.
func BenchmarkEncodeCreateQuerystring(b *testing.B) {
	f := benchForm(b)
	if want, got := string(f.encode()), benchQuerystring(b, f); got != want {
		b.Fatalf("encoders differ:\n hand        %s\n querystring %s", want, got)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if body := []byte(benchQuerystring(b, f)); len(body) == 0 {
			b.Fatal("empty form")
		}
	}
}

func benchQuerystring(b *testing.B, f *createForm) string {
	v, err := query.Values(f)
	if err != nil {
		b.Fatal(err)
	}
	return v.Encode()
}

// BenchmarkDecodeCustomer is the customer decoder the calls use; compare
// BenchmarkDecodeCustomerStdlib.
func BenchmarkDecodeCustomer(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var c Customer
		if err := c.UnmarshalJSON(benchResponse); err != nil || c.ClientAuth == nil || c.DateCreated.IsZero() {
			b.Fatalf("decoded %+v, %v", c, err)
		}
	}
}

// BenchmarkDecodeCustomerStdlib decodes the same answer with encoding/json
// alone, as the fast path's fallback does.
func BenchmarkDecodeCustomerStdlib(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var w customerWire
		if err := json.Unmarshal(benchResponse, &w); err != nil || w.Juspay == nil {
			b.Fatalf("decoded %+v, %v", w, err)
		}
		if parseTime(string(w.DateCreated)).IsZero() || parseTime(string(w.Juspay.ClientAuthTokenExpiry)).IsZero() {
			b.Fatal("no timestamps")
		}
	}
}

func BenchmarkValidateCreate(b *testing.B) {
	c := benchClient(b)
	req := benchRequest()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.createForm(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateCustomerMem is the whole SDK call (validate, encode, send
// with retries on, decode) on an in-memory transport: client CPU only.
// Compare with BenchmarkRawMem.
func BenchmarkCreateCustomerMem(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	req := benchRequest()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.CreateCustomer(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateCustomerMemCallerDeadline is BenchmarkCreateCustomerMem with
// a caller's deadline sooner than the per-attempt timeout, so the client
// makes no timer of its own: the difference between the two is the cost of
// the default per-attempt timeout.
func BenchmarkCreateCustomerMemCallerDeadline(b *testing.B) {
	c := benchClient(b)
	ctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout/2)
	defer cancel()
	req := benchRequest()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.CreateCustomer(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawMem is the shortest correct hand-written net/http +
// encoding/json call doing the same POST, headers and decode, on the same
// in-memory transport: the baseline the SDK must not be slower than.
func BenchmarkRawMem(b *testing.B) {
	hc := &http.Client{Transport: benchTransport{}}
	ctx := context.Background()
	req := benchRequest()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := benchRawCreate(ctx, hc, req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateCustomerParallel(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	req := benchRequest()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.CreateCustomer(ctx, req); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func benchRawCreate(ctx context.Context, hc *http.Client, r *CreateCustomerRequest) (*Customer, error) {
	form := url.Values{
		"object_reference_id":           {r.ObjectReferenceID},
		"mobile_number":                 {r.MobileNumber},
		"email_address":                 {r.EmailAddress},
		"first_name":                    {r.FirstName},
		"last_name":                     {r.LastName},
		"mobile_country_code":           {r.MobileCountryCode},
		"options.get_client_auth_token": {strconv.FormatBool(r.GetClientAuthToken)},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://sandbox.juspay.in/customers", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth("your_api_key", "")
	req.Header.Set("x-merchantid", "merchant_id")
	req.Header.Set("x-routing-id", r.RoutingID)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "juspay-go/"+Version)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("create customer: %s: %s", resp.Status, body)
	}
	var w struct {
		ID                string `json:"id"`
		Object            string `json:"object"`
		ObjectReferenceID string `json:"object_reference_id"`
		MobileCountryCode string `json:"mobile_country_code"`
		MobileNumber      string `json:"mobile_number"`
		EmailAddress      string `json:"email_address"`
		FirstName         string `json:"first_name"`
		LastName          string `json:"last_name"`
		DateCreated       string `json:"date_created"`
		LastUpdated       string `json:"last_updated"`
		Juspay            *struct {
			Token  string `json:"client_auth_token"`
			Expiry string `json:"client_auth_token_expiry"`
		} `json:"juspay"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, err
	}
	created, _ := time.Parse(time.RFC3339, w.DateCreated)
	updated, _ := time.Parse(time.RFC3339, w.LastUpdated)
	c := &Customer{
		ID: w.ID, Object: w.Object, ObjectReferenceID: w.ObjectReferenceID,
		MobileCountryCode: w.MobileCountryCode, MobileNumber: w.MobileNumber,
		EmailAddress: w.EmailAddress, FirstName: w.FirstName, LastName: w.LastName,
		DateCreated: created, LastUpdated: updated,
	}
	if w.Juspay != nil {
		expiry, _ := time.Parse(time.RFC3339, w.Juspay.Expiry)
		c.ClientAuth = &ClientAuth{Token: w.Juspay.Token, Expiry: expiry}
	}
	return c, nil
}
