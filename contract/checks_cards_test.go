package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	juspay "github.com/seed276dc779/juspay-go"
)

// checkCardsEcho: a card list's customer_id is the one asked for, byte for
// byte: the client refuses a list about anyone else, or about no one. It
// checks the suite's customer, and the card customer when one is named.
func checkCardsEcho(ctx context.Context, tg *target) (string, error) {
	c, err := tg.needCustomer(ctx)
	if err != nil {
		return "", err
	}
	probes := []struct{ what, id string }{{"the suite's customer", c.ref}}
	if tg.cfg.cardCustomer != "" {
		probes = append(probes, struct{ what, id string }{envCardCustomer, tg.cfg.cardCustomer})
	}
	for _, p := range probes {
		m, err := tg.rawCardList(ctx, p.id)
		if err != nil {
			return "", fmt.Errorf("the list for %s: %w", p.what, err)
		}
		echo, ok := m["customer_id"].(string)
		switch {
		case !ok:
			return "", fmt.Errorf("the list for %s has no customer_id string", p.what)
		case echo == p.id:
		case strings.EqualFold(echo, p.id):
			return "", fmt.Errorf("the list for %s echoes its customer_id in another case", p.what)
		default:
			return "", fmt.Errorf("the list for %s echoes another customer_id", p.what)
		}
		if _, ok := m["cards"].([]any); !ok {
			return "", fmt.Errorf("the list for %s has no cards array", p.what)
		}
	}
	return "", nil
}

// twoCardLists are two lists of the card customer's cards, one right after
// the other, as each card's token by its reference: made once a run, for
// the two checks that compare them.
func (tg *target) twoCardLists(ctx context.Context) ([2]map[string]string, error) {
	return tg.lists.get(func() ([2]map[string]string, error) {
		var lists [2]map[string]string
		h, err := tg.cardHolder(ctx)
		if err != nil {
			return lists, err
		}
		for i := range lists {
			if lists[i], err = tg.cardTokens(ctx, h.id); err != nil {
				return lists, err
			}
		}
		if len(lists[0]) == 0 {
			return lists, skipf("the card customer has no saved card")
		}
		return lists, nil
	})
}

// checkCardReferences: two lists of a customer's cards give the same card
// references, which DeleteCard by reference finds a card by.
func checkCardReferences(ctx context.Context, tg *target) (string, error) {
	lists, err := tg.twoCardLists(ctx)
	if err != nil {
		return "", err
	}
	for ref := range lists[0] {
		if _, ok := lists[1][ref]; !ok {
			return "", errors.New("a card_reference of the first list is not in the second: DeleteCard by reference finds the card by it")
		}
	}
	if len(lists[1]) != len(lists[0]) {
		return "", fmt.Errorf("the second list has %d cards, the first %d", len(lists[1]), len(lists[0]))
	}
	return fmt.Sprintf("%d card(s), the same references", len(lists[0])), nil
}

// checkCardTokens records whether two lists of a customer's cards give the
// same card tokens: Juspay says tokens are short-lived and not to be
// cached, and the library works either way. With
// JUSPAY_CONTRACT_STABLE_TOKENS=1 they must not change.
func checkCardTokens(ctx context.Context, tg *target) (string, error) {
	lists, err := tg.twoCardLists(ctx)
	if err != nil {
		return "", err
	}
	again := map[string]bool{}
	for _, tok := range lists[1] {
		again[tok] = true
	}
	changed := 0
	for _, tok := range lists[0] {
		if !again[tok] {
			changed++
		}
	}
	var note string
	switch n := len(lists[0]); changed {
	case 0:
		note = "stable: both lists gave the same card tokens"
	case n:
		note = "fresh: each list gave new card tokens"
	default:
		note = fmt.Sprintf("mixed: %d of %d card tokens changed", changed, n)
	}
	if changed > 0 && tg.cfg.stableTokens {
		return note, fmt.Errorf("%d of %d card tokens changed between two lists, and %s=1 expects them stable", changed, len(lists[0]), envStableTokens)
	}
	return note, nil
}

// checkDeleteByReference: DeleteCard with CardReference and CustomerID
// deletes that card, and the next list no longer has it, whether or not
// each list issues new tokens. It deletes one card: a card the suite saved,
// or, with JUSPAY_CONTRACT_DELETE_CARD=1, one of the named card customer's.
func checkDeleteByReference(ctx context.Context, tg *target) (string, error) {
	h, err := tg.cardHolder(ctx)
	if err != nil {
		return "", err
	}
	if !h.own && !tg.cfg.deleteCard {
		return "", skipf("deletes a saved card of %s: set %s=1 to allow it", envCardCustomer, envDeleteCard)
	}
	cl, err := tg.client(tg.cfg.apiKey)
	if err != nil {
		return "", err
	}
	list := func() (*juspay.CardList, error) {
		return cl.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: h.id, RoutingID: h.id})
	}
	before, err := list()
	if err != nil {
		return "", fmt.Errorf("the list before: %w", err)
	}
	if len(before.Cards) == 0 {
		return "", skipf("the card customer has no saved card")
	}
	card := before.Cards[len(before.Cards)-1]
	del, err := cl.DeleteCard(ctx, &juspay.DeleteCardRequest{CardReference: card.Reference, CustomerID: h.id, RoutingID: h.id})
	if err != nil {
		return "", fmt.Errorf("DeleteCard by reference: %w", err)
	}
	if del.CardReference != "" && del.CardReference != card.Reference {
		return "", errors.New("the deletion answered another card_reference")
	}
	after, err := list()
	if err != nil {
		return "", fmt.Errorf("the list after: %w", err)
	}
	for _, c := range after.Cards {
		if c.Reference == card.Reference {
			return "", errors.New("the card is still listed after its deletion")
		}
	}
	if len(after.Cards) != len(before.Cards)-1 {
		return "", fmt.Errorf("the list went from %d cards to %d, not one fewer", len(before.Cards), len(after.Cards))
	}
	return fmt.Sprintf("deleted 1 of %d cards", len(before.Cards)), nil
}

// rawCardList is the card list of customer, as a JSON object, from a raw
// GET /cards that wants a 200.
func (tg *target) rawCardList(ctx context.Context, customer string) (map[string]any, error) {
	a, err := tg.raw(ctx, http.MethodGet, "/cards", url.Values{"customer_id": {customer}}, nil, customer)
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK {
		return nil, fmt.Errorf("it answered %s", describe(a))
	}
	return a.object()
}

// cardTokens lists customer's cards, raw, and returns each card's token by
// its reference.
func (tg *target) cardTokens(ctx context.Context, customer string) (map[string]string, error) {
	m, err := tg.rawCardList(ctx, customer)
	if err != nil {
		return nil, fmt.Errorf("a card list: %w", err)
	}
	cards, ok := m["cards"].([]any)
	if !ok {
		return nil, errors.New("a card list has no cards array")
	}
	out := map[string]string{}
	for _, c := range cards {
		card, _ := c.(map[string]any)
		ref, _ := card["card_reference"].(string)
		tok, _ := card["card_token"].(string)
		if ref == "" || tok == "" {
			return nil, errors.New("a listed card lacks its card_reference or card_token")
		}
		out[ref] = tok
	}
	if len(out) != len(cards) {
		return nil, errors.New("two listed cards share a card_reference")
	}
	return out, nil
}
