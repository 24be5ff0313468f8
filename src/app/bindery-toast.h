/* bindery-toast.h: toasts with plain text (libadwaita 1.2 always reads a toast title as markup)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

static inline AdwToast *
bindery_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  return adw_toast_new (escaped);
}

G_END_DECLS
