package api_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPersonContactsOverHTTP: PUT /api/v1/staff/people/{id} takes a
// person's e-mail address and phone number, where the server's
// notifications reach them, and returns them in the organisation; a
// malformed address is 400 email_invalid and nothing is written.
func TestPersonContactsOverHTTP(t *testing.T) {
	e := newEnv(t)
	version, changes := e.orgState()
	bad := e.do("head", "PUT", "/api/v1/staff/people/p-staff",
		`{"name": "赵敏", "role": "after_sales_staff", "department_id": "after_sales", "active": true, "email": "赵敏 <zhaomin@example.com>"}`)
	require.Equal(t, 400, bad.Status, string(bad.Body))
	require.Equal(t, "email_invalid", bad.code(t))
	v, n := e.orgState()
	require.Equal(t, []int{version, changes}, []int{v, n}, "nothing written")

	got := e.do("head", "PUT", "/api/v1/staff/people/p-staff",
		`{"name": "赵敏", "role": "after_sales_staff", "department_id": "after_sales", "active": true, "email": "zhaomin@example.com", "phone": "13800138000"}`)
	require.Equal(t, 200, got.Status, string(got.Body))
	p := e.person("p-staff")
	require.Equal(t, "zhaomin@example.com", p.Email)
	require.Equal(t, "13800138000", p.Phone)
	var found bool
	for _, x := range got.json(t)["people"].([]any) {
		if m := x.(map[string]any); m["id"] == "p-staff" {
			found = true
			require.Equal(t, "zhaomin@example.com", m["email"])
			require.Equal(t, "13800138000", m["phone"])
		}
	}
	require.True(t, found)
}
