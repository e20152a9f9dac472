package batch

import "context"

// sourceNameKey is the context key of SourceName.
type sourceNameKey struct{}

// WithSourceName returns ctx carrying name, the path of the file a
// ModerniseFunc is given, relative to the output folder: the source's
// top folder (a folder's or archive's base name), then the file's path
// inside it, with the system's separator. The batch processor sets it, so
// a ModerniseFunc that needs the file's name (a loose image's sidecar
// entry, ModerniseWith) finds it without a change of signature.
func WithSourceName(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, sourceNameKey{}, name)
}

// SourceName is the name WithSourceName put in ctx; "" when none.
func SourceName(ctx context.Context) string {
	s, _ := ctx.Value(sourceNameKey{}).(string)
	return s
}
