package storetest

import (
	"reflect"
	"time"

	"github.com/shopspring/decimal"
)

var (
	timeType    = reflect.TypeFor[time.Time]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
)

// Normalized returns a deep copy of v in which every time.Time is in UTC,
// every empty slice or map is nil and every decimal.Decimal is in its
// shortest form. A store may change how a value is represented — the time
// zone of an instant, an empty list for none, "3.50" for "3.5" — but not
// the value: compare Normalized(want) with Normalized(got). The
// conformance suites of every chapter use it.
func Normalized[T any](v T) T {
	src := reflect.ValueOf(&v).Elem()
	dst := reflect.New(src.Type()).Elem()
	normalize(dst, src)
	return dst.Interface().(T)
}

func normalize(dst, src reflect.Value) {
	switch src.Type() {
	case timeType:
		dst.Set(reflect.ValueOf(src.Interface().(time.Time).UTC()))
		return
	case decimalType:
		d := src.Interface().(decimal.Decimal)
		dst.Set(reflect.ValueOf(decimal.RequireFromString(d.String())))
		return
	}
	switch src.Kind() {
	case reflect.Pointer:
		dst.Set(reflect.Zero(src.Type()))
		if !src.IsNil() {
			p := reflect.New(src.Type().Elem())
			normalize(p.Elem(), src.Elem())
			dst.Set(p)
		}
	case reflect.Slice:
		dst.Set(reflect.Zero(src.Type()))
		if src.Len() > 0 {
			s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
			for i := range src.Len() {
				normalize(s.Index(i), src.Index(i))
			}
			dst.Set(s)
		}
	case reflect.Map:
		dst.Set(reflect.Zero(src.Type()))
		if src.Len() > 0 {
			m := reflect.MakeMapWithSize(src.Type(), src.Len())
			for _, k := range src.MapKeys() {
				v := reflect.New(src.Type().Elem()).Elem()
				normalize(v, src.MapIndex(k))
				m.SetMapIndex(k, v)
			}
			dst.Set(m)
		}
	case reflect.Struct:
		dst.Set(src) // unexported fields as they are
		for i := range src.NumField() {
			if src.Type().Field(i).IsExported() {
				normalize(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}

// Scribble changes every value reachable from p, a pointer: strings, numbers,
// booleans, times, the elements of slices and the entries of maps, through
// pointers. A store must hand out copies: scribbling on what it returned, or
// on what it was given to save, must not change what it returns next.
func Scribble(p any) {
	scribbleValue(reflect.ValueOf(p))
}

func scribbleValue(v reflect.Value) {
	if !v.IsValid() {
		return
	}
	if v.Type() == timeType && v.CanSet() {
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(97 * time.Minute)))
		return
	}
	if v.Type() == decimalType && v.CanSet() {
		d := v.Interface().(decimal.Decimal)
		v.Set(reflect.ValueOf(d.Add(decimal.NewFromInt(7))))
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scribbleValue(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			scribbleValue(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			scribbleValue(e)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribbleValue(v.Field(i))
			}
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + "✗")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.CanSet() {
			v.SetInt(v.Int() + 1)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.CanSet() {
			v.SetUint(v.Uint() + 1)
		}
	case reflect.Bool:
		if v.CanSet() {
			v.SetBool(!v.Bool())
		}
	}
}
