package juspay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// A customer's saved cards, as Juspay's List Saved Cards
// (https://juspay.io/in/docs/payv3/web/base-integration/list-stored-cards)
// and Delete Card
// (https://github.com/juspay/juspay-sdk-integration-demo/tree/api-reference/card/delete-card)
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
// json.Marshal and json.Unmarshal use Juspay's JSON.
type CardList struct {
	CustomerID string // "customer_id": the id the list was asked for
	MerchantID string // "merchantId"
	Cards      []Card // "cards"; empty when the customer has none
	// LastResponse is the answer the list came in; nil for a CardList read
	// with json.Unmarshal. It is not part of the JSON.
	LastResponse *Response `json:"-"`
}

// Card is a saved card. Juspay sends its number masked; printing a Card
// with fmt or slog also masks its token, the holder's name and the
// network token's PAR. json.Marshal and json.Unmarshal use Juspay's JSON.
type Card struct {
	// Token ("card_token") pays with or deletes the card: a secret, and
	// short-lived: Juspay says it expires 15 minutes after the list that
	// gave it, so list again rather than store it.
	Token            string
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

// NetworkToken is the network token of a saved card ("token"). json.Marshal
// and json.Unmarshal use Juspay's JSON.
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

// DeleteCardRequest names the saved card DeleteCard deletes: by its
// CardReference and CustomerID (recommended), or by its CardToken. Printing
// it with fmt or slog masks its token and ids.
type DeleteCardRequest struct {
	// CardToken is the card's token (Card.Token). Exactly one of CardToken
	// and CardReference is given. Juspay's tokens are short-lived and may
	// change on every list (its docs: they expire 15 minutes after they are
	// issued, do not cache them): prefer CardReference.
	CardToken string
	// CardReference is the card's "card_reference" (Card.Reference), which
	// does not change. It needs CustomerID: DeleteCard lists that
	// customer's cards and deletes the card with this reference by the
	// token that list gives, so it works whether or not Juspay issues new
	// tokens on every list.
	CardReference string
	// CustomerID is the customer who holds the card: Juspay's id ("cst_…")
	// or your object_reference_id. Required with CardReference; optional,
	// and recommended, with CardToken. With it DeleteCard deletes the card
	// only if it is one of that customer's saved cards, and can confirm a
	// deletion whose answer was lost. A handler that takes a card from a
	// user must pass that user's id.
	CustomerID string
	// RoutingID is sent as x-routing-id; empty means CustomerID, and none
	// is sent when both are empty (Juspay's sample sends none).
	RoutingID string
}

// DeletedCard is Juspay's answer to a deletion. json.Marshal and
// json.Unmarshal use Juspay's JSON.
type DeletedCard struct {
	CardToken     string // "card_token"
	CardReference string // "card_reference"
	Deleted       bool   // "deleted"; always true, since an answer without it is an error
	// LastResponse is the answer to the deletion; nil for a DeletedCard
	// read with json.Unmarshal. It is not part of the JSON.
	LastResponse *Response `json:"-"`
}

// ListCards returns every card a customer saved (GET
// /cards?customer_id={id}). A customer without cards gets an empty list.
// The answer must echo the customer_id asked for (Juspay does): an answer
// whose customer_id is another, or absent, null or empty, is about no one
// the call asked for, and fails with ErrUnexpectedResponse, returning none
// of its cards.
// https://juspay.io/in/docs/payv3/web/base-integration/list-stored-cards
func (c *Client) ListCards(ctx context.Context, req *ListCardsRequest) (_ *CardList, err error) {
	ctx, call := startCall(ctx, c.obs, "ListCards")
	defer func() { call.end(ctx, err) }()
	if err := checkNotNil(req); err != nil {
		return nil, err
	}
	if err := checkLookup(req.CustomerID, req.RoutingID); err != nil {
		return nil, err
	}
	return c.listCards(ctx, "ListCards", req.CustomerID, req.RoutingID, req.CheckCVVLessSupport)
}

func (c *Client) listCards(ctx context.Context, call, customerID, routing string, cvvLess bool) (*CardList, error) {
	r := newRequest(call, http.MethodGet, "/cards", customerID, routing, cardsOf(customerID))
	r.query = "customer_id=" + url.QueryEscape(customerID)
	if cvvLess {
		r.query += "&options.check_cvv_less_support=true"
	}
	list, _, err := send[CardList](ctx, c, &r)
	return list, err
}

// DeleteCard deletes a saved card (POST /card/delete). Juspay has no call
// that deletes a customer: deleting their saved cards is how a backend
// forgets them. The answer must name the token deleted and say
// "deleted": true, else the call fails (ErrUnexpectedResponse,
// ErrCardNotDeleted). An unknown token gives an *APIError matching
// ErrNotFound.
//
// With req.CustomerID, the customer's cards are listed first and the card
// is looked up in that list: by req.CardReference, whose token in the list
// is the one deleted, or by req.CardToken. A card the customer does not
// hold fails with a *RequestError matching ErrNotFound, and nothing is
// deleted; for a token, the error says to delete by reference, since
// Juspay may issue new tokens on every list. Then, when an attempt that
// may have reached Juspay is retried and meets Juspay's object_not_found,
// the list is read again: a card gone from it was deleted by that attempt,
// and DeleteCard returns it as deleted; if that list fails, the error says
// the deletion is unconfirmed (it does not match ErrNotFound). Without
// CustomerID there is no such check: the not-found error is returned,
// since the card may never have existed. A 404 that is not Juspay's
// object_not_found (a proxy's page) is never taken as a deletion.
// https://github.com/juspay/juspay-sdk-integration-demo/tree/api-reference/card/delete-card
func (c *Client) DeleteCard(ctx context.Context, req *DeleteCardRequest) (_ *DeletedCard, err error) {
	const call = "DeleteCard"
	ctx, observed := startCall(ctx, c.obs, call)
	defer func() { observed.end(ctx, err) }()
	if err := checkDeleteCard(req); err != nil {
		return nil, err
	}
	var held *Card // the card as the customer's list showed it, when CustomerID is given
	token := req.CardToken
	if req.CustomerID != "" {
		list, card, err := c.heldCard(ctx, req, req.named)
		if err != nil {
			return nil, err
		}
		if card == nil {
			return nil, &RequestError{Call: call, Method: http.MethodGet, Path: "/cards",
				HTTPStatus: list.LastResponse.StatusCode, Attempts: list.LastResponse.Attempts,
				Err: fmt.Errorf("%w: %s", ErrNotFound, req.notHeld())}
		}
		held, token = card, card.Token
	}
	r := newRequest(call, http.MethodPost, "/card/delete", req.CustomerID, req.RoutingID, theCard(token))
	r.form = (&deleteCardForm{CardToken: token}).encode()
	deleted, landed, err := send[DeletedCard](ctx, c, &r)
	if err == nil || !landed || held == nil || !isObjectNotFound(err) {
		return deleted, err
	}
	// An earlier attempt may have deleted the card before its answer was
	// lost: the customer's list tells, by the card's reference (its token
	// may have changed), or by its token when it has none.
	_, still, listErr := c.heldCard(ctx, req, sameCard(held))
	switch {
	case listErr != nil:
		// Unknown: the card may be gone. Not ErrNotFound, so that a caller
		// that reads not-found as done tries again.
		return nil, r.fail(0, fmt.Errorf("the deletion is unconfirmed: Juspay answered not found after an attempt whose answer was lost, and listing the customer's cards failed: %w", listErr))
	case still != nil:
		return nil, err
	}
	var ae *APIError
	errors.As(err, &ae)
	return &DeletedCard{CardToken: token, CardReference: held.Reference, Deleted: true,
		LastResponse: &Response{StatusCode: ae.HTTPStatus, Header: ae.Header, RequestID: ae.RequestID, Attempts: ae.Attempts}}, nil
}

// checkDeleteCard checks a deletion: exactly one of the token and the
// reference, and a customer with a reference.
func checkDeleteCard(req *DeleteCardRequest) error {
	if err := checkNotNil(req); err != nil {
		return err
	}
	switch {
	case req.CardToken == "" && req.CardReference == "":
		return invalid("card_token", "is required, or card_reference with customer_id")
	case req.CardToken != "" && req.CardReference != "":
		return invalid("card_reference", "must not be given with card_token: name the card by one of them")
	case req.CardReference != "" && req.CustomerID == "":
		return invalid("customer_id", "is required with card_reference: the card is found in that customer's list")
	case req.CardToken != "":
		if err := checkCardToken(req.CardToken); err != nil {
			return err
		}
	default:
		if err := checkCardReference(req.CardReference); err != nil {
			return err
		}
	}
	if req.CustomerID != "" {
		if err := checkCustomerID("customer_id", req.CustomerID); err != nil {
			return err
		}
	}
	if err := checkRoutingID(req.RoutingID); err != nil {
		return err
	}
	return nil
}

// named reports the card req names: by reference, else by token.
func (req *DeleteCardRequest) named(card Card) bool {
	if req.CardReference != "" {
		return card.Reference == req.CardReference
	}
	return card.Token == req.CardToken
}

// notHeld says why the customer's list does not hold the card req names.
func (req *DeleteCardRequest) notHeld() string {
	if req.CardReference != "" {
		return "the customer has no saved card with that card_reference; nothing was deleted"
	}
	return "the customer has no saved card with that token; nothing was deleted " +
		"(Juspay may issue new card tokens on every list: delete by CardReference)"
}

// sameCard matches held in a later list: by its reference, which does not
// change, or by its token when it has none.
func sameCard(held *Card) func(Card) bool {
	if held.Reference != "" {
		return func(card Card) bool { return card.Reference == held.Reference }
	}
	return func(card Card) bool { return card.Token == held.Token }
}

// heldCard lists req.CustomerID's cards and returns the list and the first
// card match finds in it, nil when none.
func (c *Client) heldCard(ctx context.Context, req *DeleteCardRequest, match func(Card) bool) (*CardList, *Card, error) {
	list, err := c.listCards(ctx, "DeleteCard", req.CustomerID, req.RoutingID, false)
	if err != nil {
		return nil, nil, err
	}
	if i := slices.IndexFunc(list.Cards, match); i >= 0 {
		return list, &list.Cards[i], nil
	}
	return list, nil, nil
}

// MarshalJSON writes the list as Juspay sends it.
func (l CardList) MarshalJSON() ([]byte, error) { return json.Marshal(l.wire()) }

// UnmarshalJSON reads Juspay's List Saved Cards answer. JSON null leaves l
// as it is.
func (l *CardList) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	*l = CardList{}
	return json.Unmarshal(b, l.wire())
}

