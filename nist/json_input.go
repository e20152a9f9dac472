package nist

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DecodeJSONOptions bounds what DecodeJSONContext accepts. The zero value
// takes the defaults in brackets.
type DecodeJSONOptions struct {
	MaxSize    int64 // bytes read from the reader [DefaultMaxSize]
	MaxRecords int   // records in the transaction [MaxRecords]

	// Account, when set, is told the estimated memory the decoded form
	// takes before it is built (see jsonMemory); an error from it stops
	// decoding and is returned wrapped in the *JSONError. A service charges
	// a per-request memory budget with it.
	Account func(bytes int64) error
}

// Estimated memory of the decoded JSON form beyond the document's own
// bytes: the decoder's structures per JSON object (a record or a field)
// and per string (a value or an item). A 13.6 MB form of 50,000 empty
// records (150,000 objects) peaked at 117 MiB when submitted
// (TestHostileInputsMemory in internal/exchange, without a budget); this
// estimates 89 MB for it.
const (
	jsonObjectCost = 320
	jsonStringCost = 40
)

// jsonMemory estimates the memory decoding b takes: twice its length (the
// decoder's copy of the strings and the model's values) plus a cost per
// object and string, counted in one pass that skips string contents.
func jsonMemory(b []byte) int64 {
	var objects, strs int64
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{':
			objects++
		case '"':
			strs++
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		}
	}
	return 2*int64(len(b)) + objects*jsonObjectCost + strs*jsonStringCost
}

// DecodeJSONContext is DecodeJSON with bounds, a memory account and a
// context: it reads at most opts.MaxSize bytes, refuses input that is not
// UTF-8 (encoding/json would silently replace what is not with U+FFFD,
// changing the transaction) with the JSON pointer and byte offset of the
// first bad byte, and stops with ctx's error once ctx is done.
func DecodeJSONContext(ctx context.Context, r io.Reader, opts *DecodeJSONOptions) (*Transaction, error) {
	limit := int64(DefaultMaxSize)
	if opts != nil && opts.MaxSize > 0 {
		limit = opts.MaxSize
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &JSONError{Msg: err.Error()}
	}
	return DecodeJSONBytes(ctx, b, opts)
}

// DecodeJSONBytes is DecodeJSONContext on a document already in memory.
func DecodeJSONBytes(ctx context.Context, b []byte, opts *DecodeJSONOptions) (*Transaction, error) {
	var o DecodeJSONOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.MaxRecords <= 0 {
		o.MaxRecords = MaxRecords
	}
	if int64(len(b)) > o.MaxSize {
		return nil, &JSONError{Msg: fmt.Sprintf("input is larger than the %d-byte limit", o.MaxSize)}
	}
	if off := invalidUTF8(b); off >= 0 {
		return nil, &JSONError{Path: pointerAt(b, off), Msg: fmt.Sprintf("invalid UTF-8 at byte %d; text values must be UTF-8 (binary data goes in \"bytes\" or \"binary\" as base64)", off)}
	}
	if o.Account != nil {
		if err := o.Account(jsonMemory(b)); err != nil {
			return nil, &JSONError{Msg: err.Error(), Err: err}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, &JSONError{Msg: "decoding stopped: " + err.Error(), Err: err}
	}
	return decodeJSON(ctx, b, &o)
}

// invalidUTF8 returns the offset of the first byte of b that is not part
// of valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// pointerAt returns the JSON pointer (RFC 6901) of the value or member
// name of b that holds byte off, "" for the whole document or when b is
// not JSON up to there.
func pointerAt(b []byte, off int) string {
	type frame struct {
		array   bool
		index   int
		key     string
		wantKey bool
	}
	var stack []*frame
	path := func() string {
		var sb strings.Builder
		for _, f := range stack {
			sb.WriteByte('/')
			if f.array {
				sb.WriteString(strconv.Itoa(f.index))
			} else {
				sb.WriteString(strings.ReplaceAll(strings.ReplaceAll(f.key, "~", "~0"), "/", "~1"))
			}
		}
		return sb.String()
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return path()
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		d, delim := tok.(json.Delim)
		closing := delim && (d == '}' || d == ']')
		if top != nil && !top.array && top.wantKey && !closing {
			top.key, top.wantKey = tok.(string), false
			if dec.InputOffset() > int64(off) {
				return path()
			}
			continue
		}
		if top != nil && top.array && !closing {
			top.index++
		}
		if dec.InputOffset() > int64(off) && !closing {
			return path()
		}
		switch {
		case delim && d == '{':
			stack = append(stack, &frame{wantKey: true})
		case delim && d == '[':
			stack = append(stack, &frame{array: true, index: -1})
		case closing:
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && !stack[len(stack)-1].array {
				stack[len(stack)-1].wantKey = true
			}
		case top != nil && !top.array:
			top.wantKey = true
		}
	}
}
