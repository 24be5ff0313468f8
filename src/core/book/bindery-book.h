/* bindery-book.h: reading one book file (format, page list, cover, metadata, entries)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread-safe: no shared state; call from any worker thread. Follows the Rules of
 * ../shared/fixtures/MANIFEST.md (pages, natural order, cover, ComicInfo, error precedence).
 * ZIP-based books (cbz/zip/epub) are read with libzip (central directory + only the
 * entries asked for); RAR4/RAR5, 7z and tar with libarchive; PDF with poppler.
 * Entry names are raw bytes (ZIP: ZIP_FL_ENC_RAW, '\' read as '/').
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

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

/* Call once from main() before any thread starts (next to bindery_metadata_init()).
 * Sets TZ=":/etc/localtime" when TZ is unset: libzip converts every entry's DOS time with
 * mktime(), and glibc's mktime() without TZ stats /etc/localtime each time under a global
 * lock — measured here: reading ZIP books twice as slow on one thread, and slower on two
 * threads than on one. Same time zone, read once. */
void               bindery_book_init                (void);

/* libarchive converts the names RAR and 7z store as Unicode to the locale's charset (and
 * fails in the C locale): code reading or writing archives with libarchive runs between
 * these two, under a thread-local UTF-8 LC_CTYPE. enter returns the previous locale
 * ((locale_t) 0 when no UTF-8 locale exists: nothing changed) for leave. */
locale_t           bindery_book_enter_utf8_locale   (void);
void               bindery_book_leave_utf8_locale   (locale_t previous);

GQuark             bindery_book_error_quark         (void);
const char        *bindery_book_error_kind_to_string (BinderyBookError kind);
const char        *bindery_book_format_to_string    (BinderyBookFormat format);

/* TRUE when the file name's extension (any case) makes it a book candidate:
 * .cbz .zip .cbr .rar .cb7 .7z .cbt .tar .epub .pdf */
gboolean           bindery_book_is_book_name        (const char *basename);
/* Format from content (magic bytes); EPUB = ZIP whose mimetype entry says so or
 * which has META-INF/container.xml. UNKNOWN when unrecognised. */
BinderyBookFormat  bindery_book_sniff_format        (const char *path, GError **error);
/* Format suggested by the extension alone. */
BinderyBookFormat  bindery_book_format_from_name    (const char *basename);

/* TRUE when entry name is a page by the page rule (extension, no __MACOSX / dot component). */
gboolean           bindery_entry_is_page            (const char *entry_name);
/* FALSE for NULL, empty, absolute ('/x', '\\x', 'C:x') names and names with a '..'
 * component (slash and backslash both separators). */
gboolean           bindery_book_entry_name_is_safe  (const char *entry_name);

/* Size + hash of a few sampled blocks (never a full read): "<size>-<16 hex digits>"
 * (XXH64 chained over up to four 4 KiB blocks at the start, 1/3, 2/3 and end, seeded with the
 * size; the whole file when it is 16 KiB or less). */
char              *bindery_book_fingerprint         (const char *path, GError **error);
/* The same from an open file (read with pread; the offset is left alone). */
char              *bindery_book_fingerprint_fd      (int fd, guint64 size, GError **error);

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
