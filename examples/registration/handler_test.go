package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	juspay "github.com/seed276dc779/juspay-go"
)

// The personal data of the test user: no answer may echo it.
const (
	testEmail  = "asha.rao@example.com"
	testMobile = "9988776655"
	signupBody = `{"user_id":"user-000042","email":"` + testEmail + `","mobile":"` + testMobile +
		`","country_code":"91","first_name":"Asha","last_name":"Rao"}`
)

// signup sends one sign-up request to h and returns the recorded answer.
func signup(t *testing.T, h http.Handler, method, body string) *httptest.ResponseRecorder {
	t.Helper()
	return call(t, h, method, "/signup", body)
}

// call sends one request to h and returns the recorded answer, checking
// that it is JSON and echoes no personal data.
func call(t *testing.T, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.NotContains(t, rec.Body.String(), testEmail)
	assert.NotContains(t, rec.Body.String(), testMobile)
	return rec
}

// fakeCreator is a CustomerCreator whose behaviour each test sets.
type fakeCreator struct {
	getOrCreate func(ctx context.Context, req *juspay.CreateCustomerRequest) (*juspay.Customer, error)
}

func (f *fakeCreator) GetOrCreateCustomer(ctx context.Context, req *juspay.CreateCustomerRequest) (*juspay.Customer, error) {
	return f.getOrCreate(ctx, req)
}

// TestSignupWithFake tests the handler alone, through a fake of the small
// interface it depends on. Choose this for your handler's own logic (every
// error mapping, what it passes on): it needs no server, runs in
// microseconds, and reaches errors that are hard to provoke over HTTP. It
// cannot tell you whether the real client would return those errors: pair it
// with one juspaytest test.
func TestSignupWithFake(t *testing.T) {
	cases := []struct {
		name       string
		err        error
		wantStatus int
		wantBody   string
	}{
		{"created", nil, http.StatusCreated, `{"juspay_customer_id":"cst_fake000000000001"}`},
		{"invalid field", &juspay.ValidationError{Field: "email_address", Reason: "must be local@domain"},
			http.StatusUnprocessableEntity, `{"error":"invalid_field","field":"email_address"}`},
		{"field Juspay refused", &juspay.APIError{HTTPStatus: 400, ErrorCode: "Invalid Request", ErrorMessage: "Wrong value in mobile_number " + testMobile,
			ErrorInfo: &juspay.ErrorInfo{Fields: []juspay.FieldError{{FieldName: "mobile_number", Reason: "Invalid value."}}}},
			http.StatusUnprocessableEntity, `{"error":"invalid_field","field":"mobile_number"}`},
		{"wrong API key", &juspay.APIError{HTTPStatus: 401, ErrorCode: "access_denied"}, http.StatusInternalServerError, `{"error":"internal"}`},
		{"IP not allowed", &juspay.APIError{HTTPStatus: 403, ErrorInfo: &juspay.ErrorInfo{Code: "BAD_ORIGIN"}}, http.StatusInternalServerError, `{"error":"internal"}`},
		{"Juspay down", &juspay.APIError{HTTPStatus: 503}, http.StatusServiceUnavailable, `{"error":"juspay_unavailable"}`},
		{"rate limited", &juspay.APIError{HTTPStatus: 429}, http.StatusServiceUnavailable, `{"error":"juspay_unavailable"}`},
		{"Juspay slow", &juspay.RequestError{Err: context.DeadlineExceeded}, http.StatusServiceUnavailable, `{"error":"juspay_unavailable"}`},
		{"other refusal", &juspay.APIError{HTTPStatus: 400, ErrorCode: "x", ErrorMessage: "about " + testEmail},
			http.StatusBadGateway, `{"error":"juspay_error"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := &fakeCreator{getOrCreate: func(ctx context.Context, req *juspay.CreateCustomerRequest) (*juspay.Customer, error) {
				_, hasDeadline := ctx.Deadline()
				assert.True(t, hasDeadline, "the handler bounds the Juspay call")
				assert.Equal(t, &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000042", MobileNumber: testMobile,
					MobileCountryCode: "91", EmailAddress: testEmail, FirstName: "Asha", LastName: "Rao"}, req)
				if c.err != nil {
					return nil, c.err
				}
				return &juspay.Customer{ID: "cst_fake000000000001"}, nil
			}}
			var logs bytes.Buffer
			h := &SignupHandler{Juspay: fake, Log: slog.New(slog.NewTextHandler(&logs, nil))}
			rec := signup(t, h, http.MethodPost, signupBody)
			assert.Equal(t, c.wantStatus, rec.Code)
			assert.JSONEq(t, c.wantBody, rec.Body.String())
			if c.wantStatus == http.StatusServiceUnavailable {
				assert.Equal(t, "5", rec.Header().Get("Retry-After"))
			}
			if c.wantStatus == http.StatusInternalServerError { // our config is broken: someone must hear of it
				assert.Contains(t, logs.String(), "level=ERROR")
			}
		})
	}
}

// The per-request timeout and the caller's context both reach the client:
// the deadline falls Timeout after the request, 10s when unset.
func TestSignupContext(t *testing.T) {
	cases := []struct {
		name    string
		timeout time.Duration
		want    time.Duration
		hang    bool // Juspay never answers
	}{
		{"Timeout", 50 * time.Millisecond, 50 * time.Millisecond, true},
		{"default", 0, 10 * time.Second, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var deadline time.Time
			fake := &fakeCreator{getOrCreate: func(ctx context.Context, _ *juspay.CreateCustomerRequest) (*juspay.Customer, error) {
				deadline, _ = ctx.Deadline()
				if c.hang {
					<-ctx.Done()
					return nil, &juspay.RequestError{Err: ctx.Err()}
				}
				return &juspay.Customer{ID: "cst_fake000000000001"}, nil
			}}
			before := time.Now()
			rec := signup(t, &SignupHandler{Juspay: fake, Timeout: c.timeout}, http.MethodPost, signupBody)
			after := time.Now()
			if c.hang {
				assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
			}
			assert.False(t, deadline.Before(before.Add(c.want)), "deadline %v too early", deadline)
			assert.False(t, deadline.After(after.Add(c.want)), "deadline %v too late", deadline)
		})
	}
}

func TestSignupBadRequests(t *testing.T) {
	fake := &fakeCreator{getOrCreate: func(context.Context, *juspay.CreateCustomerRequest) (*juspay.Customer, error) {
		t.Error("Juspay must not be called")
		return nil, nil
	}}
	h := &SignupHandler{Juspay: fake}

	rec := signup(t, h, http.MethodGet, "")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, http.MethodPost, rec.Header().Get("Allow"))

	for _, body := range []string{"", "{", "[]", `{"user_id":42}`, "{" + strings.Repeat(" ", 70<<10) + "}"} {
		rec = signup(t, h, http.MethodPost, body)
		assert.Equal(t, http.StatusBadRequest, rec.Code, "body %.20q", body)
		assert.JSONEq(t, `{"error":"bad_json"}`, rec.Body.String())
	}
}
