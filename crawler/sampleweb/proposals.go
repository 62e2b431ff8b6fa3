package sampleweb

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/unit"
)

// SiteProposal is the 建议提案办理结果公开 column (plan item 2): each unit
// publishes the outcome of the 人大代表建议 and 政协委员提案 it was assigned,
// with 交办日期, 答复日期 and 办理结果 (A 解决或采纳, B 列入计划, C 留作参考).
const SiteProposal = "jyta"

// ProposalMonths is the statutory time to answer, from 交办 (the index's
// proposal_timely param months).
const ProposalMonths = 3

// ProposalSilent are the badness rungs of units that publish no outcome at
// all: the two worst.
const ProposalSilent = 2.2

var proposalTopics = []string{"加快{place}道路建设", "完善{place}养老服务设施", "解决{place}学生入学难", "整治{place}背街小巷环境",
	"优化营商环境减少审批环节", "加强老旧小区改造", "规范校外培训机构管理", "增设{place}公共停车场"}

// proposals: every unit's outcomes, drawn from their own random stream
// after every other page so that those stay as they were. Worse units
// answer after the statutory three months more often and adopt less; the
// worst publish none.
func (g *generator) proposals(units, depts []unit.Unit, seed int64, latest time.Time, months int) {
	r := rand.New(rand.NewPCG(uint64(seed), 2002))
	n := 0
	for m := months - 1; m >= 0; m-- {
		month := latest.AddDate(0, -m, 0)
		for _, u := range append(append([]unit.Unit(nil), units...), depts...) {
			b := g.badness[u.ID]
			if b >= ProposalSilent {
				continue
			}
			for i := 0; i < 2+r.IntN(3); i++ {
				n++
				g.proposal(r, u, month, b, n)
			}
		}
	}
}

func (g *generator) proposal(r *rand.Rand, u unit.Unit, month time.Time, b float64, n int) {
	published := dayInWith(r, month)
	published = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, shanghai)
	answered := published.AddDate(0, 0, -(1 + r.IntN(5)))
	late := r.Float64() < b*0.3
	assigned := answered.AddDate(0, -ProposalMonths, 20+r.IntN(60)) // within three months
	if late {
		assigned = answered.AddDate(0, -ProposalMonths, -(5 + r.IntN(40)))
	}
	result := "A 解决或采纳"
	switch x := r.Float64(); {
	case x < 0.25+b*0.2:
		result = "C 留作参考"
	case x < 0.55+b*0.15:
		result = "B 列入计划"
	}
	kind, body := "人大代表建议", "代表"
	if r.IntN(2) == 0 {
		kind, body = "政协委员提案", "委员"
	}
	place := u.Short
	if len(u.Places) > 0 {
		place = pickFrom(r, u.Places)
	}
	topic := strings.ReplaceAll(pickFrom(r, proposalTopics), "{place}", place)
	g.seq++
	g.items = append(g.items, &Item{
		Site: SiteProposal, Date: published, Unit: u.ID,
		Path:  fmt.Sprintf("/jyta/%s/t%s_%d.html", published.Format("200601"), published.Format("20060102"), g.seq),
		Title: fmt.Sprintf("%s关于%s第%d号%s办理结果的公开", u.Name, kind, n, "（"+topic+"）"),
		Body: fmt.Sprintf("%s：%s提出的关于%s的%s由%s承办。%s已于%s书面答复%s，办理结果为%s。", u.Name, body, topic, kind, u.Name, u.Name,
			answered.Format("2006年1月2日"), body, result),
		Assigned: assigned, Answered: answered, Result: result,
		Fields: []Field{
			{"建议提案编号", "bh", fmt.Sprintf("第%d号", n)}, {"类别", "lb", kind}, {"承办单位", "cbdw", u.Name},
			{"交办日期", "jbrq", assigned.Format("2006年1月2日")}, {"答复日期", "dfrq", answered.Format("2006年1月2日")},
			{"办理结果", "bljg", result},
		},
	})
}

func (s *Site) proposalList(w http.ResponseWriter, r *http.Request) {
	s.trsList(w, r, SiteProposal, "建议提案办理结果公开")
}
