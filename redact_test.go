package juspay

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The secrets of these tests: none may show up in anything printed or logged.
const (
	secretAPIKey     = "sk_live_SECRETKEY123"
	secretToken      = "tkn_24543c6a278f45d680d09edb32e78061"
	secretEmail      = "customer.secret@gmail.com"
	secretMobile     = "9988776655"
	secretObjRef     = "user.objref@example.com"
	secretRoutingID  = "routing_customer_1122"
	secretCustomerID = "lookup.customer@gmail.com" // an object_reference_id used as {id}
	secretFirstName  = "Johnathan"
	secretLastName   = "Smithsonian"
	secretCardToken  = "tkn_1b6fcc1015944fdfb5020a92x4fa1f91"
	secretCardUUID   = "c75a9fca-1121-418e-973c-47d5c4971456"
	secretCardName   = "Juspay Cardholder"
	secretNickname   = "Nickname Secret"
	secretPAR        = "V0010013820031519535347554746"
	secretWallet     = "tk_bkc87beikjcnlblc87asa897sb8anisjkl8b"
	secretMetadata   = "metadata-secret-value"
	merchantID       = "merchant_1"
)

// secretForms lists every secret in each form it could leak in: as is,
// hex-encoded (%x, %X), and, for the key, as the Basic credential with and
// without the colon.
func secretForms() map[string]string {
	m := map[string]string{
		"API key":                     secretAPIKey,
		"Basic credential":            base64.StdEncoding.EncodeToString([]byte(secretAPIKey + ":")),
		"Basic credential, no colon":  base64.StdEncoding.EncodeToString([]byte(secretAPIKey)),
		"Basic credential, URL-safe":  base64.URLEncoding.EncodeToString([]byte(secretAPIKey + ":")),
		"client auth token":           secretToken,
		"client auth token, its tail": strings.TrimPrefix(secretToken, "tkn_"),
		"e-mail":                      secretEmail,
		"mobile number":               secretMobile,
		"object_reference_id":         secretObjRef,
		"routing id":                  secretRoutingID,
		"customer id":                 secretCustomerID,
		"customer id, escaped":        "lookup.customer%40gmail.com",
		"first name":                  secretFirstName,
		"last name":                   secretLastName,
		"card token":                  secretCardToken,
		"card token, its tail":        strings.TrimPrefix(secretCardToken, "tkn_"),
		"card token UUID":             secretCardUUID,
		"name on card":                secretCardName,
		"card nickname":               secretNickname,
		"PAR":                         secretPAR,
		"wallet token":                secretWallet,
		"wallet token, its tail":      strings.TrimPrefix(secretWallet, "tk_"),
		"metadata value":              secretMetadata,
	}
	for name, s := range m {
		m[name+" (hex)"] = hex.EncodeToString([]byte(s))
		m[name+" (HEX)"] = strings.ToUpper(hex.EncodeToString([]byte(s)))
	}
	return m
}

