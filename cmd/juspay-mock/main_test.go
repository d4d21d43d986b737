package main

import (
	"bytes"
	"flag"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    config
		wantErr bool
	}{
		{"defaults", nil, config{addr: "127.0.0.1:8080"}, false},
		{"every flag", []string{"-addr", "127.0.0.1:0", "-api-key", "KEY", "-merchant-id", "m1", "-strict-routing-id", "-seed", "s.json", "-tls"},
			config{addr: "127.0.0.1:0", apiKey: "KEY", merchantID: "m1", strictRoutingID: true, seedFile: "s.json", tls: true}, false},
		{"an unknown flag", []string{"-port", "80"}, config{}, true},
		{"an argument", []string{"serve"}, config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			got, err := parseFlags(tt.args, &stderr)
			if tt.wantErr {
				assert.Error(t, err)
				assert.Contains(t, stderr.String(), "usage: juspay-mock [flags]")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Empty(t, stderr.String())
		})
	}
}

func TestRunExitStatusForFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run([]string{"-h"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "-strict-routing-id")
	assert.Equal(t, 2, run([]string{"-nope"}, &stdout, &stderr))
	assert.Empty(t, stdout.String())
	_, err := parseFlags([]string{"-help"}, io.Discard)
	assert.ErrorIs(t, err, flag.ErrHelp)
}

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
	m, err := start(config{addr: "127.0.0.1:0", apiKey: "KEY_FIXED", merchantID: "merchant_fixed", strictRoutingID: true}, &logs)
	require.NoError(t, err)
	assert.Equal(t, "KEY_FIXED", m.ready.APIKey)
	assert.Equal(t, "merchant_fixed", m.ready.MerchantID)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, m.ready.URL)
	served := make(chan error, 1)
	go func() { served <- m.serve() }()

	req := sampleCreate(t, m.ready.URL, "KEY_FIXED", "merchant_fixed", "user-000001")
	req.Header.Del("x-routing-id")
	assert.Equal(t, http.StatusBadRequest, send(t, nil, req).status, "-strict-routing-id")
	assert.Equal(t, http.StatusOK, send(t, nil, sampleCreate(t, m.ready.URL, "KEY_FIXED", "merchant_fixed", "user-000001")).status)

	m.stop()
	require.NoError(t, <-served)
	_, err = net.Dial("tcp", m.ready.URL[len("http://"):])
	assert.Error(t, err, "the port is closed")
}

func TestStartReportsABusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = busy.Close() })
	_, err = start(config{addr: busy.Addr().String(), tls: true}, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen tcp "+busy.Addr().String())
}
