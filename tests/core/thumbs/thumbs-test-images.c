/* thumbs-test-images.c: pictures made for the thumbnail tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

#include "thumbs-test-images.h"

static void
append_u16 (GByteArray *array, guint v, gboolean le)
{
  guint8 b[2] = { le ? v & 0xFF : v >> 8, le ? v >> 8 : v & 0xFF };
  g_byte_array_append (array, b, 2);
}

static void
append_u32 (GByteArray *array, guint32 v, gboolean le)
{
  guint8 b[4];
  for (int i = 0; i < 4; i++)
    b[i] = le ? (v >> (8 * i)) & 0xFF : (v >> (8 * (3 - i))) & 0xFF;
  g_byte_array_append (array, b, 4);
}

/* "Exif\0\0" + a big-endian TIFF header with one IFD0 entry: Orientation. */
static GByteArray *
make_exif (guint orientation)
{
  GByteArray *exif = g_byte_array_new ();

  g_byte_array_append (exif, (const guint8 *) "Exif\0\0MM", 8);
  append_u16 (exif, 42, FALSE);
  append_u32 (exif, 8, FALSE);        /* IFD0 offset */
  append_u16 (exif, 1, FALSE);        /* one entry */
  append_u16 (exif, 0x0112, FALSE);   /* Orientation */
  append_u16 (exif, 3, FALSE);        /* SHORT */
  append_u32 (exif, 1, FALSE);
  append_u16 (exif, orientation, FALSE);
  append_u16 (exif, 0, FALSE);
  append_u32 (exif, 0, FALSE);        /* no next IFD */
  return exif;
}

GBytes *
test_make_jpeg (guint          width,
                guint          height,
                TestJpegColor  color,
                gboolean       progressive,
                guint          orientation,
                guint32        left,
                guint32        right)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *out = NULL;
  unsigned long out_len = 0;
  int components;
  guint8 *row;
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &out, &out_len);

  cinfo.image_width = width;
  cinfo.image_height = height;
  switch (color)
    {
    case TEST_JPEG_GRAY:
      cinfo.input_components = 1;
      cinfo.in_color_space = JCS_GRAYSCALE;
      break;
    case TEST_JPEG_CMYK_ADOBE:
    case TEST_JPEG_CMYK_PLAIN:
      cinfo.input_components = 4;
      cinfo.in_color_space = JCS_CMYK;
      break;
    case TEST_JPEG_RGB:
    default:
      cinfo.input_components = 3;
      cinfo.in_color_space = JCS_RGB;
      break;
    }
  components = cinfo.input_components;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 90, TRUE);
  if (color == TEST_JPEG_CMYK_PLAIN)
    cinfo.write_Adobe_marker = FALSE;
  if (progressive)
    jpeg_simple_progression (&cinfo);
  jpeg_start_compress (&cinfo, TRUE);

  if (orientation > 0)
    {
      g_autoptr(GByteArray) exif = make_exif (orientation);
      jpeg_write_marker (&cinfo, JPEG_APP0 + 1, exif->data, exif->len);
    }

  row = g_malloc ((gsize) width * components);
  for (guint x = 0; x < width; x++)
    {
      guint32 c = x < width / 2 ? left : right;
      guint r = (c >> 16) & 0xFF, g = (c >> 8) & 0xFF, b = c & 0xFF;
      guint8 *p = row + (gsize) x * components;

      switch (color)
        {
        case TEST_JPEG_GRAY:
          p[0] = (guint8) ((r * 299 + g * 587 + b * 114) / 1000);
          break;
        case TEST_JPEG_CMYK_ADOBE:
        case TEST_JPEG_CMYK_PLAIN:
          {
            guint k = 255 - MAX (r, MAX (g, b));
            guint cc = k == 255 ? 0 : (255 - r - k) * 255 / (255 - k);
            guint m = k == 255 ? 0 : (255 - g - k) * 255 / (255 - k);
            guint y = k == 255 ? 0 : (255 - b - k) * 255 / (255 - k);
            /* Adobe CMYK is stored inverted */
            gboolean inv = color == TEST_JPEG_CMYK_ADOBE;
            p[0] = inv ? 255 - cc : cc;
            p[1] = inv ? 255 - m : m;
            p[2] = inv ? 255 - y : y;
            p[3] = inv ? 255 - k : k;
          }
          break;
        case TEST_JPEG_RGB:
        default:
          p[0] = r;
          p[1] = g;
          p[2] = b;
          break;
        }
    }
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW rows[1] = { row };
      jpeg_write_scanlines (&cinfo, rows, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  g_free (row);

  bytes = g_bytes_new (out, out_len);
  free (out);
  return bytes;
}

