/* bindery-pdf-libraries.c: poppler-glib and cairo, loaded when the first PDF is read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only PDF books need poppler-glib (and cairo, to render a PDF cover), but linked in
 * they and their 30 dependencies (NSS, lcms2, openjpeg, libtiff, X11, xcb …) are mapped
 * and relocated at every start of every program: measured here, that doubled the
 * dynamic loader's share of `bindery-cli` start-up (about 20 ms of CPU) and so a good
 * part of an unchanged rescan of a 10,000-book library (~100 ms in all). libbindery-core
 * therefore does not link them: the few functions it calls are defined here, and the
 * first call loads the libraries (GModule, once, thread-safe) and forwards to them.
 *
 * The definitions are hidden (G_GNUC_INTERNAL): they bind the calls of our own code
 * only, never a library's (GTK calls the real cairo). A poppler or cairo function used
 * anywhere in the core must be listed here, or the link fails with an undefined
 * reference. When poppler-glib cannot be loaded, opening a PDF fails with an error that
 * says why; the rest of the functions are only ever called on a document it opened.
 *
 * It lives in util/ because both the PDF reader (book/) and the PDF Info reader
 * (metadata/) call poppler through it, and metadata sits below book.
 */
#define G_LOG_DOMAIN "bindery-util"

/* Our definitions replace the library's exported ones: declare them without
 * visibility("default"). */
#define POPPLER_GLIB_STATIC_DEFINE 1

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gmodule.h>
#include <cairo.h>
#include <poppler.h>
#include <unistd.h>

/* The sonames of Debian 12's libpoppler-glib8 and libcairo2 (stable for over a decade). */
#define POPPLER_GLIB_SONAME "libpoppler-glib.so.8"
#define CAIRO_SONAME        "libcairo.so.2"

typedef struct {
  GModule *poppler;
  GModule *cairo;
  char    *error;            /* why they could not be loaded, or NULL */

  GType             (*document_get_type)               (void);
  GQuark            (*error_quark)                     (void);
  PopplerDocument  *(*document_new_from_fd)            (int, const char *, GError **);
  PopplerDocument  *(*document_new_from_file)          (const char *, const char *, GError **);
  int               (*document_get_n_pages)            (PopplerDocument *);
  PopplerPage      *(*document_get_page)               (PopplerDocument *, int);
  char             *(*document_get_title)              (PopplerDocument *);
  char             *(*document_get_author)             (PopplerDocument *);
  char             *(*document_get_subject)            (PopplerDocument *);
  char             *(*document_get_keywords)           (PopplerDocument *);
  GDateTime        *(*document_get_creation_date_time) (PopplerDocument *);
  void              (*page_get_size)                   (PopplerPage *, double *, double *);
  void              (*page_render)                     (PopplerPage *, cairo_t *);

  cairo_t          *(*create)                          (cairo_surface_t *);
  void              (*destroy)                         (cairo_t *);
  cairo_surface_t  *(*image_surface_create)            (cairo_format_t, int, int);
  unsigned char    *(*image_surface_get_data)          (cairo_surface_t *);
  int               (*image_surface_get_width)         (cairo_surface_t *);
  int               (*image_surface_get_height)        (cairo_surface_t *);
  int               (*image_surface_get_stride)        (cairo_surface_t *);
  void              (*paint)                           (cairo_t *);
  void              (*scale)                           (cairo_t *, double, double);
  void              (*set_source_rgb)                  (cairo_t *, double, double, double);
  const char       *(*status_to_string)                (cairo_status_t);
  void              (*surface_destroy)                 (cairo_surface_t *);
  void              (*surface_flush)                   (cairo_surface_t *);
  cairo_status_t    (*surface_status)                  (cairo_surface_t *);
} PdfLibraries;

static gboolean
load_symbol (GModule     *module,
             const char  *name,
             gpointer    *symbol,
             GString     *missing)
{
  if (g_module_symbol (module, name, symbol) && *symbol != NULL)
    return TRUE;
  g_string_append_printf (missing, " %s", name);
  return FALSE;
}

