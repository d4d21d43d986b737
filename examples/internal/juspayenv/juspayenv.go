// Package juspayenv builds the juspay.Client of the example programs from
// their environment, so that every example reads it the same way:
//
//	JUSPAY_API_KEY, JUSPAY_MERCHANT_ID  both set: call Juspay; neither: run offline
//	JUSPAY_ENV                          "sandbox" (the default) or "production"
//	JUSPAY_BASE_URL                     send the calls there instead: a fake, a proxy
//
// With neither credential, NewClient starts an in-process juspaytest server
// and says so in one line: the program runs with no account and no
// network, and forgets what it did when it exits. JUSPAY_ENV and
// JUSPAY_BASE_URL then refuse to start, since they would be ignored.
// Otherwise it says in one line which base URL the calls go to, and for
// which merchant; it never prints the API key, nor a value it refuses
// (a key pasted into the wrong variable must not end up in a log).
package juspayenv

import (
	"errors"
	"fmt"
	"io"
	"net/url"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// Offline is the line NewClient writes when it starts the in-process fake.
const Offline = "JUSPAY_API_KEY not set: using an in-process juspaytest server (offline)"

// NewClient returns the client the environment asks for, read through
// getenv (os.Getenv in a program), with opts added to its options. It
// writes one line to w: Offline, or "calling <scheme://host> as merchant
// <id>" (a base URL's path is left out: a proxy's may hold a secret).
// done releases what it started (the fake server, idle connections); call
// it when the client is no longer used. On error nothing was started and
// nothing was written.
func NewClient(getenv func(string) string, w io.Writer, opts ...juspay.Option) (c *juspay.Client, done func(), err error) {
	key, merchant := getenv("JUSPAY_API_KEY"), getenv("JUSPAY_MERCHANT_ID")
	envName, baseURL := getenv("JUSPAY_ENV"), getenv("JUSPAY_BASE_URL")

	env := juspay.Sandbox
	switch envName {
	case "", "sandbox":
	case "production":
		env = juspay.Production
	default: // the value is not echoed: it might be a key pasted in the wrong place
		return nil, nil, errors.New(`JUSPAY_ENV must be "production", "sandbox" or unset`)
	}

	switch {
	case key == "" && merchant == "":
		if envName != "" || baseURL != "" {
			return nil, nil, errors.New("JUSPAY_ENV and JUSPAY_BASE_URL need JUSPAY_API_KEY and JUSPAY_MERCHANT_ID")
		}
		s := juspaytest.NewServer()
		fmt.Fprintln(w, Offline)
		return s.Client(opts...), s.Close, nil
	case key == "":
		return nil, nil, errors.New("JUSPAY_MERCHANT_ID is set but JUSPAY_API_KEY is not: set both to call Juspay, or neither to run offline")
	case merchant == "":
		return nil, nil, errors.New("JUSPAY_API_KEY is set but JUSPAY_MERCHANT_ID is not: set both to call Juspay, or neither to run offline")
	}

	where := string(env)
	all := []juspay.Option{juspay.WithEnvironment(env)}
	if baseURL != "" {
		all = append(all, juspay.WithBaseURL(baseURL))
		if u, err := url.Parse(baseURL); err == nil {
			where = u.Scheme + "://" + u.Host // a proxy's path may hold a secret
		}
	}
	c, err = juspay.NewClient(key, merchant, append(all, opts...)...) // refuses a control character in either
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(w, "calling %s as merchant %s\n", where, merchant)
	return c, c.CloseIdleConnections, nil
}
