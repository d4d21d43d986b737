package contract

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestContract is the suite: a subtest per assumption, then the table. It
// runs against juspaytest in process unless JUSPAY_CONTRACT=live (see the
// package doc).
func TestContract(t *testing.T) {
	tg, s := configuredTarget(t, os.Getenv)
	results := runSuite(t, tg)
	report(os.Stdout, tg, results)
	if s != nil { // in process: nothing may skip, and juspaytest keeps card tokens
		for _, r := range results {
			assert.Contains(t, []outcome{held, notRun}, r.outcome, "%s: %s", r.a.test, r.note)
		}
		if note := noteOf(t, results, "CardTokensAcrossTwoLists"); note != "" {
			assert.Contains(t, note, "stable:")
		}
		assert.Len(t, s.Requests(), tg.meter.requests(), "every request the suite sent is counted")
	}
}

// TestContractFreshCardTokens runs the suite in process against a
// juspaytest that issues new card tokens on every list, as Juspay may:
// every assumption holds, DeleteCard by reference included, and the suite
// records the tokens as fresh.
func TestContractFreshCardTokens(t *testing.T) {
	tg, s := inProcess(t, "juspaytest, in process, fresh card tokens", juspaytest.WithFreshCardTokens())
	results := runSuite(t, tg)
	logReport(t, tg, results)
	for _, r := range results {
		assert.Equal(t, held, r.outcome, "%s: %s", r.a.test, r.note)
	}
	assert.Contains(t, noteOf(t, results, "CardTokensAcrossTwoLists"), "fresh:")
	assert.Len(t, s.Requests(), tg.meter.requests(), "every request the suite sent is counted")
}

// configuredTarget is the target getenv asks for: a new juspaytest server
// in process (returned too) unless JUSPAY_CONTRACT=live, whatever else is
// set; else the server named, whose cards and wallets the suite seeds
// through /__admin/ when it is a juspay-mock without a named card customer.
func configuredTarget(t *testing.T, getenv func(string) string) (*target, *juspaytest.Server) {
	t.Helper()
	cfg, err := readConfig(getenv)
	require.NoError(t, err)
	if !cfg.live {
		return inProcess(t, cfg.where())
	}
	var seed seeder
	if cfg.baseURL != "" && cfg.cardCustomer == "" {
		seed = newAdminSeeder(cfg.baseURL, cfg.apiKey)
	}
	tg := newTarget(cfg.where(), cfg, seed)
	t.Cleanup(tg.close)
	return tg, nil
}

// inProcess is a target on a new juspaytest server made with opts, which
// it seeds directly, with fast retries and short checks.
func inProcess(t *testing.T, name string, opts ...juspaytest.Option) (*target, *juspaytest.Server) {
	t.Helper()
	s := juspaytest.NewServer(opts...)
	t.Cleanup(s.Close)
	tg := newTarget(name, config{baseURL: s.URL, apiKey: s.APIKey, merchantID: s.MerchantID}, fakeSeeder{s})
	tg.clientOpts = []juspay.Option{juspay.WithRetryBackoff(time.Millisecond, time.Millisecond)}
	tg.checkTimeout = 10 * time.Second
	t.Cleanup(tg.close)
	return tg, s
}

// runSuite checks every assumption on tg, each in a subtest named for it
// that fails naming the assumption when it is broken and skips saying why
// when it cannot run there, and requires the run to have stayed within its
// request budget. It returns every result, those -run left out as not run.
func runSuite(t *testing.T, tg *target) []result {
	t.Helper()
	var results []result
	for _, a := range assumptions() {
		r := result{a: a, outcome: notRun}
		t.Run(a.test, func(t *testing.T) {
			r = verify(context.Background(), tg, a)
			switch r.outcome {
			case broken:
				t.Error(r.err)
			case skipped:
				t.Skip(r.note)
			default:
				t.Logf("held: %s. %s", a.claim, r.note)
			}
		})
		results = append(results, r)
	}
	assert.Less(t, tg.meter.requests(), maxRequests+1, "requests the run sent")
	return results
}

// logReport logs the run's table (go test -v shows it).
func logReport(t *testing.T, tg *target, results []result) {
	t.Helper()
	var buf bytes.Buffer
	report(&buf, tg, results)
	t.Log("\n" + buf.String())
}

// noteOf is the note of the assumption checked by the subtest test.
func noteOf(t *testing.T, results []result, test string) string {
	t.Helper()
	for _, r := range results {
		if r.a.test == test {
			return r.note
		}
	}
	t.Fatalf("no result for %s", test)
	return ""
}
