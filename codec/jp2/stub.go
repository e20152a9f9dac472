//go:build !openjp2 || !cgo

package jp2

import (
	"image"
	"io"
)

// Available reports whether this build can decode and encode JPEG 2000: it
// is false in builds without the openjp2 tag or without cgo.
const Available = false

// Decode returns errUnavailable in this build.
func Decode(r io.Reader) (image.Image, error) { return nil, errUnavailable }

// DecodeBytes returns errUnavailable in this build.
func DecodeBytes(data []byte) (image.Image, error) { return nil, errUnavailable }

// DecodeConfig returns errUnavailable in this build.
func DecodeConfig(r io.Reader) (image.Config, error) { return image.Config{}, errUnavailable }

// Encode returns errUnavailable in this build.
func Encode(w io.Writer, m image.Image, o *Options) error { return errUnavailable }

// errUnavailable is what every function returns in a build without
// libopenjp2.
const errUnavailable = UnsupportedError("JPEG 2000 needs a build with -tags openjp2 (libopenjp2)")
