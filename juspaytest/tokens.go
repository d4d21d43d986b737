package juspaytest

import (
	"container/heap"
	"container/list"
	"time"
)

// TokenTTL is how long a client auth token (and, under WithFreshCardTokens,
// a card token) stays valid after it is issued: 15 minutes, as Juspay
// documents.
const TokenTTL = 15 * time.Minute

// savedCard is a card as stored: card.Token is the newest token issued for
// it.
type savedCard struct {
	card   Card
	owner  string                // the customer's Juspay id
	tokens map[string]*liveToken // when fresh: its tokens the ledger holds
}

// liveToken is a token issued and not yet forgotten.
type liveToken struct {
	token  string
	expiry time.Time
	card   *savedCard    // the card it deletes; nil for a client auth token
	issued *list.Element // in ledger.order
	index  int           // in ledger.byExpiry
}

// ledger holds the live tokens within a cap: at most max of them, the
// expired ones forgotten whenever one is issued, and the oldest issued
// dropped when the cap is reached. Each step is O(log n), so a frozen clock
// (nothing expires) costs no more than a running one. Its owner's lock
// guards it.
type ledger struct {
	max      int
	byToken  map[string]*liveToken
	order    *list.List // oldest issued first
	byExpiry expiryHeap
}

func newLedger(max int) *ledger {
	return &ledger{max: max, byToken: map[string]*liveToken{}, order: list.New()}
}

// has reports whether tok is held, valid or not.
func (l *ledger) has(tok string) bool {
	_, ok := l.byToken[tok]
	return ok
}

// valid returns tok's entry if tok is held and not expired at now.
func (l *ledger) valid(tok string, now time.Time) *liveToken {
	t := l.byToken[tok]
	if t == nil || !now.Before(t.expiry) {
		return nil
	}
	return t
}

// add holds tok until expiry, for card (nil: a client auth token), after
// forgetting the tokens expired at now and, if the cap is still reached, the
// oldest issued. tok must not be held already.
func (l *ledger) add(tok string, expiry, now time.Time, card *savedCard) *liveToken {
	for len(l.byExpiry) > 0 && !now.Before(l.byExpiry[0].expiry) {
		l.drop(l.byExpiry[0])
	}
	for len(l.byToken) >= l.max {
		l.drop(l.order.Front().Value.(*liveToken))
	}
	t := &liveToken{token: tok, expiry: expiry, card: card}
	t.issued = l.order.PushBack(t)
	heap.Push(&l.byExpiry, t)
	l.byToken[tok] = t
	if card != nil {
		card.tokens[tok] = t
	}
	return t
}

// drop forgets t.
func (l *ledger) drop(t *liveToken) {
	delete(l.byToken, t.token)
	l.order.Remove(t.issued)
	heap.Remove(&l.byExpiry, t.index)
	if t.card != nil {
		delete(t.card.tokens, t.token)
	}
}

// expiryHeap orders live tokens by expiry, the soonest first.
type expiryHeap []*liveToken

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expiry.Before(h[j].expiry) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *expiryHeap) Push(x any) {
	t := x.(*liveToken)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *expiryHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return t
}
