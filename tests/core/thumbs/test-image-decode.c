/* test-image-decode.c: decode at scale, WebP encode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>   /* jpeglib.h uses FILE and size_t without including them */
#include <string.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include "bindery-book.h"
#include "bindery-image-decode.h"
#include "bindery-webp-encode.h"
#include "test-fixtures.h"
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
  /* no alpha channel, CMYK included (gdk-pixbuf's loader gives CMYK an opaque one) */
  g_assert_false (gdk_pixbuf_get_has_alpha (pixbuf));
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

/* Ink amounts without Adobe's marker are not inverted: the halves keep their colours. */
static void
test_jpeg_plain_cmyk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = test_make_jpeg (400, 600, TEST_JPEG_CMYK_PLAIN, FALSE, 0, RED, BLUE);
  g_autoptr(GdkPixbuf) pixbuf = bindery_image_decode_to_fit (jpeg, 0, 300, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 300);
  g_assert_false (gdk_pixbuf_get_has_alpha (pixbuf));
  assert_halves (pixbuf, RED, BLUE, 24);
}

/* What gdk-pixbuf's loader makes of data asked at want_w × want_h: the reference. */
static GdkPixbuf *
pixbuf_loader_decode (GBytes *data, int want_w, int want_h)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  gdk_pixbuf_loader_set_size (loader, want_w, want_h);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, data, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_nonnull (pixbuf);
  return g_object_ref (pixbuf);
}

/* ImageMagick's `convert SOURCE OPTIONS… out.jpg`, the way the bench's covers are made;
 * NULL (the test skipped) without ImageMagick. */
static GBytes *
magick_jpeg (const char *dir, const char *source, const char * const *options, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *convert = g_find_program_in_path ("convert");
  g_autofree char *out = g_build_filename (dir, name, NULL);
  g_autofree char *err = NULL;
  char *contents = NULL;
  gsize len = 0;
  int status = 0;

  if (convert == NULL)
    return NULL;
  g_ptr_array_add (argv, convert);
  if (source != NULL)
    g_ptr_array_add (argv, (char *) source);
  for (guint i = 0; options[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) options[i]);
  g_ptr_array_add (argv, out);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("convert failed: %s", err);
  g_assert_true (g_file_get_contents (out, &contents, &len, &error));
  g_assert_no_error (error);
  g_unlink (out);
  return g_bytes_new_take (contents, len);
}

/* Our decode against gdk-pixbuf's for the same size: the same size and the same RGB
 * (the same libjpeg, DCT scale and bilinear filter), except for CMYK: gdk-pixbuf converts
 * it rounding down and scales it as RGBA, whose filter rounds down again; we round to
 * nearest, so each value may be up to 2 higher (alpha left out). */
/* The mean and largest difference of two RGB(A) pixbufs of the same size, per channel. */
static void
pixel_difference (GdkPixbuf *a_pixbuf, GdkPixbuf *b_pixbuf, double *mean, int *largest)
{
  const guint8 *a = gdk_pixbuf_read_pixels (a_pixbuf);
  const guint8 *b = gdk_pixbuf_read_pixels (b_pixbuf);
  int w = gdk_pixbuf_get_width (a_pixbuf), h = gdk_pixbuf_get_height (a_pixbuf);
  int sa = gdk_pixbuf_get_rowstride (a_pixbuf), sb = gdk_pixbuf_get_rowstride (b_pixbuf);
  int na = gdk_pixbuf_get_n_channels (a_pixbuf), nb = gdk_pixbuf_get_n_channels (b_pixbuf);
  guint64 sum = 0;

  g_assert_cmpint (gdk_pixbuf_get_width (b_pixbuf), ==, w);
  g_assert_cmpint (gdk_pixbuf_get_height (b_pixbuf), ==, h);
  *largest = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        {
          int d = ABS ((int) a[(gsize) y * sa + (gsize) x * na + c] - (int) b[(gsize) y * sb + (gsize) x * nb + c]);
          sum += (guint) d;
          *largest = MAX (*largest, d);
        }
  *mean = (double) sum / ((double) w * h * 3);
}

/* The reduction libjpeg's DCT makes for a picture `height` px tall (8, 4, 2 or 1: the
 * largest whose picture is still at least that tall), read from the JPEG's header. */
