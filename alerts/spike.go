package alerts

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/workday"
)

// SpikeTest is the test behind spike rules: is count on a day improbably
// high against the same kind of days (working days, or days off) of the
// baseline? The baseline's mean is λ; when its counts vary more than a
// Poisson's would, the tail is a negative binomial's with that mean and
// variance, so a unit whose counts are bursty by nature does not warn on
// every burst. P is P(X ≥ count).
type SpikeTest struct {
	Count    int
	Mean     float64 // the baseline's mean of same-kind days
	Variance float64
	Days     int // same-kind days in the baseline
	P        float64
}

// TestSpike computes the test for the day at index i of counts (one count
// per day, days[i] its date) against the baseline days before it.
func TestSpike(cal *workday.Calendar, days []time.Time, counts []int, i, baseline int) SpikeTest {
	kind := cal.IsWorkday(days[i])
	var xs []float64
	for j := max(0, i-baseline); j < i; j++ {
		if cal.IsWorkday(days[j]) == kind {
			xs = append(xs, float64(counts[j]))
		}
	}
	t := SpikeTest{Count: counts[i], Days: len(xs)}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	// Half a signal added to the baseline: a unit with no history is not
	// certain to stay at zero.
	t.Mean = (sum + 0.5) / float64(len(xs)+1)
	for _, x := range xs {
		t.Variance += (x - t.Mean) * (x - t.Mean)
	}
	if len(xs) > 1 {
		t.Variance /= float64(len(xs) - 1)
	}
	t.P = upperTail(t.Count, t.Mean, t.Variance)
	return t
}

// upperTail is P(X ≥ k) for a Poisson of mean m, or a negative binomial of
// mean m and variance v when v > m.
func upperTail(k int, m, v float64) float64 {
	if k <= 0 {
		return 1
	}
	var cdf float64 // P(X ≤ k-1), summed in logs for stability
	if v > m*1.05 {
		r := m * m / (v - m) // NB(r, p) with mean m: p = r/(r+m)
		p := r / (r + m)
		for x := 0; x < k; x++ {
			lg := lgamma(float64(x)+r) - lgamma(r) - lgamma(float64(x)+1)
			cdf += math.Exp(lg + r*math.Log(p) + float64(x)*math.Log1p(-p))
		}
	} else {
		for x := 0; x < k; x++ {
			cdf += math.Exp(float64(x)*math.Log(m) - m - lgamma(float64(x)+1))
		}
	}
	return math.Max(0, 1-cdf)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// spikes tests every unit's daily count of negative documents on each of
// the rule's last within_days days against the baseline_days before.
func (a *Alerter) spikes(ctx context.Context, r rule.Rule, now time.Time) ([]Warning, error) {
	today := dayStart(now)
	first := today.AddDate(0, 0, -(r.WithinDays - 1 + r.BaselineDays))
	q := fmt.Sprintf(`SELECT toString(unit_id) AS unit_id, toString(event_date) AS day, toUInt32(uniqExact(doc_id)) AS n
FROM trustwatch.v_signals
WHERE polarity < 0 AND event_date >= toDate(%s) AND event_date <= toDate(%s)
GROUP BY unit_id, event_date`, store.Quote(first.Format("2006-01-02")), store.Quote(today.Format("2006-01-02")))
	var rows []struct {
		UnitID string `json:"unit_id"`
		Day    string `json:"day"`
		N      int    `json:"n"`
	}
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, err
	}
	var days []time.Time
	for d := first; !d.After(today); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	series := map[string][]int{}
	for _, row := range rows {
		d, err := time.Parse("2006-01-02", row.Day)
		if err != nil || !a.known(row.UnitID) {
			continue
		}
		if series[row.UnitID] == nil {
			series[row.UnitID] = make([]int, len(days))
		}
		series[row.UnitID][int(d.Sub(first).Hours()/24)] = row.N
	}
	var out []Warning
	for _, u := range a.o.Units.All() {
		counts := series[u.ID]
		if counts == nil {
			continue
		}
		for i := len(days) - r.WithinDays; i < len(days); i++ {
			t := TestSpike(a.o.Calendar, days, counts, i, r.BaselineDays)
			if t.Count < r.MinCount || t.P >= r.PValue {
				continue
			}
			d := days[i].Format("2006-01-02")
			w := a.warning(r, u.ID, d)
			w.Value = float64(t.Count)
			w.Summary = fmt.Sprintf("%s %s 失信信号 %d 条，近%d天同类日平均 %.2f 条（p=%.1e）", w.UnitName, d, t.Count, r.BaselineDays, t.Mean, t.P)
			w.Figures = []Figure{{Name: "当日失信信号", Value: float64(t.Count), Format: "%.0f条", Period: d},
				{Name: "同类日基线", Value: t.Mean, Format: "%.2f条/日", Period: fmt.Sprintf("前%d天中%d个同类日", r.BaselineDays, t.Days)},
				{Name: "尾概率 p", Value: t.P, Format: "%.1e", Period: d}}
			out = append(out, w)
		}
	}
	return out, a.spikeEvidence(ctx, out)
}

// spikeEvidence attaches each spike day's most severe documents.
func (a *Alerter) spikeEvidence(ctx context.Context, ws []Warning) error {
	for i := range ws {
		q := fmt.Sprintf(`SELECT toString(s.category) AS category, toUInt8(s.severity) AS severity, s.evidence AS evidence,
  d.title AS title, d.url AS url, toString(s.event_date) AS date
FROM trustwatch.v_signals AS s INNER JOIN trustwatch.v_documents AS d ON d.id = s.doc_id
WHERE s.unit_id = %s AND s.event_date = toDate(%s) AND s.polarity < 0
ORDER BY s.severity DESC, d.url LIMIT 5`, store.Quote(ws[i].UnitID), store.Quote(ws[i].Key))
		if err := a.o.Store.SelectInto(ctx, q, &ws[i].Evidence); err != nil {
			return err
		}
	}
	return nil
}

// dayStart is the start of t's day in 郑州, as a UTC date.
func dayStart(t time.Time) time.Time {
	y, m, d := t.In(shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
