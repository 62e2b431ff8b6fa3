package sampleweb

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/unit"
	"github.com/trustwatch/trustwatch/workday"
)

var shanghai = document.Shanghai

// Field is one labelled value on a detail page; ID is its HTML id.
type Field struct{ Name, ID, Value string }

// Item is one generated detail page and the truth behind it.
type Item struct {
	Site   string // SiteDisclosure, SiteComplaint or SiteNews
	Path   string // URL path of its detail page
	Title  string
	Date   time.Time // the date shown in lists and as 发布时间
	Body   string
	Fields []Field
	Unit   string // the unit it concerns (truth for tests)
	Bad    bool   // whether it records 政务失信 (truth for tests)
	Topic  string // the message's template topic (complaints only; truth for tests)

	File     string // the attachment the row is in (SiteArrears)
	ID       string // the record's id in its API (SiteMailbox)
	RepostOf string // the path of the item this one reposts (SiteRepost)
	RepeatOf string // the path of the complaint this one raises again (SiteComplaint)

	// Truth for the index's indicators (see truth.go).
	Decided  time.Time // 决定日期 of a 双公示 decision
	Complete bool      // the decision names all required fields
	Due      time.Time // 约定清偿日期 of a ledger row
	Repaid   time.Time // 清偿日期, zero while unpaid
	Outcome  string    // a judgment's outcome for the government party: lost, won, withdrawn
	Assigned time.Time // 交办日期 of a 建议/提案 (SiteProposal)
	Answered time.Time // 答复日期 of a 建议/提案
	Result   string    // 办理结果 of a 建议/提案: A…, B…, C…
	// A 好差评 row (SiteReviews): the month it counts, its 评价数, 好评数,
	// 差评数 (Poor) and 差评已整改数.
	Month                      time.Time
	Ratings, Good, Poor, Fixed int
	// A 权责清单 (SitePowers): its items, and the days of its real updates:
	// the 清单更新日期 it was generated with, then each RevisePowers (on the
	// day it was called: the next crawl sees it then).
	Powers  []PowerItem
	Updates []time.Time
	Action  string // a 纪律处分/问责 notice's 处理类型 (SiteDiscipline); Decided is its 处理日期
	// Online is when a backdated page really went online (PublishBackdated);
	// zero: on its Date. The index counts it as published then.
	Online time.Time
}

// Sites of the sample web.
const (
	SiteDisclosure = "sgs"   // 信用郑州 双公示
	SiteComplaint  = "12345" // 12345 / 领导留言板
	SiteNews       = "news"  // 郑州市人民政府 要闻
	SiteGBK        = "gbk"   // a county site still served in GBK, charset only in <meta>
)

// badnessLadder spreads how often units fail: a few clearly worse than the
// rest, so that a ranking means something. Units get rungs by seeded shuffle.
var badnessLadder = []float64{2.6, 2.2, 1.8, 1.5, 1.2, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.3, 0.25, 0.2}

type generator struct {
	r       *rand.Rand
	aux     *rand.Rand // draws added for the index (gen3.go), so the older pages stay as they were
	cal     *workday.Calendar
	units   []unit.Unit
	badness map[string]float64
	items   []*Item
	seq     int
	first   time.Time // the oldest month
	end     time.Time // the day after the latest month
}

func generate(units, departments []unit.Unit, seed int64, latest time.Time, months int) ([]*Item, map[string]float64) {
	g := &generator{r: rand.New(rand.NewPCG(uint64(seed), 129)), aux: rand.New(rand.NewPCG(uint64(seed), 2026)),
		cal: workday.China(), units: units, badness: map[string]float64{}}
	perm := g.r.Perm(len(units))
	for i, u := range units {
		g.badness[u.ID] = badnessLadder[perm[i]%len(badnessLadder)]
	}
	g.first = latest.AddDate(0, -(months - 1), 0)
	g.end = latest.AddDate(0, 1, 0)
	for m := months - 1; m >= 0; m-- {
		month := latest.AddDate(0, -m, 0)
		for _, u := range units {
			g.complaints(u, month)
			g.disclosures(u, month)
			g.news(u, month)
			g.notice(u, month)
			g.arrears(u, month)
			g.letters(u, month)
		}
	}
	g.reposts()
	g.judgments(units, latest, months)
	g.departments(departments, latest, months)
	g.repeats()
	g.proposals(units, departments, seed, latest, months)
	g.reviews(units, departments, seed, latest, months)
	g.powers(units, departments, seed, latest)
	g.discipline(units, departments, seed, latest, months)
	sort.SliceStable(g.items, func(i, j int) bool { return g.items[i].Date.After(g.items[j].Date) })
	return g.items, g.badness
}

