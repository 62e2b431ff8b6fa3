// Package browsertest starts Debian's chromium for tests that click
// through pages (chromedp). make test sets TRUSTWATCH_CHROMIUM (installed
// by deploy/local/chromium.sh) and TRUSTWATCH_REQUIRE_CHROMIUM, so a missing
// browser fails there and only skips in a bare `go test`.
package browsertest

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Context returns a browser tab's context, closed at the end of the test,
// that gives up after timeout.
func Context(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path := os.Getenv("TRUSTWATCH_CHROMIUM")
	if path == "" {
		if os.Getenv("TRUSTWATCH_REQUIRE_CHROMIUM") != "" {
			t.Fatal("TRUSTWATCH_REQUIRE_CHROMIUM is set but TRUSTWATCH_CHROMIUM is not")
		}
		t.Skip("no chromium (make test installs it: deploy/local/chromium.sh)")
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]), chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "zh-CN"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel3)
	return ctx
}
