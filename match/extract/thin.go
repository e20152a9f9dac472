package extract

import "math/bits"

// Neighbour order round a pixel, clockwise from north (Zhang and Suen's
// P2…P9): N, NE, E, SE, S, SW, W, NW.
var nbrDX = [8]int{0, 1, 1, 1, 0, -1, -1, -1}
var nbrDY = [8]int{-1, -1, 0, 1, 1, 1, 0, -1}

// nbrCode packs the eight neighbours of pixel i of a stride-wide binary
// image into a byte, bit k for neighbour k.
func nbrCode(b []uint8, i, stride int) uint8 {
	return b[i-stride]&1 | (b[i-stride+1]&1)<<1 | (b[i+1]&1)<<2 | (b[i+stride+1]&1)<<3 |
		(b[i+stride]&1)<<4 | (b[i+stride-1]&1)<<5 | (b[i-1]&1)<<6 | (b[i-stride-1]&1)<<7
}

// transitions counts the 0→1 changes round the neighbourhood: the crossing
// number of Rutovitz (1966) — 1 at a ridge ending, 2 inside a ridge, 3 at a
// bifurcation of a thin ridge.
func transitions(c uint8) int {
	rot := c>>1 | c<<7 // bit k = neighbour k+1
	return bits.OnesCount8(^c & rot)
}

// Zhang–Suen deletion tables ("A fast parallel algorithm for thinning
// digital patterns", CACM 27(3), 1984), one per sub-iteration.
var zsDelete [2][256]bool

func init() {
	for c := range 256 {
		code := uint8(c)
		bit := func(k int) bool { return code>>k&1 == 1 }
		n := bits.OnesCount8(code)
		if n < 2 || n > 6 || transitions(code) != 1 {
			continue
		}
		// P2=N(0), P4=E(2), P6=S(4), P8=W(6).
		zsDelete[0][c] = !(bit(0) && bit(2) && bit(4)) && !(bit(2) && bit(4) && bit(6))
		zsDelete[1][c] = !(bit(0) && bit(2) && bit(6)) && !(bit(0) && bit(4) && bit(6))
	}
}

// thin reduces the ridges of b (1 = ridge, a zero border of one pixel) to
// 8-connected lines one pixel wide, in place.
func thin(b []uint8, stride int) {
	var live []int
	for i, v := range b {
		if v != 0 {
			live = append(live, i)
		}
	}
	var del []int
	for {
		changed := false
		for sub := range 2 {
			del = del[:0]
			for _, i := range live {
				if zsDelete[sub][nbrCode(b, i, stride)] {
					del = append(del, i)
				}
			}
			for _, i := range del {
				b[i] = 0
			}
			if len(del) > 0 {
				changed = true
				k := 0
				for _, i := range live {
					if b[i] != 0 {
						live[k] = i
						k++
					}
				}
				live = live[:k]
			}
		}
		if !changed {
			return
		}
	}
}
