package bench

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// The benchmark is fair only if every client does the same work: these
// tests check that each sends the same request and returns the same customer.

// wantForm is the page's curl sample.
var wantForm = url.Values{
	"object_reference_id":           {"customer@gmail.com"},
	"mobile_number":                 {"9988776655"},
	"email_address":                 {"customer@gmail.com"},
	"first_name":                    {"John"},
	"last_name":                     {"Smith"},
	"mobile_country_code":           {"91"},
	"options.get_client_auth_token": {"true"},
}

var wantHeaders = map[string]string{
	"Authorization": basicAuth,
	"X-Merchantid":  merchantID,
	"X-Routing-Id":  routingID,
	"Content-Type":  formContentType,
	"Accept":        "application/json",
	"User-Agent":    userAgent,
}

func wantCustomer() *juspay.Customer {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return &juspay.Customer{
		ID:                "cst_afdeuvmfhs3j1acm",
		Object:            "customer",
		ObjectReferenceID: "customer@gmail.com",
		MobileCountryCode: "91",
		MobileNumber:      "9988776655",
		EmailAddress:      "customer@gmail.com",
		FirstName:         "John",
		LastName:          "Smith",
		DateCreated:       at("2020-03-17T14:13:37Z"),
		LastUpdated:       at("2020-03-17T14:13:37Z"),
		ClientAuth: &juspay.ClientAuth{
			Token:  "tkn_24543c6a278f45d680d09edb32e78061",
			Expiry: at("2020-03-17T14:28:37Z"),
		},
	}
}

func sameCustomer(t *testing.T, got *juspay.Customer) {
	t.Helper()
	want := wantCustomer()
	// Compare instants: the SDK returns UTC, time.Parse of "Z" gives UTC too,
	// but a location pointer must not fail an otherwise equal value.
	eq := got != nil && got.ClientAuth != nil &&
		got.DateCreated.Equal(want.DateCreated) && got.LastUpdated.Equal(want.LastUpdated) &&
		got.ClientAuth.Expiry.Equal(want.ClientAuth.Expiry) && got.ClientAuth.Token == want.ClientAuth.Token
	if eq {
		g, w := *got, *want
		g.DateCreated, g.LastUpdated, g.ClientAuth, g.LastResponse = time.Time{}, time.Time{}, nil, nil // only the SDK records its answer
		w.DateCreated, w.LastUpdated, w.ClientAuth = time.Time{}, time.Time{}, nil
		eq = reflect.DeepEqual(g, w)
	}
	if !eq {
		t.Errorf("customer = %#v, want %#v", got, want)
	}
}

func TestClientsSendTheSameRequest(t *testing.T) {
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			srv := newServer()
			defer srv.Close()
			var mu sync.Mutex
			var seen []*http.Request
			var bodies [][]byte
			srv.onRequest = func(r *http.Request, body []byte) {
				mu.Lock()
				defer mu.Unlock()
				seen = append(seen, r)
				bodies = append(bodies, body)
			}
			create, closeIdle := c.factory(target{baseURL: srv.URL})
			defer closeIdle()
			got, err := create(context.Background(), sampleRequest())
			if err != nil {
				t.Fatal(err)
			}
			sameCustomer(t, got)
			if len(seen) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(seen))
			}
			r := seen[0]
			path := strings.TrimPrefix(r.URL.Path, "/v1") // stripe-go posts to /v1/customers
			if r.Method != http.MethodPost || path != "/customers" {
				t.Errorf("%s %s, want POST /customers", r.Method, r.URL.Path)
			}
			for k, v := range wantHeaders {
				if got := r.Header.Values(k); len(got) != 1 || got[0] != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			form, err := url.ParseQuery(string(bodies[0]))
			if err != nil {
				t.Fatalf("body %q: %v", bodies[0], err)
			}
			if !reflect.DeepEqual(form, wantForm) {
				t.Errorf("form = %v, want %v", form, wantForm)
			}
		})
	}
}

func TestClientsDecodeInMemory(t *testing.T) {
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			create, closeIdle := c.factory(target{baseURL: memBaseURL, mem: true})
			defer closeIdle()
			got, err := create(context.Background(), sampleRequest())
			if err != nil {
				t.Fatal(err)
			}
			sameCustomer(t, got)
		})
	}
}
