/* bindery-image-decode-private.h: what the decoders of bindery-image-decode share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-image-decode.h"

G_BEGIN_DECLS

/* BINDERY_IMAGE_ERROR_TOO_LARGE for a width × height image over max_pixels. */
GError     *_bindery_image_too_large_error (int      width,
                                            int      height,
                                            guint64  max_pixels);

/* Takes pixbuf (transfer full): scales it to want_width × want_height when it is not that
 * size already (0 × 0: leave the size), then turns it by the EXIF orientation (1 … 8, or
 * the pixbuf's own "orientation" option when orientation is 1). NULL with an error when
 * memory runs out. */
GdkPixbuf  *_bindery_image_finish          (GdkPixbuf  *pixbuf,
                                            guint       want_width,
                                            guint       want_height,
                                            guint       orientation,
                                            GError    **error);

/* JPEG through libjpeg(-turbo) directly: bindery_image_decode_to_fit for JPEG data. */
GdkPixbuf  *_bindery_jpeg_decode_to_fit    (const guint8  *data,
                                            gsize          len,
                                            guint          max_width,
                                            guint          max_height,
                                            guint64        max_pixels,
                                            GError       **error);

G_END_DECLS
