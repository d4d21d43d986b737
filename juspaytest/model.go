package juspaytest

import (
	"encoding/json"
	"fmt"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// The resources the server stores. They marshal to and unmarshal from
// Juspay's own JSON, as the server answers them (keys in the order of
// Juspay's samples, absent values null), so seed data can be written in
// Juspay's JSON and read with encoding/json.

// Customer is a customer as the server stores it.
type Customer struct {
	// ID is Juspay's id. The server makes "cth_" and 16 mixed-case
	// alphanumerics, as the sandbox does; a seeded one may have any shape
	// ("cst_..." included).
	ID string `json:"id"`
	// ObjectReferenceID is the merchant's own id, unique per server.
	ObjectReferenceID string `json:"object_reference_id"`
	// The optional fields are kept as sent (a leading "+" included); empty
	// means absent, and an absent field is answered as JSON null.
	MobileCountryCode string `json:"mobile_country_code"`
	MobileNumber      string `json:"mobile_number"`
	EmailAddress      string `json:"email_address"`
	FirstName         string `json:"first_name"`
	LastName          string `json:"last_name"`
	// DateCreated and LastUpdated are UTC, cut to whole seconds, as the
	// server sends them. In JSON both of Juspay's forms are read:
	// "2020-03-17T14:13:37Z" and "2016-08-02T08:07:52+0000".
	DateCreated time.Time `json:"date_created"`
	LastUpdated time.Time `json:"last_updated"`
}

// UnmarshalJSON reads a customer in Juspay's JSON, accepting both timestamp
// forms Juspay sends (time.Time alone rejects "+0000"). Keys it does not
// know, such as "object" or "juspay", are ignored; null leaves a field empty.
func (c *Customer) UnmarshalJSON(b []byte) error {
	type plain Customer // the same fields without this method
	aux := struct {
		*plain
		DateCreated *string `json:"date_created"`
		LastUpdated *string `json:"last_updated"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	for _, f := range []struct {
		dst *time.Time
		src *string
		key string
	}{{&c.DateCreated, aux.DateCreated, "date_created"}, {&c.LastUpdated, aux.LastUpdated, "last_updated"}} {
		t, err := parseOptionalStamp(f.src)
		if err != nil {
			return fmt.Errorf("juspaytest: customer %s: %w", f.key, err)
		}
		*f.dst = t
	}
	return nil
}

// parseStamp reads a timestamp in either of Juspay's forms.
func parseStamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse("2006-01-02T15:04:05-0700", s)
	}
	return t.UTC(), err
}

// Card is a saved card as the list-cards answer shows it; its json tags are
// Juspay's names. Its strings are sent as they are, "" included (Juspay's
// sample sends "nickname": ""); NetworkToken and Metadata are left out of
// answers when nil or empty.
type Card struct {
	Expired          bool          `json:"expired"`
	IssuerCountry    string        `json:"card_issuer_country"`
	NameOnCard       string        `json:"name_on_card"`
	Reference        string        `json:"card_reference"`   // made when empty
	Token            string        `json:"card_token"`       // made when empty; pays or deletes the card
	Issuer           string        `json:"card_issuer"`      // e.g. "SBI"
	Brand            string        `json:"card_brand"`       // e.g. "VISA"
	Number           string        `json:"card_number"`      // masked, e.g. "XXXX-XXXXXXXX-1449"
	Fingerprint      string        `json:"card_fingerprint"` // made when empty
	ExtendedType     string        `json:"extended_card_type"`
	Type             string        `json:"card_type"` // "CREDIT" or "DEBIT"
	NetworkToken     *NetworkToken `json:"token"`
	ProviderCategory string        `json:"provider_category"`
	ISIN             string        `json:"card_isin"`
	JuspayBankCode   string        `json:"juspay_bank_code"`
	// Metadata is a JSON object, kept as its text.
	Metadata        json.RawMessage `json:"metadata"`
	TokenizeSupport bool            `json:"tokenize_support"`
	Nickname        string          `json:"nickname"`
	SubType         string          `json:"card_sub_type"`
	ExpYear         string          `json:"card_exp_year"`
	Provider        string          `json:"provider"`
	ExpMonth        string          `json:"card_exp_month"`
}

// NetworkToken is a card's network token, the "token" object of a card.
// Empty CardReference and CardFingerprint take the card's.
type NetworkToken struct {
	LastFourDigits     string `json:"last_four_digits"`
	CardReference      string `json:"card_reference"`
	CardFingerprint    string `json:"card_fingerprint"`
	PAR                string `json:"par"`
	CardISIN           string `json:"card_isin"`
	TokenizationStatus string `json:"tokenization_status"` // e.g. "ACTIVE"
	ExpiryYear         string `json:"expiry_year"`
	ExpiryMonth        string `json:"expiry_month"`
	// CVVLessSupport and CVVLessSupportedGateways are answered only when
	// the list asks options.check_cvv_less_support=true.
	CVVLessSupport           bool     `json:"cvv_less_support"`
	CVVLessSupportedGateways []string `json:"cvv_less_supported_gateways"`
}

// Wallet is a customer's wallet account as the list-wallets answer shows
// it. It marshals to and unmarshals from Juspay's JSON: empty Token,
// CurrentBalance and GatewayReferenceID, and a zero LastRefreshed, are null.
type Wallet struct {
	// Name is the wallet provider, e.g. "MOBIKWIK" (JSON "wallet").
	Name string
	// Token is a linked wallet's token: made when empty on a linked wallet.
	Token string
	// LastRefreshed is when the balance was last read; zero is null. It is
	// answered UTC, to the second ("2023-09-11T08:29:47Z"); a refresh of
	// the wallets (RouteRefreshWallets) sets a linked wallet's to now.
	LastRefreshed time.Time
	// JuspayBankCode is e.g. "JP_MOBIKWIK"; left out of answers when empty.
	JuspayBankCode string
	// ID is "wlm_..." and made when empty; unique per server.
	ID string
	// CurrentBalance is the balance in rupees as the JSON number's text,
	// exact (e.g. "100" or "100.50"), never a float64; empty is null.
	CurrentBalance juspay.Decimal
	// SubDetails are the wallet's payment methods; left out when empty.
	SubDetails []WalletDetail
	Linked     bool
	// Metadata is a JSON object kept as its text, e.g.
	// {"mobile_number":"9999999999"}. An unlinked wallet always answers
	// metadata ({} when empty) and gateway_reference_id; a linked one only
	// when set.
	Metadata           json.RawMessage
	GatewayReferenceID string
}

// WalletDetail is one payment method of a wallet ("sub_details"), as
// juspay.WalletDetail.
type WalletDetail struct {
	PaymentMethod     string
	PaymentMethodType string         // e.g. "WALLET"
	LastRefreshed     time.Time      // null when zero
	CurrentBalance    juspay.Decimal // null when empty
}

// WalletSubDetail is the former name of WalletDetail.
//
// Deprecated: use WalletDetail.
type WalletSubDetail = WalletDetail

// MarshalJSON writes c as Juspay answers it, without a token: absent
// fields are null, timestamps UTC to the second.
func (c Customer) MarshalJSON() ([]byte, error) { return json.Marshal(renderCustomer(c, nil)) }

// MarshalJSON writes c as List Cards shows it, the token's CVV-less fields
// included.
func (c Card) MarshalJSON() ([]byte, error) { return json.Marshal(renderCard(c, true)) }

// MarshalJSON writes w as List Wallets shows it.
func (w Wallet) MarshalJSON() ([]byte, error) { return json.Marshal(renderWallet(w)) }

// UnmarshalJSON reads a wallet in Juspay's JSON: a balance as a JSON number
// (or its text in a string), a timestamp in either of Juspay's forms, null
// as empty. Keys it does not know, such as "object", are ignored.
func (w *Wallet) UnmarshalJSON(b []byte) error {
	var aux walletWire
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	out := Wallet{
		Name: aux.Wallet, Token: deref(aux.Token), JuspayBankCode: aux.JuspayBankCode, ID: aux.ID,
		CurrentBalance: juspay.Decimal(aux.CurrentBalance), Linked: aux.Linked, Metadata: aux.Metadata,
		GatewayReferenceID: deref(aux.GatewayReferenceID),
	}
	var err error
	if out.LastRefreshed, err = parseOptionalStamp(aux.LastRefreshed); err != nil {
		return fmt.Errorf("juspaytest: wallet last_refreshed: %w", err)
	}
	for _, d := range aux.SubDetails {
		sub := WalletDetail{PaymentMethod: d.PaymentMethod, PaymentMethodType: d.PaymentMethodType, CurrentBalance: juspay.Decimal(d.CurrentBalance)}
		if sub.LastRefreshed, err = parseOptionalStamp(d.LastRefreshed); err != nil {
			return fmt.Errorf("juspaytest: wallet sub_details last_refreshed: %w", err)
		}
		out.SubDetails = append(out.SubDetails, sub)
	}
	*w = out
	return nil
}

// walletWire is a wallet as Juspay's JSON has it, for UnmarshalJSON.
type walletWire struct {
	Wallet             string          `json:"wallet"`
	Token              *string         `json:"token"`
	LastRefreshed      *string         `json:"last_refreshed"`
	JuspayBankCode     string          `json:"juspay_bank_code"`
	ID                 string          `json:"id"`
	CurrentBalance     json.Number     `json:"current_balance"`
	Linked             bool            `json:"linked"`
	Metadata           json.RawMessage `json:"metadata"`
	GatewayReferenceID *string         `json:"gateway_reference_id"`
	SubDetails         []struct {
		PaymentMethod     string      `json:"payment_method"`
		PaymentMethodType string      `json:"payment_method_type"`
		LastRefreshed     *string     `json:"last_refreshed"`
		CurrentBalance    json.Number `json:"current_balance"`
	} `json:"sub_details"`
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// parseOptionalStamp reads a timestamp that may be null or empty (zero).
func parseOptionalStamp(s *string) (time.Time, error) {
	if s == nil || *s == "" {
		return time.Time{}, nil
	}
	return parseStamp(*s)
}

// The resources as Juspay's JSON has them, keys in the order of its samples.

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

// grant is a client auth token as issued.
type grant struct {
	token  string
	expiry time.Time
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
