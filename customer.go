package juspay

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// CreateCustomerRequest is the body of Create Customer
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer).
// Empty optional fields are not sent. Printing it with fmt or slog masks
// its personal data.
type CreateCustomerRequest struct {
	// ObjectReferenceID is your id for the customer, 8 to 128 characters,
	// unique per merchant; often an e-mail, a mobile number or a database
	// id. Required.
	ObjectReferenceID string
	// MobileNumber is digits only, at most 16, without the country code; a
	// leading '+' is allowed only with MobileCountryCode. Required.
	MobileNumber string
	// MobileCountryCode is 1 to 4 digits, e.g. "91"; a leading '+' is
	// removed before sending.
	MobileCountryCode string
	// EmailAddress is at most 128 characters, local@domain, of ASCII
	// letters, digits and !#$%&'*+-/=?^_.{|}~ ('_' and '.' neither start nor
	// end the local part).
	EmailAddress string
	// FirstName and LastName are at most 64 characters each, without any of
	// +!<>?;:@%`&*$^{}/\,= or control characters.
	FirstName string
	LastName  string
	// GetClientAuthToken asks for a client auth token (Customer.ClientAuth),
	// needed by Juspay's Express Checkout SDK; it lasts 15 minutes. If the
	// answer holds none, the call fails with ErrNoClientAuthToken (the
	// customer exists by then: ClientAuthToken gets one).
	GetClientAuthToken bool
	// RoutingID is sent as x-routing-id; empty means ObjectReferenceID.
	// Juspay wants the same value on every call for one customer.
	RoutingID string
}

// GetCustomerRequest names a customer for GetCustomer and ClientAuthToken.
// Printing it with fmt or slog masks its ids.
type GetCustomerRequest struct {
	// CustomerID is Juspay's id ("cst_…") or your object_reference_id. Required.
	CustomerID string
	// GetClientAuthToken asks for a fresh client auth token; see
	// CreateCustomerRequest.GetClientAuthToken.
	GetClientAuthToken bool
	// RoutingID is sent as x-routing-id; empty means CustomerID.
	RoutingID string
}

// UpdateCustomerRequest changes a customer: empty fields stay as they are,
// and at least one must be given. The fields follow the rules of
// CreateCustomerRequest's. Printing it with fmt or slog masks its personal
// data.
type UpdateCustomerRequest struct {
	// CustomerID is Juspay's id ("cst_…") or your object_reference_id. Required.
	CustomerID        string
	MobileNumber      string
	MobileCountryCode string
	EmailAddress      string
	FirstName         string
	LastName          string
	// RoutingID is sent as x-routing-id; empty means CustomerID.
	RoutingID string
}

// Customer is Juspay's customer object. Its fields hold the data as Juspay
// sent it; printing it with fmt or slog masks the personal data.
// json.Marshal writes it with Juspay's wire names (ClientAuth as "juspay"),
// and json.Unmarshal reads Juspay's answer, in both timestamp forms.
type Customer struct {
	ID                string // Juspay's id, e.g. "cst_pcxaymwoh9vbse97"
	Object            string // "customer"
	ObjectReferenceID string
	MobileCountryCode string
	MobileNumber      string
	EmailAddress      string
	FirstName         string
	LastName          string
	// DateCreated and LastUpdated are UTC; zero when Juspay sent none or an
	// unreadable one (both "2020-03-17T14:13:37Z" and "...+0000" are read).
	DateCreated time.Time
	LastUpdated time.Time
	// ClientAuth is the "juspay" object: nil unless a token was asked for.
	ClientAuth *ClientAuth
	// LastResponse is the answer the customer came in; nil for a Customer
	// read with json.Unmarshal. It is not part of the JSON.
	LastResponse *Response `json:"-"`
}

func (c *Customer) complete() error {
	if c.ID == "" {
		return fmt.Errorf("%w: not a customer (no id)", ErrUnexpectedResponse)
	}
	return nil
}

func (c *Customer) named(field string) string {
	switch field {
	case "id":
		return c.ID
	case "object_reference_id":
		return c.ObjectReferenceID
	}
	return ""
}

func (c *Customer) answered(r *Response) { c.LastResponse = r }

// ClientAuth is a client auth token for Juspay's Express Checkout SDK.
// Printing it with fmt or slog masks the token; json.Marshal writes it as
// Juspay does, {"client_auth_token": ..., "client_auth_token_expiry": ...},
// for your app.
type ClientAuth struct {
	Token  string    // client_auth_token, e.g. "tkn_24543c6a278f45d680d09edb32e78061"
	Expiry time.Time // client_auth_token_expiry, UTC; zero if unreadable
}

