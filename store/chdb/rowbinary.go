package chdb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/store"
)

// RowBinary is ClickHouse's binary row format: each value in its column's
// type, no names, no text to parse. Inserting a batch in it costs the engine
// a fraction of JSON (docs/benchmarks.md, issue #13). The encoder knows the
// types TrustWatch's tables use; a column of any other type, or a value it
// cannot place, makes the batch go the JSON way (errUnsupported), so a new
// table never fails for want of an encoder.

var errUnsupported = errors.New("not encodable in RowBinary")

// encoder writes one column's values. A nil is placed only in a Nullable
// column: elsewhere the JSON path decides what the engine makes of it.
type encoder func(buf []byte, v any) ([]byte, error)

// encoderFor returns the encoder of a ClickHouse type, or errUnsupported.
func encoderFor(typ string) (encoder, error) {
	typ = strings.TrimSpace(typ)
	if inner, ok := wrapped(typ, "LowCardinality"); ok {
		return encoderFor(inner) // LowCardinality is plain in RowBinary
	}
	if inner, ok := wrapped(typ, "SimpleAggregateFunction"); ok {
		_, t, found := strings.Cut(inner, ",")
		if !found {
			return nil, errUnsupported
		}
		return encoderFor(t)
	}
	if inner, ok := wrapped(typ, "Nullable"); ok {
		enc, err := encoderFor(inner)
		if err != nil {
			return nil, err
		}
		return func(buf []byte, v any) ([]byte, error) {
			if v == nil {
				return append(buf, 1), nil
			}
			return enc(append(buf, 0), v)
		}, nil
	}
	if inner, ok := wrapped(typ, "Array"); ok {
		if inner != "String" && inner != "LowCardinality(String)" {
			return nil, errUnsupported
		}
		return encodeStrings, nil
	}
	if inner, ok := wrapped(typ, "Map"); ok {
		switch strings.ReplaceAll(inner, " ", "") {
		case "String,String":
			return encodeStringMap, nil
		case "String,Float64":
			return encodeFloatMap, nil
		}
		return nil, errUnsupported
	}
	if strings.HasPrefix(typ, "DateTime64(3") {
		return encodeDateTime64, nil
	}
	switch typ {
	case "String":
		return encodeString, nil
	case "Date":
		return encodeDate, nil
	case "Bool":
		return encodeBool, nil
	case "Float64":
		return encodeFloat(64), nil
	case "Float32":
		return encodeFloat(32), nil
	case "UInt8", "UInt16", "UInt32", "UInt64":
		return encodeUint(typ), nil
	case "Int8", "Int16", "Int32", "Int64":
		return encodeInt(typ), nil
	}
	return nil, errUnsupported
}

// wrapped reports whether typ is name(inner).
func wrapped(typ, name string) (string, bool) {
	if strings.HasPrefix(typ, name+"(") && strings.HasSuffix(typ, ")") {
		return typ[len(name)+1 : len(typ)-1], true
	}
	return "", false
}

func appendUvarint(buf []byte, n uint64) []byte { return binary.AppendUvarint(buf, n) }

// appendBinaryString writes a length and the bytes, each byte that is not
// UTF-8 replaced by U+FFFD as the JSON path does, so both store the same.
func appendBinaryString(buf []byte, s string) []byte {
	if utf8.ValidString(s) {
		return append(appendUvarint(buf, uint64(len(s))), s...)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\ufffd")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return append(appendUvarint(buf, uint64(b.Len())), b.String()...)
}

func encodeString(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return appendBinaryString(buf, x), nil
	}
	// A named string type (a level, a kind) without a JSON encoding of its
	// own goes as its text, as encoding/json writes it.
	if _, custom := v.(interface{ MarshalJSON() ([]byte, error) }); !custom {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
			return appendBinaryString(buf, rv.String()), nil
		}
	}
	return buf, errUnsupported
}

func encodeStrings(buf []byte, v any) ([]byte, error) {
	xs, ok := v.([]string)
	if !ok {
		return buf, errUnsupported
	}
	buf = appendUvarint(buf, uint64(len(xs)))
	for _, s := range xs {
		buf = appendBinaryString(buf, s)
	}
	return buf, nil
}

// encodeStringMap writes the keys sorted, as the JSON path does.
func encodeStringMap(buf []byte, v any) ([]byte, error) {
	m, ok := v.(map[string]string)
	if !ok {
		return buf, errUnsupported
	}
	keys := sortedKeys(m)
	buf = appendUvarint(buf, uint64(len(keys)))
	for _, k := range keys {
		buf = appendBinaryString(appendBinaryString(buf, k), m[k])
	}
	return buf, nil
}

