package text

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Places are the names of places outside 郑州 — China's provinces,
// prefecture-level cities and counties — so that a name 郑州 shares with
// every other city (高新区, 市公安局) is not taken for 郑州's when another place
// is named nearer to it. They come from the NBS divisions in the format of
// ../shared/data/china-divisions (provinces.csv, cities.csv, areas.csv), read
// at start; without them only the provincial-level names, built in, are known.
type Places struct {
	Other []string // names of places outside 郑州, with their short forms
}

// zhengzhouCity is 郑州's prefecture code in the NBS files: its own
// counties are not "other places".
const zhengzhouCity = "4101"

// provinces are China's provincial-level divisions and their short forms,
// known without any file. 河南 is an anchor, not another place.
var provinces = []string{
	"北京市", "北京", "天津市", "天津", "河北省", "河北", "山西省", "山西", "内蒙古自治区", "内蒙古",
	"辽宁省", "辽宁", "吉林省", "吉林", "黑龙江省", "黑龙江", "上海市", "上海", "江苏省", "江苏",
	"浙江省", "浙江", "安徽省", "安徽", "福建省", "福建", "江西省", "江西", "山东省", "山东",
	"湖北省", "湖北", "湖南省", "湖南", "广东省", "广东", "广西壮族自治区", "广西", "海南省", "海南",
	"重庆市", "重庆", "四川省", "四川", "贵州省", "贵州", "云南省", "云南", "西藏自治区", "西藏",
	"陕西省", "陕西", "甘肃省", "甘肃", "青海省", "青海", "宁夏回族自治区", "宁夏", "新疆维吾尔自治区", "新疆",
	"台湾省", "台湾", "香港特别行政区", "香港", "澳门特别行政区", "澳门",
}

// anchors tie a text to 郑州: the city and its province.
var anchors = []string{"郑州市", "郑州", "河南省", "河南"}

// LoadPlaces reads the NBS divisions in dir; an empty dir gives the built-in
// provinces only.
func LoadPlaces(dir string) (Places, error) {
	p := Places{Other: append([]string(nil), provinces...)}
	if dir == "" {
		return p, nil
	}
	cities, err := readDivisions(filepath.Join(dir, "cities.csv"))
	if err != nil {
		return p, err
	}
	for _, r := range cities {
		code, name := r[0], r[1]
		if code == zhengzhouCity || strings.HasPrefix(name, "市辖区") || strings.HasSuffix(name, "行政区划") || name == "县" {
			continue
		}
		p.Other = append(p.Other, withShort(name, citySuffixes)...)
	}
	areas, err := readDivisions(filepath.Join(dir, "areas.csv"))
	if err != nil {
		return p, err
	}
	for _, r := range areas {
		if len(r) > 2 && r[2] == zhengzhouCity || utf8.RuneCountInString(r[1]) < 3 {
			continue // 郑州's own, and two-character names too common to trust
		}
		p.Other = append(p.Other, r[1]) // full names only: county stems collide too often
	}
	return p, nil
}

var citySuffixes = []string{"市", "地区", "盟"}

// withShort returns a city's name and, when it ends in a plain suffix, its
// short form of at least two characters (大连市 → 大连). Autonomous
// prefectures keep their full name only: their short forms are not sure.
func withShort(name string, suffixes []string) []string {
	out := []string{name}
	for _, suf := range suffixes {
		if stem, ok := strings.CutSuffix(name, suf); ok && utf8.RuneCountInString(stem) >= 2 && !strings.Contains(stem, "自治") {
			out = append(out, stem)
			break
		}
	}
	return out
}

// readDivisions returns the rows of an NBS divisions file, without its header.
func readDivisions(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read places: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	var out [][]string
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read places %s: %w", path, err)
		}
		if line == 1 || len(rec) < 2 {
			continue
		}
		out = append(out, rec)
	}
}
