package juspay

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Version is this library's version, sent in the User-Agent header as
// "juspay-go/<Version>".
const Version = "0.1.0"

// Environment is the base URL of a Juspay deployment. The default is Sandbox.
// The hosts are listed on Juspay's API pages, e.g.
// https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer.
type Environment string

// The documented Juspay hosts.
const (
	// Sandbox is Juspay's India sandbox, the default environment.
	Sandbox Environment = "https://sandbox.juspay.in"
	// Production is Juspay's India production host.
	Production Environment = "https://api.juspay.in"
	// ProductionStaticIP is the India production host with a static IP, for
	// firewalls that allow-list outbound addresses.
	ProductionStaticIP Environment = "https://api-ns1.juspay.in"
	// SandboxEU is Juspay's EU sandbox.
	SandboxEU Environment = "https://sandbox.juspay.io"
	// ProductionEU is Juspay's EU production host.
	ProductionEU Environment = "https://api.juspay.io"
	// HDFCSmartGatewayUAT is HDFC SmartGateway's test (UAT) host.
	HDFCSmartGatewayUAT Environment = "https://smartgatewayuat.hdfcbank.com"
	// HDFCSmartGateway is HDFC SmartGateway's production host.
	HDFCSmartGateway Environment = "https://smartgateway.hdfcbank.com"
)

// maxResponseBody is the most the client reads of any response body.
const maxResponseBody = 1 << 20

// Client calls Juspay's customer API. Build it with NewClient; it is safe
// for concurrent use by many goroutines, and its settings never change after
// NewClient returns. Printing a Client, with any fmt verb or slog, never
// shows the API key.
type Client struct {
	authHeader secret // "Basic base64(key:)"; the key itself is not kept
	merchantID string
	baseURL    *url.URL // scheme and host; Path has no trailing slash
	baseRaw    string   // baseURL's escaped path
	hc         *http.Client
	maxRetries int
	timeout    time.Duration
	backoff    backoffPolicy
	logger     *slog.Logger
	gateways   []Gateway

	userAgent string    // built once: "juspay-go/<Version> ..."
	bufs      sync.Pool // *readBuf for response bodies
}

// NewClient returns a Client for the merchant's API key and merchant id,
// both as shown on the Juspay dashboard. It returns an error, never panics,
// when either is empty or holds a control character, or an option is
// invalid. Without options the client talks to Sandbox, retries twice, and
// logs nothing.
func NewClient(apiKey, merchantID string, opts ...Option) (*Client, error) {
	if err := checkCredential("API key", apiKey); err != nil {
		return nil, err
	}
	if err := checkCredential("merchant id", merchantID); err != nil {
		return nil, err
	}
	cfg := defaultConfig()
	for i, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("juspay: option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	raw := cfg.baseURL
	if raw == "" {
		raw = string(cfg.env)
	}
	base, err := parseBaseURL(raw)
	if err != nil {
		return nil, err
	}
	c := &Client{
		authHeader: newSecret("Basic " + base64.StdEncoding.EncodeToString([]byte(apiKey+":"))),
		merchantID: merchantID,
		baseURL:    base,
		baseRaw:    base.EscapedPath(),
		hc:         cfg.httpClient,
		maxRetries: cfg.maxRetries,
		timeout:    cfg.timeout,
		backoff:    cfg.backoff,
		logger:     cfg.logger,
		gateways:   cfg.gateways,
		userAgent:  "juspay-go/" + Version,
	}
	if cfg.userAgent != "" {
		c.userAgent += " " + cfg.userAgent
	}
	if c.hc == nil {
		c.hc = &http.Client{Transport: newDefaultTransport(), CheckRedirect: refuseRedirect}
	}
	c.bufs.New = func() any { return new(readBuf) }
	return c, nil
}

func checkCredential(name, v string) error {
	if v == "" {
		return fmt.Errorf("juspay: NewClient: %s is empty", name)
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] == 0x7f {
			return fmt.Errorf("juspay: NewClient: %s holds a control character", name)
		}
	}
	return nil
}

