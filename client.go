package juspay

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Version is this library's version, sent in the User-Agent header as
// "juspay-go/<Version>".
const Version = "0.2.0"

// maxResponseBody is the most the client reads of any response body.
const maxResponseBody = 1 << 20

// Client calls Juspay's customer API. Build it with NewClient; it is safe
// for concurrent use by many goroutines, and its settings never change after
// NewClient returns. Printing a Client, with any fmt verb or slog, never
// shows the API key.
type Client struct {
	auth       secret // "Basic base64(key:)"; the key itself is not kept
	merchantID string
	baseURL    string // scheme://host[/prefix], without a trailing slash
	hc         *http.Client
	ownHC      bool // hc is the client's own, which refuses redirects itself
	maxRetries int
	timeout    time.Duration
	backoff    backoff
	logger     *slog.Logger
	gateways   []Gateway
	userAgent  string
}

// NewClient returns a Client for the merchant's API key and merchant id,
// both as shown on the Juspay dashboard. It returns an error, and never
// panics, when either is empty or holds a control character, or an option
// is invalid. Without options the client calls Sandbox, retries twice, and
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
			return nil, fmt.Errorf("juspay: NewClient: option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	c := &Client{
		auth:       newSecret("Basic " + base64.StdEncoding.EncodeToString([]byte(apiKey+":"))),
		merchantID: merchantID,
		baseURL:    cmp.Or(cfg.baseURL, cfg.envURL),
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
		c.ownHC = true
	}
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

// Format prints the client's merchant id and base URL, never its API key,
// whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) { formatFields(f, "Client", c.fields()) }

// LogValue logs the client's merchant id and base URL, never its API key.
func (c *Client) LogValue() slog.Value { return logFields(c.fields()) }

func (c *Client) fields() []field {
	if c == nil {
		return nil
	}
	return []field{{"MerchantID", c.merchantID}, {"BaseURL", c.baseURL}, {"APIKey", redacted}}
}

// request is one call to Juspay, ready to send. It names no resource: the
// calls build it, and errors and logs name it by call and path template.
type request struct {
	call      string // the SDK call, e.g. "GetCustomer"
	method    string
	template  string // the path template, e.g. "/customers/{id}"
	path      string // the escaped path below the base URL, e.g. "/customers/a%2Fb"
	query     string // the encoded query, without '?'
	routingID string // x-routing-id; not sent when empty
	form      []byte // the form body of a POST
}

// fail is the *RequestError of r with the given cause; status is the
// answer's, 0 when there was none.
func (r *request) fail(status int, err error) *RequestError {
	return &RequestError{Call: r.call, Method: r.method, Path: r.template, HTTPStatus: status, Err: err}
}

// do sends r, retrying as the client's policy allows, and hands the body of
// the 2xx answer to decode, whose error fails the call. landed reports
// whether an attempt before the last may have reached Juspay and been acted
// on (for a create: the customer may exist).
func (c *Client) do(ctx context.Context, r *request, decode func(body []byte) error) (landed bool, err error) {
	if ctx == nil {
		return false, r.fail(0, errors.New("nil context.Context"))
	}
	for attempt := 1; ; attempt++ {
		o := c.attempt(ctx, r, decode, attempt)
		if o.err == nil {
			return landed, nil
		}
		setAttempts(o.err, attempt)
		if !o.retry || attempt > c.maxRetries || ctx.Err() != nil {
			return landed, o.err
		}
		wait, ok := c.backoff.wait(attempt, o.retryAfter, time.Now())
		if !ok {
			return landed, o.err // Retry-After beyond MaxRetryAfter
		}
		if deadline, has := ctx.Deadline(); has && time.Until(deadline) < wait {
			return landed, o.err // the wait would outlast the caller's deadline
		}
		c.log(ctx, slog.LevelWarn, "juspay retry", r, attempt, o, slog.Duration("wait", wait))
		landed = landed || o.landed
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			e := r.fail(0, fmt.Errorf("waiting to retry after %w: %w", o.err, ctx.Err()))
			e.Attempts = attempt
			return landed, e
		case <-t.C:
		}
	}
}

// outcome is what one attempt came to.
type outcome struct {
	status     int   // the answer's status; 0 when there was none
	err        error // *APIError or *RequestError; nil on success
	retry      bool  // another attempt may succeed
	landed     bool  // Juspay may have acted on the request
	retryAfter string
}

func setAttempts(err error, n int) {
	switch e := err.(type) {
	case *APIError:
		e.Attempts = n
	case *RequestError:
		e.Attempts = n
	}
}

