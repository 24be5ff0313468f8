/* bindery-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BINDERY_TYPE_APPLICATION (bindery_application_get_type ())
G_DECLARE_FINAL_TYPE (BinderyApplication, bindery_application, BINDERY, APPLICATION, AdwApplication)

BinderyApplication *bindery_application_new (void);

G_END_DECLS
