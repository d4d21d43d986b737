// Command juspay-mock serves the fake of Juspay's customer API that package
// juspaytest holds, as a standalone server, for tests written in any
// language. It is juspaytest itself, not a copy: the same handler, served
// on one listener with control routes and a request log around it (package
// internal/mock); this command is its flags, signals and exit status.
//
//	go install github.com/seed276dc779/juspay-go/cmd/juspay-mock@latest
//	juspay-mock [-addr 127.0.0.1:8080] [-api-key KEY] [-merchant-id ID]
//	            [-strict-routing-id] [-seed customers.json]
//	            [-tls [-tls-host NAME]... [-ca-out FILE]]
//
// or, from a clone of the repository, go run ./cmd/juspay-mock [flags].
// The manual (control routes under /__admin/, the seed format, TLS, a
// docker compose recipe) is cmd/juspay-mock/README.md.
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
//	-tls                  serve HTTPS with a throwaway certificate
//	-tls-host NAME        with -tls, a DNS name or IP the certificate also
//	                      names (repeatable): a docker-compose service, say
//	-ca-out FILE          with -tls, write the CA's PEM to FILE, kept after exit
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
// On SIGINT or SIGTERM it stops taking requests, ends delayed ones, waits up
// to 5 seconds for the others, and exits 0. It exits 1, with one line on
// stderr, when it cannot start (the port is in use, the seed file cannot be
// read or is refused) or a signal stops it before it is ready; 2 on a bad
// flag.
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
	"syscall"

	"github.com/seed276dc779/juspay-go/internal/mock"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program: it returns the exit status. A signal ends it at any
// time, start-up (a slow seed file, say) included.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()

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
			return 1
		}
		m = st.m
	case <-ctx.Done():
		fmt.Fprintln(stderr, "juspay-mock: stopped while starting")
		return 1
	}
	first, _ := json.Marshal(m.Ready())
	if _, err := fmt.Fprintf(stdout, "%s\n", first); err != nil {
		m.Stop()
		fmt.Fprintln(stderr, "juspay-mock: writing the first line: "+mock.OneLine(err.Error()))
		return 1
	}
	m.Logf("listening on %s", m.Ready().URL)
	served := make(chan error, 1)
	go func() { served <- m.Serve() }()
	select {
	case err := <-served:
		m.Stop()
		fmt.Fprintln(stderr, "juspay-mock: "+mock.OneLine(err.Error()))
		return 1
	case <-ctx.Done():
	}
	stopSignals() // a second signal now ends the process at once
	m.Logf("stopping")
	m.Stop()
	m.Logf("stopped")
	return 0
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
	}
	if problem != "" {
		fmt.Fprintln(stderr, "juspay-mock: "+problem)
		fs.Usage()
		return cfg, errors.New(problem)
	}
	return cfg, nil
}
