//go:build !unix

package datalock

import "os"

// tryLock on systems without flock(2) takes nothing: the store's own
// file lock (bbolt) is then the only guard.
func tryLock(*os.File) (bool, error) { return false, nil }

func unlock(*os.File) {}
