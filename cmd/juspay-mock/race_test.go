//go:build race

package main

// raceEnabled tells that the race detector is on: it multiplies memory and
// time, so the memory tests do not run.
const raceEnabled = true
