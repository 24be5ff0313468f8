/* bindery-book-item.c: one book as the UI shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include <string.h>

#include "bindery-models-private.h"

struct _BinderyBookItem
{
  GObject parent_instance;

  gint64  id;
  gint64  library_id;
  gint64  series_id;
  char   *series_name;
  char   *name;
  char   *title;
  char   *display_title;  /* title, else the file name without its extension */
  char   *number;
  int     volume;
  int     year;
  char   *format;
  int     page_count;
  gint64  size;
  char   *status;
  char   *error_kind;
  char   *error_message;
  char   *metadata_error;
  char   *path;
  char   *display_path;
  gint64  added_at;
  char   *thumbnail;
  guint   loaded : 1;
};

G_DEFINE_FINAL_TYPE (BinderyBookItem, bindery_book_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LIBRARY_ID,
  PROP_SERIES_ID,
  PROP_SERIES_NAME,
  PROP_NAME,
  PROP_TITLE,
  PROP_DISPLAY_TITLE,
  PROP_NUMBER,
  PROP_VOLUME,
  PROP_YEAR,
  PROP_FORMAT,
  PROP_PAGE_COUNT,
  PROP_SIZE,
  PROP_STATUS,
  PROP_ERROR_KIND,
  PROP_ERROR_MESSAGE,
  PROP_METADATA_ERROR,
  PROP_DISPLAY_PATH,
  PROP_ADDED_AT,
  PROP_THUMBNAIL,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bindery_book_item_finalize (GObject *object)
{
  BinderyBookItem *self = BINDERY_BOOK_ITEM (object);

  g_free (self->series_name);
  g_free (self->name);
  g_free (self->title);
  g_free (self->display_title);
  g_free (self->number);
  g_free (self->format);
  g_free (self->status);
  g_free (self->error_kind);
  g_free (self->error_message);
  g_free (self->metadata_error);
  g_free (self->path);
  g_free (self->display_path);
  g_free (self->thumbnail);

  G_OBJECT_CLASS (bindery_book_item_parent_class)->finalize (object);
}

static void
bindery_book_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BinderyBookItem *self = BINDERY_BOOK_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LIBRARY_ID:
      g_value_set_int64 (value, self->library_id);
      break;
    case PROP_SERIES_ID:
      g_value_set_int64 (value, self->series_id);
      break;
    case PROP_SERIES_NAME:
      g_value_set_string (value, self->series_name);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DISPLAY_TITLE:
      g_value_set_string (value, bindery_book_item_get_display_title (self));
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_VOLUME:
      g_value_set_int (value, self->volume);
      break;
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    case PROP_FORMAT:
      g_value_set_string (value, self->format);
      break;
    case PROP_PAGE_COUNT:
      g_value_set_int (value, self->page_count);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ERROR_KIND:
      g_value_set_string (value, self->error_kind);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_METADATA_ERROR:
      g_value_set_string (value, self->metadata_error);
      break;
    case PROP_DISPLAY_PATH:
      g_value_set_string (value, self->display_path);
      break;
    case PROP_ADDED_AT:
      g_value_set_int64 (value, self->added_at);
      break;
    case PROP_THUMBNAIL:
      g_value_set_string (value, self->thumbnail);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_book_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BinderyBookItem *self = BINDERY_BOOK_ITEM (object);

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
bindery_book_item_class_init (BinderyBookItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bindery_book_item_finalize;
  object_class->get_property = bindery_book_item_get_property;
  object_class->set_property = bindery_book_item_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY_ID] = g_param_spec_int64 ("library-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SERIES_ID] = g_param_spec_int64 ("series-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SERIES_NAME] = g_param_spec_string ("series-name", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_TITLE] = g_param_spec_string ("display-title", NULL, NULL, NULL, ro);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, ro);
  properties[PROP_VOLUME] = g_param_spec_int ("volume", NULL, NULL, G_MININT, G_MAXINT, 0, ro);
  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, G_MININT, G_MAXINT, 0, ro);
  properties[PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, ro);
  properties[PROP_PAGE_COUNT] = g_param_spec_int ("page-count", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_SIZE] = g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  properties[PROP_ERROR_KIND] = g_param_spec_string ("error-kind", NULL, NULL, NULL, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_METADATA_ERROR] = g_param_spec_string ("metadata-error", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_PATH] = g_param_spec_string ("display-path", NULL, NULL, NULL, ro);
  properties[PROP_ADDED_AT] = g_param_spec_int64 ("added-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_THUMBNAIL] = g_param_spec_string ("thumbnail", NULL, NULL, NULL, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bindery_book_item_init (BinderyBookItem *self)
{
}

static char *
join_path (const void *root,
           int         root_len,
           const void *rel,
           int         rel_len)
{
  GString *path = g_string_sized_new (root_len + rel_len + 2);

  g_string_append_len (path, root, root_len);
  if (rel_len > 0)
    {
      if (path->len == 0 || path->str[path->len - 1] != '/')
        g_string_append_c (path, '/');
      g_string_append_len (path, rel, rel_len);
    }
  return g_string_free (path, FALSE);
}

static void
update_display_title (BinderyBookItem *self)
{
  const char *dot;

  g_clear_pointer (&self->display_title, g_free);
  if (self->title != NULL && self->title[0] != '\0')
    {
      self->display_title = g_strdup (self->title);
      return;
    }
  if (self->name == NULL)
    return;
  /* "Saga 001.cbz" → "Saga 001": book extensions are short and have no space. */
  dot = strrchr (self->name, '.');
  if (dot != NULL && dot != self->name && strlen (dot) <= 5 && strchr (dot, ' ') == NULL)
    self->display_title = g_strndup (self->name, dot - self->name);
  else
    self->display_title = g_strdup (self->name);
}

BinderyBookItem *
bindery_book_item_new_from_stmt (sqlite3_stmt *stmt)
{
  BinderyBookItem *self;

  self = g_object_new (BINDERY_TYPE_BOOK_ITEM, "id", sqlite3_column_int64 (stmt, 0), NULL);
  self->library_id = sqlite3_column_int64 (stmt, 1);
  self->series_id = sqlite3_column_int64 (stmt, 2);
  self->series_name = bindery_models_column_dup (stmt, 3);
  self->name = bindery_models_column_dup (stmt, 4);
  self->title = bindery_models_column_dup (stmt, 5);
  self->number = bindery_models_column_dup (stmt, 6);
  self->volume = sqlite3_column_int (stmt, 7);
  self->year = sqlite3_column_int (stmt, 8);
  self->format = bindery_models_column_dup (stmt, 9);
  self->page_count = sqlite3_column_int (stmt, 10);
  self->size = sqlite3_column_int64 (stmt, 11);
  self->status = bindery_models_column_dup (stmt, 12);
  self->error_kind = bindery_models_column_dup (stmt, 13);
  self->error_message = bindery_models_column_dup (stmt, 14);
  self->metadata_error = bindery_models_column_dup (stmt, 15);
  self->path = join_path (sqlite3_column_blob (stmt, 16), sqlite3_column_bytes (stmt, 16),
                          sqlite3_column_blob (stmt, 17), sqlite3_column_bytes (stmt, 17));
  self->display_path = g_filename_display_name (self->path);
  self->added_at = sqlite3_column_int64 (stmt, 18);
  self->thumbnail = bindery_models_column_dup (stmt, 19);
  self->loaded = TRUE;

  if (self->name == NULL)
    self->name = g_path_get_basename (self->display_path);
  update_display_title (self);

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
bindery_book_item_update_from (BinderyBookItem *self,
                               BinderyBookItem *from)
{
  g_autofree char *old_display_title = NULL;

  g_return_if_fail (BINDERY_IS_BOOK_ITEM (self));
  g_return_if_fail (BINDERY_IS_BOOK_ITEM (from));
  g_return_if_fail (self->id == from->id);

  old_display_title = g_steal_pointer (&self->display_title);

  g_object_freeze_notify (G_OBJECT (self));
  UPDATE_VALUE (library_id, PROP_LIBRARY_ID);
  UPDATE_VALUE (series_id, PROP_SERIES_ID);
  UPDATE_STRING (series_name, PROP_SERIES_NAME);
  UPDATE_STRING (name, PROP_NAME);
  UPDATE_STRING (title, PROP_TITLE);
  UPDATE_STRING (number, PROP_NUMBER);
  UPDATE_VALUE (volume, PROP_VOLUME);
  UPDATE_VALUE (year, PROP_YEAR);
  UPDATE_STRING (format, PROP_FORMAT);
  UPDATE_VALUE (page_count, PROP_PAGE_COUNT);
  UPDATE_VALUE (size, PROP_SIZE);
  UPDATE_STRING (status, PROP_STATUS);
  UPDATE_STRING (error_kind, PROP_ERROR_KIND);
  UPDATE_STRING (error_message, PROP_ERROR_MESSAGE);
  UPDATE_STRING (metadata_error, PROP_METADATA_ERROR);
  UPDATE_STRING (display_path, PROP_DISPLAY_PATH);
  UPDATE_VALUE (added_at, PROP_ADDED_AT);
  UPDATE_STRING (thumbnail, PROP_THUMBNAIL);
  if (!self->loaded && from->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (g_strcmp0 (self->path, from->path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (from->path);
    }
  update_display_title (self);
  if (g_strcmp0 (old_display_title, self->display_title) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TITLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
bindery_book_item_get_id (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->id;
}

gint64
bindery_book_item_get_library_id (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->library_id;
}

gint64
bindery_book_item_get_series_id (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->series_id;
}

const char *
bindery_book_item_get_series_name (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->series_name;
}

const char *
bindery_book_item_get_name (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->name;
}

const char *
bindery_book_item_get_title (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->title;
}

const char *
bindery_book_item_get_number (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->number;
}

int
bindery_book_item_get_volume (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->volume;
}

int
bindery_book_item_get_year (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->year;
}

const char *
bindery_book_item_get_format (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->format;
}

int
bindery_book_item_get_page_count (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->page_count;
}

gint64
bindery_book_item_get_size (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->size;
}

const char *
bindery_book_item_get_status (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->status;
}

const char *
bindery_book_item_get_error_kind (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->error_kind;
}

const char *
bindery_book_item_get_error_message (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->error_message;
}

const char *
bindery_book_item_get_metadata_error (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->metadata_error;
}

const char *
bindery_book_item_get_path (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->path;
}

const char *
bindery_book_item_get_display_path (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->display_path;
}

gint64
bindery_book_item_get_added_at (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), 0);
  return self->added_at;
}

const char *
bindery_book_item_get_thumbnail (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  return self->thumbnail;
}

gboolean
bindery_book_item_get_loaded (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), FALSE);
  return self->loaded;
}

const char *
bindery_book_item_get_display_title (BinderyBookItem *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);

  return self->display_title;
}

JsonObject *
bindery_book_item_load_metadata (BinderyBookItem *self,
                                 BinderyCatalog  *catalog,
                                 GError         **error)
{
  g_autoptr(JsonParser) parser = NULL;
  sqlite3_stmt *stmt;
  g_autofree char *json = NULL;
  JsonNode *root;
  int rc;

  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (self), NULL);
  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  stmt = bindery_catalog_prepare (catalog, "SELECT json FROM book_metadata WHERE book_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = bindery_models_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Could not read the book's metadata");
      return NULL;
    }
  if (json == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

BinderyBookItem *
bindery_book_item_load (BinderyCatalog  *catalog,
                        gint64           book_id,
                        GError         **error)
{
  BinderyBookItem *item = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " BINDERY_BOOK_ITEM_COLUMNS " FROM " BINDERY_BOOK_ITEM_FROM " WHERE b.id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, book_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = bindery_book_item_new_from_stmt (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Could not read a book");
      return NULL;
    }
  if (item == NULL)
    g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                 "No book with id %" G_GINT64_FORMAT, book_id);
  return item;
}

BinderyBookItem *
bindery_book_item_load_by_path (BinderyCatalog  *catalog,
                                gint64           library_id,
                                const char      *rel_path,
                                GError         **error)
{
  BinderyBookItem *item = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (rel_path != NULL, NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " BINDERY_BOOK_ITEM_COLUMNS " FROM " BINDERY_BOOK_ITEM_FROM
                                  " WHERE b.library_id = ? AND b.rel_path = ?",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, library_id);
  sqlite3_bind_blob (stmt, 2, rel_path, (int) strlen (rel_path), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = bindery_book_item_new_from_stmt (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Could not read a book");
      return NULL;
    }
  if (item == NULL)
    g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                 "No book at “%s” in library %" G_GINT64_FORMAT, rel_path, library_id);
  return item;
}
