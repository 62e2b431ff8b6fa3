package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/trustwatch/trustwatch/store"
)

// SeedYear writes a year (2026) of synthetic documents and signals for the
// 46 configured units straight into the store: docs documents of five kinds
// with the fields the indicators read, and signals signals about them — each
// (document, unit, category) once while signals ≤ 5 × docs.
func SeedYear(b testing.TB, s *store.Store, units []string, docs, signals int) {
	b.Helper()
	ctx := context.Background()
	ids := "['" + joinQuoted(units) + "']"
	day := "toDate('2026-01-01') + toIntervalDay(cityHash64(number) % 365)"
	docQ := fmt.Sprintf(`INSERT INTO trustwatch.documents (id, version, source, kind, url, title, text, published_at, fetched_at, fields, units, tokens, ingested_at)
SELECT concat('d', toString(number)), 'v1', concat('src', toString(number %% 20)),
       ['disclosure', 'complaint', 'news', 'procurement', 'judgment'][1 + number %% 5] AS kind,
       concat('http://sample/', toString(number)), concat('标题', toString(number)), '',
       toDateTime64(%[2]s, 3, 'Asia/Shanghai') AS p, p, 
       multiIf(kind = 'disclosure', map('决定日期', toString(toDate(p) - toIntervalDay(number %% 15)), '公示日期', toString(toDate(p)),
                                         '决定文书号', 'x', '行政相对人', 'y', '决定机关', 'z'),
               kind = 'complaint', map('留言时间', toString(p), '答复时间', if(number %% 7 = 0, '', toString(p + toIntervalDay(number %% 30)))),
               kind = 'procurement', map('约定清偿日期', toString(toDate(p) - toIntervalDay(30)), '清偿日期', if(number %% 3 = 0, '', toString(toDate(p))), '清偿情况', '已清偿'),
               map()),
       [%[1]s[1 + number %% %[3]d]], 10, now64(3)
FROM numbers(%[4]d)`, ids, day, len(units), docs)
	if err := s.Exec(ctx, docQ); err != nil {
		b.Fatal(err)
	}
	sigQ := fmt.Sprintf(`INSERT INTO trustwatch.signals (doc_id, doc_version, unit_id, category, polarity, severity, evidence, source, kind, event_date, ingested_at)
SELECT concat('d', toString(d)), 'v1', %[1]s[1 + d %% %[2]d], ['综合', '政府债务与拖欠', '勤政与不作为', '政务公开', '招商引资'][1 + intDiv(number, %[3]d) %% 5],
       [-1, -1, 1, 0][1 + (number %% 4)], 1 + number %% 5, 'e', concat('src', toString(d %% 20)),
       ['disclosure', 'complaint', 'news', 'procurement', 'judgment'][1 + d %% 5],
       toDate('2026-01-01') + toIntervalDay(cityHash64(d) %% 365), now64(3)
FROM (SELECT number, number %% %[3]d AS d FROM numbers(%[4]d))`, ids, len(units), docs, signals)
	if err := s.Exec(ctx, sigQ); err != nil {
		b.Fatal(err)
	}
}

func joinQuoted(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += "', '"
		}
		out += x
	}
	return out
}
