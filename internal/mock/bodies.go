package mock

import (
	"errors"
	"io"
	"net/http"
	"time"
)

// smallBody is the largest body, by its Content-Length, received without
// taking a slot of the body gate: a form of Juspay's calls is a few hundred
// bytes.
const smallBody = 64 << 10

// bigBodies is how many larger bodies (or bodies of unknown length) are
// received at once: each may hold up to maxBody bytes until its request is
// answered. More wait for a slot.
const bigBodies = 8

// receiveBodies serves next with bounds on request bodies: a body must
// arrive within timeout once its receipt starts (the header has its own
// timeout), and a body over smallBody, or of unknown length, first waits
// for one of the gate's slots, held until the request is answered. Once a
// body has arrived whole the deadline is lifted, so that a delay fault can
// hold the answer longer than timeout: net/http's read of the connection
// while the handler runs would otherwise fail at the deadline and end the
// request.
func receiveBodies(timeout time.Duration, gate chan struct{}, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength == 0 { // no body: a GET, say
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength < 0 || r.ContentLength > smallBody {
			gate <- struct{}{}
			defer func() { <-gate }()
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(timeout))
		defer restoreBody(r)()
		r.Body = &liftAtEOF{ReadCloser: r.Body, lift: func() { _ = rc.SetReadDeadline(time.Time{}) }}
		next.ServeHTTP(w, r)
	})
}

// restoreBody returns a function that puts r's body back as it is now. A
// wrapper of the body must be taken off before the handler returns: net/http
// recognizes its own body type when it answers, and closes the connection
// at once when much of the body is left unread (a 401 before the body, say);
// behind a wrapper it would read up to 256 KiB of the body first.
func restoreBody(r *http.Request) func() {
	body := r.Body
	return func() { r.Body = body }
}

// liftAtEOF calls lift when the body has been read to its end.
type liftAtEOF struct {
	io.ReadCloser
	lift func()
}

func (b *liftAtEOF) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) {
		b.lift()
	}
	return n, err
}
