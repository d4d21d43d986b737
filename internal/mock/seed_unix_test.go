//go:build unix

package mock

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeedFileIsNeverAFIFOOrADevice: refused before it is opened, so a
// seed can neither block start-up (a FIFO without a writer) nor run it out
// of memory (/dev/zero).
func TestSeedFileIsNeverAFIFOOrADevice(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	link := filepath.Join(dir, "zero.json")
	require.NoError(t, os.Symlink("/dev/zero", link))
	for _, path := range []string{fifo, link, "/dev/zero"} {
		_, err := readSeedFile(path)
		assert.EqualError(t, err, path+": not a regular file")
	}
}
