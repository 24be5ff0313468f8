/* bindery-scan-run.c: one library scan, on the job's worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * walk → snapshot → plan → analyse (bindery-scan-analyser.c) → write in walk order. The writer is this thread: it owns the job's catalog connection.
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "bindery-book.h"
#include "bindery-catalog-writer.h"
#include "bindery-scan-plan.h"
#include "bindery-scan-private.h"
#include "bindery-verify-private.h"
#include "bindery-walker.h"

/* A series end closes the batch once it is this old (µs): the UI sees whole series
 * appear without a commit per small series. */
#define SERIES_BATCH_MIN_AGE (G_USEC_PER_SEC / 4)
/* Unchanged books between two checks of pause/cancel and progress updates. */
#define FAST_CHECK_EVERY 512

typedef struct {
  guint64 books_created, books_updated, books_unchanged, books_missing;
  guint64 books_restored, books_moved, errored, bytes_read;
  guint64 series_updated, series_missing, series_restored;
  guint64 series_created;
} ScanCounts;

typedef struct {
  BinderyJob             *job;
  const BinderyScanSettings *settings;
  BinderyLibrary         *library;
  const char             *root;
  BinderyLibraryPattern   pattern;
  gboolean                sync;
  gboolean                deep;
  gboolean                verify;
  BinderyVerifyCounts     verify_counts;

  BinderyWalk            *walk;
  BinderyScanSnapshot    *snapshot;
  BinderyScanPlan        *plan;
  BinderyCatalogWriter   *writer;

  BinderyScanAnalyser    *analyser;

  /* writer side */
  GHashTable             *series_ids;  /* series rel_path → gint64* */
  GHashTable             *present_series; /* series rel_path set (books found) */
  GHashTable             *touched_series; /* series rel_path set (something changed) */
  GHashTable             *created_series; /* series rel_path set */
  GArray                 *batch_added;
  GArray                 *batch_changed;
  guint                   batch_count;
  gint64                  batch_started;   /* µs, monotonic */
  const char             *batch_series;
  GArray                 *new_book_ids;

  /* report: what was done (c), and what of it the catalog holds (committed) */
  ScanCounts              c;
  ScanCounts              committed;
} ScanRun;

static char *
display_path (ScanRun    *run,
              const char *rel_path)
{
  g_autofree char *path = g_build_filename (run->root, rel_path, NULL);

  return g_filename_display_name (path);
}

static void
walk_log (gpointer         user_data,
          BinderyLogLevel  level,
          const char      *rel_path,
          const char      *message)
{
  ScanRun *run = user_data;
  g_autofree char *path = display_path (run, rel_path);

  bindery_job_log (run->job, level, path, "%s", message);
}

static gboolean
walk_check (gpointer   user_data,
            GError   **error)
{
  ScanRun *run = user_data;

  return bindery_job_check (run->job, error);
}

/* --- writing ---------------------------------------------------------------------- */

static gboolean
flush_batch (ScanRun  *run,
             GError  **error)
{
  if (!bindery_catalog_writer_commit (run->writer, error))
    return FALSE;
  run->committed = run->c;

  if (run->batch_added->len > 0)
    bindery_job_announce_books_added (run->job, (const gint64 *) (gpointer) run->batch_added->data,
                                      run->batch_added->len);
  if (run->batch_changed->len > 0)
    bindery_job_announce_books_changed (run->job, (const gint64 *) (gpointer) run->batch_changed->data,
                                        run->batch_changed->len);
  g_array_set_size (run->batch_added, 0);
  g_array_set_size (run->batch_changed, 0);
  run->batch_count = 0;
  return TRUE;
}

/* bindery_job_check() for the write loop: a paused scan first commits its open batch,
 * so that nobody else (the app saving job progress or preferences, bindery-cli library
 * set) waits on our write transaction while we wait for resume. */
static gboolean
write_check (ScanRun  *run,
             GError  **error)
{
  if (bindery_job_is_pause_requested (run->job) && !flush_batch (run, error))
    return FALSE;
  return bindery_job_check (run->job, error);
}

/* Before a write for series_path: batch boundaries and the transaction. */
static gboolean
begin_write (ScanRun     *run,
             const char  *series_path,
             GError     **error)
{
  if (run->batch_count > 0 && !run->sync && series_path != run->batch_series &&
      g_strcmp0 (series_path, run->batch_series) != 0 &&
      g_get_monotonic_time () - run->batch_started >= SERIES_BATCH_MIN_AGE)
    {
      if (!flush_batch (run, error))
        return FALSE;
    }
  run->batch_series = series_path;
  if (run->batch_count == 0)
    run->batch_started = g_get_monotonic_time ();
  return bindery_catalog_writer_begin (run->writer, error);
}

