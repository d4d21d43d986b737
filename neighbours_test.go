package juspay_test

// The library where it meets what it did not write: a hop that decodes
// paths, a caller's RoundTripper that prints what it refused,
// encoding/json's error text, a caller's types in Do.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// decodingHop is a gateway in front of Juspay that decodes and cleans the
// path before passing it on, as nginx's proxy_pass with a URI part does:
// "%2F" becomes "/", "\" a "/", ".." segments are resolved, a decoded "?"
// starts a query and "#" ends the path, and ";..." matrix parameters are
// dropped.
func decodingHop(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := url.PathUnescape(r.URL.EscapedPath())
		if err != nil {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		p = strings.ReplaceAll(p, `\`, "/")
		p, _, _ = strings.Cut(p, "#")
		p, query, hasQuery := strings.Cut(p, "?")
		var segs []string
		for _, seg := range strings.Split(p, "/") {
			seg, _, _ = strings.Cut(seg, ";")
			segs = append(segs, seg)
		}
		r2 := r.Clone(r.Context())
		r2.URL = &url.URL{Path: path.Clean(strings.Join(segs, "/")), RawQuery: r.URL.RawQuery}
		if hasQuery {
			r2.URL.RawQuery = query
		}
		r2.RequestURI = r2.URL.RequestURI()
		next.ServeHTTP(w, r2)
	})
}

const victim = "victim-000001"

// TestPathDecodingHopReachesNoOtherCustomer seeds a victim with a card and
// a wallet behind a hop that decodes paths, and calls every call with ids
// that such a hop turns into the victim's path. Each is refused locally,
// nothing reaches the hop, and the victim is unchanged. The hop is real:
// the same id sent by hand does reach the victim.
func TestPathDecodingHopReachesNoOtherCustomer(t *testing.T) {
	t.Parallel()
	s := juspaytest.NewUnstartedServer()
	t.Cleanup(s.Close)
	var reached []string
	hop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached = append(reached, r.Method+" "+r.URL.EscapedPath())
		decodingHop(s.Handler()).ServeHTTP(w, r)
	}))
	t.Cleanup(hop.Close)
	const email = "victim.person@example.com"
	before, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: victim, MobileNumber: "9000000001", EmailAddress: email})
	require.NoError(t, err)
	card, err := s.AddCard(victim, juspaytest.Card{})
	require.NoError(t, err)
	_, err = s.AddWallet(victim, juspaytest.Wallet{Name: "MOBIKWIK", Linked: true})
	require.NoError(t, err)

	// The hop is real: an escaped traversal sent by hand reaches the victim.
	req, err := http.NewRequest(http.MethodGet, hop.URL+"/customers/evil%2F..%2F"+victim+"/wallets", nil)
	require.NoError(t, err)
	req.SetBasicAuth(s.APIKey, "")
	req.Header.Set("X-Merchantid", s.MerchantID)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "the hop sends the traversal to the victim's wallets")
	reached = nil

	c, err := juspay.NewClient(s.APIKey, s.MerchantID, juspay.WithBaseURL(hop.URL), juspay.WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()
	ids := []string{"evil/../" + victim, "evil%2F..%2F" + victim, `evil\..\` + victim, victim + "?x=1", victim + "#x",
		victim + ";x", "evil;/../" + victim, "%2e%2e%2f" + victim}
	for _, id := range ids {
		calls := map[string]func() error{
			"GetCustomer": func() error {
				_, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: id})
				return err
			},
			"ClientAuthToken": func() error {
				_, err := c.ClientAuthToken(ctx, &juspay.GetCustomerRequest{CustomerID: id})
				return err
			},
			"UpdateCustomer": func() error {
				_, err := c.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: id, EmailAddress: "attacker@example.com"})
				return err
			},
			"ListCards": func() error {
				_, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: id})
				return err
			},
			"ListWallets": func() error {
				_, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: id})
				return err
			},
			"RefreshBalances": func() error {
				_, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: id, RefreshBalances: true})
				return err
			},
			"DeleteCard": func() error {
				_, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: id})
				return err
			},
			"Do": func() error {
				_, err := c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}/wallets", ID: id}, nil)
				return err
			},
			"CreateCustomer": func() error {
				_, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: id, MobileNumber: "9988776655"})
				return err
			},
			"GetOrCreateCustomer": func() error {
				_, err := c.GetOrCreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: id, MobileNumber: "9988776655"})
				return err
			},
		}
		for name, call := range calls {
			err := call()
			var verr *juspay.ValidationError
			require.ErrorAs(t, err, &verr, "%s(%q)", name, id)
			want := "customer_id"
			switch name {
			case "Do":
				want = "id"
			case "CreateCustomer", "GetOrCreateCustomer":
				want = "object_reference_id"
			}
			assert.Equal(t, want, verr.Field, "%s(%q)", name, id)
			if want != "object_reference_id" {
				assert.Contains(t, verr.Reason, "address this customer by Juspay's id", "%s(%q)", name, id)
			}
			assert.NotContains(t, err.Error(), victim)
		}
	}
	assert.Empty(t, reached, "nothing reached the hop")
	after, ok := s.LookupCustomer(victim)
	require.True(t, ok)
	assert.Equal(t, before, after, "the victim is unchanged")
	assert.Len(t, s.Cards(victim), 1)
	assert.Len(t, s.Customers(), 1, "no customer was created")
}

// TestDoDecodeErrorsHoldNoValue: a Do into a type that does not fit the
// answer fails without copying the answer's values into the error or the
// log, and the cause stays reachable.
func TestDoDecodeErrorsHoldNoValue(t *testing.T) {
	t.Parallel()
	const mobile, token = "9988776655", "tkn_decodesecret0001"
	cases := []struct {
		name, body, want string
		v                any
	}{
		{"number into a string", `{"mobile":` + mobile + `}`, "a JSON number cannot be decoded into string (field mobile of ",
			&struct {
				Mobile string `json:"mobile"`
			}{}},
		{"string into a number", `{"count":"` + token + `"}`, "a JSON string cannot be decoded into int (field count of ",
			&struct {
				Count int `json:"count"`
			}{}},
		{"token into a time", `{"at":"` + token + `"}`, "could not be decoded into *struct { At time.Time", &struct {
			At time.Time `json:"at"`
		}{}},
		{"not JSON", `{"mobile":` + mobile + `x}`, "the answer is not valid JSON (at byte ", &map[string]any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			_, c := answering(t, http.StatusOK, tc.body,
				juspay.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			_, err := c.Do(context.Background(), &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}/mandates", ID: "user-000042"}, tc.v)
			require.ErrorIs(t, err, juspay.ErrUnexpectedResponse)
			assert.Contains(t, err.Error(), tc.want)
			for _, secret := range []string{mobile, token, "decodesecret"} {
				assert.NotContains(t, err.Error(), secret)
				assert.NotContains(t, logs.String(), secret)
			}
		})
	}
	t.Run("cause reachable", func(t *testing.T) {
		_, c := answering(t, http.StatusOK, `{"mobile":`+mobile+`}`)
		var v struct {
			Mobile string `json:"mobile"`
		}
		_, err := c.Do(context.Background(), &juspay.RawRequest{Method: http.MethodGet, Path: "/x"}, &v)
		var typeErr *json.UnmarshalTypeError
		require.ErrorAs(t, err, &typeErr)
		assert.Equal(t, "mobile", typeErr.Field)
	})
}

// TestRoundTripperPrintingTheRequest: a caller's RoundTripper that refuses
// a request and prints it, or dumps it whole, puts neither the credential,
// the routing id, the ids nor the form's values into the error or the log.
func TestRoundTripperPrintingTheRequest(t *testing.T) {
	t.Parallel()
	const key, mobile, email, ref = "sk_rt_SECRETKEY0001", "9988776633", "rt.person@example.com", "rt-user-000042"
	printers := map[string]func(*http.Request) error{
		"%v":      func(r *http.Request) error { return fmt.Errorf("egress refused %v", r) },
		"%+v":     func(r *http.Request) error { return fmt.Errorf("egress refused %+v", r) },
		"headers": func(r *http.Request) error { return fmt.Errorf("egress refused: headers %v", r.Header) },
		"dump": func(r *http.Request) error {
			b, err := httputil.DumpRequestOut(r, true)
			if err != nil {
				return err
			}
			return fmt.Errorf("egress refused:\n%s", b)
		},
	}
	for name, print := range printers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) { return nil, print(r) })}
			c, err := juspay.NewClient(key, testMerchantID, juspay.WithHTTPClient(hc), juspay.WithMaxRetries(0),
				juspay.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			require.NoError(t, err)
			_, err = c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: ref, MobileNumber: mobile, EmailAddress: email, RoutingID: "route-" + mobile})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "egress refused")
			basic := base64.StdEncoding.EncodeToString([]byte(key + ":"))
			for _, secret := range []string{key, basic, mobile, email, ref, url.QueryEscape(email), "route-"} {
				assert.NotContains(t, err.Error(), secret)
				assert.NotContains(t, logs.String(), secret)
			}
		})
	}
}

// TestDoDecodingBounded: whatever v is, decoding a Do answer allocates at
// most 32 MiB, or fails with ErrResponseTooLarge before decoding; a real
// answer passes.
func TestDoDecodingBounded(t *testing.T) {
	nulls := "[" + strings.Repeat("null,", 49989) + "null]"
	empties := "[" + strings.Repeat("{},", 24989) + "{}]" // 50,000 values: each {} counts as one
	cases := []struct {
		name  string
		body  string
		into  func() any
		large bool // refused as too large
	}{
		{"nulls into cards", nulls, func() any { return &[]juspay.Card{} }, true},
		{"nulls into customers", nulls, func() any { return &[]juspay.Customer{} }, true},
		{"objects into cards", empties, func() any { return &[]juspay.Card{} }, true},
		{"nulls into big structs", nulls, func() any { return &[][4096]byte{} }, true},
		{"nulls into any", nulls, func() any { return new(any) }, false},
		{"objects into maps", empties, func() any { return &[]map[string]string{} }, false},
		{"objects into any", empties, func() any { return new(any) }, false},
		{"a list of 1000 mandates into structs", thousandMandates(), func() any {
			return &struct {
				List []struct {
					MandateID, MandateToken, Status, Frequency, StartDate, EndDate string
					MaxAmount                                                      json.Number `json:"max_amount"`
					Metadata                                                       map[string]string
				} `json:"list"`
				Total int `json:"total"`
			}{}
		}, false},
		{"a list of 1000 mandates into maps", thousandMandates(), func() any {
			return &struct {
				List []map[string]any `json:"list"`
			}{}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := answering(t, http.StatusOK, tc.body)
			v := tc.into()
			var err error
			allocated := juspay.BytesAllocated(func() {
				_, err = c.Do(context.Background(), &juspay.RawRequest{Method: http.MethodGet, Path: "/x"}, v)
			})
			assert.Less(t, allocated, uint64(32<<20), "allocated %d MiB", allocated>>20)
			if tc.large {
				require.ErrorIs(t, err, juspay.ErrResponseTooLarge)
				assert.Contains(t, err.Error(), "could allocate more than 32 MiB")
				return
			}
			require.NoError(t, err)
		})
	}
}

// thousandMandates is a list of mandates as Juspay's List Mandates answers
// it, 1000 of them.
func thousandMandates() string {
	var b strings.Builder
	b.WriteString(`{"total":1000,"offset":0,"object":"list","count":1000,"list":[`)
	for i := 0; i < 1000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"mandate_id":"mdt_%016d","mandate_token":"mtk_%032d","status":"ACTIVE","frequency":"MONTHLY",`+
			`"start_date":"1690000000","end_date":"1790000000","max_amount":"1000.00","mandate_type":"EMANDATE",`+
			`"amount_rule":"VARIABLE","currency":"INR","block_fund":false,"revokable_by_customer":true,`+
			`"payment_method":"UPI","payment_method_type":"UPI","metadata":{"note":"n%d"},"object":"mandate"}`, i, i, i)
	}
	b.WriteString(`]}`)
	return b.String()
}

// TestErrorsSayWhatToCheck: the messages a new user meets first say what
// to do.
func TestErrorsSayWhatToCheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("403 names the IP allow-list and keeps Juspay's words", func(t *testing.T) {
		_, c := answering(t, http.StatusForbidden, `{"error":true,"error_message":"Internal Server error.","user_message":"Bad Origin.",`+
			`"error_info":{"code":"BAD_ORIGIN","developer_message":"IP Verification Failed"}}`)
		_, err := c.GetCustomer(ctx, lookupRequest())
		require.ErrorIs(t, err, juspay.ErrForbidden)
		assert.Contains(t, err.Error(), "IP Verification Failed")
		assert.Contains(t, err.Error(), "IP allow-list")
		assert.Contains(t, err.Error(), "dashboard")
	})
	t.Run("a mobile number repeating the country code", func(t *testing.T) {
		rec, c := answering(t, http.StatusOK, sampleCustomer)
		_, err := c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000042",
			MobileNumber: "+919876543210", MobileCountryCode: "91"})
		verr := validationError(t, err, "mobile_number")
		assert.Contains(t, verr.Reason, "without the country code")
		_, err = c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000042",
			MobileNumber: "+91 98765 43210"})
		verr = validationError(t, err, "mobile_number")
		assert.Contains(t, verr.Reason, "without spaces or separators")
		assert.Empty(t, rec.all(), "nothing sent")
	})
	t.Run("a 429 whose Retry-After is over the cap says why it was not retried", func(t *testing.T) {
		rec, c := replies(t, nil, reply{status: http.StatusTooManyRequests, body: `{}`, header: http.Header{"Retry-After": {"60"}}})
		_, err := c.GetCustomer(ctx, lookupRequest())
		require.ErrorIs(t, err, juspay.ErrRateLimited)
		assert.Len(t, rec.all(), 1)
		assert.Contains(t, err.Error(), "not retried: Retry-After 60 asks for a wait over MaxRetryAfter (20s)")
	})
	t.Run("a wait past the context's deadline says so", func(t *testing.T) {
		_, c := replies(t, nil, reply{status: http.StatusTooManyRequests, body: `{}`, header: http.Header{"Retry-After": {"5"}}})
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := c.GetCustomer(ctx, lookupRequest())
		require.ErrorIs(t, err, juspay.ErrRateLimited)
		assert.Contains(t, err.Error(), "would outlast the context's deadline")
	})
	t.Run("each attempt's Debug record has the request id", func(t *testing.T) {
		var logs bytes.Buffer
		s, c := newFake(t, juspay.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		s.FailNext(juspaytest.RouteGet, 1, http.StatusServiceUnavailable, "")
		_, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "nobody-000001"})
		var apiErr *juspay.APIError
		require.True(t, errors.As(err, &apiErr))
		var ids []string
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var rec struct {
				Msg       string `json:"msg"`
				RequestID string `json:"request_id"`
			}
			require.NoError(t, json.Unmarshal([]byte(line), &rec))
			if rec.Msg == "juspay request" {
				ids = append(ids, rec.RequestID)
			}
		}
		require.Len(t, ids, 2)
		assert.NotEmpty(t, ids[0], "the 503 had one")
		assert.Equal(t, apiErr.RequestID, ids[1])
	})
}
