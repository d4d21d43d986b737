package mock

import (
	"net"
	"net/http"
	"sync"
)

// cappedListener accepts at most cap(slots) connections open at once: at
// the cap, Accept waits (the kernel's backlog holds the newcomers, which
// wait rather than fail) until one closes. It calls full(true) when it
// starts to wait, full(false) when it is done waiting.
type cappedListener struct {
	net.Listener
	slots     chan struct{} // one per connection open
	full      func(bool)
	done      chan struct{} // closed by Close: a waiting Accept returns
	closeOnce sync.Once
}

func newCappedListener(l net.Listener, max int, full func(bool)) *cappedListener {
	return &cappedListener{Listener: l, slots: make(chan struct{}, max), full: full, done: make(chan struct{})}
}

func (l *cappedListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	default:
		l.full(true)
		defer l.full(false)
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
// 5 seconds before it counts it idle), and, while the connection cap is
// reached, the idle ones.
type connStates struct {
	mu      sync.Mutex
	conns   map[net.Conn]http.ConnState
	squeeze bool // close connections as they become idle
}

// track is an http.Server ConnState hook.
func (cs *connStates) track(c net.Conn, state http.ConnState) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if state == http.StateClosed || state == http.StateHijacked {
		delete(cs.conns, c)
		return
	}
	if state == http.StateIdle && cs.squeeze {
		_ = c.Close()
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

// setSqueeze closes the idle connections, and then each connection as it
// becomes idle, until it is called with false.
func (cs *connStates) setSqueeze(on bool) {
	cs.mu.Lock()
	cs.squeeze = on
	cs.mu.Unlock()
	if on {
		cs.closeIn(http.StateIdle)
	}
}
