//go:build openjp2 && cgo

#include <stdlib.h>
#include <string.h>
#include "glue.h"

// --- messages ---------------------------------------------------------------

static void bg_append(bg_log *log, const char *prefix, const char *msg) {
	size_t room = sizeof log->msg - 1 - log->n;
	size_t need = strlen(prefix) + strlen(msg) + 2;
	if (need > room) {
		log->truncated = 1;
		return;
	}
	if (log->n > 0) {
		log->msg[log->n++] = ';';
		log->msg[log->n++] = ' ';
	}
	size_t pl = strlen(prefix);
	memcpy(log->msg + log->n, prefix, pl);
	log->n += pl;
	for (; *msg; msg++) {
		if (*msg == '\n' || *msg == '\r') continue; // OpenJPEG ends messages with \n
		log->msg[log->n++] = *msg;
	}
	log->msg[log->n] = 0;
}

static void bg_on_error(const char *msg, void *client) {
	bg_log *log = client;
	log->errors++;
	bg_append(log, "", msg);
}

static void bg_on_warning(const char *msg, void *client) {
	bg_append(client, "warning: ", msg);
}

static void bg_on_info(const char *msg, void *client) {
	(void)msg;
	(void)client;
}

static void bg_handlers(opj_codec_t *c, bg_log *log) {
	opj_set_error_handler(c, bg_on_error, log);
	opj_set_warning_handler(c, bg_on_warning, log);
	opj_set_info_handler(c, bg_on_info, log);
}

// --- input stream over a byte slice ----------------------------------------

typedef struct {
	const unsigned char *data;
	size_t len, pos;
} bg_src;

static OPJ_SIZE_T bg_read(void *buf, OPJ_SIZE_T n, void *user) {
	bg_src *s = user;
	if (s->pos >= s->len) return (OPJ_SIZE_T)-1;
	size_t k = s->len - s->pos;
	if (k > n) k = n;
	memcpy(buf, s->data + s->pos, k);
	s->pos += k;
	return k;
}

static OPJ_OFF_T bg_skip(OPJ_OFF_T n, void *user) {
	bg_src *s = user;
	if (n < 0) {
		if ((OPJ_OFF_T)s->pos + n < 0) return -1;
	} else if ((size_t)n > s->len - s->pos) {
		s->pos = s->len;
		return -1;
	}
	s->pos = (size_t)((OPJ_OFF_T)s->pos + n);
	return n;
}

static OPJ_BOOL bg_seek(OPJ_OFF_T off, void *user) {
	bg_src *s = user;
	if (off < 0 || (OPJ_UINT64)off > s->len) return OPJ_FALSE;
	s->pos = (size_t)off;
	return OPJ_TRUE;
}

// --- output stream into a growable buffer -----------------------------------

static int bg_reserve(bg_sink *s, size_t end) {
	if (end <= s->cap) return 1;
	size_t c = s->cap ? s->cap : 1 << 16;
	while (c < end) {
		if (c > ((size_t)1 << 40)) return 0;
		c *= 2;
	}
	unsigned char *b = realloc(s->buf, c);
	if (!b) return 0;
	memset(b + s->cap, 0, c - s->cap);
	s->buf = b;
	s->cap = c;
	return 1;
}

static OPJ_SIZE_T bg_write(void *buf, OPJ_SIZE_T n, void *user) {
	bg_sink *s = user;
	if (!bg_reserve(s, s->pos + n)) {
		s->oom = 1;
		return (OPJ_SIZE_T)-1;
	}
	memcpy(s->buf + s->pos, buf, n);
	s->pos += n;
	if (s->pos > s->len) s->len = s->pos;
	return n;
}

static OPJ_OFF_T bg_wskip(OPJ_OFF_T n, void *user) {
	bg_sink *s = user;
	if ((OPJ_OFF_T)s->pos + n < 0) return -1;
	size_t end = (size_t)((OPJ_OFF_T)s->pos + n);
	if (!bg_reserve(s, end)) {
		s->oom = 1;
		return -1;
	}
	s->pos = end;
	if (s->pos > s->len) s->len = s->pos;
	return n;
}

static OPJ_BOOL bg_wseek(OPJ_OFF_T off, void *user) {
	bg_sink *s = user;
	if (off < 0 || !bg_reserve(s, (size_t)off)) return OPJ_FALSE;
	s->pos = (size_t)off;
	if (s->pos > s->len) s->len = s->pos;
	return OPJ_TRUE;
}

void bg_sink_free(bg_sink *s) {
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = s->pos = 0;
}

// --- decode -------------------------------------------------------------------

