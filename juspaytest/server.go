package juspaytest

import (
	"crypto/rand"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// Server is a fake Juspay customer API listening on a loopback address. Start
// one with NewServer and stop it with Close. Its methods are safe for
// concurrent use. Printing a Server (any fmt verb, or slog) never shows the
// API key.
type Server struct {
	// URL is the base URL of the server, of the form http://127.0.0.1:port,
	// with no trailing slash. Pass it to juspay.WithBaseURL.
	URL string
	// APIKey is the API key the server accepts as the Basic auth user name.
	// By default it is 32 random upper-case hexadecimal characters, new for
	// every server; WithCredentials fixes it. Changing the field after
	// NewServer has no effect on the server.
	APIKey string
	// MerchantID is the value the server expects in the x-merchantid header.
	// By default it is "merchant_" followed by 8 random lower-case
	// alphanumerics, new for every server; WithCredentials fixes it. Changing
	// the field after NewServer has no effect on the server.
	MerchantID string

	st *state
}

// state is everything a Server holds besides its exported fields. It sits
// behind a pointer so that a Server value can be printed (redacted) and the
// mutex is never copied.
type state struct {
	ts         *httptest.Server
	apiKey     string
	merchantID string
	strict     bool
	closed     chan struct{}
	closeOnce  sync.Once
	newConns   atomic.Int64

	mu        sync.Mutex
	clock     clock
	customers []*Customer          // in creation order
	byID      map[string]*Customer // Juspay id -> customer
	byRef     map[string]*Customer // object_reference_id -> customer
	tokens    map[string]time.Time // client auth token -> its expiry
	requests  []Request
	faults    map[Route][]*queuedFault
}

// Option configures a Server; pass options to NewServer.
type Option func(*config)

type config struct {
	apiKey, merchantID string
	strict             bool
	now                func() time.Time
}

// WithCredentials fixes the API key and merchant id the server accepts. The
// default is a random pair, new for every server (see Server.APIKey and
// Server.MerchantID); an empty argument keeps the default for that value.
func WithCredentials(apiKey, merchantID string) Option {
	return func(c *config) {
		if apiKey != "" {
			c.apiKey = apiKey
		}
		if merchantID != "" {
			c.merchantID = merchantID
		}
	}
}

// WithStrictRoutingID makes the server refuse, with a 400, any request that
// has no x-routing-id header. By default a missing header is accepted, as
// Juspay answers its own Node SDK, which never sends one.
func WithStrictRoutingID() Option {
	return func(c *config) { c.strict = true }
}

// WithClock sets the function the server reads the time from (for
// date_created, last_updated and token expiry). The default is time.Now; nil
// keeps the default. Server.SetNow and Server.Advance still work on top of it.
// The server calls now with its lock held: now must not call the Server's
// methods.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// NewServer starts a fake Juspay server on a loopback address and returns it.
// Call Close when done, typically with t.Cleanup(s.Close). Like
// httptest.NewServer, it panics if it cannot listen.
func NewServer(opts ...Option) *Server {
	cfg := config{now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.apiKey == "" {
		cfg.apiKey = randomString(hexUpper, 32)
	}
	if cfg.merchantID == "" {
		cfg.merchantID = "merchant_" + randomString(lowerAlnum, 8)
	}
	st := &state{
		apiKey:     cfg.apiKey,
		merchantID: cfg.merchantID,
		strict:     cfg.strict,
		closed:     make(chan struct{}),
		clock:      clock{base: cfg.now},
		byID:       map[string]*Customer{},
		byRef:      map[string]*Customer{},
		tokens:     map[string]time.Time{},
		faults:     map[Route][]*queuedFault{},
	}
	st.ts = httptest.NewUnstartedServer(http.HandlerFunc(st.serveHTTP))
	st.ts.Config.ConnState = func(_ net.Conn, cs http.ConnState) {
		if cs == http.StateNew {
			st.newConns.Add(1)
		}
	}
	st.ts.Start()
	return &Server{URL: st.ts.URL, APIKey: cfg.apiKey, MerchantID: cfg.merchantID, st: st}
}

// Close stops the server. Requests held by a Delay fault end at once; Close
// then waits, as httptest.Server.Close does, for requests in flight to finish.
// Calling Close more than once is safe.
func (s *Server) Close() {
	s.st.closeOnce.Do(func() {
		close(s.st.closed)
		s.st.ts.Close()
	})
}

// Client returns a juspay.Client wired to the server: its API key, merchant
// id and URL (through juspay.WithBaseURL, given first so opts may add to it).
// It panics if juspay.NewClient refuses opts: the other inputs are the
// server's own, so an error there is a programming error in the caller's
// options, as httptest panics on its own failures.
func (s *Server) Client(opts ...juspay.Option) *juspay.Client {
	all := append([]juspay.Option{juspay.WithBaseURL(s.URL)}, opts...)
	c, err := juspay.NewClient(s.APIKey, s.MerchantID, all...)
	if err != nil {
		panic("juspaytest: Server.Client: " + err.Error())
	}
	return c
}

// NewConnections returns how many TCP connections clients have opened to the
// server so far. A client that reuses its connections keeps it low; it is
// useful in tests of connection churn.
func (s *Server) NewConnections() int64 { return s.st.newConns.Load() }

// String describes the server by its URL and merchant id; the API key is
// never shown.
func (s Server) String() string {
	return fmt.Sprintf("juspaytest.Server{URL:%q, MerchantID:%q, APIKey:%q}", s.URL, s.MerchantID, redacted)
}

// GoString is String, so %#v shows no API key either.
func (s Server) GoString() string { return s.String() }

// Format writes String for every verb, so neither %v nor %+v nor %#v nor %s
// shows the API key.
func (s Server) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, s.String()) }

// LogValue makes slog log the server without its API key.
func (s Server) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("url", s.URL),
		slog.String("merchant_id", s.MerchantID),
		slog.String("api_key", redacted),
	)
}

// redacted stands in for a secret wherever a Server or a Request is shown.
const redacted = "[redacted]"

const (
	hexUpper   = "0123456789ABCDEF"
	hexLower   = "0123456789abcdef"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// randomString returns n characters drawn uniformly from alphabet (at most
// 256 characters long) with crypto/rand.
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet) // reject bytes above it: no modulo bias
	out := make([]byte, 0, n)
	buf := make([]byte, n+8)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("juspaytest: crypto/rand: " + err.Error())
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}
