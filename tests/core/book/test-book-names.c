/* test-book-names.c: natural order, the page rule, "." components, entry-name safety, format names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bindery-book.h"
#include "bindery-book-private.h"
#include "bindery-natural-compare.h"

#include <string.h>

static int
sign (int v)
{
  return v < 0 ? -1 : (v > 0 ? 1 : 0);
}

static void
assert_before (const char *a,
               const char *b)
{
  if (bindery_natural_compare (a, b) >= 0 || bindery_natural_compare (b, a) <= 0)
    g_error ("expected “%s” < “%s” (got %d, reverse %d)", a, b,
             bindery_natural_compare (a, b), bindery_natural_compare (b, a));
}

static void
test_natural_numbers (void)
{
  assert_before ("p2", "p10");
  assert_before ("page1.jpg", "page2.jpg");
  assert_before ("page9.jpg", "page10.jpg");
  assert_before ("9", "10");
  assert_before ("a99999999999999999999998", "a99999999999999999999999");  /* beyond 64 bits */
  assert_before ("a9", "a100000000000000000000000000");
  assert_before ("v1/p10", "v2/p1");
}

static void
test_natural_suffixes (void)
{
  assert_before ("001a", "001b");
  assert_before ("001b", "002");
  assert_before ("pg00a.jpeg", "pg00b.jpeg");
  assert_before ("pg00b.jpeg", "pg01.jpeg");
  assert_before ("pg32.jpeg", "pg99a.jpeg");
}

static void
test_natural_case (void)
{
  /* Case-insensitive text runs; only a full tie falls back to byte order. */
  assert_before ("a.jpg", "B.jpg");
  assert_before ("B.jpg", "c.jpg");
  assert_before ("page3.JPG", "page4.jpeg");
  assert_before ("ABC", "abc");  /* tie-break: byte order, 'A' < 'a' */
  g_assert_cmpint (bindery_natural_compare ("Same", "Same"), ==, 0);
  g_assert_cmpint (bindery_natural_compare ("", ""), ==, 0);
}

static void
test_natural_digit_first (void)
{
  /* At the same position a digit run sorts before other text. */
  assert_before ("p1", "pa");
  assert_before ("1", "a");
  assert_before ("x9z", "x_z");
  assert_before ("p1.jpg", "p.jpg");
  /* A prefix comes first. */
  assert_before ("p", "p1");
  assert_before ("", "a");
}

static void
test_natural_leading_zeros (void)
{
  /* Equal values: fewer digits first. */
  assert_before ("1", "01");
  assert_before ("01", "001");
  assert_before ("p1", "p01");
  assert_before ("p01", "p2");
  assert_before ("0", "00");
  assert_before ("0", "1");
}

static void
test_natural_total_order (void)
{
  const char *names[] = {
    "p10.jpg", "P2.jpg", "p2.jpg", "p01.jpg", "p1.jpg", "pa.jpg", "p.jpg", "p001a.jpg",
    "p001B.jpg", "P001b.jpg", "dir/p1.jpg", "Dir/p1.jpg", "dir10/x", "dir9/x", "x", "X",
    "10", "9", "09", "", "_", "a_b", "a-b", "\xe9t\xe9", "caf\xc3\xa9",
  };
  guint n = G_N_ELEMENTS (names);

  /* Antisymmetric, reflexive, transitive on a mixed set. */
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (bindery_natural_compare (names[i], names[i]), ==, 0);
      for (guint j = 0; j < n; j++)
        {
          int ij = sign (bindery_natural_compare (names[i], names[j]));
          int ji = sign (bindery_natural_compare (names[j], names[i]));

          g_assert_cmpint (ij, ==, -ji);
          if (i != j)
            g_assert_cmpint (ij, !=, 0);  /* byte-order tie-break: only equal strings tie */
          for (guint k = 0; k < n; k++)
            if (ij < 0 && bindery_natural_compare (names[j], names[k]) < 0)
              g_assert_cmpint (bindery_natural_compare (names[i], names[k]), <, 0);
        }
    }
}

