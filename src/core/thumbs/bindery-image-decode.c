/* bindery-image-decode.c: decoding one page image at a reduced scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-thumbs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>
#include <webp/decode.h>

#include "bindery-image-decode-private.h"

G_DEFINE_QUARK (bindery-image-error-quark, bindery_image_error)

typedef enum {
  IMAGE_KIND_OTHER,
  IMAGE_KIND_JPEG,
  IMAGE_KIND_WEBP,
  IMAGE_KIND_AVIF,
  IMAGE_KIND_JXL,
} ImageKind;

static ImageKind
sniff_kind (const guint8 *data,
            gsize         len)
{
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return IMAGE_KIND_JPEG;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return IMAGE_KIND_WEBP;
  if (len >= 12 && memcmp (data + 4, "ftyp", 4) == 0
      && (memcmp (data + 8, "avif", 4) == 0 || memcmp (data + 8, "avis", 4) == 0))
    return IMAGE_KIND_AVIF;
  if ((len >= 2 && data[0] == 0xFF && data[1] == 0x0A)
      || (len >= 12 && memcmp (data, "\0\0\0\x0CJXL \r\n\x87\n", 12) == 0))
    return IMAGE_KIND_JXL;
  return IMAGE_KIND_OTHER;
}

void
bindery_image_fit_size (guint  src_width,
                        guint  src_height,
                        guint  max_width,
                        guint  max_height,
                        guint *out_width,
                        guint *out_height)
{
  gboolean over_w = max_width > 0 && src_width > max_width;
  gboolean over_h = max_height > 0 && src_height > max_height;
  guint w = src_width;
  guint h = src_height;

  if (over_w || over_h)
    {
      /* The binding side is the one with the smaller ratio max/src. */
      gboolean by_height = over_h
        && (!over_w || (guint64) max_height * src_width <= (guint64) max_width * src_height);

      if (by_height)
        {
          h = max_height;
          w = (guint) (((guint64) src_width * max_height + src_height / 2) / src_height);
        }
      else
        {
          w = max_width;
          h = (guint) (((guint64) src_height * max_width + src_width / 2) / src_width);
        }
      w = MAX (w, 1);
      h = MAX (h, 1);
    }

  *out_width = w;
  *out_height = h;
}

typedef struct {
  guint    max_width;
  guint    max_height;
  guint64  max_pixels;
  int      src_width;
  int      src_height;
  gboolean too_large;
  guint    want_width;   /* unoriented size asked of the loader */
  guint    want_height;
} SizeRequest;

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeRequest *req = user_data;
  guint fit_w, fit_h;

  req->src_width = width;
  req->src_height = height;

  if (width <= 0 || height <= 0 || (guint64) width * (guint64) height > req->max_pixels)
    {
      /* A zero size makes every gdk-pixbuf loader stop before allocating. */
      req->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  bindery_image_fit_size (width, height, req->max_width, req->max_height, &fit_w, &fit_h);
  req->want_width = fit_w;
  req->want_height = fit_h;
  if (fit_w != (guint) width || fit_h != (guint) height)
    gdk_pixbuf_loader_set_size (loader, fit_w, fit_h);
}

GError *
_bindery_image_too_large_error (int      width,
                                int      height,
                                guint64  max_pixels)
{
  return g_error_new (BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                      _("image of %d × %d pixels is above the limit of %.0f megapixels; not decoded"),
                      width, height, (double) max_pixels / 1e6);
}

GdkPixbuf *
_bindery_image_finish (GdkPixbuf  *pixbuf,
                       guint       want_width,
                       guint       want_height,
                       guint       orientation,
                       GError    **error)
{
  g_autoptr(GdkPixbuf) result = pixbuf;

  if (want_width > 0
      && ((guint) gdk_pixbuf_get_width (result) != want_width
          || (guint) gdk_pixbuf_get_height (result) != want_height))
    {
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (result, (int) want_width, (int) want_height,
                                                   GDK_INTERP_BILINEAR);
      if (scaled == NULL)
        {
          g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                               _("not enough memory to scale the image"));
          return NULL;
        }
      g_set_object (&result, scaled);
      g_object_unref (scaled);
    }

  if (orientation > 1 && gdk_pixbuf_get_option (result, "orientation") == NULL)
    {
      char value[2] = { (char) ('0' + orientation), '\0' };
      gdk_pixbuf_set_option (result, "orientation", value);
    }
  if (gdk_pixbuf_get_option (result, "orientation") != NULL)
    {
      GdkPixbuf *oriented = gdk_pixbuf_apply_embedded_orientation (result);
      if (oriented == NULL)
        {
          g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                               _("not enough memory to rotate the image"));
          return NULL;
        }
      g_set_object (&result, oriented);
      g_object_unref (oriented);
    }

  return g_steal_pointer (&result);
}

