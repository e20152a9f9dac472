package xml

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
)

// manyAttributes is a start tag carrying n attributes (plain, or each a
// namespace declaration used by a prefixed attribute), the shape that made
// parsing quadratic.
func manyAttributes(n int, namespaces bool) []byte {
	var sb strings.Builder
	sb.WriteString("<x xmlns=\"urn:x\"\n")
	for i := 0; i < n; i++ {
		if namespaces {
			fmt.Fprintf(&sb, " xmlns:p%d=\"urn:p%d\" p%d:a=\"v\"", i, i, i)
		} else {
			fmt.Fprintf(&sb, " a%d=\"v\"", i)
		}
	}
	sb.WriteString("/>")
	return []byte(sb.String())
}

func TestPerElementLimits(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		opts DecodeOptions
		want string
	}{
		{"attributes", manyAttributes(11, false), DecodeOptions{MaxAttributes: 10}, "more than 10 attributes"},
		{"namespace declarations", manyAttributes(6, true), DecodeOptions{MaxAttributes: 100, MaxNamespaces: 5}, "more than 5 namespace declarations"},
		{"default attributes", manyAttributes(DefaultMaxAttributes+1, false), DecodeOptions{}, fmt.Sprintf("more than %d attributes", DefaultMaxAttributes)},
	}
	for _, tc := range tests {
		_, err := Unmarshal(tc.in, &tc.opts)
		var se *SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, ErrLimit) {
			t.Errorf("%s: %v, want a *SyntaxError wrapping ErrLimit", tc.name, err)
			continue
		}
		if !strings.Contains(se.Msg, tc.want) || !strings.Contains(se.Msg, "<x>") {
			t.Errorf("%s: %q, want %q on element <x>", tc.name, se.Msg, tc.want)
		}
		if se.Line != 2 || se.Column < 2 {
			t.Errorf("%s: at line %d column %d, want the offending attribute on line 2", tc.name, se.Line, se.Column)
		}
	}
}

// TestParseLinearInAttributes counts the attribute and namespace checks
// the parser makes for n and 4n attributes on one element: they grow 4
// times. (Each attribute was compared with every earlier one, and each
// prefix looked up through every declaration.)
func TestParseLinearInAttributes(t *testing.T) {
	for _, ns := range []bool{false, true} {
		const n = 2000
		opts := (&DecodeOptions{MaxAttributes: 1 << 20, MaxNamespaces: 1 << 20}).withDefaults2()
		ops := func(b []byte) int {
			ps := &parser{b: b, o: opts, ctx: context.Background(), q: map[*etree.Element]qname{}, uris: map[string]bool{}}
			if _, err := ps.document(); err != nil {
				t.Fatal(err)
			}
			return ps.ops
		}
		small, large := ops(manyAttributes(n, ns)), ops(manyAttributes(4*n, ns))
		if ratio := float64(large) / float64(small); ratio > 4.5 {
			t.Errorf("namespaces=%v: %d checks for %d attributes, %d for %d (×%.1f); parsing is not linear", ns, small, n, large, 4*n, ratio)
		}
	}
}

// TestParseManyAttributesQuickly parses 64,000 attributes (and as many
// namespace declarations) on one element, which took about 14 s (and a
// minute) of CPU before parsing was linear and takes well under one now;
// the bound is ten times that and the process's CPU time, not the wall
// clock, is measured, so that a busy machine does not fail it.
func TestParseManyAttributesQuickly(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 64,000 attributes; skipped in -short mode")
	}
	opts := &DecodeOptions{MaxAttributes: 1 << 20, MaxNamespaces: 1 << 20}
	for _, ns := range []bool{false, true} {
		b := manyAttributes(64000, ns)
		start := cpuTime()
		if _, err := Unmarshal(b, opts); !errors.Is(err, ErrPackage) {
			t.Fatalf("namespaces=%v: %v, want ErrPackage after a full parse", ns, err)
		}
		if d := cpuTime() - start; d > 10*time.Second {
			t.Errorf("namespaces=%v: 64,000 attributes took %v of CPU", ns, d)
		}
	}
}

// TestUnmarshalContextCancelled checks that a cancelled context stops a
// long decode promptly with the context's error.
func TestUnmarshalContextCancelled(t *testing.T) {
	doc := packageOf("<a>"+strings.Repeat("<b/>", 200000)+"</a>", 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := UnmarshalContext(ctx, doc, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("%v, want context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "line") {
		t.Errorf("%v does not say where decoding stopped", err)
	}
}

func packageOf(children string, n int) []byte {
	return []byte(`<itl:NISTBiometricInformationExchangePackage xmlns:itl="http://biometrics.nist.gov/standard/2011">` + "\n" +
		strings.Repeat(children, n) + "</itl:NISTBiometricInformationExchangePackage>")
}

// TestRecordAndMemoryBounds: a package of 500,000 empty records took
// 1.5 GB to decode. More records than the standard allows are refused
// while parsing, and the estimated memory of the tree is bounded and
// charged to DecodeOptions.Account as it grows.
func TestRecordAndMemoryBounds(t *testing.T) {
	_, err := Unmarshal(packageOf("<a/>", 2000), nil)
	var se *SyntaxError
	if !errors.As(err, &se) || !errors.Is(err, ErrLimit) || !strings.Contains(se.Msg, "more than 1000 records") || se.Line != 2 {
		t.Errorf("2000 records: %v", err)
	}
	_, err = Unmarshal(packageOf("<a><b/><b/><b/></a>", 500), &DecodeOptions{MaxMemory: 1 << 20})
	if !errors.As(err, &se) || !errors.Is(err, ErrLimit) || !strings.Contains(se.Msg, "memory") {
		t.Errorf("memory bound: %v", err)
	}
	budget := errors.New("over budget")
	var charged int64
	_, err = Unmarshal(packageOf("<a><b/><b/><b/></a>", 500), &DecodeOptions{Account: func(n int64) error {
		if charged += n; charged > 1<<20 {
			return budget
		}
		return nil
	}})
	if !errors.Is(err, budget) || charged < 1<<20 || charged > 1<<20+2*accountBatch {
		t.Errorf("account: %v after %d bytes", err, charged)
	}
}

// BenchmarkUnmarshalManyElements reports the live heap a decoded document
// of small elements takes per element (bytes/element), against which
// elementCost, the parser's estimate, is set.
func BenchmarkUnmarshalManyElements(b *testing.B) {
	const n = 100000
	doc := packageOf("<a>"+strings.Repeat("<b/>", n)+"</a>", 1)
	var ms runtime.MemStats
	for i := 0; i < b.N; i++ {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		root, q, _, err := parseDocument(context.Background(), doc, (&DecodeOptions{MaxMemory: 1 << 40}).withDefaults2())
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc-before)/n, "bytes/element")
		runtime.KeepAlive(root)
		runtime.KeepAlive(q)
	}
}

// BenchmarkParseManyAttributes times one start tag of n attributes (plain,
// or namespace declarations), with the per-element limits raised so the
// parser does the whole work: the cost should grow linearly with n.
func BenchmarkParseManyAttributes(b *testing.B) {
	for _, namespaces := range []bool{false, true} {
		for _, n := range []int{16000, 64000} {
			doc := manyAttributes(n, namespaces)
			o := &DecodeOptions{MaxAttributes: 1 << 22, MaxNamespaces: 1 << 22}
			b.Run(fmt.Sprintf("namespaces=%v/n=%d", namespaces, n), func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				for i := 0; i < b.N; i++ {
					Unmarshal(doc, o) // not a package: refused after parsing
				}
			})
		}
	}
}