/* After a book was written. */
static gboolean
end_write (ScanRun  *run,
           gint64    book_id,
           gboolean  changed_only,
           GError  **error)
{
  g_array_append_val (changed_only ? run->batch_changed : run->batch_added, book_id);
  run->batch_count++;
  if (run->sync || run->batch_count >= BINDERY_SCAN_BATCH_SIZE)
    return flush_batch (run, error);
  return TRUE;
}

static gint64
ensure_series (ScanRun     *run,
               const char  *series_path,
               GError     **error)
{
  gint64 *stored = g_hash_table_lookup (run->series_ids, series_path);
  g_autofree char *name = NULL;
  gint64 id;

  if (stored != NULL)
    return *stored;

  name = bindery_scan_series_name (run->root, series_path);
  id = bindery_catalog_writer_add_series (run->writer, bindery_library_get_id (run->library),
                                          series_path, name, error);
  if (id == 0)
    return 0;

  g_hash_table_insert (run->series_ids, (gpointer) series_path, g_memdup2 (&id, sizeof id));
  if (g_hash_table_add (run->created_series, (gpointer) series_path))
    run->c.series_created++;
  return id;
}

static void
touch_series (ScanRun    *run,
              const char *series_path)
{
  if (series_path != NULL)
    g_hash_table_add (run->touched_series, (gpointer) series_path);
}

static const char *
error_kind (const GError *error)
{
  if (error->domain == BINDERY_BOOK_ERROR)
    return bindery_book_error_kind_to_string (error->code);
  if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR)
    return "unreadable";
  return "corrupt";
}

static void
log_book_info (ScanRun         *run,
               const char      *path,
               BinderyBookInfo *info)
{
  /* A content/extension mismatch arrives among info->warnings, worded by the reader. */
  if (info->metadata_error != NULL)
    bindery_job_log (run->job, BINDERY_LOG_WARNING, path, _("Metadata not read: %s"), info->metadata_error);
  for (guint i = 0; info->warnings != NULL && i < info->warnings->len; i++)
    bindery_job_log (run->job, BINDERY_LOG_WARNING, path, "%s", (const char *) g_ptr_array_index (info->warnings, i));
}

/* Writes a read book (new: book_id 0). Returns its id, 0 + error on failure: a write that
 * fails stops the scan (the open batch is rolled back), it is never counted as done. */
static gint64
write_read_book (ScanRun                *run,
                 const BinderyScanItem  *item,
                 BinderyScanWork        *work,
                 gint64                  book_id,
                 gint64                  series_id,
                 GError                **error)
{
  g_autofree char *path = display_path (run, item->file->rel_path);
  g_autofree char *name = g_filename_display_name (item->file->name);
  BinderyBookInfo *info = work->info;
  BinderyBookRecord record = { 0 };
  gint64 id;

  record.id = book_id;
  record.library_id = bindery_library_get_id (run->library);
  record.series_id = series_id;
  record.rel_path = item->file->rel_path;
  record.name = name;
  record.size = item->file->size;
  record.mtime = item->file->mtime;
  record.inode = item->file->inode;
  record.sidecar = item->file->sidecar;
  record.fingerprint = work->fingerprint;
  record.metadata = work->metadata;
  record.metadata_row = work->metadata_row;
  record.page_count = -1;
  /* The stamp the follow-ups find the books of this scan by ("scan:ID"): every book read
   * here, exactly those the outcome's new_book_ids lists. The queue gave the job its id
   * before running it (0 for a job run outside a queue: no stamp). */
  record.scan_job = bindery_job_get_id (run->job);

  if (info != NULL)
    {
      record.format = bindery_book_format_to_string (info->format);
      record.page_count = (int) info->page_count;
      record.cover_entry = info->cover_entry;
      record.status = "ready";
      record.metadata_error = info->metadata_error;
      log_book_info (run, path, info);
    }
  else
    {
      const GError *read_error = work->error;

      record.format = bindery_book_format_to_string (bindery_book_format_from_name (item->file->name));
      record.status = "error";
      record.error_kind = read_error != NULL ? error_kind (read_error) : "corrupt";
      record.error_message = read_error != NULL ? read_error->message : "Unreadable";
      bindery_job_log (run->job, BINDERY_LOG_ERROR, path, "%s: %s", record.error_kind, record.error_message);
      run->c.errored++;
    }

  id = bindery_catalog_writer_put_book (run->writer, &record, error);
  if (id == 0)
    g_prefix_error (error, _("Cannot write %s to the catalog: "), path);
  return id;
}

