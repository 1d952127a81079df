package aftersales

import (
	"errors"
	"fmt"
)

// ErrorKind classifies a domain error. Kinds are stable: transports map them
// to status codes (the reference server maps them to HTTP in one place) and
// callers branch on them with KindOf.
type ErrorKind string

// The error kinds.
const (
	// KindInvalid: the input is malformed or breaks a rule about its content.
	KindInvalid ErrorKind = "invalid"
	// KindNotFound: the record does not exist.
	KindNotFound ErrorKind = "not_found"
	// KindConflict: the record changed since it was read (a stale write), or
	// already exists.
	KindConflict ErrorKind = "conflict"
	// KindForbidden: the actor may not do this.
	KindForbidden ErrorKind = "forbidden"
	// KindNotAllowed: the command is not allowed in the record's state.
	KindNotAllowed ErrorKind = "not_allowed"
	// KindUnavailable: the storage could not be reached or could not take
	// the write (a lost database connection, a full or read-only disk, an
	// I/O error). The command may or may not have been stored: retry it
	// later, with an idempotency key where the transport takes one.
	// Transports answer it as "try again" (the reference server: 503 with
	// Retry-After), never as a fault of the caller or their credentials.
	KindUnavailable ErrorKind = "unavailable"
	// KindInternal: anything else, such as a broken invariant. Its message
	// never carries driver text.
	KindInternal ErrorKind = "internal"
)

// Error is the domain error of shouhou's packages: a stable kind, a stable
// machine-readable code such as "description_required", and a message in
// Chinese for the person who sees it.
type Error struct {
	Kind    ErrorKind
	Code    string
	Message string
	Err     error // the cause, if any; never shown to a user
}

// Error returns the code and the message.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error of the same kind and, when target
// has a code, the same code. errors.Is(err, &Error{Kind: KindConflict})
// matches every conflict.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Kind == e.Kind && (t.Code == "" || t.Code == e.Code)
}

// Errorf returns an *Error of the given kind and code with a formatted
// Chinese message.
func Errorf(kind ErrorKind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error in err's chain, KindInternal
// for any other non-nil error, and "" for nil.
func KindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Sentinel errors to test for with errors.Is.
var (
	ErrInvalid    = &Error{Kind: KindInvalid}
	ErrNotFound   = &Error{Kind: KindNotFound}
	ErrConflict   = &Error{Kind: KindConflict}
	ErrForbidden  = &Error{Kind: KindForbidden}
	ErrNotAllowed = &Error{Kind: KindNotAllowed}
	// ErrUnavailable matches storage that could not be reached or written.
	ErrUnavailable = &Error{Kind: KindUnavailable}
)

func invalid(code, format string, args ...any) *Error {
	return Errorf(KindInvalid, code, format, args...)
}

func notAllowed(code, format string, args ...any) *Error {
	return Errorf(KindNotAllowed, code, format, args...)
}

func forbidden(code, format string, args ...any) *Error {
	return Errorf(KindForbidden, code, format, args...)
}

// Problems collects what is wrong with a command's fields, so that one
// refusal names all of them at once (a form shows each next to its field)
// instead of the first only. The zero value is ready to use.
type Problems struct{ errs []error }

// Add records err when it is not nil.
func (p *Problems) Add(err error) {
	if err != nil {
		p.errs = append(p.errs, err)
	}
}

// Err returns nil when nothing was added, the one error when one was, and
// otherwise all of them joined: errors.As, KindOf and the error's code
// give the first, AllErrors gives every one.
func (p *Problems) Err() error {
	switch len(p.errs) {
	case 0:
		return nil
	case 1:
		return p.errs[0]
	}
	return errors.Join(p.errs...)
}

// AllErrors returns every domain error in err, in order: the several a refused
// command's Problems gathered, or the one it returned. It returns nil when
// err holds no *Error.
func AllErrors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}
