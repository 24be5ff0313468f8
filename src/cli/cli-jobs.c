/* cli-jobs.c: bindery-cli jobs, job ID, and cli_run_job() shared by the job commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `jobs` and `job` only read the catalog (`jobs --clear` deletes finished rows in
 * one statement): they take no lock and work while the app or another command runs
 * jobs. cli_run_job() owns the data dir for the length of one job.
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib-unix.h>

#include "bindery-cli.h"
#include "bindery-job-queue.h"
#include "bindery-job-target.h"

/* --- cli_run_job ----------------------------------------------------------------- */

#define PLAIN_INTERVAL_US G_USEC_PER_SEC

typedef struct {
  BinderyJob *job;
  gboolean    tty;
  gboolean    bar_shown;
  gint64      last_plain;   /* µs monotonic of the last plain progress line */
  guint       redraw_id;
  gboolean    cancelling;
} Progress;

static guint
terminal_width (void)
{
  struct winsize size;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20)
    return size.ws_col;
  return 80;
}

static void
clear_bar (Progress *progress)
{
  if (progress->bar_shown)
    {
      fputs ("\r\033[K", stderr);
      progress->bar_shown = FALSE;
    }
}

/* "45%  123/456  message", or without the parts that are unknown. */
static char *
progress_text (BinderyJob *job)
{
  GString *text = g_string_new (NULL);
  double fraction = bindery_job_get_fraction (job);
  guint64 total = bindery_job_get_items_total (job);
  const char *message = bindery_job_get_message (job);

  if (fraction >= 0.0)
    g_string_append_printf (text, "%3d%%", (int) (fraction * 100.0));
  if (total > 0)
    g_string_append_printf (text, "%s%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                            text->len > 0 ? "  " : "", bindery_job_get_items_done (job), total);
  else if (bindery_job_get_items_done (job) > 0)
    g_string_append_printf (text, "%s%" G_GUINT64_FORMAT,
                            text->len > 0 ? "  " : "", bindery_job_get_items_done (job));
  if (message != NULL && message[0] != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? "  " : "", message);

  return g_string_free (text, FALSE);
}

static void
draw_bar (Progress *progress)
{
  g_autofree char *text = progress_text (progress->job);
  double fraction = bindery_job_get_fraction (progress->job);
  guint width = terminal_width ();
  guint bar_width = MIN (30, width / 3);
  guint text_room = width - bar_width - 4;
  GString *line = g_string_new ("\r\033[K[");

  for (guint i = 0; i < bar_width; i++)
    {
      gboolean filled = fraction >= 0.0 && i < (guint) (fraction * bar_width + 0.5);
      g_string_append_c (line, filled ? '#' : '-');
    }
  g_string_append (line, "] ");

  /* Truncate by characters, not bytes, so a UTF-8 message is never cut in half. */
  if (g_utf8_strlen (text, -1) > (glong) text_room)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, text_room > 1 ? text_room - 1 : 0);
      g_string_append (line, cut);
      g_string_append (line, "…");
    }
  else
    g_string_append (line, text);

  fputs (line->str, stderr);
  fflush (stderr);
  g_string_free (line, TRUE);
  progress->bar_shown = TRUE;
}

static gboolean
redraw_cb (gpointer user_data)
{
  Progress *progress = user_data;

  progress->redraw_id = 0;
  if (!progress->cancelling)
    draw_bar (progress);
  return G_SOURCE_REMOVE;
}

static void
on_progress (BinderyJob *job,
             GParamSpec *pspec,
             Progress   *progress)
{
  if (progress->tty)
    {
      /* One redraw per flush, whichever properties changed in it. */
      if (progress->redraw_id == 0)
        progress->redraw_id = g_idle_add (redraw_cb, progress);
      return;
    }

  if (g_get_monotonic_time () - progress->last_plain >= PLAIN_INTERVAL_US)
    {
      g_autofree char *text = progress_text (job);

      progress->last_plain = g_get_monotonic_time ();
      if (text[0] != '\0')
        fprintf (stderr, "%s: %s\n", bindery_job_get_title (job), text);
    }
}

static void
on_log_added (BinderyJob      *job,
              BinderyLogLevel  level,
              const char      *path,
              const char      *message,
              Progress        *progress)
{
  if (level < BINDERY_LOG_WARNING)
    return;

  clear_bar (progress);
  fprintf (stderr, "%s: %s%s%s\n", bindery_log_level_to_string (level),
           path != NULL ? path : "", path != NULL ? ": " : "", message);
  if (progress->tty && progress->redraw_id == 0)
    progress->redraw_id = g_idle_add (redraw_cb, progress);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Progress *progress = user_data;

  clear_bar (progress);
  if (!progress->cancelling)
    fprintf (stderr, _("Cancelling “%s”…\n"), bindery_job_get_title (progress->job));
  progress->cancelling = TRUE;
  bindery_job_cancel (progress->job);
  return G_SOURCE_CONTINUE;
}