// render prints v each way a user might: with each fmt verb (when withFmt)
// and through slog's text and JSON handlers, as an attribute, a key-value
// pair, a bound attribute and inside a group.
func render(t *testing.T, v any, withFmt bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	if withFmt {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%T %[1]v"} {
			out["fmt "+verb] = fmt.Sprintf(verb, v)
		}
		out["fmt.Sprint"] = fmt.Sprint(v)
		out["fmt.Sprintln"] = fmt.Sprintln("value:", v)
	}
	handlers := map[string]func(io.Writer) slog.Handler{
		"json": func(w io.Writer) slog.Handler {
			return slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
		"text": func(w io.Writer) slog.Handler {
			return slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
	}
	for name, h := range handlers {
		var buf bytes.Buffer
		l := slog.New(h(&buf))
		l.Info("attr", slog.Any("value", v))
		l.Debug("key-value", "value", v)
		l.With("bound", v).Warn("with")
		l.Info("group", slog.Group("g", slog.Any("value", v)))
		l.WithGroup("outer").Info("with group", "value", v)
		if lv, ok := v.(slog.LogValuer); ok && !isNilPointer(v) {
			l.Info("LogValue", slog.Attr{Key: "value", Value: lv.LogValue()})
			l.Info("LogValue in a group", slog.Group("g", slog.Attr{Key: "value", Value: lv.LogValue()}))
		}
		out["slog "+name] = buf.String()
	}
	return out
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// requireNoSecret checks every rendering of v, and that each shows want
// (what tells values apart). An error shows its text only with %v, %s and
// %q: other verbs print it hex-encoded or field by field.
func requireNoSecret(t *testing.T, v any, withFmt bool, want ...string) {
	t.Helper()
	_, isErr := v.(error)
	for how, s := range render(t, v, withFmt) {
		for name, secret := range secretForms() {
			assert.NotContains(t, s, secret, "%s of %T shows the %s: %s", how, v, name, s)
		}
		if isErr && strings.HasPrefix(how, "fmt %") && !strings.Contains("fmt %v fmt %+v fmt %s fmt %q", how) {
			continue
		}
		for _, w := range want {
			assertShows(t, s, w, fmt.Sprintf("%s of %T", how, v))
		}
	}
}

// assertShows asserts that s shows want; a want "Name=value" is a field,
// which fmt prints as Name:value, slog's text handler as Name=value and its
// JSON handler as "Name":"value".
func assertShows(t *testing.T, s, want, context string) {
	t.Helper()
	name, value, isField := strings.Cut(want, "=")
	if !isField {
		assert.Contains(t, s, want, context)
		return
	}
	forms := []string{name + ":" + value, name + "=" + value, `"` + name + `":"` + value + `"`}
	for _, f := range forms {
		if strings.Contains(s, f) {
			return
		}
	}
	assert.Failf(t, "field not shown", "%s: %q shows none of %q", context, s, forms)
}

func newSecretClient(t *testing.T, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(secretAPIKey, merchantID, opts...)
	require.NoError(t, err)
	return c
}

func secretCustomer() *Customer {
	return &Customer{
		ID: "cst_afdeuvmfhs3j1acm", Object: "customer", ObjectReferenceID: secretObjRef,
		MobileCountryCode: "91", MobileNumber: secretMobile, EmailAddress: secretEmail,
		FirstName: secretFirstName, LastName: secretLastName,
		DateCreated: time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC),
		LastUpdated: time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC),
		ClientAuth:  &ClientAuth{Token: secretToken, Expiry: time.Date(2020, 3, 17, 14, 28, 37, 0, time.UTC)},
	}
}

func secretCard() *Card {
	return &Card{
		Token: secretCardToken, Reference: "token_4149513e22e2e58ead99e1ecdd541f10", Number: "XXXX-XXXXXXXX-1449",
		Brand: "VISA", ExpMonth: "01", ExpYear: "2025", NameOnCard: secretCardName, Nickname: secretNickname,
		Issuer: "SBI", IssuerCountry: "INDIA", Type: "CREDIT", SubType: "VISA PLATINUM", ExtendedType: "CREDIT",
		ISIN: "461119", Fingerprint: "27po8sn3gehxumesqx9oi6xmv9", JuspayBankCode: "JP_SBI", Provider: "VISA",
		ProviderCategory: "NETWORK", Metadata: map[string]string{"origin_merchant_id": secretMetadata},
		NetworkToken: &NetworkToken{
			LastFourDigits: "5937", CardReference: "token_4149513e22e2e58ead99e1ecdd541f10",
			CardFingerprint: "27po8sn3gehxumesqx9oi6xmv9", PAR: secretPAR, CardISIN: "486876061",
			TokenizationStatus: "ACTIVE", ExpiryMonth: "01", ExpiryYear: "2025", CVVLessSupport: true,
			CVVLessSupportedGateways: []string{"CYBERSOURCE", "RAZORPAY"},
		},
	}
}

func secretWalletValue() *Wallet {
	return &Wallet{
		ID: "wlm_Giuln7b8Uy78uyhjI", Object: "wallet_account", Name: "MOBIKWIK", Token: secretWallet, Linked: true,
		CurrentBalance: "100.5", LastRefreshed: time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC),
		JuspayBankCode: "JP_MOBIKWIK", Metadata: map[string]string{"mobile_number": secretMobile, "note": secretMetadata},
		SubDetails: []WalletDetail{{PaymentMethod: "MOBIKWIK", PaymentMethodType: "WALLET", CurrentBalance: "100.5"}},
	}
}

