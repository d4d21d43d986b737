//go:build unix

package mock

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeedFileIsNeverAFIFOOrADevice: refused before it is opened, so a
// seed can neither block start-up (a FIFO without a writer) nor run it out
// of memory (/dev/zero). Were the refusal gone, opening the FIFO would
// block: the test then fails after waitLimit, and opens the FIFO's other
// end to let the read go.
func TestSeedFileIsNeverAFIFOOrADevice(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	link := filepath.Join(dir, "zero.json")
	require.NoError(t, os.Symlink("/dev/zero", link))
	for _, path := range []string{fifo, link, "/dev/zero"} {
		read := make(chan error, 1)
		go func() {
			_, err := readSeedFile(path)
			read <- err
		}()
		select {
		case err := <-read:
			assert.EqualError(t, err, path+": not a regular file")
		case <-time.After(waitLimit):
			if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				_ = w.Close() // the blocked open returns, and reads an end
			}
			t.Fatalf("%s: still reading after %v: it was opened", path, waitLimit)
		}
	}
}
