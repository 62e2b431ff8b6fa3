package classifier

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
)

// Save writes the model: gob, gzipped (a 7-class model of the 泰迪杯 messages
// is about 1 MB, where naive Bayes's JSON was 36 MB).
func (m *Model) Save(w io.Writer) error {
	zw := gzip.NewWriter(w)
	if err := gob.NewEncoder(zw).Encode(m); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return zw.Close()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(1); bytes.Equal(head, []byte("{")) {
		return nil, errors.New("read model: a JSON (naive Bayes) model of an earlier version; train it again with: trustwatch classify train")
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("read model: not a model file: %w", err)
	}
	var m Model
	if err := gob.NewDecoder(zr).Decode(&m); err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if m.Version != FormatVersion {
		return nil, fmt.Errorf("read model: format version %d, this build reads %d", m.Version, FormatVersion)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m.buildIndex()
	return &m, nil
}

// check refuses a model whose parts do not fit together.
func (m *Model) check() error {
	if len(m.Classes) < 2 || len(m.Weights) != len(m.Classes) || len(m.IDF) != len(m.Vocabulary) {
		return errors.New("inconsistent classes, weights or vocabulary")
	}
	for _, w := range m.Weights {
		if len(w) != len(m.Vocabulary)+1 {
			return errors.New("inconsistent weights")
		}
	}
	if m.Temperature <= 0 {
		return errors.New("bad temperature")
	}
	return nil
}
