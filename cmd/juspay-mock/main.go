// Command juspay-mock serves the fake of Juspay's customer API that package
// juspaytest holds, as a standalone server, for tests written in any
// language. It is juspaytest itself, not a copy: the same handler, served
// on one listener with control routes and a request log around it (package
// internal/mock); this command is its flags, signals and exit status.
//
//	go install github.com/seed276dc779/juspay-go/cmd/juspay-mock@latest
//	juspay-mock [-addr 127.0.0.1:8080] [-api-key KEY] [-merchant-id ID]
//	            [-strict-routing-id] [-seed customers.json] [-fresh-card-tokens]
//	            [-tls [-tls-host NAME]... [-ca-out FILE]] [-tls-cert FILE -tls-key FILE]
//	            [bounds: -read-header-timeout, -read-timeout, -idle-timeout,
//	             -max-conns, -max-header-bytes, -max-customers, ...]
//
// or, from a clone of the repository, go run ./cmd/juspay-mock [flags].
// The manual (control routes under /__admin/, the seed format, TLS, a
// docker compose recipe, Node and Python tests, the limits) is
// cmd/juspay-mock/README.md.
//
// # Flags
//
//	-addr HOST:PORT       where to listen (default 127.0.0.1:8080); port 0
//	                      picks a free port, and the first line tells which
//	-api-key KEY          the API key to accept (default: random per run)
//	-merchant-id ID       the x-merchantid to accept (default: random per run)
//	-strict-routing-id    refuse calls without x-routing-id (400)
//	-seed FILE            customers, with their cards and wallets, to start
//	                      with: a regular file of at most 1 MiB
//	-fresh-card-tokens    every List Cards issues new card tokens
//	-tls                  serve HTTPS with a throwaway certificate
//	-tls-host NAME        with -tls, a DNS name or IP the certificate also
//	                      names (repeatable): a docker-compose service, say
//	-ca-out FILE          with -tls, write the CA's PEM to FILE, kept after exit
//	-tls-cert FILE        serve HTTPS with this certificate (PEM), one the
//	-tls-key FILE         caller made and trusts, and its key
//
// and its bounds, each with a default: -read-header-timeout (10s),
// -read-timeout (30s, for a body), -idle-timeout (30s), -max-conns (128;
// more wait), -max-header-bytes (32768; more is a 431), -max-customers
// (100000), -max-cards-per-customer and -max-wallets-per-customer (1000),
// -max-live-tokens (100000; the oldest goes first), -max-pending-faults
// (10000). Over a cap of the state, a create, seed or fault is a 507 in
// Juspay's error shape naming the flag. It sets a soft memory limit of
// 56 MiB unless GOMEMLIMIT is set.
//
// # Output
//
// The first line on stdout is one JSON object, and nothing else is ever
// written to stdout:
//
//	{"url":"http://127.0.0.1:8080","api_key":"...","merchant_id":"merchant_..."}
//
// With -tls the url is https and the object also has "ca_cert": the path of
// a PEM file holding the CA that signed the server's certificate (for
// 127.0.0.1, ::1, localhost, the -addr host and each -tls-host): the
// -ca-out file, or a temporary one removed at exit. Then stderr has one
// line when it listens, one per request (the route's method and path
// template, status, duration: never the path, which holds ids, nor a
// header, so never the key), and two when it stops:
//
//	14:02:07.301118 listening on http://127.0.0.1:8080
//	14:02:07.318245 GET /customers/{id} 200 412µs
//	14:02:09.880121 stopping
//	14:02:09.880377 stopped
//
// # Exit status
//
// On SIGINT, SIGTERM or SIGHUP once its first line is out, it stops taking
// requests, ends delayed ones, waits up to 5 seconds for the others (a
// second signal ends the wait), removes its temporary CA file, and exits 0.
// A signal before the first line ends it by that signal, after removing
// what it made: the status a signal gives any program, whenever it comes.
// It exits 1, with one line on stderr, when it cannot start (the port is in
// use, a seed or certificate file cannot be read or is refused) or cannot
// write its first line, and silently when stderr's reader has gone: a
// broken pipe never kills it. It exits 2 on a bad flag.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/seed276dc779/juspay-go/internal/mock"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// memoryLimit is the soft limit on the Go runtime's memory the program sets
// unless GOMEMLIMIT does: the garbage collector works harder near it, so
// that the capped state, the recorded requests and the connections it
// serves stay well under 64 MiB above its idle size.
const memoryLimit = 56 << 20

