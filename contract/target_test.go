package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// referencePrefix starts the object_reference_id of every customer the
// suite creates, so that they can be told apart on a real account. Its
// mixed case shows a reference echoed in another case.
const referencePrefix = "JuspayGoContract-"

// target is the server one run of the suite checks, and what the run made
// there so far.
type target struct {
	*api
	name string // for the report
	// runID is referencePrefix and a random part: the suite's customer's
	// object_reference_id; references it never creates start with it too.
	runID string
	// seed saves cards and wallets on the suite's customer; nil when the
	// server cannot (Juspay itself).
	seed seeder
	// checkTimeout bounds each check, its waits for 429s included.
	checkTimeout time.Duration

	// What the first check that needs it makes, once a run.
	cust    lazy[*suiteCustomer]
	cards   lazy[*cardCustomer]
	lists   lazy[[2]map[string]string]
	wallets lazy[bool]
}

// newTarget returns a target for cfg; seed may be nil.
func newTarget(name string, cfg config, seed seeder) *target {
	return &target{api: newAPI(cfg), name: name, runID: referencePrefix + randomText(10), seed: seed, checkTimeout: 2 * time.Minute}
}

// close releases the target's idle connections, its seeder's too.
func (tg *target) close() {
	tg.hc.CloseIdleConnections()
	if c, ok := tg.seed.(interface{ closeIdle() }); ok {
		c.closeIdle()
	}
}

// lazy is a value made once, by the first check that needs it; its error
// is kept too, so that a failed create is not sent again.
type lazy[T any] struct {
	done bool
	v    T
	err  error
}

func (l *lazy[T]) get(build func() (T, error)) (T, error) {
	if !l.done {
		l.v, l.err = build()
		l.done = true
	}
	return l.v, l.err
}

// suiteCustomer is the one customer a run creates.
type suiteCustomer struct {
	ref, id string
	// created is the create's answer: as it came, as a JSON object, and as
	// the client decodes it.
	created  *answer
	fields   map[string]any
	customer juspay.Customer
}

// customerForm is the create of the suite's customer ref, every field the
// page documents set: an update shows whether the fields it does not send
// stay.
func customerForm(ref string) url.Values {
	return url.Values{
		"object_reference_id": {ref}, "mobile_number": {"9000000000"}, "mobile_country_code": {"91"},
		"email_address": {"contract@example.com"}, "first_name": {"Contract"}, "last_name": {"Suite"},
	}
}

// customer creates the suite's customer, once per run, with a raw create as
// the page shows it. An error is the create's own failure.
func (tg *target) customer(ctx context.Context) (*suiteCustomer, error) {
	return tg.cust.get(func() (*suiteCustomer, error) {
		ref := tg.runID
		a, err := tg.raw(ctx, http.MethodPost, "/customers", nil, customerForm(ref), ref)
		if err != nil {
			return nil, err
		}
		if a.status != http.StatusOK {
			return nil, fmt.Errorf("the create answered %s", describe(a))
		}
		c := &suiteCustomer{ref: ref, created: a}
		if c.fields, err = a.object(); err != nil {
			return nil, err
		}
		if c.id, _ = c.fields["id"].(string); c.id == "" {
			return nil, fmt.Errorf(`the create's answer has no "id"`)
		}
		if err := json.Unmarshal(a.body, &c.customer); err != nil {
			return nil, fmt.Errorf("the create's answer does not decode as a juspay.Customer: %w", err)
		}
		return c, nil
	})
}

// needCustomer is customer for the checks that build on it: they skip when
// the create failed (its own check says why).
func (tg *target) needCustomer(ctx context.Context) (*suiteCustomer, error) {
	c, err := tg.customer(ctx)
	if err != nil {
		return nil, skipf("needs the suite's customer, whose create failed: %v", err)
	}
	return c, nil
}

// cardCustomer is a customer with saved cards.
type cardCustomer struct {
	id string
	// own is true for the suite's customer, whose cards the suite saved
	// and may delete.
	own bool
}

// cardHolder is the customer the card checks use: the one the caller
// named, else the suite's customer with cards the suite saved on it.
// Without either the card checks skip.
func (tg *target) cardHolder(ctx context.Context) (*cardCustomer, error) {
	if tg.cfg.cardCustomer != "" {
		return &cardCustomer{id: tg.cfg.cardCustomer}, nil
	}
	if tg.seed == nil {
		return nil, skipf("needs a customer with a saved card, which Juspay's customer API cannot make: set %s to one", envCardCustomer)
	}
	return tg.cards.get(func() (*cardCustomer, error) {
		c, err := tg.needCustomer(ctx)
		if err != nil {
			return nil, err
		}
		if err := tg.seed.addCards(ctx, c.ref, seedCards()); err != nil {
			return nil, skipf("needs a customer with a saved card; saving cards on the suite's customer failed (%v): set %s", err, envCardCustomer)
		}
		return &cardCustomer{id: c.ref, own: true}, nil
	})
}

// seedCards are the cards the suite saves on its customer where it can.
func seedCards() []juspaytest.Card {
	return []juspaytest.Card{
		{Brand: "VISA", Number: "XXXX-XXXXXXXX-1449", Type: "CREDIT", ExpMonth: "01", ExpYear: "2031", NameOnCard: "Contract Suite"},
		{Brand: "MASTERCARD", Number: "XXXX-XXXXXXXX-4444", Type: "DEBIT", ExpMonth: "12", ExpYear: "2032", NameOnCard: "Contract Suite"},
	}
}

// seedWallet is the wallet the suite saves on its customer where it can.
func seedWallet() juspaytest.Wallet {
	return juspaytest.Wallet{Name: "MOBIKWIK", Linked: true, CurrentBalance: "100.50"}
}

// seededWallets tells whether the suite's customer holds seedWallet: once
// per run, where the server can be seeded; an error says why it could not.
func (tg *target) seededWallets(ctx context.Context, c *suiteCustomer) (bool, error) {
	if tg.seed == nil {
		return false, nil
	}
	return tg.wallets.get(func() (bool, error) {
		if err := tg.seed.addWallets(ctx, c.ref, []juspaytest.Wallet{seedWallet()}); err != nil {
			return false, err
		}
		return true, nil
	})
}

// customerClient is the suite's customer (see needCustomer) and a client
// for tg, for the checks that call the library about that customer.
func (tg *target) customerClient(ctx context.Context) (*suiteCustomer, *juspay.Client, error) {
	c, err := tg.needCustomer(ctx)
	if err != nil {
		return nil, nil, err
	}
	cl, err := tg.client(tg.cfg.apiKey)
	return c, cl, err
}
