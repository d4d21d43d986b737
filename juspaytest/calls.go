package juspaytest

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The calls, each over the store, after the handler's checks (auth, body,
// routing id) have passed.

func success(body any) answer { return answer{status: http.StatusOK, body: body} }

// asked reads an options.* flag: "true" in any case.
func asked(v string) bool { return strings.EqualFold(v, "true") }

func createCustomer(st *store, now time.Time, in url.Values) answer {
	f := fieldsOf(in.Get)
	if p := validateCreate(f); p != nil {
		return answer{http.StatusBadRequest, p.body()}
	}
	c, g, err := st.create(Customer{
		ObjectReferenceID: f.ref, MobileCountryCode: f.countryCode, MobileNumber: f.mobile,
		EmailAddress: f.email, FirstName: f.firstName, LastName: f.lastName,
	}, now, asked(in.Get("options.get_client_auth_token")))
	switch err.(type) {
	case nil:
		return success(renderCustomer(c, g))
	case *limitError:
		return answer{http.StatusInsufficientStorage, limitReached(err.Error())}
	}
	return answer{http.StatusBadRequest, alreadyExists()}
}

func getCustomer(st *store, now time.Time, id string, query url.Values) answer {
	c, g, found := st.get(id, now, asked(query.Get("options.get_client_auth_token")))
	if !found {
		return answer{http.StatusNotFound, customerNotFound()}
	}
	return success(renderCustomer(c, g))
}

// updateCustomer changes the fields sent with a non-empty value; the others,
// and object_reference_id, stay. An unknown customer is a 404 before any
// field rule.
func updateCustomer(st *store, now time.Time, id string, in url.Values) answer {
	f := fieldsOf(in.Get)
	if _, found := st.find(id); !found {
		return answer{http.StatusNotFound, customerNotFound()}
	}
	if p := validateUpdate(f); p != nil {
		return answer{http.StatusBadRequest, p.body()}
	}
	c, found := st.update(id, now, func(c *Customer) {
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
	})
	if !found {
		return answer{http.StatusNotFound, customerNotFound()}
	}
	return success(renderCustomer(c, nil))
}

// listCards answers the cards of the customer the customer_id query names;
// an unknown customer has none, as Juspay's card locker keys cards by the
// id given.
func listCards(st *store, merchantID string, query url.Values, now time.Time) answer {
	id := query.Get("customer_id")
	if id == "" {
		return answer{http.StatusBadRequest, missingField("customer_id")}
	}
	cards := st.cardsOf(id, true, now)
	return success(renderCards(id, merchantID, cards, asked(query.Get("options.check_cvv_less_support"))))
}

func deleteCard(st *store, in url.Values, now time.Time) answer {
	tok := in.Get("card_token")
	if tok == "" {
		return answer{http.StatusBadRequest, missingField("card_token")}
	}
	c, found := st.deleteCard(tok, now)
	if !found {
		return answer{http.StatusBadRequest, cardNotFound()}
	}
	return success(deletedCardJSON{CardToken: c.Token, CardReference: c.Reference, Deleted: true})
}

// listWallets answers the customer's wallets, refreshed first when asked.
func listWallets(st *store, id string, refresh bool, now time.Time) answer {
	ws, found := st.walletsOf(id, refresh, now)
	if !found {
		return answer{http.StatusBadRequest, walletCustomerNotFound()}
	}
	return success(renderWallets(ws))
}
