package contract

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// maxRequests is the most requests a run sends to the API: fewer than 40,
// retries included. Seeding through juspay-mock's /__admin/ routes is not
// counted: Juspay has no such routes.
const maxRequests = 39

// The suite's own waits for a 429 on its raw requests (the client's retries
// wait on their own): Retry-After is honoured up to maxRawWait, else the
// 429 is the answer; without one it waits rawWait.
const (
	maxRawAttempts = 3
	rawWait        = time.Second
	maxRawWait     = 20 * time.Second
)

// referencePrefix starts the object_reference_id of every customer the
// suite creates, so that they can be told apart on a real account. Its
// mixed case shows a reference echoed in another case.
const referencePrefix = "JuspayGoContract-"

// target is the server one run of the suite checks, and what the run
// learned of it so far.
type target struct {
	name  string // for the report
	cfg   config
	hc    *http.Client // every API request goes through meter
	meter *meter
	// runID is referencePrefix and a random part: the suite's customer's
	// object_reference_id; references it never creates start with it too.
	runID string
	// seed saves cards and wallets on the suite's customer; nil when the
	// server cannot (Juspay itself).
	seed seeder
	// sleep waits what a 429 asks for; a test replaces it.
	sleep func(ctx context.Context, d time.Duration) error
	// clientOpts are added to every client's options.
	clientOpts []juspay.Option
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
	m := newMeter(juspay.NewTransport(), maxRequests)
	return &target{
		name: name, cfg: cfg, hc: &http.Client{Transport: m}, meter: m,
		runID: referencePrefix + randomText(10), seed: seed, sleep: sleep,
		checkTimeout: 2 * time.Minute,
	}
}

// close releases the target's idle connections, its seeder's too.
func (tg *target) close() {
	tg.hc.CloseIdleConnections()
	if c, ok := tg.seed.(interface{ closeIdle() }); ok {
		c.closeIdle()
	}
}

// client returns a juspay client for tg with apiKey: tg's own key, or
// another to see it refused.
func (tg *target) client(apiKey string) (*juspay.Client, error) {
	opts := []juspay.Option{juspay.WithEnvironment(tg.cfg.env), juspay.WithHTTPClient(tg.hc)}
	if tg.cfg.baseURL != "" {
		opts = []juspay.Option{juspay.WithBaseURL(tg.cfg.baseURL), juspay.WithHTTPClient(tg.hc)}
	}
	return juspay.NewClient(apiKey, tg.cfg.merchantID, append(opts, tg.clientOpts...)...)
}

// baseURL is where tg's API is.
func (tg *target) baseURL() string {
	if tg.cfg.baseURL != "" {
		return strings.TrimSuffix(tg.cfg.baseURL, "/")
	}
	return string(tg.cfg.env)
}

// answer is an HTTP answer as it came.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// object decodes a's body as one JSON object, numbers as json.Number.
func (a *answer) object() (map[string]any, error) {
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(a.body)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("HTTP %d: the body is not a JSON object", a.status)
	}
	return m, nil
}

// raw sends one request as Juspay's pages show it (Basic auth "key:",
// x-merchantid, x-routing-id, a form body for a POST) and reads its answer,
// for assumptions about the wire itself. A 429 is waited out as it asks, up
// to maxRawAttempts attempts and maxRawWait a wait.
func (tg *target) raw(ctx context.Context, method, path string, query, form url.Values, routingID string) (*answer, error) {
	u := tg.baseURL() + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(tg.cfg.apiKey, "")
		req.Header.Set("x-merchantid", tg.cfg.merchantID)
		req.Header.Set("x-routing-id", routingID)
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		a, err := tg.send(req)
		if err != nil {
			return nil, err
		}
		if a.status != http.StatusTooManyRequests || attempt == maxRawAttempts {
			return a, nil
		}
		wait, ok := retryAfter(a.header.Get("Retry-After"))
		if !ok {
			return a, nil
		}
		if err := tg.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// send sends req through tg's client and reads at most 1 MiB of the answer.
func (tg *target) send(req *http.Request) (*answer, error) {
	resp, err := tg.hc.Do(req)
	if err != nil {
		return nil, scrubbed(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, scrubbed(err)
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// scrubbed is err without the URL a *url.Error names: its path and query
// hold customer ids.
func scrubbed(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return fmt.Errorf("%s: %w", uerr.Op, uerr.Err)
	}
	return err
}

// retryAfter is how long a 429 with Retry-After v asks to wait: rawWait
// without one; not ok above maxRawWait or when v is not a number of seconds
// nor an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return rawWait, true
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		d = time.Duration(min(secs, 1<<20)) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		d = max(time.Until(at), 0)
	} else {
		return 0, false
	}
	return d, d <= maxRawWait
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// meter sends requests one at a time, from sending one to closing its
// answer's body, counts them and refuses any over its budget.
type meter struct {
	next http.RoundTripper
	max  int
	turn chan struct{}

	mu   sync.Mutex
	sent int
}

func newMeter(next http.RoundTripper, budget int) *meter {
	return &meter{next: next, max: budget, turn: make(chan struct{}, 1)}
}

// errBudget is a request over the run's budget, refused before it is sent.
var errBudget = errors.New("contract: the run's budget of requests is spent")

func (m *meter) RoundTrip(r *http.Request) (*http.Response, error) {
	select {
	case m.turn <- struct{}{}:
	case <-r.Context().Done():
		closeBody(r)
		return nil, r.Context().Err()
	}
	release := sync.OnceFunc(func() { <-m.turn })
	m.mu.Lock()
	over := m.sent >= m.max
	if !over {
		m.sent++
	}
	m.mu.Unlock()
	if over {
		release()
		closeBody(r)
		return nil, fmt.Errorf("%w (%d)", errBudget, m.max)
	}
	resp, err := m.next.RoundTrip(r)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasing{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// requests is how many requests m has sent.
func (m *meter) requests() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sent
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}

// releasing gives the meter's turn back when the body is closed.
type releasing struct {
	io.ReadCloser
	release func()
}

func (b *releasing) Close() error {
	defer b.release()
	return b.ReadCloser.Close()
}

// randomText is n random letters and digits, upper and lower case.
func randomText(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
