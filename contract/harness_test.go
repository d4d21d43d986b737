package contract

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestReadConfig(t *testing.T) {
	live := map[string]string{envSwitch: "live", envAPIKey: "key_1", envMerchantID: "merchant_1"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for _, src := range []map[string]string{live, extra} {
			for k, v := range src {
				m[k] = v
			}
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		env   map[string]string
		want  config
		where string
		err   string
	}{
		{name: "nothing set: in process", env: nil, where: "juspaytest, in process"},
		{name: "credentials in the shell, no switch: in process, nothing else read", env: map[string]string{
			envAPIKey: "key_1", envMerchantID: "merchant_1", envBaseURL: "http://127.0.0.1:9", envEnvironment: "production",
			envCardCustomer: "cust_1", envDeleteCard: "1", envStableTokens: "bogus",
		}, where: "juspaytest, in process"},
		{name: "an unknown switch value is refused, unquoted", env: map[string]string{envSwitch: "sk_secret_value"}, err: `JUSPAY_CONTRACT must be "live" or unset`},
		{name: "live without a key", env: map[string]string{envSwitch: "live", envMerchantID: "m"}, err: "JUSPAY_CONTRACT=live needs JUSPAY_API_KEY"},
		{name: "live without a merchant id", env: map[string]string{envSwitch: "live", envAPIKey: "k"}, err: "JUSPAY_CONTRACT=live needs JUSPAY_MERCHANT_ID"},
		{name: "live: the sandbox by default", env: live,
			want: config{live: true, env: juspay.Sandbox, apiKey: "key_1", merchantID: "merchant_1"}, where: "https://sandbox.juspay.in"},
		{name: "live: production", env: with(map[string]string{envEnvironment: "production"}),
			want: config{live: true, env: juspay.Production, apiKey: "key_1", merchantID: "merchant_1"}, where: "https://api.juspay.in"},
		{name: "an unknown environment is refused, unquoted", env: with(map[string]string{envEnvironment: "sk_secret_value"}),
			err: `JUSPAY_ENV must be "sandbox", "production" or unset`},
		{name: "live: a base URL, its path left out of the report", env: with(map[string]string{envBaseURL: "http://127.0.0.1:9/secret-path"}),
			want:  config{live: true, env: juspay.Sandbox, baseURL: "http://127.0.0.1:9/secret-path", apiKey: "key_1", merchantID: "merchant_1"},
			where: "http://127.0.0.1:9"},
		{name: "a base URL that is not absolute", env: with(map[string]string{envBaseURL: "sk_secret_value"}), err: "JUSPAY_BASE_URL is not an absolute URL"},
		{name: "a card customer, leave to delete, stable tokens", env: with(map[string]string{envCardCustomer: "cust_1", envDeleteCard: "1", envStableTokens: "1"}),
			want:  config{live: true, env: juspay.Sandbox, apiKey: "key_1", merchantID: "merchant_1", cardCustomer: "cust_1", deleteCard: true, stableTokens: true},
			where: "https://sandbox.juspay.in"},
		{name: "flags at 0", env: with(map[string]string{envCardCustomer: "cust_1", envDeleteCard: "0", envStableTokens: "0"}),
			want:  config{live: true, env: juspay.Sandbox, apiKey: "key_1", merchantID: "merchant_1", cardCustomer: "cust_1"},
			where: "https://sandbox.juspay.in"},
		{name: "leave to delete without a card customer", env: with(map[string]string{envDeleteCard: "1"}), err: "JUSPAY_CONTRACT_DELETE_CARD needs JUSPAY_CONTRACT_CARD_CUSTOMER"},
		{name: "a flag neither 1 nor 0", env: with(map[string]string{envStableTokens: "yes"}), err: `JUSPAY_CONTRACT_STABLE_TOKENS must be "1", "0" or unset`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readConfig(func(k string) string { return tc.env[k] })
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.where, got.where())
		})
	}
}

