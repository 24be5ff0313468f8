/* bindery-library-private.h: between the library object and its catalog access
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-library.h"

G_BEGIN_DECLS

BinderyLibrary *_bindery_library_new_from_row         (gint64                 id,
                                                       const char            *name,
                                                       const char            *path,
                                                       gsize                  path_len,
                                                       BinderyLibraryPattern  pattern,
                                                       const char            *state,
                                                       const char            *options_json);
/* Every option, as stored in libraries.options. */
char           *_bindery_library_options_to_json      (BinderyLibrary        *self);
char           *_bindery_library_default_options_json (void);

G_END_DECLS
