/* bindery-context.h: one data dir (catalog + cache) and its single-owner lock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BINDERY_CONTEXT_ERROR (bindery_context_error_quark ())

typedef enum {
  BINDERY_CONTEXT_ERROR_DATA_DIR,   /* data dir cannot be created or written */
  BINDERY_CONTEXT_ERROR_LOCKED,     /* another process owns the data dir: message names its pid */
} BinderyContextError;

#define BINDERY_TYPE_CONTEXT (bindery_context_get_type ())
G_DECLARE_FINAL_TYPE (BinderyContext, bindery_context, BINDERY, CONTEXT, GObject)

GQuark          bindery_context_error_quark     (void);

/* data_dir: NULL → $BINDERY_DATA_DIR (unless empty), else $XDG_DATA_HOME/bindery (catalog) and
 * $XDG_CACHE_HOME/bindery (cache). A given data_dir (or the env var) holds both:
 * DIR/catalog.sqlite and DIR/cache/. The directory is created on first use. An empty
 * data_dir ("") fails with BINDERY_CONTEXT_ERROR_DATA_DIR. */
BinderyContext *bindery_context_new             (const char      *data_dir,
                                                 GError         **error);
const char     *bindery_context_get_data_dir    (BinderyContext  *self);
const char     *bindery_context_get_cache_dir   (BinderyContext  *self);
/* cache_dir/thumbnails */
const char     *bindery_context_get_thumbnail_dir (BinderyContext *self);
const char     *bindery_context_get_catalog_path (BinderyContext *self);

/* Takes the data dir's job lock (flock on DATA_DIR/lock, our pid written in it).
 * Only the lock holder runs jobs. Fails with BINDERY_CONTEXT_ERROR_LOCKED naming the
 * holder's pid. Held until the context is finalized or bindery_context_unlock(). */
gboolean        bindery_context_lock            (BinderyContext  *self,
                                                 GError         **error);
void            bindery_context_unlock          (BinderyContext  *self);
gboolean        bindery_context_is_locked       (BinderyContext  *self);

/* setlocale (LC_ALL, "") and, if the codeset is not UTF-8, LC_CTYPE=C.UTF-8; binds the
 * message catalog of GETTEXT_PACKAGE (LOCALEDIR, UTF-8). */
void            bindery_init_locale             (void);

G_END_DECLS
