/* bindery-cover-priority.c: the covers the gallery shows are made first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <string.h>

#include "bindery-book-item.h"
#include "bindery-cover-priority.h"
#include "bindery-series-item.h"
#include "bindery-thumbnail-job.h"

/* Between two looks at the gallery while it scrolls. */
#define UPDATE_INTERVAL_MS 50

struct _BinderyCoverPriority
{
  GObject          parent_instance;

  /* owned */
  GtkGridView     *grid_view;
  BinderyJobQueue *queue;
  GHashTable      *bound;          /* GtkListItem (borrowed: removed at unbind) */
  GArray          *wanted;         /* gint64 book ids, as last handed out */
  guint            update_source;
  gboolean         disabled;       /* BINDERY_COVER_PRIORITY=off */
  gboolean         has_visible;
  guint            first_visible;
  guint            last_visible;
};

G_DEFINE_FINAL_TYPE (BinderyCoverPriority, bindery_cover_priority, G_TYPE_OBJECT)

static gboolean
update_cb (gpointer user_data)
{
  BinderyCoverPriority *self = user_data;

  self->update_source = 0;
  bindery_cover_priority_update (self);
  return G_SOURCE_REMOVE;
}

void
bindery_cover_priority_queue_update (BinderyCoverPriority *self)
{
  g_return_if_fail (BINDERY_IS_COVER_PRIORITY (self));

  /* Disposed: the grid's cells are unbound as it goes. */
  if (self->update_source != 0 || self->grid_view == NULL)
    return;
  self->update_source = g_timeout_add (UPDATE_INTERVAL_MS, update_cb, self);
  g_source_set_name_by_id (self->update_source, "[bindery] cover priority");
}

static gboolean
has_thumbnail_job (BinderyCoverPriority *self)
{
  GListModel *active;
  guint n;

  if (self->queue == NULL)
    return FALSE;
  active = bindery_job_queue_get_active (self->queue);
  n = g_list_model_get_n_items (active);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyJob) job = g_list_model_get_item (active, i);

      if (BINDERY_IS_THUMBNAIL_JOB (job))
        return TRUE;
    }
  return FALSE;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/* The positions of the cells on screen, in order. */
static GArray *
visible_positions (BinderyCoverPriority *self)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (guint));
  int height = gtk_widget_get_height (GTK_WIDGET (self->grid_view));
  GHashTableIter iter;
  gpointer key;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->grid_view)) || height <= 0)
    return positions;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GtkListItem *list_item = key;
      GtkWidget *cell = gtk_list_item_get_child (list_item);
      guint position = gtk_list_item_get_position (list_item);
      graphene_rect_t bounds;

      if (cell == NULL || position == GTK_INVALID_LIST_POSITION || !gtk_widget_get_mapped (cell) ||
          !gtk_widget_compute_bounds (cell, GTK_WIDGET (self->grid_view), &bounds))
        continue;
      if (bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height)
        g_array_append_val (positions, position);
    }
  g_array_sort (positions, compare_uint);
  return positions;
}

/* The book whose cover the item at position shows (0: none). */
static gint64
cover_book_at (GListModel *model,
               guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  if (BINDERY_IS_BOOK_ITEM (item))
    return bindery_book_item_get_thumbnail (BINDERY_BOOK_ITEM (item)) == NULL
             ? bindery_book_item_get_id (BINDERY_BOOK_ITEM (item)) : 0;
  if (BINDERY_IS_SERIES_ITEM (item))
    return bindery_series_item_get_cover_book_id (BINDERY_SERIES_ITEM (item));
  return 0;
}

static gboolean
same_ids (GArray *a,
          GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0;
}

guint
bindery_cover_priority_update (BinderyCoverPriority *self)
{
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GArray) wanted = NULL;
  GListModel *model;
  GListModel *active;
  guint n_items, ahead_end, n;

  g_return_val_if_fail (BINDERY_IS_COVER_PRIORITY (self), 0);

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->grid_view == NULL)
    return 0;

  positions = visible_positions (self);
  self->has_visible = positions->len > 0;
  if (self->has_visible)
    {
      self->first_visible = g_array_index (positions, guint, 0);
      self->last_visible = g_array_index (positions, guint, positions->len - 1);
    }

  model = G_LIST_MODEL (gtk_grid_view_get_model (self->grid_view));
  if (self->disabled || !self->has_visible || model == NULL || !has_thumbnail_job (self))
    return 0;

  /* The cells on screen, top to bottom, then as many again below them. */
  wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < positions->len; i++)
    {
      gint64 id = cover_book_at (model, g_array_index (positions, guint, i));

      if (id > 0)
        g_array_append_val (wanted, id);
    }
  ahead_end = MIN (n_items, self->last_visible + 1 + (self->last_visible - self->first_visible + 1));
  for (guint position = self->last_visible + 1; position < ahead_end; position++)
    {
      gint64 id = cover_book_at (model, position);

      if (id > 0)
        g_array_append_val (wanted, id);
    }

  if (same_ids (wanted, self->wanted))
    return wanted->len;
  g_array_set_size (self->wanted, 0);
  g_array_append_vals (self->wanted, wanted->data, wanted->len);

  active = bindery_job_queue_get_active (self->queue);
  n = g_list_model_get_n_items (active);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyJob) job = g_list_model_get_item (active, i);

      if (BINDERY_IS_THUMBNAIL_JOB (job))
        bindery_thumbnail_job_prioritize (BINDERY_THUMBNAIL_JOB (job),
                                          (const gint64 *) (gpointer) wanted->data, wanted->len);
    }
  g_debug ("%u covers wanted first (items %u–%u on screen)", wanted->len,
           self->first_visible, self->last_visible);
  return wanted->len;
}

