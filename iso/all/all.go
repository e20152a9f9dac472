// Package all links every iso codec, so that iso.Decode and iso.Encode
// know every format:
//
//	import _ "github.com/biogate/biogate/iso/all"
package all

import (
	_ "github.com/biogate/biogate/iso/ansi378" // INCITS 378

	_ "github.com/biogate/biogate/iso/face"
	_ "github.com/biogate/biogate/iso/fir"
	_ "github.com/biogate/biogate/iso/fmr2005" // 19794-2:2005
	_ "github.com/biogate/biogate/iso/fmr2011" // 19794-2:2011
	_ "github.com/biogate/biogate/iso/iris"
)
