/* bindery-thumbnail-job.c: the thumbnail job (type "thumbnails")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-thumbs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bindery-library.h"
#include "bindery-job-target.h"
#include "bindery-thumbnail-cache.h"
#include "bindery-thumbnail-job.h"
#include "bindery-thumbnail-pool.h"
#include "bindery-thumbnailer.h"

/* Rows written per transaction, and the longest a finished thumbnail waits for its
 * row to be committed (and announced). */
#define COMMIT_EVERY_ROWS 64
#define COMMIT_EVERY_US   (G_USEC_PER_SEC / 2)

struct _BinderyThumbnailJob
{
  BinderyJob parent_instance;

  /* The books to make first (bindery_thumbnail_job_prioritize), shared with the worker */
  GMutex     lock;
  GArray    *wanted;          /* gint64, most wanted first */
  guint      wanted_serial;   /* bumped at each change */
};

G_DEFINE_FINAL_TYPE (BinderyThumbnailJob, bindery_thumbnail_job, BINDERY_TYPE_JOB)

typedef struct {
  gint64             book_id;
  char              *path;
  char              *display_path;
  BinderyBookFormat  format;
  char              *cover_entry;
  char              *key;
  char              *rel_path;
  char              *old_key;
  char              *old_path;
  gboolean           pushed;     /* handed to the pool */
  gboolean           wanted;     /* pushed ahead of its turn, for bindery_thumbnail_job_prioritize */
} BookRow;

static void
book_row_free (BookRow *row)
{
  g_free (row->path);
  g_free (row->display_path);
  g_free (row->cover_entry);
  g_free (row->key);
  g_free (row->rel_path);
  g_free (row->old_key);
  g_free (row->old_path);
  g_free (row);
}

typedef struct {
  BinderyJob      *job;
  BinderyCatalog  *catalog;
  const char      *thumbnail_dir;
  guint            height;
  guint            quality;
  gboolean         in_transaction;
  guint            batch_rows;
  gint64           batch_started;
  GPtrArray       *superseded;   /* char* rel paths to remove after the commit */
  GArray          *changed;      /* gint64 book ids to announce after the commit */
  guint64          done;
  guint64          total;
  guint64          generated;
  guint64          skipped;
  guint64          failed;
  guint64          no_cover;
  guint64          bytes_written;
  guint            wanted_in_flight;   /* prioritized books in the pool, not finished yet */
} RunState;

/* --- target and options ---------------------------------------------------------- */

static gboolean
option_force (BinderyJob *job)
{
  JsonObject *options = bindery_job_get_options (job);

  return options != NULL && json_object_has_member (options, "force")
         && json_object_get_boolean_member_with_default (options, "force", FALSE);
}

static guint
option_threads (BinderyJob *job)
{
  JsonObject *options = bindery_job_get_options (job);
  gint64 n = 0;

  if (options != NULL)
    n = json_object_get_int_member_with_default (options, "threads", 0);
  return n > 0 && n <= 256 ? (guint) n : 0;
}

static JsonObject *
options_new (gboolean force)
{
  JsonObject *options = json_object_new ();

  json_object_set_boolean_member (options, "force", force);
  return options;
}

static BinderyJob *
job_new (gint64      library_id,
         const char *target,
         gboolean    force)
{
  g_autoptr(JsonObject) options = options_new (force);

  bindery_thumbnail_job_register_type ();
  return g_object_new (BINDERY_TYPE_THUMBNAIL_JOB,
                       "library-id", library_id,
                       "target", target,
                       "options", options,
                       NULL);
}

BinderyJob *
bindery_thumbnail_job_new_for_library (gint64   library_id,
                                       gboolean force)
{
  return job_new (library_id, NULL, force);
}

BinderyJob *
bindery_thumbnail_job_new_for_series (gint64   library_id,
                                      gint64   series_id,
                                      gboolean force)
{
  g_autofree char *target = bindery_job_target_for_series (series_id);

  return job_new (library_id, target, force);
}

