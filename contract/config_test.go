package contract

import (
	"errors"
	"fmt"
	"net/url"

	juspay "github.com/seed276dc779/juspay-go"
)

// config is where the suite runs and what it may do there, read from the
// environment by readConfig.
type config struct {
	// live is false for the in-process run against juspaytest, whatever
	// else is set.
	live bool
	// baseURL is a server of the caller's (a juspay-mock); empty means
	// env, Juspay itself.
	baseURL            string
	env                juspay.Environment
	apiKey, merchantID string
	// cardCustomer is a customer with a saved card, Juspay's id or its
	// object_reference_id; empty: the suite seeds its own where it can.
	cardCustomer string
	// deleteCard lets the suite delete one card of cardCustomer.
	deleteCard bool
	// stableTokens: two lists must give the same card tokens.
	stableTokens bool
}

// The variables the suite reads.
const (
	envSwitch       = "JUSPAY_CONTRACT"
	envAPIKey       = "JUSPAY_API_KEY"
	envMerchantID   = "JUSPAY_MERCHANT_ID"
	envBaseURL      = "JUSPAY_BASE_URL"
	envEnvironment  = "JUSPAY_ENV"
	envCardCustomer = "JUSPAY_CONTRACT_CARD_CUSTOMER"
	envDeleteCard   = "JUSPAY_CONTRACT_DELETE_CARD"
	envStableTokens = "JUSPAY_CONTRACT_STABLE_TOKENS"
)

// readConfig reads the suite's configuration through getenv (os.Getenv in
// a run). Unless JUSPAY_CONTRACT is "live" nothing else is read: the run is
// in process, so that credentials kept in a shell for the quick start never
// reach a real account. An error never quotes a value: it might be a key
// pasted into the wrong variable.
func readConfig(getenv func(string) string) (config, error) {
	switch getenv(envSwitch) {
	case "":
		return config{}, nil
	case "live":
	default:
		return config{}, errors.New(envSwitch + ` must be "live" or unset`)
	}
	c := config{live: true, apiKey: getenv(envAPIKey), merchantID: getenv(envMerchantID),
		baseURL: getenv(envBaseURL), cardCustomer: getenv(envCardCustomer)}
	for _, need := range []struct{ name, value string }{{envAPIKey, c.apiKey}, {envMerchantID, c.merchantID}} {
		if need.value == "" {
			return config{}, fmt.Errorf("%s=live needs %s", envSwitch, need.name)
		}
	}
	switch getenv(envEnvironment) {
	case "", "sandbox":
		c.env = juspay.Sandbox
	case "production":
		c.env = juspay.Production
	default:
		return config{}, errors.New(envEnvironment + ` must be "sandbox", "production" or unset`)
	}
	if c.baseURL != "" {
		if u, err := url.Parse(c.baseURL); err != nil || u.Host == "" {
			return config{}, errors.New(envBaseURL + " is not an absolute URL")
		}
	}
	var err error
	if c.deleteCard, err = flag(getenv, envDeleteCard); err != nil {
		return config{}, err
	}
	if c.stableTokens, err = flag(getenv, envStableTokens); err != nil {
		return config{}, err
	}
	if c.deleteCard && c.cardCustomer == "" {
		return config{}, errors.New(envDeleteCard + " needs " + envCardCustomer)
	}
	return c, nil
}

// flag reads a variable that is "1", "0" or unset.
func flag(getenv func(string) string, name string) (bool, error) {
	switch getenv(name) {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, errors.New(name + ` must be "1", "0" or unset`)
}

// where names the server c calls, for the report: scheme and host only (a
// proxy's path may hold a secret).
func (c config) where() string {
	switch {
	case !c.live:
		return "juspaytest, in process"
	case c.baseURL != "":
		u, _ := url.Parse(c.baseURL) // readConfig parsed it
		return u.Scheme + "://" + u.Host
	}
	return string(c.env)
}
