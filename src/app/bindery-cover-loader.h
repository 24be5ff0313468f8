/* bindery-cover-loader.h: WebP thumbnails → GdkTexture, off the main thread, with an LRU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 cannot load WebP by itself: covers are decoded with libwebp (scaled decoding
 * straight to the size shown) into a GdkMemoryTexture on a small pool of threads of our
 * own. The most recent requests run first (the cells the user is looking at), a
 * cancelled request is dropped before it is decoded, and recently shown textures are
 * kept in a small LRU so scrolling back is instant.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BINDERY_TYPE_COVER_LOADER (bindery_cover_loader_get_type ())
G_DECLARE_FINAL_TYPE (BinderyCoverLoader, bindery_cover_loader, BINDERY, COVER_LOADER, GObject)

/* thumbnail_dir: the folder thumbnail paths are relative to. */
BinderyCoverLoader *bindery_cover_loader_new          (const char          *thumbnail_dir,
                                                       guint                n_threads,
                                                       guint                cache_size);
/* The cached texture for rel_path at height, or NULL (no decoding). */
GdkTexture         *bindery_cover_loader_lookup       (BinderyCoverLoader  *self,
                                                       const char          *rel_path,
                                                       int                  height);
/* Decodes thumbnail_dir/rel_path scaled to height pixels (never up). */
void                bindery_cover_loader_load_async   (BinderyCoverLoader  *self,
                                                       const char          *rel_path,
                                                       int                  height,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GdkTexture         *bindery_cover_loader_load_finish  (BinderyCoverLoader  *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Decodes a WebP file in the calling thread (also used by the thumbnail previews). */
GdkTexture         *bindery_cover_loader_decode_file  (const char          *path,
                                                       int                  height,
                                                       GError             **error);
void                bindery_cover_loader_clear        (BinderyCoverLoader  *self);
guint               bindery_cover_loader_get_n_cached (BinderyCoverLoader  *self);
/* Loads asked for and not finished yet. */
guint               bindery_cover_loader_get_n_pending (BinderyCoverLoader *self);

G_END_DECLS
