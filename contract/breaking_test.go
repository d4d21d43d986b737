package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestSuiteNamesTheBrokenAssumption runs the suite's checks, the ones a
// real run makes, against servers that each break one behaviour: juspaytest
// behind a handler that rewrites its answers. The suite must find exactly
// the assumptions named broken (those that build on the broken one skip),
// with an error and a table line naming each, and every other held.
func TestSuiteNamesTheBrokenAssumption(t *testing.T) {
	for _, tc := range []struct {
		name string
		// edit rewrites the fake's answer to r; fresh serves new card
		// tokens on every list; stable tells the suite to expect stable
		// tokens.
		edit          func(r *http.Request, a *answer)
		fresh, stable bool
		broken        []string
		skipped       []string
	}{
		{
			name: "a card list without the customer_id echo",
			edit: onRoute(juspaytest.RouteListCards, 200, func(m map[string]any) { delete(m, "customer_id") }),
			// the client refuses such a list, so it cannot delete by reference either
			broken: []string{"ListCardsEchoesCustomerID", "DeleteCardByReference"},
		},
		{
			name: "a card list echoing the customer_id in another case",
			edit: onRoute(juspaytest.RouteListCards, 200, func(m map[string]any) {
				m["customer_id"] = strings.ToUpper(m["customer_id"].(string))
			}),
			broken: []string{"ListCardsEchoesCustomerID", "DeleteCardByReference"},
		},
		{
			name:   "a card list about another customer",
			edit:   onRoute(juspaytest.RouteListCards, 200, func(m map[string]any) { m["customer_id"] = "cth_AnotherCustomer1" }),
			broken: []string{"ListCardsEchoesCustomerID", "DeleteCardByReference"},
		},
		{
			name:   "a create echoing the reference in another case",
			edit:   onRoute(juspaytest.RouteCreate, 200, lowerReference),
			broken: []string{"CreateAnswersTheReferenceSentAndAnID"},
		},
		{
			name:   "a get echoing the reference in another case",
			edit:   onRoute(juspaytest.RouteGet, 200, lowerReference),
			broken: []string{"GetByReferenceAndByIDAnswerTheSameCustomer"},
		},
		{
			name: "a get by id answering another last_name than by reference",
			edit: func(r *http.Request, a *answer) {
				if strings.HasPrefix(r.URL.Path, "/customers/cth_") {
					onRoute(juspaytest.RouteGet, 200, func(m map[string]any) { m["last_name"] = "Other" })(r, a)
				}
			},
			// the update's check reads the customer back by id
			broken: []string{"GetByReferenceAndByIDAnswerTheSameCustomer", "UpdateChangesOnlyTheFieldsSent"},
		},
		{
			name:   "new card tokens on every list, stable ones expected",
			fresh:  true,
			stable: true,
			broken: []string{"CardTokensAcrossTwoLists"},
		},
		{
			name: "card references that change on every list",
			edit: renumberReferences(),
			// DeleteCard by reference finds nothing to delete
			broken: []string{"TwoCardListsKeepTheCardReferences", "DeleteCardByReference"},
		},
		{
			name:   "a create answered without an id",
			edit:   onRoute(juspaytest.RouteCreate, 200, func(m map[string]any) { delete(m, "id") }),
			broken: []string{"CreateAnswersTheReferenceSentAndAnID"},
			skipped: []string{"GetByReferenceAndByIDAnswerTheSameCustomer", "SecondCreateWithTheSameReferenceIsAlreadyExists",
				"UpdateChangesOnlyTheFieldsSent", "ClientAuthTokenExpiresAbout15MinutesAhead", "AnswersCarryXResponseID",
				"ListCardsEchoesCustomerID", "TwoCardListsKeepTheCardReferences", "CardTokensAcrossTwoLists", "DeleteCardByReference",
				"ListWalletsShape"},
		},
		{
			name:   "a duplicate create answered 409",
			edit:   rewriteStatus(juspaytest.RouteCreate, 400, 409),
			broken: []string{"SecondCreateWithTheSameReferenceIsAlreadyExists"},
		},
		{
			name:   "an update that blanks a field it was not sent",
			edit:   onRoute(juspaytest.RouteUpdate, 200, func(m map[string]any) { m["last_name"] = nil }),
			broken: []string{"UpdateChangesOnlyTheFieldsSent"},
		},
		{
			name:   "a client auth token valid for an hour",
			edit:   onRoute(juspaytest.RouteGet, 200, tokenForAnHour),
			broken: []string{"ClientAuthTokenExpiresAbout15MinutesAhead"},
		},
		{
			name:   "an unknown customer answered with a proxy's 404 page",
			edit:   proxyNotFound,
			broken: []string{"UnknownCustomerIsNotFound"},
		},
		{
			name:   "a bad key answered 403",
			edit:   rewriteStatus("", 401, 403),
			broken: []string{"BadAPIKeyIs401"},
		},
		{
			name:   "answers without x-response-id",
			edit:   func(_ *http.Request, a *answer) { a.header.Del("X-Response-Id") },
			broken: []string{"AnswersCarryXResponseID"},
		},
		{
			name:   "a wallet list with its offset as text",
			edit:   onRoute(juspaytest.RouteListWallets, 200, func(m map[string]any) { m["offset"] = "0" }),
			broken: []string{"ListWalletsShape"},
		},
		{
			name: "a deletion answered \"deleted\": false",
			edit: onRoute(juspaytest.RouteDeleteCard, 200, func(m map[string]any) { m["deleted"] = false }),
			// the card is gone, but the client cannot report it deleted
			broken: []string{"DeleteCardByReference"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []juspaytest.Option
			if tc.fresh {
				opts = append(opts, juspaytest.WithFreshCardTokens())
			}
			tg, s := inProcess(t, tc.name, opts...)
			if tc.edit != nil {
				tg.cfg.baseURL = rewriting(t, s, tc.edit)
			}
			tg.cfg.stableTokens = tc.stable
			results := runChecks(context.Background(), tg)

			var buf bytes.Buffer
			report(&buf, tg, results)
			table := buf.String()
			for _, r := range results {
				switch {
				case slices.Contains(tc.broken, r.a.test):
					if assert.Equal(t, broken, r.outcome, "%s: %s", r.a.test, r.note) {
						assert.Contains(t, r.err.Error(), r.a.claim, "the failure names the assumption")
						assert.Contains(t, r.err.Error(), r.a.test)
						assert.Regexp(t, `(?m)^`+regexp.QuoteMeta(r.a.claim)+` +broken +\S`, table, "the table names it broken, and how")
					}
				case slices.Contains(tc.skipped, r.a.test):
					assert.Equal(t, skipped, r.outcome, "%s: %s", r.a.test, r.note)
					assert.Contains(t, r.note, "the suite's customer, whose create failed")
				default:
					assert.Equal(t, held, r.outcome, "%s: %s", r.a.test, r.note)
				}
			}
			if t.Failed() {
				t.Log("\n" + table)
			}
		})
	}
}