static void
test_page_rule (void)
{
  const char *pages[] = {
    "001.jpg", "a/b/c.JPEG", "x.png", "x.GIF", "x.webp", "x.avif", "x.jxl", "x.Jpg",
    "dir.jpg/001.jpg", "Caf\xe9/001.jpg", "a\\b.jpg",
    /* "." is the folder itself (tar -cf book.cbt .), not a hidden name */
    "./001.jpg", "a/./1.jpg", "././a/1.png", ".\\001.jpg",
  };
  const char *not_pages[] = {
    "", "001.bmp", "001.tif", "001.ico", "001.jpg.txt", "jpg", ".jpg", "ComicInfo.xml",
    "__MACOSX/001.jpg", "__MACOSX/book/._1.jpeg", "book/._1.jpeg", ".hidden/001.jpg",
    "a/.b/001.jpg", "book/.DS_Store", "dir.jpg/", "dir/", "a\\.hidden\\1.jpg",
    "__MACOSX\\1.jpg", "001.jpgx", "./.hidden/001.jpg", "./__MACOSX/001.jpg", "./._1.jpg",
    "./.jpg", ".", "./", "./dir/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (!bindery_entry_is_page (pages[i]))
      g_error ("“%s” should be a page", pages[i]);
  for (guint i = 0; i < G_N_ELEMENTS (not_pages); i++)
    if (bindery_entry_is_page (not_pages[i]))
      g_error ("“%s” should not be a page", not_pages[i]);
  g_assert_false (bindery_entry_is_page (NULL));
}

static void
test_skip_dots (void)
{
  const struct { const char *name; const char *expected; } cases[] = {
    { "./001.jpg", "001.jpg" },
    { "././001.jpg", "001.jpg" },
    { "a/./b/./c.jpg", "a/b/c.jpg" },
    { ".\\001.jpg", "001.jpg" },
    { "./.hidden/x.jpg", ".hidden/x.jpg" },
    { "001.jpg", NULL },
    { "a/b.jpg", NULL },
    { ".hidden/x.jpg", NULL },
    { "../x.jpg", NULL },
    { "a/..b/.c", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = bindery_entry_name_skip_dots (cases[i].name, strlen (cases[i].name));
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_entry_name_safety (void)
{
  const char *safe[] = {
    "001.jpg", "a/b/c.jpg", "a..b.jpg", "..a/b.jpg", "a/..b", "./x.jpg", "x/./y", "...",
  };
  const char *unsafe[] = {
    "", "/tmp/evil.jpg", "../x", "../../evil.jpg", "a/../../x", "a/..", "..", "\\evil.jpg",
    "a\\..\\x", "C:\\evil.jpg", "c:/evil.jpg",
  };

  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    if (!bindery_book_entry_name_is_safe (safe[i]))
      g_error ("“%s” should be safe", safe[i]);
  for (guint i = 0; i < G_N_ELEMENTS (unsafe); i++)
    if (bindery_book_entry_name_is_safe (unsafe[i]))
      g_error ("“%s” should be unsafe", unsafe[i]);
  g_assert_false (bindery_book_entry_name_is_safe (NULL));
}

static void
test_format_names (void)
{
  struct { const char *name; BinderyBookFormat format; } cases[] = {
    { "a.cbz", BINDERY_BOOK_FORMAT_ZIP }, { "A.ZIP", BINDERY_BOOK_FORMAT_ZIP },
    { "a.CbR", BINDERY_BOOK_FORMAT_RAR }, { "a.rar", BINDERY_BOOK_FORMAT_RAR },
    { "a.cb7", BINDERY_BOOK_FORMAT_7Z }, { "a.7Z", BINDERY_BOOK_FORMAT_7Z },
    { "a.cbt", BINDERY_BOOK_FORMAT_TAR }, { "a.tar", BINDERY_BOOK_FORMAT_TAR },
    { "a b.epub", BINDERY_BOOK_FORMAT_EPUB }, { "x.PDF", BINDERY_BOOK_FORMAT_PDF },
    { "book.opf", BINDERY_BOOK_FORMAT_UNKNOWN }, { "cbz", BINDERY_BOOK_FORMAT_UNKNOWN },
    { ".cbz", BINDERY_BOOK_FORMAT_UNKNOWN }, { "a.cbz.txt", BINDERY_BOOK_FORMAT_UNKNOWN },
    { "a.tar.gz", BINDERY_BOOK_FORMAT_UNKNOWN }, { "Caf\xe9.cbz", BINDERY_BOOK_FORMAT_ZIP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (bindery_book_format_from_name (cases[i].name), ==, cases[i].format);
      g_assert_cmpint (bindery_book_is_book_name (cases[i].name), ==,
                       cases[i].format != BINDERY_BOOK_FORMAT_UNKNOWN);
    }

  g_assert_cmpstr (bindery_book_format_to_string (BINDERY_BOOK_FORMAT_EPUB), ==, "epub");
  g_assert_cmpstr (bindery_book_error_kind_to_string (BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME), ==,
                   "unsafe-entry-name");
  g_assert_cmpstr (bindery_book_error_kind_to_string (BINDERY_BOOK_ERROR_NO_PAGES), ==, "no-pages");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/book/natural/numbers", test_natural_numbers);
  g_test_add_func ("/book/natural/suffixes", test_natural_suffixes);
  g_test_add_func ("/book/natural/case", test_natural_case);
  g_test_add_func ("/book/natural/digit-first", test_natural_digit_first);
  g_test_add_func ("/book/natural/leading-zeros", test_natural_leading_zeros);
  g_test_add_func ("/book/natural/total-order", test_natural_total_order);
  g_test_add_func ("/book/names/page-rule", test_page_rule);
  g_test_add_func ("/book/names/skip-dots", test_skip_dots);
  g_test_add_func ("/book/names/entry-safety", test_entry_name_safety);
  g_test_add_func ("/book/names/formats", test_format_names);

  return g_test_run ();
}
