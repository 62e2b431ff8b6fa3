package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/text/classifier"
)

const corpus = "testdata/badinput"

type badCase struct {
	File     string `yaml:"file"`
	Generate string `yaml:"generate"`
	Query    string `yaml:"query"`
	Want     string `yaml:"want"`
	Rows     int    `yaml:"rows"`
}

// TestBadInput runs the bad-input corpus (testdata/badinput/cases.yaml):
// configurations, Kafka messages, pages, CSV files and analysts' SQL. Each
// must be refused with its own error, and whatever good input stood around
// it must still be taken.
func TestBadInput(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(corpus, "cases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string][]badCase
	if err := yaml.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if n := len(cases["config"]) + len(cases["message"]) + len(cases["page"]) + len(cases["csv"]) + len(cases["sql"]); n < 40 {
		t.Fatalf("the corpus has %d cases, want at least 40", n)
	}
	t.Run("config", func(t *testing.T) { badConfigs(t, cases["config"]) })
	t.Run("csv", func(t *testing.T) { badCSVs(t, cases["csv"]) })
	t.Run("page", func(t *testing.T) { badPages(t, cases["page"]) })
	t.Run("message and sql", func(t *testing.T) { badMessagesAndSQL(t, cases["message"], cases["sql"]) })
}

func badConfigs(t *testing.T, cases []badCase) {
	for _, c := range cases {
		t.Run(c.File+" "+c.Want, func(t *testing.T) {
			_, err := config.Load(filepath.Join(corpus, c.File), func(string) (string, bool) { return "", false })
			if err == nil || !strings.Contains(err.Error(), c.Want) {
				t.Fatalf("got %v\nwant a problem containing %q", err, c.Want)
			}
		})
	}
}

func badCSVs(t *testing.T, cases []badCase) {
	for _, c := range cases {
		t.Run(c.File, func(t *testing.T) {
			ex, err := classifier.ReadCSV(filepath.Join(corpus, c.File), "内容", "类别")
			if err == nil && len(ex) > 0 {
				_, err = classifier.Train(ex, strings.Fields, classifier.Options{})
			}
			if err == nil || !strings.Contains(err.Error(), c.Want) || len(ex) != c.Rows {
				t.Fatalf("read %d good rows, error %v; want %d rows and an error containing %q", len(ex), err, c.Rows, c.Want)
			}
		})
	}
}

// badPages serves every bad page between good ones and crawls them once.
func badPages(t *testing.T, cases []badCase) {
	mux := http.NewServeMux()
	var links strings.Builder
	good, err := os.ReadFile(filepath.Join(corpus, "page/good.html"))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		body, err := os.ReadFile(filepath.Join(corpus, c.File))
		if err != nil {
			t.Fatal(err)
		}
		bad, ok := fmt.Sprintf("/bad%d.html", i), fmt.Sprintf("/good%d.html", i)
		mux.HandleFunc(bad, func(w http.ResponseWriter, _ *http.Request) { w.Write(body) })
		mux.HandleFunc(ok, func(w http.ResponseWriter, _ *http.Request) {
			w.Write(bytes.Replace(good, []byte("通报"), []byte(fmt.Sprintf("通报%d", i)), 1))
		})
		fmt.Fprintf(&links, `<li><a href="%s">b</a></li><li><a href="%s">g</a></li>`, bad, ok)
	}
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `<html><body><ul class="list">%s</ul></body></html>`, links.String())
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	src := source.Source{ID: "badpages", Name: "bad pages", Kind: source.KindNews, StartURLs: []string{srv.URL + "/index.html"}, AllowPrivate: true,
		List: source.List{Item: "ul.list li a"}, Detail: source.Detail{Title: "h1.title", Body: "div.content", PublishedAt: "div.info"}}
	published := map[string]bool{}
	var mu sync.Mutex // publish may be called from several of colly's goroutines
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: func(_ context.Context, docs []document.Document) error {
		mu.Lock()
		defer mu.Unlock()
		for _, d := range docs {
			published[d.URL] = true
		}
		return nil
	}})
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range rep.Sources[0].Failures {
		reasons[strings.TrimPrefix(f.URL, srv.URL)] = f.Reason
	}
	for i, c := range cases {
		if got := reasons[fmt.Sprintf("/bad%d.html", i)]; !strings.Contains(got, c.Want) {
			t.Errorf("%s: failure %q, want one containing %q", c.File, got, c.Want)
		}
		if !published[fmt.Sprintf("%s/good%d.html", srv.URL, i)] {
			t.Errorf("the good page after %s was not published", c.File)
		}
	}
	if len(published) != len(cases) {
		t.Errorf("published %d pages, want the %d good ones only", len(published), len(cases))
	}
}

