package cedar

// TrustWatch: the trie as bytes, so a process can load a built dictionary
// instead of inserting its 350k words again (third_party/gse's cache). The
// arrays' ints are written as int32 (the original cedar's width; half the
// bytes to read), little-endian.

import (
	"encoding/binary"
	"errors"
)

const binaryVersion = 2

// AppendBinary appends the trie to b; an int of its arrays beyond int32 is
// an error.
func (cd *Cedar) AppendBinary(b []byte) ([]byte, error) {
	ints := []int{binaryVersion, len(cd.array), len(cd.nInfos), len(cd.blocks), cd.blocksHeadFull, cd.blocksHeadClosed,
		cd.blocksHeadOpen, cd.capacity, cd.size, cd.maxTrial, boolInt(cd.Reduced), boolInt(cd.ordered)}
	for _, n := range ints {
		b = binary.LittleEndian.AppendUint64(b, uint64(n))
	}
	for _, n := range cd.reject {
		b = binary.LittleEndian.AppendUint64(b, uint64(n))
	}
	var err error
	put := func(n int) {
		if n != int(int32(n)) {
			err = errors.New("cedar: a trie too large to write")
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(int32(n)))
	}
	for _, n := range cd.array {
		put(n.baseV)
		put(n.check)
	}
	for _, n := range cd.nInfos {
		b = append(b, n.sibling, n.child)
	}
	for _, k := range cd.blocks {
		for _, n := range [...]int{k.prev, k.next, k.num, k.reject, k.trial, k.eHead} {
			put(n)
		}
	}
	return b, err
}

// ReadBinary reads a trie AppendBinary wrote at the start of b and returns
// the rest of b. The trie's arrays are copied out of b.
func ReadBinary(b []byte) (*Cedar, []byte, error) {
	const header = 12 + 257
	if len(b) < header*8 {
		return nil, nil, errors.New("cedar: short trie")
	}
	next := func() int {
		n := int(binary.LittleEndian.Uint64(b))
		b = b[8:]
		return n
	}
	if v := next(); v != binaryVersion {
		return nil, nil, errors.New("cedar: unknown trie version")
	}
	cd := &Cedar{}
	nArray, nInfos, nBlocks := next(), next(), next()
	cd.blocksHeadFull, cd.blocksHeadClosed, cd.blocksHeadOpen = next(), next(), next()
	cd.capacity, cd.size, cd.maxTrial = next(), next(), next()
	cd.Reduced, cd.ordered = next() == 1, next() == 1
	for i := range cd.reject {
		cd.reject[i] = next()
	}
	if nArray < 0 || nInfos < 0 || nBlocks < 0 || nArray > len(b)/8 || nInfos > len(b)/2 || nBlocks > len(b)/24 ||
		len(b) < nArray*8+nInfos*2+nBlocks*24 {
		return nil, nil, errors.New("cedar: short trie")
	}
	get := func() int {
		n := int(int32(binary.LittleEndian.Uint32(b)))
		b = b[4:]
		return n
	}
	cd.array = make([]Node, nArray)
	for i := range cd.array {
		cd.array[i] = Node{baseV: get(), check: get()}
	}
	cd.nInfos = make([]NInfo, nInfos)
	for i := range cd.nInfos {
		cd.nInfos[i] = NInfo{sibling: b[2*i], child: b[2*i+1]}
	}
	b = b[2*nInfos:]
	cd.blocks = make([]Block, nBlocks)
	for i := range cd.blocks {
		cd.blocks[i] = Block{prev: get(), next: get(), num: get(), reject: get(), trial: get(), eHead: get()}
	}
	return cd, b, nil
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}
