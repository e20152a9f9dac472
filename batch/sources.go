package batch

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// item is one file to process: a file on disk (Path) or an archive entry
// already read (Data), or one that cannot be (Err).
type item struct {
	source string // the Record's Source
	rel    string // where its output goes, relative to the output folder
	path   string // a file on disk; "" for an archive entry
	data   []byte // an archive entry's bytes
	size   int64
	err    string // why the file cannot be read: outcome failed
	skip   string // why the file is not processed: skipped-unsupported
}

// archiveKind tells an archive from its first bytes: gzip (RFC 1952
// ID1 ID2), tar (POSIX ustar magic at offset 257), zip (local file
// header signature, APPNOTE 4.3.7); "" for any other file.
func archiveKind(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return "tar.gz"
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return "tar"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "zip"
	}
	return ""
}

// enumerator sends every file of a Job's sources, in a stable order.
type enumerator struct {
	job   Job
	out   string // the output folder, absolute: never walked
	items chan<- item
}

// sourcePaths expands "-" into the paths listed on stdin and makes each
// absolute, so that the journal knows a file again when the same command
// runs from another folder.
func sourcePaths(j Job) ([]string, error) {
	paths, err := listedPaths(j)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		if paths[i], err = filepath.Abs(p); err != nil {
			return nil, jobErrorf("source %s: %v", p, err)
		}
	}
	return paths, nil
}

// listedPaths expands "-" into the paths listed on stdin.
func listedPaths(j Job) ([]string, error) {
	var out []string
	for _, s := range j.Sources {
		if s != "-" {
			out = append(out, s)
			continue
		}
		if j.Stdin == nil {
			return nil, jobErrorf("source - needs a list of paths on standard input")
		}
		sc := bufio.NewScanner(j.Stdin)
		sc.Buffer(make([]byte, 64<<10), 64<<10)
		for sc.Scan() {
			if p := strings.TrimSpace(sc.Text()); p != "" {
				out = append(out, p)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, jobErrorf("reading the list of paths: %v", err)
		}
	}
	return out, nil
}

// checkSources refuses sources that do not exist and two sources whose
// outputs would share a top folder.
func checkSources(paths []string) error {
	tops := map[string]string{}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return jobErrorf("source %v", err)
		}
		top := topName(p)
		if other, ok := tops[top]; ok {
			return jobErrorf("sources %s and %s would both be written under %s in the output folder", other, p, top)
		}
		tops[top] = p
	}
	return nil
}

// topName is the folder a source's outputs go under: its base name.
func topName(p string) string { return filepath.Base(filepath.Clean(p)) }

// run sends the items of every source; it stops when ctx is done.
func (e *enumerator) run(ctx context.Context, paths []string) error {
	for _, p := range paths {
		if err := e.source(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

func (e *enumerator) send(ctx context.Context, it item) error {
	select {
	case e.items <- it:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *enumerator) source(ctx context.Context, p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return e.send(ctx, item{source: p, rel: topName(p), err: err.Error()})
	}
	if fi.IsDir() {
		return e.folder(ctx, p)
	}
	return e.file(ctx, p, topName(p), true)
}

// folder walks root in lexical order (filepath.WalkDir), skipping the
// output folder.
func (e *enumerator) folder(ctx context.Context, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.Join(topName(root), rel)
		if err != nil {
			return e.send(ctx, item{source: p, rel: rel, err: err.Error()})
		}
		if d.IsDir() {
			if abs, aerr := filepath.Abs(p); aerr == nil && abs == e.out {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return e.send(ctx, item{source: p, rel: rel, skip: "not a regular file (" + d.Type().String() + ")"})
		}
		return e.file(ctx, p, rel, false)
	})
}

// file sends a file, or the entries of an archive named as a source.
func (e *enumerator) file(ctx context.Context, p, rel string, named bool) error {
	fi, err := os.Stat(p)
	if err != nil {
		return e.send(ctx, item{source: p, rel: rel, err: err.Error()})
	}
	if named {
		if kind := e.archive(p); kind != "" {
			return e.entries(ctx, p, rel, kind)
		}
	}
	return e.send(ctx, item{source: p, rel: rel, path: p, size: fi.Size()})
}

// archive returns the kind of archive p is, or "".
func (e *enumerator) archive(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	return archiveKind(head[:n])
}

// entries streams the regular entries of an archive, one at a time, each
// capped at the Job's MaxFileSize.
func (e *enumerator) entries(ctx context.Context, p, rel, kind string) error {
	f, err := os.Open(p)
	if err != nil {
		return e.send(ctx, item{source: p, rel: rel, err: err.Error()})
	}
	defer f.Close()
	fail := func(err error) error {
		return e.send(ctx, item{source: p, rel: rel, err: fmt.Sprintf("reading the %s archive: %v", kind, err)})
	}
	if kind == "zip" {
		fi, err := f.Stat()
		if err != nil {
			return fail(err)
		}
		zr, err := zip.NewReader(f, fi.Size())
		if err != nil {
			return fail(err)
		}
		for _, zf := range zr.File {
			it := e.entry(p, rel, zf.Name)
			switch {
			case zf.FileInfo().IsDir():
				continue
			case !zf.Mode().IsRegular():
				it.skip = "not a regular file (" + zf.Mode().Type().String() + ")"
			case zf.UncompressedSize64 > uint64(e.job.MaxFileSize):
				it.err = tooLarge(int64(zf.UncompressedSize64), e.job.MaxFileSize)
			default:
				rc, err := zf.Open()
				if err != nil {
					it.err = err.Error()
					break
				}
				it.data, it.err = readCapped(rc, e.job.MaxFileSize)
				rc.Close()
				it.size = int64(len(it.data))
			}
			if err := e.send(ctx, it); err != nil {
				return err
			}
		}
		return nil
	}
	var r io.Reader = bufio.NewReader(f)
	if kind == "tar.gz" {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return fail(err)
		}
		defer gz.Close()
		r = gz
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fail(err)
		}
		it := e.entry(p, rel, h.Name)
		switch {
		case h.Typeflag == tar.TypeDir:
			continue
		case h.Typeflag != tar.TypeReg:
			it.skip = fmt.Sprintf("not a regular file (tar type %q)", h.Typeflag)
		case h.Size > e.job.MaxFileSize:
			it.err = tooLarge(h.Size, e.job.MaxFileSize) // tr.Next skips its bytes unread
		default:
			it.data, it.err = readCapped(tr, e.job.MaxFileSize)
			it.size = int64(len(it.data))
		}
		if err := e.send(ctx, it); err != nil {
			return err
		}
	}
}

// entry names an archive entry: ARCHIVE!/NAME, written under a folder
// named after the archive. The name is cleaned as a rooted path, so
// "../x" or "/x" cannot leave that folder.
func (e *enumerator) entry(archive, rel, name string) item {
	clean := strings.TrimPrefix(path.Clean("/"+name), "/")
	return item{source: archive + "!/" + clean, rel: filepath.Join(rel, filepath.FromSlash(clean))}
}

func tooLarge(size, max int64) string {
	return fmt.Sprintf("the file is %d bytes, over the limit of %d (raise it with the size cap option)", size, max)
}

// readCapped reads r whole, or refuses it once it passes max bytes.
func readCapped(r io.Reader, max int64) ([]byte, string) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err.Error()
	}
	if int64(len(b)) > max {
		return nil, fmt.Sprintf("the file is over the limit of %d bytes; not read further", max)
	}
	return b, ""
}