func (l *CardList) wire() any {
	return &struct {
		CustomerID *jsonText     `json:"customer_id"`
		MerchantID *jsonText     `json:"merchantId"`
		Cards      *listOf[Card] `json:"cards"`
	}{(*jsonText)(&l.CustomerID), (*jsonText)(&l.MerchantID), (*listOf[Card])(&l.Cards)}
}

func (l *CardList) complete() error {
	if l.Cards == nil {
		return fmt.Errorf("%w: not a card list (no cards)", ErrUnexpectedResponse)
	}
	return nil
}

func (l *CardList) named(field string) string {
	if field == "customer_id" {
		return l.CustomerID
	}
	return ""
}

func (l *CardList) answered(r *Response) { l.LastResponse = r }

// MarshalJSON writes the card as Juspay sends it.
func (c Card) MarshalJSON() ([]byte, error) { return json.Marshal(c.wire()) }

// UnmarshalJSON reads a card of Juspay's List Saved Cards answer; a number
// or bool where text was expected is read as text. JSON null leaves c as it
// is.
func (c *Card) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	*c = Card{}
	return json.Unmarshal(b, c.wire())
}

func (c *Card) wire() any {
	return &struct {
		Token            *jsonText      `json:"card_token"`
		Reference        *jsonText      `json:"card_reference"`
		Number           *jsonText      `json:"card_number"`
		Brand            *jsonText      `json:"card_brand"`
		Expired          *jsonBool      `json:"expired"`
		ExpMonth         *jsonText      `json:"card_exp_month"`
		ExpYear          *jsonText      `json:"card_exp_year"`
		NameOnCard       *jsonText      `json:"name_on_card"`
		Nickname         *jsonText      `json:"nickname"`
		Issuer           *jsonText      `json:"card_issuer"`
		IssuerCountry    *jsonText      `json:"card_issuer_country"`
		Type             *jsonText      `json:"card_type"`
		SubType          *jsonText      `json:"card_sub_type"`
		ExtendedType     *jsonText      `json:"extended_card_type"`
		ISIN             *jsonText      `json:"card_isin"`
		Fingerprint      *jsonText      `json:"card_fingerprint"`
		JuspayBankCode   *jsonText      `json:"juspay_bank_code"`
		Provider         *jsonText      `json:"provider"`
		ProviderCategory *jsonText      `json:"provider_category"`
		TokenizeSupport  *jsonBool      `json:"tokenize_support"`
		Metadata         *textMap       `json:"metadata"`
		NetworkToken     **NetworkToken `json:"token"`
	}{
		(*jsonText)(&c.Token), (*jsonText)(&c.Reference), (*jsonText)(&c.Number), (*jsonText)(&c.Brand),
		(*jsonBool)(&c.Expired), (*jsonText)(&c.ExpMonth), (*jsonText)(&c.ExpYear),
		(*jsonText)(&c.NameOnCard), (*jsonText)(&c.Nickname), (*jsonText)(&c.Issuer), (*jsonText)(&c.IssuerCountry),
		(*jsonText)(&c.Type), (*jsonText)(&c.SubType), (*jsonText)(&c.ExtendedType), (*jsonText)(&c.ISIN),
		(*jsonText)(&c.Fingerprint), (*jsonText)(&c.JuspayBankCode), (*jsonText)(&c.Provider),
		(*jsonText)(&c.ProviderCategory), (*jsonBool)(&c.TokenizeSupport), (*textMap)(&c.Metadata),
		&c.NetworkToken,
	}
}