/* A report counts failures in an integer member "failed" or "errored", and what could
 * not be read in "folders_unreadable" / "files_unreadable". */
static gboolean
report_has_failures (JsonObject *report)
{
  static const char * const members[] = { "failed", "errored", "folders_unreadable", "files_unreadable" };

  for (guint i = 0; report != NULL && i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (report, members[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
        return TRUE;
    }
  return FALSE;
}

int
cli_run_job (BinderyCli *cli,
             BinderyJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyJobQueue) queue = NULL;
  g_autoptr(BinderyJob) running = NULL;
  g_autoptr(JsonObject) report = NULL;
  Progress progress = { 0 };
  BinderyContext *context;
  guint sigint_id, sigterm_id;
  int status;

  g_return_val_if_fail (BINDERY_IS_JOB (job), CLI_EXIT_USAGE);

  if ((context = cli_get_context (cli)) == NULL)
    return CLI_EXIT_USAGE;

  if (!bindery_context_lock (context, &error))
    {
      /* The message names the process holding the lock. */
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  queue = bindery_job_queue_new (context, 0, &error);
  if (queue == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }
  /* Only this job runs here: follow-ups are saved for the app. */
  bindery_job_queue_set_defer_follow_ups (queue, TRUE);

  progress.tty = isatty (STDERR_FILENO);
  progress.job = job;
  g_signal_connect (job, "notify::items-done", G_CALLBACK (on_progress), &progress);
  g_signal_connect (job, "notify::items-total", G_CALLBACK (on_progress), &progress);
  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_progress), &progress);
  g_signal_connect (job, "notify::message", G_CALLBACK (on_progress), &progress);
  g_signal_connect (job, "log-added", G_CALLBACK (on_log_added), &progress);
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &progress);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &progress);

  running = bindery_job_queue_push (queue, job);
  g_assert (running == job);
  bindery_job_queue_wait (queue, job);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&progress.redraw_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (job, &progress);
  clear_bar (&progress);

  report = bindery_job_dup_report (job);
  switch (bindery_job_get_state (job))
    {
    case BINDERY_JOB_STATE_COMPLETED:
      status = report_has_failures (report) ? CLI_EXIT_FAILURES : CLI_EXIT_OK;
      if (status == CLI_EXIT_FAILURES)
        fprintf (stderr, _("Job %" PRId64 " (%s) completed with failures: "
                 "'bindery-cli job %" PRId64 "' lists them\n"),
                 bindery_job_get_id (job), bindery_job_get_title (job), bindery_job_get_id (job));
      else
        fprintf (stderr, _("Job %" PRId64 " (%s) completed\n"),
                 bindery_job_get_id (job), bindery_job_get_title (job));
      break;

    case BINDERY_JOB_STATE_CANCELLED:
      cli_error ("job %" G_GINT64_FORMAT " (%s) was cancelled",
                 bindery_job_get_id (job), bindery_job_get_title (job));
      status = CLI_EXIT_USAGE;
      break;

    case BINDERY_JOB_STATE_FAILED:
    case BINDERY_JOB_STATE_QUEUED:
    case BINDERY_JOB_STATE_RUNNING:
    case BINDERY_JOB_STATE_PAUSED:
    case BINDERY_JOB_STATE_INTERRUPTED:
    default:
      cli_error ("job %" G_GINT64_FORMAT " (%s) failed: %s",
                 bindery_job_get_id (job), bindery_job_get_title (job),
                 bindery_job_get_error_message (job) != NULL ? bindery_job_get_error_message (job)
                                                             : "unknown error");
      status = CLI_EXIT_USAGE;
      break;
    }

  g_clear_object (&queue);
  bindery_context_unlock (context);

  return status;
}

/* --- jobs, job ID ------------------------------------------------------------------- */