// bg_decode reads the header of a JP2 file or J2K codestream held in
// data[0:len], checks the image against the limits, and unless header_only
// decodes it. On BG_OK *out is the image, which the caller frees with
// opj_image_destroy; otherwise *out is NULL. The data is only read during the
// call.
int bg_decode(const unsigned char *data, size_t len, int format, int header_only,
	unsigned long long max_pixels, unsigned int max_comps, unsigned int max_prec,
	opj_image_t **out, bg_log *log) {
	*out = NULL;
	bg_src src = {data, len, 0};
	opj_codec_t *codec = opj_create_decompress((OPJ_CODEC_FORMAT)format);
	if (!codec) return BG_ERR_NOMEM;
	bg_handlers(codec, log);
	opj_dparameters_t params;
	opj_set_default_decoder_parameters(&params);
	opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_TRUE);
	if (!stream || !opj_setup_decoder(codec, &params)) {
		if (stream) opj_stream_destroy(stream);
		opj_destroy_codec(codec);
		return stream ? BG_ERR_OPENJPEG : BG_ERR_NOMEM;
	}
	opj_decoder_set_strict_mode(codec, OPJ_TRUE); // a truncated codestream is an error
	opj_stream_set_user_data(stream, &src, NULL);
	opj_stream_set_user_data_length(stream, len);
	opj_stream_set_read_function(stream, bg_read);
	opj_stream_set_skip_function(stream, bg_skip);
	opj_stream_set_seek_function(stream, bg_seek);

	int rc = BG_OK;
	opj_image_t *img = NULL;
	if (!opj_read_header(stream, codec, &img) || !img) {
		rc = BG_ERR_OPENJPEG;
		goto done;
	}
	if (img->x1 <= img->x0 || img->y1 <= img->y0 || img->numcomps == 0 || !img->comps) {
		bg_on_error("empty image area or no components in SIZ", log);
		rc = BG_ERR_OPENJPEG;
		goto done;
	}
	if ((unsigned long long)(img->x1 - img->x0) * (img->y1 - img->y0) > max_pixels) {
		rc = BG_ERR_TOO_LARGE;
		goto done;
	}
	if (img->numcomps > max_comps) {
		rc = BG_ERR_COMPONENTS;
		goto done;
	}
	for (OPJ_UINT32 i = 0; i < img->numcomps; i++) {
		if (img->comps[i].prec == 0 || img->comps[i].prec > max_prec) {
			rc = BG_ERR_PRECISION;
			goto done;
		}
		if (img->comps[i].dx != 1 || img->comps[i].dy != 1) {
			rc = BG_ERR_SUBSAMPLED;
			goto done;
		}
	}
	if (!header_only) {
		if (!opj_decode(codec, stream, img) || !opj_end_decompress(codec, stream)) {
			rc = BG_ERR_OPENJPEG;
			goto done;
		}
	}
done:
	opj_stream_destroy(stream);
	opj_destroy_codec(codec);
	if (rc != BG_OK) {
		if (img) opj_image_destroy(img);
		return rc;
	}
	*out = img;
	return BG_OK;
}

// --- encode ---------------------------------------------------------------------

// bg_image_create makes an image of numcomps unsigned components of w×h
// samples of prec bits, with zeroed sample buffers; NULL when out of memory.
opj_image_t *bg_image_create(unsigned int numcomps, unsigned int w, unsigned int h,
	unsigned int prec, int color_space) {
	opj_image_cmptparm_t parms[4];
	if (numcomps == 0 || numcomps > 4) return NULL;
	memset(parms, 0, sizeof parms);
	for (unsigned int i = 0; i < numcomps; i++) {
		parms[i].dx = 1;
		parms[i].dy = 1;
		parms[i].w = w;
		parms[i].h = h;
		parms[i].prec = prec;
		parms[i].sgnd = 0;
	}
	opj_image_t *img = opj_image_create(numcomps, parms, (OPJ_COLOR_SPACE)color_space);
	if (!img) return NULL;
	img->x0 = 0;
	img->y0 = 0;
	img->x1 = w;
	img->y1 = h;
	for (unsigned int i = 0; i < numcomps; i++) {
		if (!img->comps[i].data) {
			img->comps[i].data = opj_image_data_alloc((size_t)w * h * sizeof(OPJ_INT32));
			if (!img->comps[i].data) {
				opj_image_destroy(img);
				return NULL;
			}
			memset(img->comps[i].data, 0, (size_t)w * h * sizeof(OPJ_INT32));
		}
	}
	if (numcomps == 2 || numcomps == 4) img->comps[numcomps - 1].alpha = 1;
	return img;
}

// bg_encode writes img as a JP2 file into out: one quality layer, lossless
// (reversible 5/3 wavelet, no rate limit) or lossy (irreversible 9/7 at the
// given compression ratio), numres resolution levels. The caller frees out
// with bg_sink_free, and img with opj_image_destroy.
int bg_encode(opj_image_t *img, int lossless, float ratio, int numres, bg_sink *out, bg_log *log) {
	opj_cparameters_t p;
	opj_set_default_encoder_parameters(&p);
	p.tcp_numlayers = 1;
	p.cp_disto_alloc = 1;
	p.numresolution = numres;
	if (lossless) {
		p.irreversible = 0;
		p.tcp_rates[0] = 0; // 0: no rate limit
	} else {
		p.irreversible = 1;
		p.tcp_rates[0] = ratio;
	}
	p.tcp_mct = img->numcomps >= 3 ? 1 : 0; // RCT/ICT across R, G, B
	p.cod_format = 1;                         // JP2

	opj_codec_t *codec = opj_create_compress(OPJ_CODEC_JP2);
	if (!codec) return BG_ERR_NOMEM;
	bg_handlers(codec, log);
	opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_FALSE);
	if (!stream) {
		opj_destroy_codec(codec);
		return BG_ERR_NOMEM;
	}
	opj_stream_set_user_data(stream, out, NULL);
	opj_stream_set_write_function(stream, bg_write);
	opj_stream_set_skip_function(stream, bg_wskip);
	opj_stream_set_seek_function(stream, bg_wseek);

	int rc = BG_OK;
	if (!opj_setup_encoder(codec, &p, img) ||
		!opj_start_compress(codec, img, stream) ||
		!opj_encode(codec, stream) ||
		!opj_end_compress(codec, stream)) {
		rc = out->oom ? BG_ERR_NOMEM : BG_ERR_OPENJPEG;
	}
	opj_stream_destroy(stream);
	opj_destroy_codec(codec);
	return rc;
}
