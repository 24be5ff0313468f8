/* bindery-convert-job.c: the conversion job (type "convert"): RAR and 7z books to CBZ
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-convert"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "bindery-convert-books.h"
#include "bindery-convert-job.h"
#include "bindery-converter.h"
#include "bindery-job-target.h"
#include "bindery-library.h"

struct _BinderyConvertJob
{
  BinderyJob parent_instance;
};

G_DEFINE_FINAL_TYPE (BinderyConvertJob, bindery_convert_job, BINDERY_TYPE_JOB)

typedef struct {
  BinderyJob *job;
  guint64     bytes_done;    /* source bytes of the books before this one */
  guint64     bytes_total;
} Progress;

typedef struct {
  guint64 books;
  guint64 converted;
  guint64 skipped;
  guint64 failed;
  guint64 bytes_before;
  guint64 bytes_after;
  guint64 trashed;
  guint64 deleted;
  guint64 kept;
} Counts;

static gboolean
check_between_entries (gpointer   user_data,
                       GError   **error)
{
  Progress *progress = user_data;

  return bindery_job_check (progress->job, error);
}

static void
report_bytes (guint64  done,
              guint64  total,
              gpointer user_data)
{
  Progress *progress = user_data;

  if (progress->bytes_total > 0)
    bindery_job_set_fraction (progress->job,
                              MIN (1.0, (progress->bytes_done + done) / (double) progress->bytes_total));
}

