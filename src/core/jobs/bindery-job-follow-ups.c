/* bindery-job-follow-ups.c: the jobs a job names to run after it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job keeps the follow-ups it named (type name, target, options) under its
 * mutex, so run() on the worker and `completed` on the main thread may both add
 * them. The queue reads them once the job has finished (bindery-job-queue.c).
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include "bindery-job-instance-private.h"

G_DEFINE_BOXED_TYPE (BinderyJobFollowUp, bindery_job_follow_up,
                     bindery_job_follow_up_copy, bindery_job_follow_up_free)

BinderyJobFollowUp *
bindery_job_follow_up_copy (const BinderyJobFollowUp *follow_up)
{
  BinderyJobFollowUp *copy;

  g_return_val_if_fail (follow_up != NULL, NULL);

  copy = g_new0 (BinderyJobFollowUp, 1);
  copy->type_name = g_strdup (follow_up->type_name);
  copy->library_id = follow_up->library_id;
  copy->target = g_strdup (follow_up->target);
  copy->options = _bindery_json_object_copy (follow_up->options);
  return copy;
}

void
bindery_job_follow_up_free (BinderyJobFollowUp *follow_up)
{
  if (follow_up == NULL)
    return;
  g_free (follow_up->type_name);
  g_free (follow_up->target);
  g_clear_pointer (&follow_up->options, json_object_unref);
  g_free (follow_up);
}

BinderyJob *
bindery_job_follow_up_new_job (const BinderyJobFollowUp  *follow_up,
                               GError                   **error)
{
  g_return_val_if_fail (follow_up != NULL, NULL);

  return bindery_job_new_for_type_name (follow_up->type_name, follow_up->library_id,
                                        follow_up->target, follow_up->options, error);
}

static gboolean
follow_up_equal (const BinderyJobFollowUp *a,
                 const BinderyJobFollowUp *b)
{
  g_autoptr(JsonNode) node_a = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) node_b = json_node_new (JSON_NODE_OBJECT);

  if (!g_str_equal (a->type_name, b->type_name) || g_strcmp0 (a->target, b->target) != 0)
    return FALSE;

  /* Both sorted by name: equal options serialise equally. */
  json_node_set_object (node_a, a->options);
  json_node_set_object (node_b, b->options);
  return json_node_equal (node_a, node_b);
}

void
bindery_job_add_follow_up (BinderyJob *self,
                           const char *type_name,
                           const char *target,
                           JsonObject *options)
{
  BinderyJobPrivate *priv;
  g_autoptr(BinderyJobFollowUp) follow_up = NULL;

  g_return_if_fail (BINDERY_IS_JOB (self));
  g_return_if_fail (type_name != NULL && *type_name != '\0');

  priv = _bindery_job_get_private (self);

  follow_up = g_new0 (BinderyJobFollowUp, 1);
  follow_up->type_name = g_strdup (type_name);
  follow_up->library_id = priv->library_id;  /* construct-only */
  follow_up->target = g_strdup (target);
  follow_up->options = options != NULL ? _bindery_json_object_copy_sorted (options) : json_object_new ();

  g_mutex_lock (&priv->mutex);
  if (priv->follow_ups == NULL)
    priv->follow_ups = g_ptr_array_new_with_free_func ((GDestroyNotify) bindery_job_follow_up_free);
  for (guint i = 0; i < priv->follow_ups->len; i++)
    {
      if (follow_up_equal (g_ptr_array_index (priv->follow_ups, i), follow_up))
        {
          g_clear_pointer (&follow_up, bindery_job_follow_up_free);
          break;
        }
    }
  if (follow_up != NULL)
    g_ptr_array_add (priv->follow_ups, g_steal_pointer (&follow_up));
  g_mutex_unlock (&priv->mutex);
}

GPtrArray *
bindery_job_dup_follow_ups (BinderyJob *self)
{
  BinderyJobPrivate *priv;
  GPtrArray *copy;

  g_return_val_if_fail (BINDERY_IS_JOB (self), NULL);

  priv = _bindery_job_get_private (self);
  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) bindery_job_follow_up_free);

  g_mutex_lock (&priv->mutex);
  for (guint i = 0; priv->follow_ups != NULL && i < priv->follow_ups->len; i++)
    g_ptr_array_add (copy, bindery_job_follow_up_copy (g_ptr_array_index (priv->follow_ups, i)));
  g_mutex_unlock (&priv->mutex);

  return copy;
}
