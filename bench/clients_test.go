package bench

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	juspay "github.com/seed276dc779/juspay-go"
	"github.com/stripe/stripe-go/v82"
)

// The four clients make the same call: POST {base}/customers with the
// page's curl sample as a form, the same headers, and the sample customer
// decoded into a *juspay.Customer (timestamps parsed with time.Parse).

const (
	formContentType = "application/x-www-form-urlencoded"
	userAgent       = "juspay-go/" + juspay.Version
)

var basicAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(apiKey+":"))

// sampleRequest is the page's curl sample.
func sampleRequest() *juspay.CreateCustomerRequest {
	return &juspay.CreateCustomerRequest{
		ObjectReferenceID:  "customer@gmail.com",
		MobileNumber:       "9988776655",
		MobileCountryCode:  "91",
		EmailAddress:       "customer@gmail.com",
		FirstName:          "John",
		LastName:           "Smith",
		GetClientAuthToken: true,
		RoutingID:          routingID,
	}
}

// createFunc makes one create call.
type createFunc func(ctx context.Context, req *juspay.CreateCustomerRequest) (*juspay.Customer, error)

// target is where a client sends: the in-memory transport (mem) or a
// loopback server.
type target struct {
	baseURL string
	mem     bool
}

// memClient is the *http.Client every client gets in Mem mode.
func memClient() *http.Client { return &http.Client{Transport: memTransport{}} }

// ---- Raw: the shortest correct hand-written net/http + encoding/json ----

// wireCustomer is the customer as Juspay sends it, for the clients that
// decode by hand (Raw, Resty, Stripe).
type wireCustomer struct {
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
		ClientAuthToken       string `json:"client_auth_token"`
		ClientAuthTokenExpiry string `json:"client_auth_token_expiry"`
	} `json:"juspay"`
}

func (w *wireCustomer) customer() *juspay.Customer {
	created, _ := time.Parse(time.RFC3339, w.DateCreated)
	updated, _ := time.Parse(time.RFC3339, w.LastUpdated)
	c := &juspay.Customer{
		ID:                w.ID,
		Object:            w.Object,
		ObjectReferenceID: w.ObjectReferenceID,
		MobileCountryCode: w.MobileCountryCode,
		MobileNumber:      w.MobileNumber,
		EmailAddress:      w.EmailAddress,
		FirstName:         w.FirstName,
		LastName:          w.LastName,
		DateCreated:       created,
		LastUpdated:       updated,
	}
	if w.Juspay != nil {
		expiry, _ := time.Parse(time.RFC3339, w.Juspay.ClientAuthTokenExpiry)
		c.ClientAuth = &juspay.ClientAuth{Token: w.Juspay.ClientAuthToken, Expiry: expiry}
	}
	return c
}

// newRaw returns the hand-written call on hc. Raw gets http.DefaultClient,
// as a hand-writer would; RawTuned a transport that keeps 100 idle
// connections per host.
func newRaw(hc *http.Client, baseURL string) createFunc {
	endpoint := baseURL + "/customers"
	return func(ctx context.Context, r *juspay.CreateCustomerRequest) (*juspay.Customer, error) {
		form := url.Values{
			"object_reference_id":           {r.ObjectReferenceID},
			"mobile_number":                 {r.MobileNumber},
			"email_address":                 {r.EmailAddress},
			"first_name":                    {r.FirstName},
			"last_name":                     {r.LastName},
			"mobile_country_code":           {r.MobileCountryCode},
			"options.get_client_auth_token": {strconv.FormatBool(r.GetClientAuthToken)},
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(apiKey, "")
		req.Header.Set("x-merchantid", merchantID)
		req.Header.Set("x-routing-id", r.RoutingID)
		req.Header.Set("Content-Type", formContentType)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", userAgent)
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
		var w wireCustomer
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, err
		}
		return w.customer(), nil
	}
}

func rawFor(t target) (createFunc, func()) {
	if t.mem {
		return newRaw(memClient(), t.baseURL), func() {}
	}
	return newRaw(http.DefaultClient, t.baseURL), http.DefaultClient.CloseIdleConnections
}

func rawTunedFor(t target) (createFunc, func()) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 100
	hc := &http.Client{Transport: tr}
	if t.mem {
		hc = memClient()
	}
	return newRaw(hc, t.baseURL), hc.CloseIdleConnections
}

// ---- SDK: this library, retries on (the default), logging off ----

func sdkFor(t target) (createFunc, func()) {
	opts := []juspay.Option{juspay.WithBaseURL(t.baseURL)}
	if t.mem {
		opts = append(opts, juspay.WithHTTPClient(memClient()))
	}
	c, err := juspay.NewClient(apiKey, merchantID, opts...)
	if err != nil {
		panic(err)
	}
	return c.CreateCustomer, c.CloseIdleConnections
}

// ---- Resty: go-resty v2 with its defaults, headers set once per client ----

type silentRestyLogger struct{}

func (silentRestyLogger) Errorf(string, ...interface{}) {}
func (silentRestyLogger) Warnf(string, ...interface{})  {}
func (silentRestyLogger) Debugf(string, ...interface{}) {}

