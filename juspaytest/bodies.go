package juspaytest

// The error bodies the server answers with, in the shapes and key order that
// Juspay documents (they do not share one shape: the 401 has no
// error_message, the 404 has only error_info.code).

type errorBody struct {
	ErrorMessage string    `json:"error_message,omitempty"`
	Status       string    `json:"status"`
	ErrorCode    string    `json:"error_code"`
	ErrorInfo    errorInfo `json:"error_info"`
}

type errorInfo struct {
	UserMessage      string       `json:"user_message,omitempty"`
	Fields           []fieldError `json:"fields,omitempty"`
	DeveloperMessage string       `json:"developer_message,omitempty"`
	Code             string       `json:"code"`
	Category         string       `json:"category,omitempty"`
}

type fieldError struct {
	FieldName string `json:"field_name"`
	Reason    string `json:"reason"`
}

const userError = "USER_ERROR"

// unauthorized is the documented 401 body, for a wrong or missing API key or
// merchant id.
func unauthorized() errorBody {
	return errorBody{Status: "error", ErrorCode: "access_denied", ErrorInfo: errorInfo{
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
		ErrorInfo: errorInfo{
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
		ErrorInfo: errorInfo{
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
		ErrorInfo: errorInfo{
			UserMessage:      "Already exists.",
			DeveloperMessage: "Customer with given object reference id already exists.",
			Code:             "ALREADY_EXISTS",
			Category:         userError,
		},
	}
}

// notFound is the documented 404 body, for an unknown customer (and, here,
// an unknown path).
func notFound() errorBody {
	return errorBody{
		ErrorMessage: "Cannot find what you are looking for",
		Status:       "invalid_request_error",
		ErrorCode:    "object_not_found",
		ErrorInfo:    errorInfo{Code: "RESOURCE_NOT_FOUND"},
	}
}

// invalidRequest is a 400 body for a request the server cannot read at all
// (wrong Content-Type, malformed form), in Juspay's older invalid_request
// style.
func invalidRequest(msg string) errorBody {
	return errorBody{
		ErrorMessage: msg,
		Status:       "invalid_request_error",
		ErrorCode:    "invalid_request",
		ErrorInfo: errorInfo{
			UserMessage: "Invalid request.", DeveloperMessage: msg,
			Code: "INVALID_INPUT", Category: userError,
		},
	}
}
