package juspay

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout is how long one attempt may take, from sending the request
// to reading the whole answer, unless WithTimeout says otherwise. The
// caller's context bounds the whole call, retries and waits included.
const DefaultTimeout = 15 * time.Second

// Option configures a Client in NewClient. Each With... function checks its
// argument; a bad one makes NewClient return an error.
type Option func(*config) error

type config struct {
	env        Environment
	baseURL    string
	httpClient *http.Client
	maxRetries int
	timeout    time.Duration
	backoff    backoffPolicy
	logger     *slog.Logger
	userAgent  string
	gateways   []Gateway
}

func defaultConfig() config {
	return config{
		env:        Sandbox,
		maxRetries: DefaultMaxRetries,
		timeout:    DefaultTimeout,
		backoff:    backoffPolicy{base: DefaultRetryBaseWait, max: DefaultRetryMaxWait},
	}
}

// WithEnvironment selects the Juspay deployment, e.g. Production. The
// default is Sandbox. WithBaseURL, if also given, wins.
func WithEnvironment(env Environment) Option {
	return func(c *config) error {
		if _, err := parseBaseURL(string(env)); err != nil {
			return err
		}
		c.env = env
		return nil
	}
}

// WithBaseURL sends every call to rawURL instead of the environment's host:
// a juspaytest server, a proxy, a recorder. It must be an absolute https://
// URL, or http:// to a loopback host (localhost, 127.0.0.0/8, ::1), with no
// user info, query or fragment; a path is kept as a prefix. The default is
// the environment's URL.
func WithBaseURL(rawURL string) Option {
	return func(c *config) error {
		if _, err := parseBaseURL(rawURL); err != nil {
			return err
		}
		c.baseURL = rawURL
		return nil
	}
}

func parseBaseURL(raw string) (*url.URL, error) {
	bad := func(why string) error { return fmt.Errorf("juspay: base URL %q: %s", raw, why) }
	if raw == "" {
		return nil, errors.New("juspay: base URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("juspay: base URL: %w", err)
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, bad("must be an absolute https:// URL")
	case u.Host == "" || u.Opaque != "":
		return nil, bad("has no host")
	case u.User != nil:
		return nil, errors.New("juspay: base URL must not hold user info") // it may be a secret: don't echo it
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, bad("must not have a query or fragment")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, bad("http:// is allowed only for loopback hosts; use https://")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithHTTPClient makes the client send through hc, used as given: the same
// pointer, so httpmock.ActivateNonDefault(hc) works before or after
// NewClient, and hc's Transport, Timeout and Jar apply. Redirects are still
// never followed, without changing hc. The default is a client of its own
// whose transport follows http.DefaultTransport (see the README).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("juspay: WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (0 to 10;
// 0 disables retries). The default is DefaultMaxRetries (2). Only failures
// before any answer and 408, 429, 500, 502, 503 and 504 answers are retried.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 || n > 10 {
			return fmt.Errorf("juspay: WithMaxRetries(%d): must be 0 to 10", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithRetryBackoff sets the backoff between retries: attempt n waits a random
// time up to min(max, base × 2^(n-1)). The defaults are DefaultRetryBaseWait
// (200ms) and DefaultRetryMaxWait (2s). base must be positive and max at
// least base. Retry-After answers are honoured regardless, up to MaxRetryAfter.
func WithRetryBackoff(base, max time.Duration) Option {
	return func(c *config) error {
		if base <= 0 || max < base {
			return fmt.Errorf("juspay: WithRetryBackoff(%v, %v): need 0 < base <= max", base, max)
		}
		c.backoff = backoffPolicy{base: base, max: max}
		return nil
	}
}

// WithTimeout sets how long one attempt may take; it must be positive. The
// default is DefaultTimeout (15s). The context given to each call bounds the
// whole call, retries included.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("juspay: WithTimeout(%v): must be positive", d)
		}
		c.timeout = d
		return nil
	}
}

// WithLogger logs each attempt at Debug (call, method, path template,
// status, attempt, duration, Juspay's error code) and each retry at Warn.
// Keys, tokens, e-mails, mobile numbers, ids and bodies are never logged.
// nil, the default, logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithUserAgent appends ua to the User-Agent header, after
// "juspay-go/<Version>"; useful to name your service in Juspay's logs. The
// default appends nothing. ua must not hold control characters.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.IndexFunc(ua, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			return errors.New("juspay: WithUserAgent: holds a control character")
		}
		c.userAgent = strings.TrimSpace(ua)
		return nil
	}
}

// WithRequiredFieldsFor makes CreateCustomer and GetOrCreateCustomer refuse
// locally, with a *ValidationError naming the field and the gateway, a
// request that lacks a field one of these gateways needs, per the table on
// Juspay's Create Customer page
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer).
// UpdateCustomer is not checked: an update never blanks a field. An unknown
// gateway makes NewClient fail. The default checks no gateway.
func WithRequiredFieldsFor(gateways ...Gateway) Option {
	return func(c *config) error {
		for _, g := range gateways {
			if !g.Known() {
				return fmt.Errorf("juspay: WithRequiredFieldsFor: unknown gateway %q (see juspay.Gateways())", string(g))
			}
		}
		c.gateways = append(c.gateways, gateways...)
		return nil
	}
}
