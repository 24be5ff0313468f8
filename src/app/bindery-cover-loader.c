/* bindery-cover-loader.c: WebP thumbnails → GdkTexture, off the main thread, with an LRU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <webp/decode.h>

#include "bindery-cover-loader.h"

/* A thumbnail is small; anything larger than this is not one of ours. */
#define MAX_FILE_SIZE   (32 * 1024 * 1024)
#define MAX_PIXELS      (16 * 1024 * 1024)

struct _BinderyCoverLoader
{
  GObject      parent_instance;

  char        *thumbnail_dir;
  GThreadPool *pool;
  guint64      next_serial;
  guint        n_pending;
  gint         disposed;     /* atomic: pending requests are dropped */

  GHashTable  *cache;        /* "height:path" → GList link in lru */
  GQueue       lru;          /* CacheEntry, most recent first */
  guint        cache_size;
};

typedef struct {
  char       *key;
  GdkTexture *texture;
} CacheEntry;

typedef struct {
  GTask   *task;
  char    *path;
  char    *key;
  int      height;
  guint64  serial;
  gint    *disposed;
} Request;

G_DEFINE_FINAL_TYPE (BinderyCoverLoader, bindery_cover_loader, G_TYPE_OBJECT)

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_free (entry->key);
  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
request_free (Request *request)
{
  g_clear_object (&request->task);
  g_free (request->path);
  g_free (request->key);
  g_free (request);
}

static char *
cache_key (const char *rel_path,
           int         height)
{
  return g_strdup_printf ("%d:%s", height, rel_path);
}

GdkTexture *
bindery_cover_loader_decode_file (const char  *path,
                                  int          height,
                                  GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GBytes) pixels = NULL;
  WebPDecoderConfig config;
  gsize len = 0;
  guchar *buffer;
  int out_w, out_h;
  gsize stride;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  if (len > MAX_FILE_SIZE || !WebPInitDecoderConfig (&config) ||
      WebPGetFeatures ((const uint8_t *) data, len, &config.input) != VP8_STATUS_OK ||
      config.input.width <= 0 || config.input.height <= 0 ||
      (gint64) config.input.width * config.input.height > MAX_PIXELS)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a WebP thumbnail"), display);
      return NULL;
    }

  out_w = config.input.width;
  out_h = config.input.height;
  if (height > 0 && out_h > height)
    {
      out_w = MAX (1, (int) ((double) out_w * height / out_h + 0.5));
      out_h = height;
      config.options.use_scaling = 1;
      config.options.scaled_width = out_w;
      config.options.scaled_height = out_h;
    }

  stride = (gsize) out_w * 4;
  buffer = g_malloc (stride * out_h);
  config.output.colorspace = MODE_rgbA;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = buffer;
  config.output.u.RGBA.stride = (int) stride;
  config.output.u.RGBA.size = stride * out_h;

  if (WebPDecode ((const uint8_t *) data, len, &config) != VP8_STATUS_OK)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_free (buffer);
      WebPFreeDecBuffer (&config.output);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Could not decode %s"), display);
      return NULL;
    }
  WebPFreeDecBuffer (&config.output);

  pixels = g_bytes_new_take (buffer, stride * out_h);
  return gdk_memory_texture_new (out_w, out_h, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, pixels, stride);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  Request *request = data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  if (g_atomic_int_get (request->disposed) ||
      g_task_return_error_if_cancelled (request->task))
    {
      if (!g_task_had_error (request->task))
        g_task_return_new_error (request->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      request_free (request);
      return;
    }

  texture = bindery_cover_loader_decode_file (request->path, request->height, &error);
  if (texture == NULL)
    g_task_return_error (request->task, g_steal_pointer (&error));
  else
    g_task_return_pointer (request->task, texture, g_object_unref);
  request_free (request);
}

/* Most recent first: the cells bound last are the ones on screen. */
static int
request_compare (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Request *ra = a;
  const Request *rb = b;

  return ra->serial < rb->serial ? 1 : ra->serial > rb->serial ? -1 : 0;
}

static void
cache_insert (BinderyCoverLoader *self,
              const char         *key,
              GdkTexture         *texture)
{
  CacheEntry *entry;
  GList *link = g_hash_table_lookup (self->cache, key);

  if (link != NULL)
    {
      entry = link->data;
      g_set_object (&entry->texture, texture);
      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
      return;
    }

  entry = g_new0 (CacheEntry, 1);
  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  g_queue_push_head (&self->lru, entry);
  g_hash_table_insert (self->cache, entry->key, self->lru.head);

  while (self->lru.length > self->cache_size)
    {
      CacheEntry *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->cache, old->key);
      cache_entry_free (old);
    }
}