static void
on_job_added (BinderyCoverPriority *self,
              BinderyJob           *job)
{
  if (!BINDERY_IS_THUMBNAIL_JOB (job))
    return;
  /* A new job has not heard of the books on screen yet. */
  g_array_set_size (self->wanted, 0);
  bindery_cover_priority_queue_update (self);
}

void
bindery_cover_priority_set_queue (BinderyCoverPriority *self,
                                  BinderyJobQueue      *queue)
{
  g_return_if_fail (BINDERY_IS_COVER_PRIORITY (self));
  g_return_if_fail (queue == NULL || BINDERY_IS_JOB_QUEUE (queue));

  if (self->queue == queue)
    return;
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_func (self->queue, on_job_added, self);
  g_set_object (&self->queue, queue);
  if (queue != NULL)
    g_signal_connect_object (queue, "job-added", G_CALLBACK (on_job_added), self, G_CONNECT_SWAPPED);
  g_array_set_size (self->wanted, 0);
  bindery_cover_priority_queue_update (self);
}

void
bindery_cover_priority_bind (BinderyCoverPriority *self,
                             GtkListItem          *list_item)
{
  g_return_if_fail (BINDERY_IS_COVER_PRIORITY (self));

  g_hash_table_add (self->bound, list_item);
  bindery_cover_priority_queue_update (self);
}

void
bindery_cover_priority_unbind (BinderyCoverPriority *self,
                               GtkListItem          *list_item)
{
  g_return_if_fail (BINDERY_IS_COVER_PRIORITY (self));

  g_hash_table_remove (self->bound, list_item);
  bindery_cover_priority_queue_update (self);
}

GArray *
bindery_cover_priority_get_wanted (BinderyCoverPriority *self)
{
  g_return_val_if_fail (BINDERY_IS_COVER_PRIORITY (self), NULL);
  return self->wanted;
}

gboolean
bindery_cover_priority_get_visible_range (BinderyCoverPriority *self,
                                          guint                *first,
                                          guint                *last)
{
  g_return_val_if_fail (BINDERY_IS_COVER_PRIORITY (self), FALSE);

  if (first != NULL)
    *first = self->first_visible;
  if (last != NULL)
    *last = self->last_visible;
  return self->has_visible;
}

static void
bindery_cover_priority_dispose (GObject *object)
{
  BinderyCoverPriority *self = BINDERY_COVER_PRIORITY (object);

  bindery_cover_priority_set_queue (self, NULL);
  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->grid_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid_view)), self);
      g_signal_handlers_disconnect_by_data (self->grid_view, self);
    }
  g_clear_object (&self->grid_view);
  g_hash_table_remove_all (self->bound);

  G_OBJECT_CLASS (bindery_cover_priority_parent_class)->dispose (object);
}

static void
bindery_cover_priority_finalize (GObject *object)
{
  BinderyCoverPriority *self = BINDERY_COVER_PRIORITY (object);

  g_hash_table_unref (self->bound);
  g_array_unref (self->wanted);

  G_OBJECT_CLASS (bindery_cover_priority_parent_class)->finalize (object);
}

static void
bindery_cover_priority_class_init (BinderyCoverPriorityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bindery_cover_priority_dispose;
  object_class->finalize = bindery_cover_priority_finalize;
}

static void
bindery_cover_priority_init (BinderyCoverPriority *self)
{
  self->bound = g_hash_table_new (NULL, NULL);
  self->wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* For benchmarks only (build-aux/bench covers): the cover job's own order, to measure
   * what the visible-first work costs and gains. */
  self->disabled = g_strcmp0 (g_getenv ("BINDERY_COVER_PRIORITY"), "off") == 0;
}

BinderyCoverPriority *
bindery_cover_priority_new (GtkGridView *grid_view)
{
  BinderyCoverPriority *self;
  GtkAdjustment *vadjustment;

  g_return_val_if_fail (GTK_IS_GRID_VIEW (grid_view), NULL);

  self = g_object_new (BINDERY_TYPE_COVER_PRIORITY, NULL);
  self->grid_view = g_object_ref (grid_view);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (grid_view));
  /* Scrolling and resizing both move the adjustment's value or page. */
  g_signal_connect_swapped (vadjustment, "value-changed", G_CALLBACK (bindery_cover_priority_queue_update), self);
  g_signal_connect_swapped (vadjustment, "notify::page-size", G_CALLBACK (bindery_cover_priority_queue_update), self);
  g_signal_connect_swapped (grid_view, "notify::model", G_CALLBACK (bindery_cover_priority_queue_update), self);
  return self;
}
