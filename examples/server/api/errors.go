package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/shouhou/shouhou/aftersales"
)

// Error is the body of every error response. Code and Message are the
// first (or only) problem; Errors lists every one when the input had
// several, so that a client can show all of them at once.
type Error struct {
	Code    string    `json:"code"`
	Message string    `json:"message"`
	Errors  []Problem `json:"errors,omitempty"`
}

// Problem is one of several things wrong with a request's input.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Status maps a domain error kind to its HTTP status: the only place that
// does. The API's errors and the desk's error pages both answer with it.
func Status(k aftersales.ErrorKind) int {
	switch k {
	case aftersales.KindInvalid:
		return http.StatusBadRequest
	case aftersales.KindNotFound:
		return http.StatusNotFound
	case aftersales.KindConflict:
		return http.StatusConflict
	case aftersales.KindForbidden:
		return http.StatusForbidden
	case aftersales.KindNotAllowed:
		return http.StatusUnprocessableEntity
	case aftersales.KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// RetryAfter is how many seconds a 503 asks the client to wait before it
// tries again (the Retry-After header): long enough for a database to come
// back or a disk to be freed, short enough for a person at the desk.
const RetryAfter = 5

// WriteUnavailable answers 503 with Retry-After and the stable code
// "unavailable": the storage failed, and the request may be retried.
func WriteUnavailable(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
	writeError(w, http.StatusServiceUnavailable, "unavailable", "数据存储暂时不可用，请稍后重试")
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":"internal","message":"服务器内部错误"}` + "\n"))
		return
	}
	w.WriteHeader(code)
	_, _ = w.Write(inCST(buf.Bytes())) // every time at +08:00: see inCST
}

func writeError(w http.ResponseWriter, code int, errCode, msg string) {
	writeJSON(w, code, Error{Code: errCode, Message: msg})
}

// fail writes err: a domain error with its kind's status, code and Chinese
// message; anything else as a 500 whose text never reaches the client.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var de *aftersales.Error
	if errors.As(err, &de) && de.Kind == aftersales.KindUnavailable {
		// Storage trouble: honest and retryable, never a 500 or a 401.
		h.logStorage(r, err)
		WriteUnavailable(w)
		return
	}
	if errors.As(err, &de) && de.Kind != aftersales.KindInternal {
		code := Status(de.Kind)
		if de.Code == "body_too_large" {
			code = http.StatusRequestEntityTooLarge
		}
		body := Error{Code: de.Code, Message: de.Message}
		if all := aftersales.AllErrors(err); len(all) > 1 {
			for _, e := range all {
				body.Errors = append(body.Errors, Problem{Code: e.Code, Message: e.Message})
			}
		}
		writeJSON(w, code, body)
		return
	}
	if errors.Is(err, r.Context().Err()) && r.Context().Err() != nil {
		writeError(w, http.StatusServiceUnavailable, "request_cancelled", "请求已取消或超时")
		return
	}
	h.cfg.Logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal", "服务器内部错误，请稍后重试")
}

// asDomain reports whether err is a domain error other than an internal
// one, and sets *de.
func asDomain(err error, de **aftersales.Error) bool {
	return errors.As(err, de) && (*de).Kind != aftersales.KindInternal
}

// logStorage logs a storage failure once per request, at warn: the
// database's state, not a bug in the server.
func (h *Handler) logStorage(r *http.Request, err error) {
	h.cfg.Logger.WarnContext(r.Context(), "storage unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
}
