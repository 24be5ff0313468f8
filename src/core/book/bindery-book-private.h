/* bindery-book-private.h: internals shared by the book readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers (zip, epub, archive, pdf) and what they share sit on the headers below;
 * the dispatch (bindery-book.c, bindery-book-verify.c) sits on this one. No reader
 * includes bindery-book.h or bindery-book-verify.h.
 */
#pragma once

#include "bindery-book-entries.h"
#include "bindery-book-fingerprint.h"
#include "bindery-book-info-private.h"
#include "bindery-book-locale.h"
#include "bindery-natural-compare.h"

G_BEGIN_DECLS

/* Largest ComicInfo.xml / container.xml / OPF read into memory. */
#define BINDERY_BOOK_MAX_XML_SIZE (16 * 1024 * 1024)

/* What one pass over an archive's entry headers found, before the error precedence of
 * MANIFEST.md is applied (bindery_listing_check). */
typedef struct {
  GPtrArray *pages;              /* char* entry names (ZIP: '\' already read as '/') */
  char      *unsafe_name;        /* first absolute or '..' name */
  char      *unsupported;        /* first reason an entry cannot be decoded */
  char      *list_error;         /* the listing stopped with this error */
  guint      n_entries;
  guint      empty_name : 1;     /* an entry without a name */
  guint      dot_names : 1;      /* a page name has a "." component */
  guint      encrypted : 1;      /* an encrypted entry or encrypted headers */
  guint      comicinfo_depth;    /* separators in the best ComicInfo.xml name (G_MAXUINT: none) */
} BinderyListing;

void      bindery_listing_init          (BinderyListing    *listing);
void      bindery_listing_clear         (BinderyListing    *listing);
/* Feeds one entry header. is_file: a regular file (not a folder, link or device).
 * Returns TRUE when the entry is a ComicInfo.xml shallower than any seen so far. */
gboolean  bindery_listing_add           (BinderyListing    *listing,
                                         const char        *name,
                                         gsize              name_len,
                                         gboolean           is_file,
                                         gboolean           backslash_is_separator);
/* Applies the error precedence; check_pages FALSE skips the no-pages rule (EPUB). */
gboolean  bindery_listing_check         (BinderyListing    *listing,
                                         gboolean           check_pages,
                                         GError           **error);
/* Sorts pages in natural order. */
void      bindery_listing_sort_pages    (BinderyListing    *listing);

/* name without its "." components ("./a/./b.jpg" → "a/b.jpg"), or NULL when it has none.
 * Pages are filtered and ordered by this form and read by their raw name. */
char     *bindery_entry_name_skip_dots  (const char        *name,
                                         gsize              len);
/* TRUE when name's base name is ComicInfo.xml (any case) and no component is hidden. */
gboolean  bindery_entry_is_comicinfo    (const char        *name,
                                         gsize              len,
                                         guint             *depth);
/* Page rule on a name of len bytes, '/' and '\' both separators. */
gboolean  bindery_entry_is_page_len     (const char        *name,
                                         gsize              len);
gboolean  bindery_entry_is_unsafe_len   (const char        *name,
                                         gsize              len);

/* One open book file and the bytes already read at its start and end, shared by the
 * sniff, the ZIP reader and the fingerprint so that no block is read twice. The
 * descriptor is borrowed (never closed; read with pread, its offset untouched). */
#define BINDERY_BOOK_HEAD_SIZE 4096
#define BINDERY_BOOK_TAIL_SIZE 8192

typedef struct {
  int      fd;
  guint64  size;
  gsize    head_len;                        /* bytes in head (0: not read) */
  gsize    tail_len;                        /* bytes in tail (0: not read) */
  guint8   head[BINDERY_BOOK_HEAD_SIZE];    /* the file from offset 0 */
  guint8   tail[BINDERY_BOOK_TAIL_SIZE];    /* the file's last tail_len bytes */
} BinderyBookFile;

void      bindery_book_file_init        (BinderyBookFile   *file,
                                         int                fd,
                                         guint64            size);