BinderyJob *
bindery_thumbnail_job_new_for_books (gint64    library_id,
                                     GArray   *book_ids,
                                     gboolean  force)
{
  g_autofree char *target = NULL;

  g_return_val_if_fail (book_ids != NULL, NULL);

  target = bindery_job_target_for_books ((const gint64 *) (gpointer) book_ids->data, book_ids->len);
  return job_new (library_id, target, force);
}

/* --- catalog ------------------------------------------------------------------------ */

static BinderyBookFormat
format_from_string (const char *str)
{
  for (BinderyBookFormat f = BINDERY_BOOK_FORMAT_ZIP; f <= BINDERY_BOOK_FORMAT_PDF; f++)
    if (g_strcmp0 (str, bindery_book_format_to_string (f)) == 0)
      return f;
  return BINDERY_BOOK_FORMAT_UNKNOWN;
}

static char *
column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  const void *data = sqlite3_column_blob (stmt, column);
  int len = sqlite3_column_bytes (stmt, column);

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strndup (data != NULL ? data : "", len);
}

#define BOOKS_SQL \
  "SELECT b.id, b.rel_path, b.fingerprint, b.format, b.cover_entry, b.size, b.mtime," \
  "       t.cache_key, t.path, b.series_id" \
  "  FROM books b LEFT JOIN thumbnails t ON t.book_id = b.id" \
  " WHERE b.library_id = ?1 AND b.status = 'ready'" \
  " ORDER BY b.series_id, b.rel_path"

static GPtrArray *
load_books (RunState       *state,
            BinderyLibrary *library,
            gint64          series_id,
            GHashTable     *book_ids,
            GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) book_row_free);
  const char *root = bindery_library_get_path (library);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (state->catalog, BOOKS_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, bindery_library_get_id (library));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *rel_path = NULL;
      g_autofree char *cover_entry = NULL;
      BinderyThumbnailKeySource source = { 0, };
      BookRow *row;

      if (series_id > 0 && sqlite3_column_int64 (stmt, 9) != series_id)
        continue;
      if (book_ids != NULL && !g_hash_table_contains (book_ids, &id))
        continue;

      rel_path = column_bytes (stmt, 1);
      cover_entry = column_bytes (stmt, 4);

      row = g_new0 (BookRow, 1);
      row->book_id = id;
      row->path = g_build_filename (root, rel_path, NULL);
      row->display_path = g_filename_display_name (row->path);
      row->format = format_from_string ((const char *) sqlite3_column_text (stmt, 3));
      row->cover_entry = g_strdup (cover_entry);

      source.fingerprint = (const char *) sqlite3_column_text (stmt, 2);
      source.size = sqlite3_column_int64 (stmt, 5);
      source.mtime = sqlite3_column_int64 (stmt, 6);
      source.cover_entry = cover_entry;
      source.cover_entry_len = cover_entry != NULL ? strlen (cover_entry) : 0;
      source.height = state->height;
      source.quality = state->quality;
      row->key = bindery_thumbnail_cache_key (&source);
      row->rel_path = bindery_thumbnail_cache_rel_path (row->key);
      row->old_key = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      row->old_path = g_strdup ((const char *) sqlite3_column_text (stmt, 8));

      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (state->catalog, error, "Cannot list the books");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&rows);
}

static gboolean
file_present (RunState   *state,
              const char *rel_path)
{
  g_autofree char *path = NULL;
  GStatBuf st;

  if (rel_path == NULL)
    return FALSE;
  path = g_build_filename (state->thumbnail_dir, rel_path, NULL);
  /* Cache files are written without fsync: one a crash left empty is missing. */
  return g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0;
}

static gboolean
ensure_transaction (RunState  *state,
                    GError   **error)
{
  if (state->in_transaction)
    return TRUE;
  if (!bindery_catalog_begin (state->catalog, error))
    return FALSE;
  state->in_transaction = TRUE;
  state->batch_rows = 0;
  state->batch_started = g_get_monotonic_time ();
  return TRUE;
}

