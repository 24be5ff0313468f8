/* bindery-scan-job.c: the library scan job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-scan-job.h"
#include "bindery-job-target.h"
#include "bindery-scan-folders-job.h"
#include "bindery-scan-private.h"
#include "bindery-scan-series-job.h"
#include "bindery-verify-job.h"

typedef struct
{
  GArray   *new_book_ids;   /* gint64, set when run returns */
} BinderyScanJobPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (BinderyScanJob, bindery_scan_job, BINDERY_TYPE_JOB)

static gboolean
parse_options (BinderyJob           *job,
               BinderyScanSettings  *settings,
               GError              **error)
{
  JsonObject *options = bindery_job_get_options (job);
  JsonNode *node;

  settings->mode = -1;
  settings->deep = -1;
  settings->force = FALSE;
  settings->verify = -1;
  settings->series_path = bindery_job_get_target (job);
  settings->folders = NULL;
  if (BINDERY_IS_SCAN_FOLDERS_JOB (job))
    {
      settings->series_path = NULL;
      settings->folders = bindery_scan_scope_parse (bindery_job_get_target (job), error);
      if (settings->folders == NULL)
        return FALSE;
    }

  if (options == NULL)
    return TRUE;

  if ((node = json_object_get_member (options, "mode")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      const char *mode = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;

      if (g_strcmp0 (mode, "batched") == 0)
        settings->mode = BINDERY_SCAN_MODE_BATCHED;
      else if (g_strcmp0 (mode, "sync") == 0)
        settings->mode = BINDERY_SCAN_MODE_SYNC;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Invalid scan mode “%s” (batched or sync)"), mode != NULL ? mode : "?");
          return FALSE;
        }
    }
  if ((node = json_object_get_member (options, "deep")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    settings->deep = json_node_get_boolean (node);
  if ((node = json_object_get_member (options, "force")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    settings->force = json_node_get_boolean (node);
  if ((node = json_object_get_member (options, "verify")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    settings->verify = json_node_get_boolean (node);

  return TRUE;
}

/* Thumbnails for the books the scan read (added, or changed and read again), when the
 * library makes them: a "thumbnails" job on "scan:ID", this job's id, which the catalog
 * stamped on each of those books (books.scan_job). A book that a later scan reads again
 * before this follow-up runs carries the later scan's id: this follow-up leaves it to the
 * later scan's own. A job run outside a queue has no id and lists its books instead
 * ("books:ID,…"). Then, when the library converts after each scan and has RAR or 7z
 * books: a "convert" job on the library, or on "series:ID" after a series scan (every
 * convertible book there, not only those this scan read: a conversion that failed or was
 * not wanted before is tried again). */
static void
name_follow_ups (BinderyJob                *job,
                 const BinderyScanOutcome  *outcome)
{
  if (outcome->thumbnails && outcome->new_book_ids != NULL && outcome->new_book_ids->len > 0)
    {
      g_autofree char *target = NULL;

      if (bindery_job_get_id (job) > 0)
        target = bindery_job_target_for_scan (bindery_job_get_id (job));
      else
        target = bindery_job_target_for_books ((const gint64 *) (gpointer) outcome->new_book_ids->data,
                                               outcome->new_book_ids->len);
      bindery_job_add_follow_up (job, "thumbnails", target, NULL);
    }

  if (outcome->convert)
    {
      g_autofree char *series = outcome->convert_series_id > 0
                                ? bindery_job_target_for_series (outcome->convert_series_id)
                                : NULL;
      bindery_job_add_follow_up (job, "convert", series, NULL);
    }
}

static gboolean
bindery_scan_job_run (BinderyJob    *job,
                      GCancellable  *cancellable,
                      GError       **error)
{
  BinderyScanJob *self = BINDERY_SCAN_JOB (job);
  BinderyScanJobPrivate *priv = bindery_scan_job_get_instance_private (self);
  BinderyScanSettings settings = { 0 };
  BinderyScanOutcome outcome = { 0 };
  gboolean ok;

  if (!parse_options (job, &settings, error))
    {
      g_clear_pointer (&settings.folders, bindery_scan_scope_free);
      return FALSE;
    }

  ok = _bindery_scan_run (job, &settings, &outcome, error);
  g_clear_pointer (&settings.folders, bindery_scan_scope_free);
  if (ok)
    name_follow_ups (job, &outcome);

  g_clear_pointer (&priv->new_book_ids, g_array_unref);
  priv->new_book_ids = outcome.new_book_ids;
  return ok;
}

static void
bindery_scan_job_constructed (GObject *object)
{
  BinderyJob *job = BINDERY_JOB (object);

  G_OBJECT_CLASS (bindery_scan_job_parent_class)->constructed (object);

  /* the base class names a job after its type when it was given no title */
  if (g_strcmp0 (bindery_job_get_title (job), bindery_job_get_type_name (job)) == 0)
    {
      const char *target = bindery_job_get_target (job);

      if (BINDERY_IS_SCAN_FOLDERS_JOB (job))
        {
          g_autoptr(BinderyScanScope) scope = bindery_scan_scope_parse (target, NULL);
          g_autofree char *title = scope != NULL ? bindery_scan_scope_dup_title (scope) : g_strdup (_("Scan folders"));

          bindery_job_set_title (job, title);
        }
      else if (target != NULL)
        {
          g_autofree char *display = g_filename_display_name (*target != '\0' ? target : ".");
          g_autofree char *title = g_strdup_printf (_("Scan series folder “%s”"), display);

          bindery_job_set_title (job, title);
        }
      else
        bindery_job_set_title (job, _("Scan library"));
    }
}

static void
bindery_scan_job_finalize (GObject *object)
{
  BinderyScanJob *self = BINDERY_SCAN_JOB (object);
  BinderyScanJobPrivate *priv = bindery_scan_job_get_instance_private (self);

  g_clear_pointer (&priv->new_book_ids, g_array_unref);

  G_OBJECT_CLASS (bindery_scan_job_parent_class)->finalize (object);
}

static void
bindery_scan_job_class_init (BinderyScanJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BinderyJobClass *job_class = BINDERY_JOB_CLASS (klass);

  object_class->constructed = bindery_scan_job_constructed;
  object_class->finalize = bindery_scan_job_finalize;

  job_class->type_name = "scan";
  job_class->run = bindery_scan_job_run;
  job_class->writes_library = TRUE;   /* and its subclasses, scan-series and scan-folders */
}

static void
bindery_scan_job_init (BinderyScanJob *self)
{
}

JsonObject *
bindery_scan_job_options_new (int      mode,
                              gboolean deep,
                              gboolean force)
{
  JsonObject *options = json_object_new ();

  if (mode == BINDERY_SCAN_MODE_BATCHED)
    json_object_set_string_member (options, "mode", "batched");
  else if (mode == BINDERY_SCAN_MODE_SYNC)
    json_object_set_string_member (options, "mode", "sync");
  if (deep)
    json_object_set_boolean_member (options, "deep", TRUE);
  if (force)
    json_object_set_boolean_member (options, "force", TRUE);
  return options;
}

BinderyJob *
bindery_scan_job_new (gint64      library_id,
                      JsonObject *options)
{
  g_autoptr(JsonObject) empty = options == NULL ? json_object_new () : NULL;

  return g_object_new (BINDERY_TYPE_SCAN_JOB,
                       "library-id", library_id,
                       "options", options != NULL ? options : empty,
                       NULL);
}

void
bindery_scan_job_register_types (void)
{
  bindery_job_register_type (BINDERY_TYPE_SCAN_JOB);
  bindery_job_register_type (BINDERY_TYPE_SCAN_SERIES_JOB);
  bindery_verify_job_register_type ();
  bindery_job_register_type (BINDERY_TYPE_SCAN_FOLDERS_JOB);
}

GArray *
bindery_scan_job_get_new_book_ids (BinderyScanJob *self)
{
  BinderyScanJobPrivate *priv;

  g_return_val_if_fail (BINDERY_IS_SCAN_JOB (self), NULL);

  priv = bindery_scan_job_get_instance_private (self);
  return priv->new_book_ids;
}
