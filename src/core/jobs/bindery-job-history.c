/* bindery-job-history.c: persisted jobs, their reports and logs, as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads work on any connection (read-only included) in any process, while the
 * process holding the data dir lock keeps running jobs.
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include "bindery-job-queue.h"

#define SUMMARY_COLUMNS \
  "id, type, title, library_id, state, created_at, started_at, finished_at, " \
  "items_done, items_total, fraction, message, error, target"

/* The report's problem counts (a scan's "errored", a thumbnails job's "failed"), so a
 * list can tell a clean run from one with problems without parsing every report. */
#define REPORT_COUNT_COLUMNS \
  "CASE WHEN json_valid(report) THEN json_extract(report, '$.errored') END, " \
  "CASE WHEN json_valid(report) THEN json_extract(report, '$.failed') END"

static void
set_time_member (JsonObject   *object,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;
  gint64 us;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      json_object_set_null_member (object, name);
      return;
    }

  us = sqlite3_column_int64 (stmt, column);
  utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  if (utc != NULL)
    local = g_date_time_to_local (utc);
  if (local == NULL)
    {
      json_object_set_null_member (object, name);
      return;
    }
  text = g_date_time_format_iso8601 (local);
  json_object_set_string_member (object, name, text);
}

static void
set_text_member (JsonObject   *object,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

static void
set_json_member (JsonObject   *object,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(GError) error = NULL;
  JsonNode *node = NULL;

  if (text != NULL && (node = json_from_string (text, &error)) == NULL)
    g_debug ("Stored job %s is not JSON: %s", name, error->message);
  if (node != NULL)
    json_object_set_member (object, name, node);
  else
    json_object_set_null_member (object, name);
}

/* Sets name only when the report holds a whole number there. */
static void
set_count_member (JsonObject   *object,
                  const char   *name,
                  sqlite3_stmt *stmt,
                  int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_INTEGER)
    json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, column));
}

/* The summary columns, then REPORT_COUNT_COLUMNS. */
static JsonObject *
summary_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", sqlite3_column_int64 (stmt, 0));
  set_text_member (object, "type", stmt, 1);
  set_text_member (object, "title", stmt, 2);
  if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
    json_object_set_null_member (object, "library_id");
  else
    json_object_set_int_member (object, "library_id", sqlite3_column_int64 (stmt, 3));
  set_text_member (object, "state", stmt, 4);
  set_time_member (object, "created_at", stmt, 5);
  set_time_member (object, "started_at", stmt, 6);
  set_time_member (object, "finished_at", stmt, 7);
  json_object_set_int_member (object, "items_done", sqlite3_column_int64 (stmt, 8));
  json_object_set_int_member (object, "items_total", sqlite3_column_int64 (stmt, 9));
  json_object_set_double_member (object, "fraction",
                                 sqlite3_column_type (stmt, 10) == SQLITE_NULL
                                   ? -1.0 : sqlite3_column_double (stmt, 10));
  set_text_member (object, "message", stmt, 11);
  set_text_member (object, "error", stmt, 12);
  set_text_member (object, "target", stmt, 13);
  set_count_member (object, "errored", stmt, 14);
  set_count_member (object, "failed", stmt, 15);

  return object;
}

JsonArray *
bindery_catalog_list_jobs (BinderyCatalog  *catalog,
                           GError         **error)
{
  g_autoptr(JsonArray) jobs = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " SUMMARY_COLUMNS ", " REPORT_COUNT_COLUMNS " "
                                  "FROM jobs ORDER BY id DESC",
                                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (jobs, summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot list jobs");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&jobs);
}

static JsonArray *
list_logs (BinderyCatalog  *catalog,
           gint64           job_id,
           GError         **error)
{
  g_autoptr(JsonArray) logs = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT time, level, path, message FROM job_logs "
                                  "WHERE job_id = ? ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *line = json_object_new ();

      set_time_member (line, "time", stmt, 0);
      set_text_member (line, "level", stmt, 1);
      set_text_member (line, "path", stmt, 2);
      set_text_member (line, "message", stmt, 3);
      json_array_add_object_element (logs, line);
    }
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot read the job log");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&logs);
}

JsonObject *
bindery_catalog_get_job (BinderyCatalog  *catalog,
                         gint64           job_id,
                         GError         **error)
{
  g_autoptr(JsonObject) job = NULL;
  JsonArray *logs;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " SUMMARY_COLUMNS ", " REPORT_COUNT_COLUMNS ", "
                                  "options, report "
                                  "FROM jobs WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      job = summary_from_row (stmt);
      set_json_member (job, "options", stmt, 16);
      set_json_member (job, "report", stmt, 17);
    }
  else if (rc != SQLITE_DONE)
    bindery_catalog_set_error (catalog, error, "Cannot read the job");
  else
    g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                 "There is no job %" G_GINT64_FORMAT, job_id);
  sqlite3_reset (stmt);

  if (job == NULL)
    return NULL;

  if ((logs = list_logs (catalog, job_id, error)) == NULL)
    return NULL;
  json_object_set_array_member (job, "logs", logs);

  return g_steal_pointer (&job);
}

gint64
bindery_catalog_clear_jobs (BinderyCatalog  *catalog,
                            GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), -1);

  /* Their logs go by ON DELETE CASCADE. */
  stmt = bindery_catalog_prepare (catalog,
                                  "DELETE FROM jobs WHERE state IN "
                                  "('completed', 'failed', 'cancelled', 'interrupted')",
                                  error);
  if (stmt == NULL)
    return -1;
  if (!bindery_catalog_step_done (catalog, stmt, "Cannot clear finished jobs", error))
    return -1;

  return sqlite3_changes (bindery_catalog_get_db (catalog));
}