// Expired reports whether the token has expired at now. A nil ClientAuth,
// an empty token or one without a readable expiry counts as expired, so it
// is renewed rather than trusted.
func (a *ClientAuth) Expired(now time.Time) bool {
	return a == nil || a.Token == "" || a.Expiry.IsZero() || !now.Before(a.Expiry)
}

// ExpiresIn returns how long the token stays valid after now, and 0 once it
// has expired (see Expired).
func (a *ClientAuth) ExpiresIn(now time.Time) time.Duration {
	if a.Expired(now) {
		return 0
	}
	return a.Expiry.Sub(now)
}

// CreateCustomer creates a customer (POST /customers). The request is
// checked first; an invalid one returns a *ValidationError and sends
// nothing. A duplicate object_reference_id gives an *APIError matching
// ErrAlreadyExists. The answer must be the customer with the request's
// object_reference_id, else the call fails with ErrUnexpectedResponse.
//
// When an attempt that may have reached Juspay is retried and then meets
// "already exists", the customer stored under the request's
// object_reference_id is fetched, and returned only if every field the
// request sent matches it. That is the customer the lost attempt created,
// or one created earlier with the same reference and the same fields: the
// two cannot be told apart, and either way it is the customer the request
// describes. Otherwise the "already exists" error stands. So a retry never
// creates a second customer, never reports a false duplicate, and never
// returns a customer that differs from the request.
// https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer
func (c *Client) CreateCustomer(ctx context.Context, req *CreateCustomerRequest) (_ *Customer, err error) {
	ctx, call := startCall(ctx, c.obs, "CreateCustomer")
	defer func() { call.end(ctx, err) }()
	form, err := c.createForm(req)
	if err != nil {
		return nil, err
	}
	return c.create(ctx, "CreateCustomer", req, form)
}

// GetCustomer fetches a customer by Juspay's id or your object_reference_id
// (GET /customers/{id}), with a fresh client auth token when asked. An
// unknown id gives an *APIError matching ErrNotFound. The answer must be
// the customer asked for: its id equals a CustomerID that starts with
// "cst_" or "cth_", its object_reference_id any other; else the call fails
// with ErrUnexpectedResponse and returns nothing of it.
// https://juspay.io/api-reference/docs/express-checkout/getcustomer
func (c *Client) GetCustomer(ctx context.Context, req *GetCustomerRequest) (_ *Customer, err error) {
	ctx, call := startCall(ctx, c.obs, "GetCustomer")
	defer func() { call.end(ctx, err) }()
	if err := checkGet(req); err != nil {
		return nil, err
	}
	return c.get(ctx, "GetCustomer", req.CustomerID, req.GetClientAuthToken, req.RoutingID, theCustomer(req.CustomerID))
}

// UpdateCustomer changes the given fields of a customer (POST
// /customers/{id}) and returns the customer as Juspay now holds it. Empty
// fields are not sent and stay as they were; a request with none returns a
// *ValidationError. The answer must be the customer asked for, as for
// GetCustomer; when it is another (a reference that Juspay's lookup
// resolved as another customer's id), the call fails, and that customer may
// already have been changed: the error says so.
// https://juspay.io/api-reference/docs/express-checkout/updatecustomer
func (c *Client) UpdateCustomer(ctx context.Context, req *UpdateCustomerRequest) (_ *Customer, err error) {
	ctx, call := startCall(ctx, c.obs, "UpdateCustomer")
	defer func() { call.end(ctx, err) }()
	form, err := updateFormOf(req)
	if err != nil {
		return nil, err
	}
	r := newRequest("UpdateCustomer", http.MethodPost, "/customers/{id}", req.CustomerID, req.RoutingID, theCustomer(req.CustomerID))
	r.form = form.encode()
	cust, _, err := c.sendCustomer(ctx, &r, false)
	return cust, err
}

