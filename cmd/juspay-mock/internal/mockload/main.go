// Command mockload runs one of juspay-mock's load scenarios (issue 28)
// against the built program, on loopback, and prints the program's resident
// memory before, at the peak of, and after the scenario; or measures the
// requests a second of juspay-mock or stripe-mock with the same driver.
//
//	go build -o /tmp/juspay-mock ./cmd/juspay-mock
//	go run ./cmd/juspay-mock/internal/mockload -bin /tmp/juspay-mock -scenario stall -n 300
//	go run ./cmd/juspay-mock/internal/mockload -bin /tmp/juspay-mock -scenario headers -n 1200 -key -shape many
//	go run ./cmd/juspay-mock/internal/mockload -bin /tmp/juspay-mock -scenario rate -d 5s -c 16
//	go run ./cmd/juspay-mock/internal/mockload -stripe http://127.0.0.1:12111 -scenario rate -d 5s -c 16
//
// Scenarios: stall (n connections each one byte short of a 1 MiB body),
// idle (n kept-alive connections, counted open after -wait), headers (n
// requests of about 1 MB of headers, -shape one or many), customers,
// tokens (clock frozen), faults (n of each, with the key), rate.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/seed276dc779/juspay-go/cmd/juspay-mock/internal/load"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mockload:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("bin", "", "the juspay-mock `binary` to start")
	mockArgs := flag.String("args", "", "more flags for juspay-mock, space-separated")
	stripe := flag.String("stripe", "", "a running stripe-mock's `url`, for -scenario rate")
	scenario := flag.String("scenario", "", "stall, idle, headers, customers, tokens, faults or rate")
	n := flag.Int("n", 300, "how many connections or requests")
	conc := flag.Int("c", 8, "callers at once")
	withKey := flag.Bool("key", false, "send the API key (stall, headers)")
	shape := flag.String("shape", "one", "headers: one (one big header) or many (small ones)")
	size := flag.Int("size", 1_000_000, "headers: the `bytes` of headers of each request")
	wait := flag.Duration("wait", 45*time.Second, "idle: how long to wait before counting open connections")
	d := flag.Duration("d", 5*time.Second, "rate: how long to measure")
	timeout := flag.Duration("timeout", 5*time.Minute, "give up after this long")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	if *stripe != "" {
		r := load.MeasureRate(ctx, *conc, *d, http.StatusOK, func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, *stripe+"/v1/customers/cus_123", nil)
			if err == nil {
				req.Header.Set("Authorization", "Bearer sk_test_123")
			}
			return req, err
		})
		fmt.Printf("stripe-mock GET /v1/customers/{id}: %.0f req/s (%d in %v, %d failed, %d callers)\n",
			r.PerSecond(), r.Requests, r.Elapsed.Round(time.Millisecond), r.Failures, *conc)
		return nil
	}
	if *bin == "" {
		return fmt.Errorf("-bin or -stripe is needed")
	}
	m, err := load.Spawn(*bin, io.Discard, strings.Fields(*mockArgs)...)
	if err != nil {
		return err
	}
	defer m.Stop()
	if *scenario == "rate" {
		if _, err := load.Run(ctx, m.Target, 1, 1, func(int) load.Call { return load.CreateCall(0) }); err != nil {
			return err
		}
		r := load.MeasureRate(ctx, *conc, *d, http.StatusOK, m.Get("load-0000000"))
		fmt.Printf("juspay-mock GET /customers/{id}: %.0f req/s (%d in %v, %d failed, %d callers)\n",
			r.PerSecond(), r.Requests, r.Elapsed.Round(time.Millisecond), r.Failures, *conc)
		return nil
	}

	idle, err := load.RSS(m.PID())
	if err != nil {
		return err
	}
	stop := load.PeakRSS(m.PID(), 10*time.Millisecond)
	start := time.Now()
	var report string
	switch *scenario {
	case "stall":
		conns, out, err := load.StallBodies(ctx, m.Target, *n, *withKey)
		defer load.CloseAll(conns)
		if err != nil {
			return err
		}
		load.Settle(ctx, 2*time.Second)
		report = fmt.Sprintf("%d connections, outcomes %v, %d still open after 2s", len(conns), out, load.StillOpen(conns))
	case "idle":
		conns, err := load.IdleConns(ctx, m.Target, *n)
		defer load.CloseAll(conns)
		if err != nil {
			return err
		}
		load.Settle(ctx, *wait)
		report = fmt.Sprintf("%d connections, %d still open after %v", len(conns), load.StillOpen(conns), *wait)
	case "headers":
		sh := load.OneBigHeader
		if *shape == "many" {
			sh = load.ManySmallHeaders
		}
		out, err := load.BigHeaders(ctx, m.Target, *n, *conc, *withKey, sh, *size)
		if err != nil {
			return err
		}
		report = fmt.Sprintf("%d requests of %d bytes of %v, key %v: %v", *n, *size, sh, *withKey, out)
	case "customers", "tokens", "faults":
		call := map[string]func(int) load.Call{"customers": load.CreateCall, "tokens": load.TokenCall, "faults": load.FaultCall}[*scenario]
		if *scenario == "tokens" {
			if err := load.FreezeClock(ctx, m.Target); err != nil {
				return err
			}
		}
		out, err := load.Run(ctx, m.Target, *n, *conc, call)
		if err != nil {
			return err
		}
		report = fmt.Sprintf("%d %s: %v", *n, *scenario, out)
	default:
		return fmt.Errorf("unknown -scenario %q", *scenario)
	}
	took := time.Since(start)
	peak := stop()
	now, _ := load.RSS(m.PID())
	load.Settle(ctx, 5*time.Second)
	later, _ := load.RSS(m.PID())
	fmt.Printf("%s\n  took %v; RSS idle %s, peak %s (+%s), at the end %s (+%s), 5s later %s (+%s)\n", report, took.Round(time.Millisecond),
		load.MiBs(idle), load.MiBs(peak), load.MiBs(peak-idle), load.MiBs(now), load.MiBs(now-idle), load.MiBs(later), load.MiBs(later-idle))
	return nil
}
