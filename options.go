package juspay

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environment is the base URL of a Juspay deployment. The default is
// Sandbox. The hosts are those of Juspay's API pages, e.g.
// https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer,
// and of its official SDKs.
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

// DefaultTimeout is how long one attempt may take, from sending the request
// to reading the whole answer, unless WithTimeout says otherwise. The
// caller's context bounds the whole call, retries and waits included.
const DefaultTimeout = 15 * time.Second

// Option configures a Client in NewClient. Each With... function checks its
// argument; a bad one makes NewClient return an error.
type Option func(*config) error

// config is what the options set; NewClient reads it once.
type config struct {
	envURL     string // the environment's base URL, checked
	baseURL    string // WithBaseURL's, checked; wins over envURL
	httpClient *http.Client
	maxRetries int
	timeout    time.Duration
	backoff    backoff
	logger     *slog.Logger
	userAgent  string
	apiVersion string
	gateways   []Gateway
	observer   Observer
}

func defaultConfig() config {
	return config{
		envURL:     string(Sandbox),
		maxRetries: DefaultMaxRetries,
		timeout:    DefaultTimeout,
		backoff:    backoff{base: DefaultRetryBaseWait, max: DefaultRetryMaxWait},
	}
}

// WithEnvironment selects the Juspay deployment, e.g. Production. The
// default is Sandbox. WithBaseURL, if also given, wins.
func WithEnvironment(env Environment) Option {
	return func(c *config) (err error) {
		c.envURL, err = parseBaseURL(string(env))
		return err
	}
}

// WithBaseURL sends every call to rawURL instead of the environment's host:
// a juspaytest server, a proxy, a recorder. It must be an absolute https://
// URL, or http:// to a loopback host (localhost, 127.0.0.0/8, ::1), with no
// user info, query or fragment; a path is kept as a prefix. The default is
// the environment's URL.
func WithBaseURL(rawURL string) Option {
	return func(c *config) (err error) {
		c.baseURL, err = parseBaseURL(rawURL)
		return err
	}
}

// parseBaseURL checks a base URL and returns it without a trailing slash.
// Its errors name at most the scheme and host: the rest may hold a secret.
func parseBaseURL(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("juspay: base URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("juspay: base URL is not a valid URL")
	}
	bad := func(why string) error {
		if u.Scheme == "" || u.Host == "" {
			return errors.New("juspay: base URL " + why)
		}
		return fmt.Errorf("juspay: base URL %s://%s %s", u.Scheme, u.Host, why)
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return "", bad("must be an absolute https:// URL")
	case u.Host == "" || u.Opaque != "":
		return "", bad("has no host")
	case u.User != nil:
		return "", bad("must not hold user info")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", bad("must not have a query or fragment")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return "", bad("may use http:// only for a loopback host; use https://")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u.String(), nil
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

// WithRetryBackoff sets the backoff between retries: after attempt n the
// client waits a random time up to min(max, base × 2^(n-1)). The defaults
// are DefaultRetryBaseWait (200ms) and DefaultRetryMaxWait (2s). base must
// be positive, max at least base and at most 5 minutes. An answer's
// Retry-After is a floor on the wait, honoured up to MaxRetryAfter.
func WithRetryBackoff(base, max time.Duration) Option {
	return func(c *config) error {
		if base <= 0 || max < base || max > maxRetryWait {
			return fmt.Errorf("juspay: WithRetryBackoff(%v, %v): need 0 < base <= max <= %v", base, max, maxRetryWait)
		}
		c.backoff = backoff{base: base, max: max}
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

// WithAPIVersion sends Juspay's "version" header, e.g. "2023-06-30", on
// every call, as Juspay's own SDKs do (Node sends "2019-05-07", PHP
// "2016-10-27"). It fixes the answer format of the calls that are
// versioned; some, such as listing mandates with Do, require it. The
// default sends none, and Juspay answers in its default version. version
// must not be empty nor hold control characters or spaces.
func WithAPIVersion(version string) Option {
	return func(c *config) error {
		if version == "" || strings.IndexFunc(version, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
			return errors.New("juspay: WithAPIVersion: must be a non-empty version without spaces or control characters")
		}
		c.apiVersion = version
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

// WithObserver makes the client tell o of every call and every HTTP
// attempt (see Observer): what an instrumentation (traces, metrics) needs,
// and never an id or a value. The default is none, which costs nothing.
// juspayotel.Instrument() is this option for OpenTelemetry; a nil o is an
// error.
func WithObserver(o Observer) Option {
	return func(c *config) error {
		if o == nil {
			return errors.New("juspay: WithObserver: nil Observer")
		}
		c.observer = o
		return nil
	}
}

// hostPort is the host and port of a checked base URL, the port being the
// scheme's when the URL names none.
func hostPort(baseURL string) (string, int) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", 0
	}
	if p, err := strconv.Atoi(u.Port()); err == nil {
		return u.Hostname(), p
	}
	if u.Scheme == "http" {
		return u.Hostname(), 80
	}
	return u.Hostname(), 443
}
