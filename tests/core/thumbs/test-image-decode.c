/* test-image-decode.c: decode at scale, WebP encode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <webp/decode.h>
#include <webp/encode.h>

#include "bindery-image-decode.h"
#include "bindery-webp-encode.h"
#include "thumbs-test-images.h"

#define RED  0xE01010
#define BLUE 0x1020E0

static void
test_fit_size (void)
{
  guint w, h;

  bindery_image_fit_size (1600, 2460, 0, 400, &w, &h);
  g_assert_cmpuint (w, ==, 260);   /* 1600 × 400 / 2460 = 260.2 */
  g_assert_cmpuint (h, ==, 400);
  bindery_image_fit_size (120, 180, 0, 400, &w, &h);   /* never scaled up */
  g_assert_cmpuint (w, ==, 120);
  g_assert_cmpuint (h, ==, 180);
  bindery_image_fit_size (3000, 1000, 256, 256, &w, &h);
  g_assert_cmpuint (w, ==, 256);
  g_assert_cmpuint (h, ==, 85);    /* 1000 × 256 / 3000 = 85.3 */
  bindery_image_fit_size (10000, 3, 0, 2, &w, &h);
  g_assert_cmpuint (w, ==, 6667);
  g_assert_cmpuint (h, ==, 2);
  bindery_image_fit_size (5000, 1, 100, 0, &w, &h);   /* at least one pixel */
  g_assert_cmpuint (w, ==, 100);
  g_assert_cmpuint (h, ==, 1);
}

static void
assert_halves (GdkPixbuf *pixbuf, guint32 left, guint32 right, guint tolerance)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  guint32 l = test_pixel (pixbuf, w / 4, h / 2, NULL);
  guint32 r = test_pixel (pixbuf, 3 * w / 4, h / 2, NULL);

  if (!test_color_near (l, left, tolerance) || !test_color_near (r, right, tolerance))
    g_error ("halves are %06x / %06x, expected %06x / %06x", l, r, left, right);
}

typedef struct {
  TestJpegColor color;
  gboolean      progressive;
} JpegCase;

static void
test_jpeg_kind (gconstpointer data)
{
  const JpegCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = test_make_jpeg (1600, 2460, c->color, c->progressive, 0, RED, BLUE);
  g_autoptr(GdkPixbuf) pixbuf = bindery_image_decode_to_fit (jpeg, 0, 400, 0, &error);
  guint32 left = RED, right = BLUE;
  guint alpha;

  g_assert_no_error (error);
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 260);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 400);
  /* gdk-pixbuf gives CMYK JPEGs an (opaque) alpha channel */
  test_pixel (pixbuf, 130, 200, &alpha);
  g_assert_cmpuint (alpha, ==, 255);
  if (c->color == TEST_JPEG_GRAY)
    {
      guint yl = (0xE0 * 299 + 0x10 * 587 + 0x10 * 114) / 1000;
      guint yr = (0x10 * 299 + 0x20 * 587 + 0xE0 * 114) / 1000;
      left = yl << 16 | yl << 8 | yl;
      right = yr << 16 | yr << 8 | yr;
    }
  assert_halves (pixbuf, left, right, 24);
}

static void
test_no_upscale (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = test_make_jpeg (120, 180, TEST_JPEG_RGB, FALSE, 0, RED, BLUE);
  g_autoptr(GdkPixbuf) pixbuf = bindery_image_decode_to_fit (jpeg, 0, 400, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 120);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 180);
}

