package aftersales_test

import (
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/shouhou/shouhou/aftersales"
)

func TestMaskPhone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"13800001111", "138****1111"},
		{"+86 13800001111", "+86 138****1111"},
		{"138-0000-1111", "138-****-1111"},
		{"010-12345678", "010-****5678"},
		{"12345", "****45"},
		{"", ""},
		{"无", "无"},
	} {
		if got := aftersales.MaskPhone(c.in); got != c.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMaskAddress(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"3号楼2单元501", "3号楼****"},
		{"北京市朝阳区幸福小区5栋1单元302", "北京市朝阳区幸福小区5栋****"},
		{"A座1203", "A座****"},
		{"朝阳区建国路88号", "朝阳区****"},
		{"3号楼", "3号楼"},
		{"", ""},
	} {
		if got := aftersales.MaskAddress(c.in); got != c.want {
			t.Errorf("MaskAddress(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMaskContact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"zhang.san@example.com", "z****@example.com"},
		{"13800001111", "138****1111"},
		{"微信 zhangsan_1988", "微信 zh****"},
		{"3号楼2单元501", "3号楼****"},
	} {
		if got := aftersales.MaskContact(c.in); got != c.want {
			t.Errorf("MaskContact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSeesContactPerRole(t *testing.T) {
	open := &aftersales.Request{Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-1", Name: "张先生", Phone: "13800001111", Email: "zhang@example.com"},
		Location: "3号楼2单元501"}, Status: aftersales.StatusInProgress,
		Parts: []aftersales.Part{{Department: "engineering"}}}
	closed := *open
	closed.Status = aftersales.StatusClosed
	for _, c := range []struct {
		name string
		a    aftersales.Actor
		r    *aftersales.Request
		want bool
	}{
		{"general manager", aftersales.Actor{ID: "gm", Role: aftersales.RoleGeneralManager}, open, true},
		{"after-sales head", aftersales.Actor{ID: "h", Role: aftersales.RoleAfterSalesHead}, &closed, true},
		{"after-sales staff", aftersales.Actor{ID: "s", Role: aftersales.RoleAfterSalesStaff}, open, true},
		{"system", aftersales.Actor{ID: "sys", Role: aftersales.RoleSystem}, open, true},
		{"the customer", aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}, &closed, true},
		{"another customer", aftersales.Actor{ID: "c-2", Role: aftersales.RoleCustomer}, open, false},
		{"department working it", aftersales.Actor{ID: "e", Role: aftersales.RoleDepartmentStaff, DepartmentID: "engineering"}, open, true},
		{"department after closing", aftersales.Actor{ID: "e", Role: aftersales.RoleDepartmentStaff, DepartmentID: "engineering"}, &closed, false},
		{"another department", aftersales.Actor{ID: "d", Role: aftersales.RoleDepartmentStaff, DepartmentID: "design"}, open, false},
		{"specialist", aftersales.Actor{ID: "p", Role: aftersales.RoleSpecialist, DepartmentID: "engineering"}, open, false},
	} {
		if got := aftersales.SeesContact(c.a, c.r); got != c.want {
			t.Errorf("%s: SeesContact = %v, want %v", c.name, got, c.want)
		}
		m := c.r.MaskedFor(c.a)
		if c.want && m != c.r {
			t.Errorf("%s: MaskedFor copied a record the actor sees in full", c.name)
		}
		if !c.want {
			if m.Customer.Phone != "138****1111" || m.Customer.Email != "z****@example.com" || m.Location != "3号楼****" {
				t.Errorf("%s: MaskedFor = %+v, %q", c.name, m.Customer, m.Location)
			}
			if c.r.Customer.Phone != "13800001111" {
				t.Errorf("%s: MaskedFor changed the record itself", c.name)
			}
		}
	}
}

func ExampleMaskPhone() {
	fmt.Println(aftersales.MaskPhone("13800001111"))
	fmt.Println(aftersales.MaskAddress("3号楼2单元501"))
	// Output:
	// 138****1111
	// 3号楼****
}

// FuzzMasks: the masks never panic, keep valid text valid, and hide what
// they promise: MaskPhone leaves at most all digits but four of a number
// of eight digits or more (two of a shorter one), MaskAddress never
// returns more than it was given plus the mask.
func FuzzMasks(f *testing.F) {
	for _, s := range []string{"13800001111", "+86 138-0000-1111", "3号楼2单元501", "朝阳区建国路88号", "a@b.c", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		digits := func(s string) (n int) {
			for _, c := range s {
				if c >= '0' && c <= '9' {
					n++
				}
			}
			return n
		}
		p := aftersales.MaskPhone(s)
		switch n := digits(s); {
		case n >= 8 && digits(p) != n-4:
			t.Errorf("MaskPhone(%q) = %q keeps %d of %d digits", s, p, digits(p), n)
		case n > 2 && n < 8 && digits(p) != 2:
			t.Errorf("MaskPhone(%q) = %q keeps %d digits", s, p, digits(p))
		}
		a := aftersales.MaskAddress(s)
		if len(a) > len(s)+len(aftersales.Mask) {
			t.Errorf("MaskAddress(%q) = %q is longer than the address and the mask", s, a)
		}
		for _, m := range []string{a, aftersales.MaskContact(s), aftersales.MaskEmail(s), aftersales.Building(s)} {
			if utf8.ValidString(s) && !utf8.ValidString(m) {
				t.Errorf("a mask of valid %q is not valid UTF-8: %q", s, m)
			}
		}
	})
}