// badMessagesAndSQL publishes each bad message between good documents on
// the embedded broker, ingests them all into chDB, and checks each bad one
// reached the dead-letter topic with its reason and every good one was
// stored. Then it runs the analysts' SQL cases against that store.
func badMessagesAndSQL(t *testing.T, messages, queries []badCase) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := testConfig(t, "", "")
	cfg.Kafka.MaxMessageBytes, cfg.Ingest.MaxMessageBytes = 50_000, 60_000
	e := open(ctx, t, cfg)
	defer e.Close()
	o, err := e.Bus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	msgs := badMessages(t, messages)
	p, err := bus.NewProducer(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Publish(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
	p.Close()
	st, err := e.IngestUntil(ctx, int64(len(msgs)), 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if st.Stored != int64(len(messages)+1) || st.Dead != int64(len(messages)) {
		t.Fatalf("stored %d and dead-lettered %d, want %d good stored and %d dead", st.Stored, st.Dead, len(messages)+1, len(messages))
	}
	checkDeadLetters(ctx, t, e, o, messages)
	badQueries(ctx, t, e, queries)
}

func badMessages(t *testing.T, cases []badCase) []bus.Message {
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, time.UTC)
	good := func(i int) bus.Message {
		d := document.New("s", "news", fmt.Sprintf("http://x/%d", i), fmt.Sprintf("金水区通报%d", i), "金水区拖欠工程款。", at, at, nil)
		v, _ := d.Encode()
		return bus.Message{Key: []byte(d.ID), Value: v}
	}
	msgs := []bus.Message{good(-1)}
	for i, c := range cases {
		var v []byte
		switch {
		case c.Generate == "oversized":
			v = fmt.Appendf(nil, `{"schema":1,"id":"big","version":"v","source":"s","title":"t","text":"%s"}`, strings.Repeat("拖欠", 20_000))
		default:
			var err error
			if v, err = os.ReadFile(filepath.Join(corpus, c.File)); err != nil {
				t.Fatal(err)
			}
		}
		msgs = append(msgs, bus.Message{Key: []byte(fmt.Sprintf("bad-%d", i)), Value: v}, good(i))
	}
	return msgs
}

func checkDeadLetters(ctx context.Context, t *testing.T, e *app.Engine, o bus.Options, cases []badCase) {
	o.Topic = e.Cfg.Kafka.DLQTopic
	c, err := bus.NewConsumer(o, "badinput-check")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := map[string]string{}
	for len(got) < len(cases) {
		r, err := c.Fetch(ctx)
		if err != nil {
			t.Fatalf("read dead letters after %d: %v", len(got), err)
		}
		got[string(r.Key)] = r.Headers["reason"]
	}
	for i, cs := range cases {
		if r := got[fmt.Sprintf("bad-%d", i)]; r != cs.Want {
			t.Errorf("%s%s: dead-letter reason %q, want %q", cs.File, cs.Generate, r, cs.Want)
		}
	}
}

func badQueries(ctx context.Context, t *testing.T, e *app.Engine, cases []badCase) {
	before, err := e.Store.Count(ctx, "SELECT count() AS n FROM trustwatch.documents")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Query, func(t *testing.T) {
			var out bytes.Buffer
			err := e.Store.QueryReadOnly(ctx, c.Query, "TSV", store.Limits{MaxResultRows: 1000}, &out)
			if err == nil || !strings.Contains(err.Error(), c.Want) {
				t.Fatalf("got %v (output %q), want an error containing %q", err, out.String(), c.Want)
			}
		})
	}
	ms, _ := store.Migrations()
	missing, err := e.Store.Missing(ctx, ms)
	after, _ := e.Store.Count(ctx, "SELECT count() AS n FROM trustwatch.documents")
	if err != nil || len(missing) > 0 || after != before {
		t.Fatalf("after the queries: missing %v (%v), %d documents (was %d)", missing, err, after, before)
	}
	if _, err := os.Stat("/tmp/tw-badinput"); err == nil {
		t.Fatal("a query wrote /tmp/tw-badinput")
	}
}
