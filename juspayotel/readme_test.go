package juspayotel_test

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

// readmePrelude declares what the documents' OpenTelemetry blocks take for
// granted: the imports and a context.
const readmePrelude = `package readmecheck

import (
	"context"
	"errors"
	"net/http"
	"os"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspayotel"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

var ctx = context.Background()

var (
	_ = errors.Is
	_ = testing.Short
	_ = sdktrace.NewTracerProvider
	_ = tracetest.NewSpanRecorder
	_ = juspaytest.NewServer
	_ = http.MethodGet
	_ = os.Getenv
	_ = otelhttp.NewTransport
	_ = otel.GetTracerProvider
	_ = propagation.TraceContext{}
	_ = juspay.NewClient
	_ = juspayotel.Instrument
)
`

// TestREADMECompiles compiles the Go blocks of this module's README.md and
// the "```go otel" blocks of the repository's README.md (which the root
// module's own test skips: it cannot import OpenTelemetry), each
// document as a package of its own: a block that declares a func or a type
// at its top level as a file, any other as the body of a function
// returning error.
func TestREADMECompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	for _, doc := range []struct{ path, fence string }{
		{"README.md", "```go"},
		{"README.md", "```go otel"},
		{"../README.md", "```go otel"},
	} {
		t.Run(doc.path+" "+doc.fence, func(t *testing.T) {
			blocks := goBlocks(t, doc.path, doc.fence)
			require.NotEmpty(t, blocks)
			var src strings.Builder
			src.WriteString(readmePrelude)
			for i, b := range blocks {
				if strings.HasPrefix(b.text, "func ") || strings.Contains(b.text, "\nfunc ") || strings.Contains(b.text, "\ntype ") {
					fmt.Fprintf(&src, "\n//line %s:%d\n%s\n", doc.path, b.line, b.text)
					continue
				}
				fmt.Fprintf(&src, "\nfunc readmeBlock%d() error {\n//line %s:%d\n%s\n\treturn nil\n}\n", i, doc.path, b.line, b.text)
			}
			dir, err := os.MkdirTemp(".", ".readmecheck-") // inside the module, so its requirements apply
			require.NoError(t, err)
			t.Cleanup(func() { os.RemoveAll(dir) })
			require.NoError(t, os.WriteFile(filepath.Join(dir, "readme.go"), []byte(src.String()), 0o644))
			out, err := exec.Command("go", "build", "-o", os.DevNull, "./"+filepath.Base(dir)).CombinedOutput()
			require.NoError(t, err, "%s's %s blocks do not compile:\n%s", doc.path, doc.fence, out)
		})
	}
}

// block is one fenced block and the line its code starts on.
type block struct {
	line int
	text string
}

// goBlocks returns the blocks of path opened by exactly fence.
func goBlocks(t *testing.T, path, fence string) []block {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var (
		blocks []block
		cur    *block
		lines  []string
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == fence:
			cur, lines = &block{line: n + 1}, nil
		case cur == nil && strings.HasPrefix(strings.TrimSpace(line), "```"):
			cur, lines = &block{line: -1}, nil // another block: skipped
		case cur != nil && strings.TrimSpace(line) == "```":
			if cur.line > 0 {
				cur.text = strings.Join(lines, "\n")
				blocks = append(blocks, *cur)
			}
			cur = nil
		case cur != nil:
			lines = append(lines, line)
		}
	}
	require.NoError(t, sc.Err())
	require.Nil(t, cur, "an unclosed block")
	return blocks
}
