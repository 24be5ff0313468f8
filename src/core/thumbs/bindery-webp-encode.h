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

/* libwebp's effort (0 fast … 6 small). 2 is measured (build-aux/bench thumbs) as
 * about 1.4× faster to encode a 400 px cover than the default 4, for ~2.5% more bytes. */
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
