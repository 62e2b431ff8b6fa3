package sampleweb

import (
	"math"
	"time"

	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/workday"
)

// Tally is an indicator's numerator and denominator for one unit.
type Tally struct{ Num, Den float64 }

// Truth is the exact value of each structured indicator of configs/index.yaml
// for each unit in period p, from what the pages were generated with — not
// from reading them: indicator id → unit id → tally. now is when the pages
// were fetched (an unanswered message counts late once its deadline passed).
func (s *Site) Truth(p period.Period, now time.Time) map[string]map[string]Tally {
	cal := workday.China()
	out := map[string]map[string]Tally{}
	add := func(ind, unitID string, num float64) {
		if out[ind] == nil {
			out[ind] = map[string]Tally{}
		}
		t := out[ind][unitID]
		t.Num += num
		t.Den++
		out[ind][unitID] = t
	}
	prev := map[string]*Item{} // each unit's 好差评 row of the month before
	for _, it := range s.items {
		if it.Site == SiteReviews {
			prev[it.Unit+it.Month.AddDate(0, 1, 0).Format("200601")] = it
		}
	}
	for _, it := range s.items {
		switch it.Site {
		case SiteDisclosure:
			if p.Contains(it.Date) {
				add("sgs_completeness", it.Unit, b2f(it.Complete))
			}
			// A backdated page counts as published when it went online
			// (configs/index.yaml: sgs_timeliness backdated: observed).
			published := it.Date
			if !it.Online.IsZero() {
				y, m, d := it.Online.In(shanghai).Date()
				published = time.Date(y, m, d, 0, 0, 0, 0, shanghai)
			}
			if p.Contains(published) {
				add("sgs_timeliness", it.Unit, b2f(cal.Between(it.Decided, published) <= 7))
			}
		case SiteComplaint, SiteMailbox:
			if !p.Contains(it.Date) {
				continue
			}
			answered, err := time.ParseInLocation("2006-01-02 15:04", field(it, "答复时间"), shanghai)
			end := now
			if err == nil {
				end = answered
			}
			days := cal.Between(it.Date, end)
			if err == nil || days > 15 {
				add("complaint_timely", it.Unit, b2f(err == nil && days <= 15))
			}
			if err == nil {
				add("reply_delay", it.Unit, float64(days))
			}
		case SiteArrears:
			overdue := !it.Due.Before(p.Start.AddDate(0, 0, -365)) && it.Due.Before(p.End) &&
				(it.Repaid.IsZero() || workday.Day(it.Repaid).After(workday.Day(it.Due)) && workday.Day(it.Repaid).After(p.Start))
			if overdue {
				add("arrears", it.Unit, 1)
			}
		case SiteProposal:
			if p.Contains(it.Date) {
				add("proposal_timely", it.Unit, b2f(!it.Answered.After(period.AddMonths(it.Assigned, ProposalMonths))))
				add("proposal_adopted", it.Unit, b2f(it.Result[0] == 'A'))
				add("proposal_published", it.Unit, 1)
			}
		case SiteReviews:
			if !p.Contains(it.Month) {
				continue
			}
			t := out["hcp_rectified"][it.Unit]
			add("hcp_rectified", it.Unit, 0)
			out["hcp_rectified"][it.Unit] = Tally{Num: t.Num + float64(it.Fixed), Den: t.Den + float64(it.Poor)}
			if before := prev[it.Unit+it.Month.Format("200601")]; before != nil {
				add("hcp_good_trend", it.Unit, math.RoundToEven((rate(it)-rate(before))*1000))
			}
		case SitePowers:
			if it.Unit == "" {
				continue // the 上级's catalogue
			}
			// After each update current until PowerMonths after the next
			// change of the 上级, or PowerMaxMonths; stale until the next update.
			for k, u := range it.Updates {
				next := time.Date(2100, 1, 1, 0, 0, 0, 0, shanghai)
				if k+1 < len(it.Updates) {
					next = it.Updates[k+1]
				}
				stale := period.AddMonths(u, PowerMaxMonths)
				if d, ok := s.upstreamAfter(u); ok && period.AddMonths(d, PowerMonths).Before(stale) {
					stale = period.AddMonths(d, PowerMonths)
				}
				fresh := stale
				if next.Before(fresh) {
					fresh = next
				}
				if u.Before(fresh) && u.Before(p.End) && fresh.After(p.Start) {
					add("powerlist_fresh", it.Unit, 1)
				}
				if stale.Before(next) && stale.Before(p.End) && next.After(p.Start) {
					add("powerlist_fresh", it.Unit, 0)
				}
			}
		case SiteDiscipline:
			// Counted from its 处理日期 for 365 days (display_days).
			if it.Decided.Before(p.End) && it.Decided.AddDate(0, 0, 366).After(p.Start) {
				add("discipline", it.Unit, float64(DisciplineSeverity[it.Action]))
			}
		case SiteJudgment:
			if p.Contains(it.Date) && (it.Outcome == "lost" || it.Outcome == "won") {
				add("litigation_loss", it.Unit, b2f(it.Outcome == "lost"))
			}
		}
	}
	return out
}

func field(it *Item, name string) string {
	for _, f := range it.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Badness is how often each unit was made to fail (higher is worse): the
// order a sound index should roughly recover.
func (s *Site) Badness() map[string]float64 { return s.badness }

// rate is a 好差评 row's share of good ratings, as the index computes it.
func rate(it *Item) float64 { return float64(it.Good) / float64(it.Ratings) }

// upstreamAfter is the first update of the 上级's catalogue after day u.
func (s *Site) upstreamAfter(u time.Time) (time.Time, bool) {
	var first time.Time
	for _, it := range s.bySite[SitePowers] {
		if it.Unit != "" {
			continue
		}
		for _, d := range it.Updates {
			if d.After(u) && (first.IsZero() || d.Before(first)) {
				first = d
			}
		}
	}
	return first, !first.IsZero()
}
