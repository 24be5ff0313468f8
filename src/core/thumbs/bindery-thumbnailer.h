/* bindery-thumbnailer.h: one book → its cover picture at thumbnail size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread-safe: no shared state; the thumbnail job calls it from its own pool.
 * Follows the thumbnail rule of fixtures/MANIFEST.md: the cover (ComicInfo FrontCover
 * or the first page; the EPUB's declared cover; PDF page 1, rendered by poppler
 * straight at the target size) is decoded at reduced scale; when it cannot be decoded
 * (corrupt, a format without a decoder such as AVIF/JXL, above the pixel limit) the
 * next page in natural order that decodes is used (wrapping round to the pages before
 * the cover) and a warning names the bad cover; only when no page decodes is it an
 * error. Pictures are never scaled up.
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "bindery-book.h"

G_BEGIN_DECLS

#define BINDERY_THUMBNAILER_ERROR (bindery_thumbnailer_error_quark ())

typedef enum {
  BINDERY_THUMBNAILER_ERROR_NO_COVER,     /* the book declares no cover (an EPUB without one) */
  BINDERY_THUMBNAILER_ERROR_UNDECODABLE,  /* no page decodes */
} BinderyThumbnailerError;

/* Largest page entry read for a thumbnail; a larger one counts as undecodable. */
#define BINDERY_THUMBNAILER_MAX_ENTRY_SIZE ((gsize) 128 * 1024 * 1024)

typedef struct {
  BinderyBookFormat format;       /* UNKNOWN: sniffed from the content */
  const char       *cover_entry;  /* the catalog's cover entry; NULL: read the book's listing */
  guint             max_width;    /* box to fit in (0 = unbounded on that side) */
  guint             max_height;
  guint64           max_pixels;   /* source pixel limit; 0 = BINDERY_IMAGE_DEFAULT_MAX_PIXELS */
} BinderyCoverRequest;

typedef struct {
  GdkPixbuf *pixbuf;        /* 8-bit RGB(A), fitted in the box */
  char      *source_entry;  /* the entry the picture came from; NULL for PDF */
  GPtrArray *warnings;      /* char*: pages that could not be used, the cover first */
} BinderyCover;

GQuark        bindery_thumbnailer_error_quark (void);
void          bindery_cover_free              (BinderyCover *cover);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyCover, bindery_cover_free)

/* NULL + error: a BINDERY_BOOK_ERROR when the book cannot be read at all, or a
 * BINDERY_THUMBNAILER_ERROR (the message lists why the pages were refused). */
BinderyCover *bindery_thumbnailer_render_cover (const char                *path,
                                                const BinderyCoverRequest *request,
                                                GError                   **error);

G_END_DECLS
