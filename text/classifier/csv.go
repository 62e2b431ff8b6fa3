package classifier

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// ReadCSV reads labelled examples from a CSV file with a header row, taking
// the text and label from the named columns. Rows with an empty text or label
// or malformed CSV are problems, reported with their line (and column), all
// at once. A file that is not UTF-8 is read as GB18030 (GBK), as Excel and
// WPS save Chinese CSV files; one that is neither is refused.
func ReadCSV(path, textCol, labelCol string) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data, err = toUTF8(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return readCSV(bytes.NewReader(data), path, textCol, labelCol)
}

// toUTF8 returns data as UTF-8, decoding GB18030 when data is not UTF-8.
func toUTF8(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if utf8.Valid(data) {
		return data, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) { // the decoder maps what it cannot read to U+FFFD
		return nil, fmt.Errorf("neither UTF-8 nor GB18030 (GBK); save it as UTF-8 CSV")
	}
	return out, nil
}

// ReadRows reads the texts of a CSV file to predict, with their labels when
// the file has labelCol (a held-out test set); rows without text are skipped.
func ReadRows(path, textCol, labelCol string) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if data, err = toUTF8(data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: read header: %w", path, err)
	}
	ti, li := column(header, textCol), column(header, labelCol)
	if ti < 0 {
		return nil, fmt.Errorf("%s: column %q is not in the header %q", path, textCol, header)
	}
	var out []Example
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return out, fmt.Errorf("%s:%d:%d: %v", path, pe.Line, pe.Column, pe.Err)
		}
		if err != nil {
			return out, fmt.Errorf("%s: %w", path, err)
		}
		if ti >= len(rec) || strings.TrimSpace(rec[ti]) == "" {
			continue
		}
		ex := Example{Text: rec[ti]}
		if li >= 0 && li < len(rec) {
			ex.Label = strings.TrimSpace(rec[li])
		}
		out = append(out, ex)
	}
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
		var pe *csv.ParseError
		if errors.As(err, &pe) { // FieldPos is not valid after a parse error
			problems = append(problems, fmt.Errorf("%s:%d:%d: %v", name, pe.Line, pe.Column, pe.Err))
			continue
		}
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", name, err))
			break
		}
		line, _ := cr.FieldPos(0)
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
