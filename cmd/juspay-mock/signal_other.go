//go:build !unix

package main

import "os"

// dieBy ends the program with status 1: no signal can end it as on Unix.
func dieBy(os.Signal) { os.Exit(1) }
