/* bindery-jpeg-decode.c: JPEG pages decoded by libjpeg(-turbo) at a reduced scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not through gdk-pixbuf's loader, for two reasons:
 * - a progressive JPEG: io-jpeg decodes in buffered-image mode and makes an output pass
 *   (block smoothing, reduced IDCT, colour conversion) after every scan, about ten per
 *   cover; here all scans are read into libjpeg's coefficient buffer and one output pass
 *   makes the picture. Measured on the bench's covers (callgrind, one thread): 27% fewer
 *   instructions per progressive cover; what remains is mostly libjpeg's progressive
 *   Huffman decoding, most of it the scans that add the last bit of AC coefficients,
 *   which are left out when the picture is reduced 4× or more (see decode_body);
 * - a CMYK JPEG: io-jpeg gives the picture an (opaque) alpha channel, which the WebP
 *   encoder then has to code; here CMYK comes out as RGB. (Those covers cost what they
 *   do mostly in libjpeg's Huffman decoding of four full-size planes: 2% fewer
 *   instructions.)
 * The scale is libjpeg's scaled DCT (1/2, 1/4, 1/8: the smallest picture still at least
 * the size asked), then gdk-pixbuf's bilinear filter, as gdk-pixbuf's loader does, so
 * baseline covers come out the same as before.
 *
 * Errors: libjpeg's fatal errors come back here through longjmp and become a
 * BINDERY_IMAGE_ERROR_CORRUPT with libjpeg's message; data that ends before the last row
 * of the picture is an error too (libjpeg would show the rest grey), while warnings libjpeg
 * recovers from (stray bytes before a marker, a missing end marker) are not. Data that
 * does not end with the end marker gets one added: libjpeg reads ahead, so the end of the
 * data alone says nothing about whether blocks are missing, and running into a marker
 * does. Nothing is printed on stderr.
 */
#define G_LOG_DOMAIN "bindery-thumbs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <setjmp.h>
#include <stdio.h>   /* jpeglib.h uses FILE and size_t without including them */
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

#include "bindery-image-decode-private.h"

/* A progressive JPEG may declare any number of scans, each a pass over the coefficients;
 * libjpeg-turbo's own tools stop at 500. */
#define MAX_PROGRESSIVE_SCANS 500

/* Marker codes jpeglib.h does not name (it has JPEG_EOI, JPEG_RST0, JPEG_APP0). */
#define MARKER_SOI 0xD8
#define MARKER_SOS 0xDA
#define MARKER_TEM 0x01

typedef struct {
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr         err;
  struct jpeg_progress_mgr      progress;
  jmp_buf                       jump;
  char                          message[JMSG_LENGTH_MAX];
  gboolean                      created;
  GdkPixbuf                    *pixbuf;    /* at libjpeg's scale, before the bilinear step */
  guint8                       *cmyk_row;
} JpegDecode;

/* The marker at data[*pos], fill bytes (0xFF) before it skipped: its code in *marker,
 * *pos moved to its 0xFF, and in *seg_len the length of its segment (0 for the markers
 * that have none: start and end of image, TEM, the restart markers). FALSE when the data
 * there is not a marker, or its segment runs past the end. */
static gboolean
jpeg_next_marker (const guint8 *data,
                  gsize         len,
                  gsize        *pos,
                  guint8       *marker,
                  gsize        *seg_len)
{
  gsize p = *pos;

  while (p + 1 < len && data[p] == 0xFF && data[p + 1] == 0xFF)
    p++;
  if (p + 2 > len || data[p] != 0xFF)
    return FALSE;
  *pos = p;
  *marker = data[p + 1];
  if (*marker == MARKER_SOI || *marker == JPEG_EOI || *marker == MARKER_TEM
      || (*marker >= JPEG_RST0 && *marker <= JPEG_RST0 + 7))
    {
      *seg_len = 0;
      return TRUE;
    }
  if (p + 4 > len)
    return FALSE;
  *seg_len = ((gsize) data[p + 2] << 8) | data[p + 3];
  return *seg_len >= 2 && p + 2 + *seg_len <= len;
}

/* The EXIF orientation (1 … 8) of a JPEG, read from its APP1 segment without
 * decoding anything; 1 when absent or unreadable (the scale is chosen before decoding,
 * and a turned picture fits the box the other way round). */
