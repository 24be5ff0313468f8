/* bindery-paged-list.c: a lazy GListModel over catalog rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Items handed out are tracked in a weak table (id → item) so an id always maps to one
 * object while anybody holds it, and a refresh reaches the object a view shows. On top of
 * that an LRU of strong references keeps the most recently asked items alive, so
 * scrolling back does not query again.
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include "bindery-paged-list.h"
#include "bindery-models-private.h"

#define DEFAULT_CACHE_SIZE 1024
#define REFRESH_CHUNK      256

typedef struct
{
  BinderyPagedList *list;
  gint64            id;   /* the hash key */
  GObject          *item; /* weak */
} LiveEntry;

typedef struct
{
  BinderyCatalog *catalog;
  GArray         *ids;        /* gint64, display order */
  GHashTable     *live;       /* gint64 id → LiveEntry */
  GHashTable     *lru_links;  /* gint64 id → GList link in lru */
  GQueue          lru;        /* strong refs, most recent first */
  guint           cache_size;
  guint           n_page_loads;
} BinderyPagedListPrivate;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (BinderyPagedList, bindery_paged_list, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (BinderyPagedList)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_N_ITEMS,
  PROP_CACHE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
item_id (BinderyPagedList *self,
         gpointer          item)
{
  return BINDERY_PAGED_LIST_GET_CLASS (self)->get_item_id (item);
}

static void
live_item_finalized (gpointer  data,
                     GObject  *where_the_object_was)
{
  LiveEntry *entry = data;
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (entry->list);

  /* Frees entry. */
  g_hash_table_remove (priv->live, &entry->id);
}

static gpointer
live_lookup (BinderyPagedList *self,
             gint64            id)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  LiveEntry *entry = g_hash_table_lookup (priv->live, &id);

  return entry != NULL ? entry->item : NULL;
}

static void
lru_touch (BinderyPagedList *self,
           gpointer          item)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  gint64 id = item_id (self, item);
  GList *link = g_hash_table_lookup (priv->lru_links, &id);

  if (link != NULL)
    {
      g_queue_unlink (&priv->lru, link);
      g_queue_push_head_link (&priv->lru, link);
      return;
    }

  g_queue_push_head (&priv->lru, g_object_ref (item));
  g_hash_table_insert (priv->lru_links, g_memdup2 (&id, sizeof id), priv->lru.head);
}

static void
lru_trim (BinderyPagedList *self)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  while (priv->lru.length > priv->cache_size)
    {
      gpointer item = g_queue_pop_tail (&priv->lru);
      gint64 id = item_id (self, item);

      g_hash_table_remove (priv->lru_links, &id);
      g_object_unref (item);
    }
}

static void
track_item (BinderyPagedList *self,
            gpointer          item)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  LiveEntry *entry = g_new0 (LiveEntry, 1);

  entry->list = self;
  entry->id = item_id (self, item);
  entry->item = item;
  g_object_weak_ref (G_OBJECT (item), live_item_finalized, entry);
  g_hash_table_insert (priv->live, &entry->id, entry);
}

/* Reads the rows of ids: live items are updated in place, others become live items. */
static gboolean
load_ids (BinderyPagedList *self,
          const gint64     *ids,
          guint             n_ids,
          GError          **error)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ids_json = NULL;

  if (n_ids == 0)
    return TRUE;

  ids_json = bindery_models_ids_json (ids, n_ids);
  if (!BINDERY_PAGED_LIST_GET_CLASS (self)->load_items (self, priv->catalog, ids_json, items, error))
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      gpointer fresh = g_ptr_array_index (items, i);
      gint64 id = item_id (self, fresh);
      gpointer live = live_lookup (self, id);

      if (live != NULL)
        BINDERY_PAGED_LIST_GET_CLASS (self)->update_item (live, fresh);
      else
        track_item (self, fresh);
    }
  /* The LRU takes the references of the new items when get_item() touches them; until
   * then `items` holds them, so make the new ones recently used now. */
  for (guint i = 0; i < items->len; i++)
    {
      gpointer fresh = g_ptr_array_index (items, i);
      gint64 id = item_id (self, fresh);

      if (live_lookup (self, id) == fresh)
        lru_touch (self, fresh);
    }

  return TRUE;
}

