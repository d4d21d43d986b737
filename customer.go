package juspay

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// CreateCustomerRequest is the body of Create Customer
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer).
// The url tags define the form sent; empty optional fields are left out.
// See validate.go and the README for the rules each field must meet.
type CreateCustomerRequest struct {
	// ObjectReferenceID is your id for the customer (8 to 128 characters),
	// unique per merchant; often an e-mail, mobile number or database id. Required.
	ObjectReferenceID string `url:"object_reference_id"`
	// MobileNumber is digits only, at most 16, without the country code; a
	// leading '+' is allowed only with MobileCountryCode. Required.
	MobileNumber string `url:"mobile_number"`
	// MobileCountryCode is 1 to 4 digits, e.g. "91"; a leading '+' is removed.
	MobileCountryCode string `url:"mobile_country_code,omitempty"`
	// EmailAddress is at most 128 characters, local@domain.
	EmailAddress string `url:"email_address,omitempty"`
	// FirstName and LastName are at most 64 characters each, without any of
	// +!<>?;:@%`&*$^{}/\,=
	FirstName string `url:"first_name,omitempty"`
	LastName  string `url:"last_name,omitempty"`
	// GetClientAuthToken asks for a client auth token (Customer.ClientAuth),
	// needed by Juspay's Express Checkout SDK; it expires after 15 minutes.
	GetClientAuthToken bool `url:"options.get_client_auth_token,omitempty"`
	// RoutingID is sent as x-routing-id; empty means ObjectReferenceID. Send
	// the same value on every call for the same customer.
	RoutingID string `url:"-"`
}

// GetCustomerRequest identifies a customer for GetCustomer and ClientAuthToken.
type GetCustomerRequest struct {
	// CustomerID is Juspay's id ("cst_...") or your object_reference_id. Required.
	CustomerID string
	// GetClientAuthToken asks for a fresh client auth token.
	GetClientAuthToken bool
	// RoutingID is sent as x-routing-id; empty means CustomerID.
	RoutingID string
}

// UpdateCustomerRequest changes a customer: empty fields stay unchanged, and
// at least one must be given. Fields follow CreateCustomerRequest's rules.
type UpdateCustomerRequest struct {
	// CustomerID is Juspay's id ("cst_...") or your object_reference_id. Required.
	CustomerID        string `url:"-"`
	MobileNumber      string `url:"mobile_number,omitempty"`
	MobileCountryCode string `url:"mobile_country_code,omitempty"`
	EmailAddress      string `url:"email_address,omitempty"`
	FirstName         string `url:"first_name,omitempty"`
	LastName          string `url:"last_name,omitempty"`
	// RoutingID is sent as x-routing-id; empty means CustomerID.
	RoutingID string `url:"-"`
}

// Customer is Juspay's customer object. Its fields hold the data as sent;
// printing it with fmt or slog masks the personal data (see the README).
type Customer struct {
	ID                string // Juspay's id, "cst_..."
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
}

// ClientAuth is a client auth token for Juspay's Express Checkout SDK.
// Printing it with fmt or slog masks the token.
type ClientAuth struct {
	Token  string    // client_auth_token, "tkn_..."
	Expiry time.Time // client_auth_token_expiry, UTC; zero if unreadable
}

// Expired reports whether the token has expired at now. A token without a
// readable expiry counts as expired, so it is renewed rather than trusted.
func (a *ClientAuth) Expired(now time.Time) bool {
	return a == nil || a.Token == "" || a.Expiry.IsZero() || !now.Before(a.Expiry)
}

// ExpiresIn returns how long the token stays valid after now; zero or less
// once it has expired (or has no readable expiry).
func (a *ClientAuth) ExpiresIn(now time.Time) time.Duration {
	if a.Expired(now) {
		return 0
	}
	return a.Expiry.Sub(now)
}

// CreateCustomer creates a customer (POST /customers). The request is
// validated first; an invalid one returns a *ValidationError and sends
// nothing. Juspay's refusals come back as *APIError (errors.Is(err,
// ErrAlreadyExists) for a duplicate object_reference_id). When an attempt
// that may have reached Juspay is retried and then meets "already exists",
// the customer that attempt created is fetched and returned, so a retry
// never creates a second customer nor reports a false duplicate.
// https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer
func (c *Client) CreateCustomer(ctx context.Context, req *CreateCustomerRequest) (*Customer, error) {
	cc, err := c.validateCreate(req)
	if err != nil {
		return nil, err
	}
	return c.create(ctx, "CreateCustomer", req, cc)
}

func (c *Client) validateCreate(req *CreateCustomerRequest) (string, error) {
	cc, verr := validateCreate(req)
	if verr != nil {
		return "", verr
	}
	if err := checkGatewayFields(c.gateways, req.MobileNumber, req.EmailAddress); err != nil {
		return "", err
	}
	return cc, nil
}

func (c *Client) create(ctx context.Context, call string, req *CreateCustomerRequest, cc string) (*Customer, error) {
	routing := firstNonEmpty(req.RoutingID, req.ObjectReferenceID)
	r := &request{call: call, method: http.MethodPost, template: "/customers", path: "/customers",
		routingID: routing, body: encodeCreate(req, cc)}
	cust, landed, err := c.doCustomer(ctx, r)
	if err != nil && landed && IsAlreadyExists(err) {
		// An earlier attempt created the customer before its answer was lost.
		return c.get(ctx, call, req.ObjectReferenceID, req.GetClientAuthToken, routing)
	}
	return cust, err
}

