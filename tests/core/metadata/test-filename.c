/* test-filename.c: series, number, volume and year from file and folder names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bindery-metadata.h"
#include "metadata-test-util.h"

typedef struct {
  const char *folder;
  const char *name;
  const char *series;
  const char *number;
  double      number_sort;   /* checked when number is numeric */
  gint64      volume;        /* 0: absent */
  gint64      year;          /* 0: absent */
  const char *title;
  gint64      count;         /* 0: absent */
} NameCase;

static const NameCase cases[] = {
  /* the fixture library and comics */
  { "Batman (2016)", "Batman 001 (2016).cbr", "Batman", "1", 1, 0, 2016 },
  { "Batman (2016)", "Batman 002 (2016).cbr", "Batman", "2", 2, 0, 2016 },
  { "Saga", "Saga 002.cbz", "Saga", "2", 2 },
  { "Berserk", "Vol 02.cbz", "Berserk", NULL, 0, 2 },
  { "Berserk", "Vol 01.cb7", "Berserk", NULL, 0, 1 },
  { "comics", "Moonlit Garden v01.cbr", "Moonlit Garden", NULL, 0, 1 },
  { "comics", "Ultra Quest 001 (2021).cbr", "Ultra Quest", "1", 1, 0, 2021 },
  { "comics", "science_comics_001.cbz", "Science Comics", "1", 1 },
  { "Manga", "One Shot Stories.cbt", "One Shot Stories", NULL, 0, 0, 0, "One Shot Stories" },
  { "library", "Loose One-Shot.cbz", "Loose One-Shot", NULL, 0, 0, 0, "Loose One-Shot" },
  /* number forms */
  { "X-Men", "X-Men #12.cbz", "X-Men", "12", 12 },
  { "X-Men", "#12.cbz", "X-Men", "12", 12 },
  { "Berserk", "Berserk c045.cbz", "Berserk", "45", 45 },
  { "Berserk", "Berserk ch.45.5.cbz", "Berserk", "45.5", 45.5 },
  { "Berserk", "Berserk Chapter 7.cbz", "Berserk", "7", 7 },
  { "Berserk", "Berserk v03 c012.cbz", "Berserk", "12", 12, 3 },
  { "Berserk", "Berserk Vol. 3.cbz", "Berserk", NULL, 0, 3 },
  { "Berserk", "Vol. 3.cbz", "Berserk", NULL, 0, 3 },
  { "Berserk", "Berserk Volume 4.cbz", "Berserk", NULL, 0, 4 },
  { "Saga", "Saga 012.5.cbz", "Saga", "12.5", 12.5 },
  { "Saga", "Saga No. 5.cbz", "Saga", "5", 5 },
  { "Saga", "Saga 000.cbz", "Saga", "0", 0 },
  { "Saga", "012.cbz", "Saga", "12", 12 },
  /* tags, separators and counts */
  { "Saga", "Saga 001 (Digital) (Zone-Empire).cbz", "Saga", "1", 1 },
  { "Saga", "[Group] Saga 003 [1080p].cbz", "Saga", "3", 3 },
  { "Saga", "Saga 001 - The Beginning.cbz", "Saga", "1", 1, 0, 0, "The Beginning" },
  { "Batman", "Batman - 001 (2016).cbz", "Batman", "1", 1, 0, 2016 },
  { "2000 AD", "2000 AD 1234.cbz", "2000 AD", "1234", 1234 },
  { "Watchmen", "Watchmen 01 of 12.cbz", "Watchmen", "1", 1, 0, 0, NULL, 12 },
  { "Watchmen", "Watchmen 02 (of 12) (1986).cbz", "Watchmen", "2", 2, 0, 1986, NULL, 12 },
  { "Some_Folder (2010)", "001.cbz", "Some Folder", "1", 1 },
  { NULL, "Vol 02.cbz", NULL, NULL, 0, 2 },
  { NULL, "Name.With.Dots 003.cbz", "Name.With.Dots", "3", 3 },
  { "Catch", "Catch-22.cbz", "Catch-22", NULL, 0, 0, 0, "Catch-22" },
};

static void
check_case (const NameCase *c)
{
  g_autoptr(JsonObject) record = bindery_filename_metadata (c->folder, c->name);
  g_autofree char *text = metadata_test_to_string (record);

  g_test_message ("%s / %s → %s", c->folder, c->name, text);
  metadata_assert_string (record, "Series", c->series);
  metadata_assert_string (record, "Number", c->number);
  metadata_assert_string (record, "Title", c->title);
  if (c->number != NULL)
    g_assert_cmpfloat (json_object_get_double_member (record, "NumberSort"), ==, c->number_sort);
  else
    g_assert_false (json_object_has_member (record, "NumberSort"));
  g_assert_cmpint (json_object_get_int_member_with_default (record, "Volume", 0), ==, c->volume);
  g_assert_cmpint (json_object_get_int_member_with_default (record, "Year", 0), ==, c->year);
  g_assert_cmpint (json_object_get_int_member_with_default (record, "Count", 0), ==, c->count);
}

static void
test_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    check_case (&cases[i]);
}

static void
test_invalid_utf8 (void)
{
  /* Latin-1 "Café Stories 001.cbz": one U+FFFD per invalid byte, never a guessed code page */
  g_autoptr(JsonObject) record = bindery_filename_metadata ("Caf\xe9", "Caf\xe9 Stories 001.cbz");

  metadata_assert_string (record, "Series", "Caf\xef\xbf\xbd Stories");
  metadata_assert_string (record, "Number", "1");
}

static void
test_degenerate (void)
{
  const char *names[] = { "", ".cbz", "(2016).cbz", "[tag].cbz", " - .cbz", "#.cbz", "Vol.cbz" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonObject) record = bindery_filename_metadata (NULL, names[i]);
      g_autoptr(JsonObject) with_folder = bindery_filename_metadata ("Folder", names[i]);

      g_assert_nonnull (record);
      g_assert_false (json_object_has_member (record, "Number"));
      g_assert_nonnull (with_folder);
    }

  {
    g_autoptr(JsonObject) record = bindery_filename_metadata ("Folder", "(2016).cbz");

    metadata_assert_string (record, "Series", "Folder");
    g_assert_cmpint (json_object_get_int_member (record, "Year"), ==, 2016);
  }
  {
    g_autoptr(JsonObject) record = bindery_filename_metadata (NULL, NULL);

    g_assert_cmpuint (json_object_get_size (record), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metadata/filename/table", test_table);
  g_test_add_func ("/metadata/filename/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/metadata/filename/degenerate", test_degenerate);

  return g_test_run ();
}