func TestRedactClient(t *testing.T) {
	c := newSecretClient(t, WithEnvironment(Production), WithUserAgent("shop/1.0"))
	t.Run("pointer", func(t *testing.T) {
		requireNoSecret(t, c, true, merchantID, string(Production), redacted)
	})
	t.Run("copied value", func(t *testing.T) {
		cv := *c
		requireNoSecret(t, cv, true) // slog's JSON handler writes a Client value as {}
		assert.Equal(t, fmt.Sprint(c), fmt.Sprint(cv))
		requireNoSecret(t, &cv, true, merchantID)
	})
	t.Run("base URL path", func(t *testing.T) {
		// A proxy's base URL path may hold a token: only the scheme and
		// host print, on the value and the pointer.
		pc := newSecretClient(t, WithBaseURL("https://proxy.example.com/"+secretToken+"/juspay"))
		requireNoSecret(t, pc, true, "BaseURL=https://proxy.example.com")
		requireNoSecret(t, *pc, true)
		for _, v := range []any{pc, *pc} {
			for how, out := range render(t, v, true) {
				assert.NotContains(t, out, "/juspay", how)
			}
		}
	})
	t.Run("inside a user's struct", func(t *testing.T) {
		type service struct {
			Juspay *Client
			Value  Client
			client *Client
		}
		requireNoSecret(t, service{Juspay: c, Value: *c, client: c}, true)
		requireNoSecret(t, &service{Juspay: c, Value: *c, client: c}, true)
	})
	t.Run("LogValue", func(t *testing.T) {
		v := c.LogValue()
		require.Equal(t, slog.KindGroup, v.Kind())
		assert.Equal(t, []slog.Attr{
			slog.String("MerchantID", merchantID), slog.String("BaseURL", string(Production)), slog.String("APIKey", redacted),
		}, v.Group())
	})
	t.Run("nil", func(t *testing.T) {
		var nc *Client
		assert.NotPanics(t, func() { _ = fmt.Sprintf("%v %+v %#v %s", nc, nc, nc, nc) })
	})
}

func TestRedactCustomer(t *testing.T) {
	cust := secretCustomer()
	orig := *cust
	origAuth := *cust.ClientAuth
	want := []string{"cst_afdeuvmfhs3j1acm", "us***", "***55", "c***@***", "J***", "S***", "tkn_***", "2020-03-17T14:13:37Z"}

	requireNoSecret(t, cust, true, want...)
	requireNoSecret(t, *cust, true, want...)
	requireNoSecret(t, cust.ClientAuth, true, "tkn_***", "2020-03-17T14:28:37Z")
	requireNoSecret(t, *cust.ClientAuth, true, "tkn_***")
	noToken := *cust
	noToken.ClientAuth = nil
	requireNoSecret(t, noToken, true, "cst_afdeuvmfhs3j1acm", "c***@***")

	// Printing changes nothing, and the fields stay readable in code.
	assert.Equal(t, orig, *cust)
	assert.Equal(t, origAuth, *cust.ClientAuth)
	assert.Equal(t, secretEmail, cust.EmailAddress)
	assert.Equal(t, secretToken, cust.ClientAuth.Token)

	// The exact masked text.
	assert.Equal(t, "juspay.Customer{ID:cst_afdeuvmfhs3j1acm Object:customer ObjectReferenceID:us*** MobileCountryCode:91 "+
		"MobileNumber:***55 EmailAddress:c***@*** FirstName:J*** LastName:S*** DateCreated:2020-03-17T14:13:37Z "+
		"LastUpdated:2020-03-17T14:13:37Z ClientAuth:juspay.ClientAuth{Token:tkn_*** Expiry:2020-03-17T14:28:37Z}}", fmt.Sprint(cust))
}

func TestRedactCustomerInUsersStruct(t *testing.T) {
	cust := secretCustomer()
	type byPointer struct {
		Customer *Customer
		Plan     string
	}
	type byValue struct {
		Customer Customer
		Plan     string
	}
	type embedsValue struct {
		Customer
		Plan string
	}
	for name, v := range map[string]any{
		"pointer field":       byPointer{Customer: cust, Plan: "gold"},
		"value field":         byValue{Customer: *cust, Plan: "gold"},
		"pointer to embedder": &embedsValue{Customer: *cust, Plan: "gold"},
	} {
		t.Run(name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
				out := fmt.Sprintf(verb, v)
				for _, secret := range []string{secretEmail, secretMobile, secretToken, secretObjRef} {
					assert.NotContains(t, out, secret, "%s of %s", verb, name)
				}
			}
		})
	}
}