// GetOrCreateCustomer follows Juspay's guide: it gets the customer by
// req.ObjectReferenceID and creates it only when Juspay answers
// object_not_found (a 404 without that code, from a proxy say, is returned
// as it is). Two calls racing to create one customer both get it: the
// loser's "already exists" is answered by a second get. The request is
// checked as for CreateCustomer before anything is sent; a token is asked
// for on whichever call returns the customer when req.GetClientAuthToken is
// set; x-routing-id is req.RoutingID, else the object_reference_id, on
// every call it makes.
//
// It never returns a customer whose object_reference_id differs from the
// request's: a lookup that answers with another customer fails with
// ErrReferenceConflict and returns nothing of it. (Juspay's lookup also
// resolves its own ids, which is why a reference starting with "cst_" or
// "cth_" is refused before anything is sent.)
func (c *Client) GetOrCreateCustomer(ctx context.Context, req *CreateCustomerRequest) (_ *Customer, err error) {
	const call = "GetOrCreateCustomer"
	ctx, observed := startCall(ctx, c.obs, call)
	defer func() { observed.end(ctx, err) }()
	form, err := c.createForm(req)
	if err != nil {
		return nil, err
	}
	ref, token := req.ObjectReferenceID, req.GetClientAuthToken
	routing := cmp.Or(req.RoutingID, ref)
	cust, err := c.get(ctx, call, ref, token, routing, referenceOf(ref).orConflict())
	if !isObjectNotFound(err) {
		return cust, err
	}
	cust, err = c.create(ctx, call, req, form)
	if IsAlreadyExists(err) {
		// another caller created it first
		return c.get(ctx, call, ref, token, routing, referenceOf(ref).orConflict())
	}
	return cust, err
}

// ClientAuthToken returns a fresh client auth token for an existing
// customer (GET /customers/{id}?options.get_client_auth_token=true);
// req.GetClientAuthToken is ignored. Tokens last 15 minutes: check
// ClientAuth.Expired before reusing one. An answer without a token fails
// with ErrNoClientAuthToken; one about another customer than the one asked
// for fails as for GetCustomer, and its token is not returned.
// https://juspay.io/api-reference/docs/express-checkout/getcustomer
func (c *Client) ClientAuthToken(ctx context.Context, req *GetCustomerRequest) (_ *ClientAuth, err error) {
	ctx, call := startCall(ctx, c.obs, "ClientAuthToken")
	defer func() { call.end(ctx, err) }()
	if err := checkGet(req); err != nil {
		return nil, err
	}
	cust, err := c.get(ctx, "ClientAuthToken", req.CustomerID, true, req.RoutingID, theCustomer(req.CustomerID))
	if err != nil {
		return nil, err
	}
	return cust.ClientAuth, nil
}

// create sends a checked create request, and recovers the customer an
// earlier attempt created (see CreateCustomer).
func (c *Client) create(ctx context.Context, call string, req *CreateCustomerRequest, form *createForm) (*Customer, error) {
	ref := req.ObjectReferenceID
	routing := cmp.Or(req.RoutingID, ref)
	r := newRequest(call, http.MethodPost, "/customers", "", routing, referenceOf(ref))
	r.form = form.encode()
	cust, landed, err := c.sendCustomer(ctx, &r, req.GetClientAuthToken)
	if err == nil || !landed || !IsAlreadyExists(err) {
		return cust, err
	}
	stored, getErr := c.get(ctx, call, ref, req.GetClientAuthToken, routing, referenceOf(ref))
	switch {
	case getErr != nil:
		return nil, getErr
	case !sentMatches(form, stored):
		return nil, err // another customer under that reference
	}
	return stored, nil
}

// sentMatches reports whether cust holds every field form sent. Juspay may
// write a country code or mobile number with a '+', and e-mail addresses
// compare without regard to case.
func sentMatches(form *createForm, cust *Customer) bool {
	same := func(sent, got string) bool { return sent == "" || sent == got }
	plain := func(s string) string { return strings.TrimPrefix(s, "+") }
	return cust.ObjectReferenceID == form.ObjectReferenceID &&
		plain(cust.MobileNumber) == plain(form.MobileNumber) &&
		same(form.MobileCountryCode, plain(cust.MobileCountryCode)) &&
		(form.EmailAddress == "" || strings.EqualFold(form.EmailAddress, cust.EmailAddress)) &&
		same(form.FirstName, cust.FirstName) &&
		same(form.LastName, cust.LastName)
}

// get fetches the customer id names, which the answer must be (want).
func (c *Client) get(ctx context.Context, call, id string, token bool, routing string, want identity) (*Customer, error) {
	r := newRequest(call, http.MethodGet, "/customers/{id}", id, routing, want)
	if token {
		r.query = "options.get_client_auth_token=true"
	}
	cust, _, err := c.sendCustomer(ctx, &r, token)
	return cust, err
}

// sendCustomer sends r and returns the customer of the answer, which must
// hold a client auth token when wantToken is set. landed is do's.
func (c *Client) sendCustomer(ctx context.Context, r *request, wantToken bool) (*Customer, bool, error) {
	cust, landed, err := send[Customer](ctx, c, r)
	if err == nil && wantToken && (cust.ClientAuth == nil || cust.ClientAuth.Token == "") {
		e := r.fail(cust.LastResponse.StatusCode, ErrNoClientAuthToken)
		e.Attempts = cust.LastResponse.Attempts
		return nil, landed, e
	}
	return cust, landed, err
}

