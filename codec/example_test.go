package codec_test

import (
	"fmt"

	"github.com/biogate/biogate/codec"
)

// Converting an ISO/IEC 19794-4:2005 finger image's compression byte to a
// Type-14 CGA and to the 2011 edition's byte: the numbers are not copied.
func ExampleFromISO() {
	c, _ := codec.FromISO(codec.FIR2005, 5)
	cga, _ := c.CGA()
	code2011, _ := c.ISOCode(codec.FIR2011)
	gca, _ := c.GCA()
	fmt.Println(cga, code2011, gca)

	c, _ = codec.FromISO(codec.FIR2011, 5)
	fmt.Println(c)
	// Output:
	// PNG 6 6
	// JP2L
}
