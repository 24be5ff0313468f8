/* bindery-book-entries.c: the entry-name rules of MANIFEST.md (natural order is in
 * util/bindery-natural-compare.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All functions work in place on raw bytes: no allocation, no locale.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "bindery-book-private.h"

#include <string.h>

#define IS_SEP(c)   ((c) == '/' || (c) == '\\')

/* A "." component is the folder itself, as `tar -cf book.cbt .` names every entry
 * ("./001.jpg"): it is passed over, never taken for a hidden name. */
static inline gboolean
component_is_dot (const char *c,
                  gsize       len)
{
  return len == 1 && c[0] == '.';
}

/* A component is hidden when it is __MACOSX or starts with '.' (MANIFEST.md's rule),
 * "." itself excepted. */
static gboolean
component_is_hidden (const char *c,
                     gsize       len)
{
  if (len == 0 || component_is_dot (c, len))
    return FALSE;
  if (c[0] == '.')
    return TRUE;
  return len == 8 && memcmp (c, "__MACOSX", 8) == 0;
}

/* Walks the components of name; returns TRUE when one is hidden. base/base_len: the
 * last component (empty when name ends in a separator). depth: separators seen after
 * components other than ".". */
static gboolean
split_name (const char  *name,
            gsize        len,
            const char **base,
            gsize       *base_len,
            guint       *depth)
{
  gsize start = 0;
  guint seps = 0;
  gboolean hidden = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (IS_SEP (name[i]))
        {
          if (component_is_hidden (name + start, i - start))
            hidden = TRUE;
          if (!component_is_dot (name + start, i - start))
            seps++;
          start = i + 1;
        }
    }
  if (component_is_hidden (name + start, len - start))
    hidden = TRUE;

  *base = name + start;
  *base_len = len - start;
  if (depth != NULL)
    *depth = seps;
  return hidden;
}

char *
bindery_entry_name_skip_dots (const char *name,
                              gsize       len)
{
  GString *out = NULL;
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && !IS_SEP (name[i]))
        continue;
      if (component_is_dot (name + start, i - start))
        {
          if (out == NULL)
            out = g_string_new_len (name, start);
        }
      else if (out != NULL)
        g_string_append_len (out, name + start, MIN (i + 1, len) - start);
      start = i + 1;
    }
  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

static gboolean
has_suffix_nocase (const char *s,
                   gsize       len,
                   const char *suffix,
                   gsize       suffix_len)
{
  return len >= suffix_len && g_ascii_strncasecmp (s + len - suffix_len, suffix, suffix_len) == 0;
}

gboolean
bindery_entry_is_page_len (const char *name,
                           gsize       len)
{
  static const struct { const char *ext; gsize len; } exts[] = {
    { ".jpg", 4 }, { ".jpeg", 5 }, { ".png", 4 }, { ".gif", 4 },
    { ".webp", 5 }, { ".avif", 5 }, { ".jxl", 4 },
  };
  const char *base;
  gsize base_len;
  const char *dot;

  if (name == NULL || len == 0)
    return FALSE;
  /* Quick reject on the extension before looking at the components. */
  dot = memrchr (name, '.', len);
  if (dot == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      if ((gsize) (name + len - dot) == exts[i].len &&
          has_suffix_nocase (name, len, exts[i].ext, exts[i].len))
        return !split_name (name, len, &base, &base_len, NULL) && base_len > 0;
    }
  return FALSE;
}

gboolean
bindery_entry_is_page (const char *entry_name)
{
  return entry_name != NULL && bindery_entry_is_page_len (entry_name, strlen (entry_name));
}

gboolean
bindery_entry_is_comicinfo (const char *name,
                            gsize       len,
                            guint      *depth)
{
  const char *base;
  gsize base_len;

  if (name == NULL || !has_suffix_nocase (name, len, "comicinfo.xml", 13))
    return FALSE;
  if (split_name (name, len, &base, &base_len, depth))
    return FALSE;
  return base_len == 13;
}

/* Absolute ('/x', '\x', 'C:\x', 'C:/x') or climbing out with a '..' component. */
gboolean
bindery_entry_is_unsafe_len (const char *name,
                             gsize       len)
{
  gsize start = 0;

  if (len == 0)
    return FALSE;
  if (IS_SEP (name[0]))
    return TRUE;
  if (len >= 2 && name[1] == ':' && g_ascii_isalpha (name[0]))
    return TRUE;

  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || IS_SEP (name[i]))
        {
          if (i - start == 2 && name[start] == '.' && name[start + 1] == '.')
            return TRUE;
          start = i + 1;
        }
    }
  return FALSE;
}

gboolean
bindery_book_entry_name_is_safe (const char *entry_name)
{
  return entry_name != NULL && entry_name[0] != '\0' &&
         !bindery_entry_is_unsafe_len (entry_name, strlen (entry_name));
}
