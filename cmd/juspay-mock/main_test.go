package main

import (
	"bytes"
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/internal/mock"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    mock.Config
		wantErr string
	}{
		{"defaults", nil, mock.Config{Addr: "127.0.0.1:8080"}, ""},
		{"every flag", []string{"-addr", "127.0.0.1:0", "-api-key", "KEY", "-merchant-id", "m1", "-strict-routing-id", "-seed", "s.json",
			"-tls", "-tls-host", "juspay-mock", "-tls-host", "10.0.0.7", "-ca-out", "/certs/ca.pem"},
			mock.Config{Addr: "127.0.0.1:0", APIKey: "KEY", MerchantID: "m1", StrictRoutingID: true, SeedFile: "s.json",
				TLS: true, TLSHosts: []string{"juspay-mock", "10.0.0.7"}, CAOut: "/certs/ca.pem"}, ""},
		{"an unknown flag", []string{"-port", "80"}, mock.Config{}, "flag provided but not defined: -port"},
		{"an argument", []string{"serve"}, mock.Config{}, `juspay-mock: unexpected argument "serve"`},
		{"-tls-host without -tls", []string{"-tls-host", "juspay-mock"}, mock.Config{}, "juspay-mock: -tls-host and -ca-out need -tls"},
		{"-ca-out without -tls", []string{"-ca-out", "ca.pem"}, mock.Config{}, "juspay-mock: -tls-host and -ca-out need -tls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			got, err := parseFlags(tt.args, &stderr)
			if tt.wantErr != "" {
				assert.Error(t, err)
				assert.Contains(t, stderr.String(), tt.wantErr+"\n")
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
