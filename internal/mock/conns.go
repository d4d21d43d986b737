package mock

import (
	"net"
	"net/http"
	"sync"
)

// cappedListener accepts at most cap(slots) connections open at once: at
// the cap, Accept waits (the kernel's backlog holds the newcomers, which
// wait rather than fail) until one closes, after calling full. Closing
// idle connections to make room would make a client that reuses one at
// that moment fail, so it does not: an idle one closes after the server's
// IdleTimeout.
type cappedListener struct {
	net.Listener
	slots     chan struct{} // one per connection open
	full      func()        // called each time Accept finds every slot taken
	done      chan struct{} // closed by Close: a waiting Accept returns
	closeOnce sync.Once
}

func newCappedListener(l net.Listener, max int, full func()) *cappedListener {
	return &cappedListener{Listener: l, slots: make(chan struct{}, max), full: full, done: make(chan struct{})}
}

func (l *cappedListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	default:
		l.full()
		select {
		case l.slots <- struct{}{}:
		case <-l.done:
			return nil, net.ErrClosed
		}
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &slotConn{Conn: c, release: sync.OnceFunc(func() { <-l.slots })}, nil
}

func (l *cappedListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// slotConn gives its slot back when it is closed, once.
type slotConn struct {
	net.Conn
	release func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// CloseWrite lets net/http end a connection gracefully (a FIN, then a
// pause) after answering a request whose body it did not read, so that the
// client reads the answer instead of a reset.
func (c *slotConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// connStates knows the state of every open connection, from the
// http.Server ConnState hook, so that connections in one state can be
// closed: those that never sent a request when the server stops (a client
// may open one and keep it for later, as Go's transport does when a dial
// loses a race to an idle connection, and http.Server.Shutdown would wait
// 5 seconds before it counts it idle).
type connStates struct {
	mu    sync.Mutex
	conns map[net.Conn]http.ConnState
}

// track is an http.Server ConnState hook.
func (cs *connStates) track(c net.Conn, state http.ConnState) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if state == http.StateClosed || state == http.StateHijacked {
		delete(cs.conns, c)
		return
	}
	if cs.conns == nil {
		cs.conns = map[net.Conn]http.ConnState{}
	}
	cs.conns[c] = state
}

// closeIn closes the connections in state.
func (cs *connStates) closeIn(state http.ConnState) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c, s := range cs.conns {
		if s == state {
			_ = c.Close()
			delete(cs.conns, c)
		}
	}
}
