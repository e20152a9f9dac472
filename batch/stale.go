package batch

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// removeStaleTemps removes the temporary files a killed run left in the
// output folder: atomicfile writes ".NAME.tmp-RANDOM" beside each target
// and renames it over the target, so one still there was never put in
// place, and its file is redone (its journal entry was never written).
func removeStaleTemps(out string) error {
	return filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name := d.Name(); !d.IsDir() && d.Type().IsRegular() && strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-") {
			return os.Remove(p)
		}
		return nil
	})
}
