/* bindery-job-store.c: the queue's rows in `jobs` and `job_logs`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by BinderyJobQueue on its own main-thread connection. Times are µs of real
 * time; options and reports are stored as JSON text (options in their canonical,
 * sorted form, so equal options are equal text).
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"


#include "bindery-job-private.h"

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_int64_or_null (sqlite3_stmt *stmt,
                    int           column,
                    gint64        value)
{
  if (value != 0)
    sqlite3_bind_int64 (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static char *
object_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

gboolean
_bindery_job_store_insert (BinderyCatalog  *catalog,
                           BinderyJob      *job,
                           GError         **error)
{
  g_autofree char *options = object_to_json (bindery_job_get_options (job));
  sqlite3_stmt *stmt;

  /* An id is never given twice, not even after the history was cleared: a scan stamps
   * the books it read with its id (books.scan_job) and its follow-ups name them by it
   * ("scan:ID"), so a new job taking a cleared scan's id would inherit its books. Both
   * maxima come from an index. */
  stmt = bindery_catalog_prepare (catalog,
                                  "INSERT INTO jobs (id, type, library_id, target, title, state, options, "
                                  "created_at, items_done, items_total, fraction) "
                                  "VALUES (max (coalesce ((SELECT max (id) FROM jobs), 0),"
                                  "             coalesce ((SELECT max (scan_job) FROM books), 0)) + 1,"
                                  "        ?, ?, ?, ?, 'queued', ?, ?, 0, 0, -1)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, bindery_job_get_type_name (job), -1, SQLITE_TRANSIENT);
  bind_int64_or_null (stmt, 2, bindery_job_get_library_id (job));
  bind_text_or_null (stmt, 3, bindery_job_get_target (job));
  bind_text_or_null (stmt, 4, bindery_job_get_title (job));
  bind_text_or_null (stmt, 5, options);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  if (!bindery_catalog_step_done (catalog, stmt, "Cannot save the job", error))
    return FALSE;

  _bindery_job_set_id (job, sqlite3_last_insert_rowid (bindery_catalog_get_db (catalog)));
  return TRUE;
}

gboolean
_bindery_job_store_update (BinderyCatalog  *catalog,
                           BinderyJob      *job,
                           GError         **error)
{
  g_autofree char *report = object_to_json (_bindery_job_peek_report (job));
  guint64 done = bindery_job_get_items_done (job);
  guint64 total = bindery_job_get_items_total (job);
  guint64 saved_done, saved_total;
  sqlite3_stmt *stmt;

  /* The published values lag the worker's: never behind what it wrote itself. */
  _bindery_job_get_saved_items (job, &saved_done, &saved_total);
  if (saved_done > done)
    {
      done = saved_done;
      total = saved_total;
    }

  stmt = bindery_catalog_prepare (catalog,
                                  "UPDATE jobs SET title = ?, state = ?, started_at = ?, finished_at = ?, "
                                  "items_done = ?, items_total = ?, fraction = ?, message = ?, report = ?, "
                                  "error = ? WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, bindery_job_get_title (job));
  sqlite3_bind_text (stmt, 2, bindery_job_state_to_string (bindery_job_get_state (job)), -1, SQLITE_STATIC);
  bind_int64_or_null (stmt, 3, _bindery_job_get_started_us (job));
  bind_int64_or_null (stmt, 4, _bindery_job_get_finished_us (job));
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) done);
  sqlite3_bind_int64 (stmt, 6, (sqlite3_int64) total);
  sqlite3_bind_double (stmt, 7, bindery_job_get_fraction (job));
  bind_text_or_null (stmt, 8, bindery_job_get_message (job));
  bind_text_or_null (stmt, 9, report);
  bind_text_or_null (stmt, 10, bindery_job_get_error_message (job));
  sqlite3_bind_int64 (stmt, 11, bindery_job_get_id (job));

  return bindery_catalog_step_done (catalog, stmt, "Cannot save the job", error);
}

gboolean
_bindery_job_store_add_logs (BinderyCatalog  *catalog,
                             gint64           job_id,
                             GPtrArray       *logs,
                             GError         **error)
{
  if (!bindery_catalog_begin (catalog, error))
    return FALSE;

  for (guint i = 0; i < logs->len; i++)
    {
      BinderyJobLogEntry *entry = g_ptr_array_index (logs, i);
      sqlite3_stmt *stmt;

      stmt = bindery_catalog_prepare (catalog,
                                      "INSERT INTO job_logs (job_id, time, level, path, message) "
                                      "VALUES (?, ?, ?, ?, ?)",
                                      error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, job_id);
      sqlite3_bind_int64 (stmt, 2, entry->time);
      sqlite3_bind_text (stmt, 3, bindery_log_level_to_string (entry->level), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 4, entry->path);
      sqlite3_bind_text (stmt, 5, entry->message, -1, SQLITE_STATIC);
      if (!bindery_catalog_step_done (catalog, stmt, "Cannot save the job log", error))
        goto failed;
    }

  return bindery_catalog_commit (catalog, error);

failed:
  bindery_catalog_rollback (catalog);
  return FALSE;
}