// TestRunsInProcessWhateverTheShellHolds: with credentials, a base URL and
// every other variable set but JUSPAY_CONTRACT, the suite runs against
// juspaytest in process, and the server the shell names sees nothing.
func TestRunsInProcessWhateverTheShellHolds(t *testing.T) {
	var hits atomic.Int64
	decoy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(decoy.Close)
	for k, v := range map[string]string{
		envSwitch: "", envAPIKey: "key_from_the_quick_start", envMerchantID: "merchant_from_the_quick_start",
		envBaseURL: decoy.URL, envEnvironment: "production", envCardCustomer: "cust_1", envDeleteCard: "1", envStableTokens: "1",
	} {
		t.Setenv(k, v)
	}

	tg, s := configuredTarget(t, os.Getenv)
	require.NotNil(t, s, "in process")
	results := runChecks(context.Background(), tg)
	for _, r := range results {
		assert.Equal(t, held, r.outcome, "%s: %s", r.a.test, r.note)
	}
	assert.Zero(t, hits.Load(), "requests to the server the shell names")
	assert.Len(t, s.Requests(), tg.meter.requests())
	assert.Equal(t, "juspaytest, in process", tg.name)
}

// TestWithoutAdminRoutesTheCardChecksSkip: a live run against a base URL
// that is not a juspay-mock (here juspaytest, which answers /__admin/ 501)
// cannot save cards: the card checks skip saying why and what to set, and
// the wallet check says nothing was seeded.
func TestWithoutAdminRoutesTheCardChecksSkip(t *testing.T) {
	s := juspaytest.NewServer()
	t.Cleanup(s.Close)
	env := map[string]string{envSwitch: "live", envBaseURL: s.URL, envAPIKey: s.APIKey, envMerchantID: s.MerchantID}
	tg, _ := configuredTarget(t, func(k string) string { return env[k] })
	for _, r := range runChecks(context.Background(), tg) {
		switch r.a.test {
		case "TwoCardListsKeepTheCardReferences", "CardTokensAcrossTwoLists", "DeleteCardByReference":
			assert.Equal(t, skipped, r.outcome, r.note)
			assert.Contains(t, r.note, "POST /__admin/customers/{id}/cards: HTTP 501")
			assert.Contains(t, r.note, envCardCustomer)
			assert.NotContains(t, r.note, tg.runID, "the error names the route, not the customer")
		case "ListWalletsShape":
			assert.Equal(t, held, r.outcome, r.note)
			assert.Contains(t, r.note, "none could be seeded")
		default:
			assert.Equal(t, held, r.outcome, "%s: %s", r.a.test, r.note)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", rawWait, true},
		{"0", 0, true},
		{"3", 3 * time.Second, true},
		{"20", maxRawWait, true},
		{"21", 21 * time.Second, false},
		{"99999999999999999999", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
		{time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0, true},
		{time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), time.Hour, false},
	} {
		t.Run(tc.header, func(t *testing.T) {
			got, ok := retryAfter(tc.header)
			assert.Equal(t, tc.ok, ok)
			if tc.ok {
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

// TestRawRequestsWaitOutA429: the suite's own requests wait as a 429's
// Retry-After asks and try again, at most maxRawAttempts times, and give
// the 429 back when asked to wait longer than maxRawWait.
func TestRawRequestsWaitOutA429(t *testing.T) {
	for _, tc := range []struct {
		name       string
		throttled  int
		retryAfter string
		waits      []time.Duration
		status     int
	}{
		{"two 429s with Retry-After 3", 2, "3", []time.Duration{3 * time.Second, 3 * time.Second}, http.StatusNotFound},
		{"a 429 without Retry-After", 1, "", []time.Duration{rawWait}, http.StatusNotFound},
		{"a wait too long to honour", 1, "60", nil, http.StatusTooManyRequests},
		{"429s to the last attempt", maxRawAttempts, "1", []time.Duration{time.Second, time.Second}, http.StatusTooManyRequests},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, s := inProcess(t, tc.name)
			var waits []time.Duration
			tg.sleep = func(_ context.Context, d time.Duration) error {
				waits = append(waits, d)
				return nil
			}
			s.ThrottleNext(juspaytest.RouteGet, tc.throttled, tc.retryAfter)
			a, err := tg.raw(context.Background(), http.MethodGet, "/customers/nobody-0001", nil, nil, "nobody-0001")
			require.NoError(t, err)
			assert.Equal(t, tc.status, a.status)
			assert.Equal(t, tc.waits, waits)
			assert.Equal(t, len(tc.waits)+1, tg.meter.requests(), "each attempt counted")
			assert.Len(t, s.Requests(), tg.meter.requests())
		})
	}
}

func TestSleepEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := make(chan error, 1)
	go func() { done <- sleep(ctx, time.Hour) }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second):
		t.Fatal("sleep outlived its context")
	}
	assert.NoError(t, sleep(context.Background(), time.Millisecond))
}

// TestRequestBudget: the meter refuses, unsent, any request over its budget.
func TestRequestBudget(t *testing.T) {
	s := juspaytest.NewServer()
	t.Cleanup(s.Close)
	m := newMeter(juspay.NewTransport(), 3)
	hc := &http.Client{Transport: m}
	get := func() error {
		resp, err := hc.Get(s.URL + "/customers/nobody-0001")
		if err == nil {
			_ = resp.Body.Close()
		}
		return err
	}
	for range 3 {
		require.NoError(t, get())
	}
	err := get()
	require.ErrorIs(t, err, errBudget)
	assert.Contains(t, err.Error(), "(3)")
	assert.Equal(t, 3, m.requests())
	assert.Len(t, s.Requests(), 3, "the refused request was not sent")
}

// TestRequestsGoOneAtATime: requests through the meter never overlap, from
// sending to closing the answer's body, however many goroutines send them;
// one waiting for its turn gives up when its context ends.
func TestRequestsGoOneAtATime(t *testing.T) {
	var inFlight, most atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := inFlight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond) // a window for another to overlap
		inFlight.Add(-1)
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	m := newMeter(http.DefaultTransport, 100)
	hc := &http.Client{Transport: m}
	t.Cleanup(hc.CloseIdleConnections)

	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := hc.Get(srv.URL)
			if assert.NoError(t, err) {
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("requests did not finish")
	}
	assert.Equal(t, int64(1), most.Load(), "requests in flight at once")
	assert.Equal(t, 10, m.requests())

	held, err := hc.Get(srv.URL) // its body still open: the turn is held
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	_, err = hc.Do(req)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	require.NoError(t, held.Body.Close())
	resp, err := hc.Get(srv.URL)
	require.NoError(t, err, "the turn is back once the body is closed")
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, 12, m.requests(), "the request that gave up was not counted")
}

func TestReportCountsEachOutcome(t *testing.T) {
	tg, _ := inProcess(t, "a server")
	all := assumptions()
	var buf bytes.Buffer
	report(&buf, tg, []result{
		{a: all[0], outcome: held, note: "id cth_ and 16 characters"},
		{a: all[1], outcome: broken, note: "get by id answered another id", err: errors.New("x")},
		{a: all[2], outcome: skipped, note: "needs the suite's customer"},
		{a: all[3], outcome: notRun},
	})
	assert.Equal(t, "juspay-go contract suite against a server: 0 requests\n"+
		"ASSUMPTION                                                                   RESULT   NOTE\n"+
		"create answers the object_reference_id sent, exactly, and a cst_/cth_ id     held     id cth_ and 16 characters\n"+
		"get by reference and by id answer the same customer, reference and id exact  broken   get by id answered another id\n"+
		"a second create with the same reference is 400 \"already exists\"              skipped  needs the suite's customer\n"+
		"update changes only the fields sent                                          not run  \n"+
		"1 held, 1 broken, 1 skipped, 1 not run\n", buf.String())
}
