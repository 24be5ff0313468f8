/* thumbs-test-images.h: pictures made for the thumbnail tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

typedef enum {
  TEST_JPEG_RGB,
  TEST_JPEG_GRAY,
  TEST_JPEG_CMYK_ADOBE,   /* inverted CMYK with an Adobe marker, as Photoshop writes */
  TEST_JPEG_CMYK_PLAIN,   /* ink amounts (not inverted), no Adobe marker */
} TestJpegColor;

/* A width × height JPEG whose left half is colour `left` and right half `right`
 * (0xRRGGBB; greyscale uses the luminance), optionally progressive, with an EXIF
 * orientation tag when orientation > 0. */
GBytes *test_make_jpeg (guint          width,
                        guint          height,
                        TestJpegColor  color,
                        gboolean       progressive,
                        guint          orientation,
                        guint32        left,
                        guint32        right);

/* A progressive JPEG of an RGB pixbuf (quality 90, 4:2:0) with libjpeg's default scan
 * script (jpeg_simple_progression: ten scans; the last three add the lowest bit of the AC
 * coefficients of Cr, Cb and Y, the one before them the lowest bit of the DC ones), its
 * scans taken in `order` (indices into that script; NULL: all ten, in order). */
GBytes *test_make_progressive_jpeg (GdkPixbuf   *pixbuf,
                                    const guint *order,
                                    guint        n_order);

/* The pixel at (x, y) as 0xRRGGBB; alpha in *alpha when not NULL (255 without alpha). */
guint32 test_pixel     (GdkPixbuf *pixbuf,
                        int        x,
                        int        y,
                        guint     *alpha);

/* TRUE when the colours are within tolerance on every channel. */
gboolean test_color_near (guint32 a,
                          guint32 b,
                          guint   tolerance);

/* A PNG file's bytes from a pixbuf (with alpha if it has one). */
GBytes *test_make_png  (GdkPixbuf *pixbuf);

/* A PNG declaring width × height RGB with almost no pixel data (IHDR, a tiny IDAT, IEND). */
GBytes *test_make_png_header (guint32 width,
                              guint32 height);

G_END_DECLS