// createForm checks a create request and returns the form to send.
func (c *Client) createForm(req *CreateCustomerRequest) (*createForm, error) {
	if err := checkNotNil(req); err != nil {
		return nil, err
	}
	if err := checkObjectReferenceID(req.ObjectReferenceID); err != nil {
		return nil, err
	}
	countryCode, verr := normalizeCountryCode(req.MobileCountryCode)
	if verr != nil {
		return nil, verr
	}
	if err := checkContact(req.MobileNumber, true, countryCode, req.EmailAddress, req.FirstName, req.LastName); err != nil {
		return nil, err
	}
	if err := checkRoutingID(req.RoutingID); err != nil {
		return nil, err
	}
	if err := checkGatewayFields(c.gateways, req.MobileNumber, req.EmailAddress); err != nil {
		return nil, err
	}
	return &createForm{
		ObjectReferenceID: req.ObjectReferenceID, MobileNumber: req.MobileNumber, MobileCountryCode: countryCode,
		EmailAddress: req.EmailAddress, FirstName: req.FirstName, LastName: req.LastName,
		GetClientAuthToken: req.GetClientAuthToken,
	}, nil
}

// updateFormOf checks an update request and returns the form to send.
func updateFormOf(req *UpdateCustomerRequest) (*updateForm, error) {
	if err := checkNotNil(req); err != nil {
		return nil, err
	}
	if err := checkCustomerID("customer_id", req.CustomerID); err != nil {
		return nil, err
	}
	if req.MobileNumber == "" && req.MobileCountryCode == "" && req.EmailAddress == "" && req.FirstName == "" && req.LastName == "" {
		return nil, invalid("request", "has no field to update")
	}
	countryCode, verr := normalizeCountryCode(req.MobileCountryCode)
	if verr != nil {
		return nil, verr
	}
	if err := checkContact(req.MobileNumber, false, countryCode, req.EmailAddress, req.FirstName, req.LastName); err != nil {
		return nil, err
	}
	if err := checkRoutingID(req.RoutingID); err != nil {
		return nil, err
	}
	return &updateForm{
		MobileNumber: req.MobileNumber, MobileCountryCode: countryCode,
		EmailAddress: req.EmailAddress, FirstName: req.FirstName, LastName: req.LastName,
	}, nil
}

func checkGet(req *GetCustomerRequest) error {
	if err := checkNotNil(req); err != nil {
		return err
	}
	return checkLookup(req.CustomerID, req.RoutingID)
}

// MarshalJSON writes the customer as Juspay does, with its wire names;
// empty timestamps are left out.
func (c Customer) MarshalJSON() ([]byte, error) {
	w := customerWire{
		ID: jsonText(c.ID), Object: jsonText(c.Object), ObjectReferenceID: jsonText(c.ObjectReferenceID),
		MobileCountryCode: jsonText(c.MobileCountryCode), MobileNumber: jsonText(c.MobileNumber),
		EmailAddress: jsonText(c.EmailAddress), FirstName: jsonText(c.FirstName), LastName: jsonText(c.LastName),
		DateCreated: jsonText(formatTime(c.DateCreated)), LastUpdated: jsonText(formatTime(c.LastUpdated)),
	}
	if c.ClientAuth != nil {
		w.Juspay = c.ClientAuth.wire()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads a customer as Juspay sends it. A field Juspay sends
// as null stays empty; a timestamp in either of Juspay's forms is read,
// another leaves a zero time. JSON null leaves c as it is.
func (c *Customer) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var w customerWire
	if err := decodeCustomerWire(b, &w); err != nil {
		return err
	}
	*c = Customer{
		ID: string(w.ID), Object: string(w.Object), ObjectReferenceID: string(w.ObjectReferenceID),
		MobileCountryCode: string(w.MobileCountryCode), MobileNumber: string(w.MobileNumber),
		EmailAddress: string(w.EmailAddress), FirstName: string(w.FirstName), LastName: string(w.LastName),
		DateCreated: parseTime(string(w.DateCreated)), LastUpdated: parseTime(string(w.LastUpdated)),
	}
	if w.Juspay != nil {
		c.ClientAuth = clientAuthOf(w.Juspay)
	}
	return nil
}

// MarshalJSON writes {"client_auth_token": ..., "client_auth_token_expiry": ...}.
func (a ClientAuth) MarshalJSON() ([]byte, error) { return json.Marshal(a.wire()) }

// UnmarshalJSON reads Juspay's "juspay" object. JSON null leaves a as it is.
func (a *ClientAuth) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var w juspayWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = *clientAuthOf(&w)
	return nil
}