/* Read-only when possible; NULL without an error when there is no catalog yet. */
static BinderyCatalog *
open_for_reading (BinderyCli *cli,
                  gboolean   *failed)
{
  g_autoptr(GError) error = NULL;
  BinderyContext *context;

  *failed = FALSE;
  if (cli->catalog != NULL)
    return cli->catalog;
  if ((context = cli_get_context (cli)) == NULL)
    {
      *failed = TRUE;
      return NULL;
    }
  if (!g_file_test (bindery_context_get_catalog_path (context), G_FILE_TEST_EXISTS))
    return NULL;

  cli->catalog = bindery_catalog_open (bindery_context_get_catalog_path (context),
                                       BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  if (cli->catalog != NULL)
    return cli->catalog;
  if (g_error_matches (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND))
    return NULL;  /* an empty file: no jobs */
  if (!g_error_matches (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY))
    {
      cli_error ("%s", error->message);
      *failed = TRUE;
      return NULL;
    }
  /* An older schema: upgraded on the way. */
  if (cli_open_catalog (cli, FALSE) == NULL)
    *failed = TRUE;
  return cli->catalog;
}

/* "2024-05-01 12:00:03" from the ISO 8601 of the JSON form, or "-". */
static char *
format_time (JsonObject *object,
             const char *member)
{
  const char *iso = json_object_get_string_member_with_default (object, member, NULL);
  g_autoptr(GDateTime) date_time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (date_time == NULL)
    return g_strdup ("-");
  return g_date_time_format (date_time, "%Y-%m-%d %H:%M:%S");
}

static const char *
string_or (JsonObject *object,
           const char *member,
           const char *fallback)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);
  return value != NULL ? value : fallback;
}

static char *
items_text (JsonObject *job)
{
  gint64 done = json_object_get_int_member_with_default (job, "items_done", 0);
  gint64 total = json_object_get_int_member_with_default (job, "items_total", 0);

  if (total > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, done, total);
  return g_strdup_printf ("%" G_GINT64_FORMAT, done);
}

/* The job types whose target names books (bindery-job-target.h); a scan's target is a
 * folder. */
static gboolean
has_book_target (JsonObject *job)
{
  static const char * const types[] = { "thumbnails", "verify", "convert", NULL };
  const char *type = string_or (job, "type", "");

  return g_strv_contains (types, type);
}

/* Adds "target_description" (bindery_job_target_describe) to each job whose target
 * names books: a cover job after a scan stored before version 6 of the catalog lists
 * every book it made. */
static void
describe_target (JsonObject *job)
{
  if (has_book_target (job))
    {
      g_autofree char *description = bindery_job_target_describe (string_or (job, "target", NULL));

      json_object_set_string_member (job, "target_description", description);
    }
}

static void
print_jobs (JsonArray *jobs)
{
  if (json_array_get_length (jobs) == 0)
    {
      printf (_("No jobs.\n"));
      return;
    }

  printf ("%6s  %-11s  %-19s  %-11s  %s\n", "ID", "STATE", "FINISHED", "ITEMS", "TITLE");
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);
      g_autofree char *finished = format_time (job, "finished_at");
      g_autofree char *items = items_text (job);
      const char *title = string_or (job, "title", string_or (job, "type", ""));
      const char *target = string_or (job, "target_description", NULL);
      g_autofree char *title_target = target != NULL
        /* Translators: bindery-cli jobs: a job's title and what it works on ("Thumbnails
         * (Books found by scan 42)") */
        ? g_strdup_printf (C_("job list", "%s (%s)"), title, target)
        : NULL;
      const char *error = string_or (job, "error", NULL);

      printf ("%6" G_GINT64_FORMAT "  %-11s  %-19s  %-11s  %s%s%s\n",
              json_object_get_int_member (job, "id"),
              string_or (job, "state", "?"), finished, items,
              title_target != NULL ? title_target : title,
              error != NULL ? " — " : "", error != NULL ? error : "");
    }
}

