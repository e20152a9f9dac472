package wsq

// Subband geometry (IAFIS-IC-0110 Part 1, "Wavelet decomposition": the
// 20-node decomposition tree and the 64-entry subband table). The sizes of
// odd-length splits depend on whether the high-pass half comes first, which
// is the case for the spectrally inverted nodes.

// A rect is a region of the coefficient plane.
type rect struct{ x, y, w, h int }

// A wnode is one node of the decomposition tree: a region that the transform
// splits into four, with the spectral inversion flags of its row (x) and
// column (y) filtering.
type wnode struct {
	rect
	invRow, invCol bool
}

// split divides a length into its two halves. lowFirst is true when the
// low-pass half comes first; for odd n the low-pass half is the longer one.
func split(n int, lowFirst bool) (first, second int) {
	lo, hi := (n+1)/2, n/2
	if lowFirst {
		return lo, hi
	}
	return hi, lo
}

// quad returns the four quarters of r in the order top-left, top-right,
// bottom-left, bottom-right, given the column and row splits.
func quad(x, y, w0, w1, h0, h1 int) [4]rect {
	return [4]rect{
		{x, y, w0, h0},
		{x + w0, y, w1, h0},
		{x, y + h0, w0, h1},
		{x + w0, y + h0, w1, h1},
	}
}

// buildTrees computes the decomposition tree and the subband table for an
// image of the given size.
func buildTrees(width, height int) (w [20]wnode, q [maxSubbands]rect) {
	for _, n := range []int{2, 4, 7, 9, 11, 13, 16, 18} {
		w[n].invRow = true
	}
	for _, n := range []int{3, 5, 8, 9, 12, 13, 17, 18} {
		w[n].invCol = true
	}
	// setNode places region r at node p and, for the first count children
	// (3 or 4), the quarters of r at nodes c, c+1, ...
	setNode := func(p, c int, r rect, count int) {
		w[p].rect = r
		w0, w1 := split(r.w, !w[p].invRow)
		h0, h1 := split(r.h, !w[p].invCol)
		qs := quad(r.x, r.y, w0, w1, h0, h1)
		for i := 0; i < count; i++ {
			w[c+i].rect = qs[i]
		}
	}
	setNode(0, 1, rect{0, 0, width, height}, 3)
	lw, lw2 := split(w[1].w, true)
	lh, lh2 := split(w[1].h, true)
	setNode(4, 6, rect{lw, 0, lw2, lh}, 4)
	setNode(5, 10, rect{0, lh, lw, lh2}, 4)
	setNode(14, 15, rect{0, 0, lw, lh}, 4)
	w19w, _ := split(w[15].w, true)
	w19h, _ := split(w[15].h, true)
	w[19].rect = rect{0, 0, w19w, w19h}

	// quad16 lays out 16 subbands over r, whose first column and row split
	// are inverted when invCol / invRow are set.
	quad16 := func(start int, r rect, invRow, invCol bool) {
		tw, tw2 := split(r.w, !invCol)
		th, th2 := split(r.h, !invRow)
		aw0, aw1 := split(tw, true)
		ah0, ah1 := split(th, true)
		bw0, bw1 := split(tw2, false)
		bh0, bh1 := split(th2, false)
		parts := [4][4]rect{
			quad(r.x, r.y, aw0, aw1, ah0, ah1),
			quad(r.x+tw, r.y, bw0, bw1, ah0, ah1),
			quad(r.x, r.y+th, aw0, aw1, bh0, bh1),
			quad(r.x+tw, r.y+th, bw0, bw1, bh0, bh1),
		}
		for i, p := range parts {
			for j, s := range p {
				q[start+4*i+j] = s
			}
		}
	}
	// The order matters: later groups overwrite entries of earlier ones
	// (48..50 by the group at 35, 3 by the group at 0).
	quad16(3, w[14].rect, false, false)
	quad16(19, w[4].rect, false, true)
	quad16(48, w[0].rect, false, false)
	quad16(35, w[5].rect, true, false)
	r := w[19].rect
	w0, w1 := split(r.w, true)
	h0, h1 := split(r.h, true)
	for i, s := range quad(r.x, r.y, w0, w1, h0, h1) {
		q[i] = s
	}
	return w, q
}
