package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// manualBlocks returns the code blocks of README.md that follow a
// "<!-- manual-test: NAME -->" line, by NAME.
func manualBlocks(t *testing.T) map[string]string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	blocks := map[string]string{}
	re := regexp.MustCompile("(?s)<!-- manual-test: (\\S+) -->\n```\\w*\n(.*?)```\n")
	for _, m := range re.FindAllStringSubmatch(string(readme), -1) {
		blocks[m[1]] = m[2]
	}
	return blocks
}

// TestManualTLSExamples runs the manual's Node and Python tests as a reader
// would: the openssl line, then each test, trusting the certificate from
// the start, spawning the built program with -tls-cert and -tls-key. It
// skips what is not installed.
func TestManualTLSExamples(t *testing.T) {
	blocks := manualBlocks(t)
	for _, name := range []string{"tls-setup", "node-run", "mock.test.mjs", "python-run", "test_mock.py"} {
		require.Contains(t, blocks, name, "the manual's example")
	}
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl")
	}
	dir := t.TempDir()
	for _, file := range []string{"mock.test.mjs", "test_mock.py"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, file), []byte(blocks[file]), 0o600))
	}
	run := func(t *testing.T, script string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "sh", "-e", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(binary(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s\n%s", script, out)
	}
	run(t, blocks["tls-setup"])
	for _, tt := range []struct{ name, tool, script string }{
		{"node", "node", blocks["node-run"]},
		{"python", "python3", blocks["python-run"]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := exec.LookPath(tt.tool); err != nil {
				t.Skip("no " + tt.tool)
			}
			run(t, tt.script)
		})
	}
}
