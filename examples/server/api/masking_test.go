package api_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMaskingPerRoleOverHTTP: GET of a request, its history, the list and
// a command's answer show the customer's phone, e-mail and unit in full to
// the after-sales department, the general manager, the customer and the
// department working the request (aftersales.SeesContact), and masked to a
// project specialist; the record itself keeps them.
func TestMaskingPerRoleOverHTTP(t *testing.T) {
	e := newEnv(t)
	r := e.register("head", map[string]any{"customer": map[string]any{"id": "c-1", "name": "张先生", "phone": "13800001111",
		"email": "zhangsan@example.com"}, "project_id": "P-001", "location": "3号楼2单元501"})
	id := r["id"].(string)
	fw := e.do("head", "POST", "/api/v1/requests/"+id+"/forward", map[string]any{"departments": []string{"项目一部"}})
	require.Equal(t, 200, fw.Status, string(fw.Body))
	for _, x := range []struct {
		who  string
		full bool
	}{{"gm", true}, {"head", true}, {"staff", true}, {"dept", true}, {"cust", true}, {"spec", false}} {
		for _, path := range []string{"/api/v1/requests/" + id, "/api/v1/requests/" + id + "/history", "/api/v1/requests?project_id=P-001"} {
			got := e.do(x.who, "GET", path, nil)
			require.Equal(t, 200, got.Status, "%s %s: %s", x.who, path, got.Body)
			body := string(got.Body)
			for _, s := range []string{"13800001111", "zhangsan@example.com", "3号楼2单元501"} {
				require.Equal(t, x.full, strings.Contains(body, s), "%s %s: %q in %s", x.who, path, s, body)
			}
			if !x.full {
				for _, s := range []string{"138****1111", "z****@example.com", "3号楼****"} {
					require.Contains(t, body, s, "%s %s", x.who, path)
				}
			}
		}
	}
	full := e.do("head", "GET", "/api/v1/requests/"+id, nil).json(t)
	require.Equal(t, "13800001111", full["customer"].(map[string]any)["phone"])
}
