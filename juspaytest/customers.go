package juspaytest

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Customer is a customer as the server stores it.
type Customer struct {
	// ID is Juspay's id: "cst_" and 16 lower-case alphanumerics when the
	// server made it.
	ID string
	// ObjectReferenceID is the merchant's own id, unique per server.
	ObjectReferenceID string
	// MobileCountryCode, MobileNumber, EmailAddress, FirstName and LastName
	// are kept as sent (a leading "+" included); empty means absent, and an
	// absent field is left out of the server's JSON answers.
	MobileCountryCode, MobileNumber, EmailAddress, FirstName, LastName string
	// DateCreated and LastUpdated are UTC, cut to whole seconds, as the
	// server sends them.
	DateCreated, LastUpdated time.Time
}

// TokenTTL is how long a client auth token stays valid after it is issued:
// 15 minutes, as Juspay documents.
const TokenTTL = 15 * time.Minute

// customerJSON is a customer on the wire, keys in the order of the page's
// samples; "juspay" only when a token was asked for.
type customerJSON struct {
	ID                string      `json:"id"`
	Object            string      `json:"object"`
	ObjectReferenceID string      `json:"object_reference_id"`
	MobileCountryCode string      `json:"mobile_country_code,omitempty"`
	MobileNumber      string      `json:"mobile_number,omitempty"`
	EmailAddress      string      `json:"email_address,omitempty"`
	FirstName         string      `json:"first_name,omitempty"`
	LastName          string      `json:"last_name,omitempty"`
	DateCreated       string      `json:"date_created"`
	LastUpdated       string      `json:"last_updated"`
	Juspay            *clientAuth `json:"juspay,omitempty"`
}

type clientAuth struct {
	ClientAuthToken       string `json:"client_auth_token"`
	ClientAuthTokenExpiry string `json:"client_auth_token_expiry"`
}

// timeLayout is the timestamp form of the page's samples.
const timeLayout = "2006-01-02T15:04:05Z"

func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func (st *state) render(c *Customer, auth *clientAuth) []byte {
	return encodeJSON(customerJSON{
		ID: c.ID, Object: "customer", ObjectReferenceID: c.ObjectReferenceID,
		MobileCountryCode: c.MobileCountryCode, MobileNumber: c.MobileNumber,
		EmailAddress: c.EmailAddress, FirstName: c.FirstName, LastName: c.LastName,
		DateCreated: c.DateCreated.UTC().Format(timeLayout),
		LastUpdated: c.LastUpdated.UTC().Format(timeLayout),
		Juspay:      auth,
	})
}

// issueToken makes a fresh client auth token. st.mu must be held.
func (st *state) issueToken(now time.Time) *clientAuth {
	for {
		tok := "tkn_" + randomString(hexLower, 32)
		if _, taken := st.tokens[tok]; taken {
			continue
		}
		exp := now.Add(TokenTTL)
		st.tokens[tok] = exp
		return &clientAuth{ClientAuthToken: tok, ClientAuthTokenExpiry: exp.Format(timeLayout)}
	}
}

// newID makes a customer id no customer has. st.mu must be held.
func (st *state) newID() string {
	for {
		id := "cst_" + randomString(lowerAlnum, 16)
		if st.byID[id] == nil {
			return id
		}
	}
}

// lookup finds a customer by Juspay id, else by object_reference_id.
// st.mu must be held.
func (st *state) lookup(id string) *Customer {
	if c := st.byID[id]; c != nil {
		return c
	}
	return st.byRef[id]
}

func asked(v string) bool { return strings.EqualFold(v, "true") }

func (st *state) create(w http.ResponseWriter, form url.Values) {
	f := fieldsOf(form.Get)
	if p := validateCreate(f); p != nil {
		writeJSON(w, http.StatusBadRequest, p.body())
		return
	}
	st.mu.Lock()
	if st.byRef[f.ref] != nil {
		st.mu.Unlock()
		writeJSON(w, http.StatusBadRequest, alreadyExists())
		return
	}
	now := stamp(st.clock.now())
	c := &Customer{
		ID: st.newID(), ObjectReferenceID: f.ref,
		MobileCountryCode: f.countryCode, MobileNumber: f.mobile,
		EmailAddress: f.email, FirstName: f.firstName, LastName: f.lastName,
		DateCreated: now, LastUpdated: now,
	}
	st.insert(c)
	var auth *clientAuth
	if asked(form.Get("options.get_client_auth_token")) {
		auth = st.issueToken(now)
	}
	b := st.render(c, auth)
	st.mu.Unlock()
	writeBody(w, http.StatusOK, "application/json", b)
}

