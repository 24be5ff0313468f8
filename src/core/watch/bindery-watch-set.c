/* bindery-watch-set.c: the library watches of the process running jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-watch"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-watch-set.h"

#define STATUS_FILE "watch.json"

struct _BinderyWatchSet
{
  GObject parent_instance;

  BinderyJobQueue *queue;
  GHashTable      *watches;   /* gint64 library id → BinderyLibraryWatch */
  GHashTable      *keys;      /* gint64 library id → what the watch depends on (string) */
};

G_DEFINE_FINAL_TYPE (BinderyWatchSet, bindery_watch_set, G_TYPE_OBJECT)

enum {
  JOB_QUEUED,
  WATCH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
status_path (BinderyContext *context)
{
  return g_build_filename (bindery_context_get_data_dir (context), STATUS_FILE, NULL);
}

static void
write_status (BinderyWatchSet *self)
{
  BinderyContext *context = bindery_job_queue_get_context (self->queue);
  g_autofree char *path = status_path (context);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->watches) == 0)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("Cannot remove %s: %s", path, g_strerror (errno));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, getpid ());
  json_builder_set_member_name (builder, "libraries");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BinderyLibraryWatch *watch = value;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             bindery_library_get_id (bindery_library_watch_get_library (watch)));

      json_builder_set_member_name (builder, id);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, bindery_watch_state_to_string (bindery_library_watch_get_state (watch)));
      json_builder_set_member_name (builder, "reason");
      if (bindery_library_watch_get_reason (watch) != NULL)
        json_builder_add_string_value (builder, bindery_library_watch_get_reason (watch));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  if (!g_file_set_contents (path, text, -1, &error))
    g_debug ("Cannot write %s: %s", path, error->message);
}

static void
watch_state_changed (BinderyLibraryWatch *watch,
                     GParamSpec          *pspec,
                     BinderyWatchSet     *self)
{
  write_status (self);
  g_signal_emit (self, signals[WATCH_CHANGED], 0, watch);
}

static void
watch_job_queued (BinderyLibraryWatch *watch,
                  BinderyJob          *job,
                  BinderyWatchSet     *self)
{
  g_signal_emit (self, signals[JOB_QUEUED], 0, watch, job);
}

static void
watch_free (gpointer data)
{
  BinderyLibraryWatch *watch = data;

  g_signal_handlers_disconnect_matched (watch, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, watch_state_changed, NULL);
  g_signal_handlers_disconnect_matched (watch, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, watch_job_queued, NULL);
  bindery_library_watch_stop (watch);
  g_object_unref (watch);
}

/* A watch is made anew when one of these changes. */
static char *
library_key (BinderyLibrary *library)
{
  g_autofree char *ignore = g_strjoinv ("\n", (char **) bindery_library_get_ignore (library));

  return g_strdup_printf ("%s\n%d\n%s", bindery_library_get_path (library),
                          bindery_library_get_pattern (library), ignore);
}

BinderyLibraryWatch *
bindery_watch_set_add (BinderyWatchSet *self,
                       BinderyLibrary  *library,
                       gboolean         reconcile)
{
  gint64 id;
  BinderyLibraryWatch *watch;

  g_return_val_if_fail (BINDERY_IS_WATCH_SET (self), NULL);
  g_return_val_if_fail (BINDERY_IS_LIBRARY (library), NULL);

  id = bindery_library_get_id (library);
  watch = g_hash_table_lookup (self->watches, &id);
  if (watch != NULL)
    return watch;

  watch = bindery_library_watch_new (self->queue, library);
  g_signal_connect (watch, "notify::state", G_CALLBACK (watch_state_changed), self);
  g_signal_connect (watch, "notify::reason", G_CALLBACK (watch_state_changed), self);
  g_signal_connect (watch, "job-queued", G_CALLBACK (watch_job_queued), self);
  g_hash_table_insert (self->watches, g_memdup2 (&id, sizeof id), watch);
  g_hash_table_insert (self->keys, g_memdup2 (&id, sizeof id), library_key (library));
  bindery_library_watch_start (watch, reconcile);
  return watch;
}

void
bindery_watch_set_remove (BinderyWatchSet *self,
                          gint64           library_id)
{
  BinderyLibraryWatch *watch;

  g_return_if_fail (BINDERY_IS_WATCH_SET (self));

  g_hash_table_remove (self->keys, &library_id);
  watch = g_hash_table_lookup (self->watches, &library_id);
  if (watch == NULL)
    return;
  g_object_ref (watch);
  g_hash_table_remove (self->watches, &library_id);   /* stopped */
  write_status (self);
  g_signal_emit (self, signals[WATCH_CHANGED], 0, watch);
  g_object_unref (watch);
}

