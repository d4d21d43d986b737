// Command juspay-mock serves the fake of Juspay's customer API that package
// juspaytest holds, as a standalone server, for tests written in any
// language. It is juspaytest itself, not a copy: the same handler, with
// control routes and a request log around it.
//
//	go install github.com/seed276dc779/juspay-go/cmd/juspay-mock@latest
//	juspay-mock [-addr 127.0.0.1:8080] [-api-key KEY] [-merchant-id ID]
//	            [-strict-routing-id] [-seed customers.json] [-tls]
//
// or, from a clone of the repository, go run ./cmd/juspay-mock [flags].
//
// # Flags
//
//	-addr HOST:PORT       where to listen (default 127.0.0.1:8080); port 0
//	                      picks a free port, and the first line tells which
//	-api-key KEY          the API key to accept (default: random per run)
//	-merchant-id ID       the x-merchantid to accept (default: random per run)
//	-strict-routing-id    refuse calls without x-routing-id (400)
//	-seed FILE            customers, with their cards and wallets, to start with
//	-tls                  serve HTTPS with a throwaway certificate
//
// # Output
//
// The first line on stdout is one JSON object, and nothing else is ever
// written to stdout:
//
//	{"url":"http://127.0.0.1:8080","api_key":"...","merchant_id":"merchant_..."}
//
// Point a Juspay client at url, with api_key as the Basic auth user name and
// merchant_id as x-merchantid. With -tls the url is https and the object
// also has "ca_cert": the path of a PEM file holding the CA that signed the
// server's certificate (for 127.0.0.1, ::1, localhost and the -addr host).
// Trust that file and nothing else changes. The CA and its key are made at
// start, the key is never written, and the file is removed at exit.
//
// Then stderr has one line when it listens, one per request (method, path
// without query, status, duration: never a header, so never the key), and
// two when it stops:
//
//	14:02:07.301118 listening on http://127.0.0.1:8080
//	14:02:07.318245 POST /customers 200 412µs
//	14:02:09.880121 stopping
//	14:02:09.880377 stopped
//
// A request whose connection a drop fault closed logs "dropped" as its
// status; one that ended without an answer (the client left during a delay
// fault, or the server stopped) "aborted".
//
// # What it serves
//
// Everything juspaytest serves (see its package documentation): create, get
// and update customer, list and delete cards, list wallets, with Juspay's
// field rules and error bodies. Every path under /__admin/ is a control
// route instead, behind the same Basic auth (the API key as user name,
// empty password); each answers JSON, and bad input is a 400 with
// {"error":"one line"}:
//
//	POST   /__admin/reset                    forget customers, cards, wallets, requests, faults
//	POST   /__admin/seed                     seed customers (the -seed format); answers them as stored
//	GET    /__admin/customers                {"customers":[...]}, in creation order
//	POST   /__admin/customers/{id}/cards     add cards to a customer (Juspay id or object_reference_id)
//	POST   /__admin/customers/{id}/wallets   add wallets to a customer
//	POST   /__admin/faults                   inject a fault on a route
//	DELETE /__admin/faults                   clear every fault not yet used up
//	GET    /__admin/clock                    {"now":"..."}: the server's time
//	POST   /__admin/clock                    {"now":"2025-01-02T10:00:00Z"} freezes it; {"advance":"15m"} moves it
//	GET    /__admin/requests                 {"requests":[...]}, oldest first, key redacted; ?route=POST%20/customers
//	DELETE /__admin/requests                 forget the recorded requests
//
// A fault is {"route": "POST /customers", "count": 1, "status": 503,
// "body": "...", "headers": {"Retry-After": "2"}, "delay": "1.5s", "drop":
// false, "after_store": false}: route is one of juspaytest's Route values
// ("POST /customers", "GET /customers/{id}", "POST /customers/{id}", "GET
// /cards", "POST /card/delete", "GET /customers/{id}/wallets"); count is a
// positive integer (default 1) or "always"; it needs a status, drop or a
// delay; the other keys are juspaytest.Fault's fields. Faults on one route
// take requests in the order injected.
//
// # Seed format
//
// A seed (the -seed file, or the body of POST /__admin/seed) is
// {"customers": [...]} or just the array. Each element is a customer as
// Juspay answers it, so Create Customer's sample answer pastes as is (keys
// such as "object" or "juspay" are ignored), plus two optional keys:
// "cards", an array of cards as in List Cards' "cards" (or that whole
// answer), and "wallets", an array of wallets as in List Wallets' "list" (or
// that whole answer):
//
//	{"customers": [{
//	  "id": "cst_pcxaymwoh9vbse97", "object_reference_id": "customer@gmail.com",
//	  "mobile_number": "9988776655", "email_address": "customer@gmail.com",
//	  "cards": [{"card_token": "tkn_1b6f", "card_number": "XXXX-XXXXXXXX-1449", "card_brand": "VISA"}],
//	  "wallets": [{"wallet": "MOBIKWIK", "linked": true, "current_balance": 100}]
//	}]}
//
// Only object_reference_id is required; an empty id, token or reference is
// made up, a missing date_created is now. The whole seed is parsed before
// anything is stored; then customers are stored in order, and a refused one
// (a duplicate id, say) stops there, the ones before it staying stored. The
// body of POST /__admin/customers/{id}/cards (or .../wallets) is the value
// of "cards" (or "wallets").
//
// # Exit status
//
// On SIGINT or SIGTERM it stops taking requests, ends delayed ones, waits up
// to 5 seconds for the others, removes the CA file, and exits 0. It exits 1,
// with one line on stderr, when it cannot start: the port is in use, the
// seed file cannot be read or is refused. It exits 2 on a bad flag.
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
