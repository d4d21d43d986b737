package juspaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
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

type cardListJSON struct {
	CustomerID string     `json:"customer_id"`
	MerchantID string     `json:"merchantId"`
	Cards      []cardJSON `json:"cards"`
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

// renderWallets is the list-wallets answer: every wallet in one page.
func renderWallets(ws []Wallet) walletListJSON {
	out := walletListJSON{List: make([]walletJSON, len(ws)), Count: len(ws), Total: len(ws), Object: "list"}
	for i, w := range ws {
		out.List[i] = renderWallet(w)
	}
	return out
}