static GdkPixbuf *
decode_with_pixbuf_loader (const guint8  *data,
                           gsize          len,
                           ImageKind      kind,
                           guint          max_width,
                           guint          max_height,
                           guint64        max_pixels,
                           GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;
  SizeRequest req = { max_width, max_height, max_pixels, 0, 0, FALSE, 0, 0 };
  gboolean ok;

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &req);

  /* All the data in one write; a loader that honours the size request scales while it
   * decodes, the rest are scaled by _bindery_image_finish. */
  ok = gdk_pixbuf_loader_write (loader, data, len, &local_error);
  /* Always close: a loader dropped unclosed warns. After a failed write it is closed already. */
  if (ok)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (req.too_large)
    {
      g_propagate_error (error, _bindery_image_too_large_error (req.src_width, req.src_height, max_pixels));
      return NULL;
    }
  if (!ok)
    {
      if (g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
        {
          const char *what = kind == IMAGE_KIND_AVIF ? "AVIF"
                           : kind == IMAGE_KIND_JXL ? "JPEG XL" : NULL;
          if (what != NULL)
            g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_UNSUPPORTED,
                         _("no decoder for %s images is installed"), what);
          else
            g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_UNSUPPORTED,
                         _("unrecognised image format: %s"), local_error->message);
        }
      else
        {
          g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                       _("cannot decode the image: %s"), local_error->message);
        }
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                           _("cannot decode the image: no picture in the data"));
      return NULL;
    }
  /* A loader that ignored the size request is scaled here; an EXIF orientation the
   * loader found (the "orientation" option) is applied. */
  return _bindery_image_finish (g_object_ref (pixbuf), req.want_width, req.want_height, 1, error);
}

static const char *
webp_status_message (VP8StatusCode status)
{
  switch (status)
    {
    case VP8_STATUS_OUT_OF_MEMORY:
      return "out of memory";
    case VP8_STATUS_INVALID_PARAM:
      return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR:
      return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return "unsupported feature";
    case VP8_STATUS_SUSPENDED:
      return "suspended";
    case VP8_STATUS_USER_ABORT:
      return "aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return "truncated data";
    case VP8_STATUS_OK:
      return "ok";
    default:
      return "unknown error";
    }
}

static GdkPixbuf *
decode_webp (const guint8  *data,
             gsize          len,
             guint          max_width,
             guint          max_height,
             guint64        max_pixels,
             GError       **error)
{
  WebPDecoderConfig config;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  VP8StatusCode status;
  guint w, h;

  if (!WebPInitDecoderConfig (&config))
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_UNSUPPORTED,
                           _("libwebp version mismatch"));
      return NULL;
    }

  status = WebPGetFeatures (data, len, &config.input);
  if (status != VP8_STATUS_OK)
    {
      g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                   _("cannot read the WebP header: %s"), webp_status_message (status));
      return NULL;
    }
  if (config.input.width <= 0 || config.input.height <= 0
      || (guint64) config.input.width * (guint64) config.input.height > max_pixels)
    {
      g_propagate_error (error, _bindery_image_too_large_error (config.input.width, config.input.height, max_pixels));
      return NULL;
    }
  if (config.input.has_animation)
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_UNSUPPORTED,
                           _("animated WebP images are not supported"));
      return NULL;
    }

  bindery_image_fit_size (config.input.width, config.input.height, max_width, max_height, &w, &h);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, config.input.has_alpha, 8, w, h);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                           _("not enough memory for the decoded image"));
      return NULL;
    }

  if (w != (guint) config.input.width || h != (guint) config.input.height)
    {
      config.options.use_scaling = 1;
      config.options.scaled_width = w;
      config.options.scaled_height = h;
    }
  config.output.colorspace = config.input.has_alpha ? MODE_RGBA : MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = gdk_pixbuf_get_pixels (pixbuf);
  config.output.u.RGBA.stride = gdk_pixbuf_get_rowstride (pixbuf);
  config.output.u.RGBA.size = gdk_pixbuf_get_byte_length (pixbuf);

  status = WebPDecode (data, len, &config);
  WebPFreeDecBuffer (&config.output);
  if (status != VP8_STATUS_OK)
    {
      g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                   _("cannot decode the WebP image: %s"), webp_status_message (status));
      return NULL;
    }

  return g_steal_pointer (&pixbuf);
}

GdkPixbuf *
bindery_image_decode_to_fit (GBytes   *data,
                             guint     max_width,
                             guint     max_height,
                             guint64   max_pixels,
                             GError  **error)
{
  const guint8 *bytes;
  gsize len;
  ImageKind kind;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_pixels == 0)
    max_pixels = BINDERY_IMAGE_DEFAULT_MAX_PIXELS;

  bytes = g_bytes_get_data (data, &len);
  if (len == 0)
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_CORRUPT,
                           _("the image is empty"));
      return NULL;
    }

  kind = sniff_kind (bytes, len);
  if (kind == IMAGE_KIND_JPEG)
    return _bindery_jpeg_decode_to_fit (bytes, len, max_width, max_height, max_pixels, error);
  if (kind == IMAGE_KIND_WEBP)
    return decode_webp (bytes, len, max_width, max_height, max_pixels, error);
  return decode_with_pixbuf_loader (bytes, len, kind, max_width, max_height, max_pixels, error);
}

static GHashTable *
decodable_extensions (void)
{
  static GHashTable *extensions = NULL;

  if (g_once_init_enter (&extensions))
    {
      GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GSList *formats = gdk_pixbuf_get_formats ();

      for (GSList *l = formats; l != NULL; l = l->next)
        {
          g_auto(GStrv) exts = gdk_pixbuf_format_get_extensions (l->data);
          for (guint i = 0; exts != NULL && exts[i] != NULL; i++)
            g_hash_table_add (set, g_ascii_strdown (exts[i], -1));
        }
      g_slist_free (formats);
      g_hash_table_add (set, g_strdup ("webp"));
      g_once_init_leave (&extensions, set);
    }
  return extensions;
}

gboolean
bindery_image_name_is_decodable (const char *entry_name)
{
  const char *dot;
  g_autofree char *ext = NULL;

  g_return_val_if_fail (entry_name != NULL, FALSE);

  dot = strrchr (entry_name, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;
  ext = g_ascii_strdown (dot + 1, -1);
  return g_hash_table_contains (decodable_extensions (), ext);
}