// attempt sends r once: build, send, read, check, decode.
func (c *Client) attempt(ctx context.Context, r *request, decode func([]byte) error, n int) (o outcome) {
	start := time.Now()
	defer func() {
		c.log(ctx, slog.LevelDebug, "juspay request", r, n, o, slog.Duration("duration", time.Since(start)))
	}()
	attemptCtx := ctx
	if deadline, has := ctx.Deadline(); c.timeout > 0 && (!has || time.Until(deadline) > c.timeout) {
		var cancel context.CancelFunc
		attemptCtx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := c.newRequest(attemptCtx, r)
	if err != nil {
		return outcome{err: r.fail(0, scrubURLError(err))}
	}
	resp, err := c.send(req)
	if err != nil {
		err = scrubURLError(err)
		return outcome{
			err:    r.fail(0, err),
			retry:  ctx.Err() == nil && isTransient(err),
			landed: !isDialError(err),
		}
	}
	o = outcome{status: resp.StatusCode, landed: true}
	body, err := readBody(resp)
	ok := 200 <= o.status && o.status <= 299
	// A body that could not be read fails the attempt, but an error answer
	// over the cap is still an *APIError, from its first MiB.
	if err != nil && (ok || !errors.Is(err, ErrResponseTooLarge)) {
		o.err = r.fail(o.status, err)
		return o
	}
	if !ok {
		e := newAPIError(o.status, resp.Header, body)
		e.Call, e.Method, e.Path = r.call, r.method, r.template
		o.err, o.retry = e, retryableStatus(o.status)
		o.landed = o.status != http.StatusTooManyRequests
		o.retryAfter = resp.Header.Get("Retry-After")
		return o
	}
	if err := decode(body); err != nil {
		o.err = r.fail(o.status, err)
	}
	return o
}

// newRequest builds the HTTP request of one attempt.
func (c *Client) newRequest(ctx context.Context, r *request) (*http.Request, error) {
	u := c.baseURL + r.path
	if r.query != "" {
		u += "?" + r.query
	}
	var body io.Reader
	if r.form != nil {
		body = bytes.NewReader(r.form)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, err
	}
	h := req.Header
	h.Set("Authorization", c.auth())
	h.Set("X-Merchantid", c.merchantID)
	if r.routingID != "" {
		h.Set("X-Routing-Id", r.routingID)
	}
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.userAgent)
	if r.form != nil {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, nil
}

// send sends req without following redirects. A caller's client (from
// WithHTTPClient) is used through a shallow copy that refuses them, so its
// own CheckRedirect stays as it is and its Transport is read at each call
// (httpmock.ActivateNonDefault works before or after NewClient).
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if c.ownHC {
		return c.hc.Do(req)
	}
	hc := *c.hc
	hc.CheckRedirect = refuseRedirect
	return hc.Do(req)
}

// readBody reads at most maxResponseBody bytes of resp's body and closes
// it. A body read to its end leaves the connection to be reused; a longer
// one is cut off, which closes the connection, and gives its first
// maxResponseBody bytes with ErrResponseTooLarge.
func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	// io.ReadAll, but sized by the Content-Length when there is one: that
	// saves 3 allocations and 11% of an in-memory call.
	size := 512
	if n := resp.ContentLength; n >= 0 && n < maxResponseBody {
		size = int(n) + 1 // room for the read that sees EOF
	}
	r := io.LimitReader(resp.Body, maxResponseBody+1)
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if len(b) > maxResponseBody {
			return b[:maxResponseBody], ErrResponseTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// scrubURLError drops net/http's *url.Error wrapper, whose text holds the
// request URL (and so maybe a customer id), keeping its cause.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// log writes one record of an attempt: the call, method, path template,
// attempt, status, one more attribute (duration or wait) and Juspay's error
// code or the failure's text. Never the key, headers, ids, form or body.
func (c *Client) log(ctx context.Context, level slog.Level, msg string, r *request, attempt int, o outcome, extra slog.Attr) {
	if c.logger == nil || !c.logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs,
		slog.String("call", r.call),
		slog.String("method", r.method),
		slog.String("path", r.template),
		slog.Int("attempt", attempt),
		slog.Int("status", o.status),
		extra,
	)
	switch e := o.err.(type) {
	case *APIError:
		attrs = append(attrs, slog.String("error_code", e.ErrorCode))
		if code := e.code(); code != "" {
			attrs = append(attrs, slog.String("error_info_code", code))
		}
	case *RequestError:
		attrs = append(attrs, slog.String("error", oneLine(e.Err.Error())))
	}
	c.logger.LogAttrs(ctx, level, msg, attrs...)
}