func (st *state) get(w http.ResponseWriter, id string, query url.Values) {
	st.mu.Lock()
	c := st.lookup(id)
	if c == nil {
		st.mu.Unlock()
		writeJSON(w, http.StatusNotFound, notFound())
		return
	}
	var auth *clientAuth
	if asked(query.Get("options.get_client_auth_token")) {
		auth = st.issueToken(stamp(st.clock.now()))
	}
	b := st.render(c, auth)
	st.mu.Unlock()
	writeBody(w, http.StatusOK, "application/json", b)
}

// update changes the fields the form sends with a non-empty value; the others,
// and object_reference_id, stay. last_updated moves on every accepted update.
func (st *state) update(w http.ResponseWriter, id string, form url.Values) {
	f := fieldsOf(form.Get)
	f.ref = ""
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.lookup(id)
	if c == nil {
		writeJSON(w, http.StatusNotFound, notFound())
		return
	}
	if p := validateUpdate(f, c.MobileCountryCode != ""); p != nil {
		writeJSON(w, http.StatusBadRequest, p.body())
		return
	}
	for _, u := range []struct {
		dst *string
		v   string
	}{
		{&c.MobileNumber, f.mobile}, {&c.MobileCountryCode, f.countryCode},
		{&c.EmailAddress, f.email}, {&c.FirstName, f.firstName}, {&c.LastName, f.lastName},
	} {
		if u.v != "" {
			*u.dst = u.v
		}
	}
	c.LastUpdated = stamp(st.clock.now())
	writeBody(w, http.StatusOK, "application/json", st.render(c, nil))
}

// insert stores c. st.mu must be held.
func (st *state) insert(c *Customer) {
	st.customers = append(st.customers, c)
	st.byID[c.ID] = c
	st.byRef[c.ObjectReferenceID] = c
}

// AddCustomer seeds a customer, as if created earlier, and returns it as
// stored. The fields are taken as given, without the page's field rules, so a
// test can hold data the API would refuse; an empty ID gets a fresh cst_ id,
// a zero DateCreated the server's now, a zero LastUpdated the DateCreated.
// It returns an error if ObjectReferenceID is empty or either id is taken.
func (s *Server) AddCustomer(c Customer) (Customer, error) {
	if c.ObjectReferenceID == "" {
		return Customer{}, errors.New("juspaytest: AddCustomer: empty ObjectReferenceID")
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.byRef[c.ObjectReferenceID] != nil {
		return Customer{}, errors.New("juspaytest: AddCustomer: object_reference_id already exists")
	}
	if c.ID == "" {
		c.ID = st.newID()
	} else if st.byID[c.ID] != nil {
		return Customer{}, errors.New("juspaytest: AddCustomer: id already exists")
	}
	if c.DateCreated.IsZero() {
		c.DateCreated = st.clock.now()
	}
	if c.LastUpdated.IsZero() {
		c.LastUpdated = c.DateCreated
	}
	c.DateCreated, c.LastUpdated = stamp(c.DateCreated), stamp(c.LastUpdated)
	st.insert(&c)
	return c, nil
}

// Customers returns a copy of every stored customer, in creation order.
func (s *Server) Customers() []Customer {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	out := make([]Customer, len(s.st.customers))
	for i, c := range s.st.customers {
		out[i] = *c
	}
	return out
}

// LookupCustomer returns the customer whose Juspay id, else whose
// object_reference_id, is id, as Get Customer finds it.
func (s *Server) LookupCustomer(id string) (Customer, bool) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if c := s.st.lookup(id); c != nil {
		return *c, true
	}
	return Customer{}, false
}

// TokenValid reports whether tok is a client auth token this server issued
// and whose expiry (issue time plus TokenTTL) is still after the server's
// now; see Advance to expire it.
func (s *Server) TokenValid(tok string) bool {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	expiry, ok := s.st.tokens[tok]
	return ok && s.st.clock.now().Before(expiry)
}

// Reset forgets every customer, client auth token, recorded request and
// fault, as on a new server. The URL, credentials, options and clock stay.
func (s *Server) Reset() {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	st.customers = nil
	clear(st.byID)
	clear(st.byRef)
	clear(st.tokens)
	st.requests = nil
	clear(st.faults)
}
