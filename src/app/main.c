/* main.c: the Bindery application entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bindery-core.h"
#include "bindery-application.h"
#include "bindery-context.h"

int
main (int argc, char **argv)
{
  g_autoptr(BinderyApplication) app = NULL;

  bindery_core_init ();
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = bindery_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