// GetCustomer fetches a customer by Juspay's id or your object_reference_id
// (GET /customers/{id}); with GetClientAuthToken it carries a fresh token.
// An unknown id gives an *APIError for which IsNotFound is true.
// https://juspay.io/api-reference/docs/express-checkout/getcustomer
func (c *Client) GetCustomer(ctx context.Context, req *GetCustomerRequest) (*Customer, error) {
	if err := validateGet(req); err != nil {
		return nil, err
	}
	return c.get(ctx, "GetCustomer", req.CustomerID, req.GetClientAuthToken, firstNonEmpty(req.RoutingID, req.CustomerID))
}

func (c *Client) get(ctx context.Context, call, id string, token bool, routing string) (*Customer, error) {
	r := &request{call: call, method: http.MethodGet, template: "/customers/{id}", routingID: routing}
	r.path, r.rawPath = customerPath(id)
	if token {
		r.query = "options.get_client_auth_token=true"
	}
	cust, _, err := c.doCustomer(ctx, r)
	return cust, err
}

// customerPath returns /customers/{id} unescaped and escaped: the id is one
// path segment, whatever '/', '?', '#' or '%' it holds.
func customerPath(id string) (path, rawPath string) {
	path = "/customers/" + id
	if esc := url.PathEscape(id); esc != id {
		rawPath = "/customers/" + esc
	}
	return path, rawPath
}

// UpdateCustomer changes the given fields of a customer (POST
// /customers/{id}) and returns it as Juspay now holds it. Empty fields are
// not sent and stay as they were; a request with none returns a
// *ValidationError.
// https://juspay.io/api-reference/docs/express-checkout/updatecustomer
func (c *Client) UpdateCustomer(ctx context.Context, req *UpdateCustomerRequest) (*Customer, error) {
	cc, verr := validateUpdate(req)
	if verr != nil {
		return nil, verr
	}
	r := &request{call: "UpdateCustomer", method: http.MethodPost, template: "/customers/{id}",
		routingID: firstNonEmpty(req.RoutingID, req.CustomerID), body: encodeUpdate(req, cc)}
	r.path, r.rawPath = customerPath(req.CustomerID)
	cust, _, err := c.doCustomer(ctx, r)
	return cust, err
}

// GetOrCreateCustomer follows Juspay's guide: get the customer by
// req.ObjectReferenceID and create it only when Juspay answers
// object_not_found (a 404 without that code, from a proxy say, is
// returned). Two calls racing to create the same customer both get it: the
// loser's "already exists" is resolved by a second get. The request
// is validated as for CreateCustomer before anything is sent, and a token is
// asked for on whichever call returns the customer when
// req.GetClientAuthToken is set. x-routing-id is req.RoutingID, else the
// object_reference_id, on every call made.
func (c *Client) GetOrCreateCustomer(ctx context.Context, req *CreateCustomerRequest) (*Customer, error) {
	const call = "GetOrCreateCustomer"
	cc, err := c.validateCreate(req)
	if err != nil {
		return nil, err
	}
	routing := firstNonEmpty(req.RoutingID, req.ObjectReferenceID)
	cust, err := c.get(ctx, call, req.ObjectReferenceID, req.GetClientAuthToken, routing)
	if err == nil || !isObjectNotFound(err) {
		return cust, err
	}
	cust, err = c.create(ctx, call, req, cc)
	if err != nil && IsAlreadyExists(err) {
		return c.get(ctx, call, req.ObjectReferenceID, req.GetClientAuthToken, routing)
	}
	return cust, err
}

// customerResult receives the customer of a 2xx answer.
type customerResult struct{ c *Customer }

func (r *customerResult) decode(body []byte) (err error) {
	r.c, err = decodeCustomer(body)
	return err
}

// doCustomer sends r and returns the customer Juspay answers with; landed
// is do's report that an earlier attempt may have been acted on.
func (c *Client) doCustomer(ctx context.Context, r *request) (cust *Customer, landed bool, err error) {
	var out customerResult
	if landed, err = c.do(ctx, r, &out); err != nil {
		return nil, landed, err
	}
	return out.c, landed, nil
}

// isObjectNotFound reports Juspay's own "no such customer": a bare 404 (from
// a proxy or a wrong base URL, say) must not lead to a create.
func isObjectNotFound(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.ErrorCode == "object_not_found" || ae.code() == "RESOURCE_NOT_FOUND")
}

// ClientAuthToken returns a fresh client auth token for an existing customer
// (GET /customers/{id}?options.get_client_auth_token=true); req's
// GetClientAuthToken is ignored. Tokens last 15 minutes: check
// ClientAuth.Expired before reuse.
func (c *Client) ClientAuthToken(ctx context.Context, req *GetCustomerRequest) (*ClientAuth, error) {
	if err := validateGet(req); err != nil {
		return nil, err
	}
	cust, err := c.get(ctx, "ClientAuthToken", req.CustomerID, true, firstNonEmpty(req.RoutingID, req.CustomerID))
	if err != nil {
		return nil, err
	}
	if cust.ClientAuth == nil {
		return nil, &RequestError{Call: "ClientAuthToken", Method: http.MethodGet, Path: "/customers/{id}",
			Attempts: 1, HTTPStatus: http.StatusOK, Err: errors.New("the answer holds no client auth token")}
	}
	return cust.ClientAuth, nil
}
