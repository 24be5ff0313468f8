/* test-job-target.c: the target text of the jobs that work on books
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bindery-job-target.h"

static void
assert_book_ids (GHashTable *set,
                 guint       n,
                 ...)
{
  va_list args;

  g_assert_nonnull (set);
  g_assert_cmpuint (g_hash_table_size (set), ==, n);
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = va_arg (args, gint64);

      g_assert_true (g_hash_table_contains (set, &id));
    }
  va_end (args);
}

static void
test_parse (void)
{
  g_auto(BinderyJobTarget) target = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (bindery_job_target_parse (NULL, &target, &error));
  g_assert_no_error (error);
  g_assert_cmpint (target.series_id, ==, 0);
  g_assert_cmpint (target.scan_job_id, ==, 0);
  g_assert_null (target.book_ids);
  g_assert_true (bindery_job_target_parse ("", &target, &error));
  g_assert_null (target.book_ids);

  g_assert_true (bindery_job_target_parse ("series:12", &target, &error));
  g_assert_cmpint (target.series_id, ==, 12);
  g_assert_cmpint (target.scan_job_id, ==, 0);
  g_assert_null (target.book_ids);

  /* Parsing again forgets what the previous target held. */
  g_assert_true (bindery_job_target_parse ("books:3,1,3,9223372036854775807", &target, &error));
  g_assert_cmpint (target.series_id, ==, 0);
  assert_book_ids (target.book_ids, 3, (gint64) 1, (gint64) 3, G_MAXINT64);
  g_assert_true (bindery_job_target_parse ("books:", &target, &error));
  assert_book_ids (target.book_ids, 0);

  g_assert_true (bindery_job_target_parse ("scan:42", &target, &error));
  g_assert_no_error (error);
  g_assert_cmpint (target.scan_job_id, ==, 42);
  g_assert_cmpint (target.series_id, ==, 0);
  g_assert_null (target.book_ids);   /* until resolved against the catalog */
}

static void
test_parse_invalid (void)
{
  static const char * const bad[] = {
    "series:", "series:0", "series:-3", "series:12x", "series: 12",
    "scan:", "scan:0", "scan:abc", "scan:1,2", "scan:99999999999999999999",
    "books:1,,2", "books:1,", "books:,1", "books:x",
    "library", "Saga", "SCAN:1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(BinderyJobTarget) target = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_false (bindery_job_target_parse (bad[i], &target, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      /* The message names the text */
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpint (target.series_id, ==, 0);
      g_assert_cmpint (target.scan_job_id, ==, 0);
      g_assert_null (target.book_ids);
    }
}

static void
test_build (void)
{
  static const gint64 ids[] = { 5, 7, 11 };
  g_autofree char *series = bindery_job_target_for_series (12);
  g_autofree char *books = bindery_job_target_for_books (ids, G_N_ELEMENTS (ids));
  g_autofree char *none = bindery_job_target_for_books (NULL, 0);
  g_autofree char *scan = bindery_job_target_for_scan (42);
  g_auto(BinderyJobTarget) target = { 0 };

  g_assert_cmpstr (series, ==, "series:12");
  g_assert_cmpstr (books, ==, "books:5,7,11");
  g_assert_cmpstr (none, ==, "books:");
  g_assert_cmpstr (scan, ==, "scan:42");

  /* What is built parses back */
  g_assert_true (bindery_job_target_parse (scan, &target, NULL));
  g_assert_cmpint (target.scan_job_id, ==, 42);
  g_assert_true (bindery_job_target_parse (books, &target, NULL));
  assert_book_ids (target.book_ids, 3, (gint64) 5, (gint64) 7, (gint64) 11);
}

static void
test_describe (void)
{
  g_autoptr(GString) many = g_string_new ("books:");
  static const struct {
    const char *text;
    const char *description;
  } cases[] = {
    { NULL, "Whole library" },
    { "", "Whole library" },
    { "series:12", "Series 12" },
    { "books:", "0 books" },
    { "books:7", "1 book" },
    { "books:1,2,3", "3 books" },
    { "books:4,4", "1 book" },
    { "scan:42", "Books found by scan 42" },
    { "Saga/Saga 01.cbz", "Saga/Saga 01.cbz" },
  };
  g_autofree char *description = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *long_description = NULL;
  g_autofree char *bad_utf8 = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bindery_job_target_describe (cases[i].text);

      g_assert_cmpstr (text, ==, cases[i].description);
    }

  /* A cover job stored by an older version, one id per book: a few bytes to print. */
  for (guint i = 1; i <= 10000; i++)
    g_string_append_printf (many, "%s%u", i > 1 ? "," : "", i);
  description = bindery_job_target_describe (many->str);
  g_assert_cmpstr (description, ==, "10000 books");

  /* Text that is no target: one line at most, valid UTF-8. */
  long_text = g_strnfill (500, 'x');
  long_description = bindery_job_target_describe (long_text);
  g_assert_cmpint (g_utf8_strlen (long_description, -1), ==, 60);
  g_assert_true (g_str_has_suffix (long_description, "…"));
  bad_utf8 = bindery_job_target_describe ("Sag\xff");
  g_assert_true (g_utf8_validate (bad_utf8, -1, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jobs/target/parse", test_parse);
  g_test_add_func ("/jobs/target/parse-invalid", test_parse_invalid);
  g_test_add_func ("/jobs/target/build", test_build);
  g_test_add_func ("/jobs/target/describe", test_describe);

  return g_test_run ();
}