static GType
bindery_paged_list_get_item_type (GListModel *model)
{
  return BINDERY_PAGED_LIST_GET_CLASS (model)->item_type;
}

static guint
bindery_paged_list_get_n_items (GListModel *model)
{
  BinderyPagedList *self = BINDERY_PAGED_LIST (model);
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  return priv->ids->len;
}

static gpointer
bindery_paged_list_get_item (GListModel *model,
                             guint       position)
{
  BinderyPagedList *self = BINDERY_PAGED_LIST (model);
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  gpointer item;
  gint64 id;

  if (position >= priv->ids->len)
    return NULL;

  id = g_array_index (priv->ids, gint64, position);
  item = live_lookup (self, id);

  if (item == NULL && priv->catalog != NULL)
    {
      g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GError) error = NULL;
      guint start = position - position % BINDERY_PAGED_LIST_PAGE_SIZE;
      guint end = MIN (start + BINDERY_PAGED_LIST_PAGE_SIZE, priv->ids->len);

      for (guint i = start; i < end; i++)
        {
          gint64 other = g_array_index (priv->ids, gint64, i);

          if (!g_hash_table_contains (priv->live, &other))
            g_array_append_val (wanted, other);
        }

      priv->n_page_loads++;
      if (!load_ids (self, (const gint64 *) (gpointer) wanted->data, wanted->len, &error))
        g_debug ("Could not load rows %u–%u: %s", start, end, error->message);
      item = live_lookup (self, id);
    }

  if (item == NULL)
    {
      /* The row vanished since the ids were read (or the catalog could not be read): a
       * placeholder stands in until the next reload replaces the span. */
      item = g_object_new (BINDERY_PAGED_LIST_GET_CLASS (self)->item_type, "id", id, NULL);
      track_item (self, item);
      lru_touch (self, item);
      g_object_unref (item);
    }
  else
    {
      lru_touch (self, item);
    }

  g_object_ref (item);
  lru_trim (self);

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bindery_paged_list_get_item_type;
  iface->get_n_items = bindery_paged_list_get_n_items;
  iface->get_item = bindery_paged_list_get_item;
}

static void
bindery_paged_list_dispose (GObject *object)
{
  BinderyPagedList *self = BINDERY_PAGED_LIST (object);
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, priv->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LiveEntry *entry = value;

      g_object_weak_unref (entry->item, live_item_finalized, entry);
      g_hash_table_iter_remove (&iter);
    }
  g_hash_table_remove_all (priv->lru_links);
  g_queue_clear_full (&priv->lru, g_object_unref);
  g_clear_object (&priv->catalog);

  G_OBJECT_CLASS (bindery_paged_list_parent_class)->dispose (object);
}

static void
bindery_paged_list_finalize (GObject *object)
{
  BinderyPagedList *self = BINDERY_PAGED_LIST (object);
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_array_unref (priv->ids);
  g_hash_table_unref (priv->live);
  g_hash_table_unref (priv->lru_links);

  G_OBJECT_CLASS (bindery_paged_list_parent_class)->finalize (object);
}

static void
bindery_paged_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BinderyPagedList *self = BINDERY_PAGED_LIST (object);
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, priv->catalog);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->ids->len);
      break;
    case PROP_CACHE_SIZE:
      g_value_set_uint (value, priv->cache_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_paged_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BinderyPagedList *self = BINDERY_PAGED_LIST (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      bindery_paged_list_set_catalog (self, g_value_get_object (value));
      break;
    case PROP_CACHE_SIZE:
      bindery_paged_list_set_cache_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_paged_list_class_init (BinderyPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bindery_paged_list_dispose;
  object_class->finalize = bindery_paged_list_finalize;
  object_class->get_property = bindery_paged_list_get_property;
  object_class->set_property = bindery_paged_list_set_property;

  klass->item_type = G_TYPE_OBJECT;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, BINDERY_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE_SIZE] =
    g_param_spec_uint ("cache-size", NULL, NULL,
                       2 * BINDERY_PAGED_LIST_PAGE_SIZE, G_MAXUINT, DEFAULT_CACHE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bindery_paged_list_init (BinderyPagedList *self)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  priv->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  priv->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  priv->lru_links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_queue_init (&priv->lru);
  priv->cache_size = DEFAULT_CACHE_SIZE;
}

BinderyCatalog *
bindery_paged_list_get_catalog (BinderyPagedList *self)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), NULL);

  return priv->catalog;
}