/* Reads the head (sets errno and returns FALSE on a read error). */
gboolean  bindery_book_file_read_head   (BinderyBookFile   *file);
/* Reads the tail: the last MIN (size, BINDERY_BOOK_TAIL_SIZE) bytes. */
gboolean  bindery_book_file_read_tail   (BinderyBookFile   *file);
/* Reads exactly len bytes at offset, from head or tail when they hold them. FALSE with
 * errno set on failure (EIO when the file ends early). */
gboolean  bindery_book_file_pread       (BinderyBookFile   *file,
                                         void              *buf,
                                         gsize              len,
                                         guint64            offset);

/* Readers. fd is borrowed (never closed, offset untouched: readers use pread or dup). */
/* sidecar: an EPUB's same-named .opf next to path is applied (FALSE: never). */
BinderyBookInfo *bindery_zip_read_info      (BinderyBookFile   *file,
                                             const char        *path,
                                             gboolean           epub_by_name,
                                             gboolean           sidecar,
                                             GError           **error);
BinderyBookInfo *bindery_archive_read_info  (int                fd,
                                             BinderyBookFormat  format,
                                             GError           **error);
BinderyBookInfo *bindery_pdf_read_info      (int                fd,
                                             GError           **error);

GBytes   *bindery_zip_read_entry        (BinderyBookFile   *file,
                                         const char        *entry_name,
                                         gsize              max_size,
                                         GError           **error);
GBytes   *bindery_archive_read_entry    (int                fd,
                                         BinderyBookFormat  format,
                                         const char        *entry_name,
                                         gsize              max_size,
                                         GError           **error);

/* TRUE when the ZIP has META-INF/container.xml or a mimetype entry saying EPUB. */
gboolean  bindery_zip_is_epub           (BinderyBookFile   *file);
/* A seekable read-only libzip source over file (borrowed: it must outlive the source). */
struct zip_source;
struct zip_error;
struct zip_source *bindery_zip_source_new   (BinderyBookFile  *file,
                                             struct zip_error *error);

/* EPUB over an open libzip archive (struct zip *), after the listing checks. */
struct zip;
BinderyBookInfo *bindery_epub_read_info     (struct zip        *za,
                                             const char        *path,
                                             gint64             container_index,
                                             gboolean           sidecar,
                                             GError           **error);
/* Reads one ZIP entry by index into memory, at most max_size bytes (0: no limit). */
GBytes   *bindery_zip_read_index        (struct zip        *za,
                                         guint64            index,
                                         const char        *what,
                                         gsize              max_size,
                                         GError           **error);
/* Index of a ZIP entry by name (raw bytes; '\' in the archive read as '/'), or -1. */
gint64    bindery_zip_locate            (struct zip        *za,
                                         const char        *name);

/* Fingerprint blocks: the head of a BinderyBookFile is the first block. */
#define BINDERY_FINGERPRINT_BLOCK BINDERY_BOOK_HEAD_SIZE
char     *bindery_book_fingerprint_file (BinderyBookFile   *file,
                                         GError           **error);

/* XXH64 of data (bindery-fingerprint.c). */
guint64   bindery_xxh64                 (const void        *data,
                                         gsize              len,
                                         guint64            seed);

/* Verification (bindery-book-verify.h): every entry's data read and checked. check and
 * user_data as bindery_book_verify(); bad_entry may be NULL. */
gboolean  bindery_zip_verify            (BinderyBookFile         *file,
                                         BinderyBookVerifyCheck   check,
                                         gpointer                 user_data,
                                         guint64                 *bytes_read,
                                         char                   **bad_entry,
                                         GError                 **error);
gboolean  bindery_archive_verify        (int                      fd,
                                         BinderyBookFormat        format,
                                         BinderyBookVerifyCheck   check,
                                         gpointer                 user_data,
                                         guint64                 *bytes_read,
                                         char                   **bad_entry,
                                         GError                 **error);
gboolean  bindery_pdf_verify            (int                      fd,
                                         BinderyBookVerifyCheck   check,
                                         gpointer                 user_data,
                                         char                   **bad_entry,
                                         GError                 **error);

G_END_DECLS
