package juspay

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	apiVersion string // Juspay's "version" header; not sent when empty
	obs        observing
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
		apiVersion: cfg.apiVersion,
	}
	c.obs.o = cfg.observer
	c.obs.host, c.obs.port = hostPort(c.baseURL)
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

// Format prints the client's merchant id and its base URL's scheme and
// host, never its API key nor the base URL's path (a proxy's may hold a
// secret), whatever the verb, on the value and on the pointer.
func (c Client) Format(f fmt.State, _ rune) { formatFields(f, "Client", c.fields()) }

// LogValue logs what Format prints; a nil Client logs as an empty group.
func (c *Client) LogValue() slog.Value { return logFields(c.fields()) }

func (c *Client) fields() []field {
	if c == nil {
		return nil
	}
	base := c.baseURL
	if u, err := url.Parse(base); err == nil {
		base = u.Scheme + "://" + u.Host
	}
	return []field{{"MerchantID", c.merchantID}, {"BaseURL", base}, {"APIKey", redacted}}
}

// answer is what a call decodes a 2xx body into: every result type. The
// request path decodes it, checks that it is complete, and checks that it
// is about what the call asked for (see identity.go) before the call can
// return it.
type answer interface {
	json.Unmarshaler
	// complete reports an answer that is not the object the call expects
	// (a customer without an id, a card list without cards).
	complete() error
	named
	// answered records the answer's metadata on the result.
	answered(*Response)
}

// request is one call to Juspay, ready to send. It names no resource: the
// calls build it with newRequest, and errors and logs name it by call and
// path template.
type request struct {
	call      string // the SDK call, e.g. "GetCustomer"
	method    string
	template  string // the path template, e.g. "/customers/{id}"
	path      string // the escaped path below the base URL, e.g. "/customers/a%2Fb"
	query     string // the encoded query, without '?'
	routingID string // x-routing-id; not sent when empty
	form      []byte // the form body of a POST
	want      identity
	// id is the customer id the call is about, unescaped, and queryValues
	// the query's values: scrub keeps them out of transport errors.
	id          string
	queryValues []string
	// postOnce: a POST whose effect the client cannot check (a raw call)
	// is retried only when no attempt could have been acted on.
	postOnce bool
	started  time.Time // when do began
}

// newRequest prepares a call about the customer id (empty when there is
// none yet): template's "{id}", if any, becomes id escaped as one path
// segment (whatever '/', '?', '#' or '%' it holds), and x-routing-id is
// routing, else id, as Juspay wants one routing id per customer. want is
// what the answer must name. It returns a value, which stays on the
// caller's stack.
func newRequest(call, method, template, id, routing string, want identity) request {
	path := template
	if strings.Contains(template, "{id}") {
		path = strings.Replace(template, "{id}", url.PathEscape(id), 1)
	}
	return request{call: call, method: method, template: template, path: path,
		routingID: cmp.Or(routing, id), want: want, id: id}
}

// fail is the *RequestError of r with the given cause; status is the
// answer's, 0 when there was none.
func (r *request) fail(status int, err error) *RequestError {
	return &RequestError{Call: r.call, Method: r.method, Path: r.template, HTTPStatus: status, Err: err}
}

// send sends r and returns its answer decoded into a new T; landed is do's.
func send[T any, P interface {
	*T
	answer
}](ctx context.Context, c *Client, r *request) (*T, bool, error) {
	v := P(new(T))
	_, landed, err := c.do(ctx, r, v)
	if err != nil {
		return nil, landed, err
	}
	return v, landed, nil
}

// do sends r, retrying as the client's policy allows, and decodes the 2xx
// answer into v (nil discards it), which must name what r.want says; on
// success v is given the Response. resp is the last attempt's answer, nil
// when there was none. landed reports whether an attempt before the last
// may have reached Juspay and been acted on (for a create: the customer may
// exist).
func (c *Client) do(ctx context.Context, r *request, v answer) (resp *Response, landed bool, err error) {
	if ctx == nil {
		return nil, false, r.fail(0, errors.New("nil context.Context"))
	}
	r.started = time.Now()
	for attempt := 1; ; attempt++ {
		o := c.attempt(ctx, r, v, attempt)
		if o.err == nil {
			resp = o.response(attempt)
			if v != nil {
				v.answered(resp)
			}
			return resp, landed, nil
		}
		setAttempts(o.err, attempt)
		if !o.retry || r.postOnce && o.landed || attempt > c.maxRetries || ctx.Err() != nil {
			return o.response(attempt), landed, o.err
		}
		wait, ok := c.backoff.wait(attempt, o.retryAfter, time.Now())
		if !ok {
			notRetried(o.err, "Retry-After "+clip(o.retryAfter)+" asks for a wait over MaxRetryAfter ("+MaxRetryAfter.String()+")")
			return o.response(attempt), landed, o.err
		}
		if deadline, has := ctx.Deadline(); has && time.Until(deadline) < wait {
			notRetried(o.err, "the wait of "+wait.Round(time.Millisecond).String()+" before the next attempt would outlast the context's deadline")
			return o.response(attempt), landed, o.err
		}
		c.log(ctx, slog.LevelWarn, "juspay retry", r, attempt, o, slog.Duration("wait", wait))
		landed = landed || o.landed
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			e := r.fail(0, fmt.Errorf("waiting to retry after %w: %w", o.err, ctx.Err()))
			e.Attempts = attempt
			return o.response(attempt), landed, e
		case <-t.C:
		}
	}
}

