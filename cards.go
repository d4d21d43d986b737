package juspay

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A customer's saved cards and wallets, as Juspay's List Saved Cards
// (https://juspay.io/in/docs/payv3/web/base-integration/list-stored-cards),
// Delete Card
// (https://github.com/juspay/juspay-sdk-integration-demo/tree/api-reference/card/delete-card)
// and List Wallets
// (https://juspay.io/in/docs/api-reference/docs/express-checkout/list-wallets)
// serve them.

// ListCardsRequest names the customer whose saved cards ListCards returns.
type ListCardsRequest struct {
	// CustomerID is Juspay's id ("cst_…") or your object_reference_id. Required.
	CustomerID string
	// CheckCVVLessSupport asks Juspay to say, in each card's NetworkToken,
	// whether it can be paid without a CVV and through which gateways.
	CheckCVVLessSupport bool
	// RoutingID is sent as x-routing-id; empty means CustomerID.
	RoutingID string
}

// CardList is a customer's saved cards: all of them, in one answer.
type CardList struct {
	CustomerID string // "customer_id"
	MerchantID string // "merchantId"
	Cards      []Card // empty when the customer has none
}

// Card is a saved card. Juspay sends its number masked; printing a Card
// with fmt or slog also masks its token, the holder's name and the
// network token's PAR.
type Card struct {
	Token            string // "card_token": pays with or deletes the card; a secret
	Reference        string // "card_reference"
	Number           string // "card_number", as Juspay masks it: "XXXX-XXXXXXXX-1449"
	Brand            string // "card_brand", e.g. "VISA"
	Expired          bool   // "expired"
	ExpMonth         string // "card_exp_month", e.g. "01"
	ExpYear          string // "card_exp_year", e.g. "2025"
	NameOnCard       string // "name_on_card"
	Nickname         string // "nickname"
	Issuer           string // "card_issuer", e.g. "SBI"
	IssuerCountry    string // "card_issuer_country", e.g. "INDIA"
	Type             string // "card_type", e.g. "CREDIT"
	SubType          string // "card_sub_type", e.g. "VISA PLATINUM"
	ExtendedType     string // "extended_card_type"
	ISIN             string // "card_isin": the card's first digits
	Fingerprint      string // "card_fingerprint"
	JuspayBankCode   string // "juspay_bank_code", e.g. "JP_SBI"
	Provider         string // "provider", e.g. "VISA"
	ProviderCategory string // "provider_category", e.g. "NETWORK"
	TokenizeSupport  bool   // "tokenize_support"
	// Metadata is Juspay's "metadata" object, its values as text.
	Metadata map[string]string
	// NetworkToken is the card's network token ("token"); nil when Juspay
	// sends none.
	NetworkToken *NetworkToken
}

// NetworkToken is the network token of a saved card.
type NetworkToken struct {
	LastFourDigits     string // "last_four_digits"
	CardReference      string // "card_reference"
	CardFingerprint    string // "card_fingerprint"
	PAR                string // "par": the payment account reference
	CardISIN           string // "card_isin"
	TokenizationStatus string // "tokenization_status", e.g. "ACTIVE"
	ExpiryMonth        string // "expiry_month"
	ExpiryYear         string // "expiry_year"
	// CVVLessSupport and CVVLessSupportedGateways are sent only when
	// ListCardsRequest.CheckCVVLessSupport is set: false and nil otherwise.
	CVVLessSupport           bool     // "cvv_less_support"
	CVVLessSupportedGateways []string // "cvv_less_supported_gateways"
}

// DeleteCardRequest names the saved card DeleteCard deletes.
type DeleteCardRequest struct {
	// CardToken is the card's token (Card.Token). Required.
	CardToken string
	// RoutingID is sent as x-routing-id when set; Juspay's sample sends none.
	RoutingID string
}

// DeletedCard is Juspay's answer to a deletion.
type DeletedCard struct {
	CardToken     string // "card_token"
	CardReference string // "card_reference"
	Deleted       bool   // "deleted"; always true, since an answer without it is an error
}

// ListWalletsRequest names the customer whose wallets ListWallets returns.
type ListWalletsRequest struct {
	// CustomerID is Juspay's id ("cst_…") or your object_reference_id. Required.
	CustomerID string
	// RoutingID is sent as x-routing-id; empty means CustomerID.
	RoutingID string
}

