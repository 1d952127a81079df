package app

import (
	"context"
	"log/slog"
	"regexp"

	"github.com/shouhou/shouhou/aftersales"
)

// phoneInText finds a mainland mobile number (1[3-9] and nine digits,
// optionally +86 before it) not inside a longer run of digits.
var phoneInText = regexp.MustCompile(`(^|[^0-9])((?:\+?86[ -]?)?1[3-9][0-9]{9})($|[^0-9])`)

// MaskPhones returns s with every mainland mobile number in it masked by
// aftersales.MaskPhone (138****1111): the logs' last line of defence, so
// that a number a message or an attribute happens to hold (a driver's
// error quoting a row, a request path) does not reach the log in full.
func MaskPhones(s string) string {
	return phoneInText.ReplaceAllStringFunc(s, func(m string) string {
		sub := phoneInText.FindStringSubmatch(m)
		return sub[1] + aftersales.MaskPhone(sub[2]) + sub[3]
	})
}

// maskingHandler is a slog.Handler that masks phone numbers in the message
// and in every string attribute before the next handler sees them.
type maskingHandler struct{ next slog.Handler }

// Enabled implements slog.Handler.
func (h maskingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

// Handle implements slog.Handler.
func (h maskingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, MaskPhones(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (h maskingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	m := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		m[i] = maskAttr(a)
	}
	return maskingHandler{h.next.WithAttrs(m)}
}

// WithGroup implements slog.Handler.
func (h maskingHandler) WithGroup(name string) slog.Handler {
	return maskingHandler{h.next.WithGroup(name)}
}

func maskAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, MaskPhones(v.String()))
	case slog.KindGroup:
		g := v.Group()
		m := make([]any, len(g))
		for i, x := range g {
			m[i] = maskAttr(x)
		}
		return slog.Group(a.Key, m...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, MaskPhones(err.Error()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// MaskingLogger returns l with phone numbers masked in every line
// (MaskPhones). app.New wraps the configured logger with it.
func MaskingLogger(l *slog.Logger) *slog.Logger {
	return slog.New(maskingHandler{l.Handler()})
}
