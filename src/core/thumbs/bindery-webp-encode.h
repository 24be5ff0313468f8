/* bindery-webp-encode.h: encoding a thumbnail as lossy WebP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread-safe. libwebp's advanced API: lossy at the given quality, the fast end of
 * the method scale (see BINDERY_WEBP_METHOD), alpha kept when the pixbuf has it.
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

#define BINDERY_WEBP_ERROR (bindery_webp_error_quark ())

typedef enum {
  BINDERY_WEBP_ERROR_FAILED,
} BinderyWebpError;

/* libwebp's effort (0 fast … 6 small). Measured by build-aux/bench thumbs on a
 * 260 × 400 cover at quality 80: method 2 encodes in ~4.5 ms against ~18 ms for the
 * default 4, for ~5% more bytes; 0 and 1 save another ~2 ms for 4–8% more bytes. */
#define BINDERY_WEBP_METHOD 2

GQuark   bindery_webp_error_quark (void);

/* quality 1 … 100, at BINDERY_WEBP_METHOD. Returns the WebP file bytes. */
GBytes  *bindery_webp_encode      (GdkPixbuf  *pixbuf,
                                   guint       quality,
                                   GError    **error);
/* The same at another method (0 … 6): for benchmarks. */
GBytes  *bindery_webp_encode_with_method (GdkPixbuf  *pixbuf,
                                          guint       quality,
                                          guint       method,
                                          GError    **error);

G_END_DECLS
