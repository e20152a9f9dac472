package wsq

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// benchFiles returns the WSQ files of the certification set at 0.75 and
// 2.25 bpp and their total pixel count.
func benchFiles(b *testing.B) (files [][]byte, pixels int) {
	root := corpusDir(b)
	names, _ := filepath.Glob(filepath.Join(root, "thales-wsq/nist/wsq/*/*.wsq"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		pixels += cfg.Width * cfg.Height
	}
	return files, pixels
}

// BenchmarkDecode decodes the whole certification set per iteration.
// Run single-core: go test -run=^$ -bench=Decode -cpu=1 ./codec/wsq/
func BenchmarkDecode(b *testing.B) {
	files, pixels := benchFiles(b)
	b.SetBytes(int64(pixels))
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			if _, err := Decode(bytes.NewReader(f)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(pixels)*float64(b.N)/1e6/b.Elapsed().Seconds(), "Mpx/s")
}

// BenchmarkDecodeParallel decodes the set from GOMAXPROCS goroutines.
func BenchmarkDecodeParallel(b *testing.B) {
	files, _ := benchFiles(b)
	sizes := make([]int64, len(files))
	for i, f := range files {
		cfg, _ := DecodeConfig(bytes.NewReader(f))
		sizes[i] = int64(cfg.Width * cfg.Height)
	}
	// One image per iteration, taken in turn from the set, so that the
	// work divides evenly across the goroutines whatever b.N is.
	var next, decoded atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1)-1) % len(files)
			if _, err := Decode(bytes.NewReader(files[i])); err != nil {
				b.Error(err)
				return
			}
			decoded.Add(sizes[i])
		}
	})
	b.ReportMetric(float64(decoded.Load())/1e6/b.Elapsed().Seconds(), "Mpx/s")
}

// BenchmarkEncode encodes the 40 certification inputs at 0.75 bpp per
// iteration.
func BenchmarkEncode(b *testing.B) {
	root := corpusDir(b)
	names, _ := filepath.Glob(filepath.Join(root, "thales-wsq/nist/input/*.webp"))
	var imgs []*image.Gray
	pixels := 0
	for _, n := range names {
		g := readWebPGray(b, n)
		imgs = append(imgs, g)
		pixels += len(g.Pix)
	}
	b.SetBytes(int64(pixels))
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		for _, g := range imgs {
			buf.Reset()
			if err := Encode(&buf, g, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(pixels)*float64(b.N)/1e6/b.Elapsed().Seconds(), "Mpx/s")
}