gboolean
_bindery_job_store_apply_retention (BinderyCatalog  *catalog,
                                    guint            keep,
                                    GError         **error)
{
  sqlite3_stmt *stmt;

  /* Failed and interrupted jobs stay until cleared; job_logs follow by cascade. */
  stmt = bindery_catalog_prepare (catalog,
                                  "DELETE FROM jobs WHERE state IN ('completed', 'cancelled') AND id NOT IN "
                                  "(SELECT id FROM jobs WHERE state IN ('completed', 'cancelled') "
                                  " ORDER BY finished_at DESC, id DESC LIMIT ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep);
  return bindery_catalog_step_done (catalog, stmt, "Cannot remove old jobs", error);
}

gboolean
_bindery_job_store_mark_interrupted (BinderyCatalog  *catalog,
                                     GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = bindery_catalog_prepare (catalog,
                                  "UPDATE jobs SET state = 'interrupted' WHERE state IN ('running', 'paused')",
                                  error);
  if (stmt == NULL)
    return FALSE;
  return bindery_catalog_step_done (catalog, stmt, "Cannot mark interrupted jobs", error);
}

gboolean
_bindery_job_store_find_queued (BinderyCatalog  *catalog,
                                BinderyJob      *job,
                                gint64          *id,
                                GError         **error)
{
  g_autofree char *options = object_to_json (bindery_job_get_options (job));
  sqlite3_stmt *stmt;
  int rc;

  *id = 0;
  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id FROM jobs WHERE state = 'queued' AND type = ? "
                                  "AND library_id IS ? AND target IS ? AND options IS ? LIMIT 1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, bindery_job_get_type_name (job), -1, SQLITE_TRANSIENT);
  bind_int64_or_null (stmt, 2, bindery_job_get_library_id (job));
  bind_text_or_null (stmt, 3, bindery_job_get_target (job));
  bind_text_or_null (stmt, 4, options);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    bindery_catalog_set_error (catalog, error, "Cannot look up queued jobs");
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

gboolean
_bindery_job_store_delete (BinderyCatalog  *catalog,
                           gint64           id,
                           GError         **error)
{
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, "DELETE FROM jobs WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return bindery_catalog_step_done (catalog, stmt, "Cannot remove a job", error);
}

static BinderyJob *
job_from_row (sqlite3_stmt  *stmt,
              GError       **error)
{
  const char *type_name = (const char *) sqlite3_column_text (stmt, 1);
  const char *options_text = (const char *) sqlite3_column_text (stmt, 4);
  g_autoptr(JsonNode) options = NULL;
  BinderyJob *job;

  if (options_text != NULL && (options = json_from_string (options_text, error)) == NULL)
    return NULL;

  job = bindery_job_new_for_type_name (type_name,
                                       (gint64) sqlite3_column_int64 (stmt, 2),
                                       (const char *) sqlite3_column_text (stmt, 3),
                                       options != NULL && JSON_NODE_HOLDS_OBJECT (options)
                                         ? json_node_get_object (options) : NULL,
                                       error);
  if (job != NULL)
    _bindery_job_set_id (job, sqlite3_column_int64 (stmt, 0));
  return job;
}

GPtrArray *
_bindery_job_store_load_pending (BinderyCatalog  *catalog,
                                 GError         **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id, type, library_id, target, options FROM jobs "
                                  "WHERE state IN ('interrupted', 'queued') ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      BinderyJob *job = job_from_row (stmt, &local_error);

      /* A type this build does not know (or bad options): left as it is. */
      if (job == NULL)
        g_debug ("Not resuming job %" G_GINT64_FORMAT ": %s",
                 (gint64) sqlite3_column_int64 (stmt, 0), local_error->message);
      else
        g_ptr_array_add (jobs, job);
    }
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot read queued jobs");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&jobs);
}

gboolean
_bindery_job_store_library_exists (BinderyCatalog  *catalog,
                                   gint64           library_id,
                                   gboolean        *exists,
                                   GError         **error)
{
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, "SELECT 1 FROM libraries WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, library_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot look up the job’s library");
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}