func restyFor(t target) (createFunc, func()) {
	rc := resty.New().
		SetBaseURL(t.baseURL).
		SetRetryCount(2). // like the SDK's default
		SetLogger(silentRestyLogger{}).
		SetDisableWarn(true). // "Basic Auth in HTTP mode" on loopback
		SetBasicAuth(apiKey, "").
		SetHeader("x-merchantid", merchantID).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", userAgent)
	if t.mem {
		rc.SetTransport(memTransport{})
	}
	call := func(ctx context.Context, r *juspay.CreateCustomerRequest) (*juspay.Customer, error) {
		var w wireCustomer
		resp, err := rc.R().
			SetContext(ctx).
			SetHeader("x-routing-id", r.RoutingID).
			SetFormData(map[string]string{
				"object_reference_id":           r.ObjectReferenceID,
				"mobile_number":                 r.MobileNumber,
				"email_address":                 r.EmailAddress,
				"first_name":                    r.FirstName,
				"last_name":                     r.LastName,
				"mobile_country_code":           r.MobileCountryCode,
				"options.get_client_auth_token": strconv.FormatBool(r.GetClientAuthToken),
			}).
			SetResult(&w).
			Post("/customers")
		if err != nil {
			return nil, err
		}
		if resp.StatusCode() != http.StatusOK {
			return nil, fmt.Errorf("create customer: %s: %s", resp.Status(), resp.Body())
		}
		return w.customer(), nil
	}
	return call, rc.GetClient().CloseIdleConnections
}

// ---- Stripe: stripe-go v82's backend doing the same form POST ----

// stripeCreateParams is the form, as stripe-go's form encoder reads it.
type stripeCreateParams struct {
	stripe.Params      `form:"*"`
	ObjectReferenceID  *string `form:"object_reference_id"`
	MobileNumber       *string `form:"mobile_number"`
	EmailAddress       *string `form:"email_address"`
	FirstName          *string `form:"first_name"`
	LastName           *string `form:"last_name"`
	MobileCountryCode  *string `form:"mobile_country_code"`
	GetClientAuthToken *bool   `form:"options.get_client_auth_token"`
}

type stripeCustomer struct {
	stripe.APIResource
	wireCustomer
}

type silentStripeLogger struct{}

func (silentStripeLogger) Debugf(string, ...interface{}) {}
func (silentStripeLogger) Errorf(string, ...interface{}) {}
func (silentStripeLogger) Infof(string, ...interface{})  {}
func (silentStripeLogger) Warnf(string, ...interface{})  {}

// stripeFor returns a call through stripe-go's APIBackend. Its paths must
// start with /v1 or /v2 (extractVersion), so it posts to /v1/customers,
// which the server answers exactly as /customers. Its own headers
// (Stripe-Version, X-Stripe-Client-User-Agent, a fresh Idempotency-Key) are
// sent as stripe-go always does; Params.Headers replaces its Bearer
// Authorization with Juspay's Basic one. Loopback uses stripe-go's default
// http.Client (http.DefaultTransport, 80s timeout).
func stripeFor(t target) (createFunc, func()) {
	cfg := &stripe.BackendConfig{
		URL:               stripe.String(t.baseURL),
		MaxNetworkRetries: stripe.Int64(2), // like the SDK's default
		LeveledLogger:     silentStripeLogger{},
	}
	if t.mem {
		cfg.HTTPClient = memClient()
	}
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, cfg)
	call := func(ctx context.Context, r *juspay.CreateCustomerRequest) (*juspay.Customer, error) {
		params := &stripeCreateParams{
			Params: stripe.Params{
				Context: ctx,
				Headers: http.Header{
					"Authorization": {basicAuth},
					"X-Merchantid":  {merchantID},
					"X-Routing-Id":  {r.RoutingID},
					"Accept":        {"application/json"},
					"User-Agent":    {userAgent},
				},
			},
			ObjectReferenceID:  stripe.String(r.ObjectReferenceID),
			MobileNumber:       stripe.String(r.MobileNumber),
			EmailAddress:       stripe.String(r.EmailAddress),
			FirstName:          stripe.String(r.FirstName),
			LastName:           stripe.String(r.LastName),
			MobileCountryCode:  stripe.String(r.MobileCountryCode),
			GetClientAuthToken: stripe.Bool(r.GetClientAuthToken),
		}
		var out stripeCustomer
		if err := backend.Call(http.MethodPost, "/v1/customers", apiKey, params, &out); err != nil {
			return nil, err
		}
		return out.customer(), nil
	}
	closeIdle := func() {
		if cfg.HTTPClient != nil {
			cfg.HTTPClient.CloseIdleConnections()
		} else {
			http.DefaultClient.CloseIdleConnections() // stripe-go's default client shares http.DefaultTransport
		}
	}
	return call, closeIdle
}

// clients lists the contenders in the order they run and print.
var clients = []struct {
	name    string
	memToo  bool // also run in Mem mode (RawTuned differs from Raw only in its pool)
	factory func(target) (createFunc, func())
}{
	{"Raw", true, rawFor},
	{"RawTuned", false, rawTunedFor},
	{"SDK", true, sdkFor},
	{"Resty", true, restyFor},
	{"Stripe", true, stripeFor},
}