// WalletList is a customer's wallets, with Juspay's paging numbers.
type WalletList struct {
	Wallets []Wallet // "list"
	Offset  int      // "offset"
	Count   int      // "count"
	Total   int      // "total"
}

// Wallet is a customer's wallet account. Printing it with fmt or slog
// masks its token and metadata values.
type Wallet struct {
	ID     string // "id", e.g. "wlm_Giuln7b8Uy78uyhjI"
	Object string // "object", "wallet_account"
	Name   string // "wallet", e.g. "MOBIKWIK"
	// Token is the wallet's token; a secret; empty when the wallet is not linked.
	Token  string
	Linked bool // "linked"
	// CurrentBalance is the balance in rupees, exactly as Juspay wrote it;
	// empty when Juspay sent null (an unlinked wallet).
	CurrentBalance Decimal
	// LastRefreshed is when the balance was read, UTC; zero when null.
	LastRefreshed      time.Time
	JuspayBankCode     string // "juspay_bank_code", e.g. "JP_MOBIKWIK"
	GatewayReferenceID string // "gateway_reference_id"
	// Metadata is Juspay's "metadata" object, its values as text.
	Metadata   map[string]string
	SubDetails []WalletDetail // "sub_details"
}

// WalletDetail is one payment method of a wallet ("sub_details").
type WalletDetail struct {
	PaymentMethod     string    // "payment_method", e.g. "MOBIKWIK"
	PaymentMethodType string    // "payment_method_type", e.g. "WALLET"
	LastRefreshed     time.Time // "last_refreshed", UTC; zero when null
	CurrentBalance    Decimal   // "current_balance"; empty when null
}

// Decimal is an amount exactly as Juspay wrote it, e.g. "100.10": never
// rounded through a float64. Hand it to a decimal library, or compare it
// as text. Empty means Juspay sent null.
type Decimal string

// ListCards returns every card a customer saved (GET
// /cards?customer_id={id}). A customer without cards gets an empty list.
// https://juspay.io/in/docs/payv3/web/base-integration/list-stored-cards
func (c *Client) ListCards(ctx context.Context, req *ListCardsRequest) (*CardList, error) {
	if req == nil {
		return nil, invalid("request", "must not be nil")
	}
	if err := checkLookup("customer_id", req.CustomerID, req.RoutingID); err != nil {
		return nil, err
	}
	r := &request{call: "ListCards", method: http.MethodGet, template: "/cards", path: "/cards",
		query: "customer_id=" + url.QueryEscape(req.CustomerID), routingID: cmp.Or(req.RoutingID, req.CustomerID)}
	if req.CheckCVVLessSupport {
		r.query += "&options.check_cvv_less_support=true"
	}
	var list *CardList
	_, err := c.do(ctx, r, func(body []byte) (err error) {
		list, err = decodeCardList(body)
		return err
	})
	return list, err
}

// DeleteCard deletes a saved card (POST /card/delete). Juspay has no call
// that deletes a customer: deleting their saved cards is how a backend
// forgets them. An answer without "deleted": true fails with
// ErrCardNotDeleted; an unknown token gives an *APIError matching
// ErrNotFound. When an attempt that may have reached Juspay is retried and
// then meets "not found", that attempt deleted the card: DeleteCard
// returns it as deleted, without a CardReference.
// https://github.com/juspay/juspay-sdk-integration-demo/tree/api-reference/card/delete-card
func (c *Client) DeleteCard(ctx context.Context, req *DeleteCardRequest) (*DeletedCard, error) {
	if req == nil {
		return nil, invalid("request", "must not be nil")
	}
	if err := checkCardToken(req.CardToken); err != nil {
		return nil, err
	}
	if err := checkRoutingID(req.RoutingID); err != nil {
		return nil, err
	}
	form := deleteCardForm{CardToken: req.CardToken}
	r := &request{call: "DeleteCard", method: http.MethodPost, template: "/card/delete", path: "/card/delete",
		routingID: req.RoutingID, form: form.encode()}
	var deleted *DeletedCard
	landed, err := c.do(ctx, r, func(body []byte) (err error) {
		deleted, err = decodeDeletedCard(body)
		return err
	})
	if err != nil && landed && IsNotFound(err) {
		// An earlier attempt deleted the card before its answer was lost.
		return &DeletedCard{CardToken: req.CardToken, Deleted: true}, nil
	}
	return deleted, err
}

