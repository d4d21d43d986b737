package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	juspay "github.com/seed276dc779/juspay-go"
)

// checkWallets: a customer's wallet list is {"list": [...], "offset",
// "count", "total"}, the three as JSON integers, count the list's length,
// and it decodes as the client decodes it. Where the server can be seeded
// (juspaytest, a juspay-mock), the suite's customer holds a linked wallet
// with a balance of 100.50 first, which must come back exactly.
func checkWallets(ctx context.Context, tg *target) (string, error) {
	c, err := tg.needCustomer(ctx)
	if err != nil {
		return "", err
	}
	seeded, seedErr := tg.seededWallets(ctx, c)
	a, err := tg.raw(ctx, http.MethodGet, "/customers/"+url.PathEscape(c.ref)+"/wallets", nil, nil, c.ref)
	if err != nil {
		return "", err
	}
	if a.status != http.StatusOK {
		return "", fmt.Errorf("it answered %s", describe(a))
	}
	m, err := a.object()
	if err != nil {
		return "", err
	}
	list, ok := m["list"].([]any)
	if !ok {
		return "", fmt.Errorf(`"list" is not an array`)
	}
	nums := map[string]int64{}
	for _, key := range []string{"offset", "count", "total"} {
		n, ok := m[key].(json.Number)
		if !ok {
			return "", fmt.Errorf("%q is not a JSON number", key)
		}
		if nums[key], err = n.Int64(); err != nil {
			return "", fmt.Errorf("%q is not an integer", key)
		}
	}
	if nums["count"] != int64(len(list)) || nums["total"] < nums["count"] {
		return "", fmt.Errorf("count %d and total %d do not fit a list of %d", nums["count"], nums["total"], len(list))
	}
	var wl juspay.WalletList
	if err := json.Unmarshal(a.body, &wl); err != nil {
		return "", fmt.Errorf("it does not decode as a juspay.WalletList: %w", err)
	}
	note := fmt.Sprintf("%d wallet(s)", len(wl.Wallets))
	switch {
	case seedErr != nil:
		note += fmt.Sprintf(" (none could be seeded: %v)", seedErr)
	case seeded:
		want := seedWallet()
		if len(wl.Wallets) != 1 || wl.Wallets[0].Name != want.Name || !wl.Wallets[0].Linked || wl.Wallets[0].CurrentBalance != want.CurrentBalance {
			return note, fmt.Errorf("the wallet seeded (%s, linked, %s) did not come back as it was", want.Name, want.CurrentBalance)
		}
		note += ", as seeded"
	}
	return note, nil
}
