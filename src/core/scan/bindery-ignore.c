/* bindery-ignore.c: default ignore rules and per-library globs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <string.h>

#include "bindery-ignore.h"

typedef struct {
  char     **segments;   /* pattern split on '/', "**" kept as a segment */
  gboolean   anchored;   /* matched against the whole path, else the last segment */
  gboolean   dir_only;
} Glob;

struct _BinderyIgnore
{
  GArray *globs;         /* Glob */
};

gboolean
bindery_ignore_is_default_name (const char *basename)
{
  if (basename[0] == '.')
    return TRUE;   /* hidden, .Trash-*, ._AppleDouble, .DS_Store */
  return strcmp (basename, "__MACOSX") == 0 ||
         strcmp (basename, "@eaDir") == 0 ||
         strcmp (basename, "#recycle") == 0 ||
         g_ascii_strcasecmp (basename, "Thumbs.db") == 0 ||
         g_ascii_strcasecmp (basename, "desktop.ini") == 0;
}

/* One byte-set "[…]" at p (p points after '['). Returns the position after ']' or
 * NULL when the set is not closed (then '[' is literal). */
static const char *
match_set (const char *p,
           const char *pe,
           guchar      c,
           gboolean   *matched)
{
  gboolean negate = FALSE;
  gboolean found = FALSE;
  gboolean first = TRUE;

  if (p < pe && (*p == '!' || *p == '^'))
    {
      negate = TRUE;
      p++;
    }

  while (p < pe && (*p != ']' || first))
    {
      guchar lo = (guchar) *p;
      guchar hi = lo;

      first = FALSE;
      if (lo == '\\' && p + 1 < pe)
        lo = hi = (guchar) *++p;
      if (p + 2 < pe && p[1] == '-' && p[2] != ']')
        {
          hi = (guchar) p[2];
          p += 2;
        }
      if (c >= lo && c <= hi)
        found = TRUE;
      p++;
    }

  if (p >= pe)
    return NULL;

  *matched = negate ? !found : found;
  return p + 1;
}

/* Byte glob of one segment: [p, pe) against [s, se). Iterative with one backtrack
 * point for the last '*', which is enough for '*' within one segment. */
static gboolean
segment_match (const char *p,
               const char *pe,
               const char *s,
               const char *se)
{
  const char *star_p = NULL;
  const char *star_s = NULL;

  while (s < se)
    {
      if (p < pe && *p == '*')
        {
          while (p < pe && *p == '*')
            p++;
          star_p = p;
          star_s = s;
          continue;
        }

      if (p < pe)
        {
          gboolean ok = FALSE;
          const char *next = p + 1;

          if (*p == '?')
            ok = TRUE;
          else if (*p == '[')
            {
              gboolean set_matched = FALSE;
              const char *after = match_set (p + 1, pe, (guchar) *s, &set_matched);

              if (after != NULL)
                {
                  ok = set_matched;
                  next = after;
                }
              else
                ok = (*s == '[');
            }
          else if (*p == '\\' && p + 1 < pe)
            {
              ok = (p[1] == *s);
              next = p + 2;
            }
          else
            ok = (*p == *s);

          if (ok)
            {
              p = next;
              s++;
              continue;
            }
        }

      if (star_p == NULL)
        return FALSE;
      p = star_p;
      s = ++star_s;
    }

  while (p < pe && *p == '*')
    p++;
  return p == pe;
}

static gboolean
segments_match (char       **pat,
                const char **segs)
{
  if (*pat == NULL)
    return *segs == NULL;

  if (strcmp (*pat, "**") == 0)
    {
      /* zero or more whole segments */
      for (const char **s = segs; ; s++)
        {
          if (segments_match (pat + 1, s))
            return TRUE;
          if (*s == NULL)
            return FALSE;
        }
    }

  if (*segs == NULL)
    return FALSE;

  if (!segment_match (*pat, *pat + strlen (*pat), *segs, *segs + strlen (*segs)))
    return FALSE;
  return segments_match (pat + 1, segs + 1);
}

static gboolean
glob_parse (const char *text,
            Glob       *glob)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;
  char *p = copy;
  gsize len;

  memset (glob, 0, sizeof *glob);

  len = strlen (p);
  while (len > 0 && p[len - 1] == '/')
    {
      glob->dir_only = TRUE;
      p[--len] = '\0';
    }
  if (*p == '/')
    {
      glob->anchored = TRUE;
      while (*p == '/')
        p++;
    }
  if (*p == '\0')
    return FALSE;
  if (strchr (p, '/') != NULL)
    glob->anchored = TRUE;

  parts = g_strsplit (p, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')   /* "a//b" */
      g_ptr_array_add (segments, g_strdup (parts[i]));

  g_ptr_array_add (segments, NULL);
  glob->segments = (char **) g_ptr_array_steal (segments, NULL);
  return TRUE;
}

static void
glob_clear (Glob *glob)
{
  g_clear_pointer (&glob->segments, g_strfreev);
}

static gboolean
glob_match (const Glob *glob,
            const char *rel_path,
            gboolean    is_dir)
{
  if (glob->dir_only && !is_dir)
    return FALSE;

  if (!glob->anchored)
    {
      const char *name = strrchr (rel_path, '/');
      const char *pat = glob->segments[0];

      name = name != NULL ? name + 1 : rel_path;
      /* "**" alone, or "**.tmp" in a glob without '/', behaves as '*' */
      return segment_match (pat, pat + strlen (pat), name, name + strlen (name));
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (rel_path, "/", -1);
      g_autoptr(GPtrArray) segs = g_ptr_array_new ();

      for (char **it = parts; *it != NULL; it++)
        if (**it != '\0')
          g_ptr_array_add (segs, *it);
      g_ptr_array_add (segs, NULL);

      return segments_match (glob->segments, (const char **) segs->pdata);
    }
}

BinderyIgnore *
bindery_ignore_new (const char * const *globs)
{
  BinderyIgnore *self = g_new0 (BinderyIgnore, 1);

  self->globs = g_array_new (FALSE, FALSE, sizeof (Glob));
  g_array_set_clear_func (self->globs, (GDestroyNotify) glob_clear);

  for (guint i = 0; globs != NULL && globs[i] != NULL; i++)
    {
      Glob glob;

      if (glob_parse (globs[i], &glob))
        g_array_append_val (self->globs, glob);
    }

  return self;
}

void
bindery_ignore_free (BinderyIgnore *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->globs);
  g_free (self);
}

gboolean
bindery_ignore_match (BinderyIgnore *self,
                      const char    *rel_path,
                      gboolean       is_dir)
{
  const char *name = strrchr (rel_path, '/');

  name = name != NULL ? name + 1 : rel_path;
  if (bindery_ignore_is_default_name (name))
    return TRUE;

  for (guint i = 0; i < self->globs->len; i++)
    if (glob_match (&g_array_index (self->globs, Glob, i), rel_path, is_dir))
      return TRUE;

  return FALSE;
}

gboolean
bindery_ignore_glob_match (const char *glob_text,
                           const char *rel_path,
                           gboolean    is_dir)
{
  Glob glob;
  gboolean ret;

  if (!glob_parse (glob_text, &glob))
    return FALSE;
  ret = glob_match (&glob, rel_path, is_dir);
  glob_clear (&glob);
  return ret;
}