static void
test_exif_orientation (void)
{
  /* 200 × 100 stored, left half red. Orientation 6 shows it turned 90° clockwise:
   * 100 × 200 with red on top; 8 turns it the other way (red at the bottom);
   * 3 turns it upside down (red on the right). */
  struct { guint orientation; int w, h; gboolean red_on_top, red_on_right; } cases[] = {
    { 1, 100, 50, FALSE, FALSE },
    { 6, 50, 100, TRUE, FALSE },
    { 8, 50, 100, FALSE, FALSE },
    { 3, 100, 50, FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) jpeg = test_make_jpeg (200, 100, TEST_JPEG_RGB, FALSE, cases[i].orientation, RED, BLUE);
      g_autoptr(GdkPixbuf) pixbuf = bindery_image_decode_to_fit (jpeg, 0, cases[i].h, 0, &error);
      int w, h;

      g_assert_no_error (error);
      w = gdk_pixbuf_get_width (pixbuf);
      h = gdk_pixbuf_get_height (pixbuf);
      g_assert_cmpint (w, ==, cases[i].w);
      g_assert_cmpint (h, ==, cases[i].h);
      if (cases[i].orientation == 6 || cases[i].orientation == 8)
        {
          guint32 top = test_pixel (pixbuf, w / 2, h / 4, NULL);
          guint32 bottom = test_pixel (pixbuf, w / 2, 3 * h / 4, NULL);
          g_assert_true (test_color_near (top, cases[i].red_on_top ? RED : BLUE, 24));
          g_assert_true (test_color_near (bottom, cases[i].red_on_top ? BLUE : RED, 24));
        }
      else
        {
          assert_halves (pixbuf, cases[i].red_on_right ? BLUE : RED, cases[i].red_on_right ? RED : BLUE, 24);
        }
    }
}

static GdkPixbuf *
make_half_transparent (int width, int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * 4;
        p[0] = 0x20;
        p[1] = 0xA0;
        p[2] = 0x40;
        p[3] = y < height / 2 ? 0 : 255;
      }
  return pixbuf;
}

static void
test_png_alpha (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) source = make_half_transparent (300, 600);
  g_autoptr(GBytes) png = test_make_png (source);
  g_autoptr(GdkPixbuf) pixbuf = bindery_image_decode_to_fit (png, 0, 400, 0, &error);
  guint alpha;

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 200);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 400);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  test_pixel (pixbuf, 100, 50, &alpha);
  g_assert_cmpuint (alpha, ==, 0);
  g_assert_true (test_color_near (test_pixel (pixbuf, 100, 350, &alpha), 0x20A040, 2));
  g_assert_cmpuint (alpha, ==, 255);
}

static void
test_webp_scaled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) source = make_half_transparent (800, 1200);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) webp = NULL;
  WebPBitstreamFeatures features;
  const guint8 *data;
  gsize len;
  guint alpha;

  webp = bindery_webp_encode (source, 90, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (webp, &len);
  g_assert_cmpint (WebPGetFeatures (data, len, &features), ==, VP8_STATUS_OK);
  g_assert_cmpint (features.width, ==, 800);
  g_assert_cmpint (features.height, ==, 1200);
  g_assert_true (features.has_alpha);
  g_assert_cmpint (features.format, ==, 1);   /* lossy */

  pixbuf = bindery_image_decode_to_fit (webp, 0, 400, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 267);   /* 800 × 400 / 1200 = 266.7 */
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 400);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  test_pixel (pixbuf, 100, 50, &alpha);
  g_assert_cmpuint (alpha, ==, 0);
  g_assert_true (test_color_near (test_pixel (pixbuf, 100, 350, &alpha), 0x20A040, 12));
  g_assert_cmpuint (alpha, ==, 255);
}

static void
test_webp_quality (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 260, 400);
  g_autoptr(GBytes) low = NULL;
  g_autoptr(GBytes) high = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (source);
  int stride = gdk_pixbuf_get_rowstride (source);
  GRand *rand = g_rand_new_with_seed (4);
  WebPBitstreamFeatures features;

  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 260 * 3; x++)
      pixels[(gsize) y * stride + x] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);

  low = bindery_webp_encode (source, 20, &error);
  g_assert_no_error (error);
  high = bindery_webp_encode (source, 95, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (low), <, g_bytes_get_size (high));
  g_assert_cmpint (WebPGetFeatures (g_bytes_get_data (high, NULL), g_bytes_get_size (high), &features),
                   ==, VP8_STATUS_OK);
  g_assert_false (features.has_alpha);
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = test_make_png_header (60000, 60000);
  g_autoptr(GBytes) jpeg = test_make_jpeg (1000, 1000, TEST_JPEG_RGB, FALSE, 0, RED, BLUE);
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  pixbuf = bindery_image_decode_to_fit (png, 0, 400, 0, &error);
  g_assert_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE);
  g_assert_null (pixbuf);
  g_assert_nonnull (strstr (error->message, "60000"));
  g_clear_error (&error);

  /* The limit is a parameter: 1 MP is above 0.5 MP. */
  pixbuf = bindery_image_decode_to_fit (jpeg, 0, 400, 500000, &error);
  g_assert_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE);
  g_assert_null (pixbuf);
}