/* A new file whose fingerprint is a vanished book's: same id, metadata kept. */
static gboolean
write_moved_book (ScanRun                *run,
                  const BinderyScanItem  *item,
                  int                     snapshot_index,
                  gint64                  series_id,
                  GError                **error)
{
  BinderySnapshotBook *old = &g_array_index (run->snapshot->books, BinderySnapshotBook, snapshot_index);
  g_autofree char *name = g_filename_display_name (item->file->name);
  g_autofree char *path = display_path (run, item->file->rel_path);
  g_autofree char *old_path = display_path (run, old->rel_path);
  g_autofree char *old_series = bindery_scan_series_path (run->pattern, old->rel_path);

  if (!bindery_catalog_writer_move_book (run->writer, old->id, series_id, item->file->rel_path, name,
                                         item->file->size, item->file->mtime, item->file->inode, error))
    return FALSE;

  bindery_job_log (run->job, BINDERY_LOG_INFO, path, _("Moved from %s"), old_path);
  touch_series (run, g_string_chunk_insert_const (run->plan->strings, old_series));
  if (old->status == BINDERY_BOOK_STATUS_ERROR)
    run->c.errored++;
  run->c.books_moved++;
  return end_write (run, old->id, FALSE, error);
}

static gboolean handle_unchanged (ScanRun *run, const BinderyScanItem *item, GError **error);

static gboolean
handle_work (ScanRun                *run,
             const BinderyScanItem  *item,
             BinderyScanWork        *work,
             GError                **error)
{
  BinderySnapshotBook *old = item->snapshot_book >= 0
    ? &g_array_index (run->snapshot->books, BinderySnapshotBook, item->snapshot_book) : NULL;
  g_autofree char *path = display_path (run, item->file->rel_path);
  gint64 series_id;
  gint64 id;

  bindery_job_set_current_path (run->job, path);

  /* deep scan, content unchanged: as any unchanged book */
  if (!work->read && item->action == BINDERY_SCAN_ACTION_UNCHANGED)
    return handle_unchanged (run, item, error);

  if (!begin_write (run, item->series_path, error))
    return FALSE;
  series_id = ensure_series (run, item->series_path, error);
  if (series_id == 0)
    return FALSE;
  touch_series (run, item->series_path);

  switch (item->action)
    {
    case BINDERY_SCAN_ACTION_NEW:
      if (!work->read)
        {
          int moved = bindery_scan_plan_claim_moved (run->plan, work->fingerprint);

          if (moved >= 0)
            return write_moved_book (run, item, moved, series_id, error);

          /* another file already took that book: this one is a new book */
          bindery_scan_analyser_read (run->analyser, work);
        }
      run->c.bytes_read += item->file->size;
      id = write_read_book (run, item, work, 0, series_id, error);
      if (id == 0)
        return FALSE;
      run->c.books_created++;
      g_array_append_val (run->new_book_ids, id);
      return end_write (run, id, FALSE, error);

    case BINDERY_SCAN_ACTION_RESTORED:
      if (!work->read)
        {
          if (!bindery_catalog_writer_set_book_missing (run->writer, old->id, FALSE, error))
            return FALSE;
          if (series_id != old->series_id &&
              !bindery_catalog_writer_set_book_series (run->writer, old->id, series_id, error))
            return FALSE;
          if (old->status == BINDERY_BOOK_STATUS_ERROR)
            run->c.errored++;
          run->c.books_restored++;
          return end_write (run, old->id, FALSE, error);
        }
      G_GNUC_FALLTHROUGH;
    case BINDERY_SCAN_ACTION_CHANGED:
    case BINDERY_SCAN_ACTION_UNCHANGED:
    default:
      run->c.bytes_read += item->file->size;
      id = write_read_book (run, item, work, old->id, series_id, error);
      if (id == 0)
        return FALSE;
      if (item->action == BINDERY_SCAN_ACTION_RESTORED)
        run->c.books_restored++;
      else
        run->c.books_updated++;
      g_array_append_val (run->new_book_ids, id);
      return end_write (run, id, FALSE, error);
    }
}

/* An unchanged book (not opened). */
static gboolean
handle_unchanged (ScanRun                *run,
                  const BinderyScanItem  *item,
                  GError                **error)
{
  const BinderySnapshotBook *old = &g_array_index (run->snapshot->books, BinderySnapshotBook, item->snapshot_book);
  gint64 *series_id = g_hash_table_lookup (run->series_ids, item->series_path);

  if (old->status == BINDERY_BOOK_STATUS_ERROR)
    run->c.errored++;

  if (item->action == BINDERY_SCAN_ACTION_UNCHANGED &&
      series_id != NULL && *series_id == old->series_id)
    {
      run->c.books_unchanged++;
      return TRUE;
    }

  /* restored in place, or filed under another series row than its folder's */
  if (!begin_write (run, item->series_path, error))
    return FALSE;
  if (series_id == NULL || *series_id != old->series_id)
    {
      gint64 id = ensure_series (run, item->series_path, error);

      if (id == 0 || !bindery_catalog_writer_set_book_series (run->writer, old->id, id, error))
        return FALSE;
      touch_series (run, item->series_path);
    }
  if (item->action == BINDERY_SCAN_ACTION_RESTORED)
    {
      if (!bindery_catalog_writer_set_book_missing (run->writer, old->id, FALSE, error))
        return FALSE;
      touch_series (run, item->series_path);
      run->c.books_restored++;
    }
  else
    run->c.books_unchanged++;
  return end_write (run, old->id, FALSE, error);
}

