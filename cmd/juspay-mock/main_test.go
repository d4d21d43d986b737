package main

import (
	"bytes"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/internal/mock"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    mock.Config
		wantErr string
	}{
		{"defaults", nil, withBounds(mock.Config{Addr: "127.0.0.1:8080"}), ""},
		{"every flag", []string{"-addr", "127.0.0.1:0", "-api-key", "KEY", "-merchant-id", "m1", "-strict-routing-id", "-seed", "s.json",
			"-tls", "-tls-host", "juspay-mock", "-tls-host", "10.0.0.7", "-ca-out", "/certs/ca.pem",
			"-read-header-timeout", "1s", "-read-timeout", "2s", "-idle-timeout", "3s", "-max-conns", "4", "-max-header-bytes", "5",
			"-fresh-card-tokens", "-max-customers", "6", "-max-cards-per-customer", "7", "-max-wallets-per-customer", "8",
			"-max-live-tokens", "9", "-max-pending-faults", "10"},
			mock.Config{Addr: "127.0.0.1:0", APIKey: "KEY", MerchantID: "m1", StrictRoutingID: true, SeedFile: "s.json",
				TLS: true, TLSHosts: []string{"juspay-mock", "10.0.0.7"}, CAOut: "/certs/ca.pem",
				ReadHeaderTimeout: time.Second, ReadTimeout: 2 * time.Second, IdleTimeout: 3 * time.Second, MaxConns: 4, MaxHeaderBytes: 5,
				FreshCardTokens: true, Limits: juspaytest.Limits{Customers: 6, CardsPerCustomer: 7, WalletsPerCustomer: 8, LiveTokens: 9, PendingFaults: 10}}, ""},
		{"a certificate of one's own", []string{"-tls-cert", "cert.pem", "-tls-key", "key.pem"},
			withBounds(mock.Config{Addr: "127.0.0.1:8080", TLSCert: "cert.pem", TLSKey: "key.pem"}), ""},
		{"-tls-cert without -tls-key", []string{"-tls-cert", "cert.pem"}, mock.Config{}, "juspay-mock: -tls-cert and -tls-key go together"},
		{"-tls-key without -tls-cert", []string{"-tls-key", "key.pem"}, mock.Config{}, "juspay-mock: -tls-cert and -tls-key go together"},
		{"-tls and -tls-cert", []string{"-tls", "-tls-cert", "cert.pem", "-tls-key", "key.pem"}, mock.Config{},
			"juspay-mock: -tls makes a throwaway certificate, -tls-cert serves yours: give one or the other"},
		{"a zero timeout", []string{"-idle-timeout", "0s"}, mock.Config{}, "juspay-mock: -read-header-timeout, -read-timeout and -idle-timeout must be more than 0"},
		{"a negative header timeout", []string{"-read-header-timeout", "-1s"}, mock.Config{}, "must be more than 0"},
		{"a negative body timeout", []string{"-read-timeout", "-1s"}, mock.Config{}, "must be more than 0"},
		{"no connections", []string{"-max-conns", "0"}, mock.Config{}, "juspay-mock: -max-conns and -max-header-bytes must be more than 0"},
		{"no header bytes", []string{"-max-header-bytes", "-1"}, mock.Config{}, "juspay-mock: -max-conns and -max-header-bytes must be more than 0"},
		{"no customers", []string{"-max-customers", "0"}, mock.Config{}, "juspay-mock: -max-customers, -max-cards-per-customer, -max-wallets-per-customer, -max-live-tokens and -max-pending-faults must be more than 0"},
		{"no cards", []string{"-max-cards-per-customer", "0"}, mock.Config{}, "-max-pending-faults must be more than 0"},
		{"no wallets", []string{"-max-wallets-per-customer", "-1"}, mock.Config{}, "-max-pending-faults must be more than 0"},
		{"no tokens", []string{"-max-live-tokens", "0"}, mock.Config{}, "-max-pending-faults must be more than 0"},
		{"no faults", []string{"-max-pending-faults", "0"}, mock.Config{}, "-max-pending-faults must be more than 0"},
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

// withBounds is cfg with the flags' defaults for the server's bounds.
func withBounds(cfg mock.Config) mock.Config {
	cfg.ReadHeaderTimeout, cfg.ReadTimeout, cfg.IdleTimeout = mock.DefaultReadHeaderTimeout, mock.DefaultReadTimeout, mock.DefaultIdleTimeout
	cfg.MaxConns, cfg.MaxHeaderBytes = mock.DefaultMaxConns, mock.DefaultMaxHeaderBytes
	cfg.Limits = juspaytest.Limits{
		Customers: juspaytest.DefaultMaxCustomers, CardsPerCustomer: juspaytest.DefaultMaxCardsPerCustomer,
		WalletsPerCustomer: juspaytest.DefaultMaxWalletsPerCustomer, LiveTokens: juspaytest.DefaultMaxLiveTokens,
		PendingFaults: juspaytest.DefaultMaxPendingFaults,
	}
	return cfg
}

func TestRunExitStatusForFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status, _ := run([]string{"-h"}, &stdout, &stderr, nil)
	assert.Equal(t, 0, status)
	assert.Contains(t, stderr.String(), "-strict-routing-id")
	status, _ = run([]string{"-nope"}, &stdout, &stderr, nil)
	assert.Equal(t, 2, status)
	assert.Empty(t, stdout.String())
	_, err := parseFlags([]string{"-help"}, io.Discard)
	assert.ErrorIs(t, err, flag.ErrHelp)
}
