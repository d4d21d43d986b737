//go:build unix

package main

import (
	"os"
	"syscall"
	"time"
)

// dieBy ends the program by sig, whose handler was reset: the exit status a
// shell shows as 128+sig.
func dieBy(sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok {
		_ = syscall.Kill(os.Getpid(), s)
		time.Sleep(time.Second) // the signal is on its way
	}
	os.Exit(1)
}