/* --- after the books: missing books, series states, series.json ------------------ */

static char *
read_series_json (ScanRun    *run,
                  const char *series_path)
{
  g_autofree char *path = g_build_filename (run->root, series_path, "series.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonNode *root;

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_autofree char *display = g_filename_display_name (path);

      bindery_job_log (run->job, BINDERY_LOG_WARNING, display, _("Cannot read series metadata: %s"), error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *display = g_filename_display_name (path);

      bindery_job_log (run->job, BINDERY_LOG_WARNING, display, _("Series metadata is not a JSON object; ignored"));
      return NULL;
    }

  /* Mylar: {"version": "1.0.x", "metadata": {…}} */
  if (json_object_has_member (json_node_get_object (root), "metadata") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "metadata")))
    node = json_node_ref (json_object_get_member (json_node_get_object (root), "metadata"));
  else
    node = json_node_ref (root);

  return json_to_string (node, FALSE);
}

static gboolean
finish_series (ScanRun  *run,
               GError  **error)
{
  g_autoptr(GHashTable) dirs = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < run->walk->dirs->len; i++)
    {
      BinderyWalkDir *dir = &g_array_index (run->walk->dirs, BinderyWalkDir, i);

      g_hash_table_insert (dirs, (gpointer) dir->rel_path, dir);
    }

  /* series.json of the series found */
  g_hash_table_iter_init (&iter, run->present_series);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *series_path = key;
      BinderyWalkDir *dir = g_hash_table_lookup (dirs, series_path);
      int index = bindery_scan_snapshot_find_series (run->snapshot, series_path);
      const char *stored = index >= 0 ? g_array_index (run->snapshot->series, BinderySnapshotSeries, index).metadata : NULL;
      g_autofree char *json = NULL;
      gint64 series_id;

      if (dir != NULL && dir->has_series_json)
        json = read_series_json (run, series_path);
      if (g_strcmp0 (json, stored) == 0)
        continue;

      series_id = ensure_series (run, series_path, error);
      if (series_id == 0 ||
          !bindery_catalog_writer_set_series_metadata (run->writer, series_id, json, error))
        return FALSE;
      touch_series (run, series_path);
    }

  /* states of the series in scope */
  for (guint i = 0; i < run->snapshot->series->len; i++)
    {
      BinderySnapshotSeries *series = &g_array_index (run->snapshot->series, BinderySnapshotSeries, i);
      /* a series the walk could not (wholly) read is kept as it was */
      gboolean present = g_hash_table_contains (run->present_series, series->rel_path) ||
                         g_hash_table_contains (run->plan->unknown_series, series->rel_path) ||
                         bindery_walk_is_unreadable (run->walk, series->rel_path);

      if (run->settings->series_path != NULL && strcmp (series->rel_path, run->settings->series_path) != 0)
        continue;
      if (run->settings->folders != NULL &&
          !bindery_scan_scope_covers_series (run->settings->folders, run->pattern, series->rel_path))
        continue;

      if (present && series->missing)
        {
          if (!bindery_catalog_writer_set_series_status (run->writer, series->id, "ready", error))
            return FALSE;
          run->c.series_restored++;
        }
      else if (!present && !series->missing)
        {
          if (!bindery_catalog_writer_set_series_status (run->writer, series->id, "missing", error))
            return FALSE;
          run->c.series_missing++;
        }
      else if (present && g_hash_table_contains (run->touched_series, series->rel_path))
        run->c.series_updated++;
    }

  return TRUE;
}

static gboolean
finish_missing (ScanRun  *run,
                GError  **error)
{
  for (guint i = 0; i < run->plan->vanished->len; i++)
    {
      int index = g_array_index (run->plan->vanished, int, i);
      BinderySnapshotBook *book = &g_array_index (run->snapshot->books, BinderySnapshotBook, index);
      g_autofree char *series_path = NULL;

      if (book->claimed || book->status == BINDERY_BOOK_STATUS_MISSING)
        continue;

      if (!bindery_catalog_writer_set_book_missing (run->writer, book->id, TRUE, error))
        return FALSE;
      {
        g_autofree char *path = display_path (run, book->rel_path);

        bindery_job_log (run->job, BINDERY_LOG_INFO, path, _("Missing: the file is gone (kept in the catalog)"));
      }
      series_path = bindery_scan_series_path (run->pattern, book->rel_path);
      touch_series (run, g_string_chunk_insert_const (run->plan->strings, series_path));
      g_array_append_val (run->batch_changed, book->id);
      run->c.books_missing++;
    }
  return TRUE;
}