// refuseRedirect makes net/http hand back a 3xx as it is.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// CloseIdleConnections closes the idle keep-alive connections of the
// client's transport (the caller's, when given with WithHTTPClient).
func (c *Client) CloseIdleConnections() { c.hc.CloseIdleConnections() }

// request is one prepared call: what do sends and how errors name it.
type request struct {
	call      string // SDK call, e.g. "GetCustomer"
	method    string
	template  string // path template for errors and logs, e.g. "/customers/{id}"
	path      string // unescaped path below the base URL
	rawPath   string // escaped path, when it differs from path
	query     string // encoded query, without '?'
	routingID string // x-routing-id
	body      []byte // form body; nil for GET
}

// do sends r, retrying per the client's policy, and decodes a 2xx JSON body
// into out. It reports whether an attempt before the last one may have
// reached Juspay and been acted on (for a create: the customer may exist).
func (c *Client) do(ctx context.Context, r *request, out decoder) (mayHaveLanded bool, err error) {
	for attempt := 1; ; attempt++ {
		o := c.send(ctx, r, out, attempt)
		if o.err == nil {
			return mayHaveLanded, nil
		}
		setAttempts(o.err, attempt)
		if !o.retryable || attempt > c.maxRetries || ctx.Err() != nil {
			return mayHaveLanded, o.err
		}
		wait, ok := c.backoff.wait(attempt, o.retryAfter)
		if !ok {
			return mayHaveLanded, o.err // Retry-After beyond the cap
		}
		if dl, has := ctx.Deadline(); has && time.Until(dl) < wait {
			return mayHaveLanded, o.err // the wait would outlast the caller's deadline
		}
		c.log(ctx, slog.LevelWarn, "juspay retry", r, attempt, o, slog.Duration("wait", wait))
		mayHaveLanded = mayHaveLanded || o.mayHaveLanded
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return mayHaveLanded, &RequestError{Call: r.call, Method: r.method, Path: r.template, Attempts: attempt,
				Err: fmt.Errorf("waiting to retry after %w: %w", o.err, ctx.Err())}
		case <-t.C:
		}
	}
}

// decoder decodes the body of a 2xx answer. The bytes are reused once decode
// returns, so it must copy what it keeps.
type decoder interface{ decode(body []byte) error }

// outcome is what one attempt came to.
type outcome struct {
	status        int
	err           error // *APIError or *RequestError; nil on success
	retryable     bool
	mayHaveLanded bool
	retryAfter    string // the Retry-After header
}

func setAttempts(err error, n int) {
	switch e := err.(type) {
	case *APIError:
		e.Attempts = n
	case *RequestError:
		e.Attempts = n
	}
}

// send makes one attempt.
func (c *Client) send(ctx context.Context, r *request, out decoder, attempt int) (o outcome) {
	start := time.Now()
	defer func() {
		c.log(ctx, slog.LevelDebug, "juspay request", r, attempt, o, slog.Duration("duration", time.Since(start)))
	}()

	actx := ctx
	if c.timeout > 0 {
		// The caller's own, earlier deadline makes a second timer needless.
		if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > c.timeout {
			var cancel context.CancelFunc
			actx, cancel = context.WithTimeout(ctx, c.timeout)
			defer cancel()
		}
	}
	resp, err := c.roundTrip(c.newHTTPRequest(actx, r))
	if err != nil {
		cause := scrubURLError(err)
		return outcome{
			err:           &RequestError{Call: r.call, Method: r.method, Path: r.template, Err: cause},
			retryable:     ctx.Err() == nil && retryableTransportErr(cause),
			mayHaveLanded: !isDialError(cause),
		}
	}
	o.status = resp.StatusCode
	rb := c.bufs.Get().(*readBuf)
	defer c.putBuf(rb)
	buf := &rb.buf
	buf.Reset()
	rb.lr = io.LimitedReader{R: resp.Body, N: maxResponseBody + 1}
	_, err = buf.ReadFrom(&rb.lr)
	rb.lr.R = nil
	resp.Body.Close() // unread bytes (a body over the cap) close the connection
	tooLarge := buf.Len() > maxResponseBody
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if err != nil || (ok && tooLarge) {
		if err == nil {
			err = ErrResponseTooLarge
		}
		return outcome{status: o.status, err: &RequestError{Call: r.call, Method: r.method, Path: r.template, HTTPStatus: o.status, Err: err}}
	}
	if !ok {
		body := buf.Bytes()
		if tooLarge {
			body = body[:maxResponseBody]
		}
		e := newAPIError(resp.StatusCode, resp.Header, body)
		e.Call, e.Method, e.Path = r.call, r.method, r.template
		return outcome{
			status:        o.status,
			err:           e,
			retryable:     retryableStatus(resp.StatusCode),
			mayHaveLanded: resp.StatusCode != http.StatusTooManyRequests,
			retryAfter:    resp.Header.Get("Retry-After"),
		}
	}
	if err := out.decode(buf.Bytes()); err != nil {
		return outcome{status: o.status, err: &RequestError{Call: r.call, Method: r.method, Path: r.template,
			HTTPStatus: o.status, Err: fmt.Errorf("decoding response: %w", err)}}
	}
	return o
}

