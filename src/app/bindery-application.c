/* bindery-application.c: the GtkApplication (placeholder shell; the app issue fills it in)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-application.h"

struct _BinderyApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BinderyApplication, bindery_application, ADW_TYPE_APPLICATION)

static void
bindery_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      GtkWidget *status = adw_status_page_new ();

      window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
      gtk_window_set_title (window, _("Bindery"));
      gtk_window_set_default_size (window, 1000, 700);
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Libraries Yet"));
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), status);
    }
  gtk_window_present (window);
}

static void
bindery_application_class_init (BinderyApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = bindery_application_activate;
}

static void
bindery_application_init (BinderyApplication *self)
{
}

BinderyApplication *
bindery_application_new (void)
{
  return g_object_new (BINDERY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
