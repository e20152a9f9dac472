package wsq

import "sync"

// planePool recycles the floating-point planes of Decode and Encode, which
// are the bulk of their memory use.
var planePool sync.Pool

// getPlane returns a float32 slice of length n with unspecified contents.
func getPlane(n int) []float32 {
	if p, ok := planePool.Get().(*[]float32); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]float32, n)
}

func putPlane(p []float32) {
	planePool.Put(&p)
}
