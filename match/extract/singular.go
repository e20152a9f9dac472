package extract

// point is a position at 500 ppi.
type point struct{ x, y float64 }

// singularPoints finds cores and deltas as the blocks round which the
// smoothed orientation field turns by +180° or −180° (Poincaré index ±½;
// Kawagoe and Tojo 1984), away from the border; adjacent detections merge
// into their mean.
func singularPoints(f *fields, border []float32) (cores, deltas []point) {
	// Ring of the 8 neighbours, counter-clockwise on screen (y down). Angles
	// in image coordinates grow clockwise on screen, so along this ring the
	// field turns by −180° round a core and +180° round a delta.
	ring := [8][2]int{{-1, -1}, {-1, 0}, {-1, 1}, {0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1}}
	idx := make([]int8, f.bw*f.bh)
	for y := 1; y+1 < f.bh; y++ {
		for x := 1; x+1 < f.bw; x++ {
			if border[y*f.bw+x] < 2*borderMargin {
				continue
			}
			var sum float64
			for k := range ring {
				a := f.ridgeAngle((y+ring[k][1])*f.bw + x + ring[k][0])
				b := f.ridgeAngle((y+ring[(k+1)%8][1])*f.bw + x + ring[(k+1)%8][0])
				d := b - a
				for d > pi2 {
					d -= pi
				}
				for d <= -pi2 {
					d += pi
				}
				sum += d
			}
			switch {
			case sum < -pi2*1.5:
				idx[y*f.bw+x] = 1 // core
			case sum > pi2*1.5:
				idx[y*f.bw+x] = -1 // delta
			}
		}
	}
	seen := make([]bool, len(idx))
	for i, v := range idx {
		if v == 0 || seen[i] {
			continue
		}
		var sx, sy, n float64
		stack := []int{i}
		seen[i] = true
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			bx, by := j%f.bw, j/f.bw
			sx += float64(bx*blockSize) + blockSize/2
			sy += float64(by*blockSize) + blockSize/2
			n++
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := bx+dx, by+dy
					if xx < 0 || yy < 0 || xx >= f.bw || yy >= f.bh {
						continue
					}
					k := yy*f.bw + xx
					if idx[k] == v && !seen[k] {
						seen[k] = true
						stack = append(stack, k)
					}
				}
			}
		}
		p := point{sx / n, sy / n}
		if v > 0 {
			cores = append(cores, p)
		} else {
			deltas = append(deltas, p)
		}
	}
	return cores, deltas
}

const (
	pi  = 3.141592653589793
	pi2 = pi / 2
)