// TestGoTestFailsNamingTheBrokenAssumption runs this test binary's
// TestContract as a user runs it by hand (JUSPAY_CONTRACT=live,
// JUSPAY_BASE_URL and a card customer) against servers that break the
// customer_id echo, the exact reference echo, and stable tokens (told to
// expect them): go test fails, its failure and the table name the
// assumption.
func TestGoTestFailsNamingTheBrokenAssumption(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(r *http.Request, a *answer)
		fresh  bool
		env    map[string]string
		broken string
	}{
		{"no customer_id echo", onRoute(juspaytest.RouteListCards, 200, func(m map[string]any) { delete(m, "customer_id") }), false, nil, "ListCardsEchoesCustomerID"},
		{"a reference in another case", onRoute(juspaytest.RouteCreate, 200, lowerReference), false, nil, "CreateAnswersTheReferenceSentAndAnID"},
		{"tokens that change", nil, true, map[string]string{envStableTokens: "1"}, "CardTokensAcrossTwoLists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []juspaytest.Option
			if tc.fresh {
				opts = append(opts, juspaytest.WithFreshCardTokens())
			}
			s := juspaytest.NewServer(opts...)
			t.Cleanup(s.Close)
			cfg := config{}
			withCardCustomer(false)(t, &cfg, s)
			url := s.URL
			if tc.edit != nil {
				url = rewriting(t, s, tc.edit)
			}
			env := map[string]string{
				envSwitch: "live", envBaseURL: url, envAPIKey: s.APIKey, envMerchantID: s.MerchantID, envEnvironment: "",
				envCardCustomer: cfg.cardCustomer, envDeleteCard: "", envStableTokens: "",
			}
			for k, v := range tc.env {
				env[k] = v
			}
			out, code := runThisTest(t, "^TestContract$", env)
			a := assumptionNamed(t, tc.broken)
			assert.NotEqual(t, 0, code, "go test fails")
			assert.Contains(t, out, "--- FAIL: TestContract/"+tc.broken+" ")
			assert.Contains(t, out, "assumption broken: "+a.claim+" ("+tc.broken+")")
			assert.Regexp(t, `(?m)^`+regexp.QuoteMeta(a.claim)+` +broken +\S`, out, "the table")
			assert.Equal(t, 1, strings.Count(out, "--- FAIL: TestContract/"), "one assumption broken:\n%s", out)
		})
	}
}

// runThisTest runs this test binary's tests matching run, verbose, with
// env over the environment, and returns its output and exit code.
func runThisTest(t *testing.T, run string, env map[string]string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run", run, "-test.v")
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v) // the last of a key wins
	}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running the test binary: %v", err)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

// assumptionNamed is the assumption its subtest test checks.
func assumptionNamed(t *testing.T, test string) assumption {
	t.Helper()
	for _, a := range assumptions() {
		if a.test == test {
			return a
		}
	}
	t.Fatalf("no assumption %s", test)
	return assumption{}
}