static guint
jpeg_dct_reduction (GBytes *jpeg, guint height)
{
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr jerr;
  guint image_height, reduction;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_assert_cmpint (jpeg_read_header (&cinfo, TRUE), ==, JPEG_HEADER_OK);
  image_height = cinfo.image_height;
  jpeg_destroy_decompress (&cinfo);
  for (reduction = 8; reduction > 1; reduction /= 2)
    if ((image_height + reduction - 1) / reduction >= height)
      break;
  return reduction;
}

/* Our decode of a JPEG to `height` px tall against gdk-pixbuf's loader at the same size:
 * the same pixels, except for CMYK (gdk-pixbuf converts it otherwise, within 2 levels)
 * and for a progressive JPEG reduced at least 4× (its last-bit scans are not decoded:
 * about a level on average, see test_jpeg_progressive_last_bit). */
static void
assert_like_gdk_pixbuf (GBytes *jpeg, guint height, gboolean cmyk, gboolean progressive, const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) ours = bindery_image_decode_to_fit (jpeg, 0, height, 0, &error);
  g_autoptr(GdkPixbuf) ref = NULL;
  gboolean last_bit_skipped = progressive && jpeg_dct_reduction (jpeg, height) >= 4;
  int max_diff;
  double mean;

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (ours), ==, (int) height);
  g_assert_false (gdk_pixbuf_get_has_alpha (ours));
  ref = pixbuf_loader_decode (jpeg, gdk_pixbuf_get_width (ours), (int) height);
  pixel_difference (ours, ref, &mean, &max_diff);
  g_test_message ("%s at %u px: mean difference %.3f, largest %d", what, height, mean, max_diff);
  if (cmyk ? (mean > 1.5 || max_diff > 2)
      : last_bit_skipped ? (mean > 1.5 || max_diff > 16)
      : max_diff > 0)
    g_error ("%s at %u px differs from gdk-pixbuf's decode: mean %.3f, largest %d",
             what, height, mean, max_diff);
}

/* Real covers in the four kinds the bench uses (baseline, progressive, greyscale, Adobe
 * CMYK, made from them by ImageMagick as build-aux/bench-thumbs does): a scanned comic
 * page of the fixtures and a bench-like noisy cover, decoded at sizes that take libjpeg's
 * 1/1, 1/2 and 1/4 DCT scaling, come out as gdk-pixbuf's loader makes them. */
static void
test_jpeg_like_gdk_pixbuf (void)
{
  static const char * const baseline[] = { "-quality", "90", "-sampling-factor", "2x2", NULL };
  static const char * const progressive[] = { "-quality", "90", "-sampling-factor", "2x2", "-interlace", "JPEG", NULL };
  static const char * const grey[] = { "-quality", "90", "-colorspace", "Gray", NULL };
  static const char * const cmyk[] = { "-quality", "90", "-colorspace", "CMYK", NULL };
  static const char * const bench[] = { "-seed", "4", "-size", "200x308", "plasma:orange-navy",
                                        "-resize", "800x1230!", "-attenuate", "0.4", "+noise", "Gaussian", NULL };
  static const struct { const char *name; const char * const *options; } kinds[] = {
    { "baseline", baseline }, { "progressive", progressive }, { "grey", grey }, { "cmyk", cmyk },
  };
  static const guint heights[] = { 400, 250, 150 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-decode-XXXXXX", &error);
  g_autofree char *scan_png = g_build_filename (dir, "scan.png", NULL);
  g_autofree char *bench_png = g_build_filename (dir, "bench.png", NULL);
  g_autofree char *convert = g_find_program_in_path ("convert");
  const char *sources[] = { scan_png, bench_png };

  g_assert_no_error (error);
  if (convert == NULL)
    {
      g_test_skip ("ImageMagick's convert is not installed");
      g_rmdir (dir);
      return;
    }
  if (!test_have_folder ("BINDERY_FIXTURES"))
    {
      g_rmdir (dir);
      return;
    }

  /* The sources as lossless PNG, so each kind is one JPEG encode of the same picture. */
  {
    g_autofree char *book = g_build_filename (g_getenv ("BINDERY_FIXTURES"), "comics", "science_comics_001.cbz", NULL);
    g_autoptr(GBytes) page = bindery_book_read_entry (book, BINDERY_BOOK_FORMAT_ZIP,
                                                      "Science_Comics_(Ace)_no.1_194601_pg00a.jpeg",
                                                      64 * 1024 * 1024, &error);
    g_autoptr(GdkPixbuf) decoded = NULL;
    g_autoptr(GBytes) png = NULL;
    g_autoptr(GBytes) made = NULL;

    g_assert_no_error (error);
    decoded = bindery_image_decode_to_fit (page, 0, 0, 0, &error);
    g_assert_no_error (error);
    png = test_make_png (decoded);
    g_assert_true (g_file_set_contents (scan_png, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error));
    g_assert_no_error (error);
    made = magick_jpeg (dir, NULL, bench, "bench.png");
    g_assert_true (g_file_set_contents (bench_png, g_bytes_get_data (made, NULL), g_bytes_get_size (made), &error));
    g_assert_no_error (error);
  }

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        g_autoptr(GBytes) jpeg = magick_jpeg (dir, sources[s], kinds[k].options, "cover.jpg");
        g_autofree char *what = g_strdup_printf ("%s cover, %s", s == 0 ? "scanned" : "bench", kinds[k].name);

        for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
          assert_like_gdk_pixbuf (jpeg, heights[h], kinds[k].options == cmyk,
                                  kinds[k].options == progressive, what);
      }

  g_unlink (scan_png);
  g_unlink (bench_png);
  g_rmdir (dir);
}

