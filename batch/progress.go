package batch

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress counts what is done and shows it: one line rewritten in place
// on a terminal, a plain line now and then otherwise.
type progress struct {
	w        io.Writer
	terminal bool
	every    time.Duration
	start    time.Time

	files, bytes, failed, nonconformant atomic.Int64
	totalBytes                          atomic.Int64 // 0 while unknown

	stop chan struct{}
	done sync.WaitGroup
}

func newProgress(w io.Writer, terminal bool, every time.Duration) *progress {
	return &progress{w: w, terminal: terminal, every: every, start: time.Now(), stop: make(chan struct{})}
}

func (p *progress) count(r *Record) {
	p.files.Add(1)
	p.bytes.Add(r.Size)
	switch r.Outcome {
	case Failed:
		p.failed.Add(1)
	case Nonconformant:
		p.nonconformant.Add(1)
	}
}

// show starts the display; end stops it with a last line.
func (p *progress) show() {
	if p.w == nil {
		return
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(p.every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.print(false)
			case <-p.stop:
				return
			}
		}
	}()
}

func (p *progress) end() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.done.Wait()
	p.print(true)
}

func (p *progress) print(last bool) {
	line := p.line(time.Since(p.start))
	switch {
	case p.terminal && last:
		fmt.Fprintf(p.w, "\r\033[K%s\n", line)
	case p.terminal:
		fmt.Fprintf(p.w, "\r\033[K%s", line)
	default:
		fmt.Fprintln(p.w, line)
	}
}

// line says files and MB done, the rate, the time left (when the total
// is known) and the errors so far.
func (p *progress) line(elapsed time.Duration) string {
	files, bytes := p.files.Load(), p.bytes.Load()
	secs := max(elapsed.Seconds(), 0.001)
	mb := float64(bytes) / (1 << 20)
	s := fmt.Sprintf("batch: %d files, %.1f MB, %.1f files/s, %.2f MB/s", files, mb, float64(files)/secs, mb/secs)
	if total := p.totalBytes.Load(); total > 0 && bytes > 0 && bytes < total {
		eta := time.Duration(float64(total-bytes) / (float64(bytes) / secs) * float64(time.Second))
		s += ", ETA " + eta.Round(time.Second).String()
	}
	return s + fmt.Sprintf(", %d failed, %d nonconformant", p.failed.Load(), p.nonconformant.Load())
}
