package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/examples/internal/juspayenv"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

var (
	idLine   = regexp.MustCompile(`(?m)^customer id: (cst|cth)_[A-Za-z0-9]{16}$`) // Juspay's id shapes
	authLine = regexp.MustCompile(`(?m)^client auth: juspay\.ClientAuth\{Token:tkn_\*\*\* Expiry:\S+\}$`)
	rawToken = regexp.MustCompile(`tkn_[0-9a-f]`)
)

// env returns a getenv that sees only vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRunOffline(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), env(nil), &stdout, &stderr))

	assert.Equal(t, juspayenv.Offline+"\n", stderr.String())
	assert.Regexp(t, idLine, stdout.String())
	assert.Regexp(t, authLine, stdout.String())
	assert.NotRegexp(t, rawToken, stdout.String(), "the raw token must not be printed")
	assert.Equal(t, 2, strings.Count(stdout.String(), "\n"))
}

// JUSPAY_BASE_URL points the quick start at a juspaytest server the test
// owns, so the test can check what the program did there.
func TestRunAgainstFake(t *testing.T) {
	s := juspaytest.NewServer()
	t.Cleanup(s.Close)
	vars := map[string]string{"JUSPAY_API_KEY": s.APIKey, "JUSPAY_MERCHANT_ID": s.MerchantID, "JUSPAY_BASE_URL": s.URL}

	var out1, out2, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), env(vars), &out1, &stderr))
	assert.Equal(t, "calling "+s.URL+" as merchant "+s.MerchantID+"\n", stderr.String())

	custs := s.Customers()
	require.Len(t, custs, 1)
	assert.Contains(t, out1.String(), "customer id: "+custs[0].ID+"\n")
	assert.NotRegexp(t, rawToken, out1.String())

	// A second run finds the customer instead of failing on "already exists".
	require.NoError(t, run(context.Background(), env(vars), &out2, &stderr))
	assert.Len(t, s.Customers(), 1)
	assert.Contains(t, out2.String(), "customer id: "+custs[0].ID+"\n")
}

func TestRunErrorsNeverShowTheKey(t *testing.T) {
	cases := map[string]struct {
		wrongKey bool
		fault    func(s *juspaytest.Server)
		want     string
	}{
		"wrong key":          {wrongKey: true, want: "HTTP 401"},
		"Juspay down":        {fault: func(s *juspaytest.Server) { s.FailNext(juspaytest.RouteGet, juspaytest.Always, 503, "") }, want: "HTTP 503"},
		"connection dropped": {fault: func(s *juspaytest.Server) { s.DropNext(juspaytest.RouteGet, juspaytest.Always) }, want: "after 3 attempts"},
		"nothing listening":  {fault: func(s *juspaytest.Server) { s.Close() }, want: "connection refused"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s := juspaytest.NewServer()
			t.Cleanup(s.Close)
			key := s.APIKey
			if c.wrongKey {
				key = "WRONGKEY0123456789ABCDEF"
			}
			if c.fault != nil {
				c.fault(s)
			}
			vars := map[string]string{"JUSPAY_API_KEY": key, "JUSPAY_MERCHANT_ID": s.MerchantID, "JUSPAY_BASE_URL": s.URL}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), env(vars), &stdout, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), key)
			assert.NotContains(t, err.Error(), "\n", "one line")
			assert.Empty(t, stdout.String())
		})
	}
}

// Configuration errors (every case is in examples/internal/juspayenv's
// tests) stop the program before anything is started or printed.
func TestRunConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"bogus JUSPAY_ENV", map[string]string{"JUSPAY_API_KEY": "k", "JUSPAY_MERCHANT_ID": "m", "JUSPAY_ENV": "SECRETKEY"}, "JUSPAY_ENV must be"},
		{"key only", map[string]string{"JUSPAY_API_KEY": "SECRETKEY"}, "JUSPAY_API_KEY is set but JUSPAY_MERCHANT_ID is not"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), env(c.vars), &stdout, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), "SECRETKEY")
			assert.Empty(t, stdout.String())
			assert.Empty(t, stderr.String(), "nothing is started on a config error")
		})
	}
}

// TestMain lets the tests below run main itself, in a subprocess of the
// test binary, without a separate go build.
func TestMain(m *testing.M) {
	if os.Getenv("QUICKSTART_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runMain(t *testing.T, vars ...string) (stdout, stderr string, exitCode int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JUSPAY_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "QUICKSTART_RUN_MAIN=1")
	cmd.Env = append(cmd.Env, vars...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		var exitErr *exec.ExitError
		require.ErrorAs(t, err, &exitErr)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

func TestMainProcess(t *testing.T) {
	stdout, stderr, code := runMain(t)
	assert.Equal(t, 0, code, stderr)
	assert.Regexp(t, idLine, stdout)
	assert.NotRegexp(t, rawToken, stdout)

	stdout, stderr, code = runMain(t, "JUSPAY_ENV=bogus")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "quickstart: JUSPAY_ENV must be \"production\", \"sandbox\" or unset\n", stderr)
}
