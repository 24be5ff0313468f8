/* bindery-image-decode.h: decoding one page image at a reduced scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread-safe: no shared state. The image's dimensions are read from its header
 * before anything is decoded; an image above the pixel limit is refused without
 * decoding it. JPEG is decoded by libjpeg(-turbo) directly (bindery-jpeg-decode.c):
 * scaled in the DCT (1/2, 1/4, 1/8), every scan of a progressive JPEG read before the
 * one output pass, then gdk-pixbuf's bilinear filter (an area filter when shrinking)
 * does the rest; WebP through libwebp's scaled decoding; PNG, GIF (and whatever other
 * gdk-pixbuf loaders are installed) through gdk-pixbuf. The EXIF orientation is
 * applied; greyscale and CMYK JPEG come out RGB (CMYK inverted as Adobe's when the
 * JPEG has Adobe's marker); alpha is kept.
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

#define BINDERY_IMAGE_ERROR (bindery_image_error_quark ())

typedef enum {
  BINDERY_IMAGE_ERROR_UNSUPPORTED, /* no decoder for this format (AVIF, JXL on Debian 12 …) */
  BINDERY_IMAGE_ERROR_CORRUPT,     /* the decoder failed on the data */
  BINDERY_IMAGE_ERROR_TOO_LARGE,   /* declared dimensions above the pixel limit: never decoded */
} BinderyImageError;

/* 100 megapixels */
#define BINDERY_IMAGE_DEFAULT_MAX_PIXELS ((guint64) 100 * 1000 * 1000)

GQuark      bindery_image_error_quark     (void);

/* Decodes data so that the (oriented) result fits in max_width × max_height (0 = no
 * bound on that side), keeping the aspect ratio (each side rounded, at least 1 px)
 * and never scaling up. Images with more than max_pixels pixels (0 = the default
 * limit) are refused with BINDERY_IMAGE_ERROR_TOO_LARGE before any pixel is decoded.
 * The result is 8-bit RGB or RGBA. */
GdkPixbuf  *bindery_image_decode_to_fit  (GBytes   *data,
                                          guint     max_width,
                                          guint     max_height,
                                          guint64   max_pixels,
                                          GError  **error);

/* The size that src_width × src_height takes when fitted in max_width × max_height
 * (0 = unbounded) without scaling up. */
void        bindery_image_fit_size       (guint     src_width,
                                          guint     src_height,
                                          guint     max_width,
                                          guint     max_height,
                                          guint    *out_width,
                                          guint    *out_height);

/* TRUE when some decoder here can read images whose file name ends like entry_name
 * (by extension; gdk-pixbuf's installed loaders, plus WebP through libwebp). */
gboolean    bindery_image_name_is_decodable (const char *entry_name);

G_END_DECLS
