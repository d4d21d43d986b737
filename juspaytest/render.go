package juspaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// The answers: their JSON shapes, keys in the order of Juspay's samples, and
// how they are written.

// answer is what a call answers: a status and a value encoded as JSON.
type answer struct {
	status int
	body   any
}

// encodeJSON encodes v compactly, in struct field order, without HTML
// escaping and without a trailing newline.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("juspaytest: encoding an answer: " + err.Error()) // our own types: cannot happen
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// writeAnswer writes a as JSON; an error body gets responseID as its
// error_info.request_id.
func writeAnswer(w http.ResponseWriter, a answer, responseID string) {
	body := a.body
	if e, ok := body.(errorBody); ok {
		body = e.withRequestID(responseID)
	}
	writeBody(w, a.status, "application/json", encodeJSON(body))
}

func writeBody(w http.ResponseWriter, status int, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// timeLayout is the timestamp form of the page's samples.
const timeLayout = "2006-01-02T15:04:05Z"

func formatStamp(t time.Time) string { return t.UTC().Format(timeLayout) }

// orNull is s, or nil (JSON null) when s is empty.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

type customerJSON struct {
	ID                string      `json:"id"`
	Object            string      `json:"object"`
	ObjectReferenceID string      `json:"object_reference_id"`
	MobileCountryCode *string     `json:"mobile_country_code"`
	MobileNumber      *string     `json:"mobile_number"`
	EmailAddress      *string     `json:"email_address"`
	FirstName         *string     `json:"first_name"`
	LastName          *string     `json:"last_name"`
	DateCreated       string      `json:"date_created"`
	LastUpdated       string      `json:"last_updated"`
	Juspay            *clientAuth `json:"juspay,omitempty"`
}

type clientAuth struct {
	ClientAuthToken       string `json:"client_auth_token"`
	ClientAuthTokenExpiry string `json:"client_auth_token_expiry"`
}

// renderCustomer is c as Juspay answers it; "juspay" only with a token.
func renderCustomer(c Customer, g *grant) customerJSON {
	out := customerJSON{
		ID: c.ID, Object: "customer", ObjectReferenceID: c.ObjectReferenceID,
		MobileCountryCode: orNull(c.MobileCountryCode), MobileNumber: orNull(c.MobileNumber),
		EmailAddress: orNull(c.EmailAddress), FirstName: orNull(c.FirstName), LastName: orNull(c.LastName),
		DateCreated: formatStamp(c.DateCreated), LastUpdated: formatStamp(c.LastUpdated),
	}
	if g != nil {
		out.Juspay = &clientAuth{ClientAuthToken: g.token, ClientAuthTokenExpiry: formatStamp(g.expiry)}
	}
	return out
}

type cardListJSON struct {
	CustomerID string     `json:"customer_id"`
	MerchantID string     `json:"merchantId"`
	Cards      []cardJSON `json:"cards"`
}

type cardJSON struct {
	Expired          bool              `json:"expired"`
	IssuerCountry    string            `json:"card_issuer_country"`
	NameOnCard       string            `json:"name_on_card"`
	Reference        string            `json:"card_reference"`
	Token            string            `json:"card_token"`
	Issuer           string            `json:"card_issuer"`
	Brand            string            `json:"card_brand"`
	Number           string            `json:"card_number"`
	Fingerprint      string            `json:"card_fingerprint"`
	ExtendedType     string            `json:"extended_card_type"`
	Type             string            `json:"card_type"`
	NetworkToken     *networkTokenJSON `json:"token,omitempty"`
	ProviderCategory string            `json:"provider_category"`
	ISIN             string            `json:"card_isin"`
	JuspayBankCode   string            `json:"juspay_bank_code"`
	Metadata         json.RawMessage   `json:"metadata,omitempty"`
	TokenizeSupport  bool              `json:"tokenize_support"`
	Nickname         string            `json:"nickname"`
	SubType          string            `json:"card_sub_type"`
	ExpYear          string            `json:"card_exp_year"`
	Provider         string            `json:"provider"`
	ExpMonth         string            `json:"card_exp_month"`
}

type networkTokenJSON struct {
	LastFourDigits           string    `json:"last_four_digits"`
	CardReference            string    `json:"card_reference"`
	CardFingerprint          string    `json:"card_fingerprint"`
	PAR                      string    `json:"par"`
	CardISIN                 string    `json:"card_isin"`
	TokenizationStatus       string    `json:"tokenization_status"`
	ExpiryYear               string    `json:"expiry_year"`
	ExpiryMonth              string    `json:"expiry_month"`
	CVVLessSupport           *bool     `json:"cvv_less_support,omitempty"`
	CVVLessSupportedGateways *[]string `json:"cvv_less_supported_gateways,omitempty"`
}

// renderCards is the list-cards answer; the CVV-less fields appear in each
// token only when cvvLess was asked.
func renderCards(customerID, merchantID string, cards []Card, cvvLess bool) cardListJSON {
	out := cardListJSON{CustomerID: customerID, MerchantID: merchantID, Cards: make([]cardJSON, len(cards))}
	for i, c := range cards {
		out.Cards[i] = renderCard(c, cvvLess)
	}
	return out
}

// renderCard is one card of the list-cards answer.
func renderCard(c Card, cvvLess bool) cardJSON {
	out := cardJSON{
		Expired: c.Expired, IssuerCountry: c.IssuerCountry, NameOnCard: c.NameOnCard,
		Reference: c.Reference, Token: c.Token, Issuer: c.Issuer, Brand: c.Brand, Number: c.Number,
		Fingerprint: c.Fingerprint, ExtendedType: c.ExtendedType, Type: c.Type,
		ProviderCategory: c.ProviderCategory, ISIN: c.ISIN, JuspayBankCode: c.JuspayBankCode,
		Metadata: c.Metadata, TokenizeSupport: c.TokenizeSupport, Nickname: c.Nickname,
		SubType: c.SubType, ExpYear: c.ExpYear, Provider: c.Provider, ExpMonth: c.ExpMonth,
	}
	if t := c.NetworkToken; t != nil {
		nt := &networkTokenJSON{
			LastFourDigits: t.LastFourDigits, CardReference: t.CardReference, CardFingerprint: t.CardFingerprint,
			PAR: t.PAR, CardISIN: t.CardISIN, TokenizationStatus: t.TokenizationStatus,
			ExpiryYear: t.ExpiryYear, ExpiryMonth: t.ExpiryMonth,
		}
		if cvvLess {
			support, gateways := t.CVVLessSupport, append([]string{}, t.CVVLessSupportedGateways...)
			nt.CVVLessSupport, nt.CVVLessSupportedGateways = &support, &gateways
		}
		out.NetworkToken = nt
	}
	return out
}

type deletedCardJSON struct {
	CardToken     string `json:"card_token"`
	CardReference string `json:"card_reference"`
	Deleted       bool   `json:"deleted"`
}

type walletListJSON struct {
	List   []walletJSON `json:"list"`
	Offset int          `json:"offset"`
	Count  int          `json:"count"`
	Total  int          `json:"total"`
	Object string       `json:"object"`
}

type walletJSON struct {
	Wallet             string          `json:"wallet"`
	Token              *string         `json:"token"`
	LastRefreshed      *string         `json:"last_refreshed"`
	JuspayBankCode     string          `json:"juspay_bank_code,omitempty"`
	Object             string          `json:"object"`
	ID                 string          `json:"id"`
	CurrentBalance     *json.Number    `json:"current_balance"`
	SubDetails         []subDetailJSON `json:"sub_details,omitempty"`
	Linked             bool            `json:"linked"`
	Metadata           json.RawMessage `json:"metadata,omitempty"`
	GatewayReferenceID **string        `json:"gateway_reference_id,omitempty"`
}

type subDetailJSON struct {
	PaymentMethod     string       `json:"payment_method"`
	PaymentMethodType string       `json:"payment_method_type"`
	LastRefreshed     *string      `json:"last_refreshed"`
	CurrentBalance    *json.Number `json:"current_balance"`
}

// numberOrNull is d as a JSON number, or nil (null) when empty.
func numberOrNull(d juspay.Decimal) *json.Number {
	if d == "" {
		return nil
	}
	n := json.Number(d)
	return &n
}

// stampOrNull is t as the samples write it, or nil (null) when zero.
func stampOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return orNull(formatStamp(t))
}

