// Command registration serves the two calls a merchant backend makes to
// Juspay's customer API over a user's life: sign-up creates the user's
// Juspay customer, and closing the account deletes every card the user
// saved (Juspay has no call that deletes a customer).
//
//	go run ./examples/registration
//	curl -i -d '{"user_id":"user-000042","mobile":"9988776655","country_code":"91","email":"customer@example.com"}' localhost:8080/signup
//	curl -i -d '{"user_id":"user-000042"}' localhost:8080/close-account
//
// Routes: POST /signup (SignupHandler, in handler.go) answers 201
// {"juspay_customer_id": ...}; POST /close-account (CloseAccountHandler,
// in closeaccount.go) answers 200 {"deleted_cards": n}. Errors are JSON
// {"error": ...} that never echo personal data or Juspay's text; 503 comes
// with Retry-After. Offline nobody has saved cards (cards are saved at
// Juspay's checkout, not through this API), so close-account answers
// {"deleted_cards":0}; the tests seed cards into juspaytest.
//
// It listens on -addr, else on :$PORT when PORT is set (all interfaces, as
// platforms that set PORT, such as Cloud Run or Heroku, expect), else on
// 127.0.0.1:8080:
//
//	go run ./examples/registration -addr 127.0.0.1:9090
//	PORT=9090 go run ./examples/registration
//
// It reads JUSPAY_* as examples/quickstart does (package
// examples/internal/juspayenv): with neither JUSPAY_API_KEY nor
// JUSPAY_MERCHANT_ID it uses an in-process juspaytest server (offline, and
// forgotten at exit); with both it calls Juspay's sandbox, or production
// with JUSPAY_ENV=production, or JUSPAY_BASE_URL. Its first line on stderr
// says which, and never shows the key. It stops on Ctrl-C or SIGTERM,
// letting requests in flight finish.
//
// The handlers' tests show three ways to test such code: a fake of the
// handler's small interface, httpmock, and juspaytest.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/seed276dc779/juspay-go/examples/internal/juspayenv"
)

func main() {
	addr := flag.String("addr", "", "`address` to listen on (default 127.0.0.1:8080, or :$PORT when PORT is set)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "registration: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "registration:", err)
		stop()
		os.Exit(1)
	}
}

// run is main without the process: it serves until ctx ends. Tests call it
// with their own address, environment and stderr.
func run(ctx context.Context, flagAddr string, getenv func(string) string, stderr io.Writer) error {
	addr, err := listenAddr(flagAddr, getenv)
	if err != nil {
		return err
	}
	client, done, err := juspayenv.NewClient(getenv, stderr) // says on stderr where the calls go
	if err != nil {
		return err
	}
	defer done()

	log := slog.New(slog.NewTextHandler(stderr, nil))
	mux := http.NewServeMux()
	mux.Handle("/signup", &SignupHandler{Juspay: client, Log: log})
	mux.Handle("/close-account", &CloseAccountHandler{Juspay: client, Log: log})

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "listening on http://%s: POST /signup, POST /close-account\n", ln.Addr())
	return serve(ctx, ln, mux)
}

// listenAddr is the -addr flag when given, else ":$PORT" when PORT is set,
// else 127.0.0.1:8080.
func listenAddr(flagAddr string, getenv func(string) string) (string, error) {
	if flagAddr != "" {
		return flagAddr, nil
	}
	port := getenv("PORT")
	if port == "" {
		return "127.0.0.1:8080", nil
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("PORT must be a port number, 0 to 65535, not %q", port)
	}
	return ":" + port, nil
}

// serve serves h on ln until ctx ends, then shuts down, giving requests in
// flight up to 15s to finish.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		stopped <- srv.Shutdown(shutdownCtx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-stopped
}
