package sampleweb

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/unit"
)

// SitePowers is each unit's 权力和责任清单 (plan item 11: shown on government
// sites and 动态更新): one page per unit listing its 事项 — code, name, type
// and legal basis — with the day it claims the list was last updated.
const SitePowers = "qzqd"

// A unit's list goes stale PowerMonths after the 上级 (the city's standard
// catalogue) changed without the unit following, or PowerMaxMonths after
// its last update whatever the 上级 did (the index's powerlist_fresh params
// months and max_months).
const (
	PowerMonths    = 3
	PowerMaxMonths = 24
)

// UpstreamUpdated is the day the city's catalogue (the 上级) was last updated.
var UpstreamUpdated = time.Date(2026, 6, 15, 0, 0, 0, 0, shanghai)

// PowerItem is one 事项 of a list.
type PowerItem struct{ Code, Name, Kind, Basis string }

// Row is the item as the list page writes it.
func (p PowerItem) Row() string {
	return fmt.Sprintf("%s %s【%s】依据：%s", p.Code, p.Name, p.Kind, p.Basis)
}

var powerNames = []struct{ name, kind, basis string }{
	{"食品经营许可", "行政许可", "《中华人民共和国食品安全法》第三十五条"},
	{"对未按规定明码标价的处罚", "行政处罚", "《中华人民共和国价格法》第四十二条"},
	{"建筑工程施工许可", "行政许可", "《中华人民共和国建筑法》第七条"},
	{"对违法建设的强制拆除", "行政强制", "《中华人民共和国城乡规划法》第六十八条"},
	{"城市道路占用挖掘许可", "行政许可", "《城市道路管理条例》第三十条"},
	{"对拖欠农民工工资的处罚", "行政处罚", "《保障农民工工资支付条例》第五十五条"},
	{"最低生活保障审核确认", "行政确认", "《社会救助暂行办法》第十一条"},
	{"对环境违法行为的查封扣押", "行政强制", "《中华人民共和国环境保护法》第二十五条"},
	{"户外广告设施设置许可", "行政许可", "《城市市容和环境卫生管理条例》第十一条"},
	{"对统计违法行为的处罚", "行政处罚", "《中华人民共和国统计法》第三十七条"},
	{"政府信息公开申请答复", "其他权力", "《中华人民共和国政府信息公开条例》第三十三条"},
	{"安全生产行政检查", "行政检查", "《中华人民共和国安全生产法》第六十五条"},
	{"义务教育入学审核", "行政确认", "《中华人民共和国义务教育法》第十二条"},
	{"对违规收费的责令退还", "行政处罚", "《中华人民共和国价格法》第三十九条"},
}

// powers: every unit's list, from its own random stream after every other
// page. Worse units last updated theirs long ago.
func (g *generator) powers(units, depts []unit.Unit, seed int64, latest time.Time) {
	r := rand.New(rand.NewPCG(uint64(seed), 1111))
	end := latest.AddDate(0, 1, -1)
	for i, u := range append(append([]unit.Unit(nil), units...), depts...) {
		b := g.badness[u.ID]
		updated := end.AddDate(0, 0, -r.IntN(150)) // some before the 上级 changed, some after
		if r.Float64() < b*0.35 {
			updated = end.AddDate(0, -12-r.IntN(18), -r.IntN(28)) // not updated for over a year
		}
		updated = time.Date(updated.Year(), updated.Month(), updated.Day(), 0, 0, 0, 0, shanghai)
		var items []PowerItem
		for j, k := range r.Perm(len(powerNames))[:8+r.IntN(4)] {
			p := powerNames[k]
			items = append(items, PowerItem{Code: fmt.Sprintf("QZ%02d%03d", i+1, j+1), Name: p.name, Kind: p.kind, Basis: p.basis})
		}
		it := &Item{Site: SitePowers, Unit: u.ID, Path: "/qzqd/" + u.ID + ".html", Powers: items, Updates: []time.Time{updated}}
		setPowers(it, u.Name, updated)
		g.items = append(g.items, it)
	}
	// The 上级: the city's standard catalogue, about no unit.
	var items []PowerItem
	for j, p := range powerNames {
		items = append(items, PowerItem{Code: fmt.Sprintf("QZ00%03d", j+1), Name: p.name, Kind: p.kind, Basis: p.basis})
	}
	it := &Item{Site: SitePowers, Path: "/qzqd/city.html", Powers: items, Updates: []time.Time{UpstreamUpdated}}
	setPowers(it, "郑州市市级（标准目录）", UpstreamUpdated)
	g.items = append(g.items, it)
}

// setPowers writes a list page from its items and update day.
func setPowers(it *Item, unitName string, updated time.Time) {
	rows := make([]string, len(it.Powers))
	for i, p := range it.Powers {
		rows[i] = p.Row()
	}
	it.Date = updated
	it.Title = unitName + "权力和责任清单"
	it.Body = fmt.Sprintf("%s权力和责任清单，共%d项，最近更新于%s。", unitName, len(rows), updated.Format("2006年1月2日"))
	it.Fields = []Field{{"清单更新日期", "gxrq", updated.Format("2006年1月2日")}, {"事项数", "sxs", fmt.Sprint(len(rows))},
		{"事项清单", "sxqd", strings.Join(rows, "；")}}
}

// RevisePowers changes a unit's list as an update does, between two crawls:
// the first item is removed, the second's basis amended, a new item added,
// and the list's update day set. It returns the codes removed, changed and
// added (the truth of trustwatch watch).
func (s *Site) RevisePowers(u unit.Unit, updated time.Time) (removed, changed, added string) {
	s.content.Lock()
	defer s.content.Unlock()
	it := s.byPath["/qzqd/"+u.ID+".html"]
	removed, changed = it.Powers[0].Code, it.Powers[1].Code
	items := append([]PowerItem(nil), it.Powers[1:]...)
	items[0].Basis += "（2026年修订）"
	added = it.Powers[0].Code[:4] + "900"
	items = append(items, PowerItem{Code: added, Name: "对违反公共数据管理规定的处罚", Kind: "行政处罚", Basis: "《河南省公共数据管理办法》第四十条"})
	it.Powers = items
	setPowers(it, u.Name, time.Date(updated.Year(), updated.Month(), updated.Day(), 0, 0, 0, 0, shanghai))
	y, m, d := time.Now().In(shanghai).Date()
	it.Updates = append(it.Updates, time.Date(y, m, d, 0, 0, 0, 0, shanghai))
	return removed, changed, added
}

// powerIndex lists every unit's list page and, once BreakPowerLink was
// called, one link that is broken: the 调整说明 of the first unit, which the
// site never put online.
func (s *Site) powerIndex(w http.ResponseWriter, r *http.Request) {
	lp := listPage{Title: "权力和责任清单", Page: 1, Pages: 1}
	for i, it := range s.bySite[SitePowers] {
		lp.Items = append(lp.Items, listItem{Href: it.Path[len("/qzqd/"):], Title: it.Title, Date: it.Date.Format("2006-01-02")})
		if i == 0 && s.brokenLink {
			lp.Items = append(lp.Items, listItem{Href: BrokenPowerLink[len("/qzqd/"):], Title: it.Title + "调整说明", Date: it.Date.Format("2006-01-02")})
		}
	}
	render(w, "list", lp)
}

// BreakPowerLink adds the broken link to the 权责清单 index.
func (s *Site) BreakPowerLink() {
	s.content.Lock()
	defer s.content.Unlock()
	s.brokenLink = true
}

// BrokenPowerLink is the link of the 权责清单 index that answers 404.
const BrokenPowerLink = "/qzqd/tzsm-missing.html"
