/* bindery-job-types.c: job states, log levels, the job type registry, JSON helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bindery-job-private.h"

G_DEFINE_ENUM_TYPE (BinderyJobState, bindery_job_state,
  G_DEFINE_ENUM_VALUE (BINDERY_JOB_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (BINDERY_JOB_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (BINDERY_JOB_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (BINDERY_JOB_STATE_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (BINDERY_JOB_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (BINDERY_JOB_STATE_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (BINDERY_JOB_STATE_INTERRUPTED, "interrupted"))

G_DEFINE_ENUM_TYPE (BinderyLogLevel, bindery_log_level,
  G_DEFINE_ENUM_VALUE (BINDERY_LOG_DEBUG, "debug"),
  G_DEFINE_ENUM_VALUE (BINDERY_LOG_INFO, "info"),
  G_DEFINE_ENUM_VALUE (BINDERY_LOG_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (BINDERY_LOG_ERROR, "error"))

G_LOCK_DEFINE_STATIC (registry);
static GHashTable *registry;  /* type name → GType */

static const char * const state_names[] = {
  "queued", "running", "paused", "completed", "failed", "cancelled", "interrupted",
};

static const char * const level_names[] = {
  "debug", "info", "warning", "error",
};

const char *
bindery_job_state_to_string (BinderyJobState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
bindery_job_state_from_string (const char      *str,
                               BinderyJobState *out)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_str_equal (str, state_names[i]))
        {
          *out = (BinderyJobState) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
bindery_job_state_is_finished (BinderyJobState state)
{
  return state == BINDERY_JOB_STATE_COMPLETED ||
         state == BINDERY_JOB_STATE_FAILED ||
         state == BINDERY_JOB_STATE_CANCELLED ||
         state == BINDERY_JOB_STATE_INTERRUPTED;
}

const char *
bindery_log_level_to_string (BinderyLogLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (level_names), NULL);
  return level_names[level];
}

gboolean
bindery_log_level_from_string (const char      *str,
                               BinderyLogLevel *out)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (level_names); i++)
    {
      if (g_str_equal (str, level_names[i]))
        {
          *out = (BinderyLogLevel) i;
          return TRUE;
        }
    }
  return FALSE;
}

void
bindery_job_register_type (GType type)
{
  g_autoptr(GTypeClass) klass = NULL;
  const char *name;

  g_return_if_fail (g_type_is_a (type, BINDERY_TYPE_JOB));

  klass = g_type_class_ref (type);
  name = BINDERY_JOB_CLASS (klass)->type_name;
  g_return_if_fail (name != NULL);

  G_LOCK (registry);
  if (registry == NULL)
    registry = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (registry, (gpointer) name, GSIZE_TO_POINTER (type));
  G_UNLOCK (registry);
}

GType
bindery_job_lookup_type (const char *type_name)
{
  GType type = G_TYPE_INVALID;

  g_return_val_if_fail (type_name != NULL, G_TYPE_INVALID);

  G_LOCK (registry);
  if (registry != NULL)
    type = GPOINTER_TO_SIZE (g_hash_table_lookup (registry, type_name));
  G_UNLOCK (registry);

  return type;
}

BinderyJob *
bindery_job_new_for_type_name (const char  *type_name,
                               gint64       library_id,
                               const char  *target,
                               JsonObject  *options,
                               GError     **error)
{
  GType type;

  g_return_val_if_fail (type_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  type = bindery_job_lookup_type (type_name);
  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Unknown job type “%s”"), type_name);
      return NULL;
    }

  return g_object_new (type,
                       "library-id", library_id,
                       "target", target,
                       "options", options,
                       NULL);
}

void
bindery_job_log_entry_free (BinderyJobLogEntry *entry)
{
  g_free (entry->path);
  g_free (entry->message);
  g_free (entry);
}

static JsonObject *object_copy (JsonObject *object, gboolean sorted);

static JsonNode *
node_copy (JsonNode *node,
           gboolean  sorted)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, object_copy (json_node_get_object (node), sorted));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *array_copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (array_copy, node_copy (json_array_get_element (array, i), sorted));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array_copy);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static JsonObject *
object_copy (JsonObject *object,
             gboolean    sorted)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);  /* in insertion order */

  if (sorted)
    members = g_list_sort (members, (GCompareFunc) strcmp);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, node_copy (json_object_get_member (object, l->data), sorted));

  return copy;
}

JsonObject *
_bindery_json_object_copy (JsonObject *object)
{
  return object_copy (object, FALSE);
}

JsonObject *
_bindery_json_object_copy_sorted (JsonObject *object)
{
  return object_copy (object, TRUE);
}