func main() {
	// First, so that a signal is the program's to handle from here on.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// A write to a closed stdout or stderr returns an error (EPIPE) instead
	// of killing the program with SIGPIPE, so it stops cleanly.
	signal.Ignore(syscall.SIGPIPE)
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
	status, killedBy := run(os.Args[1:], os.Stdout, os.Stderr, sigs)
	if killedBy != nil {
		signal.Reset(killedBy)
		dieBy(killedBy)
	}
	os.Exit(status)
}

// run is the program: it returns the exit status, or the signal that
// stopped it before it was ready, to end by as a program without a handler
// would (as one does that gets the signal before its first instruction).
func run(args []string, stdout, stderr io.Writer, sigs <-chan os.Signal) (status int, killedBy os.Signal) {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0, nil
	}
	if err != nil {
		return 2, nil
	}
	type started struct {
		m   *mock.Mock
		err error
	}
	ready := make(chan started, 1)
	go func() {
		m, err := mock.Start(cfg, stderr)
		ready <- started{m, err}
	}()
	var m *mock.Mock
	select {
	case st := <-ready:
		if st.err != nil {
			fmt.Fprintln(stderr, "juspay-mock: "+mock.OneLine(st.err.Error()))
			return 1, nil
		}
		m = st.m
	case sig := <-sigs:
		// Let start-up finish (it reads regular files only, so it ends) and
		// undo it: its temporary CA file goes.
		if st := <-ready; st.m != nil {
			st.m.Stop(context.Background())
		}
		return 1, sig
	}
	first, _ := json.Marshal(m.Ready())
	if _, err := fmt.Fprintf(stdout, "%s\n", first); err != nil {
		m.Stop(context.Background())
		fmt.Fprintln(stderr, "juspay-mock: writing the first line: "+mock.OneLine(err.Error()))
		return 1, nil
	}
	m.Logf("listening on %s", m.Ready().URL)
	served := make(chan error, 1)
	go func() { served <- m.Serve() }()
	select {
	case err := <-served:
		m.Stop(context.Background())
		fmt.Fprintln(stderr, "juspay-mock: "+mock.OneLine(err.Error()))
		return 1, nil
	case <-m.LogBroken(): // stderr's reader is gone: so is whoever would stop it
		m.Stop(context.Background())
		return 1, nil
	case <-sigs:
	}
	m.Logf("stopping")
	// A second signal ends the wait for requests in flight; the clean-up
	// still runs.
	hurry, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-stopped:
		}
	}()
	m.Stop(hurry)
	close(stopped)
	cancel()
	m.Logf("stopped")
	return 0, nil
}