// MarshalJSON writes the network token as Juspay sends it.
func (t NetworkToken) MarshalJSON() ([]byte, error) { return json.Marshal(t.wire()) }

// UnmarshalJSON reads a card's "token" object. JSON null leaves t as it is.
func (t *NetworkToken) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	*t = NetworkToken{}
	return json.Unmarshal(b, t.wire())
}

func (t *NetworkToken) wire() any {
	return &struct {
		LastFourDigits           *jsonText `json:"last_four_digits"`
		CardReference            *jsonText `json:"card_reference"`
		CardFingerprint          *jsonText `json:"card_fingerprint"`
		PAR                      *jsonText `json:"par"`
		CardISIN                 *jsonText `json:"card_isin"`
		TokenizationStatus       *jsonText `json:"tokenization_status"`
		ExpiryMonth              *jsonText `json:"expiry_month"`
		ExpiryYear               *jsonText `json:"expiry_year"`
		CVVLessSupport           *jsonBool `json:"cvv_less_support"`
		CVVLessSupportedGateways *textList `json:"cvv_less_supported_gateways"`
	}{
		(*jsonText)(&t.LastFourDigits), (*jsonText)(&t.CardReference), (*jsonText)(&t.CardFingerprint),
		(*jsonText)(&t.PAR), (*jsonText)(&t.CardISIN), (*jsonText)(&t.TokenizationStatus),
		(*jsonText)(&t.ExpiryMonth), (*jsonText)(&t.ExpiryYear), (*jsonBool)(&t.CVVLessSupport),
		(*textList)(&t.CVVLessSupportedGateways),
	}
}

