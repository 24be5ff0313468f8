/* bindery-book-locale.c: a thread-local UTF-8 LC_CTYPE for libarchive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include "bindery-book-locale.h"

/* libarchive converts names stored as UTF-16 or UTF-8 (RAR, 7z) to the locale's charset,
 * and fails in the C locale. Worker threads read archives under a thread-local UTF-8
 * LC_CTYPE, so such names come out as UTF-8 whatever the process locale; names stored as
 * raw bytes (tar) are not converted at all. */
static locale_t
utf8_locale (void)
{
  static gsize initialized = 0;
  static locale_t locale = (locale_t) 0;

  if (g_once_init_enter (&initialized))
    {
      locale = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
      if (locale == (locale_t) 0)
        locale = newlocale (LC_CTYPE_MASK, "en_US.UTF-8", (locale_t) 0);
      g_once_init_leave (&initialized, 1);
    }
  return locale;
}

locale_t
bindery_book_enter_utf8_locale (void)
{
  locale_t locale = utf8_locale ();

  return locale != (locale_t) 0 ? uselocale (locale) : (locale_t) 0;
}

void
bindery_book_leave_utf8_locale (locale_t previous)
{
  if (previous != (locale_t) 0)
    uselocale (previous);
}