func parseFlags(args []string, stderr io.Writer) (mock.Config, error) {
	var cfg mock.Config
	fs := flag.NewFlagSet("juspay-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; port 0 picks a free one")
	fs.StringVar(&cfg.APIKey, "api-key", "", "the API `key` to accept (default: random per run)")
	fs.StringVar(&cfg.MerchantID, "merchant-id", "", "the merchant `id` to accept in x-merchantid (default: random per run)")
	fs.BoolVar(&cfg.StrictRoutingID, "strict-routing-id", false, "refuse calls without x-routing-id")
	fs.StringVar(&cfg.SeedFile, "seed", "", "JSON `file` of customers, with their cards and wallets, to start with (at most 1 MiB)")
	fs.BoolVar(&cfg.TLS, "tls", false, "serve HTTPS with a throwaway certificate; the first line gives the CA file")
	fs.Func("tls-host", "with -tls, a DNS `name` or IP the certificate also names (repeatable), e.g. a docker-compose service", func(h string) error {
		cfg.TLSHosts = append(cfg.TLSHosts, h)
		return nil
	})
	fs.StringVar(&cfg.CAOut, "ca-out", "", "with -tls, write the CA's PEM to `file` too, and keep it after exit")
	fs.StringVar(&cfg.TLSCert, "tls-cert", "", "serve HTTPS with the certificate (chain) in this PEM `file`, one you made and trust; needs -tls-key")
	fs.StringVar(&cfg.TLSKey, "tls-key", "", "the private key of -tls-cert, a PEM `file`")
	fs.DurationVar(&cfg.ReadHeaderTimeout, "read-header-timeout", mock.DefaultReadHeaderTimeout, "a request's header must arrive within this `duration`")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", mock.DefaultReadTimeout, "a request's body must arrive within this `duration` once its header has")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", mock.DefaultIdleTimeout, "close a kept-alive connection after this `duration` without a request")
	fs.IntVar(&cfg.MaxConns, "max-conns", mock.DefaultMaxConns, "connections open at once; more `wait` until one closes, idle ones being closed to make room")
	fs.IntVar(&cfg.MaxHeaderBytes, "max-header-bytes", mock.DefaultMaxHeaderBytes, "answer 431 to a request whose header block is larger than this many `bytes`")
	fs.BoolVar(&cfg.FreshCardTokens, "fresh-card-tokens", false, "every List Cards issues new card tokens, as Juspay may; earlier ones stay valid for 15 minutes")
	fs.IntVar(&cfg.Limits.Customers, "max-customers", juspaytest.DefaultMaxCustomers, "customers held at most; a create over it answers 507")
	fs.IntVar(&cfg.Limits.CardsPerCustomer, "max-cards-per-customer", juspaytest.DefaultMaxCardsPerCustomer, "saved cards of one customer at most")
	fs.IntVar(&cfg.Limits.WalletsPerCustomer, "max-wallets-per-customer", juspaytest.DefaultMaxWalletsPerCustomer, "wallets of one customer at most")
	fs.IntVar(&cfg.Limits.LiveTokens, "max-live-tokens", juspaytest.DefaultMaxLiveTokens, "tokens held at most (client auth tokens, fresh card tokens); the oldest is dropped first, clock frozen or not")
	fs.IntVar(&cfg.Limits.PendingFaults, "max-pending-faults", juspaytest.DefaultMaxPendingFaults, "faults not yet used up at most; one more answers 507")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: juspay-mock [flags]\n\nServes a fake of Juspay's customer API; see go doc github.com/seed276dc779/juspay-go/cmd/juspay-mock.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	var problem string
	switch {
	case fs.NArg() > 0:
		problem = fmt.Sprintf("unexpected argument %q", fs.Arg(0))
	case !cfg.TLS && (len(cfg.TLSHosts) > 0 || cfg.CAOut != ""):
		problem = "-tls-host and -ca-out need -tls"
	case (cfg.TLSCert == "") != (cfg.TLSKey == ""):
		problem = "-tls-cert and -tls-key go together"
	case cfg.TLS && cfg.TLSCert != "":
		problem = "-tls makes a throwaway certificate, -tls-cert serves yours: give one or the other"
	case cfg.ReadHeaderTimeout <= 0 || cfg.ReadTimeout <= 0 || cfg.IdleTimeout <= 0:
		problem = "-read-header-timeout, -read-timeout and -idle-timeout must be more than 0"
	case cfg.MaxConns <= 0 || cfg.MaxHeaderBytes <= 0:
		problem = "-max-conns and -max-header-bytes must be more than 0"
	case min(cfg.Limits.Customers, cfg.Limits.CardsPerCustomer, cfg.Limits.WalletsPerCustomer, cfg.Limits.LiveTokens, cfg.Limits.PendingFaults) <= 0:
		problem = "-max-customers, -max-cards-per-customer, -max-wallets-per-customer, -max-live-tokens and -max-pending-faults must be more than 0"
	}
	if problem != "" {
		fmt.Fprintln(stderr, "juspay-mock: "+problem)
		fs.Usage()
		return cfg, errors.New(problem)
	}
	return cfg, nil
}