/* Errors of the source that make a book skipped rather than failed. */
static gboolean
is_skip_error (const GError *error)
{
  return g_error_matches (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED) ||
         g_error_matches (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
dispose_original (BinderyJob                    *job,
                  const BinderyConvertCandidate *book,
                  gboolean                       delete,
                  Counts                        *counts)
{
  g_autoptr(GError) error = NULL;

  if (bindery_converter_dispose_original (book->path, delete, &error))
    {
      if (delete)
        counts->deleted++;
      else
        counts->trashed++;
      return;
    }
  counts->kept++;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    bindery_job_log (job, BINDERY_LOG_WARNING, book->display_path,
                     _("This file system has no trash: the original stays where it was; the book "
                       "now uses the new CBZ"));
  else
    bindery_job_log (job, BINDERY_LOG_WARNING, book->display_path,
                     _("The original could not be moved to the trash or deleted, so it stays where "
                       "it was (the book now uses the new CBZ): %s"), error->message);
}

/* One book. FALSE + error only to stop the job (cancelled). */
static gboolean
convert_one (BinderyJob                    *job,
             BinderyLibrary                *library,
             const BinderyConvertCandidate *book,
             Progress                      *progress,
             Counts                        *counts,
             GError                       **error)
{
  g_autoptr(GError) local_error = NULL;
  BinderyConvertOptions options = { 0 };
  BinderyConvertResult result = { 0 };
  const char *reason = NULL;

  bindery_job_set_current_path (job, book->display_path);
  if (!bindery_convert_candidate_is_convertible (book, &reason))
    {
      bindery_job_log (job, BINDERY_LOG_WARNING, book->display_path, _("Skipped: %s"), reason);
      counts->skipped++;
      return TRUE;
    }

  options.check = check_between_entries;
  options.progress = report_bytes;
  options.user_data = progress;
  if (!bindery_converter_convert (book->path, book->format, &options, &result, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (is_skip_error (local_error))
        {
          bindery_job_log (job, BINDERY_LOG_WARNING, book->display_path, _("Skipped: %s"),
                           local_error->message);
          counts->skipped++;
        }
      else
        {
          bindery_job_log (job, BINDERY_LOG_ERROR, book->display_path,
                           _("Not converted: %s"), local_error->message);
          counts->failed++;
        }
      return TRUE;
    }

  /* The new file is in place and verified; the catalog follows, then the original goes. */
  if (!bindery_convert_update_book (bindery_job_get_catalog (job),
                                    bindery_context_get_thumbnail_dir (bindery_job_get_context (job)),
                                    bindery_library_get_thumbnail_height (library),
                                    bindery_library_get_thumbnail_quality (library),
                                    book->book_id, bindery_library_get_path (library),
                                    result.path, &local_error))
    {
      g_autofree char *display = g_filename_display_name (result.path);

      /* Both files stay: the next scan adds the CBZ as a book of its own. */
      bindery_job_log (job, BINDERY_LOG_ERROR, book->display_path,
                       _("Converted to “%s”, but the catalog could not be updated, so the original "
                         "was kept: %s"), display, local_error->message);
      counts->failed++;
      bindery_convert_result_clear (&result);
      return TRUE;
    }
  bindery_job_announce_books_changed (job, &book->book_id, 1);
  if (result.adopted)
    bindery_job_log (job, BINDERY_LOG_INFO, book->display_path,
                     _("An interrupted conversion had already written this book's CBZ; it holds "
                       "exactly the book's entries, so it is used"));

  counts->converted++;
  counts->bytes_before += result.bytes_before;
  counts->bytes_after += result.bytes_after;
  dispose_original (job, book, bindery_library_get_delete_converted_originals (library), counts);
  {
    g_autofree char *display = g_filename_display_basename (result.path);
    bindery_job_log (job, BINDERY_LOG_INFO, book->display_path, _("Converted to “%s”"), display);
  }
  bindery_convert_result_clear (&result);
  return TRUE;
}

static void
take_report (BinderyJob     *job,
             BinderyLibrary *library,
             const Counts   *counts,
             gint64          started)
{
  JsonObject *report = json_object_new ();
  const char *target = bindery_job_get_target (job);

  json_object_set_int_member (report, "library_id", bindery_library_get_id (library));
  json_object_set_string_member (report, "library", bindery_library_get_name (library));
  if (target != NULL)
    json_object_set_string_member (report, "target", target);
  else
    json_object_set_null_member (report, "target");
  json_object_set_int_member (report, "books", counts->books);
  json_object_set_int_member (report, "converted", counts->converted);
  json_object_set_int_member (report, "skipped", counts->skipped);
  json_object_set_int_member (report, "failed", counts->failed);
  json_object_set_int_member (report, "bytes_before", counts->bytes_before);
  json_object_set_int_member (report, "bytes_after", counts->bytes_after);
  json_object_set_int_member (report, "trashed", counts->trashed);
  json_object_set_int_member (report, "deleted", counts->deleted);
  json_object_set_int_member (report, "kept", counts->kept);
  json_object_set_double_member (report, "duration",
                                 (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  bindery_job_take_report (job, report);
}

static gboolean
bindery_convert_job_run (BinderyJob    *job,
                         GCancellable  *cancellable,
                         GError       **error)
{
  BinderyCatalog *catalog = bindery_job_get_catalog (job);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autoptr(GError) stop_error = NULL;
  Progress progress = { job, 0, 0 };
  Counts counts = { 0 };
  gint64 started = g_get_monotonic_time ();
  guint removed;

  library = bindery_catalog_get_library (catalog, bindery_job_get_library_id (job), error);
  if (library == NULL)
    return FALSE;

  /* A killed run's temporary files, wherever they are under the root. */
  removed = bindery_converter_remove_temp_files (bindery_library_get_path (library), TRUE);
  if (removed > 0)
    bindery_job_log (job, BINDERY_LOG_INFO, NULL,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Removed %u temporary file left by an interrupted conversion",
                                  "Removed %u temporary files left by an interrupted conversion",
                                  removed), removed);

  /* Originals a run killed between its catalog update and their disposal left. */
  {
    g_autoptr(GPtrArray) leftovers = NULL;
    g_autoptr(GError) local_error = NULL;

    leftovers = bindery_convert_find_leftover_originals (catalog, bindery_library_get_id (library),
                                                         bindery_library_get_path (library),
                                                         bindery_job_get_target (job), &local_error);
    if (leftovers == NULL)
      bindery_job_log (job, BINDERY_LOG_WARNING, NULL, "%s", local_error->message);
    for (guint i = 0; leftovers != NULL && i < leftovers->len; i++)
      {
        BinderyConvertCandidate original = { 0 };

        original.path = g_ptr_array_index (leftovers, i);
        original.display_path = g_filename_display_name (original.path);
        bindery_job_log (job, BINDERY_LOG_INFO, original.display_path,
                         _("An interrupted conversion left this original beside its CBZ, which "
                           "holds exactly its entries; it goes now"));
        dispose_original (job, &original, bindery_library_get_delete_converted_originals (library),
                          &counts);
        g_free (original.display_path);
      }
  }

  books = bindery_convert_list_candidates (catalog, bindery_library_get_id (library),
                                           bindery_library_get_path (library),
                                           bindery_job_get_target (job), error);
  if (books == NULL)
    return FALSE;
  counts.books = books->len;
  for (guint i = 0; i < books->len; i++)
    {
      BinderyConvertCandidate *book = g_ptr_array_index (books, i);
      if (bindery_convert_candidate_is_convertible (book, NULL))
        progress.bytes_total += MAX (book->size, 0);
    }

  bindery_job_set_items (job, 0, books->len);
  bindery_job_set_message (job, _("Converting to CBZ"));
  for (guint i = 0; i < books->len && stop_error == NULL; i++)
    {
      BinderyConvertCandidate *book = g_ptr_array_index (books, i);

      if (!bindery_job_check (job, &stop_error))
        break;
      if (!convert_one (job, library, book, &progress, &counts, &stop_error))
        break;
      if (bindery_convert_candidate_is_convertible (book, NULL))
        progress.bytes_done += MAX (book->size, 0);
      bindery_job_set_items (job, i + 1, books->len);
      report_bytes (0, 0, &progress);
    }

  take_report (job, library, &counts, started);
  if (stop_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stop_error));
      return FALSE;
    }
  bindery_job_log (job, BINDERY_LOG_INFO, NULL,
                   _("%" PRIu64 " converted, %" PRIu64 " skipped, %"
                     PRIu64 " failed"),
                   counts.converted, counts.skipped, counts.failed);
  return TRUE;
}

static void
bindery_convert_job_constructed (GObject *object)
{
  BinderyJob *job = BINDERY_JOB (object);

  G_OBJECT_CLASS (bindery_convert_job_parent_class)->constructed (object);

  if (bindery_job_get_title (job) == NULL)
    bindery_job_set_title (job, _("Convert to CBZ"));
}

static void
bindery_convert_job_class_init (BinderyConvertJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BinderyJobClass *job_class = BINDERY_JOB_CLASS (klass);

  object_class->constructed = bindery_convert_job_constructed;
  job_class->type_name = "convert";
  job_class->run = bindery_convert_job_run;
  job_class->writes_library = TRUE;
}

static void
bindery_convert_job_init (BinderyConvertJob *self)
{
}

static BinderyJob *
job_new (gint64      library_id,
         const char *target)
{
  g_autoptr(JsonObject) options = json_object_new ();

  bindery_convert_job_register_type ();
  return g_object_new (BINDERY_TYPE_CONVERT_JOB,
                       "library-id", library_id,
                       "target", target,
                       "options", options,
                       NULL);
}

BinderyJob *
bindery_convert_job_new_for_library (gint64 library_id)
{
  return job_new (library_id, NULL);
}

BinderyJob *
bindery_convert_job_new_for_series (gint64 library_id,
                                    gint64 series_id)
{
  g_autofree char *target = bindery_job_target_for_series (series_id);

  return job_new (library_id, target);
}

BinderyJob *
bindery_convert_job_new_for_books (gint64        library_id,
                                   const gint64 *book_ids,
                                   guint         n_book_ids)
{
  g_autofree char *target = bindery_job_target_for_books (book_ids, n_book_ids);

  g_return_val_if_fail (n_book_ids > 0, NULL);
  return job_new (library_id, target);
}

void
bindery_convert_job_register_type (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      bindery_job_register_type (BINDERY_TYPE_CONVERT_JOB);
      g_once_init_leave (&registered, 1);
    }
}
