package sampleweb

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/trustwatch/trustwatch/unit"
)

// SiteDiscipline is the 纪委监委 通报曝光 column (plan item 6: 纪律处分 and 问责
// are records of 政务失信): each notice names the unit, the official's post,
// the problem, the action taken (处理类型) and its date.
const SiteDiscipline = "jjjc"

// DisciplineSeverity is how heavy each action is, as the index weighs it
// (configs/index/discipline.sql holds the same table).
var DisciplineSeverity = map[string]int{"诫勉谈话": 1, "通报批评": 2, "党内警告": 3, "政务记过": 3, "政务记大过": 4, "撤职": 5}

var disciplineActions = []string{"诫勉谈话", "通报批评", "党内警告", "政务记过", "政务记大过", "撤职"}

var disciplineProblems = []string{"违规收取企业费用", "拖欠企业工程款未按承诺清偿", "对群众诉求推诿扯皮", "违反中央八项规定精神公款吃喝",
	"在招商引资中违规承诺优惠政策", "统计数据弄虚作假"}

// discipline: notices about worse units' officials, from their own random
// stream after every other page.
func (g *generator) discipline(units, depts []unit.Unit, seed int64, latest time.Time, months int) {
	r := rand.New(rand.NewPCG(uint64(seed), 1717))
	n := 0
	for m := months - 1; m >= 0; m-- {
		month := latest.AddDate(0, -m, 0)
		for _, u := range append(append([]unit.Unit(nil), units...), depts...) {
			b := g.badness[u.ID]
			if r.Float64() >= b*0.25 {
				continue
			}
			n++
			decided := dayInWith(r, month)
			decided = time.Date(decided.Year(), decided.Month(), decided.Day(), 0, 0, 0, 0, shanghai)
			published := decided.AddDate(0, 0, 1+r.IntN(5))
			action := disciplineActions[min(len(disciplineActions)-1, r.IntN(3)+int(b*1.2))]
			problem := pickFrom(r, disciplineProblems)
			post := pickFrom(r, []string{"科长", "副局长", "主任", "副主任"})
			g.seq++
			g.items = append(g.items, &Item{
				Site: SiteDiscipline, Date: published, Unit: u.ID, Bad: true, Action: action,
				Path:  fmt.Sprintf("/jjjc/%s/t%s_%d.html", published.Format("200601"), published.Format("20060102"), g.seq),
				Title: fmt.Sprintf("郑州市纪委监委通报%s某%s%s问题", u.Name, post, problem),
				Body: fmt.Sprintf("经查，%s某%s存在%s问题。依据有关规定，给予其%s处理。处理日期：%s。", u.Name, post, problem, action,
					decided.Format("2006年1月2日")),
				Fields: []Field{{"通报编号", "tbbh", fmt.Sprintf("郑纪通〔%d〕%d号", decided.Year(), n)}, {"责任单位", "zrdw", u.Name},
					{"问题类型", "wtlx", problem}, {"处理类型", "cllx", action}, {"处理日期", "clrq", decided.Format("2006年1月2日")}},
				Decided: decided,
			})
		}
	}
}

func (s *Site) disciplineList(w http.ResponseWriter, r *http.Request) {
	s.trsList(w, r, SiteDiscipline, "纪委监委通报曝光")
}
