// Memory streams, message collection and the decode/encode sequences of
// OpenJPEG 2.5, called from openjp2.go (build tag openjp2).

#ifndef BIOGATE_JP2_GLUE_H
#define BIOGATE_JP2_GLUE_H

#include <stddef.h>
#include <openjpeg.h>

// bg_log collects OpenJPEG's error and warning messages for the Go error.
typedef struct {
	char msg[1024];
	size_t n;
	int errors;
	int truncated;
} bg_log;

// bg_sink is a growable output buffer in C memory.
typedef struct {
	unsigned char *buf;
	size_t len, cap, pos;
	int oom;
} bg_sink;

// Results of bg_decode.
enum {
	BG_OK = 0,
	BG_ERR_OPENJPEG = 1,   // OpenJPEG reported an error (see the log)
	BG_ERR_TOO_LARGE = 2,  // width×height above max_pixels
	BG_ERR_COMPONENTS = 3, // more components than max_comps
	BG_ERR_PRECISION = 4,  // a component precision above max_prec
	BG_ERR_SUBSAMPLED = 5, // a component is subsampled
	BG_ERR_NOMEM = 6
};

int bg_decode(const unsigned char *data, size_t len, int format, int header_only,
	unsigned long long max_pixels, unsigned int max_comps, unsigned int max_prec,
	opj_image_t **out, bg_log *log);

opj_image_t *bg_image_create(unsigned int numcomps, unsigned int w, unsigned int h,
	unsigned int prec, int color_space);

int bg_encode(opj_image_t *img, int lossless, float ratio, int numres, bg_sink *out, bg_log *log);

void bg_sink_free(bg_sink *s);

#endif
