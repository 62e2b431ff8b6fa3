package crawler

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/gocolly/colly/v2"
)

// onError retries a page that failed transiently — a 5xx, a 429 or a
// timeout — up to Retries times, waiting twice as long each time from one
// second, or as long as the server's Retry-After asks (both capped at
// MaxBackoff). Other failures, and the last attempt's, are recorded.
func (r *sourceRun) onError(ctx context.Context) colly.ErrorCallback {
	return func(resp *colly.Response, err error) {
		u := resp.Request.URL.String()
		if resp.StatusCode == http.StatusNotModified {
			r.notModified(u)
			return // the conditional GET says: nothing new
		}
		if errors.Is(err, colly.ErrAbortedAfterHeaders) {
			return // aborted by our own header check, which recorded why
		}
		if resp.StatusCode == http.StatusNotFound && resp.Ctx.GetAny("page") != nil {
			return // past the last page of a templated list: the list ends here
		}
		if !retryable(resp.StatusCode, err) || !r.retryLeft(u) {
			r.failed(u, resp.StatusCode, err)
			return
		}
		wait := r.backoff(u, resp.Headers)
		select {
		case <-ctx.Done():
			r.failed(u, resp.StatusCode, err)
			return
		case <-time.After(wait):
		}
		if rerr := resp.Request.Retry(); rerr != nil {
			r.failed(u, resp.StatusCode, rerr)
		}
	}
}

func retryable(status int, err error) bool {
	if status >= 500 || status == http.StatusTooManyRequests {
		return true
	}
	var ne net.Error
	return status == 0 && errors.As(err, &ne) && ne.Timeout()
}

// retryLeft counts an attempt for u and says whether it may be made.
func (r *sourceRun) retryLeft(u string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.c.o.Retries < 0 || r.attempts[u] >= r.c.o.Retries {
		return false
	}
	r.attempts[u]++
	r.rep.Retries++
	return true
}

func (r *sourceRun) backoff(u string, h *http.Header) time.Duration {
	r.mu.Lock()
	n := r.attempts[u]
	r.mu.Unlock()
	wait := time.Second << (n - 1)
	if h != nil {
		if secs, err := strconv.Atoi(h.Get("Retry-After")); err == nil && secs >= 0 {
			wait = time.Duration(secs) * time.Second
		}
	}
	return min(wait, r.c.o.MaxBackoff)
}

// notModified counts a page that answered 304: one page, or every row of an
// attachment file.
func (r *sourceRun) notModified(u string) {
	n := 1
	if st := r.c.o.State; st != nil {
		if p, ok := st.get(r.src.ID, r.c.stableURL(u)); ok && p.Records > 0 {
			n = p.Records
		}
	}
	r.count(func(rep *SourceReport) { rep.Unchanged += n })
}
