/* bindery-window-open.c: a book file opened with Bindery (Open With, `bindery FILE`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file inside a library is shown in that library: its details open at once when the
 * catalog has it, else after the scan that this queues. A file in no library offers to add
 * its folder as a library; once that folder's first scan is done, the book is shown.
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "bindery-scan-job.h"
#include "bindery-toast.h"
#include "bindery-window-private.h"

typedef struct {
  gint64  library_id;
  char   *rel_path;      /* raw bytes, relative to the library's folder */
  char   *display_name;  /* the file's name, for messages */
} PendingOpen;

void
bindery_window_pending_open_free (gpointer data)
{
  PendingOpen *pending = data;

  g_free (pending->rel_path);
  g_free (pending->display_name);
  g_free (pending);
}

/* The library whose folder holds path, and path relative to it (in *rel_path). */
static BinderyLibrary *
library_holding (BinderyWindow  *self,
                 const char     *path,
                 char          **rel_path)
{
  GListModel *libraries = bindery_application_get_libraries (self->application);
  g_autofree char *real = realpath (path, NULL);
  const char *candidates[] = { path, real };
  guint n = g_list_model_get_n_items (libraries);

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      if (candidates[c] == NULL)
        continue;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BinderyLibrary) library = g_list_model_get_item (libraries, i);
          const char *root = bindery_library_get_path (library);
          gsize len = root != NULL ? strlen (root) : 0;

          if (len == 0)
            continue;
          if (strncmp (candidates[c], root, len) == 0 &&
              (candidates[c][len] == G_DIR_SEPARATOR || root[len - 1] == G_DIR_SEPARATOR))
            {
              const char *rest = candidates[c] + len;

              while (*rest == G_DIR_SEPARATOR)
                rest++;
              if (*rest == '\0')
                continue;
              *rel_path = g_strdup (rest);
              return library;
            }
        }
    }
  return NULL;
}

/* Opens the details of the book; FALSE when the catalog has no book there. */
static gboolean
show_book (BinderyWindow *self,
           gint64         library_id,
           const char    *rel_path)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  g_autoptr(BinderyBookItem) item = NULL;
  g_autoptr(GError) error = NULL;

  if (catalog == NULL)
    return FALSE;
  item = bindery_book_item_load_by_path (catalog, library_id, rel_path, &error);
  if (item == NULL)
    {
      if (!g_error_matches (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND))
        g_debug ("Could not look up %s: %s", rel_path, error->message);
      return FALSE;
    }
  bindery_window_select_library (self, library_id);
  bindery_window_open_book (self, item);
  return TRUE;
}

static void
wait_for_scan (BinderyWindow *self,
               gint64         library_id,
               const char    *rel_path,
               const char    *display_name)
{
  PendingOpen *pending = g_new0 (PendingOpen, 1);

  pending->library_id = library_id;
  pending->rel_path = g_strdup (rel_path);
  pending->display_name = g_strdup (display_name);
  g_ptr_array_add (self->pending_opens, pending);
}

void
bindery_window_open_pending (BinderyWindow *self,
                             BinderyJob    *job)
{
  const char *type = bindery_job_get_type_name (job);
  gint64 library_id = bindery_job_get_library_id (job);
  guint i = 0;

  if (g_strcmp0 (type, "scan") != 0 && g_strcmp0 (type, "scan-series") != 0)
    return;

  while (i < self->pending_opens->len)
    {
      PendingOpen *pending = g_ptr_array_index (self->pending_opens, i);
      BinderyLibrary *library;

      if (pending->library_id != library_id)
        {
          i++;
          continue;
        }
      if (!show_book (self, pending->library_id, pending->rel_path) &&
          bindery_job_get_state (job) == BINDERY_JOB_STATE_COMPLETED &&
          (library = bindery_application_find_library (self->application, library_id)) != NULL)
        {
          g_autofree char *message = NULL;

          /* Translators: a file name, then a library's name */
          message = g_strdup_printf (_("“%s” is not a book of “%s”: an ignore rule skips it, "
                                       "or it is not a comic or ebook"),
                                     pending->display_name, bindery_library_get_name (library));
          bindery_window_show_toast (self, bindery_toast_new (message));
        }
      g_ptr_array_remove_index (self->pending_opens, i);
    }
}

typedef struct {
  BinderyWindow *window;
  GFile         *folder;
  char          *path;
  char          *display_name;
} AddFolderQuestion;

static void
add_folder_question_free (gpointer data)
{
  AddFolderQuestion *question = data;

  g_object_unref (question->window);
  g_object_unref (question->folder);
  g_free (question->path);
  g_free (question->display_name);
  g_free (question);
}

static void
add_folder_response (AdwMessageDialog  *dialog,
                     const char        *response,
                     AddFolderQuestion *question)
{
  BinderyWindow *self = question->window;
  BinderyLibrary *library;
  g_autofree char *rel_path = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;

  bindery_window_add_folder (self, question->folder);
  /* Added (its first scan queued), or a problem shown as a toast. */
  library = library_holding (self, question->path, &rel_path);
  if (library != NULL)
    wait_for_scan (self, bindery_library_get_id (library), rel_path, question->display_name);
}

static void
offer_folder (BinderyWindow *self,
              GFile         *file,
              const char    *path,
              const char    *display_name)
{
  AddFolderQuestion *question = g_new0 (AddFolderQuestion, 1);
  g_autofree char *folder_path = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  question->window = g_object_ref (self);
  question->folder = g_file_get_parent (file);
  question->path = g_strdup (path);
  question->display_name = g_strdup (display_name);
  folder_path = g_file_get_parse_name (question->folder);
  folder_name = g_file_get_basename (question->folder);
  {
    g_autofree char *shown = g_filename_display_name (folder_name);

    heading = g_strdup_printf (_("Add “%s” to Bindery?"), shown);
  }
  /* Translators: a file name, then the path of its folder */
  body = g_strdup_printf (_("“%s” is in none of your libraries. Its folder %s can become a library: "
                            "Bindery then reads the books in it and shows this one. Nothing in the "
                            "folder is changed."),
                          display_name, folder_path);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Folder"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (add_folder_response), question,
                         (GClosureNotify) (void (*) (void)) add_folder_question_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
bindery_window_show_book_file (BinderyWindow *self,
                               GFile         *file)
{
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *rel_path = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(GError) error = NULL;
  BinderyLibrary *library;

  g_return_if_fail (BINDERY_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      bindery_window_show_toast (self, bindery_toast_new (_("Only books on this computer can be opened")));
      return;
    }
  basename = g_file_get_basename (file);
  display_name = g_filename_display_name (basename);

  library = library_holding (self, path, &rel_path);
  if (library == NULL)
    {
      offer_folder (self, file, path, display_name);
      return;
    }

  if (show_book (self, bindery_library_get_id (library), rel_path))
    return;

  /* In a library but not in the catalog yet: scan it, then show the book. */
  bindery_window_select_library (self, bindery_library_get_id (library));
  job = bindery_application_scan_library (self->application, bindery_library_get_id (library), NULL, &error);
  if (job == NULL)
    {
      bindery_window_show_toast (self, bindery_toast_new (error->message));
      return;
    }
  wait_for_scan (self, bindery_library_get_id (library), rel_path, display_name);
}