static guint
jpeg_exif_orientation (const guint8 *data,
                       gsize         len)
{
  gsize pos = 2, seg_len;
  guint8 marker;

  while (jpeg_next_marker (data, len, &pos, &marker, &seg_len))
    {
      if (marker == MARKER_SOS || marker == JPEG_EOI)
        return 1;

      if (marker == JPEG_APP0 + 1 && seg_len >= 2 + 6 + 8 && memcmp (data + pos + 4, "Exif\0\0", 6) == 0)
        {
          const guint8 *tiff = data + pos + 10;
          gsize tiff_len = seg_len - 8;
          gboolean le;
          guint32 ifd;
          guint n_entries;

#define RD16(p) (le ? (guint) ((p)[0] | ((p)[1] << 8)) : (guint) (((p)[0] << 8) | (p)[1]))
#define RD32(p) (le ? ((guint32) (p)[0] | ((guint32) (p)[1] << 8) | ((guint32) (p)[2] << 16) | ((guint32) (p)[3] << 24)) \
                    : (((guint32) (p)[0] << 24) | ((guint32) (p)[1] << 16) | ((guint32) (p)[2] << 8) | (guint32) (p)[3]))
          if (memcmp (tiff, "II", 2) == 0)
            le = TRUE;
          else if (memcmp (tiff, "MM", 2) == 0)
            le = FALSE;
          else
            return 1;
          if (RD16 (tiff + 2) != 42)
            return 1;
          ifd = RD32 (tiff + 4);
          if (ifd > tiff_len || tiff_len - ifd < 2)
            return 1;
          n_entries = RD16 (tiff + ifd);
          for (guint i = 0; i < n_entries; i++)
            {
              gsize entry = ifd + 2 + (gsize) i * 12;

              if (entry + 12 > tiff_len)
                return 1;
              if (RD16 (tiff + entry) == 0x0112 && RD16 (tiff + entry + 2) == 3)
                {
                  guint value = RD16 (tiff + entry + 8);
                  return value >= 1 && value <= 8 ? value : 1;
                }
            }
#undef RD16
#undef RD32
          return 1;
        }
      pos += 2 + seg_len;
    }
  return 1;
}

/* Where the last scans that only add the lowest bit of AC coefficients begin, in a
 * progressive JPEG: the offset of the first marker after the last scan that is not one,
 * or len when the data does not end with such scans (or cannot be followed). Such a scan
 * (spectral start ≥ 1, successive approximation Ah = 1, Al = 0) refines every AC
 * coefficient of its band by its last bit; most encoders put them last (libjpeg's default
 * script: "luma bottom bit comes last since it's usually largest scan"). */
static gsize
jpeg_lowest_bit_scans_start (const guint8 *data,
                             gsize         len)
{
  gsize pos = 2, after_scan = 0, start = len, seg_len;
  guint8 marker;

  if (len < 4 || data[0] != 0xFF || data[1] != MARKER_SOI)
    return len;

  while (jpeg_next_marker (data, len, &pos, &marker, &seg_len))
    {
      if (marker == JPEG_EOI)
        return after_scan != 0 ? start : len;

      if (marker == MARKER_SOS)
        {
          guint n_components = data[pos + 4];
          const guint8 *spectral = data + pos + 5 + 2 * (gsize) n_components;
          gsize p = pos + 2 + seg_len;

          if (seg_len != 6 + 2 * (gsize) n_components)
            return len;
          if (spectral[0] >= 1 && spectral[2] == 0x10)   /* Ss ≥ 1, Ah = 1, Al = 0 */
            {
              if (start == len && after_scan != 0)
                start = after_scan;
            }
          else
            start = len;

          /* The entropy-coded data runs to the first 0xFF not followed by a stuffed
           * zero or a restart marker. */
          for (;;)
            {
              const guint8 *ff = memchr (data + p, 0xFF, len - p);

              if (ff == NULL || (gsize) (ff - data) + 1 >= len)
                return len;
              p = (gsize) (ff - data);
              if (data[p + 1] != 0x00 && (data[p + 1] < JPEG_RST0 || data[p + 1] > JPEG_RST0 + 7))
                break;
              p += 2;
            }
          pos = after_scan = p;
          continue;
        }
      pos += 2 + seg_len;
    }
  return len;
}

static void
on_error_exit (j_common_ptr common)
{
  JpegDecode *d = common->client_data;

  common->err->format_message (common, d->message);
  longjmp (d->jump, 1);
}

static void
on_emit_message (j_common_ptr common,
                 int          msg_level)
{
  JpegDecode *d = common->client_data;

  if (msg_level >= 0)
    return;   /* trace messages */

  /* A scan's entropy-coded data ran into a marker (the end marker added after data cut
   * short, or damage) while blocks were still to decode: libjpeg would make the rest of
   * the picture up (grey, or a coarser picture for a progressive JPEG). A damaged page,
   * unless it happens in the last row of blocks. */
  if (common->err->msg_code == JWRN_HIT_MARKER
      && d->cinfo.input_iMCU_row + 1 < d->cinfo.total_iMCU_rows)
    {
      g_strlcpy (d->message, _("the data ends before the end of the picture (truncated file?)"),
                 sizeof d->message);
      longjmp (d->jump, 1);
    }
  common->err->num_warnings++;
}

