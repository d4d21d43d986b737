package mock

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// certLifetime is how long the throwaway certificates are valid: a test
// run, with room to spare.
const certLifetime = 7 * 24 * time.Hour

// throwawayCert makes a fresh CA and a leaf certificate it signs for
// 127.0.0.1, ::1, localhost and extraHosts (IPs or DNS names; an empty one
// or an unspecified address such as 0.0.0.0 adds nothing). It returns the
// leaf, ready for tls.Config.Certificates, and the CA certificate as PEM:
// the one file a client must trust. The keys live only in memory.
func throwawayCert(extraHosts []string, now time.Time) (tls.Certificate, []byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	ca := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "juspay-mock throwaway CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "juspay-mock"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:     []string{"localhost"},
	}
	for _, h := range extraHosts {
		if ip := net.ParseIP(h); ip != nil && !ip.IsUnspecified() && !slices.ContainsFunc(leaf.IPAddresses, ip.Equal) {
			leaf.IPAddresses = append(leaf.IPAddresses, ip)
		} else if ip == nil && h != "" && !slices.Contains(leaf.DNSNames, h) {
			leaf.DNSNames = append(leaf.DNSNames, h)
		}
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert := tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}
	return cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), nil
}

// loadCert reads the certificate chain and key the caller made, PEM files
// (regular files of at most maxBody bytes: start-up never blocks on a
// FIFO).
func loadCert(certFile, keyFile string) (tls.Certificate, error) {
	certPEM, err := readRegularFile(certFile, maxBody)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("-tls-cert: %w", err)
	}
	keyPEM, err := readRegularFile(keyFile, maxBody)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("-tls-key: %w", err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("-tls-cert %s, -tls-key %s: %w", certFile, keyFile, err)
	}
	return cert, nil
}

// serial is a random 128-bit certificate serial number.
func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	return n
}

// writeTempPEM writes pemBytes to a new file in dir (the temporary
// directory when empty), readable by all (a CA certificate is public), and
// returns its path; the caller removes it.
func writeTempPEM(dir string, pemBytes []byte) (string, error) {
	f, err := os.CreateTemp(dir, "juspay-mock-ca-*.pem")
	if err != nil {
		return "", err
	}
	_, err = f.Write(pemBytes)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// writePEMFile writes pemBytes to path whole, through a temporary file
// renamed into place: a container waiting for the file never reads half of
// it.
func writePEMFile(path string, pemBytes []byte) error {
	tmp, err := writeTempPEM(filepath.Dir(path), pemBytes)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}
