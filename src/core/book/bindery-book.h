/* bindery-book.h: reading one book file (format, page list, cover, metadata, entries)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread-safe: no shared state; call from any worker thread. Follows the Rules of
 * ../shared/fixtures/MANIFEST.md (pages, natural order, cover, ComicInfo, error precedence).
 * ZIP-based books (cbz/zip/epub) are read with libzip (central directory + only the
 * entries asked for); RAR4/RAR5, 7z and tar with libarchive; PDF with poppler.
 * Entry names are raw bytes (ZIP: ZIP_FL_ENC_RAW, '\' read as '/').
 *
 * The dispatch above the readers: it sniffs the format and calls the reader. The type
 * the readers fill is in bindery-book-info.h, below them; the readers include
 * bindery-book-private.h, never this header.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bindery-book-entries.h"
#include "bindery-book-fingerprint.h"
#include "bindery-book-info.h"
#include "bindery-book-locale.h"

G_BEGIN_DECLS

/* Call once from main() before any thread starts (next to bindery_metadata_init()).
 * Sets TZ=":/etc/localtime" when TZ is unset: libzip converts every entry's DOS time with
 * mktime(), and glibc's mktime() without TZ stats /etc/localtime each time under a global
 * lock — measured here: reading ZIP books twice as slow on one thread, and slower on two
 * threads than on one. Same time zone, read once. */
void               bindery_book_init                (void);

/* TRUE when the file name's extension (any case) makes it a book candidate:
 * .cbz .zip .cbr .rar .cb7 .7z .cbt .tar .epub .pdf */
gboolean           bindery_book_is_book_name        (const char *basename);
/* Format from content (magic bytes); EPUB = ZIP whose mimetype entry says so or
 * which has META-INF/container.xml. UNKNOWN when unrecognised. */
BinderyBookFormat  bindery_book_sniff_format        (const char *path, GError **error);
/* Format suggested by the extension alone. */
BinderyBookFormat  bindery_book_format_from_name    (const char *basename);

/* Lists the book's entry headers and reads ComicInfo.xml / the OPF only (never page
 * data). On a per-book error returns NULL with BINDERY_BOOK_ERROR_* and a message that
 * states the reason (the caller adds the path). */
BinderyBookInfo   *bindery_book_read_info           (const char *path, GError **error);

typedef enum {
  BINDERY_BOOK_READ_DEFAULT    = 0,
  /* An EPUB's sidecar .opf is not applied: the scanner says so when the walk saw none next
   * to the book (absent, or excluded by an ignore rule). */
  BINDERY_BOOK_READ_NO_SIDECAR = 1 << 0,
} BinderyBookReadFlags;

BinderyBookInfo   *bindery_book_read_info_full      (const char           *path,
                                                     BinderyBookReadFlags  flags,
                                                     GError              **error);

/* Reads one entry's bytes (pages, covers; conversion). max_size 0 = no limit; a larger
 * entry fails with BINDERY_BOOK_ERROR_UNSUPPORTED. Not for PDF. */
GBytes            *bindery_book_read_entry          (const char        *path,
                                                     BinderyBookFormat  format,
                                                     const char        *entry_name,
                                                     gsize              max_size,
                                                     GError           **error);

G_END_DECLS