// ListWallets returns a customer's wallets (GET /customers/{id}/wallets),
// linked or not.
// https://juspay.io/in/docs/api-reference/docs/express-checkout/list-wallets
func (c *Client) ListWallets(ctx context.Context, req *ListWalletsRequest) (*WalletList, error) {
	if req == nil {
		return nil, invalid("request", "must not be nil")
	}
	if err := checkLookup("id", req.CustomerID, req.RoutingID); err != nil {
		return nil, err
	}
	r := &request{call: "ListWallets", method: http.MethodGet, template: "/customers/{id}/wallets",
		path: customerPath(req.CustomerID) + "/wallets", routingID: cmp.Or(req.RoutingID, req.CustomerID)}
	var list *WalletList
	_, err := c.do(ctx, r, func(body []byte) (err error) {
		list, err = decodeWalletList(body)
		return err
	})
	return list, err
}

// The answers as Juspay sends them. jsonText takes any scalar as text, so
// a number or bool where a string was expected (or the reverse) never fails
// a call.

type cardListWire struct {
	CustomerID jsonText    `json:"customer_id"`
	MerchantID jsonText    `json:"merchantId"`
	Cards      []*cardWire `json:"cards"`
}

type cardWire struct {
	Token            jsonText            `json:"card_token"`
	Reference        jsonText            `json:"card_reference"`
	Number           jsonText            `json:"card_number"`
	Brand            jsonText            `json:"card_brand"`
	Expired          jsonText            `json:"expired"`
	ExpMonth         jsonText            `json:"card_exp_month"`
	ExpYear          jsonText            `json:"card_exp_year"`
	NameOnCard       jsonText            `json:"name_on_card"`
	Nickname         jsonText            `json:"nickname"`
	Issuer           jsonText            `json:"card_issuer"`
	IssuerCountry    jsonText            `json:"card_issuer_country"`
	Type             jsonText            `json:"card_type"`
	SubType          jsonText            `json:"card_sub_type"`
	ExtendedType     jsonText            `json:"extended_card_type"`
	ISIN             jsonText            `json:"card_isin"`
	Fingerprint      jsonText            `json:"card_fingerprint"`
	JuspayBankCode   jsonText            `json:"juspay_bank_code"`
	Provider         jsonText            `json:"provider"`
	ProviderCategory jsonText            `json:"provider_category"`
	TokenizeSupport  jsonText            `json:"tokenize_support"`
	Metadata         map[string]jsonText `json:"metadata"`
	NetworkToken     *struct {
		LastFourDigits           jsonText   `json:"last_four_digits"`
		CardReference            jsonText   `json:"card_reference"`
		CardFingerprint          jsonText   `json:"card_fingerprint"`
		PAR                      jsonText   `json:"par"`
		CardISIN                 jsonText   `json:"card_isin"`
		TokenizationStatus       jsonText   `json:"tokenization_status"`
		ExpiryMonth              jsonText   `json:"expiry_month"`
		ExpiryYear               jsonText   `json:"expiry_year"`
		CVVLessSupport           jsonText   `json:"cvv_less_support"`
		CVVLessSupportedGateways []jsonText `json:"cvv_less_supported_gateways"`
	} `json:"token"`
}

type deletedCardWire struct {
	CardToken     jsonText `json:"card_token"`
	CardReference jsonText `json:"card_reference"`
	Deleted       jsonText `json:"deleted"`
}

type walletListWire struct {
	List   []*walletWire `json:"list"`
	Offset jsonText      `json:"offset"`
	Count  jsonText      `json:"count"`
	Total  jsonText      `json:"total"`
}

