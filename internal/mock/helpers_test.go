package mock

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// inProcess serves the mock's handler (control routes and request log
// around juspaytest's handler) on an httptest server. It returns the
// juspaytest server, the base URL, and what was logged.
func inProcess(t *testing.T, opts ...juspaytest.Option) (*juspaytest.Server, string, *syncBuffer) {
	t.Helper()
	s := juspaytest.NewServer(opts...)
	logs := &syncBuffer{}
	ts := httptest.NewServer(newHandler(s, log.New(logs, "", log.Ltime|log.Lmicroseconds), DefaultReadTimeout))
	t.Cleanup(func() {
		s.Close() // first, so delay faults end
		ts.Close()
	})
	return s, ts.URL, logs
}

// reply is an answer as received.
type reply struct {
	status int
	header http.Header
	body   string
}

// send sends req with c (a client that gives up after waitLimit when nil)
// and reads the answer.
func send(t *testing.T, c *http.Client, req *http.Request) reply {
	t.Helper()
	if c == nil {
		c = &http.Client{Timeout: waitLimit}
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// adminReq builds a control request with the key as Basic auth user name.
func adminReq(t *testing.T, base, key, method, path, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, r)
	require.NoError(t, err)
	req.SetBasicAuth(key, "")
	return req
}

// adminOK sends a control request and requires a 200.
func adminOK(t *testing.T, base, key, method, path, body string) string {
	t.Helper()
	return adminVia(t, nil, base, key, method, path, body)
}

// adminVia is adminOK through client.
func adminVia(t *testing.T, client *http.Client, base, key, method, path, body string) string {
	t.Helper()
	rep := send(t, client, adminReq(t, base, key, method, path, body))
	require.Equal(t, http.StatusOK, rep.status, rep.body)
	return rep.body
}

// sampleCreate is the curl sample of Juspay's Create Customer page, as a
// request to base: form body, Basic auth "key:", x-merchantid, x-routing-id.
func sampleCreate(t *testing.T, base, key, merchantID, ref string) *http.Request {
	t.Helper()
	form := url.Values{
		"object_reference_id":           {ref},
		"mobile_number":                 {"9988776655"},
		"email_address":                 {"customer@gmail.com"},
		"first_name":                    {"John"},
		"last_name":                     {"Smith"},
		"mobile_country_code":           {"91"},
		"options.get_client_auth_token": {"true"},
	}
	req, err := http.NewRequest(http.MethodPost, base+"/customers", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.SetBasicAuth(key, "")
	req.Header.Set("x-merchantid", merchantID)
	req.Header.Set("x-routing-id", "customer_1122")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// decode reads JSON into a map.
func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// sdkClient is this repository's client pointed at base, retrying at once;
// hc, when not nil, is its HTTP client.
func sdkClient(t *testing.T, base, key, merchantID string, hc *http.Client) *juspay.Client {
	t.Helper()
	opts := []juspay.Option{juspay.WithBaseURL(base), juspay.WithRetryBackoff(time.Millisecond, time.Millisecond)}
	if hc != nil {
		opts = append(opts, juspay.WithHTTPClient(hc))
	}
	c, err := juspay.NewClient(key, merchantID, opts...)
	require.NoError(t, err)
	return c
}

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