func encodeFloatMap(buf []byte, v any) ([]byte, error) {
	m, ok := v.(map[string]float64)
	if !ok {
		return buf, errUnsupported
	}
	keys := sortedKeys(m)
	buf = appendUvarint(buf, uint64(len(keys)))
	for _, k := range keys {
		f := m[k]
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return buf, fmt.Errorf("unsupported value %v", f)
		}
		buf = binary.LittleEndian.AppendUint64(appendBinaryString(buf, k), math.Float64bits(f))
	}
	return buf, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// encodeDateTime64 writes milliseconds since the epoch (the zone is only
// how the column prints).
func encodeDateTime64(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case time.Time:
		return binary.LittleEndian.AppendUint64(buf, uint64(x.UnixMilli())), nil
	}
	return buf, errUnsupported
}

// encodeDate writes days since the epoch.
func encodeDate(buf []byte, v any) ([]byte, error) {
	x, ok := v.(store.Date)
	if !ok {
		return buf, errUnsupported
	}
	y, m, d := x.Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	if days < 0 || days > math.MaxUint16 {
		return buf, errUnsupported // out of Date's range: let the JSON path say what the engine makes of it
	}
	return binary.LittleEndian.AppendUint16(buf, uint16(days)), nil
}

func encodeBool(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case bool:
		if x {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	}
	n, ok := integer(v)
	if !ok || n < 0 || n > 1 {
		return buf, errUnsupported
	}
	return append(buf, byte(n)), nil
}

func encodeFloat(bits int) encoder {
	return func(buf []byte, v any) ([]byte, error) {
		var f float64
		switch x := v.(type) {
		case float64:
			f = x
		case float32:
			f = float64(x)
		default:
			n, ok := integer(v)
			if !ok {
				return buf, errUnsupported
			}
			f = float64(n)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return buf, fmt.Errorf("unsupported value %v", f)
		}
		if bits == 32 {
			return binary.LittleEndian.AppendUint32(buf, math.Float32bits(float32(f))), nil
		}
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(f)), nil
	}
}

var intBytes = map[string]int{"UInt8": 1, "UInt16": 2, "UInt32": 4, "UInt64": 8, "Int8": 1, "Int16": 2, "Int32": 4, "Int64": 8}

// encodeUint writes an unsigned integer; a value out of the type's range is
// not placed (the JSON path would have the engine refuse or wrap it).
func encodeUint(typ string) encoder {
	size := intBytes[typ]
	return func(buf []byte, v any) ([]byte, error) {
		n, ok := unsigned(v)
		if !ok || size < 8 && n >= 1<<(8*size) {
			return buf, errUnsupported
		}
		return appendLE(buf, n, size), nil
	}
}

// unsigned reads any Go integer that is not negative — a uint64 above
// MaxInt64 too (a document's simhash is one half the time: reading it as an
// int64 sent every batch of documents down the JSON path).
func unsigned(v any) (uint64, bool) {
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return uint64(rv.Int()), rv.Int() >= 0
	}
	return 0, false
}

func encodeInt(typ string) encoder {
	size := intBytes[typ]
	return func(buf []byte, v any) ([]byte, error) {
		n, ok := integer(v)
		if !ok || size < 8 && (n < -(1<<(8*size-1)) || n >= 1<<(8*size-1)) {
			return buf, errUnsupported
		}
		return appendLE(buf, uint64(n), size), nil
	}
}

func appendLE(buf []byte, n uint64, size int) []byte {
	for i := 0; i < size; i++ {
		buf = append(buf, byte(n>>(8*i)))
	}
	return buf
}

// integer reads any Go integer (uint64 above MaxInt64 is not one).
func integer(v any) (int64, bool) {
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		return int64(u), u <= math.MaxInt64
	}
	return 0, false
}

// encodeRows writes rows in RowBinary for columns of the given types; an
// unsupported type or value is errUnsupported.
func encodeRows(types []string, rows [][]any) ([]byte, error) {
	encs := make([]encoder, len(types))
	for i, t := range types {
		enc, err := encoderFor(t)
		if err != nil {
			return nil, err
		}
		encs[i] = enc
	}
	buf := make([]byte, 0, 256*len(rows))
	for r, row := range rows {
		if len(row) != len(encs) {
			return nil, fmt.Errorf("row %d has %d values for %d columns", r, len(row), len(encs))
		}
		for i, v := range row {
			var err error
			if buf, err = encs[i](buf, v); err != nil {
				if errors.Is(err, errUnsupported) {
					return nil, err
				}
				return nil, fmt.Errorf("row %d: column %d: %w", r, i, err)
			}
		}
	}
	return buf, nil
}