func (g *generator) pick(xs []string) string { return pickFrom(g.r, xs) }

// pickFrom draws from xs with r: the index's pages draw from g.aux so the
// older pages stay as they were.
func pickFrom(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

func (g *generator) dayIn(month time.Time) time.Time { return dayInWith(g.r, month) }

// dayInWith is a time of office hours on a day of month, drawn with r.
func dayInWith(r *rand.Rand, month time.Time) time.Time {
	days := month.AddDate(0, 1, -1).Day()
	return month.AddDate(0, 0, r.IntN(days)).Add(time.Duration(8*60+r.IntN(10*60)) * time.Minute)
}

func (g *generator) fill(s string, u unit.Unit, month time.Time) string {
	place := u.Short
	if len(u.Places) > 0 {
		place = g.pick(u.Places)
	}
	rep := strings.NewReplacer(
		"{unit}", u.Short, "{place}", place, "{project}", g.pick(projects), "{company}", g.pick(companies),
		"{service}", g.pick(services), "{bureau}", g.pick(bureaus), "{n}", fmt.Sprint(2+g.r.IntN(8)),
		"{amount}", fmt.Sprint(10+g.r.IntN(490)), "{month}", month.AddDate(0, -g.r.IntN(6), 0).Format("2006年1月"),
	)
	return rep.Replace(s)
}

func (g *generator) add(it *Item) {
	g.seq++
	switch it.Site {
	case SiteComplaint:
		it.Path = fmt.Sprintf("/12345/detail?mid=%d", 100000+g.seq)
	case SiteDisclosure:
		it.Path = fmt.Sprintf("/xyzz/sgs/%s/t%s_%d.html", it.Date.Format("200601"), it.Date.Format("20060102"), g.seq)
	case SiteGBK:
		it.Path = fmt.Sprintf("/gbk/%d.html", g.seq)
	default:
		it.Path = fmt.Sprintf("/news/%s/%d.html", it.Date.Format("200601"), g.seq)
	}
	g.items = append(g.items, it)
}

// complaints: worse units draw more messages, fewer of them praise, and their
// replies come late or never.
func (g *generator) complaints(u unit.Unit, month time.Time) {
	b := g.badness[u.ID]
	n := 1 + int(b*3) + g.r.IntN(3)
	for i := 0; i < n; i++ {
		praise := g.r.Float64() < 0.45/(1+b)
		var k int
		for {
			k = g.r.IntN(len(complaintKinds))
			if complaintKinds[k].Praise == praise {
				break
			}
		}
		ck := complaintKinds[k]
		at := g.dayIn(month)
		title := g.fill(ck.Title, u, month)
		replyUnit, replyAt, reply := g.reply(u, at, praise, b)
		g.add(&Item{
			Site: SiteComplaint, Title: title, Date: at, Body: g.fill(ck.Body, u, month), Unit: u.ID, Bad: !praise, Topic: ck.Topic,
			Fields: []Field{
				{"留言对象", "lydx", u.Name + "人民政府"}, {"留言时间", "lysj", at.Format("2006-01-02 15:04")},
				{"答复单位", "dfdw", replyUnit}, {"答复时间", "dfsj", replyAt}, {"答复内容", "dfnr", reply},
			},
		})
	}
}

func (g *generator) reply(u unit.Unit, at time.Time, praise bool, b float64) (who, when, text string) {
	if !praise && g.r.Float64() < b/5 {
		return "", "", "未答复"
	}
	delay := 1 + g.r.IntN(3)
	if !praise {
		delay += int(b * float64(3+g.r.IntN(8)))
	}
	when = at.AddDate(0, 0, delay).Format("2006-01-02 15:04")
	who = u.Short + g.pick(bureaus)
	switch {
	case praise:
		text = "感谢您对我们工作的肯定，我们将继续做好服务。"
	case b < 0.8:
		text = "经核实，您反映的问题属实，已督促相关单位于" + at.AddDate(0, 0, delay).Format("1月2日") + "结清全部款项，问题已解决。"
	default:
		text = "您反映的问题已转交相关部门办理，正在协调中，请耐心等待。"
	}
	return who, when, text
}

// disclosures: 双公示 decisions; worse units publish more of them later than
// the 7 working days the plan (item 11) allows.
func (g *generator) disclosures(u unit.Unit, month time.Time) {
	b := g.badness[u.ID]
	for i := 0; i < 3; i++ {
		// A month's records are the pages published in it; the decision may
		// fall in an earlier month.
		published := g.dayIn(month)
		published = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, shanghai)
		delay := 1 + g.r.IntN(4)
		late := g.r.Float64() < b*0.22
		if late {
			delay = 12 + g.r.IntN(20)
		}
		decided := g.decided(published, late, delay)
		authority := u.Short + g.pick([]string{"市场监督管理局", "城市管理局", "生态环境分局", "住房和城乡建设局"})
		party := g.pick(parties)
		penalty := g.r.IntN(2) == 0
		kind, title, content := "行政许可", "", ""
		if penalty {
			kind = "行政处罚"
			v := g.pick(violations)
			title = fmt.Sprintf("%s关于%s%s的行政处罚决定", authority, party, v)
			content = fmt.Sprintf("%s因%s，违反相关法律法规规定，%s依法决定给予警告并处罚款%d元。", party, v, authority, 1000*(1+g.r.IntN(50)))
		} else {
			p := g.pick(permits)
			title = fmt.Sprintf("%s准予%s%s的决定", authority, party, p)
			content = fmt.Sprintf("经审查，%s申请的%s符合法定条件，%s决定准予许可。", party, p, authority)
		}
		wsh := fmt.Sprintf("%s〔%d〕%d号", u.Short[:3], decided.Year(), 100+g.seq)
		if g.aux.Float64() < 0.06*b {
			wsh = "" // published without its 文书号
		}
		g.add(&Item{
			Site: SiteDisclosure, Title: title, Date: published, Body: content, Unit: u.ID, Bad: late,
			Decided: decided, Complete: wsh != "",
			Fields: []Field{
				{"决定文书号", "wsh", wsh},
				{"行政相对人", "xdr", party}, {"类别", "lb", kind}, {"决定机关", "jdjg", authority},
				{"决定日期", "jdrq", decided.Format("2006年1月2日")}, {"公示日期", "gsrq", published.Format("2006年1月2日")},
			},
		})
	}
}