void
bindery_paged_list_set_catalog (BinderyPagedList *self,
                                BinderyCatalog   *catalog)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_if_fail (BINDERY_IS_PAGED_LIST (self));
  g_return_if_fail (catalog == NULL || BINDERY_IS_CATALOG (catalog));

  if (g_set_object (&priv->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

gboolean
bindery_paged_list_reload (BinderyPagedList *self,
                           GError          **error)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  g_autoptr(GArray) ids = NULL;
  const gint64 *old_ids, *new_ids;
  guint old_n, new_n, prefix = 0, suffix = 0;

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), FALSE);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (priv->catalog != NULL &&
      !BINDERY_PAGED_LIST_GET_CLASS (self)->query_ids (self, priv->catalog, ids, error))
    return FALSE;

  /* Rows still shown must not show stale data once the new span is announced. */
  if (!bindery_paged_list_refresh_cached (self, error))
    return FALSE;

  old_ids = (const gint64 *) (gpointer) priv->ids->data;
  new_ids = (const gint64 *) (gpointer) ids->data;
  old_n = priv->ids->len;
  new_n = ids->len;
  while (prefix < old_n && prefix < new_n && old_ids[prefix] == new_ids[prefix])
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         old_ids[old_n - 1 - suffix] == new_ids[new_n - 1 - suffix])
    suffix++;

  g_array_unref (priv->ids);
  priv->ids = g_steal_pointer (&ids);

  if (old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_n - prefix - suffix, new_n - prefix - suffix);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  return TRUE;
}

gboolean
bindery_paged_list_refresh (BinderyPagedList *self,
                            const gint64     *ids,
                            guint             n_ids,
                            GError          **error)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  g_autoptr(GArray) wanted = NULL;

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (priv->catalog == NULL)
    return TRUE;

  wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < n_ids; i++)
    {
      if (g_hash_table_contains (priv->live, &ids[i]))
        g_array_append_val (wanted, ids[i]);
    }

  for (guint i = 0; i < wanted->len; i += REFRESH_CHUNK)
    {
      const gint64 *chunk = &g_array_index (wanted, gint64, i);

      if (!load_ids (self, chunk, MIN (REFRESH_CHUNK, wanted->len - i), error))
        return FALSE;
    }
  lru_trim (self);

  return TRUE;
}

gboolean
bindery_paged_list_refresh_cached (BinderyPagedList *self,
                                   GError          **error)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);
  g_autoptr(GArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), FALSE);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (priv->live));
  g_hash_table_iter_init (&iter, priv->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);

  return bindery_paged_list_refresh (self, (const gint64 *) (gpointer) ids->data, ids->len, error);
}

gint64
bindery_paged_list_get_id (BinderyPagedList *self,
                           guint             position)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), 0);
  g_return_val_if_fail (position < priv->ids->len, 0);

  return g_array_index (priv->ids, gint64, position);
}

gboolean
bindery_paged_list_find (BinderyPagedList *self,
                         gint64            id,
                         guint            *position)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), FALSE);

  for (guint i = 0; i < priv->ids->len; i++)
    {
      if (g_array_index (priv->ids, gint64, i) == id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

guint
bindery_paged_list_get_n_cached (BinderyPagedList *self)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), 0);

  return priv->lru.length;
}

guint
bindery_paged_list_get_cache_size (BinderyPagedList *self)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), 0);

  return priv->cache_size;
}

void
bindery_paged_list_set_cache_size (BinderyPagedList *self,
                                   guint             n_items)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_if_fail (BINDERY_IS_PAGED_LIST (self));

  n_items = MAX (n_items, 2 * BINDERY_PAGED_LIST_PAGE_SIZE);
  if (priv->cache_size == n_items)
    return;
  priv->cache_size = n_items;
  lru_trim (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE_SIZE]);
}

guint
bindery_paged_list_get_n_page_loads (BinderyPagedList *self)
{
  BinderyPagedListPrivate *priv = bindery_paged_list_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_PAGED_LIST (self), 0);

  return priv->n_page_loads;
}