static void
bindery_cover_loader_dispose (GObject *object)
{
  BinderyCoverLoader *self = BINDERY_COVER_LOADER (object);

  if (self->pool != NULL)
    {
      g_atomic_int_set (&self->disposed, TRUE);
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }
  bindery_cover_loader_clear (self);

  G_OBJECT_CLASS (bindery_cover_loader_parent_class)->dispose (object);
}

static void
bindery_cover_loader_finalize (GObject *object)
{
  BinderyCoverLoader *self = BINDERY_COVER_LOADER (object);

  g_hash_table_unref (self->cache);
  g_free (self->thumbnail_dir);

  G_OBJECT_CLASS (bindery_cover_loader_parent_class)->finalize (object);
}

static void
bindery_cover_loader_class_init (BinderyCoverLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bindery_cover_loader_dispose;
  object_class->finalize = bindery_cover_loader_finalize;
}

static void
bindery_cover_loader_init (BinderyCoverLoader *self)
{
  self->cache = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
}

BinderyCoverLoader *
bindery_cover_loader_new (const char *thumbnail_dir,
                          guint       n_threads,
                          guint       cache_size)
{
  BinderyCoverLoader *self;

  g_return_val_if_fail (thumbnail_dir != NULL, NULL);

  self = g_object_new (BINDERY_TYPE_COVER_LOADER, NULL);
  self->thumbnail_dir = g_strdup (thumbnail_dir);
  self->cache_size = MAX (cache_size, 1);
  /* Thread creation cannot fail for a non-exclusive pool. */
  self->pool = g_thread_pool_new (worker_func, NULL, (int) MAX (n_threads, 1), FALSE, NULL);
  g_thread_pool_set_sort_function (self->pool, request_compare, NULL);

  return self;
}

GdkTexture *
bindery_cover_loader_lookup (BinderyCoverLoader *self,
                             const char         *rel_path,
                             int                 height)
{
  g_autofree char *key = NULL;
  GList *link;

  g_return_val_if_fail (BINDERY_IS_COVER_LOADER (self), NULL);

  if (rel_path == NULL)
    return NULL;

  key = cache_key (rel_path, height);
  link = g_hash_table_lookup (self->cache, key);
  if (link == NULL)
    return NULL;

  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return ((CacheEntry *) link->data)->texture;
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  BinderyCoverLoader *self = g_task_get_source_object (outer);
  const char *key = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  self->n_pending--;
  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  cache_insert (self, key, texture);
  g_task_return_pointer (outer, texture, g_object_unref);
}

void
bindery_cover_loader_load_async (BinderyCoverLoader  *self,
                                 const char          *rel_path,
                                 int                  height,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  Request *request;

  g_return_if_fail (BINDERY_IS_COVER_LOADER (self));
  g_return_if_fail (rel_path != NULL);

  /* The outer task reports to the caller and fills the cache; the inner one runs in
   * the pool. Queued requests keep the loader alive until they run (a cancelled one
   * returns at once). */
  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, bindery_cover_loader_load_async);
  g_task_set_task_data (outer, cache_key (rel_path, height), g_free);

  if (g_path_is_absolute (rel_path) || strstr (rel_path, "..") != NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               "Not a thumbnail path: %s", rel_path);
      return;
    }

  request = g_new0 (Request, 1);
  request->task = g_task_new (NULL, cancellable, load_done, g_steal_pointer (&outer));
  request->path = g_build_filename (self->thumbnail_dir, rel_path, NULL);
  request->height = height;
  request->serial = ++self->next_serial;
  request->disposed = &self->disposed;
  self->n_pending++;
  g_thread_pool_push (self->pool, request, NULL);
}

GdkTexture *
bindery_cover_loader_load_finish (BinderyCoverLoader  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (BINDERY_IS_COVER_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bindery_cover_loader_clear (BinderyCoverLoader *self)
{
  g_return_if_fail (BINDERY_IS_COVER_LOADER (self));

  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->lru, cache_entry_free);
}

guint
bindery_cover_loader_get_n_cached (BinderyCoverLoader *self)
{
  g_return_val_if_fail (BINDERY_IS_COVER_LOADER (self), 0);

  return self->lru.length;
}

guint
bindery_cover_loader_get_n_pending (BinderyCoverLoader *self)
{
  g_return_val_if_fail (BINDERY_IS_COVER_LOADER (self), 0);

  return self->n_pending;
}
