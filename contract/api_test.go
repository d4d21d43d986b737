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

// api is the wire to the server a run checks: its raw requests and the
// library's clients, every request through one meter.
type api struct {
	cfg   config
	hc    *http.Client // every API request goes through meter
	meter *meter
	// sleep waits what a 429 asks for; a test replaces it.
	sleep func(ctx context.Context, d time.Duration) error
	// clientOpts are added to every client's options.
	clientOpts []juspay.Option
}

// newAPI returns the wire to the server cfg names, within maxRequests.
func newAPI(cfg config) *api {
	m := newMeter(juspay.NewTransport(), maxRequests)
	return &api{cfg: cfg, hc: &http.Client{Transport: m}, meter: m, sleep: sleep}
}

// client returns a juspay client for the server with apiKey: its own key, or
// another to see it refused.
func (w *api) client(apiKey string) (*juspay.Client, error) {
	opts := []juspay.Option{juspay.WithEnvironment(w.cfg.env), juspay.WithHTTPClient(w.hc)}
	if w.cfg.baseURL != "" {
		opts = []juspay.Option{juspay.WithBaseURL(w.cfg.baseURL), juspay.WithHTTPClient(w.hc)}
	}
	return juspay.NewClient(apiKey, w.cfg.merchantID, append(opts, w.clientOpts...)...)
}

// baseURL is where the server's API is.
func (w *api) baseURL() string {
	if w.cfg.baseURL != "" {
		return strings.TrimSuffix(w.cfg.baseURL, "/")
	}
	return string(w.cfg.env)
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
func (w *api) raw(ctx context.Context, method, path string, query, form url.Values, routingID string) (*answer, error) {
	u := w.baseURL() + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(w.cfg.apiKey, "")
		req.Header.Set("x-merchantid", w.cfg.merchantID)
		req.Header.Set("x-routing-id", routingID)
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		a, err := w.send(req)
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
		if err := w.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// send sends req through w's client and reads at most 1 MiB of the answer.
func (w *api) send(req *http.Request) (*answer, error) {
	resp, err := w.hc.Do(req)
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

// describe says what an unexpected answer was: its status and Juspay's
// error_code, if any, cut short and printable.
func describe(a *answer) string {
	s := fmt.Sprintf("HTTP %d", a.status)
	if m, err := a.object(); err == nil {
		if code, ok := m["error_code"].(string); ok {
			s += fmt.Sprintf(" (error_code %.64q)", code)
		}
	}
	return s
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