GBytes *
test_make_progressive_jpeg (GdkPixbuf   *pixbuf,
                            const guint *order,
                            guint        n_order)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *out = NULL;
  unsigned long out_len = 0;
  g_autofree jpeg_scan_info *scans = NULL;
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  GBytes *bytes;

  g_assert_cmpint (gdk_pixbuf_get_n_channels (pixbuf), ==, 3);
  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &out, &out_len);
  cinfo.image_width = (JDIMENSION) gdk_pixbuf_get_width (pixbuf);
  cinfo.image_height = (JDIMENSION) gdk_pixbuf_get_height (pixbuf);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 90, TRUE);
  jpeg_simple_progression (&cinfo);
  g_assert_cmpint (cinfo.num_scans, ==, 10);
  if (order != NULL)
    {
      scans = g_new (jpeg_scan_info, n_order);
      for (guint i = 0; i < n_order; i++)
        {
          g_assert_cmpuint (order[i], <, 10);
          scans[i] = cinfo.scan_info[order[i]];
        }
      cinfo.scan_info = scans;
      cinfo.num_scans = (int) n_order;
    }
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW rows[1] = { (JSAMPROW) (pixels + (gsize) cinfo.next_scanline * rowstride) };
      jpeg_write_scanlines (&cinfo, rows, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);

  bytes = g_bytes_new (out, out_len);
  free (out);
  return bytes;
}

guint32
test_pixel (GdkPixbuf *pixbuf,
            int        x,
            int        y,
            guint     *alpha)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf)
                    + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf)
                    + (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  if (alpha != NULL)
    *alpha = gdk_pixbuf_get_has_alpha (pixbuf) ? p[3] : 255;
  return ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2];
}

gboolean
test_color_near (guint32 a,
                 guint32 b,
                 guint   tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    {
      int ca = (a >> shift) & 0xFF, cb = (b >> shift) & 0xFF;
      if ((guint) ABS (ca - cb) > tolerance)
        return FALSE;
    }
  return TRUE;
}

GBytes *
test_make_png (GdkPixbuf *pixbuf)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize len = 0;

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

static guint32
crc32_of (const guint8 *data, gsize len)
{
  guint32 crc = 0xFFFFFFFF;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
    }
  return crc ^ 0xFFFFFFFF;
}

GBytes *
test_make_png_header (guint32 width,
                      guint32 height)
{
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[17];
  guint8 tail[5] = { 8, 2, 0, 0, 0 };   /* 8-bit RGB, deflate, no filter, no interlace */
  guint32 crc;

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  append_u32 (png, 13, FALSE);
  memcpy (ihdr, "IHDR", 4);
  for (int i = 0; i < 4; i++)
    {
      ihdr[4 + i] = (width >> (8 * (3 - i))) & 0xFF;
      ihdr[8 + i] = (height >> (8 * (3 - i))) & 0xFF;
    }
  memcpy (ihdr + 12, tail, 5);
  g_byte_array_append (png, ihdr, sizeof ihdr);
  crc = crc32_of (ihdr, sizeof ihdr);
  append_u32 (png, crc, FALSE);
  /* libpng reports the header only once it meets the first IDAT: add a tiny one
   * (a zlib stream of nothing; far too little data for the image) and IEND. */
  {
    static const guint8 idat[] = { 'I', 'D', 'A', 'T', 0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 };
    static const guint8 iend[] = { 'I', 'E', 'N', 'D' };

    append_u32 (png, sizeof idat - 4, FALSE);
    g_byte_array_append (png, idat, sizeof idat);
    append_u32 (png, crc32_of (idat, sizeof idat), FALSE);
    append_u32 (png, 0, FALSE);
    g_byte_array_append (png, iend, sizeof iend);
    append_u32 (png, crc32_of (iend, sizeof iend), FALSE);
  }
  return g_byte_array_free_to_bytes (png);
}
