package wsq

import "sync"

// Encode and Decode recycle their large buffers: the floating-point planes,
// which are the bulk of their memory use, and the encoder's coefficient,
// symbol and output buffers. Reusing them spares the allocation, zeroing
// and page faults of fresh memory for every image, and the garbage
// collections that would otherwise also empty the pools.

// A slicePool recycles slices of T.
type slicePool[T any] struct{ p sync.Pool }

// get returns a slice of length n with unspecified contents.
func (sp *slicePool[T]) get(n int) []T {
	if p, ok := sp.p.Get().(*[]T); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]T, n)
}

func (sp *slicePool[T]) put(s []T) {
	sp.p.Put(&s)
}

var (
	planePool slicePool[float32]
	coefPool  slicePool[int16]
	symPool   slicePool[uint32]
	bytePool  slicePool[byte]
)

// getPlane returns a float32 slice of length n with unspecified contents.
func getPlane(n int) []float32 { return planePool.get(n) }

func putPlane(p []float32) { planePool.put(p) }