/* --- the run ----------------------------------------------------------------------- */

static void
set_report (ScanRun      *run,
            gboolean      unavailable,
            gint64        started)
{
  JsonObject *report = json_object_new ();
  BinderyWalk *walk = run->walk;

  json_object_set_int_member (report, "library_id", bindery_library_get_id (run->library));
  json_object_set_string_member (report, "library", bindery_library_get_name (run->library));
  if (run->settings->series_path != NULL)
    {
      g_autofree char *series = g_filename_display_name (run->settings->series_path);
      json_object_set_string_member (report, "series", series);
    }
  else
    json_object_set_null_member (report, "series");
  if (run->settings->folders != NULL)
    {
      BinderyScanScope *folders = run->settings->folders;
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < bindery_scan_scope_get_n_entries (folders); i++)
        {
          gboolean tree = FALSE;
          const char *path = bindery_scan_scope_get_entry (folders, i, &tree);
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *entry = g_strconcat (tree ? "tree:" : "folder:", display, NULL);

          json_array_add_string_element (array, entry);
        }
      json_object_set_array_member (report, "folders", array);
    }
  json_object_set_string_member (report, "mode", run->sync ? "sync" : "batched");
  json_object_set_boolean_member (report, "deep", run->deep);
  json_object_set_boolean_member (report, "force", run->settings->force);
  json_object_set_boolean_member (report, "unavailable", unavailable);
  json_object_set_int_member (report, "files_seen", walk != NULL ? (gint64) walk->n_seen : 0);
  json_object_set_int_member (report, "files_ignored", walk != NULL ? (gint64) walk->n_ignored : 0);
  json_object_set_int_member (report, "files_skipped", walk != NULL ? (gint64) walk->n_skipped : 0);
  json_object_set_int_member (report, "folders_unreadable", walk != NULL ? (gint64) walk->n_unreadable_folders : 0);
  json_object_set_int_member (report, "files_unreadable", walk != NULL ? (gint64) walk->n_unreadable_files : 0);
  json_object_set_int_member (report, "books_unchecked", run->plan != NULL ? (gint64) run->plan->n_unknown : 0);
  json_object_set_int_member (report, "series_created", run->c.series_created);
  json_object_set_int_member (report, "series_updated", run->c.series_updated);
  json_object_set_int_member (report, "series_missing", run->c.series_missing);
  json_object_set_int_member (report, "series_restored", run->c.series_restored);
  json_object_set_int_member (report, "books_created", run->c.books_created);
  json_object_set_int_member (report, "books_updated", run->c.books_updated);
  json_object_set_int_member (report, "books_unchanged", run->c.books_unchanged);
  json_object_set_int_member (report, "books_missing", run->c.books_missing);
  json_object_set_int_member (report, "books_restored", run->c.books_restored);
  json_object_set_int_member (report, "books_moved", run->c.books_moved);
  json_object_set_int_member (report, "errored", run->c.errored + run->verify_counts.damaged -
                              MIN (run->verify_counts.repaired, run->c.errored));
  if (run->verify)
    {
      json_object_set_boolean_member (report, "verify", TRUE);
      _bindery_verify_counts_to_report (&run->verify_counts, report);
    }
  json_object_set_int_member (report, "bytes_read", run->c.bytes_read);
  json_object_set_double_member (report, "duration", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  bindery_job_take_report (run->job, report);
}

typedef struct {
  const BinderyWalkOptions *options;
  BinderyScanScope         *folders;
  BinderyWalk              *walk;
  GError                   *error;
  gint64                    duration;   /* µs */
} WalkTask;

static gpointer
walk_thread (gpointer data)
{
  WalkTask *task = data;
  gint64 start = g_get_monotonic_time ();

  if (task->folders != NULL)
    task->walk = bindery_scan_scope_walk (task->folders, task->options, &task->error);
  else
    task->walk = bindery_walk_run (task->options, &task->error);
  task->duration = g_get_monotonic_time () - start;
  return NULL;
}

static gboolean
is_unplugged_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
}

/* Nothing in the root, or it cannot be listed. */
static gboolean
root_is_empty (const char *root)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

/* The library folder is not there, or cannot be read (reason: NULL, or why it cannot
 * be opened): the library is unavailable and nothing in it changes. */
static gboolean
fail_unavailable (ScanRun      *run,
                  gint64        started,
                  const GError *reason,
                  GError      **error)
{
  const char *display = bindery_library_get_display_path (run->library);
  g_autoptr(GError) local_error = NULL;

  if (!bindery_catalog_set_library_state (bindery_job_get_catalog (run->job),
                                          bindery_library_get_id (run->library), "unavailable", &local_error))
    bindery_job_log (run->job, BINDERY_LOG_WARNING, NULL, "%s", local_error->message);
  set_report (run, TRUE, started);
  if (reason != NULL)
    {
      bindery_job_log (run->job, BINDERY_LOG_WARNING, display,
                       _("The library folder cannot be read (%s): the library is unavailable and none "
                       "of its books was marked missing"), reason->message);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The library folder “%s” cannot be read; the library is unavailable"), display);
      return FALSE;
    }
  bindery_job_log (run->job, BINDERY_LOG_WARNING, display,
                   _("The library folder is missing or empty (an unplugged drive?): the library is "
                   "unavailable and none of its books was marked missing"));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("The library folder “%s” is missing or empty; the library is unavailable"), display);
  return FALSE;
}

