package juspay

import (
	"context"
	"log/slog"
)

// log writes one record about an attempt: the call, method, path template,
// attempt, status, one extra attribute (duration or wait) and Juspay's error
// code or the transport error's text. Nothing else: never the key, headers,
// ids, form or body. It costs nothing without WithLogger.
func (c *Client) log(ctx context.Context, level slog.Level, msg string, r *request, attempt int, o outcome, extra slog.Attr) {
	if c.logger == nil || !c.logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs,
		slog.String("call", r.call),
		slog.String("method", r.method),
		slog.String("path", r.template),
		slog.Int("attempt", attempt),
		slog.Int("status", o.status),
		extra,
	)
	switch e := o.err.(type) {
	case *APIError:
		attrs = append(attrs, slog.String("error_code", e.ErrorCode))
		if code := e.code(); code != "" {
			attrs = append(attrs, slog.String("error_info_code", code))
		}
	case *RequestError:
		// Error text never includes the URL, form or headers.
		attrs = append(attrs, slog.String("error", e.Err.Error()))
	}
	c.logger.LogAttrs(ctx, level, msg, attrs...)
}
