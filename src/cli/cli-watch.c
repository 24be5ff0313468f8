/* cli-watch.c: bindery-cli watch LIBRARY…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches libraries in the foreground: a reconcile scan of each, then scoped scans of
 * what changes (and their thumbnail follow-ups), one line per job queued, started and
 * finished, and per change of a library's watch state. SIGINT/SIGTERM stop it as the
 * app's "Stop Jobs" does: the running job ends interrupted (resumed at the next
 * start), queued ones stay queued.
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "bindery-cli.h"
#include "bindery-job-queue.h"
#include "bindery-scan-job.h"
#include "bindery-thumbnail-job.h"
#include "bindery-watch-set.h"

typedef struct {
  GMainLoop       *loop;
  BinderyJobQueue *queue;
  gboolean         stopping;
} Watching;

static const char *
target_text (BinderyJob *job)
{
  const char *target = bindery_job_get_target (job);

  return target != NULL ? target : "";
}

static void
print_line (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
print_line (const char *format, ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("%s  %s\n", stamp, text);
  fflush (stdout);
}

static void
job_state_changed (BinderyJob *job,
                   GParamSpec *pspec,
                   Watching   *watching)
{
  BinderyJobState state = bindery_job_get_state (job);
  g_autoptr(JsonObject) report = NULL;

  if (state == BINDERY_JOB_STATE_RUNNING)
    {
      print_line (_("started   job %" PRId64 ": %s"), (int64_t) bindery_job_get_id (job), bindery_job_get_title (job));
      return;
    }
  if (!bindery_job_state_is_finished (state))
    return;

  report = bindery_job_dup_report (job);
  if (report != NULL && json_object_has_member (report, "books_created"))
    /* Translators: a job state (completed, failed …), the job's id and title, then counts of books */
    print_line (_("%-9s job %" PRId64 ": %s (%" PRId64 " new, %" PRId64 " changed, %" PRId64 " moved, %"
                  PRId64 " missing, %" PRId64 " restored)"),
                bindery_job_state_to_string (state), (int64_t) bindery_job_get_id (job), bindery_job_get_title (job),
                (int64_t) json_object_get_int_member_with_default (report, "books_created", 0),
                (int64_t) json_object_get_int_member_with_default (report, "books_updated", 0),
                (int64_t) json_object_get_int_member_with_default (report, "books_moved", 0),
                (int64_t) json_object_get_int_member_with_default (report, "books_missing", 0),
                (int64_t) json_object_get_int_member_with_default (report, "books_restored", 0));
  else
    print_line (_("%-9s job %" PRId64 ": %s%s%s"), bindery_job_state_to_string (state),
                (int64_t) bindery_job_get_id (job), bindery_job_get_title (job),
                bindery_job_get_error_message (job) != NULL ? ": " : "",
                bindery_job_get_error_message (job) != NULL ? bindery_job_get_error_message (job) : "");
  g_signal_handlers_disconnect_by_data (job, watching);
}

static void
job_added (BinderyJobQueue *queue,
           BinderyJob      *job,
           Watching        *watching)
{
  g_autofree char *target = g_strescape (target_text (job), NULL);

  print_line (_("queued    job %" PRId64 ": %s [%s%s%s]"), (int64_t) bindery_job_get_id (job),
              bindery_job_get_title (job), bindery_job_get_type_name (job),
              *target != '\0' ? " " : "", target);
  g_signal_connect (job, "notify::state", G_CALLBACK (job_state_changed), watching);
}

static void
watch_changed (BinderyWatchSet     *set,
               BinderyLibraryWatch *watch,
               Watching            *watching)
{
  BinderyLibrary *library = bindery_library_watch_get_library (watch);
  BinderyWatchState state = bindery_library_watch_get_state (watch);
  const char *reason = bindery_library_watch_get_reason (watch);

  if (state == BINDERY_WATCH_STATE_WATCHING)
    print_line (g_dngettext (GETTEXT_PACKAGE, "library “%s”: watching (%u folder)",
                             "library “%s”: watching (%u folders)", bindery_library_watch_get_n_monitors (watch)),
                bindery_library_get_name (library), bindery_library_watch_get_n_monitors (watch));
  else
    print_line (_("library “%s”: %s%s%s"), bindery_library_get_name (library), bindery_watch_state_to_string (state),
                reason != NULL ? ": " : "", reason != NULL ? reason : "");
}

static gboolean
on_signal (gpointer user_data)
{
  Watching *watching = user_data;

  if (!watching->stopping)
    {
      print_line (_("stopping: the running job is interrupted and resumes at the next start"));
      watching->stopping = TRUE;
      g_main_loop_quit (watching->loop);
    }
  return G_SOURCE_CONTINUE;
}

int
cli_cmd_watch (BinderyCli *cli,
               int         argc,
               char      **argv)
{
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every library whose watch option is on"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyJobQueue) queue = NULL;
  g_autoptr(BinderyWatchSet) set = NULL;
  g_autoptr(GPtrArray) libraries = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Watching watching = { 0 };
  BinderyContext *context;
  BinderyCatalog *catalog;
  guint sigint_id, sigterm_id;

  if (!cli_parse_options ("watch", "LIBRARY…", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if ((argc < 2) == !all)
    {
      cli_error (_("watch takes one or more LIBRARY (an id, a name or a path), or --all"));
      return CLI_EXIT_USAGE;
    }

  if ((catalog = cli_open_catalog (cli, FALSE)) == NULL)
    return CLI_EXIT_USAGE;
  if (all)
    {
      g_autoptr(GPtrArray) every = bindery_catalog_list_libraries (catalog, &error);

      if (every == NULL)
        {
          cli_error ("%s", error->message);
          return CLI_EXIT_USAGE;
        }
      libraries = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < every->len; i++)
        if (bindery_library_get_watch (g_ptr_array_index (every, i)))
          g_ptr_array_add (libraries, g_object_ref (g_ptr_array_index (every, i)));
      if (libraries->len == 0)
        {
          cli_error (_("No library has its watch option on"));
          return CLI_EXIT_USAGE;
        }
    }
  else
    {
      libraries = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 1; i < argc; i++)
        {
          BinderyLibrary *library = cli_find_library (cli, catalog, argv[i]);

          if (library == NULL)
            return CLI_EXIT_USAGE;
          g_ptr_array_add (libraries, library);
        }
    }

  context = cli_get_context (cli);
  if (!bindery_context_lock (context, &error))
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }
  bindery_scan_job_register_types ();
  bindery_thumbnail_job_register_type ();
  queue = bindery_job_queue_new (context, 0, &error);
  if (queue == NULL)
    {
      cli_error ("%s", error->message);
      bindery_context_unlock (context);
      return CLI_EXIT_USAGE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  watching.loop = loop;
  watching.queue = queue;
  g_signal_connect (queue, "job-added", G_CALLBACK (job_added), &watching);
  set = bindery_watch_set_new (queue);
  g_signal_connect (set, "watch-changed", G_CALLBACK (watch_changed), &watching);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &watching);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &watching);

  for (guint i = 0; i < libraries->len; i++)
    bindery_watch_set_add (set, g_ptr_array_index (libraries, i), TRUE);

  g_main_loop_run (loop);

  bindery_watch_set_stop (set);
  g_signal_handlers_disconnect_by_data (set, &watching);
  bindery_job_queue_shutdown (queue);
  g_signal_handlers_disconnect_by_data (queue, &watching);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_object (&set);
  g_clear_object (&queue);
  bindery_context_unlock (context);
  print_line (_("stopped"));
  return CLI_EXIT_OK;
}