type walletWire struct {
	ID                 jsonText            `json:"id"`
	Object             jsonText            `json:"object"`
	Name               jsonText            `json:"wallet"`
	Token              jsonText            `json:"token"`
	Linked             jsonText            `json:"linked"`
	CurrentBalance     jsonText            `json:"current_balance"`
	LastRefreshed      jsonText            `json:"last_refreshed"`
	JuspayBankCode     jsonText            `json:"juspay_bank_code"`
	GatewayReferenceID jsonText            `json:"gateway_reference_id"`
	Metadata           map[string]jsonText `json:"metadata"`
	SubDetails         []*struct {
		PaymentMethod     jsonText `json:"payment_method"`
		PaymentMethodType jsonText `json:"payment_method_type"`
		LastRefreshed     jsonText `json:"last_refreshed"`
		CurrentBalance    jsonText `json:"current_balance"`
	} `json:"sub_details"`
}

// decodeCardList reads a List Saved Cards answer; one without "cards" is
// not a card list.
func decodeCardList(body []byte) (*CardList, error) {
	var w cardListWire
	if err := unmarshalAnswer(body, &w); err != nil {
		return nil, err
	}
	if w.Cards == nil {
		return nil, fmt.Errorf("%w: not a card list (no cards)", ErrUnexpectedResponse)
	}
	list := &CardList{CustomerID: string(w.CustomerID), MerchantID: string(w.MerchantID), Cards: make([]Card, 0, len(w.Cards))}
	for _, cw := range w.Cards {
		if cw == nil {
			continue
		}
		card := Card{
			Token: string(cw.Token), Reference: string(cw.Reference), Number: string(cw.Number),
			Brand: string(cw.Brand), Expired: isTrue(cw.Expired),
			ExpMonth: string(cw.ExpMonth), ExpYear: string(cw.ExpYear),
			NameOnCard: string(cw.NameOnCard), Nickname: string(cw.Nickname),
			Issuer: string(cw.Issuer), IssuerCountry: string(cw.IssuerCountry),
			Type: string(cw.Type), SubType: string(cw.SubType), ExtendedType: string(cw.ExtendedType),
			ISIN: string(cw.ISIN), Fingerprint: string(cw.Fingerprint), JuspayBankCode: string(cw.JuspayBankCode),
			Provider: string(cw.Provider), ProviderCategory: string(cw.ProviderCategory),
			TokenizeSupport: isTrue(cw.TokenizeSupport), Metadata: textMap(cw.Metadata),
		}
		if t := cw.NetworkToken; t != nil {
			card.NetworkToken = &NetworkToken{
				LastFourDigits: string(t.LastFourDigits), CardReference: string(t.CardReference),
				CardFingerprint: string(t.CardFingerprint), PAR: string(t.PAR), CardISIN: string(t.CardISIN),
				TokenizationStatus: string(t.TokenizationStatus),
				ExpiryMonth:        string(t.ExpiryMonth), ExpiryYear: string(t.ExpiryYear),
				CVVLessSupport: isTrue(t.CVVLessSupport),
			}
			for _, g := range t.CVVLessSupportedGateways {
				card.NetworkToken.CVVLessSupportedGateways = append(card.NetworkToken.CVVLessSupportedGateways, string(g))
			}
		}
		list.Cards = append(list.Cards, card)
	}
	return list, nil
}

// decodeDeletedCard reads a Delete Card answer; one without
// "deleted": true means the card was not deleted.
func decodeDeletedCard(body []byte) (*DeletedCard, error) {
	var w deletedCardWire
	if err := unmarshalAnswer(body, &w); err != nil {
		return nil, err
	}
	if !isTrue(w.Deleted) {
		return nil, ErrCardNotDeleted
	}
	return &DeletedCard{CardToken: string(w.CardToken), CardReference: string(w.CardReference), Deleted: true}, nil
}

