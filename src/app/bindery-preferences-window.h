/* bindery-preferences-window.h: application preferences (GSettings), the cover cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bindery-application.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_PREFERENCES_WINDOW (bindery_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BinderyPreferencesWindow, bindery_preferences_window, BINDERY, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

BinderyPreferencesWindow *bindery_preferences_window_new (BinderyApplication *application);

G_END_DECLS
