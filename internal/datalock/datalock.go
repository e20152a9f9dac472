// Package datalock gives one process at a time a data folder: the
// service takes it before it opens anything inside (the audit log, its
// head, the store), so that a second process fails at once, saying that
// another holds the folder, instead of touching the audit head and then
// waiting for the store's own lock.
package datalock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// FileName is the lock file inside the data folder. It holds the process
// id of its holder, for the message a second process prints.
const FileName = "biogate.lock"

// ErrHeld is wrapped by the error of Acquire when another process holds
// the folder.
var ErrHeld = errors.New("held by another process")

// Lock is a held data folder; Release gives it back. The system releases
// it too when the process ends, however it ends.
type Lock struct {
	f *os.File
}

// Acquire takes dir for this process, or fails at once with an error
// wrapping ErrHeld that names the holder's process id where known.
func Acquire(dir string) (*Lock, error) {
	name := filepath.Join(dir, FileName)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if held {
		holder := ""
		if b, err := os.ReadFile(name); err == nil {
			if pid := strings.TrimSpace(string(b)); pid != "" {
				holder = " (process " + pid + ")"
			}
		}
		f.Close()
		return nil, fmt.Errorf("the data folder %s is in use: %w%s, which holds %s; stop it or give another folder", dir, ErrHeld, holder, name)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Release gives the folder back.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	unlock(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}
