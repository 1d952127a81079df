package staff_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// TestPersonContacts: a person's optional e-mail address and phone number
// are kept (spaces and hyphens dropped from the phone), a malformed one is
// refused naming the field and nothing is written, and a person without
// them keeps the JSON shape of before (no email or phone keys; an old
// record decodes unchanged).
func TestPersonContacts(t *testing.T) {
	f := newSfx(t)
	o, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff,
		DepartmentID: aftersales.DeptAfterSales, Active: true, Email: " zhaomin@example.com ", Phone: "+86 138-0013-8000"}, gm)
	require.NoError(t, err)
	p, ok := o.Person("p-staff")
	require.True(t, ok)
	require.Equal(t, "zhaomin@example.com", p.Email)
	require.Equal(t, "+8613800138000", p.Phone)

	before, history := f.snapshot()
	for _, bad := range []struct {
		person staff.Person
		code   string
	}{
		{staff.Person{Email: "赵敏 <zhaomin@example.com>"}, "email_invalid"},
		{staff.Person{Email: "zhaomin@example.com, qian@example.com"}, "email_invalid"},
		{staff.Person{Email: "zhaomin"}, "email_invalid"},
		{staff.Person{Phone: "138-0013-800A"}, "phone_invalid"},
		{staff.Person{Phone: "+12"}, "phone_invalid"},
	} {
		x := bad.person
		x.ID, x.Name, x.Role, x.DepartmentID, x.Active = "p-staff", "赵敏", aftersales.RoleAfterSalesStaff, aftersales.DeptAfterSales, true
		_, err := f.svc.PutPerson(f.ctx, x, gm)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: bad.code}, "%+v", bad.person)
		f.unchanged(before, history)
	}

	plain, err := json.Marshal(staff.Person{ID: "p-1", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, Active: true})
	require.NoError(t, err)
	require.JSONEq(t, `{"id":"p-1","name":"孙经理","role":"department_staff","active":true}`, string(plain))
	var old staff.Person
	require.NoError(t, json.Unmarshal([]byte(`{"id":"p-1","name":"孙经理","role":"department_staff","department_id":"项目一部","active":true}`), &old))
	require.Equal(t, staff.Person{ID: "p-1", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Active: true}, old)
}
