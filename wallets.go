package juspay

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// A customer's wallets, as Juspay's List Wallets
// (https://juspay.io/in/docs/api-reference/docs/express-checkout/list-wallets)
// and Refresh All Wallets serve them.

// ListWalletsRequest names the customer whose wallets ListWallets returns.
type ListWalletsRequest struct {
	// CustomerID is Juspay's id ("cst_…") or your object_reference_id. Required.
	CustomerID string
	// RoutingID is sent as x-routing-id; empty means CustomerID.
	RoutingID string
	// RefreshBalances asks each linked wallet's provider for its current
	// balance before answering (Juspay's Refresh All Wallets,
	// GET /customers/{id}/wallets/refresh-balances); the answer has the
	// same shape. The default lists the balances Juspay last read.
	RefreshBalances bool
}

// WalletList is a customer's wallets, with Juspay's paging numbers.
// json.Marshal and json.Unmarshal use Juspay's JSON.
type WalletList struct {
	Wallets []Wallet // "list"
	Offset  int      // "offset"
	Count   int      // "count"
	Total   int      // "total"
	// LastResponse is the answer the list came in; nil for a WalletList
	// read with json.Unmarshal. It is not part of the JSON.
	LastResponse *Response `json:"-"`
}

// Wallet is a customer's wallet account. Printing it with fmt or slog
// masks its token and metadata values; json.Marshal and json.Unmarshal use
// Juspay's JSON, the balance as its exact number.
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
// json.Marshal and json.Unmarshal use Juspay's JSON.
type WalletDetail struct {
	PaymentMethod     string    // "payment_method", e.g. "MOBIKWIK"
	PaymentMethodType string    // "payment_method_type", e.g. "WALLET"
	LastRefreshed     time.Time // "last_refreshed", UTC; zero when null
	CurrentBalance    Decimal   // "current_balance"; empty when null
}

// ListWallets returns a customer's wallets (GET /customers/{id}/wallets),
// linked or not. With req.RefreshBalances it asks each linked wallet's
// provider for its balance first (GET
// /customers/{id}/wallets/refresh-balances), which takes longer. Juspay's
// answer names no customer, so unlike the other calls it cannot be
// checked against the one asked for.
// https://juspay.io/in/docs/api-reference/docs/express-checkout/list-wallets
func (c *Client) ListWallets(ctx context.Context, req *ListWalletsRequest) (_ *WalletList, err error) {
	ctx, call := startCall(ctx, c.obs, "ListWallets")
	defer func() { call.end(ctx, err) }()
	if err := checkNotNil(req); err != nil {
		return nil, err
	}
	if err := checkLookup(req.CustomerID, req.RoutingID); err != nil {
		return nil, err
	}
	template := "/customers/{id}/wallets"
	if req.RefreshBalances {
		template += "/refresh-balances"
	}
	r := newRequest("ListWallets", http.MethodGet, template, req.CustomerID, req.RoutingID, anyAnswer())
	list, _, err := send[WalletList](ctx, c, &r)
	return list, err
}

// MarshalJSON writes the list as Juspay sends it.
func (l WalletList) MarshalJSON() ([]byte, error) { return json.Marshal(l.wire()) }

// UnmarshalJSON reads Juspay's List Wallets answer. JSON null leaves l as
// it is.
func (l *WalletList) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	*l = WalletList{}
	return json.Unmarshal(b, l.wire())
}

func (l *WalletList) wire() any {
	return &struct {
		Wallets *listOf[Wallet] `json:"list"`
		Offset  *jsonInt        `json:"offset"`
		Count   *jsonInt        `json:"count"`
		Total   *jsonInt        `json:"total"`
	}{(*listOf[Wallet])(&l.Wallets), (*jsonInt)(&l.Offset), (*jsonInt)(&l.Count), (*jsonInt)(&l.Total)}
}

