package chdb

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkInsertDocuments inserts batches of 500 document rows (~1 KB of
// Chinese text each) through the JSONEachRow path ingest uses.
func BenchmarkInsertDocuments(b *testing.B) {
	ctx := context.Background()
	_, s := migrated(b)
	cols := []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}
	now := time.Now()
	body := "我们是在郑州市金水区花园路街道安置房建设项目干活的农民工，总包单位自2026年5月起一直拖欠我们的工资。"
	const batch = 500
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows := make([][]any, batch)
		for j := range rows {
			id := fmt.Sprintf("%d-%d", i, j)
			rows[j] = []any{id, "v1", "src", "complaint", "http://x/" + id, "标题" + id, body + body + body + body + body,
				now, now, map[string]string{"答复单位": "金水区人社局"}, []string{"jinshui"}, uint32(120), now}
		}
		if err := s.Insert(ctx, "trustwatch.documents", cols, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "rows/s")
}