static gboolean
scan_books (ScanRun  *run,
            GError  **error)
{
  GArray *items = run->plan->items;
  guint slot = 0;
  guint since_update = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const BinderyScanItem *item = &g_array_index (items, BinderyScanItem, i);

      g_hash_table_add (run->present_series, (gpointer) item->series_path);

      if (item->analyse || item->fingerprint)
        {
          BinderyScanWork *work;

          if (!write_check (run, error))
            return FALSE;
          /* the analyser frees the work when it reuses its entry */
          work = bindery_scan_analyser_wait (run->analyser, slot++);
          if (!handle_work (run, item, work, error))
            return FALSE;
          bindery_job_set_items (run->job, i + 1, items->len);
          since_update = 0;
        }
      else
        {
          if (!handle_unchanged (run, item, error))
            return FALSE;
          if (++since_update >= FAST_CHECK_EVERY)
            {
              g_autofree char *path = display_path (run, item->file->rel_path);

              if (!write_check (run, error))
                return FALSE;
              bindery_job_set_items (run->job, i + 1, items->len);
              bindery_job_set_current_path (run->job, path);
              since_update = 0;
            }
        }
    }

  bindery_job_set_items (run->job, items->len, items->len);
  return TRUE;
}

static void
scan_run_clear (ScanRun *run)
{
  g_clear_pointer (&run->analyser, bindery_scan_analyser_free);
  if (run->writer != NULL)
    bindery_catalog_writer_rollback (run->writer);
  g_clear_object (&run->writer);
  g_clear_pointer (&run->plan, bindery_scan_plan_free);
  g_clear_pointer (&run->snapshot, bindery_scan_snapshot_free);
  g_clear_pointer (&run->walk, bindery_walk_free);
  g_clear_pointer (&run->series_ids, g_hash_table_unref);
  g_clear_pointer (&run->present_series, g_hash_table_unref);
  g_clear_pointer (&run->touched_series, g_hash_table_unref);
  g_clear_pointer (&run->created_series, g_hash_table_unref);
  g_clear_pointer (&run->batch_added, g_array_unref);
  g_clear_pointer (&run->batch_changed, g_array_unref);
  g_clear_pointer (&run->new_book_ids, g_array_unref);
  g_clear_object (&run->library);
}

static void
restore_state (ScanRun    *run,
               const char *state)
{
  g_autoptr(GError) error = NULL;

  if (!bindery_catalog_set_library_state (bindery_job_get_catalog (run->job),
                                          bindery_library_get_id (run->library), state, &error))
    bindery_job_log (run->job, BINDERY_LOG_WARNING, NULL, "%s", error->message);
}

static gboolean
library_exists (ScanRun *run)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;

  library = bindery_catalog_get_library (bindery_job_get_catalog (run->job),
                                         bindery_library_get_id (run->library), &error);
  return library != NULL || !g_error_matches (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
}

/* A write failed (write_error, taken): the open batch is rolled back and the report
 * counts only what was committed before. When the library was removed meanwhile, the
 * scan is cancelled saying so; otherwise it fails with the write's error. */
static gboolean
fail_write (ScanRun     *run,
            gint64       started,
            const char  *previous_state,
            GError      *write_error,
            GError     **error)
{
  bindery_catalog_writer_rollback (run->writer);
  run->c = run->committed;
  set_report (run, FALSE, started);

  if (!library_exists (run))
    {
      g_autofree char *reason = g_strdup_printf (_("Cancelled: its library “%s” was removed"),
                                                 bindery_library_get_name (run->library));

      g_error_free (write_error);
      bindery_job_set_cancel_reason (run->job, reason);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("The library “%s” was removed while it was being scanned"),
                   bindery_library_get_name (run->library));
      return FALSE;
    }

  restore_state (run, previous_state);
  bindery_job_log (run->job, BINDERY_LOG_ERROR, NULL, _("%s; the scan stopped, what it wrote before is kept"),
                   write_error->message);
  g_propagate_error (error, write_error);
  return FALSE;
}

