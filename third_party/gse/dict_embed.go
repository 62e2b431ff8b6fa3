//go:build go1.16 && !ne
// +build go1.16,!ne

package gse

import (
	_ "embed"
)

// TrustWatch's copy embeds only the simplified-Chinese dictionary it loads
// (zh_s); the Japanese and traditional dictionaries, the IDF table and the
// stop words (38 MB) are left out, and loading them from the embed fails.
var (
	ja, zhT string

	//go:embed data/dict/zh/s_1.txt
	zhS string

	ZhIdf string
)

var stopDict string