// A nil pointer, such as the *Customer of a failed call: fmt prints
// <nil>, and so does slog for the Client. The value types' LogValue has a
// value receiver, so that a value logged with slog's JSON handler is masked
// too; Go cannot call it on a nil pointer, and slog then prints its own
// "LogValue panicked" text in place of the value: nothing of a value, and
// no secret. This test pins that, as the README says.
func TestRedactNil(t *testing.T) {
	values := map[string]any{
		"Customer": (*Customer)(nil), "ClientAuth": (*ClientAuth)(nil), "Client": (*Client)(nil),
		"CreateCustomerRequest": (*CreateCustomerRequest)(nil), "Card": (*Card)(nil), "Wallet": (*Wallet)(nil),
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			require.NotPanics(t, func() {
				for how, s := range render(t, v, true) {
					assert.NotContains(t, s, "secret", "%s of a nil %s", how, name)
					if strings.HasPrefix(how, "slog") && name != "Client" {
						assert.Contains(t, s, "LogValue panicked", "%s of a nil %s", how, name)
						continue
					}
					assert.NotContains(t, s, "panic", "%s of a nil %s", how, name)
				}
			})
		})
	}
}

func TestRedactRequests(t *testing.T) {
	create := &CreateCustomerRequest{
		ObjectReferenceID: secretObjRef, MobileNumber: "+91" + secretMobile, MobileCountryCode: "91", EmailAddress: secretEmail,
		FirstName: secretFirstName, LastName: secretLastName, GetClientAuthToken: true, RoutingID: secretRoutingID,
	}
	update := &UpdateCustomerRequest{
		CustomerID: secretCustomerID, MobileNumber: secretMobile, MobileCountryCode: "+91", EmailAddress: secretEmail,
		FirstName: secretFirstName, LastName: secretLastName, RoutingID: secretRoutingID,
	}
	get := &GetCustomerRequest{CustomerID: secretCustomerID, GetClientAuthToken: true, RoutingID: secretRoutingID}
	listCards := &ListCardsRequest{CustomerID: secretCustomerID, CheckCVVLessSupport: true, RoutingID: secretRoutingID}
	deleteCard := &DeleteCardRequest{CardToken: secretCardToken, RoutingID: secretRoutingID}
	deleteUUID := &DeleteCardRequest{CardToken: secretCardUUID}
	listWallets := &ListWalletsRequest{CustomerID: secretCustomerID, RoutingID: secretRoutingID}
	before := []any{*create, *update, *get, *listCards, *deleteCard, *listWallets}

	cases := []struct {
		name string
		v    any
		want []string
	}{
		{"CreateCustomerRequest", create, []string{"us***", "***55", "c***@***", "J***", "S***", "ro***", "true"}},
		{"UpdateCustomerRequest", update, []string{"lo***", "***55", "c***@***", "J***", "ro***"}},
		{"GetCustomerRequest", get, []string{"lo***", "ro***"}},
		{"ListCardsRequest", listCards, []string{"lo***", "ro***"}},
		{"DeleteCardRequest", deleteCard, []string{"tkn_***", "ro***"}},
		{"DeleteCardRequest with a UUID token", deleteUUID, []string{"CardToken=***"}},
		{"ListWalletsRequest", listWallets, []string{"lo***", "ro***"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireNoSecret(t, tc.v, true, tc.want...)
			requireNoSecret(t, reflect.ValueOf(tc.v).Elem().Interface(), true, tc.want...)
		})
	}
	assert.Equal(t, before, []any{*create, *update, *get, *listCards, *deleteCard, *listWallets}, "printing changes nothing")
}