func (l *WalletList) complete() error {
	if l.Wallets == nil {
		return fmt.Errorf("%w: not a wallet list (no list)", ErrUnexpectedResponse)
	}
	return nil
}

func (l *WalletList) named(string) string { return "" }

func (l *WalletList) answered(r *Response) { l.LastResponse = r }

// MarshalJSON writes the wallet as Juspay sends it.
func (w Wallet) MarshalJSON() ([]byte, error) { return json.Marshal(w.wire()) }

// UnmarshalJSON reads a wallet of Juspay's List Wallets answer; its balance
// exactly as written. JSON null leaves w as it is.
func (w *Wallet) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	*w = Wallet{}
	return json.Unmarshal(b, w.wire())
}

func (w *Wallet) wire() any {
	return &struct {
		ID                 *jsonText             `json:"id"`
		Object             *jsonText             `json:"object"`
		Name               *jsonText             `json:"wallet"`
		Token              *jsonText             `json:"token"`
		Linked             *jsonBool             `json:"linked"`
		CurrentBalance     *Decimal              `json:"current_balance"`
		LastRefreshed      *jsonTime             `json:"last_refreshed"`
		JuspayBankCode     *jsonText             `json:"juspay_bank_code"`
		GatewayReferenceID *jsonText             `json:"gateway_reference_id"`
		Metadata           *textMap              `json:"metadata"`
		SubDetails         *listOf[WalletDetail] `json:"sub_details"`
	}{
		(*jsonText)(&w.ID), (*jsonText)(&w.Object), (*jsonText)(&w.Name), (*jsonText)(&w.Token),
		(*jsonBool)(&w.Linked), &w.CurrentBalance, (*jsonTime)(&w.LastRefreshed),
		(*jsonText)(&w.JuspayBankCode), (*jsonText)(&w.GatewayReferenceID), (*textMap)(&w.Metadata),
		(*listOf[WalletDetail])(&w.SubDetails),
	}
}

// MarshalJSON writes the detail as Juspay sends it.
func (d WalletDetail) MarshalJSON() ([]byte, error) { return json.Marshal(d.wire()) }

// UnmarshalJSON reads one of a wallet's "sub_details". JSON null leaves d
// as it is.
func (d *WalletDetail) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	*d = WalletDetail{}
	return json.Unmarshal(b, d.wire())
}

func (d *WalletDetail) wire() any {
	return &struct {
		PaymentMethod     *jsonText `json:"payment_method"`
		PaymentMethodType *jsonText `json:"payment_method_type"`
		LastRefreshed     *jsonTime `json:"last_refreshed"`
		CurrentBalance    *Decimal  `json:"current_balance"`
	}{(*jsonText)(&d.PaymentMethod), (*jsonText)(&d.PaymentMethodType), (*jsonTime)(&d.LastRefreshed), &d.CurrentBalance}
}

// Format prints the request with its customer id masked, whatever the verb.
func (req ListWalletsRequest) Format(f fmt.State, _ rune) {
	formatFields(f, "ListWalletsRequest", req.fields())
}

// LogValue logs the request with its customer id masked.
func (req ListWalletsRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req ListWalletsRequest) fields() []field {
	return []field{
		{"CustomerID", maskID(req.CustomerID)}, {"RoutingID", maskID(req.RoutingID)},
		{"RefreshBalances", strconv.FormatBool(req.RefreshBalances)},
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

// Format prints the detail, whatever the verb.
func (d WalletDetail) Format(f fmt.State, _ rune) { formatFields(f, "WalletDetail", d.fields()) }

// LogValue logs the detail.
func (d WalletDetail) LogValue() slog.Value { return logFields(d.fields()) }

func (d WalletDetail) fields() []field {
	return []field{
		{"PaymentMethod", d.PaymentMethod}, {"PaymentMethodType", d.PaymentMethodType},
		{"LastRefreshed", formatTime(d.LastRefreshed)}, {"CurrentBalance", string(d.CurrentBalance)},
	}
}