static gboolean
commit_batch (RunState  *state,
              GError   **error)
{
  if (state->in_transaction)
    {
      /* The job's row moves with its thumbnails: the queue's own saves of it find the
       * catalog locked by this job most of the time. */
      if (!bindery_job_save_progress (state->job, error) ||
          !bindery_catalog_commit (state->catalog, error))
        {
          bindery_catalog_rollback (state->catalog);
          state->in_transaction = FALSE;
          return FALSE;
        }
      state->in_transaction = FALSE;
    }

  /* Only now that no committed row points at them. */
  for (guint i = 0; i < state->superseded->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      if (!bindery_thumbnail_cache_remove (state->thumbnail_dir,
                                           g_ptr_array_index (state->superseded, i), &local_error))
        bindery_job_log (state->job, BINDERY_LOG_WARNING, NULL, "%s", local_error->message);
    }
  g_ptr_array_set_size (state->superseded, 0);

  if (state->changed->len > 0)
    bindery_job_announce_books_changed (state->job, (const gint64 *) (gpointer) state->changed->data,
                                        state->changed->len);
  g_array_set_size (state->changed, 0);
  return TRUE;
}

static gboolean
write_row (RunState             *state,
           BookRow              *row,
           BinderyThumbnailTask *task,
           GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = bindery_catalog_prepare (state->catalog,
                                  "INSERT OR REPLACE INTO thumbnails"
                                  " (book_id, cache_key, path, width, height, quality, source_entry, bytes, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->book_id);
  sqlite3_bind_text (stmt, 2, row->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->rel_path, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, task->out_width);
  sqlite3_bind_int (stmt, 5, task->out_height);
  sqlite3_bind_int (stmt, 6, state->quality);
  if (task->source_entry != NULL)
    sqlite3_bind_blob (stmt, 7, task->source_entry, strlen (task->source_entry), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, task->bytes);
  sqlite3_bind_int64 (stmt, 9, g_get_real_time ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      bindery_catalog_set_error (state->catalog, error, "Cannot record the thumbnail");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
delete_row (RunState  *state,
            BookRow   *row,
            GError   **error)
{
  sqlite3_stmt *stmt;

  stmt = bindery_catalog_prepare (state->catalog, "DELETE FROM thumbnails WHERE book_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->book_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      bindery_catalog_set_error (state->catalog, error, "Cannot remove the thumbnail record");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* A book that now has no thumbnail: drop its old row and file unless they are
 * still exactly right (same key, file present). */
static gboolean
drop_stale (RunState  *state,
            BookRow   *row,
            GError   **error)
{
  if (row->old_path == NULL)
    return TRUE;
  if (g_strcmp0 (row->old_key, row->key) == 0 && file_present (state, row->old_path))
    return TRUE;
  if (!ensure_transaction (state, error) || !delete_row (state, row, error))
    return FALSE;
  g_ptr_array_add (state->superseded, g_strdup (row->old_path));
  g_array_append_val (state->changed, row->book_id);
  state->batch_rows++;
  return TRUE;
}

static gboolean
handle_finished (RunState             *state,
                 BinderyThumbnailTask *task,
                 GError              **error)
{
  BookRow *row = task->user_data;
  gboolean wanted_done = FALSE;

  if (row->wanted)
    {
      g_assert (state->wanted_in_flight > 0);
      wanted_done = --state->wanted_in_flight == 0;
    }

  for (guint i = 0; task->warnings != NULL && i < task->warnings->len; i++)
    bindery_job_log (state->job, BINDERY_LOG_WARNING, row->display_path, "%s",
                     (const char *) g_ptr_array_index (task->warnings, i));

  if (task->done)
    {
      if (!ensure_transaction (state, error) || !write_row (state, row, task, error))
        return FALSE;
      if (row->old_path != NULL && g_strcmp0 (row->old_path, row->rel_path) != 0)
        g_ptr_array_add (state->superseded, g_strdup (row->old_path));
      g_array_append_val (state->changed, row->book_id);
      state->batch_rows++;
      state->generated++;
      state->bytes_written += task->bytes;
    }
  else if (g_error_matches (task->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return TRUE;   /* not done, not failed: the job is being cancelled */
    }
  else if (g_error_matches (task->error, BINDERY_THUMBNAILER_ERROR, BINDERY_THUMBNAILER_ERROR_NO_COVER))
    {
      bindery_job_log (state->job, BINDERY_LOG_DEBUG, row->display_path, _("No thumbnail: %s"),
                       task->error->message);
      state->no_cover++;
      if (!drop_stale (state, row, error))
        return FALSE;
    }
  else
    {
      bindery_job_log (state->job, BINDERY_LOG_ERROR, row->display_path,
                       _("Cannot make the thumbnail: %s"), task->error->message);
      state->failed++;
      if (!drop_stale (state, row, error))
        return FALSE;
    }

  state->done++;
  bindery_job_set_items (state->job, state->done, state->total);
  bindery_job_set_current_path (state->job, row->display_path);

  /* The last book someone is waiting to see is announced at once. */
  if (state->batch_rows >= COMMIT_EVERY_ROWS || (state->in_transaction && wanted_done)
      || (state->in_transaction && g_get_monotonic_time () - state->batch_started >= COMMIT_EVERY_US))
    return commit_batch (state, error);
  return TRUE;
}

/* --- the books to make first ------------------------------------------------------------ */

void
bindery_thumbnail_job_prioritize (BinderyThumbnailJob *self,
                                  const gint64        *book_ids,
                                  guint                n_book_ids)
{
  g_return_if_fail (BINDERY_IS_THUMBNAIL_JOB (self));
  g_return_if_fail (book_ids != NULL || n_book_ids == 0);

  g_mutex_lock (&self->lock);
  g_array_set_size (self->wanted, 0);
  g_array_append_vals (self->wanted, book_ids, n_book_ids);
  self->wanted_serial++;
  g_mutex_unlock (&self->lock);
}

/* The next row to hand to the pool: a wanted one not made yet, else the next in order.
 * wanted/serial are the worker's copy of the wanted list, refreshed when it changed. */
static BookRow *
next_row (BinderyThumbnailJob *self,
          GPtrArray           *todo,
          guint               *next,
          GHashTable          *by_id,
          GArray              *wanted,
          guint               *wanted_next,
          guint               *serial)
{
  g_mutex_lock (&self->lock);
  if (*serial != self->wanted_serial)
    {
      *serial = self->wanted_serial;
      g_array_set_size (wanted, 0);
      g_array_append_vals (wanted, self->wanted->data, self->wanted->len);
      *wanted_next = 0;
    }
  g_mutex_unlock (&self->lock);

  while (*wanted_next < wanted->len)
    {
      gint64 id = g_array_index (wanted, gint64, (*wanted_next)++);
      BookRow *row = g_hash_table_lookup (by_id, &id);

      if (row != NULL && !row->pushed)
        {
          row->wanted = TRUE;
          return row;
        }
    }

  while (*next < todo->len)
    {
      BookRow *row = g_ptr_array_index (todo, (*next)++);

      if (!row->pushed)
        return row;
    }
  return NULL;
}

/* --- run ------------------------------------------------------------------------------ */

static gboolean
bindery_thumbnail_job_run (BinderyJob    *job,
                           GCancellable  *cancellable,
                           GError       **error)
{
  RunState state = { 0, };
  g_autoptr(BinderyLibrary) library = NULL;
  g_auto(BinderyJobTarget) target = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) todo = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint wanted_next = 0;
  guint wanted_serial = 0;
  guint n_pushed = 0;
  g_autoptr(GPtrArray) superseded = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(BinderyThumbnailPool) pool = NULL;
  g_autoptr(GError) stop_error = NULL;
  g_autoptr(JsonObject) report = NULL;
  gboolean force = option_force (job);
  gint64 started = g_get_monotonic_time ();
  guint next = 0;
  guint max_in_flight;

  state.job = job;
  state.catalog = bindery_job_get_catalog (job);
  state.thumbnail_dir = bindery_context_get_thumbnail_dir (bindery_job_get_context (job));
  state.superseded = superseded;
  state.changed = changed;

  if (!bindery_job_target_parse (bindery_job_get_target (job), &target, error))
    return FALSE;
  library = bindery_catalog_get_library (state.catalog, bindery_job_get_library_id (job), error);
  if (library == NULL)
    return FALSE;
  if (!bindery_job_target_resolve (&target, state.catalog, bindery_library_get_id (library), error))
    return FALSE;
  state.height = bindery_library_get_thumbnail_height (library);
  state.quality = bindery_library_get_thumbnail_quality (library);

  bindery_job_set_message (job, "Looking for thumbnails to make");
  rows = load_books (&state, library, target.series_id, target.book_ids, error);
  if (rows == NULL)
    return FALSE;

  /* Fresh thumbnails are skipped (missing-only); EPUBs without a declared cover need
   * no opening to know they have none. */
  todo = g_ptr_array_new ();
  state.total = rows->len;
  for (guint i = 0; i < rows->len; i++)
    {
      BookRow *row = g_ptr_array_index (rows, i);

      if (!force && row->old_key != NULL && g_str_equal (row->old_key, row->key)
          && g_strcmp0 (row->old_path, row->rel_path) == 0 && file_present (&state, row->rel_path))
        {
          state.skipped++;
          state.done++;
        }
      else
        {
          g_ptr_array_add (todo, row);
          g_hash_table_insert (by_id, &row->book_id, row);
        }
    }
  bindery_job_set_items (job, state.done, state.total);
  bindery_job_set_message (job, "Making thumbnails");

  pool = bindery_thumbnail_pool_new (option_threads (job), cancellable);
  max_in_flight = 2 * bindery_thumbnail_pool_get_n_threads (pool);

  while (stop_error == NULL && (n_pushed < todo->len || bindery_thumbnail_pool_get_pending (pool) > 0))
    {
      g_autoptr(BinderyThumbnailTask) finished = NULL;

      /* Keep the pool busy, a bounded number of books ahead: pause and cancel act
       * within a couple of books, and so do the books someone wants to see first. */
      while (n_pushed < todo->len && bindery_thumbnail_pool_get_pending (pool) < max_in_flight)
        {
          BookRow *row = next_row (BINDERY_THUMBNAIL_JOB (job), todo, &next, by_id,
                                   wanted, &wanted_next, &wanted_serial);
          BinderyThumbnailTask *task = bindery_thumbnail_task_new ();

          g_assert (row != NULL);
          row->pushed = TRUE;
          n_pushed++;
          if (row->wanted)
            state.wanted_in_flight++;

          task->book_id = row->book_id;
          task->path = g_strdup (row->path);
          task->format = row->format;
          task->cover_entry = g_strdup (row->cover_entry);
          task->height = state.height;
          task->quality = state.quality;
          task->thumbnail_dir = g_strdup (state.thumbnail_dir);
          task->rel_path = g_strdup (row->rel_path);
          task->user_data = row;
          bindery_thumbnail_pool_push (pool, task);
        }

      /* A slow book (a huge cover, a stalled network file) does not keep the rows
       * made meanwhile uncommitted, nor the catalog locked. */
      if (state.in_transaction)
        {
          finished = bindery_thumbnail_pool_pop_timeout (pool, state.batch_started + COMMIT_EVERY_US
                                                                 - g_get_monotonic_time ());
          if (finished == NULL && !commit_batch (&state, &stop_error))
            break;
        }
      else
        {
          finished = bindery_thumbnail_pool_pop (pool);
        }
      if (finished != NULL && !handle_finished (&state, finished, &stop_error))
        break;
      /* A paused job does not keep the catalog locked while it waits. */
      if (bindery_job_is_pause_requested (job) && !commit_batch (&state, &stop_error))
        break;
      if (!bindery_job_check (job, &stop_error))
        break;
    }

  /* Cancelled or failed: what the pool finishes still gets its row (its file exists). */
  while (bindery_thumbnail_pool_get_pending (pool) > 0)
    {
      g_autoptr(BinderyThumbnailTask) finished = bindery_thumbnail_pool_pop (pool);
      g_autoptr(GError) late_error = NULL;

      if (!handle_finished (&state, finished, &late_error) && stop_error == NULL)
        stop_error = g_steal_pointer (&late_error);
    }
  {
    g_autoptr(GError) commit_error = NULL;
    if (!commit_batch (&state, &commit_error) && stop_error == NULL)
      stop_error = g_steal_pointer (&commit_error);
  }

  report = json_object_new ();
  json_object_set_int_member (report, "library_id", bindery_library_get_id (library));
  json_object_set_string_member (report, "library", bindery_library_get_name (library));
  if (bindery_job_get_target (job) != NULL)
    json_object_set_string_member (report, "target", bindery_job_get_target (job));
  else
    json_object_set_null_member (report, "target");
  json_object_set_boolean_member (report, "force", force);
  json_object_set_int_member (report, "height", state.height);
  json_object_set_int_member (report, "quality", state.quality);
  json_object_set_int_member (report, "books", state.total);
  json_object_set_int_member (report, "generated", state.generated);
  json_object_set_int_member (report, "skipped", state.skipped);
  json_object_set_int_member (report, "failed", state.failed);
  json_object_set_int_member (report, "no_cover", state.no_cover);
  json_object_set_int_member (report, "bytes_written", state.bytes_written);
  json_object_set_int_member (report, "threads", bindery_thumbnail_pool_get_n_threads (pool));
  json_object_set_double_member (report, "duration",
                                 (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  bindery_job_take_report (job, g_steal_pointer (&report));

  if (stop_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stop_error));
      return FALSE;
    }

  bindery_job_log (job, BINDERY_LOG_INFO, NULL,
                   "%" G_GUINT64_FORMAT " thumbnails made, %" G_GUINT64_FORMAT " fresh, %"
                   G_GUINT64_FORMAT " failed",
                   state.generated, state.skipped, state.failed);
  return TRUE;
}

/* A job made from a type name (a follow-up, a resumed row) gets the same title as
 * one made by the constructors above. */
static void
bindery_thumbnail_job_constructed (GObject *object)
{
  BinderyJob *job = BINDERY_JOB (object);

  if (bindery_job_get_title (job) == NULL)
    bindery_job_set_title (job, option_force (job) ? _("Thumbnails (all again)") : _("Thumbnails"));

  G_OBJECT_CLASS (bindery_thumbnail_job_parent_class)->constructed (object);
}

static void
bindery_thumbnail_job_finalize (GObject *object)
{
  BinderyThumbnailJob *self = BINDERY_THUMBNAIL_JOB (object);

  g_array_unref (self->wanted);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (bindery_thumbnail_job_parent_class)->finalize (object);
}

static void
bindery_thumbnail_job_class_init (BinderyThumbnailJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BinderyJobClass *job_class = BINDERY_JOB_CLASS (klass);

  object_class->constructed = bindery_thumbnail_job_constructed;
  object_class->finalize = bindery_thumbnail_job_finalize;

  job_class->type_name = "thumbnails";
  job_class->run = bindery_thumbnail_job_run;
}

static void
bindery_thumbnail_job_init (BinderyThumbnailJob *self)
{
  g_mutex_init (&self->lock);
  self->wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
}

void
bindery_thumbnail_job_register_type (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      bindery_job_register_type (BINDERY_TYPE_THUMBNAIL_JOB);
      g_once_init_leave (&registered, 1);
    }
}