// MarshalJSON writes the answer as Juspay sends it.
func (d DeletedCard) MarshalJSON() ([]byte, error) { return json.Marshal(d.wire()) }

// UnmarshalJSON reads Juspay's Delete Card answer. JSON null leaves d as it
// is.
func (d *DeletedCard) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	*d = DeletedCard{}
	return json.Unmarshal(b, d.wire())
}

func (d *DeletedCard) wire() any {
	return &struct {
		CardToken     *jsonText `json:"card_token"`
		CardReference *jsonText `json:"card_reference"`
		Deleted       *jsonBool `json:"deleted"`
	}{(*jsonText)(&d.CardToken), (*jsonText)(&d.CardReference), (*jsonBool)(&d.Deleted)}
}

func (d *DeletedCard) complete() error {
	if !d.Deleted {
		return ErrCardNotDeleted
	}
	return nil
}

func (d *DeletedCard) named(field string) string {
	if field == "card_token" {
		return d.CardToken
	}
	return ""
}

func (d *DeletedCard) answered(r *Response) { d.LastResponse = r }

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
	return []field{
		{"CardToken", maskToken(req.CardToken)}, {"CardReference", req.CardReference},
		{"CustomerID", maskID(req.CustomerID)}, {"RoutingID", maskID(req.RoutingID)},
	}
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
