package contract

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// meter sends requests one at a time, from sending one to closing its
// answer's body, counts them and refuses any over its budget.
type meter struct {
	next http.RoundTripper
	max  int
	turn chan struct{}

	mu   sync.Mutex
	sent int
}

func newMeter(next http.RoundTripper, budget int) *meter {
	return &meter{next: next, max: budget, turn: make(chan struct{}, 1)}
}

// errBudget is a request over the run's budget, refused before it is sent.
var errBudget = errors.New("contract: the run's budget of requests is spent")

func (m *meter) RoundTrip(r *http.Request) (*http.Response, error) {
	select {
	case m.turn <- struct{}{}:
	case <-r.Context().Done():
		closeBody(r)
		return nil, r.Context().Err()
	}
	release := sync.OnceFunc(func() { <-m.turn })
	m.mu.Lock()
	over := m.sent >= m.max
	if !over {
		m.sent++
	}
	m.mu.Unlock()
	if over {
		release()
		closeBody(r)
		return nil, fmt.Errorf("%w (%d)", errBudget, m.max)
	}
	resp, err := m.next.RoundTrip(r)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasing{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// requests is how many requests m has sent.
func (m *meter) requests() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sent
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}

// releasing gives the meter's turn back when the body is closed.
type releasing struct {
	io.ReadCloser
	release func()
}

func (b *releasing) Close() error {
	defer b.release()
	return b.ReadCloser.Close()
}