static gboolean
scan_run_main (ScanRun  *run,
               gint64    started,
               GError  **error)
{
  BinderyCatalog *catalog = bindery_job_get_catalog (run->job);
  const BinderyScanSettings *settings = run->settings;
  g_autoptr(BinderyIgnore) ignore = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) snapshot_error = NULL;
  g_autofree char *previous_state = NULL;
  BinderyWalkOptions walk_options = { 0 };
  WalkTask walk_task = { 0 };
  GThread *walker;
  gint64 t_walk, t_snapshot, t_listed, t_planned, t_books;
  gboolean ok;

  run->root = bindery_library_get_path (run->library);
  run->pattern = bindery_library_get_pattern (run->library);
  previous_state = g_strdup (bindery_library_get_state (run->library));
  if (g_strcmp0 (previous_state, "unavailable") == 0 || g_strcmp0 (previous_state, "scanning") == 0)
    {
      g_free (previous_state);
      previous_state = g_strdup ("ready");
    }

  if (!g_file_test (run->root, G_FILE_TEST_IS_DIR))
    return fail_unavailable (run, started, NULL, error);

  restore_state (run, "scanning");
  bindery_job_set_message (run->job, "Listing folders");
  bindery_job_set_fraction (run->job, -1);

  ignore = bindery_ignore_new (bindery_library_get_ignore (run->library));
  walk_options.root = run->root;
  walk_options.start = settings->series_path;
  walk_options.recursive = settings->series_path == NULL || run->pattern == BINDERY_LIBRARY_PATTERN_COLLECTION;
  walk_options.ignore = ignore;
  walk_options.log = walk_log;
  walk_options.check = walk_check;
  walk_options.user_data = run;

  /* The walk (file system) and the snapshot (catalog) do not depend on each other:
   * the walk runs on a thread of its own while this thread loads the snapshot. */
  walk_task.options = &walk_options;
  walk_task.folders = settings->folders;
  t_walk = g_get_monotonic_time ();
  walker = g_thread_try_new ("bindery-walk", walk_thread, &walk_task, NULL);
  if (walker == NULL)
    walk_thread (&walk_task);
  t_snapshot = g_get_monotonic_time ();
  run->snapshot = bindery_scan_snapshot_load (catalog, bindery_library_get_id (run->library), &snapshot_error);
  t_snapshot = g_get_monotonic_time () - t_snapshot;
  if (walker != NULL)
    g_thread_join (walker);
  run->walk = g_steal_pointer (&walk_task.walk);
  local_error = g_steal_pointer (&walk_task.error);
  t_listed = g_get_monotonic_time ();

  if (run->walk == NULL)
    {
      if (settings->series_path == NULL || !is_unplugged_error (local_error))
        {
          restore_state (run, previous_state);
          if (is_unplugged_error (local_error))
            return fail_unavailable (run, started, NULL, error);
          /* the library folder itself cannot be read (its mode, an unmounted share) */
          if (settings->series_path == NULL &&
              g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
            return fail_unavailable (run, started, local_error, error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* the series folder is gone: every book of it is missing */
      g_clear_error (&local_error);
      run->walk = g_new0 (BinderyWalk, 1);
      run->walk->strings = g_string_chunk_new (64);
      run->walk->files = g_array_new (FALSE, FALSE, sizeof (BinderyWalkFile));
      run->walk->dirs = g_array_new (FALSE, FALSE, sizeof (BinderyWalkDir));
    }

  if (run->snapshot == NULL)
    {
      restore_state (run, previous_state);
      g_propagate_error (error, g_steal_pointer (&snapshot_error));
      return FALSE;
    }

  if (settings->series_path == NULL && settings->folders == NULL &&
      run->walk->n_root_entries == 0 && run->snapshot->n_present > 0)
    return fail_unavailable (run, started, NULL, error);
  /* a folder scan did not list the root: an emptied root (a drive unmounted under
   * its mount point) must not make the folders' books missing */
  if (settings->folders != NULL && run->snapshot->n_present > 0 && root_is_empty (run->root))
    return fail_unavailable (run, started, NULL, error);

  if (settings->folders != NULL)
    run->plan = bindery_scan_plan_new_for_folders (run->snapshot, run->walk, run->pattern, settings->folders,
                                                   settings->force, run->deep);
  else
    run->plan = bindery_scan_plan_new (run->snapshot, run->walk, run->pattern, settings->series_path,
                                       settings->force, run->deep);
  for (guint i = 0; i < run->snapshot->series->len; i++)
    {
      BinderySnapshotSeries *series = &g_array_index (run->snapshot->series, BinderySnapshotSeries, i);

      g_hash_table_insert (run->series_ids, (gpointer) series->rel_path, g_memdup2 (&series->id, sizeof series->id));
    }

  run->analyser = bindery_scan_analyser_new (run->root, run->plan, error);
  if (run->analyser == NULL)
    {
      restore_state (run, previous_state);
      return FALSE;
    }

  run->writer = bindery_catalog_writer_new (catalog);
  bindery_job_set_message (run->job, "Reading books");
  bindery_job_set_items (run->job, 0, run->plan->items->len);

  t_planned = g_get_monotonic_time ();
  ok = scan_books (run, &local_error);
  t_books = g_get_monotonic_time ();
  if (!ok)
    {
      /* keep what was written: every book in the open batch is complete */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) commit_error = NULL;

          if (!flush_batch (run, &commit_error))
            bindery_job_log (run->job, BINDERY_LOG_ERROR, NULL, "%s", commit_error->message);
        }
      else
        return fail_write (run, started, previous_state, g_steal_pointer (&local_error), error);
      restore_state (run, previous_state);
      set_report (run, FALSE, started);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!bindery_catalog_writer_begin (run->writer, &local_error) ||
      !finish_missing (run, &local_error) ||
      !finish_series (run, &local_error) ||
      !bindery_catalog_writer_set_library_scanned (run->writer, bindery_library_get_id (run->library), &local_error) ||
      !flush_batch (run, &local_error))
    return fail_write (run, started, previous_state, g_steal_pointer (&local_error), error);

  if (run->verify)
    {
      BinderyVerifyScope scope = { 0 };
      g_autoptr(GError) verify_error = NULL;

      scope.series_path = settings->series_path;
      scope.force = settings->force;
      if (!_bindery_verify_run (run->job, run->library, &scope, &run->verify_counts, &verify_error))
        {
          set_report (run, FALSE, started);
          g_propagate_error (error, g_steal_pointer (&verify_error));
          return FALSE;
        }
    }

  g_debug ("Scan timings (ms): start %.1f, walk %.1f and snapshot %.1f in %.1f, plan %.1f, "
           "books %.1f, finish %.1f", (t_walk - started) / 1000.0, walk_task.duration / 1000.0,
           t_snapshot / 1000.0, (t_listed - t_walk) / 1000.0, (t_planned - t_listed) / 1000.0,
           (t_books - t_planned) / 1000.0, (g_get_monotonic_time () - t_books) / 1000.0);
  set_report (run, FALSE, started);
  return TRUE;
}

