/* bindery-thumbnail-cache.h: where thumbnails live on disk, and their keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thumbnail is a WebP file at THUMBNAIL_DIR/ab/cd/<key>.webp. The key hashes
 * everything the picture depends on: the book's fingerprint, size and mtime, its cover
 * entry, the thumbnail height and quality (and a format version of ours), so a changed
 * book, cover or option gives a new file name and a stale file is never served. The
 * `thumbnails` table maps a book to its current key and path (relative to the
 * thumbnail dir); the job removes the superseded file when it writes a new one.
 * Files are written atomically (temporary name in the same folder, then rename).
 * Thread-safe.
 */
#pragma once

#include <gio/gio.h>

#include "bindery-catalog.h"

G_BEGIN_DECLS

typedef struct {
  const char *fingerprint;       /* books.fingerprint (may be NULL) */
  gint64      size;              /* books.size */
  gint64      mtime;             /* books.mtime (µs) */
  const char *cover_entry;       /* books.cover_entry (raw bytes; NULL for PDF / none) */
  gsize       cover_entry_len;
  guint       height;            /* thumbnail height (px) */
  guint       quality;           /* WebP quality 1 … 100 */
} BinderyThumbnailKeySource;

/* 32 lowercase hex digits. */
char     *bindery_thumbnail_cache_key          (const BinderyThumbnailKeySource *source);
/* "ab/cd/<key>.webp" */
char     *bindery_thumbnail_cache_rel_path     (const char  *key);

/* Writes data to thumbnail_dir/rel_path atomically, creating the shard folders. */
gboolean  bindery_thumbnail_cache_write        (const char  *thumbnail_dir,
                                                const char  *rel_path,
                                                GBytes      *data,
                                                GError     **error);
/* Removes thumbnail_dir/rel_path (a missing file is fine) and the shard folders it
 * leaves empty. rel_path must be a cache path (no "..", not absolute). */
gboolean  bindery_thumbnail_cache_remove       (const char  *thumbnail_dir,
                                                const char  *rel_path,
                                                GError     **error);

/* Absolute path of the book's current thumbnail file, or NULL when the catalog has
 * none for it or its file is missing. Any catalog connection (read-only is fine).
 * For `books --json` "thumbnail". The same as the SQL
 *   SELECT path FROM thumbnails WHERE book_id = ?   -- then thumbnail_dir/path
 */
char     *bindery_thumbnail_cache_path_for_book    (BinderyCatalog *catalog,
                                                    const char     *thumbnail_dir,
                                                    gint64          book_id);
/* A series' cover: the thumbnail of its first book (by number_sort, then name) that
 * has one; NULL when none. */
char     *bindery_thumbnail_cache_path_for_series  (BinderyCatalog *catalog,
                                                    const char     *thumbnail_dir,
                                                    gint64          series_id);
/* A library's cover: the cover of its first series by name that has one. */
char     *bindery_thumbnail_cache_path_for_library (BinderyCatalog *catalog,
                                                    const char     *thumbnail_dir,
                                                    gint64          library_id);

/* The whole cache (the preferences' size and Clear): the files the catalog records and
 * their total size. Any connection. */
gboolean  bindery_thumbnail_cache_get_usage (BinderyCatalog *catalog,
                                            guint64        *n_files,
                                            guint64        *n_bytes,
                                            GError        **error);
/* Forgets every thumbnail and removes their files under thumbnail_dir (books are never
 * touched; the next thumbnail job makes them again). Returns how many were removed, -1
 * on error. Needs a writable connection; run it while no thumbnail job runs. */
gint64    bindery_thumbnail_cache_clear     (BinderyCatalog *catalog,
                                            const char     *thumbnail_dir,
                                            GError        **error);

G_END_DECLS
