/* bindery-book-info.h: what a book reader fills in and the kinds of error it reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Below the readers (zip, epub, archive, pdf): every reader fills a BinderyBookInfo
 * (bindery-book-info-private.h has the setters they share), and the dispatch above them
 * (bindery-book.h) hands it out. Nothing here calls a reader.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BINDERY_BOOK_ERROR (bindery_book_error_quark ())

/* Per-book error kinds; the string forms are the fixture manifest's. */
typedef enum {
  BINDERY_BOOK_ERROR_CORRUPT,            /* "corrupt" */
  BINDERY_BOOK_ERROR_ENCRYPTED,          /* "encrypted" */
  BINDERY_BOOK_ERROR_UNSUPPORTED,        /* "unsupported" */
  BINDERY_BOOK_ERROR_NO_PAGES,           /* "no-pages" */
  BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME,  /* "unsafe-entry-name" */
  BINDERY_BOOK_ERROR_UNREADABLE,         /* "unreadable" (permissions, I/O) */
  BINDERY_BOOK_ERROR_NOT_FOUND,          /* "not-found": asked-for entry absent */
} BinderyBookError;

typedef enum {
  BINDERY_BOOK_FORMAT_UNKNOWN,
  BINDERY_BOOK_FORMAT_ZIP,    /* "zip"  (cbz, zip) */
  BINDERY_BOOK_FORMAT_RAR,    /* "rar"  (cbr, rar; RAR4 and RAR5) */
  BINDERY_BOOK_FORMAT_7Z,     /* "7z"   (cb7, 7z) */
  BINDERY_BOOK_FORMAT_TAR,    /* "tar"  (cbt, tar) */
  BINDERY_BOOK_FORMAT_EPUB,   /* "epub" */
  BINDERY_BOOK_FORMAT_PDF,    /* "pdf" */
} BinderyBookFormat;

GQuark             bindery_book_error_quark         (void);
const char        *bindery_book_error_kind_to_string (BinderyBookError kind);
const char        *bindery_book_format_to_string    (BinderyBookFormat format);

typedef struct {
  BinderyBookFormat format;          /* from content */
  gboolean          format_mismatch; /* content disagrees with the extension (log a warning) */
  char             *container;       /* "zip", "rar4", "rar5", "7z", "tar", "pdf" */
  GPtrArray        *pages;           /* char* raw entry names in natural order; EPUB: spine hrefs
                                        resolved to zip entries; PDF: NULL */
  guint             page_count;      /* archives: image entries; EPUB: spine items; PDF: pages */
  char             *cover_entry;     /* raw entry path; EPUB: resolved zip entry; NULL for PDF / none */
  int               cover_index;     /* index into pages, -1 if none / EPUB / PDF: 0 */
  /* Normalised metadata record (ComicInfo field names, lists as arrays of strings):
   * Title Series Number (text) NumberSort (double, absent when Number is not a number) Count Volume
   * AlternateSeries AlternateNumber StoryArc SeriesGroup Summary Notes Year Month Day Writer[]
   * Penciller[] Inker[] Colorist[] Letterer[] CoverArtist[] Editor[] Translator[] Publisher Imprint
   * Genre[] Tags[] Web PageCount LanguageISO Format BlackAndWhite Manga Characters[] Teams[]
   * Locations[] AgeRating GTIN CommunityRating; EPUB adds Creators [{name, role}], Identifier[], ISBN,
   * Date; PDF adds Keywords, CreationDate. Integers as JSON ints, ratings as doubles.
   * Source: ComicInfo.xml / OPF (+ sidecar .opf) / PDF Info. File-name fallback is NOT applied
   * here (the scanner applies it, it knows the folder). Never NULL (may be empty). */
  JsonObject       *metadata;
  char             *metadata_error;  /* NULL, or "malformed-xml: …" / "unsafe-xml: …" */
  GPtrArray        *warnings;        /* char* human-readable warnings (dropped fields …) */
  char             *fingerprint;     /* bindery_book_fingerprint() of the file, from the same open */
} BinderyBookInfo;

void               bindery_book_info_free           (BinderyBookInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyBookInfo, bindery_book_info_free)

/* Called by verification between entries and every few MiB within one: FALSE (with
 * error set, e.g. G_IO_ERROR_CANCELLED) stops it with that error (bindery-book-verify.h). */
typedef gboolean (*BinderyBookVerifyCheck) (gpointer   user_data,
                                            GError   **error);

G_END_DECLS