// news: 通报 of failures for worse units, commendations for better ones, and
// neutral meeting reports.
func (g *generator) news(u unit.Unit, month time.Time) {
	b := g.badness[u.ID]
	var want int
	switch x := g.r.Float64(); {
	case x < 0.12*b:
		want = -1
	case b < 0.7 && x > 0.8:
		want = 1
	case x > 0.9:
		want = 0
	default:
		return
	}
	var ks []int
	for i, k := range newsKinds {
		if k.Polarity == want {
			ks = append(ks, i)
		}
	}
	nk := newsKinds[ks[g.r.IntN(len(ks))]]
	at := g.dayIn(month)
	g.add(&Item{
		Site: SiteNews, Title: g.fill(nk.Title, u, month), Date: at, Body: g.fill(nk.Body, u, month),
		Unit: u.ID, Bad: want < 0, Fields: []Field{{"来源", "ly", "郑州市人民政府网站"}},
	})
}

// noticeKinds are routine 通知公告 of a county-style site: no integrity content.
var noticeKinds = []struct{ Title, Body string }{
	{"{unit}关于开展{month}政务公开检查的通知", "根据工作安排，{unit}将于近期对各部门政务公开情况进行检查，请各单位做好准备。"},
	{"{unit}关于做好冬季安全生产工作的通知", "各乡镇（街道）、各部门：为做好冬季安全生产工作，现将有关事项通知如下。"},
	{"{unit}{place}便民服务中心调整办公时间的公告", "自下月起，{place}便民服务中心办公时间调整为上午八时至下午五时，周六上午照常办理。"},
}

// notice: about half the units publish a notice a month on the GBK site.
func (g *generator) notice(u unit.Unit, month time.Time) {
	if g.r.IntN(2) == 0 {
		return
	}
	nk := noticeKinds[g.r.IntN(len(noticeKinds))]
	at := g.dayIn(month)
	g.add(&Item{Site: SiteGBK, Title: g.fill(nk.Title, u, month), Date: at, Body: g.fill(nk.Body, u, month), Unit: u.ID,
		Fields: []Field{{"发文单位", "fwdw", u.Name + "人民政府办公室"}}})
}
