package crawler

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress writes one line a second about the source being crawled — pages,
// rate, documents, errors — rewriting it in place, for long crawls on a
// terminal. Run owns it: start, then stop, which waits for its goroutine.
type progress struct {
	w       io.Writer
	mu      sync.Mutex
	current *sourceRun
	started time.Time
	done    chan struct{}
	wg      sync.WaitGroup
}

func startProgress(w io.Writer) *progress {
	p := &progress{w: w, done: make(chan struct{})}
	if w == nil {
		return p
	}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *progress) watch(r *sourceRun) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current, p.started = r, time.Now()
}

func (p *progress) loop() {
	defer p.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			fmt.Fprint(p.w, "\r\033[K")
			return
		case <-t.C:
			p.print()
		}
	}
}

func (p *progress) print() {
	p.mu.Lock()
	r, since := p.current, time.Since(p.started)
	p.mu.Unlock()
	if r == nil {
		return
	}
	r.mu.Lock()
	rep, queued := r.rep, len(r.batch)
	r.mu.Unlock()
	fmt.Fprintf(p.w, "\r\033[Kcrawling %s: %d pages (%.0f/s), %d documents, %d errors",
		rep.Source, rep.Pages, float64(rep.Pages)/since.Seconds(), rep.Documents+queued, rep.Errors)
}

func (p *progress) stop() {
	if p.w == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
}