/* A picture with detail everywhere, as a scanned or noisy cover has: a smooth gradient
 * with pseudo-random noise of ±24 levels (fixed seed). */
static GdkPixbuf *
make_noisy_picture (int width, int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * rowstride + (gsize) x * 3;
        int base[3] = { 40 + 160 * x / width, 200 - 150 * y / height, 90 + 80 * (x + y) / (width + height) };

        for (int c = 0; c < 3; c++)
          p[c] = (guint8) CLAMP (base[c] + g_rand_int_range (rand, -24, 25), 0, 255);
      }
  return pixbuf;
}

/* A progressive JPEG reduced at least 4× in the DCT is decoded without the scans at its
 * end that only add the last bit of AC coefficients: its picture is exactly gdk-pixbuf's
 * decode of the same JPEG made without those three scans, and about a level from the
 * whole one's, and data cut short inside those scans is no error. Reduced 2× every scan
 * counts. Last-bit scans that another scan follows are decoded too. */
static void
test_jpeg_progressive_last_bit (void)
{
  static const guint without_last_bit[] = { 0, 1, 2, 3, 4, 5, 6 };
  static const guint dc_bit_last[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 6 };
  static const struct { guint height; guint reduction; } sizes[] = { { 600, 2 }, { 300, 4 }, { 150, 8 } };
  g_autoptr(GdkPixbuf) source = make_noisy_picture (800, 1230);
  g_autoptr(GBytes) whole = test_make_progressive_jpeg (source, NULL, 0);
  g_autoptr(GBytes) no_last_bit = test_make_progressive_jpeg (source, without_last_bit, G_N_ELEMENTS (without_last_bit));
  g_autoptr(GBytes) dc_last = test_make_progressive_jpeg (source, dc_bit_last, G_N_ELEMENTS (dc_bit_last));

  /* The last-bit scans are a big part of the file. */
  g_assert_cmpuint (g_bytes_get_size (no_last_bit), <, g_bytes_get_size (whole) * 3 / 4);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      guint height = sizes[i].height;
      gboolean skipped = sizes[i].reduction >= 4;
      g_autoptr(GdkPixbuf) ours = NULL;
      g_autoptr(GdkPixbuf) ours_dc_last = NULL;
      g_autoptr(GdkPixbuf) expected = NULL;
      g_autoptr(GdkPixbuf) from_whole = NULL;
      g_autoptr(GdkPixbuf) dc_last_ref = NULL;
      double mean;
      int largest;
      int width;

      g_assert_cmpuint (jpeg_dct_reduction (whole, height), ==, sizes[i].reduction);
      ours = bindery_image_decode_to_fit (whole, 0, height, 0, &error);
      g_assert_no_error (error);
      width = gdk_pixbuf_get_width (ours);
      expected = pixbuf_loader_decode (skipped ? no_last_bit : whole, width, (int) height);
      pixel_difference (ours, expected, &mean, &largest);
      g_test_message ("%u px (DCT 1/%u) against gdk-pixbuf's decode of %s: mean %.3f, largest %d",
                      height, sizes[i].reduction, skipped ? "the JPEG without last-bit scans" : "the whole JPEG",
                      mean, largest);
      g_assert_cmpint (largest, ==, 0);

      if (skipped)
        {
          from_whole = pixbuf_loader_decode (whole, width, (int) height);
          pixel_difference (ours, from_whole, &mean, &largest);
          g_test_message ("%u px against gdk-pixbuf's decode of the whole JPEG: mean %.3f, largest %d",
                          height, mean, largest);
          g_assert_cmpfloat (mean, >, 0.0);
          g_assert_cmpfloat (mean, <=, 1.5);
        }

      ours_dc_last = bindery_image_decode_to_fit (dc_last, 0, height, 0, &error);
      g_assert_no_error (error);
      dc_last_ref = pixbuf_loader_decode (dc_last, width, (int) height);
      pixel_difference (ours_dc_last, dc_last_ref, &mean, &largest);
      g_assert_cmpint (largest, ==, 0);

      /* Data cut short inside the last scan (luma's last bit, most of the last-bit
       * scans' bytes): the same picture where that scan is not read, the truncation
       * error where it is. */
      {
        gsize last_bit_bytes = g_bytes_get_size (whole) - g_bytes_get_size (no_last_bit);
        g_autoptr(GBytes) cut = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) - last_bit_bytes / 3);
        g_autoptr(GdkPixbuf) from_cut = bindery_image_decode_to_fit (cut, 0, height, 0, &error);

        if (skipped)
          {
            g_assert_no_error (error);
            pixel_difference (from_cut, ours, &mean, &largest);
            g_assert_cmpint (largest, ==, 0);
          }
        else
          {
            g_assert_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT);
            g_assert_nonnull (strstr (error->message, "truncated"));
            g_assert_null (from_cut);
          }
      }
    }
}