// readBuf is a pooled response buffer and the limit on what it reads.
type readBuf struct {
	buf bytes.Buffer
	lr  io.LimitedReader
}

func (c *Client) putBuf(b *readBuf) {
	if b.buf.Cap() <= 64<<10 { // let the odd huge body go to the garbage collector
		c.bufs.Put(b)
	}
}

// roundTrip sends req without following redirects. A client with no cookie
// jar and no timeout (ours, and most callers') needs nothing http.Client.Do
// adds, so its transport is called directly: read at each call, so that
// httpmock.ActivateNonDefault(hc) or httpmock.Activate() take effect before
// or after NewClient. Otherwise the caller's client is used through a
// shallow copy, so its CheckRedirect stays untouched.
func (c *Client) roundTrip(req *http.Request) (*http.Response, error) {
	hc := c.hc
	if hc.Jar == nil && hc.Timeout == 0 {
		rt := hc.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		resp, err := rt.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		if resp == nil {
			return nil, errors.New("http: RoundTripper returned a nil *Response with a nil error")
		}
		if resp.Body == nil {
			resp.Body = http.NoBody
		}
		return resp, nil
	}
	cp := *hc
	cp.CheckRedirect = refuseRedirect
	return cp.Do(req)
}

// attemptState is what one attempt allocates, in one allocation.
type attemptState struct {
	req  http.Request
	url  url.URL
	vals [6]string // header values; each header's slice is a piece of it
	body bytes.Reader
}

// newHTTPRequest builds the request for one attempt. Header values are built
// once per client.
func (c *Client) newHTTPRequest(ctx context.Context, r *request) *http.Request {
	a := &attemptState{}
	a.url = url.URL{
		Scheme:   c.baseURL.Scheme,
		Host:     c.baseURL.Host,
		Path:     c.baseURL.Path + r.path,
		RawQuery: r.query,
	}
	if r.rawPath != "" || c.baseURL.RawPath != "" {
		a.url.RawPath = c.baseRaw + firstNonEmpty(r.rawPath, r.path)
	}
	a.vals = [6]string{c.authHeader(), c.merchantID, r.routingID, "application/json", c.userAgent, "application/x-www-form-urlencoded"}
	h := make(http.Header, 6)
	h["Authorization"] = a.vals[0:1:1]
	h["X-Merchantid"] = a.vals[1:2:2]
	h["X-Routing-Id"] = a.vals[2:3:3]
	h["Accept"] = a.vals[3:4:4]
	h["User-Agent"] = a.vals[4:5:5]
	a.req = http.Request{
		Method:     r.method,
		URL:        &a.url,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       a.url.Host,
	}
	if r.body != nil {
		h["Content-Type"] = a.vals[5:6:6]
		body := r.body
		a.body.Reset(body)
		// io.NopCloser over a *bytes.Reader is a body net/http knows is in
		// memory: it writes headers and body in one go (with a body type of
		// our own it flushes the headers first, a write and ~10% slower).
		a.req.Body = io.NopCloser(&a.body)
		a.req.ContentLength = int64(len(body))
		a.req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return a.req.WithContext(ctx)
}

// scrubURLError drops net/http's *url.Error wrapper, whose text holds the
// request URL (and so a customer id), keeping its cause.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}
