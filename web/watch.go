package web

import (
	"net/http"
	"slices"

	"github.com/trustwatch/trustwatch/watch"
)

// powerLists is the 权责清单 page: each watched list with its last real
// update, whether it is current, and the latest update the crawler saw as a
// diff; and the lists' broken links. An official sees their units' lists
// and the 上级's catalogue.
func (s *Server) powerLists(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	lists, err := watch.Lists(r.Context(), s.o.Store, "", watch.RuleOf(s.o.Index), s.o.Now())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lists = slices.DeleteFunc(lists, func(l watch.List) bool {
		return !l.Upstream && !slices.ContainsFunc(l.Units, u.Sees)
	})
	broken, err := watch.BrokenLinks(r.Context(), s.o.Store)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "watch", struct {
		view
		Lists  []watch.List
		Broken []watch.Broken
	}{s.view(r, "权责清单", "watch"), lists, broken})
}
