package crawler

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
)

// Politeness defaults, for sites the crawler reaches over the internet.
const (
	// DefaultMinDelay is the least pause between two requests to one public
	// site (a source's delay below it is raised). Sources with allow_private
	// — the offline sample web, an intranet — are not slowed.
	DefaultMinDelay = 200 * time.Millisecond
	// MaxCrawlDelay caps what a robots.txt Crawl-delay may ask; above it the
	// source's crawl would not end within a day of pages.
	MaxCrawlDelay = time.Minute
)

// pace returns the pause each request slot takes before its next request
// to a source's site — its own delay, raised to the crawler's minimum for
// public sites — and the number of slots. A robots.txt Crawl-delay for our
// user agent means one request per delay, so it also brings the slots to one.
func (c *Crawler) pace(ctx context.Context, run *sourceRun, client *http.Client, parallel int) (time.Duration, int) {
	d := time.Duration(run.src.Delay)
	if !run.src.AllowPrivate {
		d = max(d, c.o.MinDelay)
	}
	for _, u := range run.src.StartURLs {
		if cd := crawlDelay(ctx, client, u, c.o.UserAgent); cd > 0 {
			c.o.Logger.Info("robots.txt asks for a crawl delay", "source", run.src.ID, "delay", cd)
			d, parallel = max(d, cd), 1
		}
	}
	return d, parallel
}

// crawlDelay reads the Crawl-delay of robots.txt for agent at start's host;
// 0 when there is none or robots.txt cannot be read (colly then decides
// what robots.txt allows, as before).
func crawlDelay(ctx context.Context, client *http.Client, start, agent string) time.Duration {
	u, err := url.Parse(start)
	if err != nil || u.Host == "" {
		return 0
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.Scheme+"://"+u.Host+"/robots.txt", nil)
	if err != nil {
		return 0
	}
	req.Header.Set("User-Agent", agent)
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if err != nil {
		return 0
	}
	robots, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return 0
	}
	if g := robots.FindGroup(agent); g != nil {
		return min(g.CrawlDelay, MaxCrawlDelay)
	}
	return 0
}
