package mock

import (
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBaseURL(t *testing.T) {
	tests := []struct {
		scheme, addr string
		bound        net.Addr
		want         string
	}{
		{"http", "127.0.0.1:0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}, "http://127.0.0.1:41234"},
		{"https", "127.0.0.1:8080", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "https://127.0.0.1:8080"},
		{"http", "[::1]:0", &net.TCPAddr{IP: net.IPv6loopback, Port: 5}, "http://[::1]:5"},
		{"http", "localhost:0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5}, "http://localhost:5"},
		{"http", ":8080", &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://127.0.0.1:8080"},
		{"http", "0.0.0.0:1", &net.TCPAddr{IP: net.IPv4zero, Port: 1}, "http://127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			assert.Equal(t, tt.want, baseURL(tt.scheme, tt.addr, tt.bound))
		})
	}
}

func TestStartServeStop(t *testing.T) {
	var logs syncBuffer
	m, err := Start(Config{Addr: "127.0.0.1:0", APIKey: "KEY_FIXED", MerchantID: "merchant_fixed", StrictRoutingID: true}, &logs)
	require.NoError(t, err)
	assert.Equal(t, "KEY_FIXED", m.Ready().APIKey)
	assert.Equal(t, "merchant_fixed", m.Ready().MerchantID)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, m.Ready().URL)
	served := make(chan error, 1)
	go func() { served <- m.Serve() }()

	req := sampleCreate(t, m.Ready().URL, "KEY_FIXED", "merchant_fixed", "user-000001")
	req.Header.Del("x-routing-id")
	assert.Equal(t, http.StatusBadRequest, send(t, nil, req).status, "-strict-routing-id")
	assert.Equal(t, http.StatusOK, send(t, nil, sampleCreate(t, m.Ready().URL, "KEY_FIXED", "merchant_fixed", "user-000001")).status)

	m.Stop()
	require.NoError(t, <-served)
	_, err = net.Dial("tcp", m.Ready().URL[len("http://"):])
	assert.Error(t, err, "the port is closed")
}

func TestStartReportsABusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = busy.Close() })
	_, err = Start(Config{Addr: busy.Addr().String(), TLS: true}, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen tcp "+busy.Addr().String())
}
