package sampleweb

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/unit"
)

// SiteReviews is the 政务服务“好差评” column (plan item 13): each month a
// table (xlsx attachment) of every unit's 评价数, 好评数, 差评数 and 差评已整改数.
const SiteReviews = "hcp"

// ReviewColumns are the columns of a 好差评 table, below its title row.
var ReviewColumns = []string{"统计编号", "单位", "统计月份", "评价数", "好评数", "差评数", "差评已整改数", "公布日期"}

// reviewTitle is the first row of every table, above the header.
const reviewTitle = "郑州市政务服务“好差评”情况统计表"

// reviews: one row per unit and month, from their own random stream after
// every other page. Worse units are rated worse, more so month by month,
// and rectify fewer bad ratings; some units have few ratings, so their
// rates are noisy and the index shrinks them.
func (g *generator) reviews(units, depts []unit.Unit, seed int64, latest time.Time, months int) {
	r := rand.New(rand.NewPCG(uint64(seed), 1313))
	all := append(append([]unit.Unit(nil), units...), depts...)
	for m := months - 1; m >= 0; m-- {
		month := latest.AddDate(0, -m, 0)
		step := float64(months - 1 - m) // 0 for the oldest month
		last := month.AddDate(0, 1, -1)
		file := fmt.Sprintf("/hcp/files/hcp-%s.xlsx", month.Format("200601"))
		for i, u := range all {
			b := g.badness[u.ID]
			n := 15 + r.IntN(60)
			if i%5 == 0 {
				n = 4 + r.IntN(8) // a unit few people rate
			}
			rate := math.Min(0.995, 0.985-b*0.03-step*b*0.01+r.NormFloat64()*0.004)
			good := int(math.Round(float64(n) * rate))
			bad := n - good
			fixed := 0
			for j := 0; j < bad; j++ {
				if r.Float64() < 0.97-b*0.25 {
					fixed++
				}
			}
			id := fmt.Sprintf("HCP-%s-%02d", month.Format("200601"), i+1)
			vals := []string{id, u.Name, month.Format("2006年1月"), fmt.Sprint(n), fmt.Sprint(good), fmt.Sprint(bad), fmt.Sprint(fixed), last.Format("2006年1月2日")}
			it := &Item{Site: SiteReviews, File: file, Path: file + "#" + id, Date: last, Unit: u.ID,
				Title:   fmt.Sprintf("%s%s政务服务好差评：评价%d件，差评%d件，已整改%d件", u.Name, vals[2], n, bad, fixed),
				Ratings: n, Good: good, Poor: bad, Fixed: fixed, Month: month}
			var parts []string
			for k, c := range ReviewColumns {
				it.Fields = append(it.Fields, Field{Name: c, Value: vals[k]})
				parts = append(parts, c+"："+vals[k])
			}
			it.Body = strings.Join(parts, "；")
			g.items = append(g.items, it)
		}
	}
}

// reviewFiles writes each month's table, newest first.
func reviewFiles(items []*Item) ([]ledgerFile, error) {
	return buildFiles(items, func(_ string, rows []*Item) ([]byte, string, error) {
		table := [][]string{{reviewTitle}, ReviewColumns}
		for _, it := range rows {
			var row []string
			for _, f := range it.Fields {
				row = append(row, f.Value)
			}
			table = append(table, row)
		}
		return xlsxOf(table)
	})
}

func (s *Site) reviewIndex(w http.ResponseWriter, r *http.Request) {
	fileIndex(w, "政务服务“好差评”情况统计表", s.reviewTables, "/hcp/files/hcp-", "政务服务“好差评”情况统计表（附件）")
}

func (s *Site) reviewFile(w http.ResponseWriter, r *http.Request) {
	s.serveFile(w, r, s.reviewTables, "/hcp/files/"+r.PathValue("file"))
}
