package main

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// output is a file the program writes its stdout or stderr to: the kernel
// orders its writes, and a test reads it whole at any time.
type output string

func newOutput(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), name))
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func (o output) String() string {
	b, _ := os.ReadFile(string(o))
	return string(b)
}

// answer is an HTTP answer as received.
type answer struct {
	status int
	header http.Header
	body   string
}

// call sends method target with Basic auth key (none when empty), body (a
// form when it has no "{" or "[" first, else JSON) and header pairs, through
// hc (a client that gives up after waitLimit when nil).
func call(t *testing.T, hc *http.Client, method, target, key, body string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	require.NoError(t, err)
	if key != "" {
		req.SetBasicAuth(key, "")
	}
	if body != "" && !strings.ContainsAny(body[:1], "{[") {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if hc == nil {
		hc = &http.Client{Timeout: waitLimit}
	}
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{resp.StatusCode, resp.Header, string(b)}
}

// create is the curl sample of Juspay's Create Customer page for ref, sent
// to p: form body, Basic auth "key:", x-merchantid, x-routing-id.
func (p *process) create(t *testing.T, hc *http.Client, key, ref string) answer {
	t.Helper()
	form := url.Values{
		"object_reference_id": {ref}, "mobile_number": {"9988776655"}, "email_address": {"customer@gmail.com"},
		"first_name": {"John"}, "last_name": {"Smith"}, "mobile_country_code": {"91"}, "options.get_client_auth_token": {"true"},
	}
	return call(t, hc, http.MethodPost, p.ready.URL+"/customers", key, form.Encode(),
		"x-merchantid", p.ready.MerchantID, "x-routing-id", "customer_1122")
}

// admin sends a control request to p and requires a 200.
func (p *process) admin(t *testing.T, hc *http.Client, method, path, body string) string {
	t.Helper()
	a := call(t, hc, method, p.ready.URL+path, p.ready.APIKey, body)
	require.Equal(t, http.StatusOK, a.status, a.body)
	return a.body
}

// client is this repository's client wired to p, retrying at once; hc, when
// not nil, is its HTTP client.
func (p *process) client(t *testing.T, hc *http.Client) *juspay.Client {
	t.Helper()
	opts := []juspay.Option{juspay.WithBaseURL(p.ready.URL), juspay.WithRetryBackoff(time.Millisecond, time.Millisecond)}
	if hc != nil {
		opts = append(opts, juspay.WithHTTPClient(hc))
	}
	c, err := juspay.NewClient(p.ready.APIKey, p.ready.MerchantID, opts...)
	require.NoError(t, err)
	return c
}

func jsonObject(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m
}

func basic(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// waitLimit bounds every wait of a test that could block: it fails instead
// of hanging until go test's 10-minute timeout.
const waitLimit = 10 * time.Second

// within receives from ch, failing the test after waitLimit.
func within[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitLimit):
		t.Fatalf("nothing after %v", waitLimit)
		var zero T
		return zero
	}
}