static void
test_corrupt_and_unsupported (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = test_make_jpeg (300, 400, TEST_JPEG_RGB, FALSE, 0, RED, BLUE);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (jpeg, 0, 200);
  static const guint8 avif[] = { 0, 0, 0, 0x1c, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0,
                                 'a', 'v', 'i', 'f', 'm', 'i', 'f', '1', 'm', 'i', 'a', 'f' };
  g_autoptr(GBytes) avif_bytes = g_bytes_new_static (avif, sizeof avif);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  pixbuf = bindery_image_decode_to_fit (truncated, 0, 400, 0, &error);
  g_assert_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT);
  g_assert_null (pixbuf);
  g_clear_error (&error);

  pixbuf = bindery_image_decode_to_fit (avif_bytes, 0, 400, 0, &error);
  g_assert_null (pixbuf);
  g_assert_true (g_error_matches (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_UNSUPPORTED)
                 || g_error_matches (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT));
  g_clear_error (&error);

  pixbuf = bindery_image_decode_to_fit (empty, 0, 400, 0, &error);
  g_assert_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT);
  g_assert_null (pixbuf);
}

static void
test_name_is_decodable (void)
{
  g_assert_true (bindery_image_name_is_decodable ("a/b/Page 01.JPG"));
  g_assert_true (bindery_image_name_is_decodable ("x.jpeg"));
  g_assert_true (bindery_image_name_is_decodable ("x.png"));
  g_assert_true (bindery_image_name_is_decodable ("x.gif"));
  g_assert_true (bindery_image_name_is_decodable ("x.webp"));
  g_assert_false (bindery_image_name_is_decodable ("notes.txt"));
  g_assert_false (bindery_image_name_is_decodable ("folder.jpg/page"));
  g_assert_false (bindery_image_name_is_decodable ("noextension"));
}

int
main (int argc, char **argv)
{
  static const JpegCase baseline = { TEST_JPEG_RGB, FALSE };
  static const JpegCase progressive = { TEST_JPEG_RGB, TRUE };
  static const JpegCase gray = { TEST_JPEG_GRAY, FALSE };
  static const JpegCase cmyk = { TEST_JPEG_CMYK_ADOBE, FALSE };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thumbs/decode/fit-size", test_fit_size);
  g_test_add_data_func ("/thumbs/decode/jpeg/baseline", &baseline, test_jpeg_kind);
  g_test_add_data_func ("/thumbs/decode/jpeg/progressive", &progressive, test_jpeg_kind);
  g_test_add_data_func ("/thumbs/decode/jpeg/greyscale", &gray, test_jpeg_kind);
  g_test_add_data_func ("/thumbs/decode/jpeg/adobe-cmyk", &cmyk, test_jpeg_kind);
  g_test_add_func ("/thumbs/decode/no-upscale", test_no_upscale);
  g_test_add_func ("/thumbs/decode/exif-orientation", test_exif_orientation);
  g_test_add_func ("/thumbs/decode/png-alpha", test_png_alpha);
  g_test_add_func ("/thumbs/decode/webp-scaled", test_webp_scaled);
  g_test_add_func ("/thumbs/decode/too-large", test_too_large);
  g_test_add_func ("/thumbs/decode/corrupt-and-unsupported", test_corrupt_and_unsupported);
  g_test_add_func ("/thumbs/decode/name-is-decodable", test_name_is_decodable);
  g_test_add_func ("/thumbs/webp/quality", test_webp_quality);

  return g_test_run ();
}