func TestRedactCardsAndWallets(t *testing.T) {
	card := secretCard()
	wallet := secretWalletValue()
	cardWant := []string{"tkn_***", "XXXX-XXXXXXXX-1449", "VISA", "J***", "N***", "5937", "PAR=***", "origin_merchant_id:***"}
	requireNoSecret(t, card, true, cardWant...)
	requireNoSecret(t, *card, true, cardWant...)
	requireNoSecret(t, card.NetworkToken, true, "5937", "PAR=***", "ACTIVE", "CYBERSOURCE,RAZORPAY")
	requireNoSecret(t, DeletedCard{CardToken: secretCardUUID, CardReference: "df2c47951a71e4486827039fad7b039a", Deleted: true},
		true, "CardToken=***", "df2c47951a71e4486827039fad7b039a", "Deleted=true")
	requireNoSecret(t, &DeletedCard{CardToken: secretCardToken, Deleted: true}, true, "tkn_***")

	walletWant := []string{"wlm_Giuln7b8Uy78uyhjI", "MOBIKWIK", "tk_***", "100.5", "map[mobile_number:*** note:***]"} // keys sorted
	requireNoSecret(t, wallet, true, walletWant...)
	requireNoSecret(t, *wallet, true, walletWant...)

	// The lists have LogValue only: slog masks them.
	cards := CardList{CustomerID: secretCustomerID, MerchantID: merchantID, Cards: []Card{*card, *card}}
	requireNoSecret(t, cards, false, "lo***", merchantID, "tkn_***", "PAR=***")
	requireNoSecret(t, &cards, false, "lo***")
	wallets := WalletList{Wallets: []Wallet{*wallet}, Offset: 0, Count: 1, Total: 1}
	requireNoSecret(t, wallets, false, "tk_***", "wlm_Giuln7b8Uy78uyhjI")

	assert.Equal(t, secretCardToken, card.Token, "fields stay readable in code")
	assert.Equal(t, secretPAR, card.NetworkToken.PAR)
	assert.Equal(t, secretWallet, wallet.Token)
	assert.Equal(t, secretMobile, wallet.Metadata["mobile_number"])
}

func TestRedactErrors(t *testing.T) {
	h := http.Header{}
	h.Set("X-Response-Id", "resp-1")
	h.Set("Content-Type", "application/json")
	apiErr := newAPIError(401, h, []byte(body401))
	apiErr.Call, apiErr.Method, apiErr.Path, apiErr.Attempts = "GetCustomer", http.MethodGet, "/customers/{id}", 1
	reqErr := &RequestError{Call: "GetCustomer", Method: http.MethodGet, Path: "/customers/{id}", Attempts: 3,
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}

	requireNoSecret(t, apiErr, true, "GetCustomer GET /customers/{id}: HTTP 401", "UNAUTHORIZED")
	requireNoSecret(t, *apiErr, true) // slog's JSON handler writes a value's fields: none is secret
	requireNoSecret(t, reqErr, true, "GetCustomer GET /customers/{id}", "connection refused")
	requireNoSecret(t, *reqErr, true)
	requireNoSecret(t, fmt.Errorf("handler: %w", apiErr), true, "HTTP 401")

	// An answer's headers and a body that is not JSON may hold a cookie or
	// a page echoing the request: no verb prints them, on the value or the
	// pointer, nor does its JSON; %#v names the headers and the body's size.
	h.Set("Set-Cookie", "session="+secretToken)
	h.Set("Content-Type", "text/html")
	page := newAPIError(502, h, []byte("<html>"+secretEmail+" "+secretMobile+"</html>"))
	requireNoSecret(t, page, true)
	requireNoSecret(t, *page, true)
	assert.Equal(t, `juspay.APIError{HTTPStatus:502 Status: ErrorCode: ErrorMessage: UserMessage: Call: Method: Path: `+
		`Attempts:0 RequestID:resp-1 Header:[Content-Type Set-Cookie X-Response-Id] Body:49 bytes}`, fmt.Sprintf("%#v", page))
	for _, verb := range []string{"%v", "%+v", "%s"} {
		assert.Equal(t, page.Error(), fmt.Sprintf(verb, page))
		assert.Equal(t, page.Error(), fmt.Sprintf(verb, *page))
	}
	assert.Equal(t, fmt.Sprintf("%#v", page), fmt.Sprintf("%#v", *page))
	assert.Equal(t, strconv.Quote(page.Error()), fmt.Sprintf("%q", page))
	js, err := json.Marshal(page)
	require.NoError(t, err)
	assert.NotContains(t, string(js), "Set-Cookie")
	assert.NotContains(t, string(js), "html")
	assert.Contains(t, string(js), `"HTTPStatus":502`)

	// Validation errors of secret values name the field, never the value.
	refusals := map[string]*ValidationError{
		"email_address":       checkEmail(secretEmail + "\n"),
		"mobile_number":       checkMobile(secretMobile+"x", true, ""),
		"first_name":          checkName("first_name", secretFirstName+"<"),
		"object_reference_id": checkObjectReferenceID(secretObjRef + "\r\n"),
		"x-routing-id":        checkRoutingID(secretRoutingID + "\x00"),
		"customer_id":         checkCustomerID("customer_id", secretCustomerID+"\n"),
		"card_token":          checkCardToken(secretCardToken + "\n"),
	}
	for field, verr := range refusals {
		require.NotNil(t, verr, field)
		requireNoSecret(t, verr, true, field)
	}
}