// TestCardChecksSkipWithoutACardCustomer: against Juspay itself (no seeder)
// without JUSPAY_CONTRACT_CARD_CUSTOMER, the card checks skip and say how to
// run them; the echo is still checked, on the suite's own customer. With a
// card customer named, the deletion needs JUSPAY_CONTRACT_DELETE_CARD=1.
func TestCardChecksSkipWithoutACardCustomer(t *testing.T) {
	for _, tc := range []struct {
		name       string
		cfg        func(t *testing.T, c *config, s *juspaytest.Server)
		tokens     outcome
		deletion   outcome
		skipReason string
	}{
		{"no card customer", func(*testing.T, *config, *juspaytest.Server) {}, skipped, skipped, envCardCustomer},
		{"a card customer, no leave to delete", withCardCustomer(false), held, skipped, envDeleteCard + "=1"},
		{"a card customer, leave to delete", withCardCustomer(true), held, held, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, s := inProcess(t, tc.name)
			tg.seed = nil // as against Juspay
			tg.cfg.live = true
			tc.cfg(t, &tg.cfg, s)
			results := runChecks(context.Background(), tg)
			for _, r := range results {
				switch r.a.test {
				case "TwoCardListsKeepTheCardReferences", "CardTokensAcrossTwoLists":
					assert.Equal(t, tc.tokens, r.outcome, r.note)
				case "DeleteCardByReference":
					assert.Equal(t, tc.deletion, r.outcome, r.note)
				case "ListWalletsShape":
					assert.Equal(t, held, r.outcome, r.note)
					assert.Contains(t, r.note, "0 wallet(s)", "nothing seeded")
				default:
					assert.Equal(t, held, r.outcome, "%s: %s", r.a.test, r.note)
				}
				if r.outcome == skipped {
					assert.Contains(t, r.note, tc.skipReason, "says how to run it")
				}
			}
			if tc.deletion == held {
				assert.Len(t, s.Cards("card-holder-0001"), 1, "one of its two cards deleted")
			}
		})
	}
}

// withCardCustomer names a customer of s's with two saved cards, as a
// caller names one in JUSPAY_CONTRACT_CARD_CUSTOMER, and lets the suite
// delete one or not.
func withCardCustomer(deleteCard bool) func(t *testing.T, c *config, s *juspaytest.Server) {
	return func(t *testing.T, c *config, s *juspaytest.Server) {
		t.Helper()
		const ref = "card-holder-0001"
		_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: ref, MobileNumber: "9000000001"})
		require.NoError(t, err)
		require.NoError(t, fakeSeeder{s}.addCards(context.Background(), ref, seedCards()))
		c.cardCustomer, c.deleteCard = ref, deleteCard
	}
}

// rewriting serves s's handler behind edit, which may change each answer
// before it is sent, and returns the URL it serves on.
func rewriting(t *testing.T, s *juspaytest.Server, edit func(r *http.Request, a *answer)) string {
	t.Helper()
	h := s.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		a := &answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		edit(r, a)
		for k, v := range a.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// onRoute edits the JSON object of route's answers with status.
func onRoute(route juspaytest.Route, status int, edit func(m map[string]any)) func(*http.Request, *answer) {
	return func(r *http.Request, a *answer) {
		if juspaytest.RouteOf(r) != route || a.status != status {
			return
		}
		m, err := a.object()
		if err != nil {
			return
		}
		edit(m)
		a.body, _ = json.Marshal(m)
	}
}

// rewriteStatus turns route's answers with status from into status to
// ("" for every route), their bodies a proxy's.
func rewriteStatus(route juspaytest.Route, from, to int) func(*http.Request, *answer) {
	return func(r *http.Request, a *answer) {
		if (route == "" || juspaytest.RouteOf(r) == route) && a.status == from {
			a.status = to
			a.body = []byte(`{"error":"` + http.StatusText(to) + `"}`)
		}
	}
}

func lowerReference(m map[string]any) {
	if ref, ok := m["object_reference_id"].(string); ok {
		m["object_reference_id"] = strings.ToLower(ref)
	}
}

func tokenForAnHour(m map[string]any) {
	if auth, ok := m["juspay"].(map[string]any); ok {
		auth["client_auth_token_expiry"] = time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	}
}

// proxyNotFound answers every 404 with an HTML page, as a proxy would.
func proxyNotFound(_ *http.Request, a *answer) {
	if a.status == http.StatusNotFound {
		a.header.Set("Content-Type", "text/html")
		a.body = []byte("<html><body>Not Found</body></html>")
	}
}

// renumberReferences gives every card of each list a card_reference of its
// own, new for the list.
func renumberReferences() func(*http.Request, *answer) {
	var lists atomic.Int64
	return onRoute(juspaytest.RouteListCards, 200, func(m map[string]any) {
		n := strconv.FormatInt(lists.Add(1), 10)
		cards, _ := m["cards"].([]any)
		for _, c := range cards {
			if card, ok := c.(map[string]any); ok {
				card["card_reference"] = card["card_reference"].(string) + "-list" + n
			}
		}
	})
}
