package chdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// ErrNoLibrary is returned when libchdb.so cannot be found or loaded.
var ErrNoLibrary = errors.New("libchdb.so not available (run `make libchdb` or set CHDB_LIB_PATH)")

// The chDB C API (chdb.h, "new API"), bound lazily. chdb-go's chdb-purego binds
// the same symbols in an init() that panics when the library is missing, which
// would crash every trustwatch command, even `version` or a server-backed
// deployment, on a machine without the 566 MB library. Binding on first use
// turns that into an ordinary error.
var (
	loadOnce sync.Once
	loadErr  error
	loadPath string

	chdbConnect       func(argc int, argv []*byte) *connection
	chdbCloseConn     func(conn *connection)
	chdbQuery         func(conn unsafe.Pointer, query string, format string) *result
	chdbDestroyResult func(res *result)
	chdbResultBuffer  func(res *result) *byte
	chdbResultLength  func(res *result) uint
	chdbResultError   func(res *result) string
	chdbResultRows    func(res *result) uint64

	chdbStreamQuery  func(conn unsafe.Pointer, query string, format string) *result
	chdbStreamFetch  func(conn unsafe.Pointer, res *result) *result
	chdbStreamCancel func(conn unsafe.Pointer, res *result)
	chdbClassify     func(conn unsafe.Pointer, sql string, sqlLen uintptr, target string, targetLen uintptr, out *queryAnalysis) int32
)

// queryAnalysis is chDB's chdb_query_analysis_v1: what its parser says a
// statement does.
type queryAnalysis struct {
	StructSize     uint32
	StatementCount uint32
	Flags          uint32
	QueryClass     uint32
}

// queryReadOnly is chdb_query_class CHDB_QUERY_READ_ONLY.
const queryReadOnly = 0

type connection struct{ internal unsafe.Pointer }
type result struct{ internal unsafe.Pointer }

// LibraryPath returns where libchdb.so is looked for: CHDB_LIB_PATH, then the
// cache directory that deploy/local/libchdb.sh fills, then /usr/local/lib.
func LibraryPath() string {
	if p := os.Getenv("CHDB_LIB_PATH"); p != "" {
		return p
	}
	for _, p := range candidatePaths() {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "libchdb.so"
}

// PinnedVersion is the npm version of @chdb/lib-linux-x64-gnu that
// deploy/local/libchdb.sh fetches; keep the two in step.
const PinnedVersion = "26.7.3-stable.1"

func candidatePaths() []string {
	cache := os.Getenv("TRUSTWATCH_CACHE")
	if cache == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(dir, "trustwatch")
		}
	}
	return []string{
		filepath.Join(cache, "libchdb", PinnedVersion, "libchdb.so"),
		"/usr/local/lib/libchdb.so",
	}
}

func load() error {
	loadOnce.Do(func() {
		loadPath = LibraryPath()
		lib, err := purego.Dlopen(loadPath, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			loadErr = fmt.Errorf("load %s: %v: %w", loadPath, err, ErrNoLibrary)
			return
		}
		loadErr = register(lib)
	})
	return loadErr
}

// register binds each symbol; purego panics on a missing symbol, which here
// means a libchdb too old for this API, so it becomes an error.
func register(lib uintptr) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bind libchdb symbols (want chDB ≥ 3.x): %v", r)
		}
	}()
	purego.RegisterLibFunc(&chdbConnect, lib, "chdb_connect")
	purego.RegisterLibFunc(&chdbCloseConn, lib, "chdb_close_conn")
	purego.RegisterLibFunc(&chdbQuery, lib, "chdb_query")
	purego.RegisterLibFunc(&chdbDestroyResult, lib, "chdb_destroy_query_result")
	purego.RegisterLibFunc(&chdbResultBuffer, lib, "chdb_result_buffer")
	purego.RegisterLibFunc(&chdbResultLength, lib, "chdb_result_length")
	purego.RegisterLibFunc(&chdbResultError, lib, "chdb_result_error")
	purego.RegisterLibFunc(&chdbResultRows, lib, "chdb_result_rows_read")
	purego.RegisterLibFunc(&chdbStreamQuery, lib, "chdb_stream_query")
	purego.RegisterLibFunc(&chdbStreamFetch, lib, "chdb_stream_fetch_result")
	purego.RegisterLibFunc(&chdbStreamCancel, lib, "chdb_stream_cancel_query")
	purego.RegisterLibFunc(&chdbClassify, lib, "chdb_classify_query_n")
	return nil
}

func cStrings(args []string) []*byte {
	out := make([]*byte, len(args))
	for i, a := range args {
		b := append([]byte(a), 0)
		out[i] = &b[0]
	}
	return out
}
