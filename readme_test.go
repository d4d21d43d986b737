package juspay_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readmePrelude declares what README.md's Go blocks take for granted: the
// imports, and a few names of the surrounding code (ctx, client, t, user).
const readmePrelude = `package readmecheck

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

var (
	ctx    = context.Background()
	client *juspay.Client
	t      *testing.T
	user   struct{ ID, Mobile, Email string }
)

var (
	_ = context.Background
	_ = x509.NewCertPool
	_ = url.Values{}
	_ = json.Marshal
	_ = errors.Is
	_ = fmt.Println
	_ = log.Printf
	_ = slog.New
	_ = http.MethodGet
	_ = os.Getenv
	_ = time.Second
	_ = httpmock.Activate
	_ = juspaytest.NewServer
)
`

// TestREADMECompiles compiles every Go block of README.md and of the
// guides in docs/, so that they cannot rot: a block that declares a func or
// a type at its top level as a file, any other as the body of a function
// returning error. Each document is its own package; compile errors point
// at the document's lines.
func TestREADMECompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	docs, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	for _, doc := range append([]string{"README.md"}, docs...) {
		t.Run(filepath.Base(doc), func(t *testing.T) { compileGoBlocks(t, doc) })
	}
}

func compileGoBlocks(t *testing.T, doc string) {
	blocks := readmeGoBlocks(t, doc)
	require.NotEmpty(t, blocks)

	var src strings.Builder
	src.WriteString(readmePrelude)
	for i, b := range blocks {
		fileLevel := false
		for _, line := range strings.Split(b.text, "\n") {
			if strings.HasPrefix(line, "func ") || strings.HasPrefix(line, "type ") {
				fileLevel = true
			}
		}
		if fileLevel {
			fmt.Fprintf(&src, "\n//line %s:%d\n%s\n", doc, b.line, b.text)
			continue
		}
		fmt.Fprintf(&src, "\nfunc readmeBlock%d() error {\n//line %s:%d\n%s\n\treturn nil\n}\n", i, doc, b.line, b.text)
	}

	dir, err := os.MkdirTemp(".", ".readmecheck-") // inside the module, so its requirements apply
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "readme.go"), []byte(src.String()), 0o644))

	goCmd, err := exec.LookPath("go")
	require.NoError(t, err, "the go command must be on PATH")
	cmd := exec.Command(goCmd, "build", "-o", os.DevNull, "./"+filepath.Base(dir))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s's Go blocks do not compile:\n%s", doc, out)
}

// readmeBlock is one ```go block and the README line its code starts on.
type readmeBlock struct {
	line int
	text string
}

func readmeGoBlocks(t *testing.T, path string) []readmeBlock {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var (
		blocks []readmeBlock
		cur    *readmeBlock
		lines  []string
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur, lines = &readmeBlock{line: n + 1}, nil
		case cur != nil && strings.TrimSpace(line) == "```":
			cur.text = strings.Join(lines, "\n")
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			lines = append(lines, line)
		}
	}
	require.NoError(t, sc.Err())
	require.Nil(t, cur, "an unclosed ```go block")
	return blocks
}
