package sampleweb

import (
	"fmt"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/unit"
)

// More sites, each a shape of source the crawler must read besides HTML
// detail pages.
const (
	SiteArrears = "qxzk" // 清欠台账: monthly xlsx (and one GBK csv) attachments, a row per debt
	SiteMailbox = "szxx" // 市长信箱: a JSON API paged by form POST
	SiteRepost  = "dahe" // 大河网-style media site that reposts government news
)

// ArrearsColumns are the columns of the 清欠台账 attachments, in order.
var ArrearsColumns = []string{"台账编号", "欠款单位", "债权企业", "欠款金额（万元）", "约定清偿日期", "清偿情况", "公示日期", "清偿日期"}

// arrears: rows of the monthly 清理拖欠民营企业账款 ledger; worse units leave
// more debts unpaid past the agreed date.
func (g *generator) arrears(u unit.Unit, month time.Time) {
	b := g.badness[u.ID]
	for i := 0; i < 1+g.r.IntN(2); i++ {
		published := g.dayIn(month)
		published = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, shanghai)
		due := published.AddDate(0, -1-g.r.IntN(3), -g.r.IntN(20))
		unpaid := g.r.Float64() < b*0.3
		state := "已全额清偿"
		if unpaid {
			state = "逾期未清偿"
		}
		repaid := g.repaid(due, published, unpaid)
		vals := []string{"", u.Short + g.pick(bureaus), g.pick(companies), fmt.Sprint(20 + g.r.IntN(480)),
			due.Format("2006年1月2日"), state, published.Format("2006年1月2日"), dateOrEmpty(repaid)}
		file := fmt.Sprintf("/qxzk/files/qxtz-%s.%s", month.Format("200601"), arrearsFormat(month, g.first))
		g.seq++
		vals[0] = fmt.Sprintf("QX-%s-%03d", month.Format("200601"), g.seq%1000)
		it := &Item{Site: SiteArrears, File: file, Path: file + "#" + vals[0], Date: published, Unit: u.ID, Bad: unpaid,
			Due: due, Repaid: repaid,
			Title: vals[1] + "清欠台账：" + vals[2] + "账款" + state}
		var parts []string
		for i, c := range ArrearsColumns {
			it.Fields = append(it.Fields, Field{Name: c, Value: vals[i]})
			if vals[i] != "" { // an empty cell is no part of the record's text
				parts = append(parts, c+"："+vals[i])
			}
		}
		it.Body = strings.Join(parts, "；")
		g.items = append(g.items, it)
	}
}

// arrearsFormat: the oldest month's ledger is a csv (saved by Excel on a
// Chinese Windows, so GB18030); the others are xlsx.
func arrearsFormat(month, first time.Time) string {
	if month.Equal(first) {
		return "csv"
	}
	return "xlsx"
}

// letters: 市长信箱 letters; like 12345 messages but fewer, served as JSON.
func (g *generator) letters(u unit.Unit, month time.Time) {
	b := g.badness[u.ID]
	if g.r.Float64() > 0.3+b/4 {
		return
	}
	praise := g.r.Float64() < 0.45/(1+b)
	ck := complaintKinds[g.r.IntN(len(complaintKinds))]
	for ck.Praise != praise {
		ck = complaintKinds[g.r.IntN(len(complaintKinds))]
	}
	at := g.dayIn(month)
	g.seq++
	id := fmt.Sprintf("L%s%04d", at.Format("200601"), g.seq)
	replyUnit, replyAt, reply := g.reply(u, at, praise, b)
	it := &Item{Site: SiteMailbox, Path: "/szxx/letter.html?id=" + id, Title: g.fill(ck.Title, u, month), Date: at,
		Body: "尊敬的市长：您好！" + g.fill(ck.Body, u, month) + "恳请市长过问此事。", Unit: u.ID, Bad: !praise, Topic: ck.Topic, ID: id,
		Fields: []Field{{"留言对象", "toUnit", u.Name + "人民政府"}, {"答复单位", "replyUnit", replyUnit},
			{"答复时间", "replyTime", replyAt}, {"答复内容", "replyContent", reply}}}
	g.items = append(g.items, it)
}

// reposts: the media site reposts every 通报 and some other news a day or two
// later, with its own lead-in and editor's line — the same event, another source.
func (g *generator) reposts() {
	var out []*Item
	for _, it := range g.items {
		if it.Site != SiteNews || (!it.Bad && g.r.IntN(3) != 0) {
			continue
		}
		g.seq++
		at := it.Date.Add(time.Duration(20+g.r.IntN(28)) * time.Hour)
		title := it.Title
		if g.r.IntN(2) == 0 {
			title = "转载：" + title
		}
		body := "据郑州市人民政府网站消息，" + it.Body + "（来源：郑州市人民政府网站，编辑：" + g.pick(editors) + "）"
		out = append(out, &Item{Site: SiteRepost, Path: fmt.Sprintf("/dahe/%s/%d.html", at.Format("200601"), g.seq),
			Title: title, Date: at, Body: body, Unit: it.Unit, Bad: it.Bad, RepostOf: it.Path,
			Fields: []Field{{"来源", "ly", "郑州市人民政府网站"}}})
	}
	g.items = append(g.items, out...)
}

var editors = []string{"李明", "王静", "张伟", "刘洋", "陈晨"}
