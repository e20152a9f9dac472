package jp2

// A FormatError reports that the input is not a valid JPEG 2000 file or
// codestream; for data OpenJPEG rejects it carries OpenJPEG's messages.
type FormatError string

func (e FormatError) Error() string { return "jp2: invalid format: " + string(e) }

// An UnsupportedError reports that the input is valid JPEG 2000 but uses a
// feature this package does not handle, exceeds an implementation limit, or
// that the package was built without libopenjp2.
type UnsupportedError string

func (e UnsupportedError) Error() string { return "jp2: unsupported feature: " + string(e) }
