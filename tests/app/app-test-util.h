/* app-test-util.h: helpers for the app tests (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*AppTestCondition) (gpointer data);

/* Iterates the default main context until condition holds; fails the test after
 * timeout_s seconds (a bound, never a pause: it returns as soon as the condition holds). */
void     app_test_wait_until   (AppTestCondition condition,
                                gpointer         data,
                                guint            timeout_s);
/* Iterates the default main context until nothing is pending. */
void     app_test_flush        (void);
/* Copies the folder tree at source into dest (which must not exist). */
void     app_test_copy_tree    (const char      *source,
                                const char      *dest);
void     app_test_rm_rf        (const char      *path);
/* A fresh temporary folder (remove with app_test_rm_rf). */
char    *app_test_make_tmp_dir (const char      *prefix);
/* $BINDERY_FIXTURES/name; skips the test when the fixtures are absent. */
char    *app_test_fixture      (const char      *name);

/* Renders a shown window into meson-logs/NAME.png (for people reviewing the UI). */
void     app_test_save_screenshot (GtkWidget    *window,
                                   const char   *name);

G_END_DECLS