/* Whether the scanned library (or series) has RAR or 7z books a conversion would take:
 * present, and neither encrypted nor corrupt. */
static gboolean
has_convertible_books (ScanRun *run,
                       gint64  *series_id)
{
  BinderyCatalog *catalog = bindery_job_get_catalog (run->job);
  g_autoptr(GError) error = NULL;
  const char *series_path = run->settings->series_path;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT b.series_id FROM books b"
                                  " WHERE b.library_id = ?1 AND b.format IN ('rar', '7z')"
                                  "   AND b.status != 'missing'"
                                  "   AND coalesce (b.error_kind, '') NOT IN ('encrypted', 'corrupt')"
                                  "   AND (?2 IS NULL OR b.series_id IN"
                                  "        (SELECT id FROM series WHERE library_id = ?1 AND rel_path = ?2))"
                                  " LIMIT 1",
                                  &error);
  if (stmt == NULL)
    {
      g_debug ("%s", error->message);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, bindery_library_get_id (run->library));
  if (series_path != NULL)
    sqlite3_bind_blob (stmt, 2, series_path, strlen (series_path), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  *series_id = found && series_path != NULL ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return found;
}

gboolean
_bindery_scan_run (BinderyJob                *job,
                   const BinderyScanSettings *settings,
                   BinderyScanOutcome        *outcome,
                   GError                   **error)
{
  ScanRun run = { 0 };
  gint64 started = g_get_monotonic_time ();
  gboolean ok = FALSE;

  run.job = job;
  run.settings = settings;
  run.series_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  run.present_series = g_hash_table_new (g_str_hash, g_str_equal);
  run.touched_series = g_hash_table_new (g_str_hash, g_str_equal);
  run.created_series = g_hash_table_new (g_str_hash, g_str_equal);
  run.batch_added = g_array_new (FALSE, FALSE, sizeof (gint64));
  run.batch_changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  run.new_book_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  run.library = bindery_catalog_get_library (bindery_job_get_catalog (job), bindery_job_get_library_id (job), error);
  if (run.library != NULL)
    {
      outcome->thumbnails = bindery_library_get_thumbnails (run.library);
      run.sync = (settings->mode >= 0 ? (BinderyScanMode) settings->mode
                                      : bindery_library_get_scan_mode (run.library)) == BINDERY_SCAN_MODE_SYNC;
      run.deep = settings->deep >= 0 ? settings->deep : bindery_library_get_deep_scan (run.library);
      run.verify = settings->verify >= 0 ? settings->verify : bindery_library_get_verify_data (run.library);
      ok = scan_run_main (&run, started, error);
      outcome->new_book_ids = g_steal_pointer (&run.new_book_ids);
      if (ok && bindery_library_get_convert_after_scan (run.library))
        outcome->convert = has_convertible_books (&run, &outcome->convert_series_id);
    }

  scan_run_clear (&run);
  return ok;
}