static gpointer
load_libraries (gpointer data)
{
  PdfLibraries *libs = g_new0 (PdfLibraries, 1);
  g_autoptr(GString) missing = g_string_new (NULL);

  libs->poppler = g_module_open (POPPLER_GLIB_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (libs->poppler == NULL)
    {
      libs->error = g_strdup_printf (_("PDF support is not available: %s"), g_module_error ());
      return libs;
    }
  libs->cairo = g_module_open (CAIRO_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (libs->cairo == NULL)
    {
      libs->error = g_strdup_printf (_("PDF support is not available: %s"), g_module_error ());
      return libs;
    }

#define POPPLER_SYMBOL(field, name) load_symbol (libs->poppler, name, (gpointer *) &libs->field, missing)
#define CAIRO_SYMBOL(field, name)   load_symbol (libs->cairo, name, (gpointer *) &libs->field, missing)
  POPPLER_SYMBOL (document_get_type, "poppler_document_get_type");
  POPPLER_SYMBOL (error_quark, "poppler_error_quark");
  POPPLER_SYMBOL (document_new_from_fd, "poppler_document_new_from_fd");
  POPPLER_SYMBOL (document_new_from_file, "poppler_document_new_from_file");
  POPPLER_SYMBOL (document_get_n_pages, "poppler_document_get_n_pages");
  POPPLER_SYMBOL (document_get_page, "poppler_document_get_page");
  POPPLER_SYMBOL (document_get_title, "poppler_document_get_title");
  POPPLER_SYMBOL (document_get_author, "poppler_document_get_author");
  POPPLER_SYMBOL (document_get_subject, "poppler_document_get_subject");
  POPPLER_SYMBOL (document_get_keywords, "poppler_document_get_keywords");
  POPPLER_SYMBOL (document_get_creation_date_time, "poppler_document_get_creation_date_time");
  POPPLER_SYMBOL (page_get_size, "poppler_page_get_size");
  POPPLER_SYMBOL (page_render, "poppler_page_render");
  CAIRO_SYMBOL (create, "cairo_create");
  CAIRO_SYMBOL (destroy, "cairo_destroy");
  CAIRO_SYMBOL (image_surface_create, "cairo_image_surface_create");
  CAIRO_SYMBOL (image_surface_get_data, "cairo_image_surface_get_data");
  CAIRO_SYMBOL (image_surface_get_width, "cairo_image_surface_get_width");
  CAIRO_SYMBOL (image_surface_get_height, "cairo_image_surface_get_height");
  CAIRO_SYMBOL (image_surface_get_stride, "cairo_image_surface_get_stride");
  CAIRO_SYMBOL (paint, "cairo_paint");
  CAIRO_SYMBOL (scale, "cairo_scale");
  CAIRO_SYMBOL (set_source_rgb, "cairo_set_source_rgb");
  CAIRO_SYMBOL (status_to_string, "cairo_status_to_string");
  CAIRO_SYMBOL (surface_destroy, "cairo_surface_destroy");
  CAIRO_SYMBOL (surface_flush, "cairo_surface_flush");
  CAIRO_SYMBOL (surface_status, "cairo_surface_status");
#undef POPPLER_SYMBOL
#undef CAIRO_SYMBOL

  if (missing->len > 0)
    libs->error = g_strdup_printf (_("PDF support is not available: missing functions:%s"), missing->str);
  return libs;
}

/* The loaded libraries; NULL (with *error set) when PDF support is not available. */
static PdfLibraries *
libraries (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  PdfLibraries *libs = g_once (&once, load_libraries, NULL);

  if (libs->error == NULL)
    return libs;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, libs->error);
  return NULL;
}

/* For the functions only ever called on what a loaded library returned. */
static PdfLibraries *
loaded (void)
{
  PdfLibraries *libs = libraries (NULL);

  if (libs == NULL)
    g_critical ("poppler or cairo called without PDF support");
  return libs;
}

/* --- poppler-glib --------------------------------------------------------------- */

G_GNUC_INTERNAL GType
poppler_document_get_type (void)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_type () : G_TYPE_INVALID;
}

G_GNUC_INTERNAL GQuark
poppler_error_quark (void)
{
  PdfLibraries *libs = libraries (NULL);

  /* asked after a failed open too, when poppler may not be there: its quark is this */
  return libs != NULL ? libs->error_quark () : g_quark_from_static_string ("poppler-quark");
}

