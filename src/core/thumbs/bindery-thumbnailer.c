/* bindery-thumbnailer.c: one book → its cover picture at thumbnail size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-thumbs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <poppler.h>

#include "bindery-image-decode.h"
#include "bindery-thumbnailer.h"

G_DEFINE_QUARK (bindery-thumbnailer-error-quark, bindery_thumbnailer_error)

void
bindery_cover_free (BinderyCover *cover)
{
  if (cover == NULL)
    return;
  g_clear_object (&cover->pixbuf);
  g_clear_pointer (&cover->source_entry, g_free);
  g_clear_pointer (&cover->warnings, g_ptr_array_unref);
  g_free (cover);
}

static BinderyCover *
cover_new (void)
{
  BinderyCover *cover = g_new0 (BinderyCover, 1);

  cover->warnings = g_ptr_array_new_with_free_func (g_free);
  return cover;
}

/* Entry names are raw bytes; messages show them valid UTF-8. */
static char *
display_entry (const char *entry)
{
  return g_utf8_make_valid (entry, -1);
}

/* --- PDF ------------------------------------------------------------------------ */

static GdkPixbuf *
pixbuf_from_rgb24_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int src_stride = cairo_image_surface_get_stride (surface);
  const guint8 *src = cairo_image_surface_get_data (surface);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *dst;
  int dst_stride;

  if (pixbuf == NULL)
    return NULL;
  dst = gdk_pixbuf_get_pixels (pixbuf);
  dst_stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    {
      const guint32 *s = (const guint32 *) (gconstpointer) (src + (gsize) y * src_stride);
      guint8 *d = dst + (gsize) y * dst_stride;

      for (int x = 0; x < width; x++)
        {
          guint32 p = s[x];   /* xRGB in native endianness */
          d[3 * x + 0] = (p >> 16) & 0xFF;
          d[3 * x + 1] = (p >> 8) & 0xFF;
          d[3 * x + 2] = p & 0xFF;
        }
    }
  return pixbuf;
}

static BinderyCover *
render_pdf_page (PopplerPage               *page,
                 const BinderyCoverRequest *request,
                 GError                   **error)
{
  g_autoptr(BinderyCover) cover = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_w, page_h, scale;
  guint64 max_pixels = request->max_pixels ? request->max_pixels : BINDERY_IMAGE_DEFAULT_MAX_PIXELS;
  int w, h;

  poppler_page_get_size (page, &page_w, &page_h);
  if (!(page_w > 0 && page_h > 0))
    {
      g_set_error_literal (error, BINDERY_THUMBNAILER_ERROR, BINDERY_THUMBNAILER_ERROR_UNDECODABLE,
                           _("page 1 of the PDF has no size"));
      return NULL;
    }

  /* A page is vector art: render it straight at the size asked (72 dpi when unbounded). */
  scale = G_MAXDOUBLE;
  if (request->max_width > 0)
    scale = MIN (scale, request->max_width / page_w);
  if (request->max_height > 0)
    scale = MIN (scale, request->max_height / page_h);
  if (scale == G_MAXDOUBLE)
    scale = 1.0;
  w = (int) CLAMP (round (page_w * scale), 1, request->max_width ? request->max_width : G_MAXINT / 4);
  h = (int) CLAMP (round (page_h * scale), 1, request->max_height ? request->max_height : G_MAXINT / 4);
  if ((guint64) w * (guint64) h > max_pixels)
    {
      g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                   _("page 1 would be %d × %d pixels, above the limit of %.0f megapixels"),
                   w, h, (double) max_pixels / 1e6);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                   _("cannot render page 1: %s"), cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  cairo_scale (cr, w / page_w, h / page_h);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  cover = cover_new ();
  cover->pixbuf = pixbuf_from_rgb24_surface (surface);
  cairo_surface_destroy (surface);
  if (cover->pixbuf == NULL)
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_TOO_LARGE,
                           _("not enough memory for page 1"));
      return NULL;
    }
  return g_steal_pointer (&cover);
}

static BinderyCover *
render_pdf (const char                *path,
            const BinderyCoverRequest *request,
            GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  PopplerDocument *document;
  PopplerPage *page = NULL;
  BinderyCover *cover = NULL;

  uri = g_filename_to_uri (path, NULL, error);
  if (uri == NULL)
    return NULL;

  document = poppler_document_new_from_file (uri, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED,
                     _("the PDF is encrypted: %s"), local_error->message);
      else
        g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                     _("cannot open the PDF: %s"), local_error->message);
      return NULL;
    }

  if (poppler_document_get_n_pages (document) > 0)
    page = poppler_document_get_page (document, 0);
  if (page != NULL)
    cover = render_pdf_page (page, request, error);
  else
    g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NO_PAGES,
                         _("the PDF has no pages"));

  g_clear_object (&page);
  g_clear_object (&document);
  return cover;
}

/* --- archives and EPUB ------------------------------------------------------------ */

static GdkPixbuf *
decode_entry (const char                *path,
              BinderyBookFormat          format,
              const char                *entry,
              const BinderyCoverRequest *request,
              GError                   **error)
{
  g_autoptr(GBytes) data = NULL;

  if (!bindery_image_name_is_decodable (entry))
    {
      g_set_error_literal (error, BINDERY_IMAGE_ERROR, BINDERY_IMAGE_ERROR_UNSUPPORTED,
                           _("no decoder for this image format is installed"));
      return NULL;
    }
  data = bindery_book_read_entry (path, format, entry, BINDERY_THUMBNAILER_MAX_ENTRY_SIZE, error);
  if (data == NULL)
    return NULL;
  return bindery_image_decode_to_fit (data, request->max_width, request->max_height,
                                      request->max_pixels, error);
}