// decodeWalletList reads a List Wallets answer; one without "list" is not
// a wallet list.
func decodeWalletList(body []byte) (*WalletList, error) {
	var w walletListWire
	if err := unmarshalAnswer(body, &w); err != nil {
		return nil, err
	}
	if w.List == nil {
		return nil, fmt.Errorf("%w: not a wallet list (no list)", ErrUnexpectedResponse)
	}
	list := &WalletList{Wallets: make([]Wallet, 0, len(w.List)),
		Offset: atoi(w.Offset), Count: atoi(w.Count), Total: atoi(w.Total)}
	for _, ww := range w.List {
		if ww == nil {
			continue
		}
		wallet := Wallet{
			ID: string(ww.ID), Object: string(ww.Object), Name: string(ww.Name), Token: string(ww.Token),
			Linked: isTrue(ww.Linked), CurrentBalance: Decimal(ww.CurrentBalance),
			LastRefreshed: parseTime(string(ww.LastRefreshed)), JuspayBankCode: string(ww.JuspayBankCode),
			GatewayReferenceID: string(ww.GatewayReferenceID), Metadata: textMap(ww.Metadata),
		}
		for _, d := range ww.SubDetails {
			if d == nil {
				continue
			}
			wallet.SubDetails = append(wallet.SubDetails, WalletDetail{
				PaymentMethod: string(d.PaymentMethod), PaymentMethodType: string(d.PaymentMethodType),
				LastRefreshed: parseTime(string(d.LastRefreshed)), CurrentBalance: Decimal(d.CurrentBalance),
			})
		}
		list.Wallets = append(list.Wallets, wallet)
	}
	return list, nil
}

// unmarshalAnswer decodes a 2xx answer that must be a JSON object.
func unmarshalAnswer(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: %w", ErrUnexpectedResponse, err)
	}
	if isNull(body) {
		return fmt.Errorf("%w: null", ErrUnexpectedResponse)
	}
	return nil
}

func isTrue(t jsonText) bool { return t == "true" }

func atoi(t jsonText) int {
	n, _ := strconv.Atoi(string(t))
	return n
}

func textMap(m map[string]jsonText) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

// Format prints the request with its customer id masked, whatever the verb.
func (req ListCardsRequest) Format(f fmt.State, _ rune) {
	formatFields(f, "ListCardsRequest", req.fields())
}

// LogValue logs the request with its customer id masked.
func (req ListCardsRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req ListCardsRequest) fields() []field {
	return []field{
		{"CustomerID", maskID(req.CustomerID)},
		{"CheckCVVLessSupport", strconv.FormatBool(req.CheckCVVLessSupport)},
		{"RoutingID", maskID(req.RoutingID)},
	}
}

// Format prints the request with its card token masked, whatever the verb.
func (req DeleteCardRequest) Format(f fmt.State, _ rune) {
	formatFields(f, "DeleteCardRequest", req.fields())
}

// LogValue logs the request with its card token masked.
func (req DeleteCardRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req DeleteCardRequest) fields() []field {
	return []field{{"CardToken", maskToken(req.CardToken)}, {"RoutingID", maskID(req.RoutingID)}}
}

// Format prints the request with its customer id masked, whatever the verb.
func (req ListWalletsRequest) Format(f fmt.State, _ rune) {
	formatFields(f, "ListWalletsRequest", req.fields())
}

// LogValue logs the request with its customer id masked.
func (req ListWalletsRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req ListWalletsRequest) fields() []field {
	return []field{{"CustomerID", maskID(req.CustomerID)}, {"RoutingID", maskID(req.RoutingID)}}
}

// Format prints the list with its customer id and every card masked,
// whatever the verb.
func (l CardList) Format(f fmt.State, _ rune) { formatFields(f, "CardList", l.fields()) }

// LogValue logs the list with its customer id and every card masked.
func (l CardList) LogValue() slog.Value { return logFields(l.fields()) }

func (l CardList) fields() []field {
	return []field{{"CustomerID", maskID(l.CustomerID)}, {"MerchantID", l.MerchantID}, {"Cards", fmt.Sprint(l.Cards)}}
}

// Format prints the card with its token, holder's name and PAR masked,
// whatever the verb.
func (c Card) Format(f fmt.State, _ rune) { formatFields(f, "Card", c.fields()) }

// LogValue logs the card with its token, holder's name and PAR masked.
func (c Card) LogValue() slog.Value { return logFields(c.fields()) }