G_GNUC_INTERNAL PopplerDocument *
poppler_document_new_from_fd (int          fd,
                              const char  *password,
                              GError     **error)
{
  PdfLibraries *libs = libraries (error);

  if (libs == NULL)
    {
      close (fd);   /* taken over, as poppler does on failure */
      return NULL;
    }
  return libs->document_new_from_fd (fd, password, error);
}

G_GNUC_INTERNAL PopplerDocument *
poppler_document_new_from_file (const char  *uri,
                                const char  *password,
                                GError     **error)
{
  PdfLibraries *libs = libraries (error);
  return libs != NULL ? libs->document_new_from_file (uri, password, error) : NULL;
}

G_GNUC_INTERNAL int
poppler_document_get_n_pages (PopplerDocument *document)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_n_pages (document) : 0;
}

G_GNUC_INTERNAL PopplerPage *
poppler_document_get_page (PopplerDocument *document,
                           int              index)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_page (document, index) : NULL;
}

G_GNUC_INTERNAL char *
poppler_document_get_title (PopplerDocument *document)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_title (document) : NULL;
}

G_GNUC_INTERNAL char *
poppler_document_get_author (PopplerDocument *document)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_author (document) : NULL;
}

G_GNUC_INTERNAL char *
poppler_document_get_subject (PopplerDocument *document)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_subject (document) : NULL;
}

G_GNUC_INTERNAL char *
poppler_document_get_keywords (PopplerDocument *document)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_keywords (document) : NULL;
}

G_GNUC_INTERNAL GDateTime *
poppler_document_get_creation_date_time (PopplerDocument *document)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->document_get_creation_date_time (document) : NULL;
}

G_GNUC_INTERNAL void
poppler_page_get_size (PopplerPage *page,
                       double      *width,
                       double      *height)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->page_get_size (page, width, height);
}

G_GNUC_INTERNAL void
poppler_page_render (PopplerPage *page,
                     cairo_t     *cairo)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->page_render (page, cairo);
}

/* --- cairo ---------------------------------------------------------------------- */

G_GNUC_INTERNAL cairo_surface_t *
cairo_image_surface_create (cairo_format_t format,
                            int            width,
                            int            height)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->image_surface_create (format, width, height) : NULL;
}

G_GNUC_INTERNAL unsigned char *
cairo_image_surface_get_data (cairo_surface_t *surface)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->image_surface_get_data (surface) : NULL;
}

G_GNUC_INTERNAL int
cairo_image_surface_get_width (cairo_surface_t *surface)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->image_surface_get_width (surface) : 0;
}

G_GNUC_INTERNAL int
cairo_image_surface_get_height (cairo_surface_t *surface)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->image_surface_get_height (surface) : 0;
}

G_GNUC_INTERNAL int
cairo_image_surface_get_stride (cairo_surface_t *surface)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->image_surface_get_stride (surface) : 0;
}

G_GNUC_INTERNAL cairo_status_t
cairo_surface_status (cairo_surface_t *surface)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL && surface != NULL ? libs->surface_status (surface) : CAIRO_STATUS_NULL_POINTER;
}

G_GNUC_INTERNAL void
cairo_surface_flush (cairo_surface_t *surface)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->surface_flush (surface);
}

G_GNUC_INTERNAL void
cairo_surface_destroy (cairo_surface_t *surface)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->surface_destroy (surface);
}

G_GNUC_INTERNAL const char *
cairo_status_to_string (cairo_status_t status)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->status_to_string (status) : "cairo is not available";
}

G_GNUC_INTERNAL cairo_t *
cairo_create (cairo_surface_t *target)
{
  PdfLibraries *libs = loaded ();
  return libs != NULL ? libs->create (target) : NULL;
}

G_GNUC_INTERNAL void
cairo_destroy (cairo_t *cr)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->destroy (cr);
}

G_GNUC_INTERNAL void
cairo_paint (cairo_t *cr)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->paint (cr);
}

G_GNUC_INTERNAL void
cairo_scale (cairo_t *cr,
             double   sx,
             double   sy)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->scale (cr, sx, sy);
}

G_GNUC_INTERNAL void
cairo_set_source_rgb (cairo_t *cr,
                      double   red,
                      double   green,
                      double   blue)
{
  PdfLibraries *libs = loaded ();

  if (libs != NULL)
    libs->set_source_rgb (cr, red, green, blue);
}
