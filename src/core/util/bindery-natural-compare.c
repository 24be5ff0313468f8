/* bindery-natural-compare.c: the natural order of MANIFEST.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works in place on raw bytes: no allocation, no locale.
 */
#define G_LOG_DOMAIN "bindery-util"

#include "config.h"

#include <string.h>

#include "bindery-natural-compare.h"

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

static inline guchar
fold (guchar c)
{
  return (c >= 'A' && c <= 'Z') ? (guchar) (c + ('a' - 'A')) : c;
}

/* Natural order: runs of ASCII digits compare by value (equal values: fewer digits
 * first), other text compares case-insensitively, a digit run sorts before other text
 * at the same position, and full ties fall back to plain byte order. */
int
bindery_natural_compare (const char *a,
                         const char *b)
{
  const guchar *pa = (const guchar *) a;
  const guchar *pb = (const guchar *) b;

  if (a == b)
    return 0;
  if (a == NULL)
    return -1;
  if (b == NULL)
    return 1;

  while (*pa != '\0' && *pb != '\0')
    {
      gboolean da = IS_DIGIT (*pa);
      gboolean db = IS_DIGIT (*pb);

      if (da && db)
        {
          const guchar *sa = pa, *sb = pb, *ea, *eb;
          gsize la, lb;
          int c;

          while (*sa == '0')
            sa++;
          while (*sb == '0')
            sb++;
          for (ea = sa; IS_DIGIT (*ea); ea++)
            ;
          for (eb = sb; IS_DIGIT (*eb); eb++)
            ;
          la = ea - sa;
          lb = eb - sb;
          if (la != lb)
            return la < lb ? -1 : 1;
          c = memcmp (sa, sb, la);
          if (c != 0)
            return c < 0 ? -1 : 1;
          /* Same value: fewer digits (fewer leading zeros) first. */
          la = ea - pa;
          lb = eb - pb;
          if (la != lb)
            return la < lb ? -1 : 1;
          pa = ea;
          pb = eb;
        }
      else if (da != db)
        {
          return da ? -1 : 1;
        }
      else
        {
          guchar ca = fold (*pa), cb = fold (*pb);

          if (ca != cb)
            return ca < cb ? -1 : 1;
          pa++;
          pb++;
        }
    }

  if (*pa != *pb)
    return *pa == '\0' ? -1 : 1;

  /* Equal but for case: plain byte order. */
  {
    int c = strcmp (a, b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
}