// outcome is what one attempt came to.
type outcome struct {
	status     int         // the answer's status; 0 when there was none
	header     http.Header // the answer's headers
	err        error       // *APIError or *RequestError; nil on success
	retry      bool        // another attempt may succeed
	landed     bool        // Juspay may have acted on the request
	retryAfter string
}

// response is the Response of the call whose attempt n came to o; nil when
// o had no answer.
func (o *outcome) response(n int) *Response {
	if o.status == 0 {
		return nil
	}
	return &Response{StatusCode: o.status, Header: o.header, RequestID: requestID(o.header), Attempts: n}
}

// requestID is the request id of o's answer: the *APIError's (which
// falls back on error_info.request_id), else the headers'; "" without an
// answer.
func (o *outcome) requestID() string {
	var ae *APIError
	if errors.As(o.err, &ae) {
		return ae.RequestID
	}
	if o.header == nil {
		return ""
	}
	return requestID(o.header)
}

// notRetried records on an *APIError why it was not retried.
func notRetried(err error, why string) {
	if e, ok := err.(*APIError); ok {
		e.notRetried = why
	}
}

func setAttempts(err error, n int) {
	switch e := err.(type) {
	case *APIError:
		e.Attempts = n
	case *RequestError:
		e.Attempts = n
	}
}

