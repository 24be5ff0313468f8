/* bindery-series-item.c: one series as the UI shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include "bindery-models-private.h"

struct _BinderySeriesItem
{
  GObject parent_instance;

  gint64  id;
  gint64  library_id;
  char   *name;
  char   *status;
  gint64  created_at;
  guint   book_count;
  guint   missing_count;
  guint   error_count;
  char   *cover;
  gint64  cover_book_id;
  guint   loaded : 1;
};

G_DEFINE_FINAL_TYPE (BinderySeriesItem, bindery_series_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LIBRARY_ID,
  PROP_NAME,
  PROP_STATUS,
  PROP_CREATED_AT,
  PROP_BOOK_COUNT,
  PROP_MISSING_COUNT,
  PROP_ERROR_COUNT,
  PROP_COVER,
  PROP_COVER_BOOK_ID,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bindery_series_item_finalize (GObject *object)
{
  BinderySeriesItem *self = BINDERY_SERIES_ITEM (object);

  g_free (self->name);
  g_free (self->status);
  g_free (self->cover);

  G_OBJECT_CLASS (bindery_series_item_parent_class)->finalize (object);
}

static void
bindery_series_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BinderySeriesItem *self = BINDERY_SERIES_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LIBRARY_ID:
      g_value_set_int64 (value, self->library_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_BOOK_COUNT:
      g_value_set_uint (value, self->book_count);
      break;
    case PROP_MISSING_COUNT:
      g_value_set_uint (value, self->missing_count);
      break;
    case PROP_ERROR_COUNT:
      g_value_set_uint (value, self->error_count);
      break;
    case PROP_COVER:
      g_value_set_string (value, self->cover);
      break;
    case PROP_COVER_BOOK_ID:
      g_value_set_int64 (value, self->cover_book_id);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_series_item_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BinderySeriesItem *self = BINDERY_SERIES_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_series_item_class_init (BinderySeriesItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bindery_series_item_finalize;
  object_class->get_property = bindery_series_item_get_property;
  object_class->set_property = bindery_series_item_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY_ID] = g_param_spec_int64 ("library-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_BOOK_COUNT] = g_param_spec_uint ("book-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_MISSING_COUNT] = g_param_spec_uint ("missing-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ERROR_COUNT] = g_param_spec_uint ("error-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_COVER] = g_param_spec_string ("cover", NULL, NULL, NULL, ro);
  properties[PROP_COVER_BOOK_ID] = g_param_spec_int64 ("cover-book-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bindery_series_item_init (BinderySeriesItem *self)
{
}

BinderySeriesItem *
bindery_series_item_new_from_stmt (sqlite3_stmt *stmt)
{
  BinderySeriesItem *self;

  self = g_object_new (BINDERY_TYPE_SERIES_ITEM, "id", sqlite3_column_int64 (stmt, 0), NULL);
  self->library_id = sqlite3_column_int64 (stmt, 1);
  self->name = bindery_models_column_dup (stmt, 2);
  self->status = bindery_models_column_dup (stmt, 3);
  self->created_at = sqlite3_column_int64 (stmt, 4);
  self->book_count = (guint) sqlite3_column_int64 (stmt, 5);
  self->missing_count = (guint) sqlite3_column_int64 (stmt, 6);
  self->error_count = (guint) sqlite3_column_int64 (stmt, 7);
  self->cover = bindery_models_column_dup (stmt, 8);
  self->cover_book_id = sqlite3_column_int64 (stmt, 9);
  self->loaded = TRUE;

  return self;
}

#define UPDATE_STRING(field, prop) \
  G_STMT_START { \
    if (g_strcmp0 (self->field, from->field) != 0) \
      { \
        g_free (self->field); \
        self->field = g_strdup (from->field); \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      } \
  } G_STMT_END

#define UPDATE_VALUE(field, prop) \
  G_STMT_START { \
    if (self->field != from->field) \
      { \
        self->field = from->field; \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      } \
  } G_STMT_END

void
bindery_series_item_update_from (BinderySeriesItem *self,
                                 BinderySeriesItem *from)
{
  g_return_if_fail (BINDERY_IS_SERIES_ITEM (self));
  g_return_if_fail (BINDERY_IS_SERIES_ITEM (from));
  g_return_if_fail (self->id == from->id);

  g_object_freeze_notify (G_OBJECT (self));
  UPDATE_VALUE (library_id, PROP_LIBRARY_ID);
  UPDATE_STRING (name, PROP_NAME);
  UPDATE_STRING (status, PROP_STATUS);
  UPDATE_VALUE (created_at, PROP_CREATED_AT);
  UPDATE_VALUE (book_count, PROP_BOOK_COUNT);
  UPDATE_VALUE (missing_count, PROP_MISSING_COUNT);
  UPDATE_VALUE (error_count, PROP_ERROR_COUNT);
  UPDATE_STRING (cover, PROP_COVER);
  UPDATE_VALUE (cover_book_id, PROP_COVER_BOOK_ID);
  if (!self->loaded && from->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
bindery_series_item_get_id (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), 0);
  return self->id;
}

gint64
bindery_series_item_get_library_id (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), 0);
  return self->library_id;
}

const char *
bindery_series_item_get_name (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), NULL);
  return self->name;
}

const char *
bindery_series_item_get_status (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), NULL);
  return self->status;
}

gint64
bindery_series_item_get_created_at (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), 0);
  return self->created_at;
}

guint
bindery_series_item_get_book_count (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), 0);
  return self->book_count;
}

guint
bindery_series_item_get_missing_count (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), 0);
  return self->missing_count;
}

guint
bindery_series_item_get_error_count (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), 0);
  return self->error_count;
}

const char *
bindery_series_item_get_cover (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), NULL);
  return self->cover;
}

gint64
bindery_series_item_get_cover_book_id (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), 0);
  return self->cover_book_id;
}

gboolean
bindery_series_item_get_loaded (BinderySeriesItem *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_ITEM (self), FALSE);
  return self->loaded;
}
