/* bindery-webp-encode.c: encoding a thumbnail as lossy WebP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-thumbs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <webp/encode.h>

#include "bindery-webp-encode.h"

G_DEFINE_QUARK (bindery-webp-error-quark, bindery_webp_error)

static const char *
encoding_error_message (WebPEncodingError code)
{
  switch (code)
    {
    case VP8_ENC_ERROR_OUT_OF_MEMORY:
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY:
      return "out of memory";
    case VP8_ENC_ERROR_BAD_DIMENSION:
      return "bad picture dimensions";
    case VP8_ENC_ERROR_FILE_TOO_BIG:
      return "picture too big";
    case VP8_ENC_ERROR_NULL_PARAMETER:
    case VP8_ENC_ERROR_INVALID_CONFIGURATION:
      return "invalid encoder configuration";
    case VP8_ENC_OK:
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW:
    case VP8_ENC_ERROR_PARTITION_OVERFLOW:
    case VP8_ENC_ERROR_BAD_WRITE:
    case VP8_ENC_ERROR_USER_ABORT:
    case VP8_ENC_ERROR_LAST:
    default:
      return "encoder failure";
    }
}

static void
free_webp_memory (gpointer data)
{
  WebPFree (data);
}

GBytes *
bindery_webp_encode (GdkPixbuf  *pixbuf,
                     guint       quality,
                     GError    **error)
{
  return bindery_webp_encode_with_method (pixbuf, quality, BINDERY_WEBP_METHOD, error);
}

GBytes *
bindery_webp_encode_with_method (GdkPixbuf  *pixbuf,
                                 guint       quality,
                                 guint       method,
                                 GError    **error)
{
  WebPConfig config;
  WebPPicture picture;
  WebPMemoryWriter writer;
  gboolean has_alpha;
  int imported;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);
  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  quality = CLAMP (quality, 1, 100);

  if (!WebPConfigInit (&config) || !WebPPictureInit (&picture))
    {
      g_set_error_literal (error, BINDERY_WEBP_ERROR, BINDERY_WEBP_ERROR_FAILED,
                           _("libwebp version mismatch"));
      return NULL;
    }
  config.quality = (float) quality;
  config.method = (int) MIN (method, 6);
  if (!WebPValidateConfig (&config))
    {
      g_set_error_literal (error, BINDERY_WEBP_ERROR, BINDERY_WEBP_ERROR_FAILED,
                           _("invalid WebP encoder configuration"));
      return NULL;
    }

  has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  picture.use_argb = 0;   /* lossy: straight to YUV */
  picture.width = gdk_pixbuf_get_width (pixbuf);
  picture.height = gdk_pixbuf_get_height (pixbuf);
  if (has_alpha)
    imported = WebPPictureImportRGBA (&picture, gdk_pixbuf_read_pixels (pixbuf),
                                      gdk_pixbuf_get_rowstride (pixbuf));
  else
    imported = WebPPictureImportRGB (&picture, gdk_pixbuf_read_pixels (pixbuf),
                                     gdk_pixbuf_get_rowstride (pixbuf));
  if (!imported)
    {
      g_set_error (error, BINDERY_WEBP_ERROR, BINDERY_WEBP_ERROR_FAILED,
                   _("cannot encode WebP: %s"), encoding_error_message (picture.error_code));
      WebPPictureFree (&picture);
      return NULL;
    }

  WebPMemoryWriterInit (&writer);
  picture.writer = WebPMemoryWrite;
  picture.custom_ptr = &writer;

  if (!WebPEncode (&config, &picture))
    {
      g_set_error (error, BINDERY_WEBP_ERROR, BINDERY_WEBP_ERROR_FAILED,
                   _("cannot encode WebP: %s"), encoding_error_message (picture.error_code));
      WebPPictureFree (&picture);
      WebPMemoryWriterClear (&writer);
      return NULL;
    }
  WebPPictureFree (&picture);

  return g_bytes_new_with_free_func (writer.mem, writer.size, free_webp_memory, writer.mem);
}
