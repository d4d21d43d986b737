package mock

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// accepted runs l.Accept in the background; its result arrives on the
// channel.
func accepted(l net.Listener) <-chan net.Conn {
	ch := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		ch <- c
	}()
	return ch
}

// TestCappedListenerWaitsAtTheCap: at the cap, Accept waits, telling full
// each time, until a connection closes; a connection closed twice gives
// its slot back once.
func TestCappedListenerWaitsAtTheCap(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var fulls atomic.Int32
	l := newCappedListener(inner, 2, func() { fulls.Add(1) })
	t.Cleanup(func() { _ = l.Close() })
	for range 4 {
		c, err := net.Dial("tcp", inner.Addr().String())
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
	}
	first, second := within(t, accepted(l)), within(t, accepted(l))
	require.NotNil(t, first)
	require.NotNil(t, second)
	assert.Zero(t, fulls.Load(), "under the cap")

	third := accepted(l)
	require.Eventually(t, func() bool { return fulls.Load() == 1 }, waitLimit, time.Millisecond, "the cap is reached")
	select {
	case <-third:
		t.Fatal("a third connection was accepted at the cap")
	case <-time.After(50 * time.Millisecond):
	}
	require.NoError(t, first.Close())
	require.NotNil(t, within(t, third), "a slot was freed")

	assert.Error(t, first.Close(), "closed already")
	fourth := accepted(l)
	require.Eventually(t, func() bool { return fulls.Load() == 2 }, waitLimit, time.Millisecond,
		"closing a connection twice freed one slot, not two")
	require.NoError(t, second.Close())
	require.NotNil(t, within(t, fourth))
}

// TestCappedListenerClose: Close ends an Accept waiting for a slot, and a
// failed Accept gives its slot back.
func TestCappedListenerClose(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	l := newCappedListener(inner, 1, func() {})
	c, err := net.Dial("tcp", inner.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	got := within(t, accepted(l))
	require.NotNil(t, got)
	t.Cleanup(func() { _ = got.Close() })

	waiting := make(chan error, 1)
	go func() {
		_, err := l.Accept()
		waiting <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it wait for a slot
	require.NoError(t, l.Close())
	assert.ErrorIs(t, within(t, waiting), net.ErrClosed, "a waiting Accept ends")
	assert.NotPanics(t, func() { _ = l.Close() }, "twice is safe")

	// Accept on a closed listener fails and gives the slot back.
	l2 := newCappedListener(inner, 1, func() { t.Error("the slot was kept") })
	_, err = l2.Accept()
	assert.Error(t, err)
	_, err = l2.Accept()
	assert.Error(t, err)
}

// TestSlotConnCloseWrite: a half close reaches the TCP connection, so the
// peer reads what was written, then the end; a connection without one is
// left alone.
func TestSlotConnCloseWrite(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	l := newCappedListener(inner, 1, func() {})
	t.Cleanup(func() { _ = l.Close() })
	client, err := net.Dial("tcp", inner.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Close() })
	server := within(t, accepted(l))
	require.NotNil(t, server)
	t.Cleanup(func() { _ = server.Close() })
	_, err = server.Write([]byte("answer"))
	require.NoError(t, err)
	require.NoError(t, server.(interface{ CloseWrite() error }).CloseWrite())
	require.NoError(t, client.SetReadDeadline(time.Now().Add(waitLimit)))
	b, err := io.ReadAll(client)
	assert.NoError(t, err, "an end, not a reset")
	assert.Equal(t, "answer", string(b))

	pipe, peer := net.Pipe()
	t.Cleanup(func() { _ = peer.Close() })
	assert.NoError(t, (&slotConn{Conn: pipe, release: func() {}}).CloseWrite())
}

// TestConnStatesCloseIn: only the connections in the state named are
// closed; closed and hijacked ones are forgotten.
func TestConnStatesCloseIn(t *testing.T) {
	var cs connStates
	pipe := func() (net.Conn, net.Conn) {
		a, b := net.Pipe()
		t.Cleanup(func() {
			_ = a.Close()
			_ = b.Close()
		})
		return a, b
	}
	fresh, freshPeer := pipe()
	idle, idlePeer := pipe()
	active, activePeer := pipe()
	gone, _ := pipe()
	cs.track(fresh, http.StateNew)
	cs.track(idle, http.StateNew)
	cs.track(idle, http.StateActive)
	cs.track(idle, http.StateIdle)
	cs.track(active, http.StateNew)
	cs.track(active, http.StateActive)
	cs.track(gone, http.StateNew)
	cs.track(gone, http.StateHijacked)
	assert.Len(t, cs.conns, 3, "the hijacked one is forgotten")
	cs.track(fresh, http.StateClosed)
	cs.track(fresh, http.StateNew)

	cs.closeIn(http.StateIdle)
	assert.True(t, closed(idlePeer), "idle: closed")
	assert.False(t, closed(freshPeer), "new: open")
	assert.False(t, closed(activePeer), "active: open")
	cs.closeIn(http.StateNew)
	assert.True(t, closed(freshPeer))
	assert.False(t, closed(activePeer))
	assert.Len(t, cs.conns, 1, "closed ones are forgotten")
	cs.closeIn(http.StateNew) // twice is safe
}

// closed tells whether the other end of peer, a net.Pipe, was closed.
func closed(peer net.Conn) bool {
	_ = peer.SetWriteDeadline(time.Now().Add(20 * time.Millisecond))
	_, err := peer.Write([]byte("x"))
	return errors.Is(err, io.ErrClosedPipe)
}
