package web

import (
	"context"
	"net/http"
	"strconv"
)

// The step forms of a record page, a request's or a complaint's: the flow
// is one (find the step, load the record the user may see, answer a form
// submitted twice once, run the step, then show the record again or the
// form with what is wrong); each chapter says how to read its forms.

// stepChapter is what the flow needs of a chapter, for records R.
type stepChapter[R any] struct {
	base   string              // the pages' path: "/requests/"
	fields map[string][]string // each step's fields, for placing errors
	ok     func(step string) string
	// load finds the record as u may see it, masked for u: the page
	// shows nothing else, before the step or after its refusal.
	load func(ctx context.Context, u *user, id string) (R, error)
	done func(ctx context.Context, id, key string) bool
	// version is the record's version, shown again after a conflict.
	version func(R) int
	show    func(w http.ResponseWriter, r *http.Request, u *user, status int, rec R, failed *form)
	// read reads step's form on rec and returns it with the step to run
	// (in ctx, which carries the form's idempotency key).
	read func(ctx context.Context, r *http.Request, u *user, id, step string, rec R) (*form, func() error)
}

// stepForm runs one step of a record from its form, then shows the record
// again (POST-redirect-GET), or the form with what is wrong.
func stepForm[R any](h *Handler, w http.ResponseWriter, r *http.Request, u *user, c stepChapter[R]) {
	ctx := r.Context()
	id, step := r.PathValue("id"), r.PathValue("step")
	fields, ok := c.fields[step]
	if !ok {
		h.errorPage(w, r, u, http.StatusNotFound, "没有这个操作")
		return
	}
	rec, err := c.load(ctx, u, id)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	if k := formKey(r, u); k != "" {
		if c.done(ctx, id, k) {
			http.Redirect(w, r, c.base+id+"?ok="+c.ok(step), http.StatusSeeOther) // submitted twice: done once
			return
		}
		ctx = keyedContext(ctx, k)
	}
	f, run := c.read(ctx, r, u, id, step, rec)
	status := http.StatusBadRequest
	if !f.Invalid() {
		err := run()
		if err == nil {
			http.Redirect(w, r, c.base+id+"?ok="+c.ok(step), http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, fields...)
		if fresh, err := c.load(ctx, u, id); err == nil {
			rec = fresh
			if status == http.StatusConflict {
				// Shown the current record, the user may submit again.
				f.Values.Set("version", strconv.Itoa(c.version(rec)))
			}
		}
	}
	c.show(w, r, u, status, rec, f)
}

// stepForms returns the maker of a record page's step forms: the form
// keyed key posting to base+step, at the record's version, or failed, the
// form just refused, when it is that one.
func stepForms(base string, version int, failed *form) func(key, step string) *form {
	return func(key, step string) *form {
		if failed != nil && failed.Key == key {
			return failed
		}
		f := newForm(key, base+step)
		f.Values.Set("version", strconv.Itoa(version))
		return f
	}
}
