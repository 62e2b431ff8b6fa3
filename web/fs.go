package web

import "io/fs"

func pagesFS() fs.FS { return files }
