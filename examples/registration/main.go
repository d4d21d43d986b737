// Command registration serves a sign-up endpoint that creates the Juspay
// customer of each new user:
//
//	go run ./examples/registration
//	curl -i -d '{"user_id":"user-000042","mobile":"9988776655","country_code":"91","email":"customer@example.com"}' localhost:8080/signup
//
// With no environment it uses an in-process juspaytest server; with
// JUSPAY_API_KEY and JUSPAY_MERCHANT_ID set it calls Juspay's sandbox, or
// production with JUSPAY_ENV=production. The handler is in handler.go, and
// its tests show three ways to test such code.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := serve(ctx, "127.0.0.1:8080"); err != nil {
		slog.Error("registration: " + err.Error())
		stop()
		os.Exit(1)
	}
}

func serve(ctx context.Context, addr string) error {
	client, done, err := newClient(os.Getenv)
	if err != nil {
		return err
	}
	defer done()

	mux := http.NewServeMux()
	mux.Handle("/signup", &SignupHandler{Juspay: client})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()
	slog.Info("listening on http://" + addr + "/signup")
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newClient builds the client the environment asks for (as in
// examples/quickstart); done releases what it started.
func newClient(getenv func(string) string) (c *juspay.Client, done func(), err error) {
	key, merchant := getenv("JUSPAY_API_KEY"), getenv("JUSPAY_MERCHANT_ID")
	if key == "" && merchant == "" {
		s := juspaytest.NewServer()
		slog.Info("JUSPAY_API_KEY not set: using an in-process juspaytest server (offline)")
		return s.Client(), s.Close, nil
	}
	env := juspay.Sandbox
	switch getenv("JUSPAY_ENV") {
	case "", "sandbox":
	case "production":
		env = juspay.Production
	default:
		return nil, nil, errors.New(`JUSPAY_ENV must be "production", "sandbox" or unset`)
	}
	c, err = juspay.NewClient(key, merchant, juspay.WithEnvironment(env)) // refuses an empty key or merchant id
	if err != nil {
		return nil, nil, err
	}
	return c, c.CloseIdleConnections, nil
}