static void
on_output_message (j_common_ptr common)
{
  /* Never on stderr: fatal errors become the GError, warnings are recovered from. */
}

static void
on_progress (j_common_ptr common)
{
  JpegDecode *d = common->client_data;

  if (d->cinfo.progressive_mode && d->cinfo.input_scan_number > MAX_PROGRESSIVE_SCANS)
    {
      g_snprintf (d->message, sizeof d->message,
                  _("more than %d progressive scans"), MAX_PROGRESSIVE_SCANS);
      longjmp (d->jump, 1);
    }
}

/* Adobe's convention (what Photoshop and ImageMagick write, with an APP14 "Adobe" marker)
 * stores CMYK inverted: 255 is no ink. Without the marker the values are ink amounts. */
static void
cmyk_row_to_rgb (const guint8 *cmyk,
                 guint8       *rgb,
                 guint         width,
                 gboolean      inverted)
{
  for (guint x = 0; x < width; x++, cmyk += 4, rgb += 3)
    {
      guint c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];

      if (!inverted)
        {
          c = 255 - c;
          m = 255 - m;
          y = 255 - y;
          k = 255 - k;
        }
      rgb[0] = (guint8) ((c * k + 127) / 255);
      rgb[1] = (guint8) ((m * k + 127) / 255);
      rgb[2] = (guint8) ((y * k + 127) / 255);
    }
}

/* The decoding proper; libjpeg's errors leave it by longjmp to decode_guarded, so nothing
 * here needs cleaning up beyond what d holds. FALSE with error set for errors of its own. */
static gboolean
decode_body (JpegDecode    *d,
             const guint8  *data,
             gsize          len,
             guint          max_width,
             guint          max_height,
             guint64        max_pixels,
             gboolean       transposed,
             guint         *want_width,
             guint         *want_height,
             GError       **error)
{
  j_decompress_ptr cinfo = &d->cinfo;
  guint8 *pixels;
  gsize rowstride;
  guint fit_w, fit_h;

  jpeg_create_decompress (cinfo);
  d->created = TRUE;
  d->progress.progress_monitor = on_progress;
  cinfo->progress = &d->progress;
  jpeg_mem_src (cinfo, data, len);

  if (jpeg_read_header (cinfo, TRUE) != JPEG_HEADER_OK)
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                           _("cannot decode the JPEG image: no picture in the data"));
      return FALSE;
    }

  /* Before anything is decoded or allocated for the picture. */
  if (cinfo->image_width == 0 || cinfo->image_height == 0
      || (guint64) cinfo->image_width * cinfo->image_height > max_pixels)
    {
      g_propagate_error (error, _bindery_image_too_large_error ((int) cinfo->image_width,
                                                                (int) cinfo->image_height,
                                                                max_pixels));
      return FALSE;
    }

  switch (cinfo->jpeg_color_space)
    {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB:
      cinfo->out_color_space = JCS_RGB;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      cinfo->out_color_space = JCS_CMYK;
      break;
    default:
      g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_UNSUPPORTED,
                   _("JPEG images with %d colour components of unknown meaning are not supported"),
                   cinfo->num_components);
      return FALSE;
    }

  if (transposed)
    bindery_image_fit_size (cinfo->image_height, cinfo->image_width, max_width, max_height, &fit_h, &fit_w);
  else
    bindery_image_fit_size (cinfo->image_width, cinfo->image_height, max_width, max_height, &fit_w, &fit_h);
  *want_width = fit_w;
  *want_height = fit_h;

  /* The largest DCT reduction whose picture is still at least the size wanted. */
  cinfo->scale_num = 1;
  for (cinfo->scale_denom = 8; cinfo->scale_denom > 1; cinfo->scale_denom /= 2)
    {
      jpeg_calc_output_dimensions (cinfo);
      if (cinfo->output_width >= fit_w && cinfo->output_height >= fit_h)
        break;
    }
  /* Coefficients are complete when the output pass runs: no smoothing to guess them. */
  cinfo->do_block_smoothing = FALSE;

  /* A progressive JPEG reduced at least 4× in the DCT: the scans that only add the last
   * bit of AC coefficients are not decoded, the source ends before them. They are the
   * costliest part of the file to decode (libjpeg's progressive refinement decoding;
   * about half the bytes of the bench's covers and a third of their CPU time), and at
   * this scale they change a pixel by about 1 in 255 on average (at most 10 on the
   * bench's noisy cover): the bench cover's WebP thumbnail is 34.05 dB (PSNR) from a
   * downscale of the whole picture by ImageMagick, against 34.11 dB with every scan.
   * At a 2× reduction the change is about twice that, so there every scan is decoded. */
  if (cinfo->progressive_mode && cinfo->scale_denom >= 4)
    {
      gsize start = jpeg_lowest_bit_scans_start (data, len);
      struct jpeg_source_mgr *src = cinfo->src;

      /* The header is read, the first scan not yet; jpeg_mem_src's buffer is the data
       * itself, and at its end it gives libjpeg an end marker (with a warning). */
      if (start < len && src->next_input_byte >= data && src->next_input_byte <= data + start
          && src->next_input_byte + src->bytes_in_buffer == data + len)
        src->bytes_in_buffer = (gsize) (data + start - src->next_input_byte);
    }

  /* Reads every scan of a progressive JPEG into the coefficient buffer, then sets up
   * the one output pass. */
  jpeg_start_decompress (cinfo);

  d->pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                              (int) cinfo->output_width, (int) cinfo->output_height);
  if (d->pixbuf == NULL)
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                           _("not enough memory for the decoded image"));
      return FALSE;
    }
  pixels = gdk_pixbuf_get_pixels (d->pixbuf);
  rowstride = (gsize) gdk_pixbuf_get_rowstride (d->pixbuf);

  if (cinfo->out_color_space == JCS_CMYK)
    {
      d->cmyk_row = g_malloc ((gsize) cinfo->output_width * 4);
      while (cinfo->output_scanline < cinfo->output_height)
        {
          guint8 *row = pixels + cinfo->output_scanline * rowstride;
          JSAMPROW rows[1] = { d->cmyk_row };

          if (jpeg_read_scanlines (cinfo, rows, 1) != 1)
            break;
          cmyk_row_to_rgb (d->cmyk_row, row, cinfo->output_width, cinfo->saw_Adobe_marker);
        }
    }
  else
    {
      while (cinfo->output_scanline < cinfo->output_height)
        {
          JSAMPROW rows[4];
          guint n = MIN ((guint) cinfo->rec_outbuf_height, G_N_ELEMENTS (rows));

          n = MIN (n, cinfo->output_height - cinfo->output_scanline);
          for (guint i = 0; i < n; i++)
            rows[i] = pixels + (cinfo->output_scanline + i) * rowstride;
          if (jpeg_read_scanlines (cinfo, rows, n) == 0)
            break;
        }
    }

  if (cinfo->output_scanline < cinfo->output_height)
    {
      g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                   _("cannot decode the JPEG image: only %u of %u rows decoded"),
                   (guint) cinfo->output_scanline, (guint) cinfo->output_height);
      return FALSE;
    }
  /* Not jpeg_finish_decompress: whatever follows the last row (a missing end marker,
   * trailing bytes) does not matter to the picture. */
  return TRUE;
}

