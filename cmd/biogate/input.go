package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/biogate/biogate/internal/atomicfile"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/spf13/cobra"
)

// defaultMaxSize is the largest input a command reads unless --max-size
// says otherwise: 1 GiB holds the largest transactions in use (a
// ten-print with palms at 1000 ppi is some 100 MB) with room to spare,
// and stops /dev/zero or a runaway pipe long before memory runs out.
const defaultMaxSize = 1 << 30

// byteSize is a --max-size value: bytes, or a number with K, M, G
// (binary: KiB, MiB, GiB; a trailing "iB" or "B" is accepted).
type byteSize int64

func (s *byteSize) String() string { return formatSize(int64(*s)) }
func (s *byteSize) Type() string   { return "size" }

func (s *byteSize) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = byteSize(n)
	return nil
}

func parseSize(v string) (int64, error) {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(v)), "B"), "I")
	shift := 0
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			shift = 10
		case 'M':
			shift = 20
		case 'G':
			shift = 30
		}
		if shift > 0 {
			t = t[:len(t)-1]
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)>>shift {
		return 0, fmt.Errorf("%q is not a size (a positive number of bytes, or with K, M or G)", v)
	}
	return n << shift, nil
}

func formatSize(n int64) string {
	for _, u := range []struct {
		shift int
		name  string
	}{{30, "G"}, {20, "M"}, {10, "K"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// inputFlags are the flags of every command that reads FILE.
type inputFlags struct {
	maxSize byteSize
}

func (f *inputFlags) add(cmd *cobra.Command) {
	f.maxSize = defaultMaxSize
	cmd.Flags().Var(&f.maxSize, "max-size", "largest input read, a `SIZE` in bytes or with K, M, G (binary units); larger input is refused")
}

// readInput reads FILE, or standard input for "-", refusing more than max
// bytes: a regular file by its size before reading, anything else (a
// pipe, a device) after max bytes have been read.
func (c *cli) readInput(name string, max byteSize) ([]byte, error) {
	limit := int64(max)
	var r io.Reader = c.stdin
	what := "standard input"
	if name != "-" {
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", name)
		}
		if err != nil {
			return nil, err
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		switch {
		case fi.IsDir():
			return nil, fmt.Errorf("%s is a folder, not a file", name)
		case fi.Mode().IsRegular() && fi.Size() > limit:
			return nil, fmt.Errorf("%s: %d bytes is more than the limit of %d bytes (--max-size %s)", name, fi.Size(), limit, max.String())
		}
		r, what = f, name
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: more than the limit of %d bytes (--max-size %s); nothing was read past it", what, limit, max.String())
	}
	return b, nil
}

// load reads FILE and decodes it through the service core. On failure it
// prints one line and returns exit code 2.
func (c *cli) load(cmd, name string, max byteSize, o *exchange.LoadOptions) (*exchange.Input, int) {
	b, err := c.readInput(name, max)
	if err != nil {
		c.failf("%s: %v", cmd, err)
		return nil, exitUnusable
	}
	in, err := exchange.Load(context.Background(), b, o)
	if err != nil {
		c.failf("%s: %s: %v", cmd, name, err)
		return nil, exitUnusable
	}
	return in, exitOK
}

// output writes b to standard output ("-") or, atomically and with
// ordinary permissions, to a file; a path that is not a regular file (a
// device, a FIFO, a symbolic link) is refused, never replaced.
func (c *cli) output(out string, b []byte) error {
	if out == "-" {
		_, err := c.stdout.Write(b)
		return err
	}
	return atomicfile.WriteFile(out, b, 0o666)
}

// writeJSON prints v as indented JSON, without HTML escaping.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