void
bindery_watch_set_sync (BinderyWatchSet *self,
                        GPtrArray       *libraries,
                        gboolean         reconcile)
{
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (BINDERY_IS_WATCH_SET (self));

  for (guint i = 0; libraries != NULL && i < libraries->len; i++)
    {
      BinderyLibrary *library = g_ptr_array_index (libraries, i);
      gint64 id = bindery_library_get_id (library);
      const char *key_now = g_hash_table_lookup (self->keys, &id);
      g_autofree char *key_new = library_key (library);

      if (!bindery_library_get_watch (library))
        continue;
      if (key_now != NULL && g_strcmp0 (key_now, key_new) != 0)
        bindery_watch_set_remove (self, id);
      bindery_watch_set_add (self, library, reconcile || key_now != NULL);
    }

  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean keep = FALSE;

      for (guint i = 0; libraries != NULL && i < libraries->len && !keep; i++)
        {
          BinderyLibrary *library = g_ptr_array_index (libraries, i);

          keep = bindery_library_get_id (library) == *(gint64 *) key && bindery_library_get_watch (library);
        }
      if (!keep)
        g_array_append_val (gone, *(gint64 *) key);
    }
  for (guint i = 0; i < gone->len; i++)
    bindery_watch_set_remove (self, g_array_index (gone, gint64, i));
}

BinderyLibraryWatch *
bindery_watch_set_lookup (BinderyWatchSet *self,
                          gint64           library_id)
{
  g_return_val_if_fail (BINDERY_IS_WATCH_SET (self), NULL);
  return g_hash_table_lookup (self->watches, &library_id);
}

void
bindery_watch_set_stop (BinderyWatchSet *self)
{
  g_return_if_fail (BINDERY_IS_WATCH_SET (self));

  g_hash_table_remove_all (self->watches);
  g_hash_table_remove_all (self->keys);
  write_status (self);
}

BinderyWatchSet *
bindery_watch_set_new (BinderyJobQueue *queue)
{
  BinderyWatchSet *self;

  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (queue), NULL);

  self = g_object_new (BINDERY_TYPE_WATCH_SET, NULL);
  self->queue = g_object_ref (queue);
  return self;
}

static gboolean
process_is_alive (gint64 pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

char *
bindery_watch_status_lookup (BinderyContext  *context,
                             gint64           library_id,
                             char           **reason)
{
  g_autofree char *path = status_path (context);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, library_id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *libraries, *entry;

  if (reason != NULL)
    *reason = NULL;
  if (!json_parser_load_from_file (parser, path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup ("not watched");
  root = json_node_get_object (json_parser_get_root (parser));
  if (!process_is_alive (json_object_get_int_member_with_default (root, "pid", 0)))
    return g_strdup ("not watched");
  libraries = json_object_get_object_member (root, "libraries");
  entry = libraries != NULL && json_object_has_member (libraries, id)
          ? json_object_get_object_member (libraries, id) : NULL;
  if (entry == NULL)
    return g_strdup ("not watched");
  if (reason != NULL)
    *reason = g_strdup (json_object_get_string_member_with_default (entry, "reason", NULL));
  return g_strdup (json_object_get_string_member_with_default (entry, "state", "not watched"));
}

static void
bindery_watch_set_dispose (GObject *object)
{
  BinderyWatchSet *self = BINDERY_WATCH_SET (object);

  if (self->watches != NULL && g_hash_table_size (self->watches) > 0)
    bindery_watch_set_stop (self);

  G_OBJECT_CLASS (bindery_watch_set_parent_class)->dispose (object);
}

static void
bindery_watch_set_finalize (GObject *object)
{
  BinderyWatchSet *self = BINDERY_WATCH_SET (object);

  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (bindery_watch_set_parent_class)->finalize (object);
}

static void
bindery_watch_set_class_init (BinderyWatchSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bindery_watch_set_dispose;
  object_class->finalize = bindery_watch_set_finalize;

  signals[JOB_QUEUED] = g_signal_new ("job-queued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                      BINDERY_TYPE_LIBRARY_WATCH, BINDERY_TYPE_JOB);
  signals[WATCH_CHANGED] = g_signal_new ("watch-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, BINDERY_TYPE_LIBRARY_WATCH);
}

static void
bindery_watch_set_init (BinderyWatchSet *self)
{
  self->watches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, watch_free);
  self->keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}
