package chhttp

import (
	"bytes"
	"context"
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/trustwatch/trustwatch/store"
)

// clickhouse-go's HTTP protocol asks the server's name, version, protocol
// revision and time zone with this query before any other, and decodes the
// answer as Native at its own revision; later answers it decodes at the
// revision the server reported. chDB writes Native at revision 0 (no
// per-column serialization byte), so the endpoint answers this one query
// itself, at the client's revision (block info, and a serialization byte per
// column), reporting revision 0: from then on the client reads what chDB
// writes.
const helloQuery = "SELECT displayName(), version(), revision(), timezone()"

// customSerializationRevision is DBMS_MIN_REVISION_WITH_CUSTOM_SERIALIZATION:
// from it on, each column's header carries a has-custom-serialization byte.
const customSerializationRevision = 54454

func isHello(q string) bool { return strings.Join(strings.Fields(q), " ") == helloQuery }

// hello builds the Native answer to helloQuery for a client revision.
func hello(ctx context.Context, st *store.Store, clientRevision int) ([]byte, error) {
	var out bytes.Buffer
	if err := st.QueryReadOnly(ctx, "SELECT version(), timezone()", "TabSeparated", store.Limits{}, &out); err != nil {
		return nil, err
	}
	version, tz, _ := strings.Cut(strings.TrimSpace(out.String()), "\t")
	var b bytes.Buffer
	uvarint := func(n uint64) { b.Write(binary.AppendUvarint(nil, n)) }
	str := func(s string) { uvarint(uint64(len(s))); b.WriteString(s) }
	header := func(name, typ string) {
		str(name)
		str(typ)
		if clientRevision >= customSerializationRevision {
			b.WriteByte(0)
		}
	}
	if clientRevision > 0 { // BlockInfo: is_overflows false, bucket_num -1, end
		uvarint(1)
		b.WriteByte(0)
		uvarint(2)
		b.Write(binary.LittleEndian.AppendUint32(nil, 0xFFFFFFFF))
		uvarint(0)
	}
	uvarint(4) // columns
	uvarint(1) // rows
	header("displayName()", "String")
	str("TrustWatch (chDB)")
	header("version()", "String")
	str(version)
	header("revision()", "UInt32")
	b.Write(binary.LittleEndian.AppendUint32(nil, 0))
	header("timezone()", "String")
	str(tz)
	return b.Bytes(), nil
}

func clientRevision(v string) int {
	n, _ := strconv.Atoi(v)
	return n
}