func TestMasks(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"e-mail", maskEmail, "customer@gmail.com", "c***@***"},
		{"e-mail, multibyte first rune", maskEmail, "élise@x.com", "é***@***"},
		{"e-mail, empty", maskEmail, "", ""},
		{"mobile", maskMobile, "9988776655", "***55"},
		{"mobile with plus", maskMobile, "+919988776655", "***55"},
		{"mobile, 5 digits", maskMobile, "99887", "***87"},
		{"mobile, 4 digits", maskMobile, "9988", "***"},
		{"mobile, empty", maskMobile, "", ""},
		{"name", maskName, "John", "J***"},
		{"name, multibyte first rune", maskName, "Élodie", "É***"},
		{"name, empty", maskName, "", ""},
		{"token", maskToken, "tkn_24543c6a278f45d680d09edb32e78061", "tkn_***"},
		{"wallet token", maskToken, "tk_bkc87beikjcnlblc87asa897sb8anisjkl8b", "tk_***"},
		{"token, UUID", maskToken, "c75a9fca-1121-418e-973c-47d5c4971456", "***"},
		{"token, 4-letter prefix", maskToken, "card_4149513e22e2e58e", "card_***"},
		{"token, long prefix", maskToken, "token_4149513e22e2e58ead99e1ecdd541f10", "***"},
		{"token, leading underscore", maskToken, "_abc", "***"},
		{"token, empty", maskToken, "", ""},
		{"id", maskID, "user@example.com", "us***"},
		{"id, mobile", maskID, "9988776655", "99***"},
		{"id, short", maskID, "c1", "***"},
		{"id, 7 characters", maskID, "abcdefg", "***"},
		{"id, 8 characters", maskID, "abcdefgh", "ab***"},
		{"id, empty", maskID, "", ""},
		{"juspay id kept", maskID, "cst_pcxaymwoh9vbse97", "cst_pcxaymwoh9vbse97"},
		{"sandbox id kept", maskID, "cth_okEEqCF6Cso8ekHX", "cth_okEEqCF6Cso8ekHX"},
		{"id of the edge letters and digits kept", maskID, "cth_azAZ09azAZ09azAZ", "cth_azAZ09azAZ09azAZ"},
		{"e-mail like a juspay id", maskID, "cst_pcxaymwoh9vbse97@gmail.com", "cs***"},
		{"e-mail like a sandbox id", maskID, "cth_okEEqCF6Cso8ekHX@x.io", "ct***"},
		{"upper-case prefix", maskID, "CST_pcxaymwoh9vbse97", "CS***"},
		{"prefix without its id", maskID, "cst_abc", "***"},
		{"juspay id with a dash", maskID, "cst_pcxaymwoh9-bse97", "cs***"},
		{"juspay id and a space", maskID, "cst_pcxaymwoh9vbse97 ", "cs***"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.fn(tc.in))
		})
	}
}

// Juspay's ids may be printed whole; a merchant's reference that merely
// has their shape may hold a mobile number or a name, and must be masked.
func TestMaskIDHidesReferencesShapedLikeJuspayIDs(t *testing.T) {
	for _, ref := range []string{"usr_9988776655", "mob_919988776655", "cus_johnathansmith"} {
		assert.Equal(t, ref[:2]+"***", maskID(ref), "maskID(%q)", ref)
	}
}

// A mask of valid text is valid text: a log line must not get broken
// UTF-8 from a mask cutting a character in two.
func TestMasksKeepValidUTF8(t *testing.T) {
	for _, s := range []string{"客户customer1", "aé.customer@x.io", "José", "9988776655€", "élise@x.com"} {
		for name, mask := range map[string]func(string) string{
			"maskID": maskID, "maskEmail": maskEmail, "maskName": maskName, "maskMobile": maskMobile, "maskToken": maskToken,
		} {
			assert.True(t, utf8.ValidString(mask(s)), "%s(%q) = %q", name, s, mask(s))
		}
	}
}

