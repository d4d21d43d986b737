package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/examples/internal/juspayenv"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// env returns a getenv that sees only vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestListenAddr(t *testing.T) {
	cases := []struct {
		name     string
		flagAddr string
		port     string
		want     string
		wantErr  string
	}{
		{"default", "", "", "127.0.0.1:8080", ""},
		{"PORT: every interface", "", "9090", ":9090", ""},
		{"-addr wins over PORT", "127.0.0.1:0", "9090", "127.0.0.1:0", ""},
		{"PORT not a number", "", "http", "", `PORT must be a port number, 0 to 65535, not "http"`},
		{"PORT too large", "", "70000", "", "PORT must be a port number"},
		{"PORT signed", "", "+80", "", "PORT must be a port number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := listenAddr(c.flagAddr, env(map[string]string{"PORT": c.port}))
			if c.wantErr != "" {
				assert.ErrorContains(t, err, c.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
}

// syncBuffer is the stderr of a running server: written from its
// goroutines, read by the test, which can wait for the next write.
type syncBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{wrote: make(chan struct{}, 1)} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case b.wrote <- struct{}{}:
	default:
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listening = regexp.MustCompile(`(?m)^listening on (http://127\.0\.0\.1:\d+): POST /signup, POST /close-account$`)

// startRun runs the program on 127.0.0.1:0 with vars as its environment,
// and returns its base URL, its stderr, and a stop that ends it and
// returns run's error.
func startRun(t *testing.T, vars map[string]string) (baseURL string, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = newSyncBuffer()
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", env(vars), stderr) }()
	stop = sync.OnceValue(func() error {
		cancel()
		return <-done
	})
	for {
		if m := listening.FindStringSubmatch(stderr.String()); m != nil {
			t.Cleanup(func() { _ = stop() })
			return m[1], stderr, stop
		}
		select {
		case <-stderr.wrote:
		case err := <-done:
			cancel()
			require.FailNow(t, "run ended before listening", "err: %v\nstderr: %s", err, stderr.String())
		}
	}
}

// post sends body to url and returns the status and the decoded answer.
func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var answer map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
	return resp.StatusCode, answer
}

// The program end to end: its first lines, both routes, and a clean stop.
func TestRun(t *testing.T) {
	t.Run("offline", func(t *testing.T) {
		baseURL, stderr, stop := startRun(t, nil)
		assert.True(t, strings.HasPrefix(stderr.String(), juspayenv.Offline+"\nlistening on "), stderr.String())

		status, answer := post(t, baseURL+"/signup", signupBody)
		assert.Equal(t, http.StatusCreated, status)
		assert.Regexp(t, juspayID, answer["juspay_customer_id"])
		status, answer = post(t, baseURL+"/close-account", closeBody)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, map[string]any{"deleted_cards": 0.0}, answer)

		require.NoError(t, stop())
	})

	t.Run("against a juspaytest server of the test's", func(t *testing.T) {
		s := juspaytest.NewServer()
		t.Cleanup(s.Close)
		baseURL, stderr, stop := startRun(t, map[string]string{
			"JUSPAY_API_KEY": s.APIKey, "JUSPAY_MERCHANT_ID": s.MerchantID, "JUSPAY_BASE_URL": s.URL,
		})
		assert.True(t, strings.HasPrefix(stderr.String(), "calling "+s.URL+" as merchant "+s.MerchantID+"\nlistening on "), stderr.String())

		status, answer := post(t, baseURL+"/signup", signupBody)
		require.Equal(t, http.StatusCreated, status)
		custs := s.Customers()
		require.Len(t, custs, 1)
		assert.Equal(t, custs[0].ID, answer["juspay_customer_id"])

		for range 2 {
			_, err := s.AddCard(custs[0].ID, juspaytest.Card{Brand: "VISA", Number: "XXXX-XXXXXXXX-1449"})
			require.NoError(t, err)
		}
		status, answer = post(t, baseURL+"/close-account", closeBody)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, map[string]any{"deleted_cards": 2.0}, answer)
		assert.Len(t, s.RequestsTo(juspaytest.RouteDeleteCard), 2)

		require.NoError(t, stop())
		assert.NotContains(t, stderr.String(), s.APIKey)
	})
}

func TestRunErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { busy.Close() })

	cases := []struct {
		name      string
		addr      string
		vars      map[string]string
		want      string
		wantQuiet bool // nothing started, nothing printed
	}{
		{"bad PORT", "", map[string]string{"PORT": "eighty"}, "PORT must be a port number", true},
		{"bogus JUSPAY_ENV", "127.0.0.1:0", map[string]string{"JUSPAY_API_KEY": "k", "JUSPAY_MERCHANT_ID": "m", "JUSPAY_ENV": "SECRETKEY"}, "JUSPAY_ENV must be", true},
		{"key only", "127.0.0.1:0", map[string]string{"JUSPAY_API_KEY": "SECRETKEY"}, "JUSPAY_API_KEY is set but JUSPAY_MERCHANT_ID is not", true},
		{"address in use", busy.Addr().String(), nil, "address already in use", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), c.addr, env(c.vars), &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), "SECRETKEY")
			if c.wantQuiet {
				assert.Empty(t, stderr.String())
			}
		})
	}
}

// TestMain lets TestMainProcess run main itself, in a subprocess of the
// test binary, without a separate go build.
func TestMain(m *testing.M) {
	if os.Getenv("REGISTRATION_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The program as `go run` starts it: flags, the first lines, and a clean
// stop on Ctrl-C.
func TestMainProcess(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-addr", "127.0.0.1:0")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JUSPAY_") && !strings.HasPrefix(kv, "PORT=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "REGISTRATION_RUN_MAIN=1")
	stderrPipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() }) // if the test fails before the end

	lines := bufio.NewScanner(stderrPipe)
	require.True(t, lines.Scan())
	assert.Equal(t, juspayenv.Offline, lines.Text())
	require.True(t, lines.Scan())
	m := listening.FindStringSubmatch(lines.Text())
	require.NotNil(t, m, lines.Text())
	go func() { // drain the rest, so the program never blocks on stderr
		for lines.Scan() {
		}
	}()

	status, _ := post(t, m[1]+"/signup", signupBody)
	assert.Equal(t, http.StatusCreated, status)

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	require.NoError(t, cmd.Wait(), "exits 0 on Ctrl-C")
}
