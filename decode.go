package juspay

import (
	"encoding/json"
	"time"
)

// decodeCustomer decodes a customer object as Juspay sends it. body is
// reused after it returns: nothing may alias it.
func decodeCustomer(body []byte) (*Customer, error) {
	var w customerWire
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, err
	}
	return w.customer(), nil
}

// customerWire is the customer as Juspay sends it.
type customerWire struct {
	ID                string `json:"id"`
	Object            string `json:"object"`
	ObjectReferenceID string `json:"object_reference_id"`
	MobileCountryCode string `json:"mobile_country_code"`
	MobileNumber      string `json:"mobile_number"`
	EmailAddress      string `json:"email_address"`
	FirstName         string `json:"first_name"`
	LastName          string `json:"last_name"`
	DateCreated       string `json:"date_created"`
	LastUpdated       string `json:"last_updated"`
	Juspay            *struct {
		Token  string `json:"client_auth_token"`
		Expiry string `json:"client_auth_token_expiry"`
	} `json:"juspay"`
}

func (w *customerWire) customer() *Customer {
	// One allocation for the customer and its token.
	both := &struct {
		c Customer
		a ClientAuth
	}{}
	c := &both.c
	*c = Customer{
		ID:                w.ID,
		Object:            w.Object,
		ObjectReferenceID: w.ObjectReferenceID,
		MobileCountryCode: w.MobileCountryCode,
		MobileNumber:      w.MobileNumber,
		EmailAddress:      w.EmailAddress,
		FirstName:         w.FirstName,
		LastName:          w.LastName,
		DateCreated:       parseTime(w.DateCreated),
		LastUpdated:       parseTime(w.LastUpdated),
	}
	if w.Juspay != nil && w.Juspay.Token != "" {
		both.a = ClientAuth{Token: w.Juspay.Token, Expiry: parseTime(w.Juspay.Expiry)}
		c.ClientAuth = &both.a
	}
	return c
}

// parseTime reads Juspay's two timestamp forms, "2020-03-17T14:13:37Z" and
// "2016-08-02T08:07:52+0000" (and RFC 3339 offsets such as "+05:30"), as
// UTC. Anything else gives the zero time: a bad timestamp never fails a call.
func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	// RFC 3339 first: the time package has a fast path for it.
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t, err = time.Parse("2006-01-02T15:04:05Z0700", s); err != nil {
			return time.Time{}
		}
	}
	return t.UTC()
}
