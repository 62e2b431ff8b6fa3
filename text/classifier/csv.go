package classifier

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ReadCSV reads labelled examples from a CSV file with a header row, taking
// the text and label from the named columns. Rows with an empty text or label
// are problems, reported with their line, and all of them at once.
func ReadCSV(path, textCol, labelCol string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCSV(f, path, textCol, labelCol)
}

func readCSV(r io.Reader, name, textCol, labelCol string) ([]Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: read header: %w", name, err)
	}
	ti, li := column(header, textCol), column(header, labelCol)
	if ti < 0 || li < 0 {
		return nil, fmt.Errorf("%s: columns %q and %q must both be in the header %q", name, textCol, labelCol, header)
	}
	var out []Example
	var problems []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s:%d: %w", name, line, err))
			continue
		}
		if ti >= len(rec) || li >= len(rec) || strings.TrimSpace(rec[ti]) == "" || strings.TrimSpace(rec[li]) == "" {
			problems = append(problems, fmt.Errorf("%s:%d: empty %s or %s", name, line, textCol, labelCol))
			continue
		}
		out = append(out, Example{Text: rec[ti], Label: strings.TrimSpace(rec[li])})
	}
	return out, errors.Join(problems...)
}

func column(header []string, name string) int {
	for i, h := range header {
		if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == name {
			return i
		}
	}
	return -1
}