func FuzzMasks(f *testing.F) {
	for _, s := range []string{"", "customer@gmail.com", "9988776655", "tkn_2454", "cst_pcxaymwoh9vbse97", "José", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		masks := map[string]func(string) string{
			"maskID": maskID, "maskEmail": maskEmail, "maskName": maskName, "maskMobile": maskMobile, "maskToken": maskToken,
		}
		for name, mask := range masks {
			out := mask(s)
			if utf8.ValidString(s) {
				require.True(t, utf8.ValidString(out), "%s(%q) = %q", name, s, out)
			}
			if name == "maskID" && isJuspayID(s) {
				require.Equal(t, s, out)
				continue
			}
			require.LessOrEqual(t, len(out), 3+utf8.UTFMax+5, "%s(%q) = %q shows too much", name, s, out)
			require.Equal(t, s == "", out == "", "%s(%q) = %q", name, s, out)
		}
	})
}

// forged is server text that would forge a log line or reorder what a
// reader sees: a newline and a fake record, a right-to-left override, a
// line separator, a carriage return and an escape.
const forged = "VISA\nlevel=ERROR msg=forged\u202eRLO\u2028LS\r\x1b[31m"

// fillStrings sets every string field of *v, nested structs, pointers to
// structs, slices and maps included, to s.
func fillStrings(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(s)
		}
	case reflect.Pointer:
		if v.IsNil() && v.CanSet() && v.Type().Elem().Kind() == reflect.Struct {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if !v.IsNil() {
			fillStrings(v.Elem(), s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillStrings(v.Field(i), s)
			}
		}
	case reflect.Slice:
		if v.CanSet() && v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		}
		for i := range v.Len() {
			fillStrings(v.Index(i), s)
		}
	case reflect.Map:
		if v.CanSet() && v.Type().Key().Kind() == reflect.String && v.Type().Elem().Kind() == reflect.String {
			v.Set(reflect.ValueOf(map[string]string{"k": s}).Convert(v.Type()))
		}
	}
}

// printable is every value type of the package that a call returns or
// takes. (APIError and ErrorInfo hold only server text that newAPIError
// made one line; TestAPIErrorIsOneLine covers them.)
func printable() []any {
	return []any{
		&Customer{}, &ClientAuth{}, &CardList{}, &Card{}, &NetworkToken{},
		&DeletedCard{}, &WalletList{}, &Wallet{}, &WalletDetail{}, &Response{},
		&CreateCustomerRequest{}, &GetCustomerRequest{}, &UpdateCustomerRequest{},
		&ListCardsRequest{}, &DeleteCardRequest{}, &ListWalletsRequest{}, &RawRequest{},
	}
}

// TestPrintingIsOneLine: whatever a value holds, what fmt and slog print of
// it is one line without control, line-separator or bidi characters.
func TestPrintingIsOneLine(t *testing.T) {
	for _, p := range printable() {
		fillStrings(reflect.ValueOf(p), forged)
		v := reflect.ValueOf(p).Elem().Interface()
		name := reflect.TypeOf(v).Name()
		t.Run(name, func(t *testing.T) {
			var outs []string
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				outs = append(outs, fmt.Sprintf(verb, v), fmt.Sprintf(verb, p))
			}
			var text bytes.Buffer
			slog.New(slog.NewTextHandler(&text, nil)).Info("m", "v", v, "p", p)
			outs = append(outs, strings.TrimSuffix(text.String(), "\n"))
			for _, out := range outs {
				i := strings.IndexFunc(out, func(r rune) bool {
					return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
				})
				assert.Equal(t, -1, i, "%q", out)
			}
		})
	}
}

// TestPrintingNilPointers: a nil result prints as nil with fmt, whatever
// the verb.
func TestPrintingNilPointers(t *testing.T) {
	var cust *Customer
	var card *Card
	var list *CardList
	for _, verb := range []string{"%v", "%+v", "%s"} {
		assert.Equal(t, "<nil> <nil> <nil>", fmt.Sprintf(verb+" "+verb+" "+verb, cust, card, list))
	}
}