func (a ClientAuth) wire() *juspayWire {
	return &juspayWire{ClientAuthToken: jsonText(a.Token), ClientAuthTokenExpiry: jsonText(formatTime(a.Expiry))}
}

func clientAuthOf(w *juspayWire) *ClientAuth {
	return &ClientAuth{Token: string(w.ClientAuthToken), Expiry: parseTime(string(w.ClientAuthTokenExpiry))}
}

// Format prints the customer with its personal data masked, whatever the verb.
func (c Customer) Format(f fmt.State, _ rune) { formatFields(f, "Customer", c.fields()) }

// LogValue logs the customer with its personal data masked.
func (c Customer) LogValue() slog.Value { return logFields(c.fields()) }

func (c Customer) fields() []field {
	fs := []field{
		{"ID", c.ID}, {"Object", c.Object},
		{"ObjectReferenceID", maskID(c.ObjectReferenceID)},
		{"MobileCountryCode", c.MobileCountryCode},
		{"MobileNumber", maskMobile(c.MobileNumber)},
		{"EmailAddress", maskEmail(c.EmailAddress)},
		{"FirstName", maskName(c.FirstName)},
		{"LastName", maskName(c.LastName)},
		{"DateCreated", formatTime(c.DateCreated)},
		{"LastUpdated", formatTime(c.LastUpdated)},
	}
	if c.ClientAuth != nil {
		fs = append(fs, field{"ClientAuth", fmt.Sprint(*c.ClientAuth)})
	}
	return fs
}

// Format prints the token masked, with its expiry, whatever the verb.
func (a ClientAuth) Format(f fmt.State, _ rune) { formatFields(f, "ClientAuth", a.fields()) }

// LogValue logs the token masked, with its expiry.
func (a ClientAuth) LogValue() slog.Value { return logFields(a.fields()) }

func (a ClientAuth) fields() []field {
	return []field{{"Token", maskToken(a.Token)}, {"Expiry", formatTime(a.Expiry)}}
}

// Format prints the request with its personal data masked, whatever the verb.
func (req CreateCustomerRequest) Format(f fmt.State, _ rune) {
	formatFields(f, "CreateCustomerRequest", req.fields())
}

// LogValue logs the request with its personal data masked.
func (req CreateCustomerRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req CreateCustomerRequest) fields() []field {
	return []field{
		{"ObjectReferenceID", maskID(req.ObjectReferenceID)},
		{"MobileNumber", maskMobile(req.MobileNumber)},
		{"MobileCountryCode", req.MobileCountryCode},
		{"EmailAddress", maskEmail(req.EmailAddress)},
		{"FirstName", maskName(req.FirstName)},
		{"LastName", maskName(req.LastName)},
		{"GetClientAuthToken", strconv.FormatBool(req.GetClientAuthToken)},
		{"RoutingID", maskID(req.RoutingID)},
	}
}

// Format prints the request with its ids masked, whatever the verb.
func (req GetCustomerRequest) Format(f fmt.State, _ rune) {
	formatFields(f, "GetCustomerRequest", req.fields())
}

// LogValue logs the request with its ids masked.
func (req GetCustomerRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req GetCustomerRequest) fields() []field {
	return []field{
		{"CustomerID", maskID(req.CustomerID)},
		{"GetClientAuthToken", strconv.FormatBool(req.GetClientAuthToken)},
		{"RoutingID", maskID(req.RoutingID)},
	}
}

// Format prints the request with its personal data masked, whatever the verb.
func (req UpdateCustomerRequest) Format(f fmt.State, _ rune) {
	formatFields(f, "UpdateCustomerRequest", req.fields())
}

// LogValue logs the request with its personal data masked.
func (req UpdateCustomerRequest) LogValue() slog.Value { return logFields(req.fields()) }

func (req UpdateCustomerRequest) fields() []field {
	return []field{
		{"CustomerID", maskID(req.CustomerID)},
		{"MobileNumber", maskMobile(req.MobileNumber)},
		{"MobileCountryCode", req.MobileCountryCode},
		{"EmailAddress", maskEmail(req.EmailAddress)},
		{"FirstName", maskName(req.FirstName)},
		{"LastName", maskName(req.LastName)},
		{"RoutingID", maskID(req.RoutingID)},
	}
}
