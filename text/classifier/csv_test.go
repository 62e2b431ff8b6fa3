package classifier

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestReadCSVBadInput(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("内容,类别\n拖欠工程款,欠薪\n窗口推诿,推诿\n")
	for _, tc := range []struct {
		name, data string
		wantN      int
		wantErr    string
	}{
		{"stray quote names line and column", "内容,类别\n好,甲\n他说\"不管\",乙\n行,丙\n", 2, "x.csv:3:"},
		{"unterminated quote", "内容,类别\n好,甲\n\"没有结束,乙\n", 1, "x.csv:3:"},
		{"GBK file is read", gbk, 2, ""},
		{"neither UTF-8 nor GBK", "内容,类别\n\xff\xfe\xff,甲\n", 0, "neither UTF-8 nor GB18030"},
		{"byte order mark", "\ufeff内容,类别\n好,甲\n", 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.csv")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			ex, err := ReadCSV(path, "内容", "类别")
			if len(ex) != tc.wantN {
				t.Fatalf("read %d examples, want %d (err %v)", len(ex), tc.wantN, err)
			}
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestOneClassRefused(t *testing.T) {
	ex := []Example{{Text: "拖欠工程款", Label: "欠薪"}, {Text: "拖欠工资", Label: "欠薪"}}
	if _, err := Train(ex, strings.Fields, Options{}); !errors.Is(err, ErrOneClass) {
		t.Fatalf("Train: %v, want ErrOneClass", err)
	}
	if _, err := Evaluate(ex, strings.Fields, Options{}, 2, 1); !errors.Is(err, ErrOneClass) {
		t.Fatalf("Evaluate: %v, want ErrOneClass", err)
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"内容,类别\n好,甲\n", "内容,类别\n\"a\"b,c\n", "内容,类别\n\"", "x\n", "内容,类别\n,,,\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data, err := toUTF8(data)
		if err != nil {
			return
		}
		ex, _ := readCSV(strings.NewReader(string(data)), "f.csv", "内容", "类别")
		for _, e := range ex {
			if strings.TrimSpace(e.Text) == "" || e.Label == "" {
				t.Fatalf("accepted an example without text or label: %+v", e)
			}
		}
	})
}
