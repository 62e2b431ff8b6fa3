package crawler

import (
	"context"
	"testing"

	"github.com/trustwatch/trustwatch/store/storetest"
)

// TestSharedStateAcrossProcesses: what one worker records after a batch,
// another reads when it starts the same source; its own puts win after.
func TestSharedStateAcrossProcesses(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	a, b := OpenSharedState(st), OpenSharedState(st)
	a.put("s1", "http://x/1", PageState{Version: "v1", ETag: `"e1"`})
	a.put("s2", "http://y/1", PageState{Version: "w1"})
	if err := a.checkpoint(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if err := b.refresh(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if p, ok := b.get("s1", "http://x/1"); !ok || p.Version != "v1" || p.ETag != `"e1"` {
		t.Fatalf("the other worker reads %+v, %v", p, ok)
	}
	if err := b.refresh(ctx, "s2"); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.get("s2", "http://y/1"); ok {
		t.Fatal("a page not yet checkpointed was read from the store")
	}
	b.put("s1", "http://x/1", PageState{Version: "v2"})
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	if err := a.refresh(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if p, _ := a.get("s1", "http://x/1"); p.Version != "v2" {
		t.Fatalf("after the second worker's save the first reads %+v", p)
	}
}