// attempt sends r once: build, send, read, check, decode. An Observer
// sees it start and end, and its context carries the attempt on.
func (c *Client) attempt(ctx context.Context, r *request, v answer, n int) (o outcome) {
	start := time.Now()
	var observed *observedAttempt
	if c.obs.o != nil {
		ctx, observed = startAttempt(ctx, c.obs, r.call, r.method, r.template, n)
	}
	defer func() {
		if observed != nil {
			observed.end(ctx, o.status, o.requestID(), o.err)
		}
		c.log(ctx, slog.LevelDebug, "juspay request", r, n, o, slog.Duration("duration", time.Since(start)))
	}()
	attemptCtx := ctx
	if deadline, has := ctx.Deadline(); c.timeout > 0 && (!has || time.Until(deadline) > c.timeout) {
		var cancel context.CancelFunc
		attemptCtx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := c.newHTTPRequest(attemptCtx, r)
	if err != nil {
		return outcome{err: r.fail(0, c.scrub(r, err))}
	}
	if observed != nil {
		observed.inject(ctx, req.Header)
	}
	resp, err := c.send(req)
	if err != nil {
		err = c.timedOut(ctx, r, c.scrub(r, err))
		return outcome{
			err:    r.fail(0, err),
			retry:  ctx.Err() == nil && isTransient(err),
			landed: !isDialError(err) && !isRefusedStream(err),
		}
	}
	o = outcome{status: resp.StatusCode, header: resp.Header, landed: true}
	body, err := readBody(resp)
	ok := 200 <= o.status && o.status <= 299
	// A body that could not be read fails the attempt, but an error answer
	// over the cap is still an *APIError, from its first MiB.
	if err != nil && (ok || !errors.Is(err, ErrResponseTooLarge)) {
		o.err = r.fail(o.status, c.timedOut(ctx, r, c.scrub(r, err)))
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
	if v != nil {
		if err := r.decode(body, v); err != nil {
			o.err = r.fail(o.status, err)
		}
	}
	return o
}

// decode reads a 2xx body into v and checks that it is the object r asked
// for, about what r asked for.
func (r *request) decode(body []byte, v answer) error {
	if isNull(body) {
		return fmt.Errorf("%w: null", ErrUnexpectedResponse)
	}
	// Each value counted is at least one byte: a body no longer than the
	// budget (every customer answer) cannot exceed it, and is not scanned.
	if len(body) > maxValues && countValues(body, maxValues) > maxValues {
		return fmt.Errorf("%w: %w", ErrResponseTooLarge, errTooLong)
	}
	if err := v.UnmarshalJSON(body); err != nil {
		if errors.Is(err, errTooLong) {
			return fmt.Errorf("%w: %w", ErrResponseTooLarge, err)
		}
		return fmt.Errorf("%w: %w", ErrUnexpectedResponse, err)
	}
	if err := v.complete(); err != nil {
		return err
	}
	if err := r.want.check(v); err != nil {
		if r.method == http.MethodPost {
			return fmt.Errorf("%w; Juspay may have applied the request to it", err)
		}
		return err
	}
	return nil
}

// timedOut says which limit ended an attempt that timed out: the attempt's
// own (WithTimeout), or the caller's context.
func (c *Client) timedOut(ctx context.Context, r *request, err error) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if ctx.Err() == nil {
		return fmt.Errorf("%w (the attempt's timeout, WithTimeout %v)", err, c.timeout)
	}
	if deadline, ok := ctx.Deadline(); ok {
		return fmt.Errorf("%w (the context's deadline, %v after the call began)", err, deadline.Sub(r.started).Round(time.Millisecond))
	}
	return fmt.Errorf("%w (the context's)", err)
}

// url is the URL r goes to.
func (c *Client) url(r *request) string {
	if r.query == "" {
		return c.baseURL + r.path
	}
	return c.baseURL + r.path + "?" + r.query
}

// newHTTPRequest builds the HTTP request of one attempt.
func (c *Client) newHTTPRequest(ctx context.Context, r *request) (*http.Request, error) {
	u := c.url(r)
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
	if c.apiVersion != "" {
		h.Set("Version", c.apiVersion)
	}
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

// scrub keeps what the request holds out of a transport error's text: a
// caller's RoundTripper may print the request it refused. net/http's own
// *url.Error is dropped for its cause; any URL still in the text (a
// *url.Error a caller's RoundTripper wrapped deeper, or a URL, path or
// query it printed) becomes the path template, and the customer id or a
// query value, printed unescaped, becomes "{id}" or "…". The Authorization
// header (whole, its base64, or the key itself) becomes "[redacted]", the
// x-routing-id "{routing-id}", and the form body or any of its values
// "…". The cause stays reachable with errors.Is and errors.As.
func (c *Client) scrub(r *request, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && error(ue) == err && ue.Err != nil {
		err = ue.Err
	}
	type secret struct{ text, as string }
	var secrets []secret // whole URLs and headers first, then their parts
	forEachCause(err, func(e error) {
		if ue, ok := e.(*url.Error); ok {
			secrets = append(secrets, secret{ue.URL, r.template})
		}
	})
	auth := c.auth()
	encoded := strings.TrimPrefix(auth, "Basic ")
	key, _ := base64.StdEncoding.DecodeString(encoded)
	secrets = append(secrets, secret{c.url(r), r.template}, secret{auth, redacted}, secret{encoded, redacted},
		secret{strings.TrimSuffix(string(key), ":"), redacted}, secret{string(r.form), "…"},
		secret{r.path, r.template}, secret{r.query, "…"}, secret{r.id, "{id}"}, secret{r.routingID, "{routing-id}"})
	for _, v := range r.queryValues {
		secrets = append(secrets, secret{v, "…"})
	}
	if form, err := url.ParseQuery(string(r.form)); r.form != nil && err == nil {
		for _, vs := range form {
			for _, v := range vs {
				secrets = append(secrets, secret{v, "…"})
			}
		}
	}
	text := err.Error()
	clean := text
	for _, s := range secrets {
		// Too short a value would match inside other words; it is not the
		// text of an id either (a reference has at least 8 characters).
		if len(s.text) >= 4 && s.text != s.as {
			clean = strings.ReplaceAll(clean, strconv.Quote(s.text), strconv.Quote(s.as))
			clean = strings.ReplaceAll(clean, s.text, s.as)
		}
	}
	if clean == text {
		return err
	}
	return &scrubbed{text: clean, err: err}
}

// scrubbed is an error whose text had the request URL taken out.
type scrubbed struct {
	text string
	err  error
}

func (s *scrubbed) Error() string { return s.text }
func (s *scrubbed) Unwrap() error { return s.err }

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
	if id := o.requestID(); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	switch e := o.err.(type) {
	case *APIError:
		attrs = append(attrs, slog.String("error_code", e.ErrorCode))
		if code := e.code(); code != "" {
			attrs = append(attrs, slog.String("error_info_code", code))
		}
	case *RequestError:
		attrs = append(attrs, slog.String("error", clipTo(e.Err.Error(), maxCauseText)))
	}
	c.logger.LogAttrs(ctx, level, msg, attrs...)
}
