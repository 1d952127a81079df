package calendar_test

import (
	"encoding/json"
	"testing"

	"github.com/shouhou/shouhou/calendar"
)

// TestStatusJSON: a status travels as its stable code, both ways.
func TestStatusJSON(t *testing.T) {
	for s, code := range map[calendar.Status]string{calendar.Official: "official", calendar.SingleSource: "single_source",
		calendar.Provisional: "provisional", calendar.Unscheduled: "unscheduled"} {
		b, err := json.Marshal(s)
		if err != nil || string(b) != `"`+code+`"` {
			t.Fatalf("%v: %s %v", s, b, err)
		}
		var back calendar.Status
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Fatalf("%s: %v %v", b, back, err)
		}
	}
	var s calendar.Status
	if json.Unmarshal([]byte(`"sometimes"`), &s) == nil || json.Unmarshal([]byte(`1`), &s) == nil {
		t.Fatal("an unknown code or a number must be refused")
	}
	if _, err := json.Marshal(calendar.Status(9)); err == nil {
		t.Fatal("an unknown status must not encode")
	}
}
