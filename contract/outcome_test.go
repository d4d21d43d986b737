package contract

import "fmt"

// outcome is what a check found.
type outcome string

const (
	held    outcome = "held"
	broken  outcome = "broken"
	skipped outcome = "skipped"
)

// skippedErr is a check that could not run where it was asked to.
type skippedErr struct{ reason string }

func (s *skippedErr) Error() string { return "skipped: " + s.reason }

func skipf(format string, args ...any) error {
	return &skippedErr{reason: fmt.Sprintf(format, args...)}
}
