package chdb

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkInsertDocuments inserts batches of document rows (~1 KB of
// Chinese text each) as ingest does, in RowBinary (what Insert uses) and as
// JSONCompactEachRow (the fallback), in batches of 1 and 500, so the fixed
// cost of an insert and the cost per row can be read off within one run.
func BenchmarkInsertDocuments(b *testing.B) {
	ctx := context.Background()
	be, _ := migrated(b)
	cols := []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}
	now := time.Now()
	body := "我们是在郑州市金水区花园路街道安置房建设项目干活的农民工，总包单位自2026年5月起一直拖欠我们的工资。"
	for _, path := range []struct {
		name   string
		insert func(context.Context, string, []string, [][]any) error
	}{{"rowbinary", be.insertBinary}, {"json", be.insertJSON}} {
		for _, batch := range []int{1, 500, 5000} {
			b.Run(fmt.Sprintf("%s/batch=%d", path.name, batch), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					rows := make([][]any, batch)
					for j := range rows {
						id := fmt.Sprintf("%s-%d-%d-%d", path.name, batch, i, j)
						rows[j] = []any{id, "v1", "src", "complaint", "http://x/" + id, "标题" + id, body + body + body + body + body,
							now, now, map[string]string{"答复单位": "金水区人社局"}, []string{"jinshui"}, uint32(120), now}
					}
					if err := path.insert(ctx, "trustwatch.documents", cols, rows); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