/* Data that ends inside the picture is an error saying so, for a baseline and a
 * progressive JPEG (libjpeg alone would fill the rest with grey); a JPEG missing only its
 * end marker still decodes. */
static void
test_jpeg_truncated (void)
{
  const gboolean progressive[] = { FALSE, TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (progressive); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) jpeg = test_make_jpeg (800, 1200, TEST_JPEG_RGB, progressive[i], 0, RED, BLUE);
      gsize len = g_bytes_get_size (jpeg);
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (jpeg, 0, len * 6 / 10);
      g_autoptr(GBytes) no_eoi = g_bytes_new_from_bytes (jpeg, 0, len - 2);
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      const guint8 *end = (const guint8 *) g_bytes_get_data (jpeg, NULL) + len - 2;

      g_assert_true (end[0] == 0xFF && end[1] == 0xD9);
      pixbuf = bindery_image_decode_to_fit (cut, 0, 300, 0, &error);
      g_assert_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT);
      g_assert_null (pixbuf);
      g_assert_nonnull (strstr (error->message, "truncated"));
      g_clear_error (&error);

      pixbuf = bindery_image_decode_to_fit (no_eoi, 0, 300, 0, &error);
      g_assert_no_error (error);
      assert_halves (pixbuf, RED, BLUE, 24);
    }
}

/* Garbage where the entropy-coded data should be: an error with libjpeg's reason, or a
 * picture; never a crash, never a message on stderr (checked by running it in a child). */
static void
test_jpeg_garbage (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) jpeg = test_make_jpeg (300, 400, TEST_JPEG_RGB, TRUE, 0, RED, BLUE);
      gsize len = g_bytes_get_size (jpeg);
      guint8 *data = g_memdup2 (g_bytes_get_data (jpeg, NULL), len);
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      guint8 *sof = NULL;

      /* A bad component count in the frame header: libjpeg's fatal error. */
      for (gsize i = 2; i + 10 < len; i++)
        if (data[i] == 0xFF && data[i + 1] == 0xC2)
          {
            sof = data + i;
            break;
          }
      g_assert_nonnull (sof);
      sof[9] = 0;
      bad = g_bytes_new_take (data, len);
      pixbuf = bindery_image_decode_to_fit (bad, 0, 200, 0, &error);
      g_assert_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT);
      g_assert_null (pixbuf);
      g_assert_nonnull (strstr (error->message, "cannot decode the JPEG image: "));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
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
  g_test_add_func ("/thumbs/decode/jpeg/plain-cmyk", test_jpeg_plain_cmyk);
  g_test_add_func ("/thumbs/decode/jpeg/like-gdk-pixbuf", test_jpeg_like_gdk_pixbuf);
  g_test_add_func ("/thumbs/decode/jpeg/progressive-last-bit", test_jpeg_progressive_last_bit);
  g_test_add_func ("/thumbs/decode/jpeg/truncated", test_jpeg_truncated);
  g_test_add_func ("/thumbs/decode/jpeg/garbage", test_jpeg_garbage);
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
