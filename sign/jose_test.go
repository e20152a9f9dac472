package sign

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestJOSEConfined: only sign and internal/auth import the JOSE library,
// so that moving to another one (or to jwx's next major version) is a
// change to those two packages (issue: dependencies kept behind sign).
func TestJOSEConfined(t *testing.T) {
	root := ".."
	allowed := map[string]bool{"sign": true, filepath.Join("internal", "auth"): true}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "github.com/lestrrat-go/jwx") && !allowed[rel] {
				t.Errorf("%s imports %s: name JOSE types through package sign (sign.Key, sign.KeySet, ...) or internal/auth", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("read %d Go files under %s; the walk did not see the repository", files, root)
	}
}
