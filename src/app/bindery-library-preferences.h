/* bindery-library-preferences.h: the settings of one library, bound to its BinderyLibrary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are bound to the library's properties; every change is saved to the catalog at
 * once (bindery_library_save), so the next scan uses it. Also: remove the missing books
 * (after listing them) and remove the library.
 */
#pragma once

#include <adwaita.h>

#include "bindery-application.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_LIBRARY_PREFERENCES (bindery_library_preferences_get_type ())
G_DECLARE_FINAL_TYPE (BinderyLibraryPreferences, bindery_library_preferences, BINDERY, LIBRARY_PREFERENCES,
                      AdwPreferencesWindow)

BinderyLibraryPreferences *bindery_library_preferences_new (BinderyApplication *application,
                                                            BinderyLibrary     *library);

G_END_DECLS
