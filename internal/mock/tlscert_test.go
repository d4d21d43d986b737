package mock

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestThrowawayCert(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name       string
		extraHosts []string
		valid      []string
		invalid    []string
	}{
		{"none", nil, []string{"127.0.0.1", "::1", "localhost"}, []string{"127.0.0.2", "example.test"}},
		{"loopback again", []string{"127.0.0.1", "localhost", ""}, []string{"127.0.0.1", "::1", "localhost"}, []string{"127.0.0.2"}},
		{"an IP", []string{"127.0.0.2"}, []string{"127.0.0.1", "127.0.0.2"}, []string{"127.0.0.3"}},
		{"a name", []string{"mock.localhost"}, []string{"localhost", "mock.localhost"}, []string{"other.localhost"}},
		{"every interface", []string{"0.0.0.0"}, []string{"127.0.0.1"}, []string{"0.0.0.0"}},
		{"compose services", []string{"0.0.0.0", "juspay-mock", "mock.internal", "10.0.0.7"},
			[]string{"juspay-mock", "mock.internal", "10.0.0.7", "localhost"}, []string{"other", "10.0.0.8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert, caPEM, err := throwawayCert(tt.extraHosts, now)
			require.NoError(t, err)
			block, rest := pem.Decode(caPEM)
			require.NotNil(t, block)
			assert.Empty(t, rest)
			assert.Equal(t, "CERTIFICATE", block.Type)
			ca, err := x509.ParseCertificate(block.Bytes)
			require.NoError(t, err)
			assert.True(t, ca.IsCA)
			roots := x509.NewCertPool()
			roots.AddCert(ca)
			leaf, err := x509.ParseCertificate(cert.Certificate[0])
			require.NoError(t, err)
			names := slices.Clone(leaf.DNSNames)
			for _, ip := range leaf.IPAddresses {
				names = append(names, ip.String())
			}
			slices.Sort(names)
			assert.Equal(t, slices.Compact(slices.Clone(names)), names, "no name twice")
			for _, host := range tt.valid {
				_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: host, CurrentTime: now})
				assert.NoError(t, err, host)
			}
			for _, host := range tt.invalid {
				_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: host, CurrentTime: now})
				assert.Error(t, err, host)
			}
			_, err = leaf.Verify(x509.VerifyOptions{DNSName: "127.0.0.1", CurrentTime: now})
			assert.Error(t, err, "trusted only through its CA")
		})
	}
}

func TestWritePEMFiles(t *testing.T) {
	path, err := writeTempPEM("", []byte("pem"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.Remove(path) })
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "pem", string(b))
	assert.Regexp(t, `juspay-mock-ca-\d+\.pem$`, path)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm(), "a CA certificate is public: a container's other user reads it")

	dir := t.TempDir()
	out := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(out, []byte("an older run's CA"), 0o600))
	require.NoError(t, writePEMFile(out, []byte("pem")))
	b, err = os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "pem", string(b), "replaced whole")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	assert.Error(t, writePEMFile(filepath.Join(dir, "missing", "ca.pem"), []byte("pem")))
	assert.Error(t, writePEMFile(dir, []byte("pem")), "a directory is not replaced")
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "a failed rename leaves nothing behind")
}