static gboolean
decode_guarded (JpegDecode    *d,
                const guint8  *data,
                gsize          len,
                guint          max_width,
                guint          max_height,
                guint64        max_pixels,
                gboolean       transposed,
                guint         *want_width,
                guint         *want_height,
                GError       **error)
{
  if (setjmp (d->jump) != 0)
    {
      g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                   _("cannot decode the JPEG image: %s"), d->message);
      return FALSE;
    }
  return decode_body (d, data, len, max_width, max_height, max_pixels, transposed,
                      want_width, want_height, error);
}

GdkPixbuf *
_bindery_jpeg_decode_to_fit (const guint8  *data,
                             gsize          len,
                             guint          max_width,
                             guint          max_height,
                             guint64        max_pixels,
                             GError       **error)
{
  JpegDecode *d = g_new0 (JpegDecode, 1);
  guint orientation = jpeg_exif_orientation (data, len);
  guint want_width = 0, want_height = 0;
  g_autofree guint8 *ended = NULL;
  GdkPixbuf *pixbuf = NULL;

  if (len < 2 || data[len - 2] != 0xFF || data[len - 1] != JPEG_EOI)
    {
      ended = g_malloc (len + 2);
      memcpy (ended, data, len);
      ended[len] = 0xFF;
      ended[len + 1] = JPEG_EOI;
      data = ended;
      len += 2;
    }

  d->cinfo.err = jpeg_std_error (&d->err);
  d->err.error_exit = on_error_exit;
  d->err.emit_message = on_emit_message;
  d->err.output_message = on_output_message;
  d->cinfo.client_data = d;

  if (decode_guarded (d, data, len, max_width, max_height, max_pixels, orientation >= 5,
                      &want_width, &want_height, error))
    pixbuf = g_steal_pointer (&d->pixbuf);

  if (d->created)
    jpeg_destroy_decompress (&d->cinfo);
  g_clear_object (&d->pixbuf);
  g_free (d->cmyk_row);
  g_free (d);

  if (pixbuf == NULL)
    return NULL;
  return _bindery_image_finish (pixbuf, want_width, want_height, orientation, error);
}
