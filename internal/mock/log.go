package mock

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// unknownPath stands in the log for a path no route serves: the path itself
// may hold an id, an e-mail address or a mobile number.
const unknownPath = "(no route)"

// logRequests logs one line per request to l once it is answered: what
// route names it (method and path template, never the path, which holds
// ids), status and duration, e.g.
//
//	14:02:07.318245 GET /customers/{id} 200 412µs
//
// A connection closed without an answer (a drop fault) logs "dropped", and
// a request ended early (the client left during a delay fault or before its
// body was sent whole, the body took too long, or the server stopped)
// "aborted", whatever status was written to the connection it left.
// Nothing else of the request is logged: no header (so never the
// Authorization header and its key), no path, query or body.
func logRequests(l *log.Logger, route func(*http.Request) string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		if r.Body != nil && r.Body != http.NoBody {
			defer restoreBody(r)()
			r.Body = &noteCut{ReadCloser: r.Body, rec: rec}
		}
		finished := false
		defer func() { // also when next panics, as an aborted request does
			l.Printf("%s %s %s", route(r), rec.outcome(finished), time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(rec, r)
		finished = true
	})
}

// statusRecorder notes the status a handler answers, that it took the
// connection over, or that the request's body ended early.
type statusRecorder struct {
	http.ResponseWriter
	status   int
	hijacked bool
	cut      atomic.Bool // the body ended before its end: the client left, or it took too long
}

// noteCut tells rec when the body it reads ends with an error: not its end
// (io.EOF) but a connection closed or timed out.
type noteCut struct {
	io.ReadCloser
	rec *statusRecorder
}

func (b *noteCut) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.rec.cut.Store(true)
	}
	return n, err
}

func (rec *statusRecorder) WriteHeader(code int) {
	if rec.status == 0 && code >= 200 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// Hijack lets a drop fault close the connection: juspaytest looks for
// http.Hijacker on the ResponseWriter itself.
func (rec *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := rec.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("juspay-mock: the connection cannot be hijacked")
	}
	conn, brw, err := hj.Hijack()
	if err == nil {
		rec.hijacked = true
	}
	return conn, brw, err
}

// Unwrap gives http.ResponseController the ResponseWriter underneath.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// outcome is the status to log; finished tells whether the handler returned.
func (rec *statusRecorder) outcome(finished bool) string {
	if rec.hijacked {
		return "dropped"
	}
	if rec.cut.Load() {
		return "aborted"
	}
	if rec.status != 0 {
		return strconv.Itoa(rec.status)
	}
	if finished {
		return "200" // nothing written: net/http answers 200 with no body
	}
	return "aborted"
}

// watchedWriter is the log's output: it tells, by closing broken, when a
// write to it first fails (stderr's reader is gone: a broken pipe).
type watchedWriter struct {
	w      io.Writer
	broken chan struct{}
	once   sync.Once
}

func newWatchedWriter(w io.Writer) *watchedWriter {
	return &watchedWriter{w: w, broken: make(chan struct{})}
}

func (ww *watchedWriter) Write(p []byte) (int, error) {
	n, err := ww.w.Write(p)
	if err != nil {
		ww.once.Do(func() { close(ww.broken) })
	}
	return n, err
}