static BinderyCover *
cover_with_picture (GdkPixbuf  *pixbuf,
                    const char *entry,
                    GPtrArray  *failures)
{
  BinderyCover *cover = cover_new ();

  cover->pixbuf = pixbuf;
  cover->source_entry = g_strdup (entry);
  if (failures != NULL && failures->len > 0)
    {
      g_autofree char *used = display_entry (entry);

      for (guint i = 0; i < failures->len; i++)
        {
          const char *failure = g_ptr_array_index (failures, i);
          if (i == 0)
            g_ptr_array_add (cover->warnings,
                             g_strdup_printf ("%s; the thumbnail uses “%s” instead", failure, used));
          else
            g_ptr_array_add (cover->warnings, g_strdup (failure));
        }
    }
  return cover;
}

static BinderyCover *
render_from_pages (const char                *path,
                   BinderyBookFormat          format,
                   const BinderyCoverRequest *request,
                   const char                *tried_cover,
                   GPtrArray                 *failures,
                   GError                   **error)
{
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GPtrArray) order = NULL;
  const char *cover_entry;
  guint n_pages;
  int cover_index;

  info = bindery_book_read_info (path, error);
  if (info == NULL)
    return NULL;

  cover_entry = info->cover_entry;
  n_pages = info->pages != NULL ? info->pages->len : 0;

  if (format == BINDERY_BOOK_FORMAT_EPUB)
    {
      GError *entry_error = NULL;
      GdkPixbuf *pixbuf;
      g_autofree char *shown = NULL;

      /* Spine items are documents, not pictures: the declared cover or nothing. */
      if (cover_entry == NULL)
        {
          g_set_error_literal (error, BINDERY_THUMBNAILER_ERROR, BINDERY_THUMBNAILER_ERROR_NO_COVER,
                               _("the EPUB declares no cover image"));
          return NULL;
        }
      if (g_strcmp0 (cover_entry, tried_cover) != 0)
        {
          pixbuf = decode_entry (path, format, cover_entry, request, &entry_error);
          if (pixbuf != NULL)
            return cover_with_picture (pixbuf, cover_entry, failures);
          shown = display_entry (cover_entry);
          g_ptr_array_add (failures, g_strdup_printf ("cover “%s” cannot be decoded: %s",
                                                      shown, entry_error->message));
          g_error_free (entry_error);
        }
      g_set_error (error, BINDERY_THUMBNAILER_ERROR, BINDERY_THUMBNAILER_ERROR_UNDECODABLE,
                   _("no cover picture: %s"), (const char *) g_ptr_array_index (failures, 0));
      return NULL;
    }

  if (n_pages == 0)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NO_PAGES,
                           _("the book has no pages"));
      return NULL;
    }

  /* The cover, then the pages after it in natural order, then those before it. */
  cover_index = info->cover_index >= 0 && (guint) info->cover_index < n_pages ? info->cover_index : 0;
  order = g_ptr_array_sized_new (n_pages);
  for (guint i = 0; i < n_pages; i++)
    g_ptr_array_add (order, g_ptr_array_index (info->pages, (cover_index + i) % n_pages));

  for (guint i = 0; i < order->len; i++)
    {
      const char *entry = g_ptr_array_index (order, i);
      g_autoptr(GError) entry_error = NULL;
      g_autofree char *shown = NULL;
      GdkPixbuf *pixbuf;

      if (tried_cover != NULL && g_strcmp0 (entry, tried_cover) == 0)
        continue;
      pixbuf = decode_entry (path, format, entry, request, &entry_error);
      if (pixbuf != NULL)
        return cover_with_picture (pixbuf, entry, failures);

      shown = display_entry (entry);
      g_ptr_array_add (failures,
                       g_strdup_printf ("%s “%s” cannot be decoded: %s",
                                        failures->len == 0 && i == 0 ? "cover" : "page",
                                        shown, entry_error->message));
    }

  g_set_error (error, BINDERY_THUMBNAILER_ERROR, BINDERY_THUMBNAILER_ERROR_UNDECODABLE,
               _("none of the %u pages can be decoded (%s)"), n_pages,
               (const char *) g_ptr_array_index (failures, 0));
  return NULL;
}

BinderyCover *
bindery_thumbnailer_render_cover (const char                *path,
                                  const BinderyCoverRequest *request,
                                  GError                   **error)
{
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  BinderyBookFormat format;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  format = request->format;
  if (format == BINDERY_BOOK_FORMAT_UNKNOWN)
    {
      format = bindery_book_sniff_format (path, error);
      if (format == BINDERY_BOOK_FORMAT_UNKNOWN)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                                 _("not a book format Bindery reads"));
          return NULL;
        }
    }

  if (format == BINDERY_BOOK_FORMAT_PDF)
    return render_pdf (path, request, error);

  /* Fast path: the catalog knows the cover, so no listing is needed when it decodes. */
  if (request->cover_entry != NULL)
    {
      g_autoptr(GError) entry_error = NULL;
      g_autofree char *shown = NULL;
      GdkPixbuf *pixbuf;

      pixbuf = decode_entry (path, format, request->cover_entry, request, &entry_error);
      if (pixbuf != NULL)
        return cover_with_picture (pixbuf, request->cover_entry, NULL);

      /* A cover the book no longer has is the catalog's staleness, not a bad cover. */
      if (!g_error_matches (entry_error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NOT_FOUND))
        {
          shown = display_entry (request->cover_entry);
          g_ptr_array_add (failures, g_strdup_printf ("cover “%s” cannot be decoded: %s",
                                                      shown, entry_error->message));
          return render_from_pages (path, format, request, request->cover_entry, failures, error);
        }
    }

  return render_from_pages (path, format, request, NULL, failures, error);
}