func (c Card) fields() []field {
	fs := []field{
		{"Token", maskToken(c.Token)}, {"Reference", c.Reference}, {"Number", c.Number},
		{"Brand", c.Brand}, {"Expired", strconv.FormatBool(c.Expired)},
		{"ExpMonth", c.ExpMonth}, {"ExpYear", c.ExpYear},
		{"NameOnCard", maskName(c.NameOnCard)}, {"Nickname", maskName(c.Nickname)},
		{"Issuer", c.Issuer}, {"IssuerCountry", c.IssuerCountry},
		{"Type", c.Type}, {"SubType", c.SubType}, {"ExtendedType", c.ExtendedType},
		{"ISIN", c.ISIN}, {"Fingerprint", c.Fingerprint}, {"JuspayBankCode", c.JuspayBankCode},
		{"Provider", c.Provider}, {"ProviderCategory", c.ProviderCategory},
		{"TokenizeSupport", strconv.FormatBool(c.TokenizeSupport)},
		{"Metadata", maskedMap(c.Metadata)},
	}
	if t := c.NetworkToken; t != nil {
		fs = append(fs, field{"NetworkToken", fmt.Sprint(*t)})
	}
	return fs
}

// Format prints the network token with its PAR masked, whatever the verb.
func (t NetworkToken) Format(f fmt.State, _ rune) { formatFields(f, "NetworkToken", t.fields()) }

// LogValue logs the network token with its PAR masked.
func (t NetworkToken) LogValue() slog.Value { return logFields(t.fields()) }

func (t NetworkToken) fields() []field {
	return []field{
		{"LastFourDigits", t.LastFourDigits}, {"CardReference", t.CardReference},
		{"CardFingerprint", t.CardFingerprint}, {"PAR", maskAll(t.PAR)}, {"CardISIN", t.CardISIN},
		{"TokenizationStatus", t.TokenizationStatus}, {"ExpiryMonth", t.ExpiryMonth}, {"ExpiryYear", t.ExpiryYear},
		{"CVVLessSupport", strconv.FormatBool(t.CVVLessSupport)},
		{"CVVLessSupportedGateways", strings.Join(t.CVVLessSupportedGateways, ",")},
	}
}

// Format prints the answer with its card token masked, whatever the verb.
func (d DeletedCard) Format(f fmt.State, _ rune) { formatFields(f, "DeletedCard", d.fields()) }

// LogValue logs the answer with its card token masked.
func (d DeletedCard) LogValue() slog.Value { return logFields(d.fields()) }

func (d DeletedCard) fields() []field {
	return []field{
		{"CardToken", maskToken(d.CardToken)}, {"CardReference", d.CardReference},
		{"Deleted", strconv.FormatBool(d.Deleted)},
	}
}

// Format prints the list with every wallet masked, whatever the verb.
func (l WalletList) Format(f fmt.State, _ rune) { formatFields(f, "WalletList", l.fields()) }

// LogValue logs the list with every wallet masked.
func (l WalletList) LogValue() slog.Value { return logFields(l.fields()) }

func (l WalletList) fields() []field {
	return []field{
		{"Wallets", fmt.Sprint(l.Wallets)}, {"Offset", strconv.Itoa(l.Offset)},
		{"Count", strconv.Itoa(l.Count)}, {"Total", strconv.Itoa(l.Total)},
	}
}

// Format prints the wallet with its token and metadata values masked,
// whatever the verb.
func (w Wallet) Format(f fmt.State, _ rune) { formatFields(f, "Wallet", w.fields()) }

// LogValue logs the wallet with its token and metadata values masked.
func (w Wallet) LogValue() slog.Value { return logFields(w.fields()) }

func (w Wallet) fields() []field {
	return []field{
		{"ID", w.ID}, {"Object", w.Object}, {"Name", w.Name}, {"Token", maskToken(w.Token)},
		{"Linked", strconv.FormatBool(w.Linked)}, {"CurrentBalance", string(w.CurrentBalance)},
		{"LastRefreshed", formatTime(w.LastRefreshed)}, {"JuspayBankCode", w.JuspayBankCode},
		{"GatewayReferenceID", w.GatewayReferenceID}, {"Metadata", maskedMap(w.Metadata)},
		{"SubDetails", fmt.Sprint(w.SubDetails)},
	}
}

// maskedMap prints a map's keys, sorted, with every value masked.
func maskedMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("map[")
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
		b.WriteString(":")
		b.WriteString(maskAll(m[k]))
	}
	b.WriteString("]")
	return b.String()
}
