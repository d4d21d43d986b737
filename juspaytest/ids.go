package juspaytest

import "crypto/rand"

// The shapes of the ids and tokens the server makes, after Juspay's sandbox
// and samples.
const (
	hexUpper   = "0123456789ABCDEF"
	hexLower   = "0123456789abcdef"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// newCustomerID is a sandbox-style customer id: "cth_" and 16 mixed-case
// alphanumerics, e.g. cth_okEEqCF6Cso8ekHX.
func newCustomerID() string { return "cth_" + randomString(mixedAlnum, 16) }

// newClientAuthToken is a client auth token: "tkn_" and 32 hex digits.
func newClientAuthToken() string { return "tkn_" + randomString(hexLower, 32) }

// newCardToken is a card token in the same shape.
func newCardToken() string { return "tkn_" + randomString(hexLower, 32) }

// newCardReference is a card reference as the list-cards sample shows one.
func newCardReference() string { return "token_" + randomString(hexLower, 32) }

// newCardFingerprint is a card fingerprint: 26 lower-case alphanumerics.
func newCardFingerprint() string { return randomString(lowerAlnum, 26) }

// newWalletID is a wallet id: "wlm_" and 16 mixed-case alphanumerics.
func newWalletID() string { return "wlm_" + randomString(mixedAlnum, 16) }

// newWalletToken is a linked wallet's token: "tk_" and 36 lower-case
// alphanumerics.
func newWalletToken() string { return "tk_" + randomString(lowerAlnum, 36) }

// newResponseID is an x-response-id: a random UUID (version 4).
func newResponseID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("juspaytest: crypto/rand: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = hexLower
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0x0f])
	}
	return string(out)
}

// randomString returns n characters drawn uniformly from alphabet (at most
// 256 characters long) with crypto/rand.
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet) // reject bytes above it: no modulo bias
	out := make([]byte, 0, n)
	buf := make([]byte, n+8)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("juspaytest: crypto/rand: " + err.Error())
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}
