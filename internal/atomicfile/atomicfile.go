// Package atomicfile writes files so that a reader sees either the old
// content or the whole new content, never half of it: the bytes go to a
// temporary file in the same folder, which is synced and then renamed over
// the target.
//
// Permissions are those of an ordinary write: a new file gets perm less
// the process umask (as os.WriteFile does), and a file that is replaced
// keeps its mode. A target that exists but is not a regular file (a
// symbolic link, a device, a FIFO, a socket, a folder) is refused with
// ErrNotRegular: renaming over it would silently replace the node with a
// regular file.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// ErrNotRegular is wrapped by the error for a target that exists and is
// not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// File is a file being written atomically: Write to it, then Commit to
// put it in place, or Abort to leave the target untouched. Abort after
// Commit does nothing, so `defer f.Abort()` is safe.
type File struct {
	*os.File
	target string
	done   bool
}

// Create starts writing name. perm is the mode of a new file before the
// umask; an existing regular file's mode is kept.
func Create(name string, perm fs.FileMode) (*File, error) {
	mode, exists, err := targetMode(name)
	if err != nil {
		return nil, err
	}
	f, err := createTemp(filepath.Dir(name), filepath.Base(name), perm)
	if err != nil {
		return nil, err
	}
	if exists {
		// Chmod is not subject to the umask: the replaced file's mode
		// carries over exactly.
		if err := f.Chmod(mode); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
	}
	return &File{File: f, target: name}, nil
}

// targetMode returns the mode of an existing regular file, or refuses a
// node of another kind.
func targetMode(name string) (fs.FileMode, bool, error) {
	fi, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0, false, nil
	case err != nil:
		return 0, false, err
	case !fi.Mode().IsRegular():
		return 0, false, &fs.PathError{Op: "write", Path: name,
			Err: fmt.Errorf("%w (it is %s); refusing to replace it", ErrNotRegular, kind(fi.Mode()))}
	}
	return fi.Mode().Perm() | fi.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky), true, nil
}

// kind names a non-regular file mode for the error message.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsDir():
		return "a folder"
	}
	return "not a regular file"
}

// createTemp creates a new file beside the target. Unlike os.CreateTemp,
// it passes perm to open(2), so the kernel applies the umask to it.
func createTemp(dir, base string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp-"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &fs.PathError{Op: "createtemp", Path: dir, Err: fs.ErrExist}
}

// Commit syncs the content, closes the file and renames it over the
// target, then syncs the folder so the rename survives a crash.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: " + f.target + ": already committed or aborted")
	}
	f.done = true
	tmp := f.Name()
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// The target may have become something else since Create.
		if _, _, err = targetMode(f.target); err == nil {
			err = os.Rename(tmp, f.target)
		}
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(f.target))
}

// Abort removes the temporary file, leaving the target as it was.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
}

// WriteFile writes data to name atomically, with the permissions of
// Create.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	f, err := Create(name, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// syncDir flushes a folder's entries (the rename) to stable storage.
// Where a folder cannot be opened or synced (Windows; file systems that
// answer EINVAL) the rename is left to the system.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}
