package crawler

import (
	"testing"
	"time"
)

func TestTaskRoundTrip(t *testing.T) {
	in := Task{Source: "sample-12345", Due: time.Date(2026, 10, 9, 2, 0, 0, 0, time.UTC)}
	b, err := in.Encode()
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeTask(b)
	if err != nil || out != in {
		t.Fatalf("DecodeTask(%s) = %+v, %v", b, out, err)
	}
	for _, bad := range []string{`{}`, `{"source":"a","extra":1}`, `{"source":"a"} {}`, `[]`, ``} {
		if _, err := DecodeTask([]byte(bad)); err == nil {
			t.Errorf("DecodeTask(%q) accepted", bad)
		}
	}
}

// FuzzDecodeTask: tasks come from a topic anyone with access can write to.
func FuzzDecodeTask(f *testing.F) {
	f.Add([]byte(`{"source":"sample-12345","due":"2026-10-09T02:00:00Z"}`))
	f.Add([]byte(`{"source":""}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		task, err := DecodeTask(b)
		if err == nil && task.Source == "" {
			t.Fatalf("accepted a task without a source: %q", b)
		}
	})
}
