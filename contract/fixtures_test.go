package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// lazy is a value made once, by the first check that needs it; its error
// is kept too, so that a failed create is not sent again.
type lazy[T any] struct {
	done bool
	v    T
	err  error
}

func (l *lazy[T]) get(make func() (T, error)) (T, error) {
	if !l.done {
		l.v, l.err = make()
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

// seeder saves cards and wallets on a customer, which Juspay's customer API
// cannot do.
type seeder interface {
	addCards(ctx context.Context, customer string, cards []juspaytest.Card) error
	addWallets(ctx context.Context, customer string, wallets []juspaytest.Wallet) error
}

// fakeSeeder seeds a juspaytest server in process.
type fakeSeeder struct{ s *juspaytest.Server }

func (f fakeSeeder) addCards(_ context.Context, customer string, cards []juspaytest.Card) error {
	for _, c := range cards {
		if _, err := f.s.AddCard(customer, c); err != nil {
			return err
		}
	}
	return nil
}

func (f fakeSeeder) addWallets(_ context.Context, customer string, wallets []juspaytest.Wallet) error {
	for _, w := range wallets {
		if _, err := f.s.AddWallet(customer, w); err != nil {
			return err
		}
	}
	return nil
}

// adminSeeder seeds a juspay-mock through its /__admin/ routes, with a
// client of its own: these requests are not counted, since Juspay has no
// such routes.
type adminSeeder struct {
	baseURL, apiKey string
	hc              *http.Client
}

func newAdminSeeder(baseURL, apiKey string) adminSeeder {
	return adminSeeder{baseURL: baseURL, apiKey: apiKey, hc: &http.Client{Transport: juspay.NewTransport()}}
}

func (a adminSeeder) addCards(ctx context.Context, customer string, cards []juspaytest.Card) error {
	return a.post(ctx, "/__admin/customers/{id}/cards", customer, cards)
}

func (a adminSeeder) addWallets(ctx context.Context, customer string, wallets []juspaytest.Wallet) error {
	return a.post(ctx, "/__admin/customers/{id}/wallets", customer, wallets)
}

// post sends v as JSON to the route template with {id} customer, and wants
// a 200. Its error names the template, not the customer.
func (a adminSeeder) post(ctx context.Context, template, customer string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	path := strings.Replace(template, "{id}", url.PathEscape(customer), 1)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(a.baseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(a.apiKey, "")
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.hc.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", template, scrubbed(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: HTTP %d", template, resp.StatusCode)
	}
	return nil
}

func (a adminSeeder) closeIdle() { a.hc.CloseIdleConnections() }
