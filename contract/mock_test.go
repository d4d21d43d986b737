package contract

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestContractAgainstJuspayMock builds cmd/juspay-mock, starts it as a
// user would, and runs the suite against it through the same configuration
// as a run by hand (JUSPAY_CONTRACT=live with JUSPAY_BASE_URL), the cards
// and the wallet seeded through its /__admin/ routes: with stable card
// tokens (and JUSPAY_CONTRACT_STABLE_TOKENS=1), and with -fresh-card-tokens.
func TestContractAgainstJuspayMock(t *testing.T) {
	bin := buildMock(t)
	for _, tc := range []struct {
		name   string
		args   []string
		env    map[string]string
		tokens string
	}{
		{"StableCardTokens", nil, map[string]string{envStableTokens: "1"}, "stable:"},
		{"FreshCardTokens", []string{"-fresh-card-tokens"}, nil, "fresh:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mock := startMock(t, bin, tc.args...)
			env := map[string]string{envSwitch: "live", envBaseURL: mock.URL, envAPIKey: mock.APIKey, envMerchantID: mock.MerchantID}
			for k, v := range tc.env {
				env[k] = v
			}
			tg, s := configuredTarget(t, func(k string) string { return env[k] })
			require.Nil(t, s, "a live run starts no juspaytest")
			results := runSuite(t, tg)
			logReport(t, tg, results)
			for _, r := range results {
				assert.Equal(t, held, r.outcome, "%s: %s", r.a.test, r.note)
			}
			assert.Contains(t, noteOf(t, results, "CardTokensAcrossTwoLists"), tc.tokens)
			assert.Contains(t, noteOf(t, results, "ListWalletsShape"), "as seeded")
		})
	}
}

// buildMock builds cmd/juspay-mock into the test's temporary directory, or
// skips the test saying why it could not.
func buildMock(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("juspay-mock cannot be built: no go command on PATH (%v)", err)
	}
	bin := filepath.Join(t.TempDir(), "juspay-mock")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/seed276dc779/juspay-go/cmd/juspay-mock").CombinedOutput()
	if err != nil {
		t.Skipf("juspay-mock cannot be built (%v):\n%s", err, out)
	}
	return bin
}

// mockReady is juspay-mock's first line on stdout.
type mockReady struct {
	URL        string `json:"url"`
	APIKey     string `json:"api_key"`
	MerchantID string `json:"merchant_id"`
}

// startMock starts bin on 127.0.0.1:0 with args and reads its first line;
// the test's cleanup stops it (SIGINT, then a kill after 10 seconds) and
// shows its log when the test failed.
func startMock(t *testing.T, bin string, args ...string) mockReady {
	t.Helper()
	stdout, w, err := os.Pipe()
	require.NoError(t, err)
	logPath := filepath.Join(t.TempDir(), "juspay-mock.log")
	logFile, err := os.Create(logPath)
	require.NoError(t, err)
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	cmd.Stdout, cmd.Stderr = w, logFile
	require.NoError(t, cmd.Start())
	_ = w.Close() // the child holds its own copy
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		if cmd.Process.Signal(os.Interrupt) != nil { // Windows has no SIGINT
			_ = cmd.Process.Kill()
		}
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
			t.Error("juspay-mock still ran 10s after SIGINT")
		}
		_ = stdout.Close()
		_ = logFile.Close()
		if t.Failed() {
			log, _ := os.ReadFile(logPath)
			t.Logf("juspay-mock's log:\n%s", log)
		}
	})

	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, r) // it writes nothing more; never let it block
	}()
	var line string
	select {
	case line = <-lines:
	case <-exited:
		t.Fatal("juspay-mock exited before its first line")
	case <-time.After(15 * time.Second):
		t.Fatal("no first line from juspay-mock within 15s")
	}
	var ready mockReady
	require.NoError(t, json.Unmarshal([]byte(line), &ready), "juspay-mock's first line")
	require.NotEmpty(t, ready.URL)
	return ready
}
