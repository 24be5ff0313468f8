/* bindery-watch-private.h: what the watch module's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Worker thread: the folders to watch under root/start (start itself first), relative
 * to root, in depth-first order. Ignored folders (the library's globs and the default
 * rules) and the excluded folders (absolute paths: the data and cache dirs) are not
 * descended; links to folders are followed, each folder listed once. Unreadable
 * subfolders are passed over. Fails when start cannot be opened. */
GPtrArray *_bindery_watch_list_folders (const char          *root,
                                        const char          *start,
                                        const char * const  *ignore_globs,
                                        const char * const  *excluded,
                                        GCancellable        *cancellable,
                                        GError             **error);

/* A file system known not to report changes (NFS, SMB/CIFS, FUSE, 9p …): its name,
 * else NULL. */
const char *_bindery_watch_remote_fs_name (const char *path);

/* Can the kernel add an inotify watch on path now? FALSE with errno's value in
 * *errsv (ENOSPC: the user's watch limit). */
gboolean    _bindery_watch_probe       (const char *path,
                                        int        *errsv);

G_END_DECLS
