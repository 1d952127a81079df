package app_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// TestAPIUploadsFiles: photos and documents go up as multipart/form-data,
// are listed and downloaded by whoever may see the record, a photo with
// its thumbnail; a bad file refuses the upload with its code, nothing
// kept; another customer sees nothing.
func TestAPIUploadsFiles(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := launch(t, app.Config{DSN: dsn, Clock: c, AdminToken: "files-token", SchedulerInterval: -1, Logger: quiet})
		status, r := s.do("POST", "/api/v1/requests", `{"channel": "phone", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00",
			"customer": {"id": "C-1", "name": "张先生"}}`)
		require.Equal(t, 201, status)
		id := r["id"].(string)
		var photo bytes.Buffer
		require.NoError(t, jpeg.Encode(&photo, image.NewRGBA(image.Rect(0, 0, 640, 480)), nil))

		send := func(token, path string, files map[string][]byte) (int, map[string]any) {
			var body bytes.Buffer
			w := multipart.NewWriter(&body)
			for name, data := range files {
				part, err := w.CreateFormFile("file", name)
				require.NoError(t, err)
				_, _ = part.Write(data)
			}
			require.NoError(t, w.Close())
			req, _ := http.NewRequest("POST", s.http.URL+path, &body)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", w.FormDataContentType())
			res, err := s.http.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			var m map[string]any
			require.NoError(t, json.NewDecoder(res.Body).Decode(&m))
			return res.StatusCode, m
		}
		get := func(token, path string) (int, http.Header, []byte) {
			req, _ := http.NewRequest("GET", s.http.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := s.http.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, res.Header, b
		}

		status, up := send("files-token", "/api/v1/requests/"+id+"/files", map[string][]byte{"渗水.jpg": photo.Bytes(), "报告.pdf": []byte("%PDF-1.7")})
		require.Equal(t, 201, status, "%v", up)
		require.Len(t, up["items"], 2)
		status, list := s.do("GET", "/api/v1/requests/"+id+"/files", "")
		require.Equal(t, 200, status)
		items := list["items"].([]any)
		require.Len(t, items, 2)
		require.ElementsMatch(t, items, up["items"], "the upload's answer describes each file as the list does: size, thumbnail")
		var photoID string
		for _, it := range items {
			f := it.(map[string]any)
			if f["name"] == "渗水.jpg" {
				photoID = f["id"].(string)
				require.Equal(t, true, f["thumbnail"])
				require.Equal(t, "image/jpeg", f["content_type"])
			}
		}
		status, h, data := get("files-token", "/api/v1/files/"+photoID)
		require.Equal(t, 200, status)
		require.Equal(t, photo.Bytes(), data)
		require.Equal(t, "image/jpeg", h.Get("Content-Type"))
		status, _, thumb := get("files-token", "/api/v1/files/"+photoID+"?thumbnail=1")
		require.Equal(t, 200, status)
		small, err := jpeg.Decode(bytes.NewReader(thumb))
		require.NoError(t, err)
		require.Equal(t, 320, small.Bounds().Dx())

		// A bad file among good ones: refused with its code, nothing kept.
		status, refused := send("files-token", "/api/v1/requests/"+id+"/files", map[string][]byte{"好.jpg": photo.Bytes(), "坏.html": []byte("<html>")})
		require.Equal(t, 400, status)
		require.Equal(t, "upload_type", refused["code"])
		require.Contains(t, refused["message"], "坏.html")
		_, list = s.do("GET", "/api/v1/requests/"+id+"/files", "")
		require.Len(t, list["items"], 2, "nothing kept")

		// The customer adds to their own request and reads it; another
		// customer finds nothing.
		tok := func(customer string) string {
			status, m := s.do("POST", "/api/v1/tokens", `{"customer_id": "`+customer+`"}`)
			require.Equal(t, 201, status, "%v", m)
			return m["token"].(string)
		}
		own, other := tok("C-1"), tok("C-2")
		status, mine := send(own, "/api/v1/requests/"+id+"/files", map[string][]byte{"我拍的.jpg": photo.Bytes()})
		require.Equal(t, 201, status, "%v", mine)
		require.Equal(t, true, mine["items"].([]any)[0].(map[string]any)["by_customer"])
		status, _, _ = get(other, "/api/v1/files/"+photoID)
		require.Equal(t, 404, status)
		status, _ = send(other, "/api/v1/requests/"+id+"/files", map[string][]byte{"x.jpg": photo.Bytes()})
		require.Equal(t, 404, status)

		// By the readable number too.
		status, list = s.do("GET", "/api/v1/requests/"+r["number"].(string)+"/files", "")
		require.Equal(t, 200, status)
		require.Len(t, list["items"], 3)

		// W2.2: a warranty's inspection photos, the company's only.
		for _, put := range [][2]string{
			{"/api/v1/staff/departments/proj-1", `{"name": "项目一部", "kind": "project"}`},
			{"/api/v1/staff/people/p-pm", `{"name": "孙经理", "role": "department_staff", "department_id": "proj-1", "active": true}`},
			{"/api/v1/staff/projects/P-1", `{"name": "滨江花园", "kind": "residential", "department_id": "proj-1", "manager_id": "p-pm"}`},
		} {
			status, m := s.do("PUT", put[0], put[1])
			require.Equal(t, 200, status, "%s %v", put[0], m)
		}
		status, m := s.do("POST", "/api/v1/warranties", `{"project_id": "P-1", "design_life_years": 50}`)
		require.Equal(t, 201, status, "%v", m)
		status, up = send("files-token", "/api/v1/warranties/P-1/files", map[string][]byte{"屋面.jpg": photo.Bytes()})
		require.Equal(t, 201, status, "%v", up)
		roof := up["items"].([]any)[0].(map[string]any)["id"].(string)
		status, list = s.do("GET", "/api/v1/warranties/P-1/files", "")
		require.Equal(t, 200, status)
		require.Len(t, list["items"], 1)
		status, _, data = get("files-token", "/api/v1/files/"+roof)
		require.Equal(t, 200, status)
		require.Equal(t, photo.Bytes(), data)
		status, _, _ = get(own, "/api/v1/files/"+roof)
		require.Equal(t, 404, status, "a customer does not see an inspection's photo")
		status, _ = send(own, "/api/v1/warranties/P-1/files", map[string][]byte{"x.jpg": photo.Bytes()})
		require.Equal(t, 403, status)
		status, _ = send("files-token", "/api/v1/warranties/P-404/files", map[string][]byte{"x.jpg": photo.Bytes()})
		require.Equal(t, 404, status)
	})
}
