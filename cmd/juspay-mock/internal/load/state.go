package load

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// client is an HTTP client for conc callers at once to t, each keeping
// its connection.
func client(conc int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost, tr.MaxConnsPerHost = conc, conc
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// Call is one request to send: method, path (with the query) and a form
// body (none when nil).
type Call struct {
	Method, Path string
	Form         url.Values
	JSON         string // a JSON body instead of Form
}

// request builds c for t with the key and merchant id.
func (t Target) request(ctx context.Context, c Call) (*http.Request, error) {
	var body io.Reader
	switch {
	case c.JSON != "":
		body = strings.NewReader(c.JSON)
	case c.Form != nil:
		body = strings.NewReader(c.Form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, c.Method, t.URL+c.Path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(t.APIKey+":")))
	req.Header.Set("x-merchantid", t.MerchantID)
	if c.Form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, nil
}

// Run sends n calls to t, call(i) being the i-th, from conc callers at
// once, and returns their outcomes by status ("transport" for an error).
func Run(ctx context.Context, t Target, n, conc int, call func(i int) Call) (*Outcomes, error) {
	hc := client(conc)
	defer hc.CloseIdleConnections()
	out := &Outcomes{}
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				status, err := t.do(ctx, hc, call(i))
				out.add(status)
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return out, firstErr
}

// do sends c and reads the answer.
func (t Target) do(ctx context.Context, hc *http.Client, c Call) (string, error) {
	req, err := t.request(ctx, c)
	if err != nil {
		return "transport", err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "transport", err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return strconv.Itoa(resp.StatusCode), err
}

// CreateCall is the i-th of a run of creates: a customer of its own.
func CreateCall(i int) Call {
	return Call{Method: http.MethodPost, Path: "/customers", Form: url.Values{
		"object_reference_id": {fmt.Sprintf("load-%07d", i)},
		"mobile_number":       {"9988776655"},
		"email_address":       {"customer@gmail.com"},
		"first_name":          {"John"},
		"last_name":           {"Smith"},
		"mobile_country_code": {"91"},
	}}
}

// TokenCall asks for the customer "load-token" with a fresh client auth
// token each time.
func TokenCall(int) Call {
	return Call{Method: http.MethodGet, Path: "/customers/load-token?options.get_client_auth_token=true"}
}

// FaultCall injects one 503 fault on Get Customer.
func FaultCall(int) Call {
	return Call{Method: http.MethodPost, Path: "/__admin/faults", JSON: `{"route":"GET /customers/{id}","status":503}`}
}

// FreezeClock freezes t's clock, so that no token it issues expires, and
// creates the customer TokenCall asks for.
func FreezeClock(ctx context.Context, t Target) error {
	hc := client(1)
	defer hc.CloseIdleConnections()
	for _, c := range []Call{
		{Method: http.MethodPost, Path: "/__admin/clock", JSON: `{"now":"2025-01-02T10:00:00Z"}`},
		{Method: http.MethodPost, Path: "/customers", Form: url.Values{"object_reference_id": {"load-token"}, "mobile_number": {"9988776655"}}},
	} {
		if status, err := t.do(ctx, hc, c); err != nil || status != "200" {
			return fmt.Errorf("%s %s: %s %v", c.Method, c.Path, status, err)
		}
	}
	return nil
}