int
cli_cmd_jobs (BinderyCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  gboolean clear = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove finished jobs (failed ones included) and their logs"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) jobs = NULL;
  BinderyCatalog *catalog;
  gboolean failed;

  if (!cli_parse_options ("jobs", NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc > 1)
    {
      cli_error (_("jobs: unexpected argument '%s'"), argv[1]);
      return CLI_EXIT_USAGE;
    }

  if (clear)
    {
      gint64 removed = 0;
      BinderyContext *context = cli_get_context (cli);

      if (context == NULL)
        return CLI_EXIT_USAGE;
      if (g_file_test (bindery_context_get_catalog_path (context), G_FILE_TEST_EXISTS))
        {
          if ((catalog = cli_open_catalog (cli, FALSE)) == NULL)
            return CLI_EXIT_USAGE;
          if ((removed = bindery_catalog_clear_jobs (catalog, &error)) < 0)
            {
              cli_error ("%s", error->message);
              return CLI_EXIT_USAGE;
            }
        }
      if (json)
        {
          JsonObject *object = json_object_new ();
          JsonNode *node = json_node_new (JSON_NODE_OBJECT);

          json_object_set_int_member (object, "removed", removed);
          json_node_take_object (node, object);
          cli_print_json (node);
        }
      else
        printf (ngettext ("Removed %" PRId64 " finished job.\n", "Removed %" PRId64 " finished jobs.\n",
                          (unsigned long) removed), removed);
      return CLI_EXIT_OK;
    }

  catalog = open_for_reading (cli, &failed);
  if (failed)
    return CLI_EXIT_USAGE;
  if (catalog == NULL)
    jobs = json_array_new ();
  else if ((jobs = bindery_catalog_list_jobs (catalog, &error)) == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < json_array_get_length (jobs); i++)
    describe_target (json_array_get_object_element (jobs, i));
  if (json)
    cli_print_json (json_node_init_array (json_node_alloc (), jobs));
  else
    print_jobs (jobs);
  return CLI_EXIT_OK;
}

static void
print_report (JsonObject *report)
{
  g_autoptr(GList) members = json_object_get_members (report);  /* in their order */

  printf (_("Report:\n"));
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (report, name);
      g_autofree char *value = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        value = g_strdup (json_node_get_string (node));
      else
        value = json_to_string (node, FALSE);
      printf ("  %s: %s\n", name, value);
    }
}

static void
print_job (JsonObject *job)
{
  JsonObject *report = json_object_get_object_member (job, "report");
  JsonArray *logs = json_object_get_array_member (job, "logs");
  g_autofree char *created = format_time (job, "created_at");
  g_autofree char *started = format_time (job, "started_at");
  g_autofree char *finished = format_time (job, "finished_at");
  g_autofree char *items = items_text (job);
  const char *message = string_or (job, "message", NULL);
  const char *error = string_or (job, "error", NULL);
  const char *target = string_or (job, "target_description", string_or (job, "target", NULL));

  printf (_("Job %" PRId64 ": %s\n"), json_object_get_int_member (job, "id"),
          string_or (job, "title", ""));
  printf (_("  Type:      %s\n"), string_or (job, "type", ""));
  printf (_("  State:     %s\n"), string_or (job, "state", ""));
  if (!json_object_get_null_member (job, "library_id"))
    printf (_("  Library:   %" PRId64 "\n"), json_object_get_int_member (job, "library_id"));
  if (target != NULL)
    printf (_("  Target:    %s\n"), target);
  printf (_("  Created:   %s\n  Started:   %s\n  Finished:  %s\n"), created, started, finished);
  printf (_("  Items:     %s\n"), items);
  if (message != NULL)
    printf (_("  Message:   %s\n"), message);
  if (error != NULL)
    printf (_("  Error:     %s\n"), error);

  if (report != NULL)
    print_report (report);

  printf (ngettext ("Log (%u line):\n", "Log (%u lines):\n", json_array_get_length (logs)),
          json_array_get_length (logs));
  for (guint i = 0; i < json_array_get_length (logs); i++)
    {
      JsonObject *line = json_array_get_object_element (logs, i);
      g_autofree char *time = format_time (line, "time");
      const char *path = string_or (line, "path", NULL);

      printf ("  %s  %-7s  %s%s%s\n", time, string_or (line, "level", ""),
              path != NULL ? path : "", path != NULL ? ": " : "", string_or (line, "message", ""));
    }
}

int
cli_cmd_job (BinderyCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) job = NULL;
  BinderyCatalog *catalog;
  gboolean failed;
  guint64 id;

  if (!cli_parse_options ("job", "ID", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    {
      cli_error (_("job: expected one job ID (see 'bindery-cli jobs')"));
      return CLI_EXIT_USAGE;
    }
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    {
      cli_error (_("job: '%s' is not a job ID (a positive number, see 'bindery-cli jobs')"), argv[1]);
      return CLI_EXIT_USAGE;
    }

  catalog = open_for_reading (cli, &failed);
  if (failed)
    return CLI_EXIT_USAGE;
  if (catalog == NULL)
    {
      cli_error (_("There is no job %s: there are no jobs yet"), argv[1]);
      return CLI_EXIT_USAGE;
    }
  if ((job = bindery_catalog_get_job (catalog, (gint64) id, &error)) == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  describe_target (job);
  if (json)
    cli_print_json (json_node_init_object (json_node_alloc (), job));
  else
    print_job (job);
  return CLI_EXIT_OK;
}
