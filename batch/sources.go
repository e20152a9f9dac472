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

// source is one source and the folder its outputs go under, relative to
// the output folder.
type source struct {
	path string // absolute, so that the journal knows a file again when the same command runs from another folder
	top  string
}

// sourcesOf lists a Job's sources: a source named in Sources goes under
// its base name; a path listed on Stdin ("-") under its path relative to
// the current folder (its absolute path, less the root, when it is not
// inside it), so that listed files of the same name do not meet.
func sourcesOf(j Job) ([]source, error) {
	var out []source
	add := func(p string, listed bool) error {
		abs, err := filepath.Abs(p)
		if err != nil {
			return jobErrorf("source %s: %v", p, err)
		}
		top := filepath.Base(abs)
		if listed {
			top = listedTop(abs)
		}
		out = append(out, source{abs, top})
		return nil
	}
	for _, s := range j.Sources {
		if s != "-" {
			if err := add(s, false); err != nil {
				return nil, err
			}
			continue
		}
		if j.Stdin == nil {
			return nil, jobErrorf("source - needs a list of paths on standard input")
		}
		sc := bufio.NewScanner(j.Stdin)
		sc.Buffer(make([]byte, 64<<10), 64<<10)
		for sc.Scan() {
			if p := strings.TrimSpace(sc.Text()); p != "" {
				if err := add(p, true); err != nil {
					return nil, err
				}
			}
		}
		if err := sc.Err(); err != nil {
			return nil, jobErrorf("reading the list of paths: %v", err)
		}
	}
	return out, nil
}

// listedTop is where a listed path's output goes.
func listedTop(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return strings.TrimLeft(strings.TrimPrefix(abs, filepath.VolumeName(abs)), string(filepath.Separator))
}

// checkSources refuses sources that do not exist and two sources whose
// outputs would share a top folder.
func checkSources(sources []source) error {
	tops := map[string]string{}
	for _, s := range sources {
		if _, err := os.Stat(s.path); err != nil {
			return jobErrorf("source %v", err)
		}
		if other, ok := tops[s.top]; ok {
			return jobErrorf("sources %s and %s would both be written under %s in the output folder", other, s.path, s.top)
		}
		tops[s.top] = s.path
	}
	return nil
}

// run sends the items of every source; it stops when ctx is done.
func (e *enumerator) run(ctx context.Context, sources []source) error {
	for _, s := range sources {
		if err := e.source(ctx, s); err != nil {
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

func (e *enumerator) source(ctx context.Context, s source) error {
	fi, err := os.Stat(s.path)
	if err != nil {
		return e.send(ctx, item{source: s.path, rel: s.top, err: err.Error()})
	}
	if fi.IsDir() {
		return e.folder(ctx, s)
	}
	return e.file(ctx, s.path, s.top, true)
}

// folder walks root in lexical order (filepath.WalkDir), skipping the
// output folder.
func (e *enumerator) folder(ctx context.Context, s source) error {
	root := s.path
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.Join(s.top, rel)
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
		seen := names{}
		for i, zf := range zr.File {
			it := e.entry(p, rel, zf.Name)
			switch {
			case zf.FileInfo().IsDir():
				continue
			case seen.again(&it, i):
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
	seen := names{}
	for i := 0; ; i++ {
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
		case seen.again(&it, i):
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

// names are the entry names an archive has shown so far.
type names map[string]bool

// again marks an entry whose name an earlier entry had (an archive
// appended to, a tar updated with -u): its output would overwrite the
// earlier one's, so it fails, named by its index so that its report
// line is its own.
func (n names) again(it *item, index int) bool {
	if !n[it.source] {
		n[it.source] = true
		return false
	}
	it.source = fmt.Sprintf("%s#%d", it.source, index+1)
	it.err = "an earlier entry of the archive has this name; its output would be overwritten"
	return true
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
