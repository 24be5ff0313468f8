/* bindery-verify-run.c: reading every entry of a set of books (bindery_book_verify) and
 * recording the verdict, on the job's worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A book is skipped, unless forced, when it was verified before (books.verified_at) and its
 * file still has the size and mtime the catalog has: a scan that re-reads a changed book
 * clears verified_at, and a file changed since the last scan does not match. The work is
 * I/O and decompression of one book at a time; each verdict is its own short transaction,
 * so a paused verification holds no write lock.
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "bindery-book-verify.h"
#include "bindery-catalog-writer.h"
#include "bindery-verify-private.h"

typedef struct {
  gint64    id;
  char     *rel_path;    /* raw bytes */
  gint64    size;
  gint64    mtime;       /* µs */
  gboolean  verified;    /* verified_at is set */
  gboolean  damaged;     /* found damaged by a verification */
} VerifyBook;

static void
verify_book_clear (gpointer data)
{
  VerifyBook *book = data;

  g_free (book->rel_path);
}

static GArray *
load_books (BinderyCatalog            *catalog,
            gint64                     library_id,
            const BinderyVerifyScope  *scope,
            GError                   **error)
{
  g_autoptr(GArray) books = g_array_new (FALSE, TRUE, sizeof (VerifyBook));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (books, verify_book_clear);
  sql = g_strconcat ("SELECT id, rel_path, size, mtime, verified_at, status FROM books"
                     " WHERE library_id = ?1 AND status != 'missing'"
                     " AND (status = 'ready' OR verified_at IS NOT NULL)",
                     scope->series_id > 0 ? " AND series_id = ?2" : "",
                     scope->series_path != NULL
                       ? " AND series_id = (SELECT id FROM series WHERE library_id = ?1 AND rel_path = ?3)"
                       : "",
                     " ORDER BY rel_path", NULL);
  stmt = bindery_catalog_prepare (catalog, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, library_id);
  if (scope->series_id > 0)
    sqlite3_bind_int64 (stmt, 2, scope->series_id);
  if (scope->series_path != NULL)
    sqlite3_bind_blob (stmt, 3, scope->series_path, (int) strlen (scope->series_path), SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VerifyBook book = { 0 };

      book.id = sqlite3_column_int64 (stmt, 0);
      if (scope->book_ids != NULL && !g_hash_table_contains (scope->book_ids, &book.id))
        continue;
      book.rel_path = g_strndup (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      book.size = sqlite3_column_int64 (stmt, 2);
      book.mtime = sqlite3_column_int64 (stmt, 3);
      book.verified = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      book.damaged = book.verified && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "error") == 0;
      g_array_append_val (books, book);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot list the books to verify");
      return NULL;
    }
  return g_steal_pointer (&books);
}

/* The file is as the catalog last saw it. */
static gboolean
unchanged_since_scan (const char       *path,
                      const VerifyBook *book)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return FALSE;
  return st.st_size == book->size &&
         (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000 == book->mtime;
}

static gboolean
verify_check (gpointer   user_data,
              GError   **error)
{
  return bindery_job_check (user_data, error);
}

static gboolean
record (BinderyCatalogWriter  *writer,
        gint64                 book_id,
        const char            *damage,
        GError               **error)
{
  if (!bindery_catalog_writer_begin (writer, error))
    return FALSE;
  if (!bindery_catalog_writer_set_book_verified (writer, book_id, damage, error))
    {
      bindery_catalog_writer_rollback (writer);
      return FALSE;
    }
  return bindery_catalog_writer_commit (writer, error);
}

gboolean
_bindery_verify_run (BinderyJob                *job,
                     BinderyLibrary            *library,
                     const BinderyVerifyScope  *scope,
                     BinderyVerifyCounts       *counts,
                     GError                   **error)
{
  BinderyCatalog *catalog = bindery_job_get_catalog (job);
  const char *root = bindery_library_get_path (library);
  g_autoptr(BinderyCatalogWriter) writer = NULL;
  g_autoptr(GArray) books = NULL;

  books = load_books (catalog, bindery_library_get_id (library), scope, error);
  if (books == NULL)
    return FALSE;

  writer = bindery_catalog_writer_new (catalog);
  counts->books += books->len;
  bindery_job_set_message (job, _("Verifying book data"));
  bindery_job_set_items (job, 0, books->len);

  for (guint i = 0; i < books->len; i++)
    {
      const VerifyBook *book = &g_array_index (books, VerifyBook, i);
      g_autofree char *path = g_build_filename (root, book->rel_path, NULL);
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *bad_entry = NULL;
      g_autoptr(GError) local_error = NULL;
      guint64 bytes = 0;
      gboolean clean;

      if (!bindery_job_check (job, error))
        return FALSE;
      bindery_job_set_current_path (job, display);
      bindery_job_set_items (job, i, books->len);

      if (!scope->force && book->verified && unchanged_since_scan (path, book))
        {
          counts->skipped++;
          continue;
        }

      clean = bindery_book_verify (path, verify_check, job, &bytes, &bad_entry, &local_error);
      counts->bytes_read += bytes;
      if (clean)
        {
          counts->verified++;
          if (!record (writer, book->id, NULL, error))
            return FALSE;
          if (book->damaged)
            {
              counts->repaired++;
              bindery_job_log (job, BINDERY_LOG_INFO, display, _("Verified: every entry now reads clean"));
              bindery_job_announce_books_changed (job, &book->id, 1);
            }
          continue;
        }

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (g_error_matches (local_error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE))
        {
          counts->unreadable++;
          bindery_job_log (job, BINDERY_LOG_WARNING, display, _("Not verified: %s"), local_error->message);
          continue;
        }

      /* cut off, damaged, or a compression that cannot be read: the book is corrupt */
      counts->damaged++;
      bindery_job_log (job, BINDERY_LOG_ERROR, display, "%s: %s", "corrupt", local_error->message);
      if (!record (writer, book->id, local_error->message, error))
        return FALSE;
      bindery_job_announce_books_changed (job, &book->id, 1);
    }

  bindery_job_set_items (job, books->len, books->len);
  return TRUE;
}

void
_bindery_verify_counts_to_report (const BinderyVerifyCounts *counts,
                                  JsonObject                *report)
{
  json_object_set_int_member (report, "verified", counts->verified);
  json_object_set_int_member (report, "damaged", counts->damaged);
  json_object_set_int_member (report, "verify_skipped", counts->skipped);
  json_object_set_int_member (report, "verify_unreadable", counts->unreadable);
  json_object_set_int_member (report, "verify_bytes_read", counts->bytes_read);
}
