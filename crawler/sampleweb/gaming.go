package sampleweb

import (
	"fmt"
	"sort"
	"time"

	"github.com/trustwatch/trustwatch/unit"
	"github.com/trustwatch/trustwatch/workday"
)

// A unit that games the evaluation, for tests of package gaming between two
// crawls: it puts a decision online with a 公示日期 long past (backdating),
// or clears a backlog of old decisions just before a period closes. Both
// add 双公示 pages to the running site; the items returned are the truth.

// PublishBackdated puts online now a decision of unit u taken on decided
// whose page claims 公示日期 claimed: a crawl made before now and after
// claimed did not see it.
func (s *Site) PublishBackdated(u unit.Unit, decided, claimed time.Time) *Item {
	s.content.Lock()
	defer s.content.Unlock()
	it := s.addDecision(u, decided, claimed, "倒签")
	it.Online = time.Now()
	return it
}

// PublishBurst puts online n decisions of unit u taken on decided and
// published one a day from first.
func (s *Site) PublishBurst(u unit.Unit, n int, decided, first time.Time) []*Item {
	s.content.Lock()
	defer s.content.Unlock()
	out := make([]*Item, n)
	for i := range out {
		out[i] = s.addDecision(u, decided, first.AddDate(0, 0, i), fmt.Sprintf("积压%d", i+1))
	}
	return out
}

// addDecision adds one 行政处罚 decision page and keeps the lists newest
// first; the caller holds content.
func (s *Site) addDecision(u unit.Unit, decided, published time.Time, tag string) *Item {
	published = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, shanghai)
	authority := u.Short + "市场监督管理局"
	party := "郑州某某商贸有限公司" + tag
	n := len(s.items) + 900000
	it := &Item{Site: SiteDisclosure, Date: published, Unit: u.ID, Decided: decided, Complete: true,
		Title: fmt.Sprintf("%s关于%s未按规定明码标价的行政处罚决定", authority, party),
		Body:  fmt.Sprintf("%s因未按规定明码标价，违反相关法律法规规定，%s依法决定给予警告并处罚款2000元。", party, authority),
		Path:  fmt.Sprintf("/xyzz/sgs/%s/t%s_%d.html", published.Format("200601"), published.Format("20060102"), n),
		Fields: []Field{
			{"决定文书号", "wsh", fmt.Sprintf("%s〔%d〕%d号", string([]rune(u.Short)[:1]), decided.Year(), n)},
			{"行政相对人", "xdr", party}, {"类别", "lb", "行政处罚"}, {"决定机关", "jdjg", authority},
			{"决定日期", "jdrq", decided.Format("2006年1月2日")}, {"公示日期", "gsrq", published.Format("2006年1月2日")},
		},
		Bad: workday.China().Between(decided, published) > 7}
	s.items = append(s.items, it)
	s.bySite[SiteDisclosure] = append(s.bySite[SiteDisclosure], it)
	s.byPath[it.Path] = it
	newest := func(xs []*Item) func(i, j int) bool {
		return func(i, j int) bool { return xs[i].Date.After(xs[j].Date) }
	}
	sort.SliceStable(s.items, newest(s.items))
	sort.SliceStable(s.bySite[SiteDisclosure], newest(s.bySite[SiteDisclosure]))
	return it
}
