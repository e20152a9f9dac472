package wsq

import "strconv"

// The two-dimensional transforms over the decomposition tree (IAFIS-IC-0110
// Part 1, "Wavelet decomposition" and "Image reconstruction"): each node is
// filtered along rows and along columns, from node 0 (the whole image) down
// to node 19 when encoding, and back up when decoding.

type planKey struct {
	n   int
	inv bool
}

// nodePlans are the plans of one tree node: along columns and along rows.
type nodePlans struct{ col, row *plan }

func compilePlans(wt *[20]wnode, lo, hi []float32, compile func(int, []float32, []float32, bool) (*plan, bool)) ([20]nodePlans, error) {
	var out [20]nodePlans
	cache := map[planKey]*plan{}
	get := func(n int, inv bool) (*plan, error) {
		k := planKey{n, inv}
		if p, ok := cache[k]; ok {
			return p, nil
		}
		p, ok := compile(n, lo, hi, inv)
		if !ok {
			return nil, UnsupportedError("image too small for the filter bank (a subband of length " + strconv.Itoa(n) + ")")
		}
		cache[k] = p
		return p, nil
	}
	for i := range wt {
		nd := &wt[i]
		var err error
		if out[i].col, err = get(nd.h, nd.invCol); err != nil {
			return out, err
		}
		if out[i].row, err = get(nd.w, nd.invRow); err != nil {
			return out, err
		}
	}
	return out, nil
}

func synthesisPlans(wt *[20]wnode, t *transformTable) ([20]nodePlans, error) {
	return compilePlans(wt, t.lo, t.hi, synthesisPlan)
}

func analysisPlans(wt *[20]wnode) ([20]nodePlans, error) {
	return compilePlans(wt, analysisLo[:], analysisHi[:], analysisPlan)
}

// reconstruct inverts the decomposition in place in a (width wide), using
// tmp (same size) as scratch: for nodes 19 down to 0, columns then rows.
func reconstruct(a, tmp []float32, width int, wt *[20]wnode, plans [20]nodePlans) {
	for i := len(wt) - 1; i >= 0; i-- {
		nd := &wt[i]
		base := nd.y*width + nd.x
		plans[i].col.cols(tmp, width, a[base:], width, nd.w)
		plans[i].row.rows(a[base:], width, tmp, width, nd.h)
	}
}

// decompose computes the decomposition in place: for nodes 0 to 19, rows
// then columns. The intermediate result is stored compactly in tmp (node
// width wide): for the nodes below the first, that is much faster than
// giving tmp the stride of the whole image.
func decompose(a, tmp []float32, width int, wt *[20]wnode, plans [20]nodePlans) {
	for i := range wt {
		nd := &wt[i]
		base := nd.y*width + nd.x
		plans[i].row.rows(tmp, nd.w, a[base:], width, nd.h)
		plans[i].col.cols(a[base:], width, tmp, nd.w, nd.w)
	}
}
