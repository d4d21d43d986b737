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