// renderWallets is the list-wallets answer: every wallet in one page.
func renderWallets(ws []Wallet) walletListJSON {
	out := walletListJSON{List: make([]walletJSON, len(ws)), Count: len(ws), Total: len(ws), Object: "list"}
	for i, w := range ws {
		out.List[i] = renderWallet(w)
	}
	return out
}

// renderWallet is one wallet of the list-wallets answer.
func renderWallet(w Wallet) walletJSON {
	out := walletJSON{
		Wallet: w.Name, Token: orNull(w.Token), LastRefreshed: stampOrNull(w.LastRefreshed),
		JuspayBankCode: w.JuspayBankCode, Object: "wallet_account", ID: w.ID,
		CurrentBalance: numberOrNull(w.CurrentBalance), Linked: w.Linked, Metadata: w.Metadata,
	}
	for _, d := range w.SubDetails {
		out.SubDetails = append(out.SubDetails, subDetailJSON{
			PaymentMethod: d.PaymentMethod, PaymentMethodType: d.PaymentMethodType,
			LastRefreshed: stampOrNull(d.LastRefreshed), CurrentBalance: numberOrNull(d.CurrentBalance),
		})
	}
	// An unlinked wallet always carries metadata and gateway_reference_id
	// (null when unset), as Juspay's sample of one does.
	if ref := orNull(w.GatewayReferenceID); ref != nil || !w.Linked {
		out.GatewayReferenceID = &ref
	}
	if !w.Linked && len(out.Metadata) == 0 {
		out.Metadata = json.RawMessage("{}")
	}
	return out
}
