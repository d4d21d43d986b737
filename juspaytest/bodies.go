package juspaytest

import "strings"

// The error bodies the server answers with, in the shapes and key order
// Juspay documents. They do not share one shape: the 401 has no
// error_message, the customer 404 has no error_info.

// errorBody is an error with an error_info object; the handler fills
// error_info.request_id with the answer's x-response-id.
type errorBody struct {
	ErrorMessage string     `json:"error_message,omitempty"`
	Status       string     `json:"status"`
	ErrorCode    string     `json:"error_code"`
	ErrorInfo    *errorInfo `json:"error_info,omitempty"`
}

type errorInfo struct {
	UserMessage      string       `json:"user_message,omitempty"`
	Fields           []fieldError `json:"fields,omitempty"`
	DeveloperMessage string       `json:"developer_message,omitempty"`
	Code             string       `json:"code"`
	Category         string       `json:"category,omitempty"`
	RequestID        string       `json:"request_id,omitempty"`
}

type fieldError struct {
	FieldName string `json:"field_name"`
	Reason    string `json:"reason"`
}

// plainError is an error without error_info, in the key order of Juspay's
// samples of that shape.
type plainError struct {
	Status       string `json:"status"`
	ErrorCode    string `json:"error_code"`
	ErrorMessage string `json:"error_message"`
}

// withRequestID returns e with error_info.request_id set to id; e's own
// error_info is not changed, so a body can be reused.
func (e errorBody) withRequestID(id string) errorBody {
	if e.ErrorInfo != nil {
		info := *e.ErrorInfo
		info.RequestID = id
		e.ErrorInfo = &info
	}
	return e
}

const userError = "USER_ERROR"

// unauthorized is the documented 401 body, for a wrong or missing API key or
// merchant id.
func unauthorized() errorBody {
	return errorBody{Status: "error", ErrorCode: "access_denied", ErrorInfo: &errorInfo{
		UserMessage: "Unauthorized.", DeveloperMessage: "Invalid API Key...",
		Code: "UNAUTHORIZED", Category: userError,
	}}
}

// invalidField is the documented 400 body for a field whose value is refused.
func invalidField(field string) errorBody {
	return errorBody{
		ErrorMessage: "Wrong value in " + field,
		Status:       "Invalid Request",
		ErrorCode:    "Invalid Request",
		ErrorInfo: &errorInfo{
			UserMessage:      "Invalid value provided for " + field + ".",
			Fields:           []fieldError{{FieldName: field, Reason: "Invalid value."}},
			DeveloperMessage: "Invalid request params",
			Code:             "INVALID_INPUT",
			Category:         userError,
		},
	}
}

// missingField is the 400 body for a missing mandatory field, after the
// page's 400 example ("mobile_number is mandatory field.") and Juspay's
// "nullable" error code.
func missingField(field string) errorBody {
	msg := field + " is mandatory field."
	return errorBody{
		ErrorMessage: msg,
		Status:       "Bad Request",
		ErrorCode:    "nullable",
		ErrorInfo: &errorInfo{
			UserMessage:      "Mandatory fields are missing.",
			Fields:           []fieldError{{FieldName: field, Reason: "Mandatory field missing."}},
			DeveloperMessage: msg,
			Code:             "MISSING_MANDATORY_PARAMETER",
			Category:         userError,
		},
	}
}

// alreadyExists is the documented 400 body for a duplicate
// object_reference_id.
func alreadyExists() errorBody {
	return errorBody{
		ErrorMessage: "Customer with given object reference id already exist for your account.",
		Status:       "invalid_request_error",
		ErrorCode:    "unique",
		ErrorInfo: &errorInfo{
			UserMessage:      "Already exists.",
			DeveloperMessage: "Customer with given object reference id already exists.",
			Code:             "ALREADY_EXISTS",
			Category:         userError,
		},
	}
}

// customerNotFound is the 404 for an unknown customer on Get and Update, as
// Juspay's own MCP server documents it and the v2 error-code page lists it:
// no error_info.
func customerNotFound() plainError {
	return plainError{
		Status:       "invalid_request_error",
		ErrorCode:    "object_not_found",
		ErrorMessage: "Cannot find what you are looking for",
	}
}

// walletCustomerNotFound is the 400 Juspay documents for a customer's wallet
// list (Refresh All Wallets) when the customer does not exist.
func walletCustomerNotFound() plainError {
	return plainError{
		Status:       "Invalid Request",
		ErrorCode:    "null_error",
		ErrorMessage: "Customer not found for given customerId.",
	}
}

// limitReached is the 507 for a create over one of the server's Limits: the
// shape of Juspay's errors without error_info, its message naming the limit
// and how to raise it.
func limitReached(msg string) plainError {
	return plainError{Status: "error", ErrorCode: "limit_exceeded", ErrorMessage: "juspaytest: " + msg}
}

// cardNotFound is the 400 for a card_token no saved card has: Juspay's Delete
// Card page documents a 400 with status, error_code and error_info, and its
// error-code list names RESOURCE_NOT_FOUND for an identifier not present.
func cardNotFound() errorBody {
	return errorBody{
		ErrorMessage: "Cannot find what you are looking for",
		Status:       "invalid_request_error",
		ErrorCode:    "object_not_found",
		ErrorInfo: &errorInfo{
			UserMessage:      "Card not found.",
			DeveloperMessage: "No saved card has the given card_token.",
			Code:             "RESOURCE_NOT_FOUND",
			Category:         userError,
		},
	}
}

// notServed is the 501 for a request no route serves: never Juspay's
// not-found, which would read as "no such customer". It names the method
// and the path with each segment after the first as "*" (the first too
// when it is not a plain word), so that no id the path holds is echoed
// into the caller's error text.
func notServed(method, escapedPath string) plainError {
	method = method[:min(len(method), 32)]
	segs := strings.Split(escapedPath, "/")
	for i := 1; i < len(segs); i++ {
		if segs[i] != "" && (i > 1 || !plainWord(segs[i])) {
			segs[i] = "*"
		}
	}
	return plainError{
		Status:       "error",
		ErrorCode:    "not_implemented",
		ErrorMessage: "juspaytest does not serve " + method + " " + strings.Join(segs, "/") + ": add the route with Server.Handle",
	}
}

// plainWord reports whether s is a path segment that names no one: 1 to
// 32 lower-case letters, digits, '-' and '_', as "customers" or "cards".
func plainWord(s string) bool {
	if len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// invalidRequest is a 400 body for a request the server cannot read at all
// (wrong Content-Type, malformed body), in Juspay's invalid_request style.
func invalidRequest(msg string) errorBody {
	return errorBody{
		ErrorMessage: msg,
		Status:       "invalid_request_error",
		ErrorCode:    "invalid_request",
		ErrorInfo: &errorInfo{
			UserMessage: "Invalid request.", DeveloperMessage: msg,
			Code: "INVALID_INPUT", Category: userError,
		},
	}
}
